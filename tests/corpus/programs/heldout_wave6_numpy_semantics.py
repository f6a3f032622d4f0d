"""Held-out wave 6: NumPy calls whose semantics differ from the obvious guess -- np.dot on 3-D
arrays (not matmul), np.outer/np.vdot/np.inner flattening, .T reversing all axes of a 3-D
array, sum/mean with where= and initial=, builtin sum over a 2-D array, cumprod/prod with an
exact zero, np.interp wrt both x and fp, np.diff(n=2, prepend=), np.gradient, median/percentile,
einsum diagonal/trace/ellipsis, matmul with 1-D operands, np.piecewise, np.select."""

import numpy as np

from ..case import case

rs = np.random.RandomState(606)
A3 = rs.randn(2, 3, 4)
B3 = rs.randn(2, 4, 3)
M = rs.randn(3, 3)
v = rs.randn(4)
W43 = rs.randn(4, 3)


@case(A3)
def dot_3d_is_not_matmul(a):
    return np.sum(np.dot(a, B3) ** 2)          # shape (2, 3, 2, 3)


@case(B3)
def dot_3d_wrt_second(b):
    return np.sum(np.sin(np.dot(A3, b)))


@case(A3)
def dot_3d_with_vector(a):
    return np.sum(np.dot(a, v) ** 2)


@case(A3)
def transpose_3d_reverses_all(a):
    return np.sum(a.T * np.arange(24.0).reshape(4, 3, 2))


@case(A3)
def matmul_broadcast_batched(a):
    return np.sum((a @ B3[0]) ** 2)


@case(M)
def outer_of_2d_flattens(m):
    return np.sum(np.outer(m, m[0]) * np.arange(27.0).reshape(9, 3))


@case(M)
def vdot_flattens(m):
    return np.vdot(m, m.T @ m)


@case(M)
def inner_2d(m):
    return np.sum(np.inner(m, M) * np.arange(9.0).reshape(3, 3))


@case(v)
def matmul_vector_vector(x):
    return x @ x


@case(v)
def matmul_vector_matrix(x):
    return np.sum((x @ W43) ** 2) + np.sum((np.ones((2, 4)) @ x) ** 3)


@case(v)
def sum_with_where(x):
    return np.sum(x ** 2, where=x > 0)


@case(v)
def mean_with_where(x):
    return np.mean(np.exp(x), where=np.array([True, False, True, True]))


@case(v)
def max_with_initial_and_where(x):
    return np.max(x ** 2, initial=-1.0, where=np.array([True, True, False, True]))


@case(v)
def sum_with_initial(x):
    return np.sum(x ** 2, initial=3.0) * np.prod(x, initial=2.0)


@case(M)
def builtin_sum_over_2d(m):
    s = sum(m)                                  # sums rows: a vector
    return np.sum(s * np.array([1.0, 2.0, 3.0]))


@case(M)
def builtin_max_min_over_rows(m):
    return max(m[0]) - min(m[:, 1]) + abs(m[2, 2])


@case(np.array([1.5, 0.0, -2.0, 0.7]))
def prod_with_exact_zero(x):
    return np.prod(x)


@case(np.array([1.5, 0.0, -2.0, 0.7]))
def cumprod_with_exact_zero(x):
    return np.sum(np.cumprod(x))


@case(np.array([1.5, 0.0, 0.0, 0.7]))
def prod_with_two_zeros(x):
    return np.prod(x) + np.sum(x)


@case(np.array([0.2, 0.9, 1.7]))
def interp_wrt_query(xq):
    xp = np.array([0.0, 0.5, 1.0, 2.0])
    fp = np.array([1.0, 2.0, 0.5, 3.0])
    return np.sum(np.interp(xq, xp, fp) ** 2)


@case(np.array([1.0, 2.0, 0.5, 3.0]))
def interp_wrt_table(fp):
    return np.sum(np.interp(np.array([0.2, 0.9, 1.7, 2.5]), np.array([0.0, 0.5, 1.0, 2.0]), fp))


@case(np.array([0.0, 0.5, 1.0, 2.0]))
def interp_wrt_knots(xp):
    return np.sum(np.interp(np.array([0.2, 0.9, 1.7]), xp, np.array([1.0, 2.0, 0.5, 3.0])))


@case(v)
def diff_n2_prepend(x):
    return np.sum(np.diff(x, n=2, prepend=0.0) ** 2)


@case(v)
def np_gradient_edge_order(x):
    return np.sum(np.gradient(x ** 2, 0.5, edge_order=2) ** 2)


@case(rs.randn(5))
def median_odd(x):
    return np.median(x) ** 2


@case(rs.randn(6))
def median_even(x):
    return np.median(np.exp(x))


@case(rs.randn(7))
def percentile_linear(x):
    return np.percentile(x, 30.0) + np.quantile(x, [0.1, 0.9]).sum()


@case(M)
def einsum_diag_trace_ellipsis(m):
    d = np.einsum('ii->i', m)
    t = np.einsum('ii', m @ m)
    e = np.einsum('...ij,...jk->...ik', m[None], m[None])
    return np.sum(d ** 2) + t + np.sum(e)


@case(M)
def trace_offset_and_diag_k(m):
    return np.trace(m, offset=1) + np.sum(np.diag(m, k=-1) ** 2) + np.sum(np.triu(m, 1) ** 2)


@case(v)
def piecewise_callables(x):
    y = np.piecewise(x, [x < 0, x >= 0], [lambda t: t ** 2, lambda t: np.sin(t)])
    return np.sum(y)


@case(v)
def select_conditions(x):
    y = np.select([x < -0.5, x < 0.5], [x ** 2, np.cos(x)], default=x ** 3)
    return np.sum(y)


@case(v)
def clip_method_and_kwargs(x):
    return np.sum(x.clip(min=-0.5) ** 2) + np.sum(np.clip(x, None, 0.3) ** 3)


@case(rs.randn(3, 4))
def std_var_ddof(x):
    return np.sum(x.std(axis=1, ddof=1)) + x.var(ddof=1)


@case(rs.randn(3, 4))
def norms_orders(x):
    return (np.linalg.norm(x, 'fro') + np.linalg.norm(x, ord=1) + np.linalg.norm(x, ord=np.inf)
            + np.sum(np.linalg.norm(x, ord=3, axis=1)))


@case(rs.randn(3, 3))
def nuclear_and_2norm(x):
    return np.linalg.norm(x, 'nuc') + np.linalg.norm(x, 2)


@case(rs.randn(4))
def kron_tile_repeat(x):
    K = np.kron(x[:2], np.array([1.0, -1.0, 2.0]))
    T = np.tile(x, (2, 1))
    R = np.repeat(x, [1, 2, 0, 3])
    return np.sum(K ** 2) + np.sum(T * np.arange(8.0).reshape(2, 4)) + np.sum(R ** 3)


@case(rs.randn(5))
def pad_modes(x):
    return (np.sum(np.pad(x, 2, mode='reflect') * np.arange(9.0))
            + np.sum(np.pad(x, (1, 2), mode='edge') ** 2)
            + np.sum(np.pad(x, 1, mode='wrap') * np.arange(7.0)))


@case(rs.randn(3))
def cross_product(x):
    return np.sum(np.cross(x, np.array([0.3, -1.0, 2.0])) ** 2)


@case(rs.randn(4))
def polyval_and_polyder(c):
    t = np.linspace(-1, 1, 5)
    return np.sum(np.polyval(c, t) ** 2) + np.sum(np.polyval(np.polyder(c), t))


@case(rs.randn(6))
def polyfit_lstsq(y):
    t = np.linspace(0, 1, 6)
    c = np.polyfit(t, y, 2)
    return np.sum(c ** 2)


@case(rs.randn(2, 3))
def meshgrid_xy_vs_ij(x):
    X, Y = np.meshgrid(x[0], x[1])
    P, Q = np.meshgrid(x[0], x[1], indexing='ij')
    return np.sum(X * Y * np.arange(9.0).reshape(3, 3)) + np.sum(P * np.arange(9.0).reshape(3, 3))


@case(rs.randn(4))
def cumsum_2d_axis_none(x):
    m = np.outer(x, np.array([1.0, 2.0]))
    return np.sum(np.cumsum(m) * np.arange(8.0))


@case(rs.randn(4))
def where_single_arg_indices(x):
    idx = np.where(x > 0)[0]
    return np.sum(x[idx] ** 2) + np.sum(x[np.nonzero(x < 0)] ** 3)


@case(rs.randn(5))
def bool_mask_cast_to_int_index(x):
    mask = x > 0
    return np.sum(x[mask.astype(int)] * np.arange(5.0))   # indexes positions 0/1, not a mask
