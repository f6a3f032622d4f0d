"""Everyday array manipulation: signal processing with slices and np.convolve,
cumulative sums and products, differences, sorting, clipping, casts, integer
indices from argmax, masks, in-place updates, aliases and views, reshapes,
broadcasting and reductions with axis/keepdims."""

import numpy as np

from ..case import case

_rng = np.random.default_rng(707)
S = np.sin(np.linspace(0, 3, 16)) + 0.1 * _rng.standard_normal(16)
V = np.array([0.4, -1.3, 0.8, 2.1, -0.6, 1.7])
M = _rng.standard_normal((4, 3))
T3 = _rng.standard_normal((2, 3, 4))
SQ = _rng.standard_normal((4, 4))
IDX = np.array([3, 0, 2])
KER = np.array([0.2, 0.5, 0.3])


# ---------------------------------------------------------------- signal processing

@case(S)
def moving_average_slices(x):
    ma = (x[:-2] + x[1:-1] + x[2:]) / 3
    return np.sum(ma ** 2)


@case(S)
def moving_average_convolve(x):
    ma = np.convolve(x, np.ones(4) / 4, mode='valid')
    return np.sum(ma ** 2)


@case(S)
def moving_average_cumsum_trick(x):
    c = np.cumsum(np.concatenate(([0.0], x)))
    ma = (c[3:] - c[:-3]) / 3
    return np.sum(ma * ma)


@case(S)
def moving_average_loop_window(x):
    k = 5
    out = np.zeros(len(x) - k + 1)
    for i in range(len(out)):
        out[i] = np.mean(x[i:i + k])
    return np.sum(out ** 2)


@case(KER)
def convolve_same_wrt_kernel(k):
    y = np.convolve(S, k, mode='same')
    return np.sum((y - S) ** 2)


@case(S)
def convolve_full_wrt_signal(x):
    y = np.convolve(x, KER)
    return np.sum(y ** 2)


@case(S)
def correlate_valid(x):
    y = np.correlate(x, KER, mode='valid')
    return np.sum(y * np.arange(len(y)))


@case(S)
def exponential_smoothing(x):
    alpha = 0.3
    s = x[0]
    out = 0.0
    for v in x[1:]:
        s = alpha * v + (1 - alpha) * s
        out += s * s
    return out


@case(0.3)
def exponential_smoothing_wrt_alpha(alpha):
    s = S[0]
    sse = 0.0
    for t in range(1, len(S)):
        sse += (S[t] - s) ** 2
        s = alpha * S[t] + (1 - alpha) * s
    return sse


@case(np.array([0.5, -0.2]))
def iir_filter_loop(a):
    y = np.zeros_like(S)
    for n in range(len(S)):
        y[n] = S[n]
        if n >= 1:
            y[n] -= a[0] * y[n - 1]
        if n >= 2:
            y[n] -= a[1] * y[n - 2]
    return np.sum(y ** 2)


@case(np.array([0.25, 0.5, 0.25]))
def fir_filter_loop(b):
    y = np.zeros(len(S))
    for n in range(len(S)):
        for k in range(len(b)):
            if n - k >= 0:
                y[n] += b[k] * S[n - k]
    return np.sum((y - S) ** 2)


@case(S)
def first_difference_energy(x):
    return np.sum(np.diff(x) ** 2)


@case(S)
def second_difference_smoothness(x):
    return np.sum(np.diff(x, n=2) ** 2)


@case(S)
def total_variation_smooth(x):
    d = np.diff(x)
    return np.sum(np.sqrt(d ** 2 + 1e-2))


@case(S)
def denoise_objective(x):
    lam = 2.0
    return np.sum((x - S * 0.9) ** 2) + lam * np.sum(np.diff(x) ** 2)


@case(S)
def gradient_np_gradient(x):
    g = np.gradient(x)
    return np.sum(g ** 2)


@case(S)
def dft_power_spectrum_manual(x):
    n = len(x)
    k = np.arange(n)
    ang = 2 * np.pi * np.outer(k, k) / n
    re = np.cos(ang) @ x
    im = -np.sin(ang) @ x
    power = re ** 2 + im ** 2
    return power[1] + power[2] * 0.5


@case(S)
def fft_power(x):
    F = np.fft.rfft(x)
    return np.sum(np.abs(F[1:4]) ** 2)


@case(S)
def autocorrelation_via_slices(x):
    xc = x - x.mean()
    r = 0.0
    for lag in range(1, 4):
        r += np.sum(xc[lag:] * xc[:-lag]) / lag
    return r


@case(S)
def peak_soft_max(x):
    return np.log(np.sum(np.exp(5 * x))) / 5


@case(S)
def zero_crossing_soft(x):
    return np.sum(np.tanh(3 * x[1:]) * np.tanh(3 * x[:-1]))


@case(S)
def envelope_rms_windows(x):
    frames = x.reshape(4, 4)
    rms = np.sqrt(np.mean(frames ** 2, axis=1))
    return np.sum(rms)


@case(S)
def upsample_repeat(x):
    u = np.repeat(x[:4], 3)
    return np.sum(u * np.linspace(0, 1, 12))


@case(S)
def downsample_stride(x):
    return np.sum(x[::2] ** 2) - np.sum(x[1::2] ** 3)


@case(S)
def pad_and_filter(x):
    p = np.pad(x, 1, mode='edge')
    y = 0.25 * p[:-2] + 0.5 * p[1:-1] + 0.25 * p[2:]
    return np.sum((y - x) ** 2)


@case(S)
def window_function_hann(x):
    n = len(x)
    w = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / (n - 1))
    return np.sum((x * w) ** 2)


# ---------------------------------------------------------------- cumulative ops

@case(V)
def cumsum_weighted(x):
    return np.sum(np.cumsum(x) * np.arange(6))


@case(V)
def cumprod_growth(x):
    g = np.cumprod(1 + 0.1 * x)
    return g[-1] + np.sum(g)


@case(M)
def cumsum_axis0(A):
    return np.sum(np.cumsum(A, axis=0) ** 2)


@case(M)
def cumsum_axis1_last(A):
    return np.sum(np.cumsum(A, axis=1)[:, -1] ** 2)


@case(V)
def diff_then_cumsum_roundtrip(x):
    d = np.diff(x)
    y = np.concatenate(([x[0]], x[0] + np.cumsum(d)))
    return np.sum(y ** 3)


@case(M)
def diff_axis1(A):
    return np.sum(np.diff(A, axis=1) ** 2)


@case(V)
def running_max_accumulate(x):
    m = np.maximum.accumulate(x)
    return np.sum(m * x)


@case(V)
def logcumsumexp_loop(x):
    out = np.zeros_like(x)
    acc = x[0]
    out[0] = acc
    for i in range(1, len(x)):
        acc = np.logaddexp(acc, x[i])
        out[i] = acc
    return np.sum(out)


# ---------------------------------------------------------------- sorting / order statistics

@case(V)
def sort_and_weight(x):
    return np.sum(np.sort(x) * np.linspace(1, 2, 6))


@case(V)
def argsort_gather(x):
    order = np.argsort(x)
    return np.sum(x[order] * np.arange(6)) + x[order[0]]


@case(M)
def sort_along_axis(A):
    s = np.sort(A, axis=1)
    return np.sum(s[:, 0] * s[:, -1])


@case(V)
def partition_smallest(x):
    p = np.partition(x, 2)
    return np.sum(p[:2] ** 2)


@case(V)
def max_min_spread(x):
    return (np.max(x) - np.min(x)) ** 2 + np.ptp(x)


@case(M)
def max_keepdims_normalise(A):
    return np.sum(A / np.max(np.abs(A), axis=1, keepdims=True))


@case(M)
def amax_axis0(A):
    return np.sum(np.amax(A, axis=0) ** 2) + np.sum(np.amin(A, axis=1))


@case(V)
def argmax_int_index_neighbours(x):
    i = int(np.argmax(x))
    lo = max(i - 1, 0)
    hi = min(i + 2, len(x))
    return np.sum(x[lo:hi] ** 2)


@case(M)
def argmax_per_row_gather(A):
    j = np.argmax(A, axis=1)
    return np.sum(A[np.arange(4), j] ** 2)


@case(M)
def take_along_axis_max(A):
    j = np.argmax(A, axis=1)[:, None]
    return np.sum(np.take_along_axis(A, j, axis=1))


@case(V)
def top_k_via_argsort_loop(x):
    order = np.argsort(-x)
    s = 0.0
    for r in range(3):
        s += x[order[r]] / (r + 1)
    return s


@case(V)
def median_via_sort(x):
    s = np.sort(x)
    n = len(s)
    return 0.5 * (s[n // 2 - 1] + s[n // 2]) * np.sum(x)


# ---------------------------------------------------------------- clip / maximum / masks

@case(V)
def clip_both_sides(x):
    return np.sum(np.clip(x, -1.0, 1.0) ** 2 + 0.1 * x)


@case(V)
def clip_method(x):
    return np.sum(x.clip(0.0, 2.0) * x)


@case(V)
def maximum_with_array(x):
    floor = np.array([0.0, -1.0, 1.0, 1.0, 0.0, 1.0])
    return np.sum(np.maximum(x, floor) ** 2)


@case(V)
def minimum_scalar(x):
    return np.sum(np.minimum(x, 1.0) * np.exp(0.1 * x))


@case(V)
def fmax_fmin(x):
    return np.sum(np.fmax(x, 0.0) + np.fmin(x, 0.5) ** 2)


@case(V)
def mask_multiply_float(x):
    m = x > 0
    return np.sum(x * m) + np.sum(x[~m] ** 2)


@case(V)
def mask_assign_zero(x):
    y = x.copy()
    y[y < 0] = 0.0
    return np.sum(y ** 2)


@case(V)
def mask_assign_scaled(x):
    y = x * 1.0
    neg = y < 0
    y[neg] = 0.1 * y[neg]
    return np.sum(y ** 2)


@case(V)
def mask_count_normalise(x):
    m = np.abs(x) > 1.0
    return np.sum(x[m] ** 2) / m.sum()


@case(M)
def mask_2d_where(A):
    return np.sum(np.where(A > 0, A, 0.5 * A) ** 2)


@case(V)
def np_where_three_arg_scalar_branch(x):
    return np.sum(np.where(x > 1.0, 1.0, x) * x)


@case(V)
def nonzero_indices_gather(x):
    idx = np.nonzero(x > 0)[0]
    return np.sum(x[idx] ** 3)


@case(V)
def any_all_guarded(x):
    if np.any(x > 2.0):
        s = np.sum(x ** 2)
    else:
        s = np.sum(x)
    if np.all(x > -5):
        s = s * 2
    return s


@case(V)
def isclose_guard(x):
    y = np.where(np.isclose(x, 0.0), 1.0, x)
    return np.sum(1.0 / y)


@case(V)
def abs_and_sign(x):
    return np.sum(np.abs(x) ** 1.5 * np.sign(x))


# ---------------------------------------------------------------- casts

@case(V)
def astype_float_roundtrip(x):
    y = x.astype(np.float64).astype(float)
    return float(np.sum(y ** 2))


@case(V)
def float_cast_of_element(x):
    return float(x[0]) * x[1] + float(np.sum(x)) ** 2


@case(V)
def int_index_from_float_computation(x):
    k = int(np.floor(len(x) / 2))
    return x[k] ** 2 + x[k - 1]


@case(V)
def bool_mask_astype_float(x):
    m = (x > 0).astype(np.float64)
    return np.sum(m * x ** 2)


@case(V)
def np_float64_scalar_cast(x):
    s = np.float64(x[2]) * 2.0
    return s * x[3]


@case(V)
def item_method(x):
    return x[1].item() * x[2] + x.sum().item() ** 2


@case(V)
def tolist_then_sum(x):
    lst = x.tolist()
    return lst[0] * lst[1] + sum(lst)


@case(V)
def np_array_copy_dtype(x):
    y = np.array(x, dtype=float)
    return np.sum(y * y * x)


@case(V)
def asarray_float(x):
    y = np.asarray(x, dtype=np.float64)
    return np.sum(np.exp(0.2 * y))


@case(V)
def round_used_as_index(x):
    i = int(round(2.4))
    return x[i] * x[i + 1]


# ---------------------------------------------------------------- in-place and aliasing

@case(V)
def inplace_add_on_copy(x):
    y = x.copy()
    y += 1.0
    y *= x
    return np.sum(y)


@case(V)
def inplace_after_arithmetic(x):
    y = x * 2.0
    y -= x ** 2
    y /= 3.0
    return np.sum(y ** 2)


@case(V)
def inplace_power(x):
    y = x + 0.0
    y **= 2
    return np.sum(y * x)


@case(V, expect='refused',
      why='an in-place write another name (alias or view) sees: srcad refuses, located')
def alias_before_inplace(x):
    y = x * 1.0
    z = y
    y += 1.0
    return np.sum(z * x)


@case(V)
def alias_slice_view_write(x):
    y = x * 1.0
    head = y[:3]
    head *= 2.0
    return np.sum(y ** 2)


@case(V, expect='refused',
      why='an in-place write another name (alias or view) sees: srcad refuses, located')
def alias_slice_view_assign(x):
    y = x.copy()
    v = y[2:]
    v[0] = x[0] * 5
    return np.sum(y * x)


@case(M, expect='refused',
      why='an in-place write another name (alias or view) sees: srcad refuses, located')
def alias_row_view_inplace(A):
    B = A.copy()
    r = B[1]
    r += B[0]
    return np.sum(B ** 2)


@case(M)
def alias_column_view(A):
    B = A * 1.0
    c = B[:, 0]
    c *= 3.0
    return np.sum(B * A)


@case(M, expect='refused',
      why='an in-place write another name (alias or view) sees: srcad refuses, located')
def alias_transpose_view(A):
    B = A + 0.0
    Bt = B.T
    Bt[0] += 1.0
    return np.sum(B ** 2)


@case(V, expect='refused',
      why='an in-place write another name (alias or view) sees: srcad refuses, located')
def alias_reshape_view(x):
    y = x * 1.0
    m = y.reshape(2, 3)
    m[1] *= 2.0
    return np.sum(y ** 2)


@case(V, expect='refused',
      why='an in-place write another name (alias or view) sees: srcad refuses, located')
def alias_ravel_view(x):
    y = (x * 1.0).reshape(2, 3)
    f = y.ravel()
    f[0] = 10.0 * x[1]
    return np.sum(y ** 2)


@case(V)
def copy_breaks_alias(x):
    y = x * 1.0
    z = y.copy()
    y[0] = 100.0
    return np.sum(z ** 2) + y[1]


@case(V)
def element_write_from_other_element(x):
    y = x.copy()
    y[0] = y[1] * y[2]
    y[1] = y[0] + 1
    return np.sum(y ** 2)


@case(V)
def element_write_loop_prefix(x):
    y = np.zeros(6)
    y[0] = x[0]
    for i in range(1, 6):
        y[i] = y[i - 1] * 0.5 + x[i]
    return y @ y


@case(V)
def slice_assign_from_expression(x):
    y = np.zeros(8)
    y[1:7] = x ** 2
    y[0] = y[7] = x[0]
    return np.sum(y * np.arange(8))


@case(V)
def fancy_index_assign(x):
    y = np.zeros(6)
    y[[0, 2, 4]] = x[:3]
    y[[1, 3, 5]] = x[3:] ** 2
    return np.sum(y * x)


@case(V)
def repeated_index_add_at(x):
    y = np.zeros(3)
    np.add.at(y, np.array([0, 1, 1, 2, 0, 2]), x)
    return np.sum(y ** 2)


@case(V)
def repeated_index_getitem(x):
    y = x[np.array([0, 0, 1, 3, 3, 3])]
    return np.sum(y ** 2)


@case(V)
def repeated_index_iadd(x):
    y = x.copy()
    y[np.array([1, 1, 2])] += x[:3]
    return np.sum(y ** 2)


@case(V)
def bincount_weights(x):
    groups = np.array([0, 1, 0, 2, 1, 2])
    sums = np.bincount(groups, weights=x)
    return np.sum(sums ** 2)


@case(V)
def scatter_by_loop(x):
    groups = np.array([0, 1, 0, 2, 1, 2])
    sums = np.zeros(3)
    for i, g in enumerate(groups):
        sums[g] += x[i]
    return np.sum(sums ** 2)


@case(M)
def setitem_row_then_use(A):
    B = np.zeros((4, 3))
    for i in range(4):
        B[i, :] = np.tanh(A[i]) * (i + 1)
    return np.sum(B)


@case(M)
def setitem_2d_block(A):
    B = np.eye(5)
    B[1:, :3] = A
    return np.linalg.slogdet(B + np.eye(5) * 2)[1]


@case(SQ)
def fill_diagonal_copy(A):
    B = A.copy()
    np.fill_diagonal(B, 1.0)
    return np.sum(B ** 2)


@case(SQ)
def diagonal_write_via_index(A):
    B = A.copy()
    i = np.arange(4)
    B[i, i] = B[i, i] * 2 + 1
    return np.sum(B ** 2)


# ---------------------------------------------------------------- reshape / broadcasting / reductions

@case(M)
def reshape_and_sum_axis(A):
    return np.sum(A.reshape(2, 6).sum(axis=1) ** 2)


@case(M)
def reshape_minus_one(A):
    return np.sum(A.reshape(-1) * np.arange(12))


@case(M)
def flatten_method(A):
    f = A.flatten()
    return f[0] * f[-1] + np.sum(f ** 2)


@case(T3)
def transpose_axes_3d(T):
    return np.sum(T.transpose(2, 0, 1)[0] ** 2) + np.sum(np.moveaxis(T, 0, -1)[..., 1])


@case(T3)
def swapaxes_matmul(T):
    P = T @ np.swapaxes(T, 1, 2)
    return np.sum(P)


@case(T3)
def reduce_multiple_axes(T):
    return np.sum(T.sum(axis=(0, 2)) ** 2) + np.mean(T.max(axis=-1))


@case(T3)
def keepdims_center(T):
    c = T - T.mean(axis=(1, 2), keepdims=True)
    return np.sum(c ** 2)


@case(M)
def newaxis_broadcast_outer(A):
    D = A[:, None, :] - A[None, :, :]
    return np.sum(D ** 2)


@case(M)
def expand_dims_squeeze(A):
    e = np.expand_dims(A, 0)
    s = np.squeeze(e, axis=0)
    return np.sum(s ** 3)


@case(M)
def broadcast_row_col(A):
    r = A.mean(axis=0)
    c = A.mean(axis=1, keepdims=True)
    return np.sum((A - r - c) ** 2)


@case(M)
def broadcast_to_and_sum(A):
    b = np.broadcast_to(A[0], (4, 3))
    return np.sum(b * A)


@case(V)
def tile_and_reduce(x):
    t = np.tile(x, (2, 1))
    return np.sum(t * np.arange(12).reshape(2, 6))


@case(V)
def stack_hstack_vstack(x):
    a = np.hstack([x, x[::-1]])
    b = np.vstack([x, x ** 2])
    return np.sum(a ** 2) + np.sum(b[1] * b[0])


@case(V)
def column_stack_design(x):
    D = np.column_stack([np.ones(6), x, x ** 2])
    return np.sum(D.T @ D)


@case(V)
def split_and_recombine(x):
    a, b, c = np.split(x, 3)
    return np.sum(a * b) + np.sum(c ** 2)


@case(V)
def array_split_uneven(x):
    parts = np.array_split(x, 4)
    return np.sum(parts[0] ** 2) + np.sum(parts[-1])


@case(M)
def prod_reduction(A):
    return np.prod(A[:, :2] + 2.0)


@case(M)
def mean_of_means(A):
    return np.mean(np.mean(A, axis=0) ** 2) + np.average(A, axis=1).sum()


@case(M)
def std_var_axis(A):
    return np.sum(np.std(A, axis=0)) + np.sum(np.var(A, axis=1, ddof=1))


@case(M)
def logsumexp_axis_manual(A):
    m = A.max(axis=1, keepdims=True)
    lse = m + np.log(np.sum(np.exp(A - m), axis=1, keepdims=True))
    return np.sum(lse)


@case(M)
def norm_axis_keepdims(A):
    n = np.linalg.norm(A, axis=0, keepdims=True)
    return np.sum((A / n) ** 3)


@case(M)
def trace_of_gram(A):
    return np.trace(A.T @ A) + np.trace(A @ A.T, offset=1)


@case(M)
def matmul_chain_shapes(A):
    v = np.ones(3)
    return float(np.ones(4) @ A @ v) ** 2 + np.sum(A @ A.T @ A)


@case(M)
def dot_and_inner(A):
    return np.dot(A[0], A[1]) + np.inner(A[2], A[3]) + np.vdot(A, A)


@case(M)
def einsum_row_norms(A):
    return np.sum(np.sqrt(np.einsum('ij,ij->i', A, A)))


@case(V)
def outer_product_reduction(x):
    return np.sum(np.outer(x, x) * np.eye(6)[::-1])


@case(V)
def linspace_with_param(x):
    t = np.linspace(0.0, 1.0, 6)
    return np.sum(x * t ** 2)


@case(V)
def arange_float_weights(x):
    w = np.arange(0.5, 3.5, 0.5)
    return np.sum(w * x ** 2)


@case(V)
def zeros_like_accumulate(x):
    acc = np.zeros_like(x)
    for k in range(3):
        acc = acc + x ** (k + 1) / (k + 1)
    return np.sum(acc)


@case(V)
def ones_like_and_full_like(x):
    return np.sum(np.ones_like(x) * x + np.full_like(x, 2.0) * x ** 2)


@case(V)
def empty_then_fill(x):
    out = np.empty(6)
    out[:] = x * 2
    return np.sum(out ** 2)


@case(V)
def roll_shift_product(x):
    return np.sum(x * np.roll(x, 2))


@case(V)
def flip_and_fliplr(x):
    return np.sum(np.flip(x) * x) + np.sum(np.fliplr(x.reshape(2, 3)) * x.reshape(2, 3) ** 2)


@case(SQ)
def triu_indices_sum(A):
    iu = np.triu_indices(4, 1)
    return np.sum(A[iu] ** 2)


@case(SQ)
def diagonal_offset(A):
    return np.sum(np.diagonal(A, 1) ** 2) + np.sum(np.diag(A, -1))


@case(SQ)
def ix_submatrix(A):
    sub = A[np.ix_([0, 2], [1, 3])]
    return np.linalg.det(sub)


@case(SQ)
def integer_array_row_gather(A):
    return np.sum(A[IDX] ** 2) + np.sum(A[:, IDX][0])


@case(SQ)
def negative_index_and_ellipsis(A):
    return A[-1, -2] * A[..., 0].sum() + np.sum(A[1:-1, ::2])


@case(V)
def meshgrid_surface(x):
    a, b = np.meshgrid(x[:3], x[3:])
    return np.sum(a * b ** 2)


@case(V)
def sum_of_squares_three_ways(x):
    return x @ x + np.dot(x, x) + np.sum(np.square(x)) + np.linalg.norm(x) ** 2


@case(V)
def reciprocal_and_sqrt(x):
    y = x ** 2 + 1
    return np.sum(np.reciprocal(y) + np.sqrt(y) + np.cbrt(x))


@case(V)
def trig_mix(x):
    return np.sum(np.sin(x) * np.cos(2 * x) + np.tan(0.3 * x) + np.arctan(x))


@case(V)
def hyperbolic_mix(x):
    return np.sum(np.sinh(0.5 * x) + np.cosh(0.3 * x) + np.arcsinh(x))


@case(V)
def exp_log_family(x):
    y = x ** 2 + 0.5
    return np.sum(np.exp2(0.3 * x) + np.log2(y) + np.log10(y) + np.expm1(0.1 * x))


@case(V)
def hypot_arctan2(x):
    return np.sum(np.hypot(x, 1.0) + np.arctan2(x, 2.0))


@case(V)
def power_with_float_exponent_positive(x):
    y = np.exp(0.2 * x)
    return np.sum(np.power(y, 2.5) + y ** x)


@case(V)
def mod_free_fractional(x):
    return np.sum(np.sin(x) ** 2 + np.cos(x) ** 2 * x)


@case(V)
def sinc_and_erf_like(x):
    return np.sum(np.sinc(x * 0.3)) + np.sum(np.tanh(x) ** 2)


@case(V)
def float_power_and_square(x):
    return np.sum(np.float_power(x ** 2 + 1, 1.5) + np.square(x))
