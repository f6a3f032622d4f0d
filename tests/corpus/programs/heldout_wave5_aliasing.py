"""Held-out wave 5: aliasing and views the way people write them -- a = b; a += ..., strided and
overlapping writes on copies, writes through views from every view-returning call and
attribute, row loops that modify rows, arrays in lists/dicts/tuples changed in place,
in-place helpers, out=.  A write srcad cannot follow must be refused, never ignored.
(np.einsum views, np.unstack, np.array(copy=None/False), np.real and astype(copy=False) views
are WRONG today: tests/regressions/test_heldout_wave5.py.)"""

import numpy as np

from ..case import case

x6 = np.array([0.3, -0.6, 0.45, 0.8, -1.1, 0.25])


@case(x6)
def alias_name_then_iadd(x):
    y = x * 1.0
    z = y
    z += 1.0
    return np.sum(y ** 2)


@case(x6)
def strided_write_on_copy(x):
    y = x.copy()
    y[::2] *= 3.0
    return np.sum(y ** 2)


@case(x6)
def overlapping_shift_assign(x):
    y = x.copy()
    y[1:] = y[:-1]
    return np.sum(y * np.arange(6))


@case(x6)
def overlapping_shift_iadd(x):
    y = x.copy()
    y[1:] += y[:-1]
    return np.sum(y * np.arange(6))


@case(x6)
def reverse_in_place(x):
    y = x.copy()
    y[:] = y[::-1]
    return np.sum(y * np.arange(6))


@case(x6)
def swap_fancy(x):
    y = x.copy()
    y[[0, 1]] = y[[1, 0]]
    return np.sum(y * np.arange(6))


@case(x6)
def copyto_where(x):
    y = np.zeros(6)
    np.copyto(y, x ** 2, where=x > 0)
    return np.sum(y * np.arange(6))


@case(x6)
def fill_active(x):
    y = np.empty(4)
    y.fill(x[0])
    return np.sum(y ** 2) + x[1]


@case(x6)
def inplace_sort_method(x):
    y = x * 2
    y.sort()
    return np.sum(y * np.arange(6))


@case(x6, expect='refused',
      why='list.sort() of floats (FALSE refusal)')
def list_sort_of_floats(x):
    l = list(x)
    l.sort()
    return l[0] * 2 + l[-1] ** 2


@case(x6, expect='refused',
      why='srcad does not support writing into "Y" while "y" refers to the same data and is read afte')
def reshape_write_through_then_read_base(x):
    y = x.copy()
    Y = y.reshape(2, 3)
    Y[:, 0] = 0.0
    return np.sum(y ** 2)


@case(x6)
def self_assign_slice_expr(x):
    y = x.copy()
    y[2:4] = y[2:4] * y[0]
    return np.sum(y ** 2)


@case(x6)
def cumulative_inplace_loop(x):
    y = x.copy()
    for i in range(1, 6):
        y[i] += y[i - 1] * 0.5
    return np.sum(y ** 2)


@case(x6)
def row_of_2d_iadd(x):
    A = np.outer(x, x[:3])
    r = A[1]
    r += 1.0
    return np.sum(A ** 2)


@case(x6, expect='refused',
      why='writing into A.T[0] (FALSE refusal)')
def transpose_T_write(x):
    A = np.outer(x[:3], x[3:])
    A.T[0] = 1.0
    return np.sum(A ** 2)


@case(x6)
def diagonal_readonly(x):
    A = np.outer(x[:3], x[3:])
    return np.sum(A.diagonal() ** 2) + np.trace(A)


@case(x6, expect='refused',
      why='srcad does not support writing into "f" while "A" refers to the same data and is read afte')
def ravel_of_copy_write(x):
    A = np.outer(x[:3], x[3:]).copy()
    f = A.ravel()
    f[0] = 5.0
    return np.sum(A ** 2)


@case(x6)
def flatten_is_copy_write(x):
    A = np.outer(x[:3], x[3:])
    f = A.flatten()
    f[0] = 5.0
    return np.sum(A ** 2) + np.sum(f)


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def array_copy_false(x):
    y = x * 1.0
    z = np.array(y, copy=False) if False else np.asarray(y)
    z[0] = 0.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad only supports writing into an element of a local array, not l[0]')
def list_of_arrays_alias(x):
    y = x * 1.0
    l = [y, y]
    l[0][0] = 10.0
    return np.sum(l[1] ** 2)


@case(x6, expect='refused',
      why='srcad does not support d["a"] += ... on a ndarray entry (/tmp/p5/alias_all.py:147:5): it c')
def dict_of_arrays_alias(x):
    y = x * 1.0
    d = {'a': y}
    d['a'] += 1.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='d["a"][1:] *= 2 (FALSE refusal)')
def dict_of_arrays_alias_sub(x):
    y = x * 1.0
    d = {'a': y}
    d['a'][1:] *= 2.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support a *= ... on a ndarray while "b" refers to the same data and is read')
def tuple_unpack_same_array(x):
    y = x * 1.0
    a, b = y, y
    a *= 2.0
    return np.sum(b ** 2)


@case(x6)
def default_then_alias_in_helper(x):
    def scale_(v, s):
        v *= s
        return v
    y = x * 1.0
    z = scale_(y, 3.0)
    return np.sum(y) + np.sum(z)


@case(x6)
def helper_writes_slice(x):
    def zero_first(v):
        v[0] = 0.0
    y = x * 1.0
    zero_first(y)
    return np.sum(y ** 2)


@case(x6)
def view_via_np_ndarray_view(x):
    y = x * 1.0
    v = y[...]
    v *= 2
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "s" while "y" refers to the same data and is read afte')
def squeeze_view_write(x):
    y = (x * 1.0)[None, :]
    s = y.squeeze()
    s[0] = 3.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "r" while "y" refers to the same data and is read afte')
def real_view_write(x):
    y = x * 1.0
    r = y.real
    r[0] = 3.0
    return np.sum(y ** 2)


@case(x6)
def broadcast_arrays_read(x):
    a, b = np.broadcast_arrays(x[:, None], x[None, :3])
    return np.sum(a * b)


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def atleast_1d_write(x):
    y = x * 1.0
    z = np.atleast_1d(y)
    z[0] = 2.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def np_asanyarray_write(x):
    y = x * 1.0
    z = np.asanyarray(y)
    z[0] = 2.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad only supports writing into an element of a local array, not y.reshape(-1)')
def reshape_minus1_view_iadd(x):
    y = x * 1.0
    y.reshape(-1)[:2] += 5.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support assigning y.shape: "y" is bound here by something other than a call')
def shape_assignment_inplace(x):
    y = x * 1.0
    y.shape = (2, 3)
    return np.sum(y[0] * y[1])


@case(x6, expect='refused',
      why='srcad only supports writing into an element of a local array, not y.flat')
def setitem_via_flat(x):
    y = x * 1.0
    y.flat[2] = 0.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support np.place(...), which changes its argument in place')
def itemset_like_put(x):
    y = x * 1.0
    np.place(y, y > 0, [7.0])
    return np.sum(y ** 2)


@case(x6)
def np_negative_out_self(x):
    y = x * 1.0
    np.negative(y, out=y)
    np.add(y, 1.0, out=y)
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='out= a slice of a local array (FALSE refusal)')
def out_into_slice(x):
    y = np.zeros(6)
    np.multiply(x[:3], 2.0, out=y[3:])
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='np.exp: argument "where" is not supported (srcad"s rule has the signature (x)), called on ')
def where_out_param(x):
    y = np.zeros(6)
    np.exp(x, out=y, where=x > 0)
    return np.sum(y * np.arange(6))
