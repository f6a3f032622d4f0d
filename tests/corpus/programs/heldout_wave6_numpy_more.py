"""Held-out wave 6: more NumPy/SciPy reached for in practice -- ufunc.accumulate (running max
for drawdown, cumulative logaddexp), ufunc.outer, multi_dot, apply_along_axis, vectorize,
histogram with weights, trapezoid wrt x, scipy.sparse CSR products, solve_triangular,
lu_factor/lu_solve, einsum(optimize=True), fft2, sliding-window means, np.linalg.lstsq,
slogdet, matrix_power, pinv, eigh for distinct eigenvalues."""

import numpy as np
import scipy.linalg as sla
import scipy.sparse as sps

from ..case import case

rs = np.random.RandomState(76)
v6 = np.array([0.4, -0.3, 0.9, 0.2, -0.7, 0.5])
M3 = rs.randn(3, 3)


@case(v6)
def maximum_accumulate_drawdown(r):
    wealth = np.cumprod(1 + 0.1 * r)
    peak = np.maximum.accumulate(wealth)
    return np.max((peak - wealth) / peak) + np.sum(wealth)


@case(v6)
def add_multiply_accumulate(x):
    return np.sum(np.add.accumulate(x ** 2)) + np.sum(np.multiply.accumulate(1 + 0.1 * x))


@case(v6)
def logaddexp_accumulate(x):
    return np.sum(np.logaddexp.accumulate(x))


@case(v6)
def minimum_accumulate(x):
    return np.sum(np.minimum.accumulate(x) * np.arange(6.0))


@case(v6)
def ufunc_outer_variants(x):
    return (np.sum(np.multiply.outer(x, x[:3]) ** 2) + np.sum(np.subtract.outer(x, x) ** 2)
            + np.sum(np.add.outer(x[:2], x) * 0.5))


@case(M3)
def multi_dot_chain(m):
    return np.sum(np.linalg.multi_dot([m, M3, m.T, np.ones((3, 1))]))


@case(M3)
def apply_along_axis_lambda(m):
    return np.sum(np.apply_along_axis(lambda r: np.sum(r ** 2) * r[0], 1, m))


@case(v6,
      expect='refused', why='grad: srcad inlines a lambda where it is called, and cannot pass it on as a value (FALSE refusal, R2)')
def vectorize_python_function(x):
    f = np.vectorize(lambda t: t ** 2 if t > 0 else -t)
    return np.sum(f(x))


@case(v6)
def histogram_weights(w):
    data = np.array([0.1, 0.5, 0.55, 0.9, 0.3, 0.7])
    h, _ = np.histogram(data, bins=3, range=(0, 1), weights=w ** 2)
    return np.sum(h * np.array([1.0, 2.0, 3.0]))


@case(np.array([0.0, 0.3, 0.5, 0.9, 1.2, 2.0]),
      expect='refused', why='grad: srcad has no derivative of np.trapezoid with respect to its parameter "x", and "t", passed there, depends on a (FALSE refusal, R11)')
def trapezoid_wrt_x(t):
    return np.trapezoid(np.sin(t), t) + np.trapezoid(t ** 2, dx=0.1)


@case(v6)
def scipy_sparse_csr_matvec(x):
    A = sps.csr_matrix(np.array([[1.0, 0, 2, 0, 0, 0], [0, 3, 0, 0, 1, 0], [0, 0, 0, 4, 0, 5]]))
    y = A @ x
    return np.sum(y ** 2)


@case(v6)
def scipy_sparse_diags_laplacian(x):
    L = sps.diags([np.full(5, -1.0), np.full(6, 2.0), np.full(5, -1.0)], [-1, 0, 1])
    return x @ (L @ x)


@case(np.array([[2.0, 0, 0], [0.5, 1.5, 0], [-0.3, 0.2, 1.0]]))
def solve_triangular_lower(L):
    b = np.array([1.0, 2.0, 3.0])
    return np.sum(sla.solve_triangular(L, b, lower=True) ** 2)


@case(M3 + 3 * np.eye(3))
def lu_factor_solve(a):
    lu, piv = sla.lu_factor(a)
    return np.sum(sla.lu_solve((lu, piv), np.array([1.0, 0.0, -1.0])))


@case(M3)
def einsum_optimize_true(m):
    return np.einsum('ij,jk,kl->', m, m, m, optimize=True)


@case(rs.randn(4, 4))
def fft2_power(a):
    return np.sum(np.abs(np.fft.fft2(a)) ** 2 * np.arange(16.0).reshape(4, 4))


@case(v6)
def sliding_window_mean(x):
    w = np.lib.stride_tricks.sliding_window_view(x, 3)
    return np.sum(w.mean(axis=1) ** 2)


@case(rs.randn(5, 2))
def lstsq_fit(A):
    y = np.array([1.0, 2.0, 0.5, -1.0, 0.3])
    coef, res, rank, sv = np.linalg.lstsq(A, y, rcond=None)
    return np.sum(coef ** 2)


@case(M3)
def slogdet_sign_logabs(m):
    sign, logdet = np.linalg.slogdet(m)
    return sign * logdet


@case(M3 * 0.5)
def matrix_power_and_pinv(m):
    return np.sum(np.linalg.matrix_power(m, 3)) + np.sum(np.linalg.pinv(m) ** 2)


@case(M3)
def eigh_of_symmetrised(m):
    S = m + m.T
    w, V = np.linalg.eigh(S)
    return w[-1] + np.sum(V[:, 0] ** 4)


@case(M3)
def eig_general_real_parts(m):
    w = np.linalg.eigvals(m @ m.T + np.eye(3))
    return np.sum(np.real(w) ** 2)


@case(M3)
def svd_full_matrices_false(m):
    U, s, Vt = np.linalg.svd(m, full_matrices=False)
    return s[0] + np.sum(np.abs(U[:, 0] * Vt[0]))


@case(M3 @ M3.T + np.eye(3))
def scipy_sqrtm_and_logm(a):
    return np.trace(sla.sqrtm(a)) + np.trace(sla.logm(a))


@case(M3)
def expm_frechet_like_trace(m):
    return np.trace(sla.expm(0.3 * m))


@case(v6)
def np_unique_counts_weights(x):
    vals, counts = np.unique(np.array([1, 2, 2, 3, 3, 3]), return_counts=True)
    return np.sum(counts * x[:3] ** 2)


@case(v6 * 1.1)
def searchsorted_piecewise_linear(x):
    knots = np.array([-1.0, 0.0, 0.5, 1.0])
    slopes = np.array([0.5, 1.0, 2.0, 0.3, -1.0])
    k = np.searchsorted(knots, x)
    return np.sum(slopes[k] * x)


@case(v6)
def np_take_along_axis_topk(x):
    M = np.outer(x, np.array([1.0, -1.0, 0.5]))
    idx = np.argsort(M, axis=1)[:, -2:]
    return np.sum(np.take_along_axis(M, idx, axis=1) ** 2)


@case(v6)
def np_block_and_hstack(x):
    B = np.block([[np.diag(x[:2]), np.ones((2, 1))], [x[2:4][None, :], x[4:5][None, :]]])
    return np.linalg.det(B) + np.sum(np.hstack([x, x ** 2]) ** 2)


@case(v6)
def np_triu_indices_pairwise(x):
    i, j = np.triu_indices(6, k=1)
    return np.sum(np.exp(-(x[i] - x[j]) ** 2))


# WRONG today: family C4 (numpy's LinAlgError 'Singular matrix' escapes grad; the derivative
# of det at a singular matrix is the adjugate, [[4, -2], [-2, 1]] here)
@case(np.array([[1.0, 2.0], [2.0, 4.0]]))
def det_of_singular_matrix(a):
    return np.linalg.det(a)


# WRONG today: family C4 (a 2-link arm stretched straight: the Jacobian is singular)
@case(np.array([0.3, 0.0]))
def jacobian_det_at_singular_configuration(q):
    l1, l2 = 1.0, 0.8
    J = np.array([[-l1 * np.sin(q[0]) - l2 * np.sin(q[0] + q[1]), -l2 * np.sin(q[0] + q[1])],
                  [l1 * np.cos(q[0]) + l2 * np.cos(q[0] + q[1]), l2 * np.cos(q[0] + q[1])]])
    return np.linalg.det(J)
