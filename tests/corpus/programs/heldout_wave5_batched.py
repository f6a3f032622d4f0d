"""Held-out wave 5: batched linear algebra under NumPy 2's rules -- np.linalg.solve with a batched
matrix and a 2-D or 1-D right-hand side (NumPy 2 reads a 1-D b as a vector only), inv, det/
slogdet, eigvalsh, cholesky with np.diagonal(axis1, axis2), svd values, pinv, matrix_power and
matrix norms over stacks."""

import numpy as np

from ..case import case

rs = np.random.default_rng(3)
A = rs.normal(size=(3, 3, 3)) + 3 * np.eye(3)


@case(A)
def batched_solve_b_2d_matrix(A):
    b = np.arange(9.0).reshape(3, 3) / 9
    return np.sum(np.linalg.solve(A, b) ** 2)


@case(A)
def batched_solve_b_vector(A):
    b = np.arange(3.0)
    return np.sum(np.linalg.solve(A, b) ** 2)


@case(A)
def batched_solve_b_stack_of_vectors_expand(A):
    b = np.arange(9.0).reshape(3, 3)
    return np.sum(np.linalg.solve(A, b[..., None])[..., 0] ** 2)


@case(np.arange(9.0).reshape(3, 3) / 9)
def batched_solve_wrt_b(b):
    return np.sum(np.linalg.solve(A, b) ** 2)


@case(A)
def batched_inv_matmul_vector(A):
    return np.sum((np.linalg.inv(A) @ np.arange(3.0)) ** 2)


@case(A[0])
def solve_matrix_rhs_broadcast_batch(A0):
    B = np.arange(18.0).reshape(2, 3, 3) / 18
    return np.sum(np.linalg.solve(A0, B) ** 2)


@case(A)
def batched_det_slogdet(A):
    s, l = np.linalg.slogdet(A)
    return np.sum(l) + np.sum(np.linalg.det(A) ** 2)


@case(A)
def batched_eigh_sym(A):
    S = A @ np.swapaxes(A, -1, -2)
    return np.sum(np.linalg.eigvalsh(S) ** 0.5)


@case(A)
def batched_cholesky(A):
    S = A @ np.swapaxes(A, -1, -2)
    return np.sum(np.log(np.diagonal(np.linalg.cholesky(S), axis1=-2, axis2=-1)))


@case(A)
def batched_svd_vals(A):
    return np.sum(np.linalg.svd(A, compute_uv=False))


@case(A)
def batched_pinv_lstsq_like(A):
    return np.sum(np.linalg.pinv(A) ** 2)


@case(A)
def batched_matrix_power(A):
    return np.sum(np.linalg.matrix_power(A, 3) * 0.01)


@case(A)
def batched_norm_axes(A):
    return np.sum(np.linalg.norm(A, axis=(-2, -1))) + np.sum(np.linalg.norm(A, ord='nuc', axis=(1, 2)))
