"""NumPy wave 4: ufunc methods (reduce/accumulate/outer with axis=, keepdims=, initial=,
where=), the polynomial calculus, np.piecewise and np.apply_along_axis with lambdas and
functions, np.copyto(where=), written the way notebooks and libraries write them --
and what srcad refuses among them."""

import numpy as np

from ..case import case

r = np.random.default_rng(404)
v = r.standard_normal(7)
A = r.standard_normal((4, 3))
T = r.standard_normal((2, 3, 4))
coef = np.array([0.5, -1.0, 2.0, 0.3])


# ---------------------------------------------------------------- ufunc.reduce

@case(A)
def row_max_margin(S):
    best = np.maximum.reduce(S, axis=1)
    worst = np.minimum.reduce(S, axis=1, keepdims=True)
    return np.sum(best ** 2) - np.sum(worst * S)


@case(v)
def relu_floor_with_initial(x):
    # a running max that starts at 0: elements below 0 pass no adjoint on
    return np.maximum.reduce(x ** 3, initial=0.0) + np.minimum.reduce(x, axis=0)


@case(A)
def masked_row_sums(S):
    keep = S > -0.5
    total = np.add.reduce(S ** 2, axis=1, where=keep)
    return np.sum(total * np.arange(4.0)) + np.add.reduce(S, axis=None, initial=1.0)


@case(np.abs(A) + 0.5)
def geometric_mean_by_column(S):
    return np.sum(np.multiply.reduce(S, axis=0) ** (1.0 / S.shape[0]))


@case(A)
def log_partition_per_row(S):
    logZ = np.logaddexp.reduce(S, axis=1)
    return np.sum(logZ) - S[0, 1] + np.logaddexp2.reduce(S[:, 0])


@case(A)
def nan_tolerant_extrema(S):
    return np.sum(np.fmax.reduce(S, axis=0)) - np.sum(np.fmin.reduce(S, axis=1) ** 2)


@case(v)
def euclidean_length_by_hypot(x):
    return np.hypot.reduce(x) + np.hypot.reduce(x[:3] * 2.0)


# ---------------------------------------------------------------- ufunc.accumulate

@case(v)
def cox_style_running_logsumexp(beta):
    eta = beta[::-1] * 1.5
    log_risk = np.logaddexp.accumulate(eta)
    return -np.sum(eta - log_risk)


@case(A)
def cumulative_log_evidence_by_row(S):
    return np.sum(np.logaddexp.accumulate(S, axis=1) ** 2) + np.sum(np.logaddexp2.accumulate(S)[-1])


@case(v)
def drawdown_with_running_max(prices):
    peak = np.maximum.accumulate(prices)
    return np.sum((peak - prices) ** 2)


@case(A)
def survival_curve_by_accumulate(S):
    hazard = 1 / (1 + np.exp(-S))
    surv = np.multiply.accumulate(1 - hazard, axis=1)
    return np.sum(surv) + np.sum(np.add.accumulate(S, axis=0)[-1] ** 2)


# ---------------------------------------------------------------- ufunc.outer

@case(v)
def pairwise_gaussian_kernel(x):
    d = np.subtract.outer(x, x)
    K = np.exp(-0.5 * d ** 2) + 1e-3 * np.multiply.outer(x, x)
    return np.sum(K) + np.sum(np.add.outer(x[:2], x) ** 2)


# ---------------------------------------------------------------- polynomials

@case(coef)
def slope_and_value_at_point(c):
    return np.polyval(np.polyder(c), 0.7) + np.polyval(c, 0.7)


@case(coef)
def curvature_penalty(c):
    return np.sum(np.polyder(c, 2) ** 2) + np.polyval(np.polyder(c, m=3), -0.2)


@case(coef)
def area_under_polynomial(c):
    antider = np.polyint(c)
    return np.polyval(antider, 1.0) - np.polyval(antider, -1.0)


@case(np.array([1.0, -2.0]))
def polyint_constants_differentiated(k):
    p = np.polyint(np.array([1.0, 0.5, 2.0]), 2, k=k)
    return np.sum(p ** 2) + np.polyval(p, 0.5)


# ---------------------------------------------------------------- np.piecewise

@case(v)
def huber_by_piecewise(x):
    d = 0.8
    return np.sum(np.piecewise(x, [np.abs(x) <= d, np.abs(x) > d],
                               [lambda t: 0.5 * t ** 2, lambda t: d * (np.abs(t) - 0.5 * d)]))


def softplus(t):
    return np.log1p(np.exp(t))


@case(v)
def piecewise_with_otherwise_and_named_function(x):
    y = np.piecewise(x, [x < -1.0, x > 1.0], [np.sin, softplus, lambda t: t ** 3])
    return np.sum(y * x)


@case(v)
def piecewise_sqrt_where_positive(x):
    # np.sqrt runs on the positive elements only: no nan where x < 0
    return np.sum(np.piecewise(x, [x > 0], [np.sqrt, 0.0]))


@case(v)
def piecewise_with_extra_argument(x):
    scale = np.exp(x[0])
    return np.sum(np.piecewise(x, [x < 0.2], [lambda t, s: s * t ** 2, lambda t, s: t], scale))


@case(v, expect='refused', modes=('grad',), why='function list built elsewhere')
def piecewise_with_list_variable(x):
    fs = [lambda t: t ** 2, lambda t: t]
    return np.sum(np.piecewise(x, [x < 0, x >= 0], fs))


# ---------------------------------------------------------------- np.apply_along_axis

@case(np.abs(A) + 0.1)
def normalise_rows_by_apply(S):
    return np.sum(np.apply_along_axis(lambda row: row / row.sum(), 1, S) ** 2)


@case(A)
def column_norms_by_apply(S):
    return np.sum(np.apply_along_axis(np.linalg.norm, 0, S))


def zscore(col, eps):
    return (col - col.mean()) / np.sqrt(col.var() + eps)


@case(T)
def zscore_along_middle_axis(X):
    Z = np.apply_along_axis(zscore, 1, X, 0.1)
    return np.sum(Z[..., 0] * X[..., 1])


@case(A)
def outer_per_row_by_apply(S):
    return np.sum(np.apply_along_axis(lambda r: np.outer(r, r), -1, S) * 0.5)


@np.vectorize
def smooth(t):
    return t * t


@case(A, expect='refused', modes=('grad',), why='np.vectorize function: no rule')
def apply_along_axis_of_vectorize(S):
    return np.sum(np.apply_along_axis(smooth, 1, S))


# ---------------------------------------------------------------- np.copyto(where=)

@case(A)
def copy_positive_entries(S):
    B = np.zeros_like(S)
    np.copyto(B, S, where=S > 0)
    return np.sum(B ** 2)


@case(A)
def copyto_broadcast_row_with_mask(S):
    B = S.copy()
    np.copyto(B, S[0] * 2.0, where=np.array([True, False, True]))
    return np.sum(B ** 3)


# ---------------------------------------------------------------- np.put_along_axis

@case(A)
def overwrite_row_maxima(S):
    out = S.copy()
    top = np.argmax(S, axis=1)[:, None]
    np.put_along_axis(out, top, 0.5 * np.take_along_axis(S, top, axis=1), axis=1)
    return np.sum(out ** 2)


# ---------------------------------------------------------------- windows, phases

from numpy.lib.stride_tricks import sliding_window_view  # noqa: E402


@case(v)
def moving_average_smoothness(x):
    smooth = sliding_window_view(x, 3).mean(axis=-1)
    return np.sum(np.diff(smooth) ** 2) + np.sum((smooth - x[1:-1]) ** 2)


@case(v)
def unwrapped_phase_fit(theta):
    phase = np.unwrap(np.cumsum(theta) * 3.0)
    return np.sum((phase - np.linspace(0.0, 6.0, phase.size)) ** 2)


# ---------------------------------------------------------------- refusals

@case(v, expect='refused', modes=('grad',), why='a differentiated initial= of a reduction')
def differentiated_initial(x):
    return np.maximum.reduce(x[1:], initial=x[0])
