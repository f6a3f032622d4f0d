"""Held-out wave 5: the programs behind the WRONG families this probe found (V2 aliases made in
branches, V3 second order at |x| = 0, V4 writes into int arrays whose dtype comes from data),
with what the live tree does after the fixes: refused where srcad cannot follow, right
where it can.  Minimal repros: tests/regressions/test_heldout_wave5.py. (part 2)."""

import numpy as np

from ..case import case
from types import SimpleNamespace

x6 = np.array([0.3, -0.6, 0.45, 0.8, -1.1, 0.25])


x4 = np.array([1.3173, -0.6331, 2.4617, 0.8129])


@case(x4)
def full_with_dtype_int(x):
    y = np.full(3, x[0] * 2, dtype=int)
    return np.sum(y * x[:3])


@case(x4)
def array_from_list_dtype_int(x):
    y = np.array([x[0] * 2, x[2] * 3], dtype=int)
    return np.sum(y * x[:2])


@case(x4)
def asarray_dtype_int(x):
    y = np.asarray(x * 3, dtype=int)
    return np.sum(y * x)


@case(x4)
def bool_array_assign(x):
    y = np.zeros(4, dtype=bool)
    y[0] = x[0]
    return np.sum(y * x)


@case(x4, expect='refused',
      why='srcad supports np.copyto(dst, src) and np.copyto(dst, src, where=mask) into a local array ')
def copyto_unsafe_into_int(x):
    y = np.zeros(4, dtype=int)
    np.copyto(y, x * 7, casting='unsafe')
    return np.sum(y * x)


@case(x4)
def fancy_assign_into_int(x):
    y = np.zeros(4, dtype=int)
    y[[0, 2]] = x[[1, 3]] * 9
    return np.sum(y * x)


@case(x4)
def boolean_mask_assign_into_int(x):
    y = np.ones(4, dtype=int)
    y[x > 0] = x[x > 0] * 4
    return np.sum(y * x)


@case(x4)
def int_list_to_array_then_assign(x):
    y = np.array([1, 2, 3, 4])
    y[3] = x[3] * 10
    return np.sum(y * x)


@case(x4)
def complex_buffer_assign(x):
    y = np.zeros(4, dtype=complex)
    y[:] = x * (1 + 1j)
    return np.sum(np.abs(y) ** 2)


@case(x4)
def empty_like_int_then_fill(x):
    y = np.empty_like(np.arange(4))
    y[:] = x * 3
    return np.sum(y * x)


@case(x4, expect='refused',
      why='srcad does not differentiate np.put_along_axis of floating values into an array of int64 (')
def put_along_axis_into_int(x):
    y = np.zeros((1, 4), dtype=int)
    np.put_along_axis(y, np.array([[1]]), x[None, 1:2] * 5, axis=1)
    return np.sum(y * x)


@case(x4)
def add_at_into_int(x):
    y = np.zeros(4, dtype=int)
    np.add.at(y, [0, 0], (x[:2] * 5).astype(int))
    return np.sum(y * x)


@case(x4)
def uint8_image_assign(x):
    img = np.zeros(4, dtype=np.uint8)
    img[:] = np.clip(x * 100, 0, 255)
    return np.sum(img / 255.0 * x)


@case(x4)
def int_matrix_row_assign(x):
    M = np.eye(2, dtype=int)
    M[0] = x[:2] * 10
    return np.sum(M @ x[2:])


@case(x4)
def dtype_of_arange_float_start(x):
    y = np.arange(4.0)
    y[2] = x[2] * 3
    return np.sum(y * x)


@case(x4)
def ones_int_dtype_from_shape(x):
    y = np.ones(x.shape, int)
    y[1] = x[1] * 7
    return np.sum(y * x)


@case(x4)
def dtype_string_int32(x):
    y = np.zeros(4, dtype='int32')
    y[0] = x[0] * 5
    return np.sum(y * x)


@case(x4)
def dtype_string_i8(x):
    y = np.ones(4, 'i8')
    y[1] = x[1] * 5
    return np.sum(y * x)


@case(x4)
def dtype_intp_and_uint(x):
    y = np.zeros(4, dtype=np.intp)
    z = np.zeros(4, dtype=np.uint16)
    y[0] = x[0] * 5
    z[2] = x[2] * 5
    return np.sum(y * x) + np.sum(z * x)


@case(x4)
def dtype_from_other_array(x):
    lab = np.array([0, 1, 1, 0])
    y = np.zeros(4, dtype=lab.dtype)
    y[0] = x[0] * 5
    return np.sum(y * x)


@case(x4)
def astype_int_then_assign(x):
    m = (x > 0).astype(int)
    m[0] = x[0] * 3
    return np.sum(m * x)


@case(x4)
def argsort_result_assign(x):
    idx = np.argsort(x)
    idx[0] = x[2] * 2
    return np.sum(idx * x)


@case(x4)
def int_copy_of_int(x):
    a = np.array([1, 2, 3, 4])
    b = a.copy()
    b[0] = x[0] * 3
    return np.sum(b * x)


@case(x4)
def int_reshape_view_assign(x):
    a = np.arange(4).reshape(2, 2)
    a[0, 1] = x[1] * 7
    return np.sum(a.ravel() * x)


@case(x4)
def int_from_list_comprehension(x):
    a = np.array([i * 2 for i in range(4)])
    a[3] = x[3] * 11
    return np.sum(a * x)


@case(x4)
def int_concatenate(x):
    a = np.concatenate([np.arange(2), np.arange(2)])
    a[2] = x[2] * 3
    return np.sum(a * x)


@case(x4)
def int_stack_then_assign(x):
    a = np.stack([np.arange(2), np.ones(2, dtype=int)])
    a[1, 0] = x[0] * 3
    return np.sum(a.ravel() * x)


@case(x4)
def int_where_result_assign(x):
    a = np.where(x > 0, 1, 0)
    a[0] = x[0] * 3
    return np.sum(a * x)


@case(x4)
def int_tile_repeat_assign(x):
    a = np.tile(np.arange(2), 2)
    a[1] = x[1] * 9
    return np.sum(a * x)


@case(x4)
def int_full_like_assign(x):
    a = np.full_like(np.arange(4), 5)
    a[2] = x[2] * 3
    return np.sum(a * x)


@case(x4)
def int_loop_fill(x):
    a = np.zeros(4, dtype=int)
    for i in range(4):
        a[i] = x[i] * 10
    return np.sum(a * x)


@case(x4)
def int_helper_returns_int_array(x):
    def counts():
        return np.bincount([0, 1, 1, 3], minlength=4)
    a = counts()
    a[0] = x[0] * 3
    return np.sum(a * x)


@case(x4)
def int_array_from_global(x):
    a = IDX.copy()
    a[0] = x[0] * 3
    return np.sum(a * x)
IDX = np.array([3, 1, 2, 0])


@case(x4)
def int_array_iadd_float_raises_in_numpy(x):
    a = np.arange(4)
    try:
        a += x
    except Exception:
        a = a * 1.0
    return np.sum(a * x)


@case(x4)
def bool_mask_then_assign(x):
    m = x > 0
    m[1] = x[1] * 3
    return np.sum(m * x)


@case(x4)
def zeros_like_bool_assign(x):
    m = np.zeros_like(x > 0)
    m[0] = x[0]
    return np.sum(m * x)


@case(x4)
def fancy_iadd_into_arange(x):
    y = np.arange(4)
    y[[0, 2]] += (x[[0, 2]] * 3).astype(int) + 0 * y[[0, 2]]
    return np.sum(y * x)


@case(x4)
def elem_iadd_float_into_arange(x):
    y = np.arange(4)
    y[2] += x[2] * 3
    return np.sum(y * x)


@case(x4)
def add_at_float_into_arange(x):
    y = np.arange(4)
    np.add.at(y, [0, 0], x[:2] * 3)
    return np.sum(y * x)


@case(x4, expect='refused',
      why='srcad does not differentiate np.put_along_axis of floating values into an array of int64 (')
def put_along_into_arange(x):
    y = np.arange(4)[None]
    np.put_along_axis(y, np.array([[1]]), x[None, 1:2] * 5, axis=1)
    return np.sum(y * x)


@case(x4, expect='refused',
      why='srcad supports np.copyto(dst, src) and np.copyto(dst, src, where=mask) into a local array ')
def copyto_into_arange(x):
    y = np.arange(4)
    np.copyto(y, x * 3, casting='unsafe')
    return np.sum(y * x)


@case(x4)
def fill_into_arange(x):
    y = np.arange(4)
    y.fill(x[0] * 3)
    return np.sum(y * x)


@case(x4)
def int_from_astype_of_data_dtype(x):
    lab = np.array([0, 1, 1, 0])
    y = (x * 0).astype(lab.dtype)
    y[2] = x[2] * 3
    return np.sum(y * x)


@case(x4)
def int_array_input_arg_default(x, base=np.array([1, 2, 3, 4])):
    y = base.copy()
    y[0] = x[0] * 5
    return np.sum(y * x)
x0 = np.array([0.0, 0.5, -0.7])
z3 = np.zeros(3)


@case(z3, expect='refused',
      why='the Hessian-vector product of norm_squared_at_origin is indeterminate (nan) at these argum')
def norm_squared_at_origin(x):
    return np.linalg.norm(x) ** 2


@case(np.array([0.0, 0.0, 0.0, 0.0]), expect='refused',
      why='the Hessian-vector product of ridge_loss_at_zero_init is indeterminate (nan) at these argu')
def ridge_loss_at_zero_init(w):
    X = np.array([[1.0, 2.0, 0.5, -1.0], [0.3, -0.2, 1.0, 0.0]])
    y = np.array([1.0, -1.0])
    return np.sum((X @ w - y) ** 2) + 0.1 * np.linalg.norm(w) ** 2


@case(x0, expect='refused',
      why='the Hessian-vector product of abs_squared_with_zero_entry is indeterminate (nan) at these ')
def abs_squared_with_zero_entry(x):
    return np.sum(np.abs(x) ** 2)


@case(x0, expect='refused',
      why='the Hessian-vector product of abs_times_abs is indeterminate (nan) at these arguments, alt')
def abs_times_abs(x):
    return np.sum(np.abs(x) * np.abs(x))


@case(z3, expect='refused',
      why='the Hessian-vector product of norm_times_norm is indeterminate (nan) at these arguments, a')
def norm_times_norm(x):
    n = np.linalg.norm(x)
    return n * n


@case(np.zeros((2, 2)), expect='refused',
      why='the Hessian-vector product of fro_norm_squared_at_zero is indeterminate (nan) at these arg')
def fro_norm_squared_at_zero(W):
    return np.linalg.norm(W, 'fro') ** 2 + np.linalg.norm(W) ** 2


@case(np.zeros((2, 3)), expect='refused',
      why='the Hessian-vector product of row_norms_squared_at_zero is indeterminate (nan) at these ar')
def row_norms_squared_at_zero(W):
    return np.sum(np.linalg.norm(W, axis=1) ** 2)


@case(x0, expect='refused',
      why='the Hessian-vector product of complex_abs_squared_zero is indeterminate (nan) at these arg')
def complex_abs_squared_zero(x):
    z = x + 0j
    return np.sum(np.abs(z) ** 2)


@case(np.array([0.0, 0.5]), expect='refused',
      why='the Hessian-vector product of hypot_squared_at_zero is indeterminate (nan) at these argume')
def hypot_squared_at_zero(x):
    return np.hypot(x[0], 0.0 * x[1]) ** 2 + x[1]




@case(x0, expect='refused',
      why='the Hessian-vector product of max_abs_squared is indeterminate (nan) at these arguments, a')
def max_abs_squared(x):
    return np.max(np.abs(x[:1])) ** 2 + x[1]


@case(x0, expect='refused',
      why='the Hessian-vector product of abs_builtin_squared is indeterminate (nan) at these argument')
def abs_builtin_squared(x):
    return abs(x[0]) ** 2 + x[1]


@case(z3, expect='refused',
      why='the Hessian-vector product of vector_norm_numpy2_squared is indeterminate (nan) at these a')
def vector_norm_numpy2_squared(x):
    return np.linalg.vector_norm(x) ** 2


@case(x0, expect='refused',
      why='the Hessian-vector product of abs_pow_two_in_huber_like is indeterminate (nan) at these ar')
def abs_pow_two_in_huber_like(x):
    return np.sum(np.where(np.abs(x) < 1, 0.5 * np.abs(x) ** 2, np.abs(x) - 0.5))
