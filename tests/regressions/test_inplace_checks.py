"""``x op= v``: NumPy writes the result into ``x``, keeping its dtype (a same_kind
cast) and shape, or raises.  srcad computes ``x op v`` and casts it back
(``inplace_result``); the check is left out of the generated code where it provably
changes nothing (srcad/compiler/inplace_elision.py).

Expected values come from running the function itself (NumPy); expected derivatives
from the finite-difference oracle where the output is float64, and from the
derivative written out by hand (the rounding of a cast has derivative 1) where the
output is float32 or float16 and finite differences are noise.
"""

import re

import numpy as np
import pytest

import srcad
from srcad.runtime import dtypes
from srcad.testing import check_derivatives

X = np.array([0.3, 1.7, -2.1])
DATA = np.array([0.1234567891, 2.718281828, -1.414213562])


def _same(a, b):
    """Equal values of the same type and dtype (bit for bit)."""
    assert type(a) is type(b), (type(a), type(b))
    if isinstance(a, (np.ndarray, np.generic)):
        assert a.dtype == b.dtype, (a.dtype, b.dtype)
        assert np.array_equal(a, b), (a, b)
    else:
        assert a == b


# -- the dtype of the destination is kept -------------------------------------------------

def float32_plus_float64(x):
    x32 = x.astype(np.float32)
    x32 += x
    return np.sum(x32 * x32)


def float32_plus_float64_scalar(x):
    x32 = x.astype(np.float32)
    x32 *= np.float64(1.0000001)
    return np.sum(x32)


def float16_destination(x):
    h = np.ones(3, dtype=np.float16) * 1000
    h += x
    return np.sum(h * x)


def complex64_destination(x):
    c = np.zeros(3, dtype=np.complex64)
    c += x * (1 + 2j)
    return np.sum(np.abs(c) ** 2)


def int8_wraps(x):
    a = np.array([100, 50, 20], dtype=np.int8)
    a += np.array([100, 100, 100])
    return np.sum(x * a)


def int8_numpy_scalar(x):
    a = np.array([100, 50, 20], dtype=np.int8)
    a += np.int64(100)
    return np.sum(x * a)


def int16_wraps(x):
    a = np.array([30000, -30000, 7], dtype=np.int16)
    a += np.array([10000, -10000, 10000])
    return np.sum(x * a)


def float32_divide_in_loop(x):
    acc = np.ones(3, dtype=np.float32)
    for _ in range(3):
        acc /= x
    return np.sum(acc.astype(np.float64) * DATA)


def float16_accumulates_data(x):
    h = np.zeros(3, dtype=np.float16)
    h += DATA
    return np.sum(h * x)


DTYPE_PROGRAMS = [float32_plus_float64, float32_plus_float64_scalar, float16_destination,
                  complex64_destination, int8_wraps, int8_numpy_scalar, int16_wraps,
                  float32_divide_in_loop, float16_accumulates_data]


@pytest.mark.parametrize('f', DTYPE_PROGRAMS, ids=lambda f: f.__name__)
def test_value_is_numpys_bit_for_bit(f):
    value, _ = srcad.value_and_grad(f)(X.copy())
    _same(value, f(X.copy()))


@pytest.mark.parametrize('f', [int8_wraps, int8_numpy_scalar, int16_wraps,
                               float16_accumulates_data], ids=lambda f: f.__name__)
def test_float64_outputs_match_the_oracle(f):
    check_derivatives(f, X.copy())


def test_float32_sum_derivative_by_hand():
    # x32 = f32(f32(x) + x) ~ 2x; value sum(x32^2): gradient 2 * x32 * 2
    x32 = X.astype(np.float32)
    x32 += X
    expected = 4.0 * x32.astype(np.float64)
    np.testing.assert_allclose(srcad.grad(float32_plus_float64)(X.copy()), expected, rtol=1e-6)
    value, tangent = srcad.jvp(float32_plus_float64, (X.copy(),), (np.ones(3),))
    _same(value, float32_plus_float64(X.copy()))
    np.testing.assert_allclose(tangent, expected.sum(), rtol=1e-5)
    np.testing.assert_allclose(srcad.hvp(float32_plus_float64, (X.copy(),), np.ones(3)),
                               np.full(3, 8.0), rtol=1e-5)


def test_float16_derivative_by_hand():
    # h = f16(1000 + x); value sum(h * x): gradient h + x (rounding: derivative 1)
    h = np.ones(3, dtype=np.float16) * 1000
    h += X
    np.testing.assert_allclose(srcad.grad(float16_destination)(X.copy()),
                               h.astype(np.float64) + X, rtol=1e-12)


def test_float32_division_derivative_by_hand():
    # acc = 1 / x^3 (rounded to float32 at each step): gradient -3 DATA / x^4
    expected = -3.0 * DATA / X ** 4
    np.testing.assert_allclose(srcad.grad(float32_divide_in_loop)(X.copy()), expected,
                               rtol=1e-5)


def test_zero_dimensional_array_stays_an_array():
    def f(x):
        s = np.array(0.0)
        s += x[0] * x[1]
        s[...] = s * 2.0
        return float(s)
    check_derivatives(f, X.copy())


def test_runtime_helper_models_numpy():
    x32 = np.ones(3, np.float32)
    _same(dtypes.inplace_result(x32 + np.full(3, 0.1), x32, '+'), x32 + np.float32(0.1))
    z = np.array(1.0)
    assert type(dtypes.inplace_result(z + 1.0, z, '+')) is np.ndarray
    assert dtypes.inplace_result(2.0 + 1.0, 2.0, '+') == 3.0              # a number: Python's +
    with pytest.raises(TypeError, match="'divide' output from dtype"):
        dtypes.inplace_result(np.arange(3) / 2, np.arange(3), '/')
    with pytest.raises(ValueError, match='non-broadcastable output operand'):
        dtypes.inplace_result(np.zeros(3) + np.zeros((2, 3)), np.zeros(3), '+')


# -- NumPy's refusals are raised as NumPy raises them ------------------------------------

def int_plus_float(x):
    a = np.arange(3)
    a += x
    return np.sum(a)


def growing_shape(x):
    a = np.zeros(3)
    a += np.outer(x, x)
    return np.sum(a)


def int_true_divide(x):
    a = np.arange(1, 4)
    a /= 2
    return np.sum(a * x)


def float_plus_complex(x):
    a = x.copy()
    a += 1j
    return np.sum(np.abs(a))


@pytest.mark.parametrize('f', [int_plus_float, growing_shape, int_true_divide,
                               float_plus_complex], ids=lambda f: f.__name__)
def test_numpys_refusals(f):
    with pytest.raises(Exception) as numpy_error:
        f(X.copy())
    plain = next(t for t in type(numpy_error.value).__mro__ if t.__module__ == 'builtins')
    with pytest.raises(plain, match=re.escape(str(numpy_error.value).split("'")[0])):
        srcad.grad(f)(X.copy())


# -- the generated code: the check only where it may matter ---------------------------------

def counters(x):
    n = 0
    k = 0.0
    while n < 3:
        x = x * 0.5 + np.cos(x)
        n += 1
        k += 1.5
    return np.sum(x) * k


def training_step(w, X, y):
    lr = 0.1
    for _ in range(3):
        g = X.T @ (X @ w - y) / len(y)
        w -= lr * g
    return np.sum(w ** 2)


def local_table(x):
    table = np.zeros(4)
    for i in range(4):
        table += 1.0
        table[i] += 2.0
    total = 0.0
    for i in range(4):
        total += table[i]
    return total * np.sum(x)


def test_numbers_need_no_check():
    source = srcad.grad(counters).source
    assert 'inplace_result(' not in source and 'inplace_check(' not in source
    assert 'n = n + 1' in source
    check_derivatives(counters, X.copy())


def test_a_parameter_of_unknown_dtype_keeps_it():
    # w may be an integer array (NumPy then refuses w -= lr * g) or float32 (cast back)
    source = srcad.grad(training_step).source
    assert "inplace_result(w - t" in source
    A = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    b = np.array([1.0, -1.0, 0.5])
    check_derivatives(training_step, np.array([0.1, -0.2]), A, b)
    w32 = np.array([0.1, -0.2], dtype=np.float32)
    value, _ = srcad.value_and_grad(training_step)(w32.copy(), A, b)
    _same(value, training_step(w32.copy(), A, b))


def test_local_float64_arrays_and_their_elements_need_no_check():
    source = srcad.grad(local_table).source
    assert 'inplace_result(' not in source and 'inplace_check(' not in source, source
    check_derivatives(local_table, X.copy())


def rebound_in_loop(x):
    a = np.zeros(3)
    s = 0.0
    for _ in range(2):
        b = a * 2.0 + 1.0          # a's shape of the last iteration
        a = np.zeros(1)
        a += b                     # NumPy: the output (1,) cannot grow to (3,)
        s = s + np.sum(a)
    return s * np.sum(x)


def test_a_name_rebound_in_a_loop_keeps_the_check():
    with pytest.raises(ValueError, match='non-broadcastable output operand'):
        rebound_in_loop(X.copy())
    with pytest.raises(ValueError, match='non-broadcastable output operand'):
        srcad.grad(rebound_in_loop)(X.copy())


class _State:
    def __init__(self, h):
        self.h = h
        self.t = 0


def attribute_float16(x):
    s = _State(np.zeros(3, dtype=np.float16))
    s.h += x * 1000.1
    s.t += 1
    return np.sum(s.h.astype(np.float64) * x) * s.t


def attribute_int_plus_float(x):
    s = _State(np.arange(3))
    s.h += x
    return np.sum(s.h)


def test_attributes_keep_their_dtype():
    value, _ = srcad.value_and_grad(attribute_float16)(X.copy())
    _same(value, attribute_float16(X.copy()))
    with pytest.raises(TypeError, match="Cannot cast ufunc 'add' output"):
        srcad.grad(attribute_int_plus_float)(X.copy())


def list_joined_in_loop(x):
    parts = []
    for i in range(3):
        parts += [x[i] * 2.0]
    parts += (np.sum(x),)
    return sum(parts)


def list_plus_array(x):
    xs = [1.0, 2.0]
    xs += x                        # x.__radd__(xs): an elementwise sum, a new array
    return np.sum(np.array(xs) ** 2)


def test_lists_need_no_check():
    source = srcad.grad(list_joined_in_loop).source
    assert 'inplace_result(' not in source, source
    check_derivatives(list_joined_in_loop, X.copy())
    assert 'inplace_result(' not in srcad.grad(list_plus_array).source  # (xs no array)
    check_derivatives(list_plus_array, np.array([3.0, 4.0]))
