"""Held-out wave 5: eigenvectors and singular vectors used with their ambiguity removed -- a
Markov chain's stationary distribution from np.linalg.eig (normalized by its sum) and by
lstsq, spectral radius, eigh top eigenvector's outer product, sign-fixed eigenvectors and
singular vectors, scipy.linalg.eigh subset and generalized problems."""

import numpy as np

from ..case import case

rs = np.random.default_rng(21)
L3 = rs.normal(size=(3, 3))


@case(L3)
def markov_stationary_via_eig(logits):
    P = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    w, V = np.linalg.eig(P.T)
    k = np.argmax(w.real)
    v = V[:, k].real
    v = v / v.sum()
    return v @ np.array([1.0, 2.0, 3.0])


@case(L3)
def markov_stationary_via_solve(logits):
    P = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    A = np.vstack([P.T - np.eye(3), np.ones(3)])
    b = np.array([0.0, 0.0, 0.0, 1.0])
    pi = np.linalg.lstsq(A, b, rcond=None)[0]
    return pi @ np.array([1.0, 2.0, 3.0])


@case(L3)
def eigvals_nonsymmetric_spectral_radius(A):
    return np.max(np.abs(np.linalg.eigvals(A)))


@case(L3 @ L3.T + np.eye(3))
def eigh_top_eigenvector_outer(S):
    w, V = np.linalg.eigh(S)
    v = V[:, -1]
    return np.sum(np.outer(v, v) * np.arange(9).reshape(3, 3))


@case(L3 @ L3.T + np.eye(3))
def eigh_eigenvector_sign_fixed(S):
    w, V = np.linalg.eigh(S)
    v = V[:, 0] * np.sign(V[0, 0])
    return v @ np.array([1.0, -2.0, 0.5])


@case(L3)
def eig_eigenvector_normalized_by_first(A):
    A = A + A.T * 0.5 + 3 * np.eye(3)
    w, V = np.linalg.eig(A)
    k = np.argmax(w.real)
    v = V[:, k] / V[0, k]
    return np.sum(v.real * np.array([1.0, 2.0, 3.0]))


@case(L3)
def svd_left_vector_sign_fixed(A):
    U, s, Vt = np.linalg.svd(A)
    u = U[:, 0] * np.sign(U[0, 0])
    return u @ np.array([1.0, 2.0, 3.0]) + s[0]


@case(L3 @ L3.T + np.eye(3))
def scipy_eigh_subset(S):
    from scipy.linalg import eigh
    w, V = eigh(S, subset_by_index=[2, 2])
    return w[0] + np.sum(V[:, 0] ** 2 * np.arange(3))


@case(L3 @ L3.T + np.eye(3))
def generalized_eigh(S):
    from scipy.linalg import eigh
    B = np.diag([1.0, 2.0, 3.0])
    w = eigh(S, B, eigvals_only=True)
    return np.sum(w ** 2)


@case(L3, expect='refused',
      why='hvp: abs of an imaginary part that is exactly 0 (a real eigenvalue): srcad refuses the curvature of |x| at 0')
def complex_eigvals_of_rotation_like(A):
    R = A - A.T
    w = np.linalg.eigvals(R + 0.1 * np.eye(3))
    return np.sum(np.abs(w.imag))
