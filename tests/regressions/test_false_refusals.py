"""Code srcad refuses although nothing in it shares data (found by the fuzzer).

Refusing a write into shared data is right; these writes share nothing.
Each test is ``xfail(strict=True)`` while srcad refuses.
"""

import numpy as np
import pytest

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
