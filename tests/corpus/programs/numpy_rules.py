"""Everyday programs using np.cov, np.corrcoef, np.polyfit, np.block, running extrema
(np.maximum.accumulate / np.minimum.accumulate), np.add.at and the one-argument
np.where: portfolio risk, PCA, detrending, KKT systems, drawdowns, scatter-adds."""

import numpy as np

from ..case import case

_rng = np.random.default_rng(2718)
RETURNS = 0.01 * _rng.standard_normal((20, 3)) + 0.002
SAMPLES = _rng.standard_normal((12, 4)) @ np.array([[1.0, 0.3, 0.0, 0.1],
                                                      [0.0, 1.0, 0.4, 0.0],
                                                      [0.2, 0.0, 1.0, 0.3],
                                                      [0.0, 0.1, 0.0, 1.0]])
AW = _rng.uniform(0.5, 1.5, 12)
T = np.linspace(0.0, 2.0, 15)
SERIES = 0.5 * T + np.sin(3 * T) + 0.05 * _rng.standard_normal(15)
OTHER = np.cos(2 * T) + 0.1 * _rng.standard_normal(15)
PRICES = 100 * np.exp(np.cumsum(np.array([0.02, -0.013, 0.031, -0.047, 0.012, 0.027, -0.022,
                                          0.041, -0.035, 0.008, 0.019, -0.028])))
H = np.array([[3.0, 0.5, 0.1], [0.5, 2.0, 0.3], [0.1, 0.3, 1.5]])
BINS = np.array([0, 2, 1, 2, 0, 3, 3, 1, 2, 0])


# ---------------------------------------------------------------- covariance and correlation
@case(RETURNS)
def equal_weight_portfolio_variance(R):
    C = np.cov(R, rowvar=False)
    w = np.ones(3) / 3
    return w @ C @ w


@case(SAMPLES)
def pca_explained_variance_ratio(X):
    C = np.cov(X.T)
    ev = np.linalg.eigvalsh(C)
    return ev[-1] / np.sum(ev)


@case(SAMPLES)
def weighted_covariance_trace(X):
    C = np.cov(X, rowvar=False, aweights=AW)
    return np.trace(C) + C[0, 3]


@case(np.array([0.6, 1.2, 0.9]))
def shrinkage_covariance_logdet(scale):
    X = SAMPLES[:, :3] * scale
    C = np.cov(X, rowvar=False, bias=True)
    target = np.mean(np.diag(C)) * np.eye(3)
    S = 0.8 * C + 0.2 * target
    return np.linalg.slogdet(S)[1]


@case(AW, expect='refused', why='the float aweights of np.cov have no derivative rule')
def covariance_wrt_observation_weights(a):
    return np.sum(np.cov(SAMPLES, rowvar=False, aweights=a))


@case(SERIES)
def correlation_with_reference(x):
    r = np.corrcoef(x, OTHER)[0, 1]
    return 1.0 - r ** 2


@case(SAMPLES)
def mean_abs_offdiagonal_correlation(X):
    R = np.corrcoef(X, rowvar=False)
    off = R - np.diag(np.diag(R))
    return np.sum(off ** 2) / 12


# ---------------------------------------------------------------- least-squares fits
@case(SERIES)
def detrended_energy(y):
    p = np.polyfit(T, y, 1)
    trend = np.polyval(p, T)
    return np.sum((y - trend) ** 2)


@case(SERIES)
def quadratic_fit_curvature(y):
    a, b, c = np.polyfit(T, y, 2)
    return a ** 2 + 0.1 * b


@case(T, expect='refused', why='np.polyfit has no derivative rule for the sample points x')
def polyfit_in_the_sample_points(t):
    return np.sum(np.polyfit(t, SERIES, 1))


# ---------------------------------------------------------------- block matrices
@case(np.array([1.0, 2.0, 0.5]))
def kkt_equality_constrained_qp(c):
    A = np.array([[1.0, 1.0, 1.0]])
    K = np.block([[H, A.T], [A, np.zeros((1, 1))]])
    rhs = np.concatenate([-c, [1.0]])
    sol = np.linalg.solve(K, rhs)
    x = sol[:3]
    return 0.5 * x @ H @ x + c @ x


@case(np.array([[0.9, 0.2], [0.1, 0.7]]))
def two_state_block_transition(P):
    Z = np.zeros((2, 2))
    B = np.block([[P, 0.1 * np.eye(2)], [Z, P.T]])
    return np.sum(np.linalg.matrix_power(B, 3))


# ---------------------------------------------------------------- running extrema
@case(PRICES)
def max_drawdown_squared_sum(p):
    peak = np.maximum.accumulate(p)
    dd = (peak - p) / peak
    return np.sum(dd ** 2)


@case(np.array([2.3, 1.9, 2.0, 1.4, 1.5, 0.8, 0.95, 0.6]))
def best_so_far_loss_curve(losses):
    best = np.minimum.accumulate(losses)
    return np.mean(np.log(best))


@case(np.abs(RETURNS) + 0.5)
def running_max_per_asset(R):
    m = np.maximum.accumulate(R, axis=0)
    return np.sum(m[-1] * R[0]) + np.sum(m ** 2)


# ---------------------------------------------------------------- scatter-adds
@case(np.linspace(0.5, 1.4, 10))
def weighted_histogram_scatter(w):
    counts = np.zeros(4)
    np.add.at(counts, BINS, w ** 2)
    p = counts / np.sum(counts)
    return -np.sum(p * np.log(p))


@case(np.array([1.0, 2.0, 1.5]))
def assemble_spring_stiffness(k):
    K = np.zeros((4, 4))
    for e in range(3):
        idx = np.array([e, e + 1])
        ke = k[e] * np.array([[1.0, -1.0], [-1.0, 1.0]])
        np.add.at(K, (idx[:, None], idx[None, :]), ke)
    Kr = K[1:, 1:]
    f = np.array([0.0, 0.0, 1.0])
    u = np.linalg.solve(Kr, f)
    return f @ u


@case(np.linspace(0.5, 1.4, 10), expect='refused',
      why='ufunc .at methods other than np.add.at are refused')
def multiply_at_is_refused(w):
    acc = np.ones(4)
    np.multiply.at(acc, BINS, w)
    return np.sum(acc)


@case(np.linspace(0.5, 1.4, 10), expect='ok',
      why='FIXED in wave 6 (was refused): np.add.at into an array another name still reads')
def add_at_into_an_aliased_array(w):
    counts = np.zeros(4)
    view = counts[:2]
    np.add.at(counts, BINS, w)
    return np.sum(view) + np.sum(counts)


# ---------------------------------------------------------------- np.where(condition)
@case(SERIES)
def mean_above_trend_indices(y):
    idx = np.where(T > 1.0)[0]
    return np.mean(y[idx] ** 2)
