"""Held-out wave 6: views and aliasing the way people write them -- x = x.T then writes,
reshape of a transposed array (a COPY) then a write, ravel vs flatten, out= arguments,
np.copyto with where=, a[...] =, row-swap idioms that go wrong in numpy, overlapping in-place
updates (numpy buffers them), np.asarray/np.array(copy=False) aliases, sort in place."""

import numpy as np

from ..case import case

rs = np.random.RandomState(66)
A = rs.randn(3, 3)
v5 = rs.randn(5)


@case(A,
      expect='refused', why='grad: srcad does not support writing into "c" while "b" refers to the same data and is read afterwards (FALSE refusal, R1)')
def transpose_then_write_view(a):
    b = a.copy()
    c = b.T
    c[0] = c[0] * 3.0          # writes into b's column 0
    return np.sum(b * np.arange(9.0).reshape(3, 3))


@case(A)
def rebind_x_to_transpose_write(a):
    x = a * 1.0
    x = x.T
    x[:, 1] = np.sin(x[:, 1])
    return np.sum(x ** 2 * np.arange(9.0).reshape(3, 3))


@case(A,
      expect='refused', why='grad: srcad does not support writing into "flat" while "b" refers to the same data and is read afterwards (FALSE refusal, R1)')
def reshape_of_transpose_is_copy(a):
    b = a * 2.0
    flat = b.T.reshape(-1)     # not contiguous: a copy
    flat[0] = 100.0            # does NOT change b
    return np.sum(b ** 2) + np.sum(flat)


@case(A,
      expect='refused', why='grad: srcad does not support writing into "flat" while "b" refers to the same data and is read afterwards (FALSE refusal, R1)')
def reshape_contiguous_is_view(a):
    b = a * 2.0
    flat = b.reshape(-1)       # a view
    flat[0] = 0.0              # changes b[0, 0]
    return np.sum(b ** 2)


@case(A,
      expect='refused', why='grad: srcad does not support writing into "r" while "b" refers to the same data and is read afterwards (FALSE refusal, R1)')
def ravel_of_transpose_copy(a):
    b = a + 0.0
    r = b.T.ravel()
    r[1] = -1.0
    return np.sum(b * r.reshape(3, 3))


@case(A)
def flatten_is_copy(a):
    b = a + 0.0
    f = b.flatten()
    f *= 2.0
    return np.sum(b ** 2) + np.sum(f)


@case(A)
def out_argument_into_self(a):
    b = a.copy()
    np.multiply(b, b, out=b)
    np.add(b, 1.0, out=b)
    return np.sum(np.sqrt(b))


@case(A,
      expect='refused', why='grad: srcad supports out= only with a local array, not b[1] (FALSE refusal, R1)')
def out_argument_into_view(a):
    b = np.zeros((3, 3))
    np.exp(a[0], out=b[1])
    return np.sum(b * np.arange(9.0).reshape(3, 3))


@case(v5)
def out_argument_other_buffer(x):
    buf = np.empty(5)
    y = np.tanh(x, out=buf)
    return np.sum(y) + np.sum(buf ** 2)


@case(v5)
def copyto_with_where(x):
    y = np.zeros(5)
    np.copyto(y, x ** 2, where=x > 0)
    return np.sum(y * np.arange(1.0, 6.0))


@case(v5)
def copyto_plain(x):
    y = np.ones(5)
    np.copyto(y, np.sin(x))
    return np.sum(y ** 2)


@case(A)
def ellipsis_setitem_whole(a):
    b = np.empty_like(a)
    b[...] = a ** 2
    b[...] += a
    return np.sum(b)


@case(A)
def row_swap_tuple_views_bug(a):
    # the classic numpy pitfall: a[0], a[1] = a[1], a[0] copies row 1 into BOTH rows
    b = a.copy()
    b[0], b[1] = b[1], b[0]
    return np.sum(b * np.arange(9.0).reshape(3, 3))


@case(A)
def row_swap_fancy_correct(a):
    b = a.copy()
    b[[0, 1]] = b[[1, 0]]
    return np.sum(b * np.arange(9.0).reshape(3, 3))


@case(A,
      expect='refused', why='grad: srcad does not support writing into "b" while "b_2" refers to the same data and is read afterwards (FALSE refusal, R1)')
def row_swap_with_copy(a):
    b = a.copy()
    b[0], b[1] = b[1].copy(), b[0].copy()
    return np.sum(b * np.arange(9.0).reshape(3, 3))


@case(v5)
def scalar_swap_elements(x):
    y = x.copy()
    y[0], y[4] = y[4], y[0]
    return np.sum(y * np.arange(1.0, 6.0))


@case(v5)
def overlapping_shift_assign(x):
    y = x.copy()
    y[1:] = y[:-1]
    return np.sum(y * np.arange(1.0, 6.0))


@case(v5)
def overlapping_shift_iadd(x):
    y = x.copy()
    y[1:] += y[:-1]           # numpy buffers the overlap: uses the old values
    return np.sum(y ** 2 * np.arange(1.0, 6.0))


@case(A)
def iadd_own_transpose(a):
    b = a.copy()
    b += b.T                  # overlap handled by numpy: result is symmetric
    return np.sum(b * np.arange(9.0).reshape(3, 3))


@case(A)
def isub_own_transpose_view(a):
    b = a * 1.0
    bt = b.T
    b -= bt
    return np.sum(b * np.arange(9.0).reshape(3, 3))


@case(v5)
def reversed_view_iadd(x):
    y = x.copy()
    y += y[::-1]
    return np.sum(y * np.arange(1.0, 6.0))


@case(v5,
      expect='refused', why='grad: srcad does not support writing into the result of np.asarray or into its argument while the other is read afte (FALSE refusal, R1)')
def asarray_is_alias(x):
    y = x * 1.0
    z = np.asarray(y)
    z[2] = 0.0
    return np.sum(y ** 2)


@case(v5,
      expect='refused', why='grad: srcad does not support writing into the result of np.array or into its argument while the other is read afterw (FALSE refusal, R1)')
def array_copy_false_alias(x):
    y = x * 1.0
    z = np.array(y, copy=None)
    z[0] = z[0] * 5
    return np.sum(y * np.arange(1.0, 6.0))


@case(v5)
def inplace_sort_then_use(x):
    y = x * 1.0
    y.sort()
    return np.sum(y * np.arange(1.0, 6.0))


@case(v5,
      expect='refused', why='grad: srcad does not support writing into "b", which refers to the data of the argument "x": NumPy would change the (FALSE refusal, R4)')
def view_of_view_write(x):
    y = x.copy()
    a = y[1:]
    b = a[::2]
    b[:] = 0.0                # zeros y[1] and y[3]
    return np.sum(y ** 2 * np.arange(1.0, 6.0))


@case(A)
def diagonal_writeable_via_fill_diagonal(a):
    b = a.copy()
    np.fill_diagonal(b, np.diag(b) ** 2)
    return np.sum(b * np.arange(9.0).reshape(3, 3))


@case(A)
def diag_view_is_readonly_so_copy(a):
    d = np.diagonal(a).copy()
    d[0] = 0.0
    return np.sum(d ** 2) + np.sum(a)


@case(A,
      expect='refused', why='grad: srcad only supports writing into an element of a local array, not b.flat (FALSE refusal, R1)')
def flat_iterator_setitem(a):
    b = a.copy()
    b.flat[[0, 4, 8]] = 1.0
    return np.sum(b ** 2)


@case(v5,
      expect='refused', why='grad: srcad does not support writing into "t1" while "x" refers to the same data and is read afterwards (FALSE refusal, R4)')
def list_of_array_aliases(x):
    y = x.copy()
    lst = [y, y]
    lst[0][0] = 10.0          # also visible through lst[1]
    return np.sum(lst[1] * x)


@case(v5,
      expect='refused', why='grad: srcad does not support writing into "y" while "d" refers to the same data and is read afterwards (FALSE refusal, R1)')
def dict_holds_view(x):
    y = x.copy()
    d = {'head': y[:2]}
    y[:2] *= 3.0
    return np.sum(d['head'] ** 2)


@case(A)
def column_view_inplace_divide(a):
    b = a + 2.0
    col = b[:, 0]
    col /= np.linalg.norm(col)
    return np.sum(b * np.arange(9.0).reshape(3, 3))


@case(A)
def gram_schmidt_inplace_columns(a):
    Q = a.copy()
    for j in range(3):
        for i in range(j):
            Q[:, j] -= np.dot(Q[:, i], Q[:, j]) * Q[:, i]
        Q[:, j] /= np.linalg.norm(Q[:, j])
    return np.sum(Q * np.arange(9.0).reshape(3, 3))


@case(v5,
      expect='refused', why='grad: srcad does not support writing into "z" while "y" refers to the same data and is read afterwards (FALSE refusal, R1)')
def swapaxes_expand_dims_write(x):
    y = np.zeros((5, 1))
    z = y.swapaxes(0, 1)
    z[0] = x ** 2
    return np.sum(y[:, 0] * np.arange(1.0, 6.0))


@case(v5)
def broadcast_to_read_only_use(x):
    B = np.broadcast_to(x, (3, 5))
    return np.sum(B * np.arange(15.0).reshape(3, 5))


@case(v5)
def np_roll_inplace_pattern(x):
    y = x.copy()
    y[:] = np.roll(y, 1)
    return np.sum(y * np.arange(1.0, 6.0))


@case(A,
      expect='refused', why='grad: srcad does not support writing into "s" while "b" refers to the same data and is read afterwards (FALSE refusal, R1)')
def squeeze_view_write(a):
    b = a.copy()[None]
    s = b.squeeze()
    s[1, 1] = 0.0
    return np.sum(b ** 2)


# WRONG today: family W4 (a, b = M gives row VIEWS; the in-place add is lost: value and grad)
@case(A, expect='refused', why='W4: a write through a row of an unpacked array (rows are views) is refused (FALSE refusal: could be exact)')
def unpack_rows_then_iadd(a):
    M = a * 1.0
    r0, r1, r2 = M
    r0 += r1
    return np.sum(M ** 2)


# WRONG today: family W4
@case(A, expect='refused', why='W4: a write through a row of an unpacked array (rows are views) is refused (FALSE refusal: could be exact)')
def unpack_rows_then_setitem(a):
    M = a + 0.0
    r0, r1, r2 = M
    r1[0] = 7.0
    return np.sum(M * np.arange(9.0).reshape(3, 3))


# WRONG today: family W4 (write into the base, read through an unpacked row)
@case(A, expect='refused', why='W4: a write through a row of an unpacked array (rows are views) is refused (FALSE refusal: could be exact)')
def unpack_rows_then_write_base(a):
    M = a + 0.0
    r0, r1, r2 = M
    M[0] = 0.0
    return np.sum(r0 ** 2) + np.sum(r1)


@case(A)
def unpack_rows_then_rebind_no_effect(a):
    M = a + 0.0
    r0, r1, r2 = M
    r0 = r0 + r1
    return np.sum(M ** 2) + np.sum(r0)


@case(rs.randn(3, 4), expect='refused', why='zs *= ... on an unpacked row of pts (FALSE refusal, R1)')
def unpack_xyz_coordinates_inplace_scale(P):
    pts = P.copy()
    xs, ys, zs = pts
    zs *= 0.5
    return np.sum(pts ** 2)


# WRONG today: family W4 (the base is scaled in place; the unpacked rows see it in NumPy)
@case(A, expect='refused', why='W4: a write through a row of an unpacked array (rows are views) is refused (FALSE refusal: could be exact)')
def unpack_rows_then_scale_base(a):
    M = a + 0.0
    r0, r1, r2 = M
    M *= 2.0
    return np.sum(r0 ** 2) + np.sum(r1 * r2)


# WRONG today: family W4 (unpacking a stack of matrices; a write into the first one)
@case(A, expect='refused', why='W4: a write through a row of an unpacked array (rows are views) is refused (FALSE refusal: could be exact)')
def unpack_stack_of_matrices_setitem(a):
    T = np.stack([a * 1.0, a.T * 2.0])
    P, Q = T
    P[0, 0] = 7.0
    return np.sum(T ** 2)
