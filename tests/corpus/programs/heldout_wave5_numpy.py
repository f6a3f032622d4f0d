"""Held-out wave 5: NumPy semantics corners -- advanced indices split by a slice (their axes go
first), mixed int/list/slice indices, 2-D boolean masks on 3-D arrays, repeated indices in
assignment and in-place ops (buffered: last write wins), negative strides, 0-d arrays, np.pad
modes, convolve/correlate modes, np.gradient, np.interp with respect to every argument,
polyfit/polyval, linspace/geomspace with differentiated endpoints, constructors from scalars,
reductions with where=/initial=, ndarray methods."""

import numpy as np

from ..case import case

rs = np.random.default_rng(77)
T3 = rs.normal(size=(3, 4, 5))
x6 = rs.normal(size=6)


@case(T3)
def advanced_indices_separated_by_slice_gather(T):
    g = T[[0, 2], :, [1, 3]]          # shape (2, 4): advanced dims go first
    return np.sum(g * np.arange(8).reshape(2, 4))


@case(T3)
def advanced_indices_separated_by_slice_scatter(T):
    U = T.copy()
    U[[0, 2], :, [1, 3]] = np.arange(8.0).reshape(2, 4) * T[0, :, 0]
    return np.sum(U ** 2)


@case(T3)
def advanced_adjacent_indices_gather(T):
    g = T[:, [0, 1, 1], [2, 2, 4]]    # shape (3, 3)
    return np.sum(g * np.arange(9).reshape(3, 3))


@case(T3)
def mixed_int_and_list_index(T):
    g = T[1, [0, 3], 2:4]             # (2, 2)
    h = T[[1], 0, [2, 4]]             # (2,)
    return np.sum(g ** 2) + np.sum(h * [1.0, 3.0])


@case(T3)
def mixed_int_slice_list_scatter_iadd(T):
    U = T.copy()
    U[1, [0, 0, 3], 2:4] += T[2, :3, :2]     # repeated index: buffered, last wins
    return np.sum(U ** 2)


@case(T3)
def bool_mask_2d_on_3d(T):
    m = T[:, :, 0] > 0
    return np.sum(T[m] ** 2) + np.sum(T[m][:, 1])


@case(T3)
def bool_mask_2d_on_3d_assign(T):
    U = T.copy()
    m = T[:, :, 0] > 0
    U[m] = U[m] * 2 + T[0, 0]
    return np.sum(U ** 2)


@case(rs.normal(size=(4, 3)))
def fancy_row_assign_broadcast(A):
    B = np.zeros((5, 3))
    B[[0, 3, 3]] = A[0]
    B[[1, 2], :] = A[1:3]
    return np.sum(B * np.arange(15).reshape(5, 3))


@case(rs.normal(size=(4, 3)))
def repeated_column_assign_last_wins(A):
    B = np.zeros((4, 3))
    B[:, [0, 0]] = A[:, 1:]
    return np.sum(B ** 2 * np.arange(12).reshape(4, 3))


@case(x6)
def repeated_index_imul(x):
    y = x.copy()
    y[[0, 0, 1]] *= x[2]
    return np.sum(y ** 2)


@case(x6)
def gather_reverse_repeated_assign(x):
    y = x.copy()
    i = np.array([1, 1, 4])
    y[i] = y[i[::-1]] * 3
    return np.sum(y * np.arange(6))


@case(x6, expect='refused',
      why='np.put (rare)')
def np_put_repeated(x):
    y = np.zeros(6)
    np.put(y, [0, 0, 5], x[:3])
    return np.sum(y ** 2 * np.arange(1, 7))


@case(x6)
def add_at_negative_and_slice(x):
    y = np.zeros(6)
    np.add.at(y, [-1, -1, 0], x[:3])
    np.add.at(y, slice(1, 4), x[3:])
    return np.sum(y ** 2 * np.arange(1, 7))


@case(rs.normal(size=(3, 4)))
def take_axis1_repeated(A):
    return np.sum(np.take(A, [0, 2, 2, 3], axis=1) ** 2 * np.arange(4))


@case(x6)
def negative_stride_gather_scatter(x):
    y = np.zeros(6)
    y[::-2] = x[:3] * 2
    return np.sum((y + x[::-1]) ** 2 * np.arange(6))


@case(x6)
def zero_d_array_accumulate(x):
    s = np.zeros(())
    for v in x:
        s += v * v
    return s * 1.0


@case(x6)
def zero_d_getitem_empty_tuple(x):
    s = np.sum(x ** 2)
    return s[()] + np.asarray(x[0])[()] * 2


@case(rs.normal(size=(3, 4)))
def item_by_flat_index(A):
    return A.item(5) * A.item(1, 2) + A[1].item(0)


@case(x6)
def python_float_acc_becomes_array(x):
    acc = 0
    acc += x
    acc *= 2
    return np.sum(acc ** 2)


@case(x6)
def repeat_tile_resize(x):
    return (np.sum(np.repeat(x, 2) * np.arange(12)) + np.sum(np.tile(x[:2], 3) * np.arange(6))
            + np.sum(np.resize(x, 8) * np.arange(8)))


@case(rs.normal(size=(3, 4)), expect='refused',
      why='np.pad mode=maximum has no rule (FALSE refusal)')
def pad_modes(A):
    tot = 0.0
    for mode in ['constant', 'edge', 'reflect', 'symmetric', 'wrap', 'mean', 'maximum']:
        P = np.pad(A, ((1, 2), (2, 1)), mode=mode)
        tot = tot + np.sum(P * np.arange(P.size).reshape(P.shape)) / P.size
    return tot


@case(rs.normal(size=(3, 4)), expect='refused',
      why='np.pad mode=linear_ramp has no rule (rare)')
def pad_linear_ramp_and_constant_values(A):
    P = np.pad(A, 1, mode='linear_ramp', end_values=0.5) + np.pad(A, 1, constant_values=(1.0, 2.0))
    return np.sum(P * np.arange(P.size).reshape(P.shape))


@case(x6)
def convolve_modes(x):
    k = np.array([0.25, 0.5, 0.25, -0.1])
    return (np.sum(np.convolve(x, k, 'full') ** 2) + np.sum(np.convolve(x, k, 'same') * np.arange(6))
            + np.sum(np.correlate(x, k, 'valid') ** 2) + np.sum(np.convolve(k, x, 'same')))


@case(x6)
def np_gradient_variants(x):
    return (np.sum(np.gradient(x) ** 2) + np.sum(np.gradient(x, 0.3, edge_order=2) * np.arange(6))
            + np.sum(np.gradient(x, np.cumsum(np.linspace(0.5, 1.0, 6))) ** 2))


@case(rs.normal(size=(3, 4)))
def np_gradient_2d_axis(A):
    gy, gx = np.gradient(A)
    return np.sum(gx ** 2 + gy * np.arange(4))


@case(x6)
def trapezoid_with_x(x):
    t = np.linspace(0, 1, 6) ** 2
    return np.trapezoid(x ** 2, t) + np.trapezoid(np.exp(x), dx=0.2)


@case(x6)
def interp_wrt_breakpoint_values_and_left_right(x):
    xp = np.array([0.0, 0.2, 0.5, 0.6, 0.9, 1.0])
    q = np.array([-0.5, 0.1, 0.55, 0.95, 1.5])
    return np.sum(np.interp(q, xp, x, left=x[1], right=0.0) ** 2)


@case(np.array([0.05, 0.33, 0.52, 0.91]))
def interp_wrt_query_points(q):
    xp = np.array([0.0, 0.2, 0.5, 0.6, 0.9, 1.0])
    fp = np.array([0.0, 1.0, -1.0, 2.0, 0.5, 0.0])
    return np.sum(np.interp(q, xp, fp) ** 2)


@case(np.array([0.05, 0.23, 0.52, 0.61, 0.92, 1.1]))
def interp_wrt_breakpoint_positions(xp):
    q = np.array([0.1, 0.3, 0.55, 0.7])
    fp = np.array([0.0, 1.0, -1.0, 2.0, 0.5, 0.0])
    return np.sum(np.interp(q, xp, fp) ** 2)


@case(np.array([1.0, -0.5, 0.3]), expect='refused',
      why='calling np.poly1d(p) (FALSE refusal)')
def polyval_poly1d_polyder(p):
    t = np.linspace(-1, 1, 5)
    return np.sum(np.polyval(p, t) ** 2) + np.poly1d(p)(0.5) + np.sum(np.polyder(p))


@case(np.array([0.1, 0.9, 2.1, 2.9, 4.2, 5.1]))
def polyfit_slope(y):
    t = np.arange(6.0)
    coef = np.polyfit(t, y, 2)
    return np.sum(coef ** 2)


@case(np.array([1.0, -3.0, 2.5]), expect='refused',
      why='np.roots has no rule (FALSE refusal)')
def roots_of_quadratic(p):
    r = np.roots(p)
    return np.sum(r.real ** 2)


@case(np.array([0.5, 2.0]))
def linspace_active_endpoints(ab):
    t = np.linspace(ab[0], ab[1], 5)
    return np.sum(np.sin(t)) + np.sum(np.geomspace(ab[0], ab[1], 4)) + np.sum(np.logspace(ab[0], ab[1], 3, base=2.0))


@case(np.array([0.5, 2.0]))
def linspace_endpoint_false_and_retstep(ab):
    t, step = np.linspace(ab[0], ab[1], 4, endpoint=False, retstep=True)
    return np.sum(t ** 2) + step


@case(x6)
def full_and_like_constructors(x):
    return (np.sum(np.full(3, x[0]) * np.arange(3)) + np.sum(np.full_like(x, x[1]) * x)
            + np.sum(np.ones_like(x) * x[2] + np.zeros_like(x) + x))


@case(x6)
def meshgrid_vander_diag(x):
    X, Y = np.meshgrid(x[:3], x[3:], indexing='ij')
    V = np.vander(x[:3], 3)
    return np.sum(X * Y ** 2) + np.sum(V * np.arange(9).reshape(3, 3)) + np.sum(np.diag(x[:3], k=1) @ np.ones(4)) + np.sum(np.diagflat(x[:2]) ** 2)


@case(x6)
def build_matrix_from_scalars(x):
    M = np.array([[x[0], 0.0], [x[1], x[2]]])
    v = np.asarray([x[3], 1.0])
    return v @ M @ v + np.linalg.det(M)


@case(x6)
def array_of_list_of_arrays(x):
    M = np.array([x, x ** 2, np.ones(6)])
    return np.sum(M @ M.T)


@case(x6)
def r_c_block_column_stack(x):
    a, b = x[:3], x[3:]
    M = np.block([[np.diag(a), np.outer(a, b)], [np.zeros((3, 3)), np.diag(b)]])
    return (np.sum(M ** 2) + np.sum(np.r_[a, 0.0, b] * np.arange(7)) + np.sum(np.c_[a, b] ** 3)
            + np.sum(np.column_stack([a, b]) @ [1.0, -1.0]) + np.sum(np.dstack([a, b])))


@case(x6)
def append_insert_delete(x):
    y = np.append(x, x[0] * 2)
    z = np.insert(y, 2, x[1] ** 2)
    w = np.delete(z, [0, 4])
    return np.sum(w * np.arange(len(w)))


@case(x6, expect='refused',
      why='np.fromiter of a generator (FALSE refusal)')
def fromiter_and_stack_last_axis(x):
    f = np.fromiter((v * v for v in x), dtype=float)
    return np.sum(f) + np.sum(np.stack([x, f], axis=-1) @ [1.0, 2.0])


@case(x6)
def reductions_with_where_initial(x):
    m = x > -0.3
    return (np.sum(x ** 2, where=m) + np.mean(x, where=m) + np.max(x, initial=-10.0, where=m)
            + np.sum(x, initial=5.0) + np.prod(x[:3], where=np.array([True, False, True])))


@case(rs.normal(size=(4, 3)))
def std_var_ddof_axes(A):
    return np.sum(np.std(A, axis=0, ddof=1)) + np.var(A, ddof=1) + np.sum(A.std(axis=1)) + np.ptp(A)


@case(x6)
def average_with_active_weights(x):
    w = np.exp(x)
    avg, sw = np.average(np.arange(6.0), weights=w, returned=True)
    return avg + np.average(x, weights=np.arange(1, 7)) + sw


@case(rs.normal(size=(3, 4)))
def ndarray_methods(A):
    return (A.clip(min=-0.5).sum() + A.round(0).sum() * A.sum() + A.cumsum().sum() + A.prod(axis=0).sum()
            + A.var() + A.dot(A.T).trace() + A.conj().max() + A.mean(where=A > 0) + A.cumprod(axis=1).sum())


@case(rs.normal(size=(3, 4)))
def expand_squeeze_moveaxis(A):
    B = np.expand_dims(A, (0, 3))
    C = np.moveaxis(B, [0, 1], [-1, -2])
    return np.sum(np.squeeze(C, axis=(0,)) * np.arange(12).reshape(4, 1, 3)[..., 0][None] if False else np.squeeze(C) ** 2)


@case(rs.normal(size=(3, 4)))
def norm_axis_tuple_keepdims(A):
    return np.sum(np.linalg.norm(A, axis=(0, 1))) + np.sum(A / np.linalg.norm(A, axis=1, keepdims=True))


@case(x6)
def none_ellipsis_indexing(x):
    A = x.reshape(2, 3)
    return np.sum(A[None, ..., None] * A[:, None, :, None]) + np.sum(A[..., ::-1] * A)


@case(x6)
def histogram_weights_zero_derivative_in_bins(x):
    h, edges = np.histogram(np.linspace(0, 1, 6), bins=3, weights=x ** 2)
    return np.sum(h * [1.0, 2.0, 3.0])


@case(x6)
def sort_descending_with_negation(x):
    return np.sum(-np.sort(-x) * np.arange(6)) + np.sum(np.sort(x)[::-1][:2])


@case(rs.normal(size=(3, 4)))
def lexsort_and_argsort_axis0(A):
    order = np.argsort(A, axis=0)
    return np.sum(np.take_along_axis(A, order, axis=0) * np.arange(12).reshape(3, 4))
