"""Held-out wave 4, part nine: NumPy corners as everyday code hits them -- in-place ops
on views and slices, out= arguments, repeated fancy indices in reads and writes,
np.add.at, boolean-mask assignment, 0-d arrays, empty reductions, integer and
float32 constants mixed in, keepdims/axis=-1, sort/argsort/take_along_axis,
np.where with one and three arguments, clip with None, cumulative ufuncs,
einsum/tensordot/kron, linalg (det, inv, pinv, eigh, qr), nan-aware reductions."""

import numpy as np

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
rs = np.random.RandomState(123)
v5 = np.array([0.3, -1.2, 0.7, 2.1, -0.4])
M34 = rs.randn(3, 4)


@case(v5.copy(),
      expect='refused', why='in-place write through a slice view of a local array that is read afterwards')
def inplace_on_slice_view_of_copy(x):
    y = x.copy()
    head = y[:3]
    head *= 2.0          # writes through the view into y
    head += y[3]
    return np.sum(y ** 2)


@case(M34.copy(),
      expect='refused', why='in-place write through a transposed view that is read afterwards')
def transpose_view_inplace_add(A):
    B = A.copy()
    Bt = B.T
    Bt[0] += 1.5 * Bt[1]   # modifies column 0 of B
    return np.sum(B * np.arange(12).reshape(3, 4))


@case(v5.copy())
def ufunc_out_argument_into_preallocated(x):
    buf = np.empty_like(x)
    np.multiply(x, x, out=buf)
    np.add(buf, 1.0, out=buf)
    np.log(buf, out=buf)
    return buf.sum()


@case(v5.copy())
def repeated_fancy_index_read(x):
    idx = np.array([0, 0, 3, 3, 3, 1])
    return np.sum(x[idx] ** 2)


@case(v5.copy())
def repeated_fancy_index_augassign_buffered(x):
    y = np.zeros(3)
    idx = np.array([0, 0, 2])
    y[idx] += x[:3]       # buffered: the first write to 0 is lost
    return np.sum(y ** 2) + y[0]


@case(v5.copy())
def np_add_at_unbuffered_scatter(x):
    y = np.zeros(3)
    np.add.at(y, [0, 0, 2, 1, 2], x)
    return np.sum(y ** 3)


@case(v5.copy())
def repeated_index_assignment_last_wins(x):
    y = np.zeros(3)
    y[[1, 1, 2]] = x[:3]
    return y @ np.array([1.0, 2.0, 3.0])


@case(v5.copy())
def boolean_mask_assign_and_multiply(x):
    y = x.copy()
    neg = y < 0
    y[neg] = 0.1 * y[neg]
    y[~neg] **= 2
    return y.sum()


@case(np.array(1.3))
def zero_d_array_input(a):
    b = a * np.ones(3)
    return float(np.sum(b ** 2) + a[()] ** 3)


@case(v5.copy())
def empty_slice_reductions(x):
    empty = x[5:]
    return np.sum(empty) + x.sum() + np.prod(x[2:2]) * x[0]


@case(v5.copy())
def integer_and_float32_constants_mixed(x):
    w = np.arange(5)                      # int64
    s = np.float32(0.5)
    c = np.array([1, 2, 3, 4, 5], dtype=np.float32)
    return np.sum(w * x ** 2) + s * np.sum(c * x)


@case(M34.copy())
def keepdims_axis_minus_one_normalise(A):
    norms = np.linalg.norm(A, axis=-1, keepdims=True)
    U = A / norms
    return np.sum(U @ U.T)


@case(v5.copy())
def sort_then_weighted_sum(x):
    s = np.sort(x)[::-1]
    return np.sum(s * np.array([5.0, 4.0, 3.0, 2.0, 1.0]))


@case(M34.copy())
def argsort_take_along_axis(A):
    order = np.argsort(A, axis=1)
    top = np.take_along_axis(A, order[:, -2:], axis=1)
    return np.sum(top ** 2)


@case(v5.copy())
def where_one_arg_nonzero_indices(x):
    (pos,) = np.where(x > 0)
    return np.sum(x[pos] ** 2) - np.sum(np.where(x > 0, 0.0, x))


@case(v5.copy())
def clip_with_none_bound(x):
    return np.sum(np.clip(x, None, 1.0) ** 2) + np.sum(np.clip(x, -0.5, None))


@case(np.array([1.2, 0.7, 1.5, 0.9]))
def cumprod_cummax_accumulate(x):
    cp = np.cumprod(x)
    run_max = np.maximum.accumulate(x)
    return cp[-1] + run_max.sum()


@case(M34.copy())
def einsum_tensordot_kron(A):
    B = np.einsum('ij,kj->ik', A, A)
    T = np.tensordot(A, A, axes=([1], [1]))
    K = np.kron(A[:2, :2], np.eye(2))
    return np.trace(B) + np.sum(T * B) * 0.01 + np.sum(K ** 2)


@case(np.array([[2.0, 0.3, 0.1], [0.3, 1.5, 0.2], [0.1, 0.2, 1.0]]))
def det_inv_pinv_combo(A):
    return np.linalg.det(A) + np.trace(np.linalg.inv(A)) + np.sum(np.linalg.pinv(A[:, :2]))


@case(np.array([[2.0, 0.3, 0.1], [0.3, 1.5, 0.2], [0.1, 0.2, 1.0]]))
def eigh_top_eigenvalue_and_qr(A):
    S = 0.5 * (A + A.T)
    w, V = np.linalg.eigh(S)
    Q, R = np.linalg.qr(A)
    return w[-1] + np.sum(np.abs(np.diag(R)))


@case(v5.copy())
def nan_aware_reductions_with_mask(x):
    y = np.where(np.abs(x) > 1.0, np.nan, x)
    return np.nansum(y ** 2) + np.nanmean(y) + np.nanmax(y)


@case(M34.copy())
def mean_with_where_and_sum_with_initial(A):
    m = np.mean(A, axis=1, where=A > -0.5)
    return np.sum(m) + np.sum(A, initial=2.0) + np.max(A, initial=-10.0)


@case(M34.copy())
def average_weights_returned_tuple(A):
    avg, wsum = np.average(A, axis=0, weights=np.array([1.0, 2.0, 3.0]), returned=True)
    return np.sum(avg ** 2) + wsum.sum()


@case(v5.copy())
def percentile_median_ptp(x):
    return np.percentile(x, 75) + np.median(x) + np.ptp(x)


@case(M34.copy())
def broadcast_to_and_newaxis_ellipsis(A):
    B = np.broadcast_to(A[..., np.newaxis], (3, 4, 2))
    return np.sum(B * np.array([1.0, -1.0])) + np.sum(B[..., 0] ** 2)


@case(np.arange(10.0) / 10)
def array_split_uneven_and_hsplit(x):
    parts = np.array_split(x, 3)
    a, b = np.hsplit(x.reshape(2, 5)[:, :4], 2)
    return sum(np.sum(p ** 2) * (i + 1) for i, p in enumerate(parts)) + np.sum(a * b)


@case(v5.copy())
def hypot_arctan2_sinc_log2(x):
    y = x[::-1]
    return np.sum(np.hypot(x, y) + np.arctan2(x, y + 3.0) + np.sinc(x) + np.log2(x ** 2 + 1))


@case(np.array([1.5, 0.5, 2.0]))
def power_with_integer_array_exponent(x):
    k = np.array([2, 3, -1])
    return np.sum(np.power(x, k)) + np.sum(np.float_power(x, 1.5)) + np.sum(x ** k)


@case(v5.copy())
def flip_roll_diff_prepend(x):
    return np.sum(np.diff(np.flip(x), prepend=0.0) ** 2) + np.roll(x, 2)[0]


@case(M34.copy())
def meshgrid_ij_and_outer(A):
    X, Y = np.meshgrid(A[0], A[1], indexing='ij')
    return np.sum(X * Y) + np.sum(np.outer(A[2], A[0]))


@case(M34.copy())
def take_and_compress_and_extract(A):
    t = np.take(A, [0, 2, 2], axis=1)
    c = np.compress([True, False, True], A, axis=0)
    e = np.extract(A > 0, A)
    return np.sum(t ** 2) + np.sum(c) + np.sum(e ** 3)


@case(v5.copy())
def stack_concatenate_axis_minus_one(x):
    P = np.stack([x, x ** 2, np.sin(x)], axis=-1)
    Q = np.concatenate([P, P[:, :1]], axis=-1)
    return np.sum(Q.var(axis=-1, ddof=1))


@case(v5.copy())
def tril_triu_diag_construction(x):
    L = np.tril(np.outer(x, x))
    U = np.triu(np.outer(x, x), k=1)
    D = np.diag(x) + np.diag(x[:4], k=1)
    return np.sum(L - U) + np.sum(D @ D)


@case(v5.copy())
def sign_abs_copysign(x):
    return np.sum(np.sign(x) * x ** 2) + np.sum(np.abs(x) ** 1.5) + np.sum(np.copysign(x, -1.0))


# FIXED on the live tree (was nan in grad/vjp/hvp; jvp was right): the "safe" np.where idiom whose
# unselected branch is nan/inf -- probe4 W3, tests/regressions/test_heldout_wave4.py
@case(np.array([-1.0, 0.5, 2.0]))
def where_safe_sqrt_masked_branch(r):
    return np.sum(np.where(r > 0, np.sqrt(r), 0.0) * np.array([1.0, 2.0, 3.0]))


# FIXED on the live tree as above: sinc written with np.where, evaluated at 0 (no hvp: at the point 0
# the program's own branch is the constant 1, whose second derivative 0 is not sinc's -2/3)
@case(np.array([0.0, 0.5, 2.0]), modes=FIRST)
def sinc_by_np_where_at_zero(x):
    return np.sum(np.where(x == 0, 1.0, np.sin(x) / x) ** 2)


@case(np.array([0.0, 0.5, 2.0]))
def sinc_by_np_sinc_at_zero(x):
    return np.sum(np.sinc(x / np.pi) ** 2)


@case(np.array([[0.0, 0.0], [1.0, 2.0], [0.5, -0.5]]), modes=FIRST)  # (no hvp: |p| at p = 0)
def safe_norm_double_where_trick(P):
    sq = np.sum(P ** 2, axis=1)
    safe = np.where(sq > 0, sq, 1.0)
    return np.sum(np.where(sq > 0, np.sqrt(safe), 0.0))


# FIXED (was a crash in value_and_grad: the optimizer wrote the adjoint of a reduction over every
# axis as g[None] and g was the Python float seed) -- probe4 C2
@case(v5.copy())
def sum_axis0_of_a_vector(x):
    return np.sum(np.abs(x) ** 3, axis=0) + np.max(x)


@case(M34.copy())
def sum_over_both_axes_tuple(A):
    return np.sum(A ** 3, axis=(0, 1)) + np.mean(np.tanh(A), axis=(1, 0))


# FIXED (was a crash: np.prod of an empty slice) -- probe4 C1
@case(v5.copy())
def prod_of_empty_tail_in_a_loop(x):
    total = 0.0
    for k in range(len(x) + 1):
        total = total + np.prod(x[k:]) * 0.1
    return total


# FIXED (was WRONG, a silent zero: out= into a ufunc method was not seen as a write) -- probe4 W6
@case(v5.copy())
def running_max_and_sum_into_buffers(x):
    run = np.empty_like(x)
    np.maximum.accumulate(x, out=run)
    tot = np.zeros(())
    np.add.reduce(x ** 2, out=tot)
    return np.sum(run ** 2) + float(tot)


# FIXED (was WRONG, a silent zero: the write through a positional out was lost) -- probe4 W5;
# now refused with "out given by position is not supported: pass out="
@case(v5.copy(), expect='refused', why='out given by position (np.dot(a, b, out))')
def dot_into_preallocated_positional_out(x):
    buf = np.zeros(2)
    np.dot(np.arange(10.0).reshape(2, 5), x, buf)
    return np.sum(buf ** 2)


# FIXED by H4 (was nan in grad: np.clip's adjoint multiplied the clipped branch's inf by 0) -- probe4 W8
@case(np.array([-0.5, 0.25, 1.5]))
def sqrt_of_clipped_at_zero(x):
    return np.sum(np.sqrt(np.clip(x, 0.0, None)) * np.array([1.0, 2.0, 3.0]))


@case(np.array([0.3, 0.4, 0.6, 0.8, 0.1, -0.2]), modes=FIRST)
def angle_between_vectors_clipped_arccos(p):
    u, v, w = p[:2], p[2:4], p[4:]
    def angle(a, b):
        c = a @ b / (np.linalg.norm(a) * np.linalg.norm(b))
        return np.arccos(np.clip(c * 1.0000001, -1.0, 1.0))
    return angle(u, v) + angle(u, w) + angle(v, w)
