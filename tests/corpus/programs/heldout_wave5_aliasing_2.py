"""Held-out wave 5: aliasing and views the way people write them -- a = b; a += ..., strided and
overlapping writes on copies, writes through views from every view-returning call and
attribute, row loops that modify rows, arrays in lists/dicts/tuples changed in place,
in-place helpers, out=.  A write srcad cannot follow must be refused, never ignored.
(np.einsum views, np.unstack, np.array(copy=None/False), np.real and astype(copy=False) views
are WRONG today: tests/regressions/test_heldout_wave5.py.) (part 2)."""

import numpy as np

from ..case import case

x6 = np.array([0.3, -0.6, 0.45, 0.8, -1.1, 0.25])





@case(x6)
def einsum_trace_scalar(x):
    A = np.outer(x[:3], x[3:])
    return np.einsum('ii', A) + np.sum(np.einsum('ii->i', A) ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def asarray_dtype_same_write(x):
    y = x * 1.0
    z = np.asarray(y, dtype=np.float64)
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def require_write(x):
    y = x * 1.0
    z = np.require(y)
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def np_ravel_fn_write(x):
    y = x * 1.0
    z = np.ravel(y)
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support z += ... on a ndarray while "y" refers to the same data and is read')
def np_reshape_fn_iadd(x):
    y = x * 1.0
    z = np.reshape(y, (2, 3))
    z += 1.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def np_squeeze_fn_write(x):
    y = (x * 1.0)[None]
    z = np.squeeze(y)
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "A" refers to the same data and is read afte')
def np_transpose_fn_write(x):
    A = np.outer(x[:3], x[3:])
    z = np.transpose(A)
    z[0, 1] = 5.0
    return np.sum(A ** 2)


@case(x6)
def new_axis_index_view_write(x):
    y = x * 1.0
    z = y[:, None]
    z[0, 0] = 5.0
    return np.sum(y ** 2)


@case(x6)
def integer_row_view_write(x):
    A = np.outer(x[:3], x[3:])
    z = A[1, :]
    z[0] = 5.0
    return np.sum(A ** 2)


@case(x6)
def ellipsis_col_view_write(x):
    A = np.outer(x[:3], x[3:])
    z = A[..., 0]
    z *= 2.0
    return np.sum(A ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def view_method_write(x):
    y = x * 1.0
    z = y.view()
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def view_method_dtype_write(x):
    y = x * 1.0
    z = y.view(np.float64)
    z[0] = 5.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "w" while "y" refers to the same data and is read afte')
def sliding_window_writeable(x):
    y = x * 1.0
    w = np.lib.stride_tricks.sliding_window_view(y, 3, writeable=True)
    w[0, 0] = 5.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad cannot differentiate numpy.lib.stride_tricks.as_strided, library code this call reac')
def as_strided_read(x):
    y = x * 1.0
    w = np.lib.stride_tricks.as_strided(y, shape=(4, 3), strides=(8, 8))
    return np.sum(w ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "A" refers to the same data and is read afte')
def swapaxes_method_write(x):
    A = np.outer(x[:3], x[3:])
    z = A.swapaxes(0, 1)
    z[0] = 1.0
    return np.sum(A ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "z" while "y" refers to the same data and is read afte')
def ravel_K_write(x):
    y = x * 1.0
    z = y.ravel('K')
    z[0] = 1.0
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='srcad does not support At += ... on a ndarray while "A" refers to the same data and is rea')
def ndarray_T_attr_iadd(x):
    A = np.outer(x[:3], x[3:])
    At = A.T
    At += 1.0
    return np.sum(A ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "r" while "z" refers to the same data and is read afte')
def matrix_real_of_complex_write(x):
    z = x.astype(complex)
    r = z.real
    r[0] = 5.0
    return np.sum(np.abs(z) ** 2)


@case(x6, expect='refused',
      why='srcad only supports writing into an element of a local array, not z.imag')
def complex_imag_write(x):
    z = x * (1 + 0j)
    z.imag[:] = x
    return np.sum(np.abs(z) ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "b" while "y" refers to the same data and is read afte')
def copy_then_view_chain(x):
    y = x.copy()
    a = y[1:]
    b = a[1:]
    b[0] = 7.0
    return np.sum(y ** 2)


@case(x6)
def for_loop_rows_write(x):
    A = np.outer(x[:3], x[3:]) * 1.0
    for row in A:
        row[0] = 0.0
    return np.sum(A ** 2)


@case(x6)
def for_loop_rows_iadd(x):
    A = np.outer(x[:3], x[3:]) * 1.0
    for row in A:
        row += 1.0
    return np.sum(A ** 2)


@case(x6)
def enumerate_rows_scale(x):
    A = np.outer(x[:3], x[3:]) * 1.0
    for i, row in enumerate(A):
        row *= i
    return np.sum(A ** 2)


@case(x6)
def zip_rows_write(x):
    A = np.outer(x[:3], x[3:]) * 1.0
    B = np.zeros((3, 3))
    for a, b in zip(A, B):
        b[:] = a * 2
    return np.sum(B ** 2)


@case(x6, expect='refused',
      why='srcad does not support writing into "v" while a loop goes over it (/tmp/p5/alias_all.py:48')
def nditer_readwrite(x):
    y = x * 1.0
    with np.nditer(y, op_flags=['readwrite']) as it:
        for v in it:
            v[...] = v * 2
    return np.sum(y ** 2)


@case(x6, expect='refused',
      why='rows[1][:] = 0 (FALSE refusal)')
def list_comprehension_of_views_write(x):
    A = np.outer(x[:3], x[3:]) * 1.0
    rows = [A[i] for i in range(3)]
    rows[1][:] = 0.0
    return np.sum(A ** 2)


@case(x6, expect='refused',
      why='v += ... in a loop over [a, b] (FALSE refusal)')
def iter_over_list_of_arrays_iadd(x):
    a = x[:3] * 1.0
    b = x[3:] * 1.0
    for v in [a, b]:
        v += 1.0
    return np.sum(a ** 2) + np.sum(b ** 2)


@case(x6, expect='refused',
      why='v *= ... in a loop over (a, b) (FALSE refusal)')
def iter_over_tuple_of_arrays_scale(x):
    a = x[:3] * 1.0
    b = x[3:] * 1.0
    for v in (a, b):
        v *= 2.0
    return np.sum(a * b)


@case(x6, expect='refused',
      why='v -= ... in a loop over d.values() (FALSE refusal)')
def dict_values_iadd(x):
    d = {'a': x[:3] * 1.0, 'b': x[3:] * 1.0}
    for v in d.values():
        v -= 0.5
    return np.sum(d['a'] ** 2) + np.sum(d['b'] ** 2)
