"""Everyday scipy.linalg and NumPy-idiom programs: Gaussian processes with
cho_factor/cho_solve, ridge regression with solve(assume_a='pos'), Markov
generators through expm, LU solves, matrix functions, generalized eigenproblems,
Toeplitz covariances, Lyapunov equations; NumPy 2 named results, clip(min=),
masked reductions, ufunc methods, math, and random draws that are constants."""

import math

import numpy as np
import scipy.linalg
from scipy.linalg import cho_factor, cho_solve, expm, lu_factor, lu_solve, solve

from ..case import case

import inspect

#: inv(assume_a=...) is SciPy 1.17's (Python 3.10 gets SciPy 1.15): those programs only there
INV_OPTIONS = 'assume_a' in inspect.signature(scipy.linalg.inv).parameters
case_if_inv_options = case if INV_OPTIONS else (lambda *a, **k: (lambda fn: fn))

_rng = np.random.default_rng(1606)
XS = np.linspace(-1.0, 1.0, 6)
YS = np.sin(2.5 * XS) + 0.1 * _rng.standard_normal(6)
FEATS = _rng.standard_normal((8, 3))
TARGET = FEATS @ np.array([0.5, -1.0, 2.0]) + 0.05 * _rng.standard_normal(8)
A3 = _rng.standard_normal((3, 3)) + 3 * np.eye(3)
SPD = A3 @ A3.T + np.eye(3)
SYM = np.diag([1.0, 2.5, 4.5]) + 0.2 * (A3 + A3.T)
RATES = np.abs(_rng.standard_normal((3, 3))) * 0.5
V4 = np.array([0.4, -1.1, 0.7, 0.2])
W4 = np.array([1.3, 0.2, -0.6, 0.9])


def rbf(x, lengthscale, variance):
    d = x[:, None] - x[None, :]
    return variance * np.exp(-0.5 * d ** 2 / lengthscale ** 2)


# ---------------------------------------------------------------- Gaussian processes

@case(np.array([0.0, 0.0, -2.0]))
def gp_log_marginal_likelihood(log_params):
    ell, var, noise = np.exp(log_params)
    K = rbf(XS, ell, var) + noise * np.eye(len(XS))
    c, low = cho_factor(K)
    alpha = cho_solve((c, low), YS)
    logdet = 2.0 * np.sum(np.log(np.diag(c)))
    return -0.5 * YS @ alpha - 0.5 * logdet - 0.5 * len(XS) * np.log(2 * np.pi)


@case(np.array([0.3, 0.1, -1.5]))
def gp_lower_factor(log_params):
    ell, var, noise = np.exp(log_params)
    K = rbf(XS, ell, var) + noise * np.eye(len(XS))
    L = cho_factor(K, lower=True)
    return YS @ cho_solve(L, YS) + np.sum(np.log(np.diag(L[0])))


@case(YS)
def gp_posterior_mean_wrt_targets(y):
    K = rbf(XS, 0.5, 1.0) + 0.1 * np.eye(len(XS))
    Ks = rbf(np.array([0.1, 0.4]), 0.5, 1.0)
    weights = cho_solve(cho_factor(K), y)
    return np.sum((rbf(XS, 0.5, 1.0)[:2] @ weights) ** 2) + Ks[0, 1]


@case(np.array([0.1, -0.2]))
def gp_cholesky_triangular(log_params):
    K = rbf(XS, np.exp(log_params[0]), np.exp(log_params[1])) + 0.05 * np.eye(6)
    L = scipy.linalg.cholesky(K, lower=True)
    z = scipy.linalg.solve_triangular(L, YS, lower=True)
    return 0.5 * z @ z + np.sum(np.log(np.diag(L)))


# ---------------------------------------------------------------- regression and solves

@case(np.array([0.5]))
def ridge_regression_pos(log_lam):
    lam = np.exp(log_lam[0])
    G = FEATS.T @ FEATS + lam * np.eye(3)
    w = solve(G, FEATS.T @ TARGET, assume_a='pos')
    return np.sum((FEATS @ w - TARGET) ** 2) + lam * w @ w


@case(np.array([0.5, -1.0, 2.0]))
def ridge_wrt_weights_sym(w0):
    G = FEATS.T @ FEATS + np.eye(3)
    w = scipy.linalg.solve(G, FEATS.T @ TARGET + w0, assume_a='sym')
    return w @ w


@case(SPD)
def solve_lower_triangle(S):
    return np.sum(scipy.linalg.solve(S, np.ones(3), assume_a='pos', lower=True) ** 2)


@case(A3)
def solve_transposed_system(A):
    return np.sum(scipy.linalg.solve(A, np.arange(3.0), transposed=True))


@case(A3)
def lu_factor_then_solve(A):
    lu, piv = lu_factor(A)
    x = lu_solve((lu, piv), np.ones(3))
    return x @ x


@case(A3)
def lu_reused_for_two_rhs(A):
    factors = lu_factor(A)
    x = lu_solve(factors, np.array([1.0, 0.0, 0.0]))
    y = lu_solve(factors, np.array([0.0, 1.0, 0.0]), trans=1)
    return x @ y


@case(A3)
def lu_decomposition_product(A):
    p, l, u = scipy.linalg.lu(A)
    return np.sum(np.log(np.abs(np.diag(u)))) + np.sum(l ** 2)


@case(np.array([0.2, 0.5, -0.3]))
def triangular_solve_transposed(d):
    L = np.tril(A3) + np.diag(np.exp(d))
    return np.sum(scipy.linalg.solve_triangular(L, np.ones(3), lower=True, trans='T'))


@case_if_inv_options(SPD)
def inverse_pos(S):
    return np.trace(scipy.linalg.inv(S, assume_a='pos'))


@case(A3)
def determinant_scipy(A):
    return np.log(np.abs(scipy.linalg.det(A)))


# ---------------------------------------------------------------- matrix functions

@case(RATES)
def markov_transition_from_generator(R):
    Q = R - np.diag(np.sum(R, axis=1))
    P = expm(0.7 * Q)
    return np.sum(P[0] * np.array([0.0, 1.0, 2.0]))


@case(np.array([0.3, -0.4, 0.8]))
def rotation_from_skew(w):
    K = np.array([[0.0, -w[2], w[1]], [w[2], 0.0, -w[0]], [-w[1], w[0], 0.0]])
    R = expm(K)
    return np.sum(R @ np.array([1.0, 0.0, 0.0]) * np.array([0.2, 0.5, 0.1]))


@case(SPD)
def log_euclidean_distance(S):
    return np.sum((scipy.linalg.logm(S) - scipy.linalg.logm(np.eye(3) * 2.0)) ** 2)


@case(SPD)
def matrix_square_root_trace(S):
    return np.trace(scipy.linalg.sqrtm(S))


@case(A3)
def lyapunov_controllability_gramian(A):
    stable = A - 6.0 * np.eye(3)
    Bc = np.array([[1.0], [0.0], [0.5]])
    W = scipy.linalg.solve_continuous_lyapunov(stable, -Bc @ Bc.T)
    return np.trace(W)


@case(A3)
def sylvester_equation(A):
    X = scipy.linalg.solve_sylvester(A, A.T + 2.0 * np.eye(3), np.eye(3))
    return np.sum(X ** 2)


# ---------------------------------------------------------------- eigenproblems

@case(SYM)
def generalized_eigenvalues(K):
    w = scipy.linalg.eigh(K, SPD, eigvals_only=True)
    return np.sum(w ** 2)


@case(SPD)
def generalized_eigen_wrt_mass(Mass):
    w, v = scipy.linalg.eigh(SYM, Mass)
    return w[0] + np.sum(v[:, 0] ** 2)


@case(SYM)
def top_eigenpairs(S):
    w, v = scipy.linalg.eigh(S, subset_by_index=[1, 2])
    return np.sum(w) + np.sum((v.T @ np.ones(3)) ** 2)


# ---------------------------------------------------------------- structured matrices

@case(np.array([1.0, 0.5, 0.2, 0.05]))
def toeplitz_covariance(acf):
    C = scipy.linalg.toeplitz(acf) + np.eye(4)
    return np.sum(np.linalg.solve(C, W4) * W4)


@case(V4)
def circulant_convolution(kernel):
    return np.sum((scipy.linalg.circulant(kernel) @ W4) ** 2)


@case(A3)
def block_diagonal_system(A):
    big = scipy.linalg.block_diag(A, 2.0 * np.eye(2))
    return np.sum(np.linalg.solve(big, np.ones(5)))


# ---------------------------------------------------------------- NumPy 2 named results

@case(A3)
def nuclear_norm_named_svd(A):
    return np.sum(np.linalg.svd(A).S)


@case(A3)
def log_det_named(A):
    res = np.linalg.slogdet(A)
    return res.logabsdet


@case(SPD)
def smallest_eigenpair_named(S):
    eig = np.linalg.eigh(S)
    return eig.eigenvalues[0] + np.sum(eig.eigenvectors[:, 0] ** 2 * np.arange(3.0))


@case(A3)
def qr_named(A):
    return np.sum(np.linalg.qr(A).R ** 2)


# ---------------------------------------------------------------- clip, where=, initial=

@case(V4)
def relu_by_clip(x):
    return np.sum(x.clip(min=0) * W4)


@case(V4)
def clip_with_numpy2_names(x):
    return np.sum(np.clip(x, min=-0.5, max=0.5) ** 2)


@case(V4)
def masked_loss(pred):
    observed = np.array([True, False, True, True])
    return np.mean((pred - W4) ** 2, where=observed)


@case(V4)
def positive_part_sum(x):
    return np.sum(x ** 2, where=x > 0)


@case(V4)
def hinge_with_initial(x):
    return np.max(1.0 - x * W4, initial=0.0)


# ---------------------------------------------------------------- ufunc methods, math

@case(V4)
def pairwise_differences_outer(x):
    d = np.subtract.outer(x, x)
    return np.sum(np.exp(-d ** 2))


@case(V4)
def cumulative_returns(r):
    wealth = np.multiply.accumulate(1.0 + 0.1 * r)
    return wealth[-1] + np.add.reduce(np.add.accumulate(r) ** 2)


@case(V4)
def product_of_outer(x):
    return np.sum(np.multiply.outer(x, W4) ** 2) + np.multiply.reduce(1.0 + 0.1 * x)


@case(2.5)
def log_in_base(x):
    return math.log(x, 2.0) + math.log(10.0, x)


@case(np.array([3.0, 4.0, 1.0]))
def distances_with_math(p):
    a, b, c = float(p[0]), float(p[1]), float(p[2])
    return math.hypot(a, b) + math.dist([a, b], [c, 0.0]) + math.prod([a, b, c]) + math.fsum([a, b])


# ---------------------------------------------------------------- random draws

@case(V4)
def noisy_objective_fixed_seed(x):
    rs = np.random.RandomState(0)
    noise = rs.randn(4)
    return np.sum((x + 0.1 * noise) ** 2)


@case(V4)
def reparameterization_trick(mu):
    eps = np.random.default_rng(1).standard_normal(4)
    return np.sum((mu + 0.5 * eps) ** 2)


@case(V4)
def dropout_mask(x):
    keep = np.random.default_rng(2).uniform(size=4) > 0.3
    return np.sum(np.where(keep, x, 0.0) ** 2)


# FIXED (library wave 6): a reparameterised draw (srcad/rules/everyday/draws.py); seeded
# inside, so that finite differences see the same bits
@case(V4)
def draw_from_differentiated_mean(mu):
    np.random.seed(5)
    return np.sum(np.random.normal(mu, 1.0) ** 2)


@case(V4)
def generator_draw_from_differentiated_mean(mu):
    rng = np.random.default_rng(0)
    return np.sum(rng.normal(mu, 1.0, size=4))


@case(SYM, expect='refused', why='only type=1 generalized eigenproblems are differentiated')
def generalized_eigen_type_two(K):
    return np.sum(scipy.linalg.eigh(K, SPD, type=2, eigvals_only=True))


@case_if_inv_options(A3, expect='refused',
                     why="inv(assume_a='diagonal') returns a's off-diagonal entries")
def diagonal_inverse(A):
    return np.sum(scipy.linalg.inv(A, assume_a='diagonal'))
