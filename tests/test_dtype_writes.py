"""What srcad assumes of dtypes (held-out probe 5: V4, V5, V6, C1).

- A float written into an int or bool array (``y[i] = v``, ``y[i] += v``, ``y.fill(v)``,
  ``np.add.at``, ``out=``) is truncated by NumPy, whatever made the array's dtype: no
  derivative flows, in every mode (the adjoint reads the destination's dtype as the code
  runs, as the tangent does).
- Arrays whose dtype is neither floating/complex nor int/bool (object, named fields,
  strings) holding a differentiated value are refused, located, in every mode.
- ``x op= v``, ``np.copyto`` and a ufunc's ``out=`` keep NumPy's checks: the result must
  keep the array's shape and cast to its dtype under ``same_kind`` casting.
"""

import warnings

import numpy as np
import pytest

import srcad
from srcad.runtime.dtypes import carries_no_derivative, inplace_check
from srcad.testing import check_derivatives

X4 = np.array([1.3173, -0.6331, 2.4617, 0.8129])
LABELS = np.array([2, 0, 1, 1])
MODES = ('grad', 'value_and_grad', 'vjp', 'jvp', 'hvp')


# -- truncating writes into arrays whose int/bool dtype comes from data ---------------------
def arange_written(x):
    y = np.arange(4)
    y[2] = x[2] * 3
    return np.sum(y * x)


def argsort_written(x):
    y = np.argsort(x)
    y[1:3] = x[1:3] * 4
    return np.sum(y * x)


def element_iadd(x):
    y = np.zeros_like(LABELS)
    y[2] += x[2] * 3
    return np.sum(y * x)


def filled(x):
    y = np.full_like(LABELS, 2)
    y.fill(x[0] * 3)
    return np.sum(y * x)


def added_at(x):
    y = np.arange(4)
    np.add.at(y, [0, 0, 3], x[:3] * 3)
    return np.sum(y * x)


def mask_written(x):
    m = x > 0
    m[1] = x[1] * 3
    return np.sum(m * x)


def masked_write(x):
    y = np.where(x > 0, 1, 0)
    y[x > 1] = x[x > 1] * 3
    return np.sum(y * x)


def sum_into_int_out(x):
    y = np.zeros((), dtype=LABELS.dtype)
    np.sum(x * 2, out=y)          # np.sum casts its out= unsafely: truncated
    return y * x[0]


def float_buffer_written(x):     # the same writes into floats: the derivative flows
    y = np.arange(4.0)
    y[2] = x[2] * 3
    y[0] += x[1] * x[3]
    np.add.at(y, [1, 1], x[:2])
    return np.sum(y * x)


@pytest.mark.parametrize('f', [arange_written, argsort_written, element_iadd, filled, added_at,
                               mask_written, masked_write, sum_into_int_out,
                               float_buffer_written], ids=lambda f: f.__name__)
def test_writes_follow_the_destination_dtype(f):
    check_derivatives(f, X4.copy(), modes=MODES)


def test_truncated_write_gives_no_derivative_in_reverse():
    np.testing.assert_allclose(srcad.grad(arange_written)(X4), [0, 1, 7, 3])
    y = np.arange(4)
    np.add.at(y, [0, 0, 3], X4[:3] * 3)  # (NumPy's truncated value; the derivative is y)
    np.testing.assert_allclose(srcad.grad(added_at)(X4), y)


# -- dtypes srcad does not follow: refused in every mode -----------------------------------
def object_entries(x):
    o = np.array([x[0], x[1]], dtype=object)
    return float(np.sum(o * o))


def astype_object(x):
    return float(np.sum(x.astype('O') ** 2))


def object_buffer(x):
    o = np.zeros(2, dtype=object)
    o[0] = x[0]
    o[1] = x[1] ** 2
    return float(o[0] * o[1])


def inferred_object(x):
    a = np.where(x > 0, x, None)
    return float(np.sum(a[a != None]))  # noqa: E711  (elementwise, as NumPy users write it)


def inferred_strings(x):
    a = np.array([x[0], 'a'])
    return float(a[0]) * x[1]


def object_slice_filled(x):
    o = np.empty(3, dtype=object)
    o[:] = [x[0], x[1], x[2]]
    return float(np.sum(o * 2.0))


def joined_with_objects(x):
    o = np.concatenate([x, np.array(['a'], dtype=object)])
    return float(o[0] * 2)


def structured(x):
    s = np.zeros(2, dtype=[('a', float), ('b', float)])
    s['a'] = x[:2]
    s['b'] = x[2:]
    return np.sum(s['a'] * s['b'])


def structured_from_rows(x):
    s = np.array([(x[0], x[1]), (x[2], x[3])], dtype=[('a', 'f8'), ('b', 'f8')])
    return np.sum(s['a'] ** 2 + s['b'])


@pytest.mark.parametrize('mode', MODES)
@pytest.mark.parametrize('f', [object_entries, astype_object, object_buffer, inferred_object,
                               inferred_strings, object_slice_filled, joined_with_objects,
                               structured, structured_from_rows],
                         ids=lambda f: f.__name__)
def test_other_dtypes_are_refused_located(f, mode):
    with pytest.raises(srcad.SrcadError) as info:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            check_derivatives(f, X4.copy(), modes=(mode,))
    text = str(info.value)
    assert 'floating or complex numbers only' in text
    if mode != 'vjp':  # (vjp's pullback: the backward lines of a return statement have no
        assert 'test_dtype_writes.py:' in text  # origin in codegen's map: lead's area)


def test_object_array_of_constants_is_fine():
    def f(x):
        names = np.array(['a', 'b', 'c', 'd'], dtype=object)
        return np.sum(x ** 2) * len(names)
    check_derivatives(f, X4.copy(), modes=MODES)


# -- NumPy's checks of in-place operations are kept ---------------------------------------
def iadd_grows_output(x):
    y = np.zeros((3, 1))
    y += x[:3]
    return np.sum(y)


def iadd_float_into_ints(x):
    a = np.arange(4)
    a += x
    return np.sum(a * x)


def idiv_ints(x):
    a = np.arange(4)
    a /= 2
    return np.sum(a * x)


def copyto_ints(x):
    y = np.arange(4)
    np.copyto(y, x * 3)
    return np.sum(y * x)


def ufunc_out_ints(x):
    y = np.arange(4)
    np.multiply(x, 3, out=y)
    return np.sum(y * x)


def slice_iadd_into_ints(x):
    y = np.arange(4)
    y[1:3] += x[1:3]                      # the in-place op runs on the view y[1:3]: raises
    return np.sum(y * x)


@pytest.mark.parametrize('mode', MODES)
@pytest.mark.parametrize('f', [iadd_grows_output, iadd_float_into_ints, idiv_ints, copyto_ints,
                               ufunc_out_ints, slice_iadd_into_ints], ids=lambda f: f.__name__)
def test_numpy_errors_of_in_place_ops_are_kept(f, mode):
    with pytest.raises((ValueError, TypeError)) as numpy_error:
        f(X4.copy())
    expected = ValueError if isinstance(numpy_error.value, ValueError) else TypeError
    with pytest.raises(expected):
        check_derivatives(f, X4.copy(), modes=(mode,))


def iadd_ok(x):
    acc = np.zeros((2, 4))
    acc += x                              # broadcast into the bigger array: fine
    acc -= 1                              # an int into floats: fine
    n = 0
    for v in x:
        n += 1                            # Python numbers: Python's own +=
    xs = [x[0]]
    xs += [x[1] * 2]                      # a list: extended
    A = np.ones((2, 4))
    A @= np.outer(x, x)
    ids = np.arange(4)
    ids += 2                              # ints into ints
    ids[1] += x[1] * 3                    # one element: NumPy's scalar +, then a truncating write
    acc[0, 1:3] *= x[1:3]                 # floats into a float view
    out = np.zeros(4)
    np.copyto(out, x ** 2)
    np.add(out, x, out=out)
    return np.sum(acc * x) * n + xs[0] * xs[1] + np.sum(A) + np.sum(ids * x) + np.sum(out)


def test_in_place_ops_numpy_accepts_still_work():
    check_derivatives(iadd_ok, X4.copy(), modes=MODES)


def test_inplace_check_helper():
    inplace_check(1.0, np.ones(3), '+')                     # a number: Python's +=
    inplace_check(np.zeros(3), 2.0, '*')
    inplace_check(np.zeros((2, 3)), np.ones(3), '+')
    inplace_check(np.zeros(3, np.float32), np.ones(3), '+')  # same_kind: float64 -> float32
    inplace_check(np.zeros(3, int), np.ones(3, bool), '+')
    with pytest.raises(ValueError, match='broadcast shape'):
        inplace_check(np.zeros((3, 1)), np.ones(3), '+')
    with pytest.raises(TypeError, match='same_kind'):
        inplace_check(np.zeros(3, int), 0.5, '+')
    with pytest.raises(TypeError, match='same_kind'):
        inplace_check(np.zeros(3, int), 2, '/')
    with pytest.raises(TypeError, match='same_kind'):
        inplace_check(np.zeros(3), 1j, '+')


def test_carries_no_derivative():
    assert carries_no_derivative(np.dtype(int)) and carries_no_derivative(bool)
    assert not carries_no_derivative(np.float32) and not carries_no_derivative(complex)
    for dtype in (object, 'U3', [('a', float)], 'M8[s]'):
        with pytest.raises(srcad.SrcadError, match='floating or complex numbers only'):
            carries_no_derivative(dtype)
