"""Held-out wave 5: writes that cast -- float values assigned into int/bool/uint8/float32/
complex arrays made with a dtype= keyword (NumPy truncates: no derivative flows), complex
values written into float buffers (the imaginary part is dropped).  Writes into int arrays
whose dtype comes from data (np.arange, *_like, lists of ints) are WRONG in reverse mode
today: tests/regressions/test_heldout_wave5.py (V4)."""

import warnings

import numpy as np

from ..case import case

x4 = np.array([1.3173, -0.6331, 2.4617, 0.8129])


@case(x4)
def assign_float_into_int_zeros(x):
    y = np.zeros(4, dtype=int)
    y[0] = x[0] * 2
    return np.sum(y * x)


@case(x4)
def slice_assign_into_int_array(x):
    y = np.zeros(4, dtype=np.int64)
    y[:] = x * 10
    return np.sum(y * x)


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
      why='np.copyto(casting=) (rare)')
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
def complex_buffer_assign(x):
    y = np.zeros(4, dtype=complex)
    y[:] = x * (1 + 1j)
    return np.sum(np.abs(y) ** 2)


@case(x4, expect='refused',
      why='put_along_axis of floats into an int array (justified)')
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
def astype_int_then_assign(x):
    m = (x > 0).astype(int)
    m[0] = x[0] * 3
    return np.sum(m * x)


@case(x4)
def int_loop_fill(x):
    a = np.zeros(4, dtype=int)
    for i in range(4):
        a[i] = x[i] * 10
    return np.sum(a * x)


@case(x4)
def complex_into_float_buffer(x):
    z = x * np.exp(1j * x)
    y = np.zeros(4)
    y[:] = z
    return np.sum(y ** 2)


@case(x4)
def complex_astype_float(x):
    z = x * np.exp(1j * x)
    return np.sum(z.astype(float) ** 2)


@case(x4)
def complex_into_float_via_arange_float(x):
    z = x * np.exp(1j * x)
    y = np.linspace(0, 1, 4)
    y[1] = z[1]
    return np.sum(y * x)


@case(x4)
def complex_element_into_float_zeros_like(x):
    z = x * np.exp(1j * x)
    y = np.zeros_like(x)
    y[2] = z[2] * 2
    return np.sum(y * x)


@case(x4)
def float_of_complex_scalar_raises(x):
    z = complex(x[0], x[1])
    return abs(z) + z.real


@case(x4)
def fft_into_real_buffer(x):
    F = np.fft.fft(x)
    out = np.empty(4)
    out[:] = F * F.conj()
    return np.sum(out * np.arange(4))


@case(x4)
def complex_sum_then_real_into_float_list_array(x):
    z = x + 1j * x[::-1]
    arr = np.array([0.0, 0.0])
    arr[0] = np.sum(z * z)
    return arr[0] * 2 + arr[1]


@case(x4)
def complex_zeros_then_real_part(x):
    z = np.zeros(4, dtype=complex)
    z += x
    z *= np.exp(1j * x)
    return np.sum(z.real * z.imag)


@case(x4)
def complex_iadd_into_float_raises(x):
    y = x * 1.0
    try:
        y += 1j * x
    except Exception:
        pass
    return np.sum(y ** 2)
