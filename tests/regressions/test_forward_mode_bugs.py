"""Forward-mode (jvp) bugs found by the fuzzer, minimized by hand.

``jvp(f, x, v)`` must equal ``<grad f(x), v>``; each test is
``xfail(strict=True)`` while the bug stands.
"""

import math

import numpy as np
import pytest

import srcad
from srcad import grad, hvp, jvp
from srcad.errors import NoRuleError
from srcad.testing import check_grad


def boolean_condition(x):
    if x > 0.0 and x < 5.0:
        return x * 2.0
    return x


def negated_condition(x):
    if not x > 0.0:
        return x
    return x * 2.0


def boolean_in_conditional_expression(x):
    return x * 2.0 if x > 0.0 or x < -5.0 else x


def boolean_while_test(x):
    k = 0
    while k < 3 and x < 10.0:
        k = k + 1
        x = x * 2.0
    return x


# Found by the fuzzer (NoRuleError: the condition taken for a value to differentiate);
# fixed in cb5e704, kept as a guard.
@pytest.mark.parametrize('f', [boolean_condition, negated_condition,
                               boolean_in_conditional_expression, boolean_while_test],
                         ids=lambda f: f.__name__)
def test_jvp_of_a_boolean_condition(f):
    assert jvp(f, (1.0,), (1.0,))[1] == pytest.approx(grad(f)(1.0))


def return_inside_while(x):
    k = 0
    while k < 2:
        k = k + 1
        if x > 5.0:
            return x * 2.0
    return x * 3.0


def return_inside_for(x):
    for i in range(2):
        if x > 5.0:
            return x * 2.0
    return x * 3.0


# Found by the fuzzer; fixed, kept as a guard.
@pytest.mark.parametrize('f', [return_inside_while, return_inside_for], ids=lambda f: f.__name__)
def test_jvp_of_a_return_inside_a_loop(f):
    assert jvp(f, (1.0,), (1.0,)) == (3.0, 3.0)


def write_into_broadcast_buffer(x, c):
    buf = np.zeros(2) + c
    buf[0] = x
    return np.sum(buf)


# Found by the fuzzer (IndexError in f_jvp: the tangent of np.zeros(2) + c stayed 0-d);
# fixed in cb5e704, kept as a guard.
def test_jvp_of_a_write_into_a_broadcast_buffer():
    assert jvp(write_into_broadcast_buffer, (1.0, 2.0), (1.0, 1.0)) == (3.0, 2.0)


# -- hvp: forward mode over the generated gradient (found with python -m tests.fuzz --hvp) --
def loop_in_an_untaken_branch(x, c):
    if c > 2.0:
        for i in range(1):
            x = x * 2.0
    return x[0] ** 2


# Found by the fuzzer; fixed, kept as a guard.
def test_hvp_of_a_loop_in_an_untaken_branch():
    x = np.array([0.5, -1.0, 2.0])
    np.testing.assert_array_equal(hvp(loop_in_an_untaken_branch, (x, 0.0), np.ones(3)),
                                  [2.0, 0.0, 0.0])


def boolean_condition_in_a_loop(x):
    items = []
    for i in range(1):
        items.append(np.min(x if x[0] > 0.1 or x[1] > -0.3 else -1.0))
    return np.prod(items) ** 2


# Found by the fuzzer; fixed, kept as a guard.
def test_hvp_of_a_boolean_condition_in_a_loop():
    x = np.array([0.5, -1.0, 2.0])
    np.testing.assert_array_equal(hvp(boolean_condition_in_a_loop, (x,), np.ones(3)),
                                  [0.0, 2.0, 0.0])


def early_return_in_an_else_then_a_loop(x, c):
    if c > 2.0:
        c = c * 2.0
    else:
        if c > -5.0:
            return c * 2.0
    items = []
    for j in range(2):
        items.append(x)
    return np.sum(np.array(items) ** 2)


# Found by the fuzzer; fixed, kept as a guard.
def test_hvp_after_an_early_return_nested_in_an_else():
    x = np.array([0.5, -1.0, 2.0])
    np.testing.assert_array_equal(hvp(early_return_in_an_else_then_a_loop, (x, 0.0),
                                      np.ones(3)), [0.0, 0.0, 0.0])


# The same in the user's own code: y may be unbound before the second if, and its else
# binds it on one path only; SSA's join copy read that version where it was unbound.
def rebound_in_one_nested_branch(x, c):
    if c > 0.0:
        y = x
    if c > 2.0:
        y = x * 3.0
    else:
        if c > -5.0:
            y = x ** 2
    if c > -5.0:
        return np.sum(y * x)
    return np.sum(x)


def rebound_in_a_loop_in_one_nested_branch(x, c):
    if c > 0.0:
        y = x
    if c > 2.0:
        y = x * 3.0
    else:
        if c > -5.0:
            for i in range(2):
                y = x ** 2 + i
    if c > -5.0:
        return np.sum(y * x)
    return np.sum(x)


@pytest.mark.parametrize('c', [3.0, 1.0, -1.0, -6.0])
@pytest.mark.parametrize('f', [rebound_in_one_nested_branch,
                               rebound_in_a_loop_in_one_nested_branch],
                         ids=lambda f: f.__name__)
def test_a_variable_bound_on_some_paths_of_a_nested_branch(f, c):
    x, v = np.array([0.5, -1.0, 2.0]), np.array([1.0, -0.5, 0.25])
    check_grad(f, x, c)
    value, tangent = jvp(f, (x, c), (v, 0.0))
    assert value == pytest.approx(f(x, c))
    assert tangent == pytest.approx(np.vdot(grad(f)(x, c), v))
    eps = 1e-6
    by_differences = (grad(f)(x + eps * v, c) - grad(f)(x - eps * v, c)) / (2 * eps)
    np.testing.assert_allclose(hvp(f, (x, c), v), by_differences, atol=1e-6)


def return_in_a_loop_over_a_list(x, ws):
    for w in ws:
        if np.any(w > 0.5) and x[0] > 5.0:
            return np.vdot(x, w)
    return x[0] ** 2


# Found by the fuzzer; fixed, kept as a guard.
def test_hvp_of_a_guarded_return_in_a_loop_over_a_list():
    x, ws = np.array([0.5, -1.0]), [np.array([1.0, 0.2]), np.array([0.1, 0.3])]
    np.testing.assert_array_equal(hvp(return_in_a_loop_over_a_list, (x, ws), np.ones(2)),
                                  [2.0, 0.0])


# The value of ``a and b`` is one of its operands: when each is a truth value (a
# comparison, or a call of a function without derivative) it has no derivative.
def any_by_method(x, ws):
    for w in ws:
        if (w > 0.5).any() and x[0] > 5.0:
            return np.vdot(x, w) ** 2
    return x[0] ** 2 * x[1]


def named_truth_value(x, ws):
    for w in ws:
        big = np.any(w > 0.5)
        if big and x[0] > 5.0:
            return np.vdot(x, w) ** 2
    return x[0] ** 2 * x[1]


def isclose_condition(x, ws):
    for w in ws:
        if np.isclose(w[0], 1.0) and x[0] > 5.0:
            return np.vdot(x, w) ** 2
    return x[0] ** 2 * x[1]


@pytest.mark.parametrize('x0', [0.5, 6.0])
@pytest.mark.parametrize('f', [return_in_a_loop_over_a_list, any_by_method, named_truth_value,
                               isclose_condition], ids=lambda f: f.__name__)
def test_hvp_of_a_truth_value_joined_with_and(f, x0):
    x, ws = np.array([x0, -1.0]), [np.array([1.0, 0.2]), np.array([0.1, 0.3])]
    v, eps = np.array([1.0, -0.5]), 1e-6
    check_grad(f, x, ws)
    by_differences = (grad(f)(x + eps * v, ws) - grad(f)(x - eps * v, ws)) / (2 * eps)
    np.testing.assert_allclose(hvp(f, (x, ws), v), by_differences, atol=1e-5)


def value_of_or(x):
    y = np.any(x > 10.0) or x[0]
    return y * x[1]


# ``or`` handing on a value with a derivative (x[0] here) must still be refused, not zero.
@pytest.mark.parametrize('derivative', [
    lambda x: grad(value_of_or)(x),
    lambda x: jvp(value_of_or, (x,), (np.ones(2),)),
    lambda x: hvp(value_of_or, (x,), np.ones(2))], ids=['grad', 'jvp', 'hvp'])
def test_an_or_of_a_value_with_a_derivative_is_refused(derivative):
    with pytest.raises(NoRuleError, match='no derivative rule for'):
        derivative(np.array([1.0, 2.0]))


def saved_empty_range_in_a_nested_loop(x):
    t = np.sum(x ** 2)
    for i in range(1, 3):
        for j in range(0, 0, 2):
            t = math.erf(x[j - 1])
    return math.log10(t ** 2 + 1.0)


# Fixed (sequence()'s tangent reads its argument's kind: a range carries none); kept as a guard.
def test_hvp_of_a_range_saved_in_a_nested_loop():
    x = np.array([0.3, -0.4])
    h = hvp(saved_empty_range_in_a_nested_loop, (x,), np.ones(2))
    eps = 1e-6
    g = srcad.grad(saved_empty_range_in_a_nested_loop)
    numeric = (g(x + eps * np.ones(2)) - g(x - eps * np.ones(2))) / (2 * eps)
    np.testing.assert_allclose(h, numeric, rtol=1e-5, atol=1e-8)


def return_in_a_loop_that_may_not_run(x, c):
    if np.sum(x) > 0.1:
        for i in range(1, 1):
            return 0.5 * c
    return c * c


# Found by the fuzzer (a regression of this session's fix for maybe-bound variables): the
# index of a loop inside one branch was taken as surely bound after the branch.
def test_hvp_of_a_return_in_a_loop_that_may_not_run():
    x = np.array([0.5, 0.2])
    assert hvp(return_in_a_loop_that_may_not_run, (x, 0.3), 1.0, wrt=1) == pytest.approx(2.0)
    check_grad(return_in_a_loop_that_may_not_run, x, 0.3, wrt=1)
