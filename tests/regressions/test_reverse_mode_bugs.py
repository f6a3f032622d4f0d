"""Reverse-mode bugs found by the fuzzer (python -m tests.fuzz), minimized by hand.

Each test asserts the right behaviour and is ``xfail(strict=True)`` while the
bug stands: once srcad is fixed it passes, the strict xfail turns that into a
failure, and the marker comes off.
"""

import math

import numpy as np
import pytest

from srcad import UnsupportedSyntaxError, grad, value_and_grad, vjp
from srcad.testing import check_grad


def math_pow(y):
    return math.pow(y[2] ** 2 + 1.0, 0.5)


def math_pow_cubed(y):
    return math.pow(y, 3.0)


# Found by the fuzzer; fixed, kept as a guard.
@pytest.mark.parametrize('f, x', [(math_pow, np.array([0.3, -0.4, 1.2])), (math_pow_cubed, 1.7)],
                         ids=['sqrt', 'cube'])
def test_math_pow_with_a_constant_exponent(f, x):
    check_grad(f, x)


def loop_with_return(x, c):
    for i in range(1):
        if c > 0.1:
            return c
    return c


# Found by the fuzzer; fixed, kept as a guard.
def test_a_loop_with_a_return_and_an_unused_input():
    np.testing.assert_array_equal(grad(loop_with_return, wrt=0)(np.ones(2), 0.0), [0.0, 0.0])


def constant_return_in_while(a):
    k = 0
    while k < 2:
        k = k + 1
        return 2.0
    return a[0]


# Found by the fuzzer; fixed, kept as a guard.
def test_a_constant_return_inside_a_while_loop_in_a_split_function():
    value, back = vjp(constant_return_in_while, np.ones(2))
    assert value == 2.0
    np.testing.assert_array_equal(back(1.0)[0], [0.0, 0.0])


def total(a):
    return np.sum(a)


def inactive_call_in_a_conditional(x, a):
    return total(a) if x[0] > 0.0 else x[0]


# Found by the fuzzer; fixed, kept as a guard.
def test_an_inactive_call_inside_a_conditional_expression():
    np.testing.assert_array_equal(grad(inactive_call_in_a_conditional)(np.ones(2), np.ones(2)),
                                  [0.0, 0.0])


def named_lambda_in_while_test(x):
    double = lambda t: t * 2.0  # noqa: E731
    k = 0
    while k < 2 and double(x) < 10.0:
        k = k + 1
        x = x * 1.5
    return x


def nested_def_in_while_test(x):
    def double(t):
        return t * 2.0
    k = 0
    while k < 2 and double(x) < 10.0:
        k = k + 1
        x = x * 1.5
    return x


# Found by the fuzzer; fixed, kept as a guard.
@pytest.mark.parametrize('f', [named_lambda_in_while_test, nested_def_in_while_test],
                         ids=lambda f: f.__name__)
def test_a_local_function_called_in_a_while_test(f):
    assert grad(f)(1.0) == pytest.approx(2.25)


def writes_into_its_argument(a):
    a[0] = 5.0
    return a[1]


def mutating_call_in_a_condition(x):
    if writes_into_its_argument(x) > 0.0:
        return np.sum(x * x)
    return np.sum(x)


def mutating_call(x):
    t = writes_into_its_argument(x)
    return np.sum(x * x) + t


# Found by the fuzzer (a wrong gradient, or the caller's array changed); srcad now refuses.
@pytest.mark.parametrize('f', [mutating_call_in_a_condition, mutating_call],
                         ids=lambda f: f.__name__)
def test_a_called_function_that_writes_into_its_argument(f):
    x = np.array([1.0, 2.0, 3.0])
    with pytest.raises(UnsupportedSyntaxError, match="changes its argument 'a' in place"):
        grad(f)(x)
    np.testing.assert_array_equal(x, [1.0, 2.0, 3.0])


def loop_in_a_branch(x, c):
    if c > 2.0:
        for i in range(2):
            x = np.sin(x)
    return np.sum(x)


def calls_loop_in_a_branch(x, c):
    return loop_in_a_branch(x, c) * 2.0


# Found by the fuzzer; fixed, kept as a guard.
def test_a_loop_in_a_branch_not_taken_in_split_mode():
    value, back = vjp(loop_in_a_branch, np.ones(2), 0.0)
    np.testing.assert_array_equal(back(1.0)[0], [1.0, 1.0])
    np.testing.assert_array_equal(grad(calls_loop_in_a_branch)(np.ones(2), 0.0), [2.0, 2.0])


def accumulate_in_a_loop(c):
    t = 1.0
    for i in range(2):
        t = t * c
    return t


# Found by the fuzzer; fixed, kept as a guard.
def test_value_and_grad_of_a_value_overwritten_in_a_loop():
    assert value_and_grad(accumulate_in_a_loop)(0.5) == (0.25, 1.0)


def accumulate_with_aux(c):
    t = 1.0
    for i in range(3):
        t = t * c
    return t * 2.0, t


def test_value_and_grad_with_aux_overwritten_in_a_loop():
    (value, aux), g = value_and_grad(accumulate_with_aux, has_aux=True)(0.5)
    assert (value, aux, g) == (0.25, 0.125, 1.5)
    g, aux = grad(accumulate_with_aux, has_aux=True)(0.5)
    assert (g, aux) == (1.5, 0.125)


def loop_over_a_maybe_bound_name(x, c, n):
    if c > 0:
        y = x
    for i in range(n):
        y = x * 2.0
    return np.sum(y * x)


# Found by helper-7's fuzz run; fixed, kept as a guard.
def test_a_loop_that_does_not_run_keeps_a_maybe_bound_value():
    check_grad(loop_over_a_maybe_bound_name, np.array([1.0, 2.0]), 1.0, 0)


def test_a_loop_over_a_maybe_bound_name_that_runs():
    check_grad(loop_over_a_maybe_bound_name, np.array([1.0, 2.0]), 1.0, 2)
    check_grad(loop_over_a_maybe_bound_name, np.array([1.0, 2.0]), -1.0, 2)


def return_after_an_inner_loop_with_a_return(c):
    k = 0
    while k < 1:
        k = k + 1
        for i in range(2):
            if i > 3:
                return 5.0
        return c * 3.0
    return 0.7


def flag_set_in_its_own_branch(x, n):
    done = False
    s = 0.0
    for i in range(n):
        if not done:
            s = s + np.sum(x * i)
            done = i > 0
        else:
            s = s + np.sum(x ** 2)
    return s


# Found by the fuzzer (a silently wrong gradient, 0.0): the branch on `returned`
# was replayed with the value the branch itself had left in `returned`.
def test_a_branch_that_changes_its_own_condition():
    check_grad(return_after_an_inner_loop_with_a_return, 0.3)
    value, g = value_and_grad(return_after_an_inner_loop_with_a_return)(0.3)
    assert (value, g) == (pytest.approx(0.9), pytest.approx(3.0))
    _, back = vjp(return_after_an_inner_loop_with_a_return, 0.3)
    assert back(1.0)[0] == pytest.approx(3.0)
    for n in (0, 1, 2, 4):
        check_grad(flag_set_in_its_own_branch, np.array([0.5, -1.0]), n)


def overwritten_in_a_branch_in_a_loop(x, A):
    k = 0
    while k < 3:
        k = k + 1
        if np.sum(A) > -1.2:
            x = np.sum(A) * 2.0
    return np.sum(np.tanh(x))


def overwritten_on_some_iterations(x, n):
    for i in range(n):
        if i % 2 == 1:
            x = x * 0.0 + 1.5
        else:
            x = np.sin(x)
    return np.sum(x ** 2)


# Found by the fuzzer (a silently wrong gradient): the branch that overwrote x left its
# old adjoint in x_bar, and the code after the branch read it as if it had arrived.
def test_an_adjoint_consumed_in_one_branch_is_gone():
    x, A = np.array([0.3, -0.2]), np.array([[0.5, 0.1], [0.2, 0.3]])
    np.testing.assert_array_equal(grad(overwritten_in_a_branch_in_a_loop)(x, A), [0.0, 0.0])
    check_grad(overwritten_in_a_branch_in_a_loop, x, A, wrt=(0, 1))
    for n in (0, 1, 2, 3):
        check_grad(overwritten_on_some_iterations, x, n)


def appended_arrays_in_a_list(w):
    items = []
    for i in range(2):
        items.append(np.append(np.sin(w)[1:], 0.5))
    return items[-1].sum()


# Found by the fuzzer: the list item without an adjoint passes 0.0, which the adjoint
# of np.append could not split.
def test_np_append_of_an_item_without_an_adjoint():
    check_grad(appended_arrays_in_a_list, np.array([0.3, 0.1, -0.4, 0.2]))
