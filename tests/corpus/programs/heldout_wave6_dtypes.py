"""Held-out wave 6: dtype mixes as they appear in real code -- float32 parameters upcast by a
float64 constant, int data arrays multiplied in, int buffers that silently truncate float
writes (np.zeros_like of int labels), bool masks used as weights, astype round-trips,
np.float32 scalars, integer division of int data, uint8 images normalised, int accumulators,
complex intermediates, object-free record arrays' float fields."""

import numpy as np

from ..case import case

x4 = np.array([0.4, -0.3, 0.9, 0.2])
labels = np.array([1, 0, 2, 1])
counts = np.array([3, 0, 5, 2])


@case(x4)
def int_data_times_param(x):
    return np.sum(counts * x ** 2) + np.sum(x / counts.clip(1))


@case(x4)
def zeros_like_int_labels_truncates(x):
    out = np.zeros_like(labels)          # int buffer: writes truncate
    out[:] = 7.3 * x                      # floats cut to ints: derivative 0
    return np.sum(out * x)


@case(x4)
def empty_like_int_then_float_math(x):
    buf = np.empty_like(counts)
    for i in range(4):
        buf[i] = counts[i] * 2
    return np.sum(buf * x)


@case(x4)
def int_array_iadd_float(x):
    acc = np.zeros(4, dtype=int)
    acc += (x * 3).astype(int)
    return np.sum(acc * x)


@case(x4)
def bool_mask_as_weight(x):
    m = x > 0
    return np.sum(m * x ** 2) + np.sum(x[m]) + np.mean(m) * x[0]


# float32 rounding makes finite differences noisy at 1e-6: loose tolerance
@case(x4, rtol=1e-2, atol=1e-3)
def astype_float32_roundtrip(x):
    y = x.astype(np.float32).astype(np.float64)
    return np.sum(np.sin(y))


@case(x4)
def astype_int_is_piecewise_constant(x):
    return np.sum((x * 7.3).astype(int) * x)


@case(x4)
def float32_constant_mix(x):
    w = np.array([1.5, -0.5, 2.0, 1.0], dtype=np.float32)
    return np.sum(w * x ** 2)


@case(x4)
def uint8_image_normalise(x):
    img = np.array([[0, 128], [255, 64]], dtype=np.uint8)
    z = img.astype(np.float64) / 255.0
    return np.sum(z.ravel() * x ** 2)


@case(x4)
def uint8_overflow_in_data(x):
    img = np.array([200, 100, 50, 250], dtype=np.uint8)
    s = img + img                # wraps around modulo 256
    return np.sum(s * x)


@case(x4)
def int_floor_division_data(x):
    idx = counts // 2
    return np.sum(x[idx] ** 2) + np.sum((counts // 2) * x)


@case(x4)
def np_float32_scalar_param(x):
    lr = np.float32(0.1)
    return np.sum((x - lr * x ** 3) ** 2)


@case(x4)
def complex_intermediate_abs(x):
    z = x[:2] + 1j * x[2:]
    return np.sum(np.abs(z * np.exp(1j * 0.3)) ** 2)


@case(x4)
def complex_real_imag_parts(x):
    z = np.exp(1j * x) * (1 + 2j)
    return np.sum(z.real ** 2 - z.imag)


@case(x4)
def dtype_argument_to_sum_mean(x):
    return np.sum(x ** 2, dtype=np.float64) + np.mean(x, dtype=float) + np.cumsum(x, dtype=np.float64)[-1]


@case(x4)
def result_type_promotion_int_power(x):
    k = np.arange(4)
    return np.sum(x ** k) + np.sum(k ** 2.0 * x)


@case(x4)
def structured_array_fields(x):
    rec = np.zeros(4, dtype=[('w', 'f8'), ('n', 'i4')])
    rec['n'] = counts
    return np.sum(rec['n'] * x ** 2)


@case(x4)
def bool_sum_counts(x):
    n = (x > 0).sum()
    return np.sum(x) / n + n * x[1]


@case(x4)
def one_hot_from_labels_eye(x):
    oh = np.eye(3)[labels]
    return np.sum(oh * x[:, None] * np.array([1.0, 2.0, 3.0]))


@case(x4)
def label_smoothing_cross_entropy(x):
    logits = np.outer(x, np.array([1.0, -1.0, 0.5]))
    y = np.full((4, 3), 0.1 / 3)
    y[np.arange(4), labels] += 0.9
    logp = logits - np.log(np.exp(logits).sum(1, keepdims=True))
    return -np.sum(y * logp)


@case(x4)
def int_scalar_params_python(x):
    n = 3
    return (x[0] ** n + n * x[1]) / n


@case(np.array([0.4, -0.3, 0.9, 0.2], dtype=np.float32), rtol=1e-3, atol=1e-4)
def float32_input_array(x):
    return np.sum(np.tanh(x) * np.arange(4.0))


@case(x4)
def np_array_dtype_object_list(x):
    arr = np.array([x[0], 1, 2.5, x[3]])
    return np.sum(arr ** 2)


@case(x4)
def where_int_branch(x):
    return np.sum(np.where(x > 0, x, 0) * 2) + np.sum(np.where(x > 0, 1, -1) * x)


@case(x4)
def setitem_float_into_int_array_slice(x):
    a = np.arange(4)           # int
    a[1:3] = x[1:3] * 5         # truncated
    return np.sum(a * x)


@case(x4)
def clip_int_bounds(x):
    return np.sum(np.clip(x, -1, 1) ** 2) + np.sum(np.maximum(x, 0) * counts)


@case(x4)
def mixed_bool_python_and_numpy(x):
    flag = bool(x[0] > 0)
    return np.sum(x ** 2) * (2.0 if flag else 1.0) + int(flag) * x[2]
