"""Held-out wave 5: np.linalg and scipy.linalg the way numerical code uses them -- det/slogdet/inv,
batched solve, eigh/eigvalsh, svd (values, reconstruction, polar), matrix and vector norms of
every ord, lstsq, pinv, expm/sqrtm, lu/cho factor-solve, triangular solves, NumPy 2's
vecdot/matvec/linalg.outer/matrix_norm, and hand-written Gram-Schmidt, power iteration, CG."""

import numpy as np

from ..case import case
import scipy.linalg as sla

rs = np.random.default_rng(9)
A3 = rs.normal(size=(3, 3)) + 2 * np.eye(3)
S3 = A3 @ A3.T
B32 = rs.normal(size=(3, 2))
v3 = rs.normal(size=3)


@case(A3)
def det_and_inv_trace(A):
    return np.linalg.det(A) + np.trace(np.linalg.inv(A))


@case(A3)
def slogdet_sign_and_logabs(A):
    sign, la = np.linalg.slogdet(A)
    return sign * la


@case(A3)
def solve_vector_and_matrix_rhs(A):
    return np.sum(np.linalg.solve(A, v3)) + np.sum(np.linalg.solve(A, B32) ** 2)


@case(rs.normal(size=(2, 3, 3)) + 3 * np.eye(3))
def batched_solve_inv_det(A):
    b = np.ones((2, 3, 1))
    return np.sum(np.linalg.solve(A, b)) + np.sum(np.linalg.inv(A)[:, 0]) + np.sum(np.linalg.det(A))


@case(S3)
def eigh_eigenvalues_and_vectors(S):
    w, V = np.linalg.eigh(S)
    return np.sum(w ** 2) + np.sum(V[:, -1] ** 4)


@case(S3)
def eigvalsh_logsumexp(S):
    return np.log(np.sum(np.exp(np.linalg.eigvalsh(S) / 10)))


@case(rs.normal(size=(4, 3)))
def svd_singular_values_nuclear(M):
    s = np.linalg.svd(M, compute_uv=False)
    return np.sum(s) + np.linalg.norm(M, 'nuc')


@case(rs.normal(size=(4, 3)))
def svd_full_reconstruct_rank2(M):
    U, s, Vt = np.linalg.svd(M, full_matrices=False)
    R = U[:, :2] * s[:2] @ Vt[:2]
    return np.sum(R ** 2 * np.arange(12).reshape(4, 3))


@case(rs.normal(size=(4, 3)))
def spectral_norm_ord2(M):
    return np.linalg.norm(M, 2) + np.linalg.norm(M, -2)


@case(rs.normal(size=(4, 3)))
def matrix_norms_1_inf_fro(M):
    return np.linalg.norm(M, 1) + np.linalg.norm(M, np.inf) + np.linalg.norm(M, 'fro')


@case(rs.normal(size=5))
def vector_norms_ords(x):
    return np.linalg.norm(x, 1) + np.linalg.norm(x, np.inf) + np.linalg.norm(x, 3) + np.linalg.norm(x, -np.inf) + np.linalg.norm(x, 0.5)


@case(rs.normal(size=(6, 2)))
def lstsq_fit_residual(Xd):
    y = np.arange(6.0)
    beta, res, rank, sv = np.linalg.lstsq(Xd, y, rcond=None)
    return np.sum((Xd @ beta - y) ** 2) + np.sum(beta)


@case(rs.normal(size=(4, 3)))
def pinv_projection(M):
    P = M @ np.linalg.pinv(M)
    return np.sum(P * np.arange(16).reshape(4, 4))


@case(A3 * 0.3)
def expm_scipy(A):
    return np.sum(sla.expm(A) * np.arange(9).reshape(3, 3))


@case(A3)
def matrix_power_and_mpow_loop(A):
    P = np.eye(3)
    for _ in range(3):
        P = P @ A
    return np.sum(np.linalg.matrix_power(A, 3) - P) + np.sum(np.linalg.matrix_power(A, 2))


@case(rs.normal(size=(4, 3)))
def qr_reduced(M):
    Q, R = np.linalg.qr(M)
    return np.sum(np.abs(np.diag(R))) + np.sum(Q[:, 0] * np.arange(4))


@case(S3)
def cholesky_logdet_and_inverse(S):
    L = np.linalg.cholesky(S)
    Li = np.linalg.inv(L)
    return 2 * np.sum(np.log(np.diag(L))) + np.sum(Li.T @ Li)


@case(A3)
def eig_nonsymmetric_real_parts(A):
    w = np.linalg.eigvals(A)
    return np.sum(w.real ** 2)


@case(A3)
def cond_number(A):
    return np.linalg.cond(A)


@case(S3)
def sqrtm_scipy(S):
    return np.sum(sla.sqrtm(S).real)


@case(S3)
def logm_via_eigh(S):
    w, V = np.linalg.eigh(S)
    L = V @ np.diag(np.log(w)) @ V.T
    return np.sum(L * np.array([[1, 2, 3], [2, 1, 0], [3, 0, 1.0]]))


@case(A3)
def scipy_lu_solve(A):
    lu, piv = sla.lu_factor(A)
    return np.sum(sla.lu_solve((lu, piv), v3) ** 2)


@case(A3)
def scipy_solve_assume_pos(A):
    S = A @ A.T
    return np.sum(sla.solve(S, v3, assume_a='pos'))


@case(A3)
def scipy_det_inv(A):
    return sla.det(A) * np.sum(sla.inv(A))


@case(rs.normal(size=(3, 2)))
def kron_tensordot_outer(M):
    return np.sum(np.kron(M, M.T)) + np.sum(np.tensordot(M, M, axes=([0], [0]))) + np.sum(np.outer(M, M) ** 2)


@case(rs.normal(size=(2, 3)))
def cross_product_torque(P):
    r, F = P
    return np.sum(np.cross(r, F) ** 2) + np.dot(np.cross(r, [0, 0, 1.0]), F)


@case(rs.normal(size=(3, 3)))
def einsum_many_forms(A):
    return (np.einsum('ii', A) + np.einsum('ij,ij', A, A) + np.sum(np.einsum('ij,jk->ik', A, A))
            + np.sum(np.einsum('...i,...i->...', A, A)) + np.sum(np.einsum('ij->j', A) ** 2))


@case(rs.normal(size=(3, 3)))
def gram_schmidt_loop(A):
    Q = np.zeros_like(A)
    for j in range(3):
        v = A[:, j].copy()
        for i in range(j):
            v -= (Q[:, i] @ A[:, j]) * Q[:, i]
        Q[:, j] = v / np.linalg.norm(v)
    return np.sum(Q * np.arange(9).reshape(3, 3))


@case(rs.normal(size=(3, 3)) + 3 * np.eye(3))
def power_iteration(A):
    b = np.ones(3)
    for _ in range(30):
        b = A @ b
        b = b / np.linalg.norm(b)
    return b @ A @ b


@case(S3)
def conjugate_gradient_fixed_iters(S):
    b = np.ones(3)
    x = np.zeros(3)
    r = b - S @ x
    p = r.copy()
    for _ in range(3):
        Ap = S @ p
        alpha = (r @ r) / (p @ Ap)
        x = x + alpha * p
        r_new = r - alpha * Ap
        beta = (r_new @ r_new) / (r @ r)
        p = r_new + beta * p
        r = r_new
    return np.sum(x ** 2)


@case(rs.normal(size=(5, 2)))
def pca_explained_variance(Xd):
    Xc = Xd - Xd.mean(axis=0)
    C = Xc.T @ Xc / (len(Xd) - 1)
    w = np.linalg.eigvalsh(C)
    return w[-1] / w.sum()


@case(rs.normal(size=(5, 2)))
def np_cov_corrcoef(Xd):
    return np.sum(np.cov(Xd.T)) + np.sum(np.corrcoef(Xd, rowvar=False) ** 2)


@case(S3)
def triangular_solve_scipy(S):
    L = np.linalg.cholesky(S)
    z = sla.solve_triangular(L, v3, lower=True)
    w = sla.solve_triangular(L.T, z, lower=False)
    return np.sum(w * v3)


@case(S3)
def cho_factor_solve(S):
    cf = sla.cho_factor(S)
    return v3 @ sla.cho_solve(cf, v3)


@case(A3)
def inv_via_solve_eye(A):
    return np.sum(np.linalg.solve(A, np.eye(3)) ** 2)


@case(rs.normal(size=(2, 2)))
def closed_form_2x2_inverse(M):
    a, b, c_, d = M.ravel()
    det = a * d - b * c_
    inv = np.array([[d, -b], [-c_, a]]) / det
    return np.sum(inv ** 2)


@case(rs.normal(size=3))
def rank1_update_sherman_morrison(u):
    Ainv = np.linalg.inv(S3)
    Au = Ainv @ u
    new = Ainv - np.outer(Au, Au) / (1 + u @ Au)
    return np.trace(new)


@case(A3)
def vecdot_matvec_numpy2(A):
    return np.sum(np.linalg.vecdot(A, A)) + np.sum(np.vecdot(A, v3)) + np.sum(np.matvec(A, v3))


@case(A3)
def linalg_outer_trace_diag_numpy2(A):
    return np.sum(np.linalg.outer(A[0], A[1])) + np.linalg.trace(A) + np.sum(np.linalg.diagonal(A) ** 2)


@case(A3)
def linalg_matrix_norm_vector_norm(A):
    return np.linalg.matrix_norm(A) + np.sum(np.linalg.vector_norm(A, axis=0)) + np.linalg.matrix_norm(A, ord='nuc')


@case(rs.normal(size=(3, 3)))
def svd_uv_polar(A):
    U, s, Vt = np.linalg.svd(A)
    R = U @ Vt
    return np.sum(R * np.arange(9).reshape(3, 3))
