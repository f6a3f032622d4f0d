"""Held-out wave 4, part eleven: linear algebra people write -- by hand with in-place
loops (Cholesky, forward substitution, Gram-Schmidt, Doolittle LU, Thomas algorithm,
power iteration, Gauss-Seidel, partial pivoting with row swaps, np.add.at in a loop)
and through numpy.linalg / scipy.linalg (expm, sqrtm, logm, Lyapunov, batched inv,
solve, det, slogdet, cholesky, eigh; eig of a non-symmetric matrix, svd, lstsq
residuals, cond, nuclear and 2-norms, multi_dot, tensorinv, np.block)."""

import numpy as np
import scipy.linalg as sla

from ..case import case

rs = np.random.RandomState(1)
A0 = rs.randn(4, 4) * 0.3 + np.eye(4) * 2
A3 = np.random.RandomState(0).randn(3, 3) * 0.3 + np.eye(3) * 2
Ab0 = np.random.RandomState(0).randn(2, 3, 3) * 0.3 + np.eye(3) * 2


@case(A0.copy(), rtol=1e-4, atol=1e-6)
def cholesky_by_hand(A):
    S = A @ A.T
    n = S.shape[0]
    L = np.zeros_like(S)
    for i in range(n):
        for j in range(i + 1):
            s = S[i, j] - np.dot(L[i, :j], L[j, :j])
            if i == j:
                L[i, j] = np.sqrt(s)
            else:
                L[i, j] = s / L[j, j]
    return np.sum(L ** 2) + np.sum(np.log(np.diag(L)))


@case(A0.copy(), rtol=1e-4, atol=1e-6)
def forward_substitution(A):
    L = np.tril(A)
    b = np.arange(1.0, 5.0)
    y = np.zeros(4)
    for i in range(4):
        y[i] = (b[i] - L[i, :i] @ y[:i]) / L[i, i]
    return np.sum(y ** 2)


@case(A0.copy(), rtol=1e-4, atol=1e-6)
def gram_schmidt_inplace(A):
    Q = A.copy()
    for j in range(Q.shape[1]):
        for k in range(j):
            Q[:, j] -= (Q[:, k] @ Q[:, j]) * Q[:, k]
        Q[:, j] /= np.linalg.norm(Q[:, j])
    return np.sum(Q * np.arange(16).reshape(4, 4))


@case(A0.copy(), rtol=1e-4, atol=1e-6)
def lu_doolittle_inplace(A):
    U = A.copy()
    n = len(U)
    L = np.eye(n)
    for k in range(n - 1):
        for i in range(k + 1, n):
            L[i, k] = U[i, k] / U[k, k]
            U[i, k:] -= L[i, k] * U[k, k:]
    return np.sum(np.log(np.abs(np.diag(U)))) + np.sum(L)


@case(A0.copy(), rtol=1e-4, atol=1e-6)
def thomas_algorithm(A):
    a = A[1:, 0].copy(); b = A[:, 1] + 4.0; c = A[:-1, 2].copy(); d = A[:, 3].copy()
    n = len(d)
    cp = np.zeros(n - 1); dp = np.zeros(n)
    cp[0] = c[0] / b[0]; dp[0] = d[0] / b[0]
    for i in range(1, n):
        den = b[i] - a[i - 1] * cp[i - 1]
        if i < n - 1:
            cp[i] = c[i] / den
        dp[i] = (d[i] - a[i - 1] * dp[i - 1]) / den
    x = np.zeros(n)
    x[-1] = dp[-1]
    for i in range(n - 2, -1, -1):
        x[i] = dp[i] - cp[i] * x[i + 1]
    return np.sum(x ** 2)


@case(A0.copy(), rtol=1e-4, atol=1e-6)
def power_iteration_inplace_normalise(A):
    S = A @ A.T
    v = np.ones(4)
    for _ in range(30):
        v = S @ v
        v /= np.linalg.norm(v)
    return v @ S @ v


@case(A0.copy(), rtol=1e-4, atol=1e-6)
def viterbi_like_max_dp(A):
    T = A  # scores
    dp = T[0].copy()
    for t in range(1, 4):
        dp = np.max(dp[:, None] + np.log(np.abs(A) + 1.0), axis=0) + T[t]
    return dp.max()


@case(A0.copy(), rtol=1e-4, atol=1e-6)
def jacobi_iteration_inplace_copy(A):
    D = np.diag(A) + 3.0
    R = A - np.diag(np.diag(A))
    b = np.ones(4)
    x = np.zeros(4)
    for _ in range(10):
        x_new = (b - R @ x) / D
        x[:] = x_new
    return np.sum(x)


@case(A0.copy(), rtol=1e-4, atol=1e-6)
def gauss_seidel_elementwise(A):
    M = A + 3 * np.eye(4)
    b = np.ones(4)
    x = np.zeros(4)
    for _ in range(6):
        for i in range(4):
            x[i] = (b[i] - M[i, :i] @ x[:i] - M[i, i + 1:] @ x[i + 1:]) / M[i, i]
    return np.sum(x * np.arange(1, 5))


@case(A0.copy(), rtol=1e-4, atol=1e-6)
def cumulative_history_matrix(A):
    H = np.zeros((5, 4))
    H[0] = A[0]
    for t in range(1, 5):
        H[t] = 0.5 * H[t - 1] + np.tanh(H[:t].sum(axis=0) @ A)
    return np.sum(H[-1] ** 2)


@case(A0.copy(), rtol=1e-4, atol=1e-6)
def add_at_in_loop(A):
    acc = np.zeros(4)
    idx = np.array([[0, 1, 1, 3], [2, 2, 0, 0], [3, 3, 3, 1]])
    for r in range(3):
        np.add.at(acc, idx[r], A[r] * acc[idx[r]] + A[r])
    return np.sum(acc ** 2)


@case(A0.copy(), rtol=1e-4, atol=1e-6)
def bool_mask_update_in_loop(A):
    x = A[0].copy()
    for k in range(4):
        m = x > 0
        x[m] = x[m] * 0.5 + A[k][m]
        x[~m] -= 0.1 * A[k][~m] ** 2
    return np.sum(x ** 2)


@case(A0.copy(), rtol=1e-4, atol=1e-6)
def swap_rows_partial_pivot(A):
    U = A.copy()
    for k in range(3):
        p = np.argmax(np.abs(U[k:, k])) + k
        if p != k:
            U[[k, p]] = U[[p, k]]
        U[k + 1:] -= np.outer(U[k + 1:, k] / U[k, k], U[k])
    return np.sum(np.log(np.abs(np.diag(U))))


@case(A3.copy(), rtol=1e-4, atol=1e-6)
def linalg_expm(M):
    return np.sum(sla.expm(M) ** 2)


@case(A3.copy(), rtol=1e-4, atol=1e-6)
def linalg_solve_triangular(M):
    return np.sum(sla.solve_triangular(np.tril(M), np.ones(3), lower=True))


@case(A3.copy(), rtol=1e-4, atol=1e-6)
def linalg_lu_solve(M):
    return np.sum(sla.lu_solve(sla.lu_factor(M), np.arange(3.0)))


@case(A3.copy(), rtol=1e-4, atol=1e-6)
def linalg_eig_nonsym_real_part(M):
    return np.sum(np.linalg.eigvals(M).real)


@case(A3.copy(), rtol=1e-4, atol=1e-6)
def linalg_eig_vectors(M):
    return np.sum(np.abs(np.linalg.eig(M)[1][:, 0]) ** 2 * np.arange(3))


@case(A3.copy(), rtol=1e-4, atol=1e-6)
def linalg_svd_full(M):
    return np.sum(np.linalg.svd(M, full_matrices=True)[1])


@case(A3.copy(), rtol=1e-4, atol=1e-6)
def linalg_svd_uv(M):
    return np.sum(np.abs(np.linalg.svd(M)[0][:, 0] * np.linalg.svd(M)[2][0]) )


@case(A3.copy(), rtol=1e-4, atol=1e-6)
def linalg_lstsq_resid(M):
    return np.sum(np.linalg.lstsq(M[:, :2], np.ones(3), rcond=None)[1])


@case(A3.copy(), rtol=1e-4, atol=1e-6)
def linalg_cond(M):
    return np.linalg.cond(M)


@case(A3.copy(), rtol=1e-4, atol=1e-6)
def linalg_norm_nuc(M):
    return np.linalg.norm(M, 'nuc') + np.linalg.norm(M, 2) + np.linalg.norm(M, 'fro')


@case(A3.copy(), rtol=1e-4, atol=1e-6)
def linalg_norm_ord_1_inf_vec(M):
    return np.linalg.norm(M[0], 1) + np.linalg.norm(M[1], np.inf) + np.linalg.norm(M[2], 3)


@case(A3.copy(), rtol=1e-4, atol=1e-6)
def linalg_multi_dot(M):
    return np.sum(np.linalg.multi_dot([M, M.T, M]))


@case(A3.copy(), rtol=1e-4, atol=1e-6)
def linalg_sqrtm(M):
    return np.sum(sla.sqrtm(M @ M.T).real)


@case(A3.copy(), rtol=1e-4, atol=1e-6)
def linalg_logm(M):
    return np.trace(sla.logm(M @ M.T)).real


@case(A3.copy(), rtol=1e-4, atol=1e-6)
def linalg_lyapunov(M):
    return np.sum(sla.solve_continuous_lyapunov(M - 4 * np.eye(3), -np.eye(3)))


@case(Ab0.copy(), rtol=1e-4, atol=1e-6)
def linalg_inv_batched(M):
    return np.sum(np.linalg.inv(M))


@case(Ab0.copy(), rtol=1e-4, atol=1e-6)
def linalg_solve_batched_broadcast(M):
    return np.sum(np.linalg.solve(M, np.ones((3, 1))))


@case(Ab0.copy(), rtol=1e-4, atol=1e-6)
def linalg_det_batched(M):
    return np.sum(np.linalg.det(M))


@case(Ab0.copy(), rtol=1e-4, atol=1e-6)
def linalg_slogdet_batched(M):
    return np.sum(np.linalg.slogdet(M)[1])


@case(Ab0.copy(), rtol=1e-4, atol=1e-6)
def linalg_cholesky_batched(M):
    return np.sum(np.linalg.cholesky(M @ np.swapaxes(M, -1, -2)))


@case(Ab0.copy(), rtol=1e-4, atol=1e-6)
def linalg_eigh_batched_vectors(M):
    return np.sum(np.linalg.eigh(M + np.swapaxes(M, -1, -2))[1][..., -1] ** 4)


@case(Ab0.copy(), rtol=1e-4, atol=1e-6)
def linalg_matmul_batched_transpose(M):
    return np.sum(np.einsum('bij,bkj->bik', M, M) ** 2)


@case(A3.copy(), rtol=1e-4, atol=1e-6)
def linalg_matrix_rank_guard(M):
    return np.sum(M) * np.linalg.matrix_rank(M)


@case(A3.copy(), rtol=1e-4, atol=1e-6)
def linalg_scipy_cholesky_upper(M):
    return np.sum(sla.cholesky(M @ M.T, lower=False))


@case(A3.copy(), rtol=1e-4, atol=1e-6)
def linalg_scipy_solve_assume_pos(M):
    return np.sum(sla.solve(M @ M.T, np.ones(3), assume_a='pos'))


@case(A3.copy(), rtol=1e-4, atol=1e-6)
def linalg_pinv_rcond(M):
    return np.sum(np.linalg.pinv(M[:, :2], rcond=1e-10))


@case(A3.copy(), rtol=1e-4, atol=1e-6)
def linalg_tensorsolve_inv(M):
    return np.sum(np.linalg.tensorinv(M.reshape(3, 3), ind=1))


@case(A3.copy(), rtol=1e-4, atol=1e-6)
def linalg_kron_eye_solve(M):
    return np.sum(np.linalg.solve(np.kron(np.eye(2), M), np.ones(6)))


@case(A3.copy(), rtol=1e-4, atol=1e-6)
def linalg_block(M):
    return np.sum(np.linalg.inv(np.block([[M, np.zeros((3, 1))], [np.zeros((1, 3)), np.ones((1, 1))]])))
