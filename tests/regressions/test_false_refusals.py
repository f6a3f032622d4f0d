"""Code srcad refuses although nothing in it shares data (found by the fuzzer).

Refusing a write into shared data is right; these writes share nothing.
Each test is ``xfail(strict=True)`` while srcad refuses.
"""

import numpy as np
import pytest

import srcad
from srcad.testing import check_grad


def write_after_early_return(x, c):
    if c > 0.0:
        return c
    x[0] = 1.0
    return np.sum(x * c)


# Found by the fuzzer; fixed, kept as a guard.
def test_write_into_an_argument_after_an_early_return():
    check_grad(write_after_early_return, np.ones(3), -1.0, wrt=(0, 1))


def total_and_double(a):
    return np.sum(a), a * 2.0


def write_into_part_of_a_result(x):
    s, v = total_and_double(x)
    v[0] = 1.0
    return np.sum(v * x) + s


# Found by the fuzzer; fixed, kept as a guard.
def test_write_into_one_part_of_a_tuple_result():
    check_grad(write_into_part_of_a_result, np.array([0.5, -1.0, 2.0]))


def overwrite_an_element_after_reading_it(c):
    buf = np.zeros(2)
    buf[0] = c
    t = buf[0]
    buf[0] = 3.0
    return t * buf[0]


@pytest.mark.xfail(strict=True, reason="refused: writing into 'buf_1' while 't' refers to the "
                                       "same data, though t = buf[0] is a float, not a view")
def test_overwrite_an_element_after_reading_it():
    check_grad(overwrite_an_element_after_reading_it, 0.5)


def update_from_another_element(c):
    buf = np.zeros(2)
    buf[0] = c
    buf[1] -= buf[0]
    return buf[1] ** 2


# Found by the fuzzer; fixed, kept as a guard.
def test_hvp_of_an_element_update():
    assert srcad.grad(update_from_another_element)(0.5) == pytest.approx(1.0)
    assert srcad.hvp(update_from_another_element, (0.5,), 1.0) == pytest.approx(2.0)


def write_into_an_argument_after_an_early_return(x, c, a):
    if c > 5.0:
        return x[0]
    a[1, 0] = x[1]
    return np.sum(x ** 3) + np.sum(a)


# Found by the fuzzer; fixed, kept as a guard.
def test_hvp_of_a_write_into_an_argument_after_an_early_return():
    args = (np.ones(2), 1.0, np.ones((2, 2)))
    np.testing.assert_array_equal(
        srcad.hvp(write_into_an_argument_after_an_early_return, args, np.ones(2)), [6.0, 6.0])


def scale_in_place(a):
    a *= 2.0
    return a


def calls_with_a_float(x, c):
    return scale_in_place(c) * np.sum(x) + scale_in_place(x[0])


@pytest.mark.xfail(strict=True, reason="refused: scale_in_place changes its argument 'a' in "
                                       "place, though a *= 2.0 on a float rebinds a")
def test_augmented_assignment_to_a_float_argument_of_a_called_function():
    check_grad(calls_with_a_float, np.array([1.0, 2.0]), 0.5, wrt=(0, 1))
