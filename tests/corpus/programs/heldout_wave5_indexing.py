"""Held-out wave 5: scatter/gather and selection -- np.add.at, np.bincount with
weights, repeated fancy indices (read and write), np.where/np.select/np.piecewise,
sort/argsort/top-k/median/quantile, cumulative ops, np.roll/np.take/np.put_along_axis,
boolean masks, segment sums the way GNN code writes them."""

import numpy as np

from ..case import case

rng = np.random.default_rng(505)
FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
idx = np.array([0, 2, 2, 1, 0, 2])


@case(rng.normal(size=6))
def add_at_repeated_indices(v):
    out = np.zeros(3)
    np.add.at(out, idx, v)
    return np.sum(out ** 2)


@case(rng.normal(size=6))
def plus_equal_with_repeated_index_is_last_write(v):
    out = np.zeros(3)
    out[idx] += v
    return np.sum(out ** 2)


@case(rng.normal(size=6))
def assign_with_repeated_index_last_wins(v):
    out = np.ones(3)
    out[idx] = v
    return np.sum(out ** 3)


@case(rng.normal(size=6))
def bincount_weights_segment_sum(v):
    s = np.bincount(idx, weights=v, minlength=4)
    return np.sum(s ** 2) + s[3]


@case(rng.normal(size=3))
def gather_repeated_indices(w):
    return np.sum(w[idx] * np.arange(6))


@case(rng.normal(size=(4, 3)))
def gnn_message_passing_segment_sum(h):
    src = np.array([0, 1, 2, 3, 0, 2])
    dst = np.array([1, 0, 3, 2, 2, 0])
    W = np.linspace(-1, 1, 9).reshape(3, 3)
    msg = np.tanh(h[src] @ W)
    agg = np.zeros_like(h)
    np.add.at(agg, dst, msg)
    deg = np.bincount(dst, minlength=4)[:, None]
    return np.sum((agg / np.maximum(deg, 1) + h) ** 2)


@case(rng.normal(size=(4, 3)), expect='refused',
      why='np.subtract.at only as np.add.at (FALSE refusal)')
def add_at_2d_rows_and_cols(A):
    out = np.zeros((3, 3))
    np.add.at(out, (np.array([0, 0, 2]), np.array([1, 1, 0])), A[0])
    np.subtract.at(out, np.array([1, 1]), A[1:3])
    return np.sum(out * np.arange(9).reshape(3, 3))


@case(rng.normal(size=5))
def np_where_three_way(x):
    return np.sum(np.where(x > 0.5, x ** 2, np.where(x < -0.5, -x, np.sin(x))))


@case(rng.normal(size=7))
def np_select_piecewise_linear(x):
    conds = [x < -1, x < 0, x < 1]
    choices = [-1 - 0.1 * (x + 1), x, x ** 2]
    return np.sum(np.select(conds, choices, default=1 + np.log(np.abs(x) + 1e-3)))


@case(np.array([-1.5, -0.2, 0.3, 1.7]))
def np_piecewise_callables(x):
    y = np.piecewise(x, [x < 0, x >= 0], [lambda t: t ** 2, lambda t: np.sin(t)])
    return np.sum(y)


@case(rng.normal(size=6))
def sort_then_weight(x):
    s = np.sort(x)
    return np.sum(s * np.arange(1, 7))


@case(rng.normal(size=6))
def argsort_gather(x):
    order = np.argsort(x)[::-1]
    return np.sum(x[order][:3] ** 2)


@case(rng.normal(size=(3, 5)))
def top_k_per_row_argpartition(x):
    k = 2
    part = np.argpartition(-x, k, axis=1)[:, :k]
    return np.sum(np.take_along_axis(x, part, axis=1) ** 2)


@case(rng.normal(size=7))
def median_and_percentile(x):
    return np.median(x) + np.percentile(x, 75) + np.quantile(x ** 2, 0.3)


@case(rng.normal(size=(3, 4)))
def trimmed_mean_via_sort(x):
    s = np.sort(x, axis=1)
    return np.mean(s[:, 1:-1])


@case(rng.normal(size=6))
def cumsum_cumprod_diff(x):
    return np.sum(np.cumsum(x) ** 2) + np.sum(np.cumprod(1 + 0.1 * x)) + np.sum(np.diff(x, n=2) ** 2)


@case(rng.normal(size=6))
def running_max_drawdown(x):
    wealth = np.cumsum(x) + 10
    peak = np.maximum.accumulate(wealth)
    return np.max((peak - wealth) / peak)


@case(rng.normal(size=(3, 4)))
def cumsum_axis_and_reverse_cumsum(x):
    rc = np.cumsum(x[:, ::-1], axis=1)[:, ::-1]
    return np.sum(rc * x) + np.sum(np.cumsum(x, axis=0)[-1])


@case(rng.normal(size=6))
def discounted_returns_loop(r):
    gamma = 0.9
    G = np.zeros_like(r)
    running = 0.0
    for t in reversed(range(len(r))):
        running = r[t] + gamma * running
        G[t] = running
    return np.sum(G ** 2)


@case(rng.normal(size=6))
def boolean_mask_reduce(x):
    m = x > 0
    return np.sum(x[m] ** 2) - np.sum(np.exp(x[~m])) + x[m].size


@case(rng.normal(size=6))
def boolean_mask_assign(x):
    y = x.copy()
    y[y < 0] = 0.0
    y[y > 1] *= 2
    return np.sum(y ** 2)


@case(rng.normal(size=6))
def masked_fill_with_mean(x):
    y = x.copy()
    m = y < -0.5
    y[m] = y[~m].mean()
    return np.sum(y ** 2)


@case(rng.normal(size=(3, 4)))
def take_along_axis_argmax(x):
    i = np.argmax(x, axis=1)
    return np.sum(np.take_along_axis(x, i[:, None], axis=1)) + np.sum(x[np.arange(3), i])


@case(rng.normal(size=(3, 4)))
def put_along_axis_scatter(x):
    y = np.zeros_like(x)
    i = np.argmin(x, axis=1)[:, None]
    np.put_along_axis(y, i, np.take_along_axis(x, i, 1) * 2, axis=1)
    return np.sum((y + x) ** 2)


@case(rng.normal(size=6))
def np_take_with_mode_wrap(x):
    return np.sum(np.take(x, [0, 5, 6, 7, -1], mode='wrap') ** 2)


@case(rng.normal(size=(4, 4)))
def upper_triangle_fancy(A):
    iu = np.triu_indices(4, k=1)
    return np.sum(A[iu] ** 2) + np.sum(A[np.diag_indices(4)])


@case(rng.normal(size=(4, 4)))
def fill_diagonal_then_reduce(A):
    B = A @ A.T
    np.fill_diagonal(B, 0.0)
    return np.sum(B ** 2)


@case(rng.normal(size=(5,)))
def np_roll_and_negative_index(x):
    return np.sum((np.roll(x, 2) - x) ** 2) + x[-1] * x[-2]


@case(rng.normal(size=(4, 3)))
def one_hot_matmul_gather(E):
    ids = np.array([3, 0, 0, 2])
    oh = np.eye(4)[ids]
    return np.sum((oh @ E) ** 2)


@case(rng.normal(size=8))
def unique_inverse_group_mean(v):
    groups = np.array(['a', 'b', 'a', 'c', 'b', 'a', 'c', 'c'])
    keys, inv = np.unique(groups, return_inverse=True)
    sums = np.bincount(inv, weights=v)
    counts = np.bincount(inv)
    return np.sum((sums / counts) ** 2)


@case(rng.normal(size=6))
def searchsorted_interpolation(y):
    xp = np.linspace(0, 1, 6)
    xq = np.array([0.05, 0.33, 0.5, 0.91])
    return np.sum(np.interp(xq, xp, y) ** 2)


@case(rng.normal(size=6))
def np_clip_and_abs_and_sign(x):
    return np.sum(np.clip(x, -0.5, 0.8) * np.abs(x) + np.sign(x) * x ** 2)


@case(rng.normal(size=(3, 4)), expect='refused',
      why='x.flat[i] read: flatiter __getitem__ (FALSE refusal)')
def max_min_with_axis_and_argmax_index(x):
    return np.sum(x.max(axis=0)) - np.sum(np.amin(x, axis=1)) + x.flat[np.argmax(x)]


@case(rng.normal(size=(2, 3)))
def stack_then_fancy_index_write_row(x):
    M = np.zeros((4, 3))
    M[[0, 2]] = x
    M[3] = x[0] * x[1]
    return np.sum(M @ M.T)


@case(rng.normal(size=5))
def nonzero_indices_then_gather(x):
    nz = np.nonzero(x > -0.2)[0]
    return np.sum(x[nz] * nz)


@case(rng.normal(size=5))
def ix_grid_gather(x):
    A = np.outer(x, x)
    return np.sum(A[np.ix_([0, 2, 4], [1, 3])])


@case(rng.normal(size=6))
def sorted_by_key_sum_of_pairs(x):
    pairs = sorted(zip(x, range(6)), key=lambda t: t[0])
    return sum(v * (i + 1) for v, i in pairs)
