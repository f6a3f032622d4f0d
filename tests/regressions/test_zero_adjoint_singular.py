"""V7: a zero adjoint (or tangent) must not hide an infinite local derivative.

The rules of singular functions write ``keep_zero(a, <rule>)``: a zero ``a`` stays zero
where the rule is ``0 * inf``.  That is right when ``a`` is zero structurally (np.where's
unselected side, np.maximum's losing side, a direction that does not move the input) and
wrong when it is zero because of the point itself: ``np.cbrt(x) ** 3`` at 0 (its adjoint
``3 * t ** 2 * g`` reads ``t = 0``), ``np.cbrt(x ** 3)`` in forward mode (its tangent
``3 * x ** 2 * dx`` is 0).  srcad keeps the guard only where it is sound
(:mod:`srcad.compiler.zero_guards`); elsewhere ``0 * inf`` is nan and refused, located.

Each test: the right number (from calculus, not from srcad), or a SrcadError -- never a
silent wrong number.  The masked idioms that must keep their exact zeros are checked too.
"""

import math
import warnings

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives


def quiet(fn, *args):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', RuntimeWarning)
        return fn(*args)


def right_or_refused(run, expected):
    try:
        got = quiet(run)
    except srcad.SrcadError as e:
        assert e.location is not None or 'indeterminate' in str(e), str(e)
        return
    np.testing.assert_allclose(got, expected, rtol=1e-7, atol=1e-9)


# -- reverse mode: the adjoint of a root's output is zero because the output is ---------------
def cbrt_cubed(x):
    return np.sum(np.cbrt(x) ** 3)                      # == sum(x)


def cbrt_three_calls(x):
    return np.sum(np.cbrt(x) * np.cbrt(x) * np.cbrt(x))  # == sum(x): separate calls


def sqrt_squared(x):
    return np.sum(np.sqrt(x) ** 2)                      # == sum(x) for x >= 0


def cos_of_sqrt(x):
    return np.sum(np.cos(np.sqrt(x)))                   # 1 - x/2 + ...: d/dx at 0+ is -1/2


def exp_of_log(x):
    return np.sum(np.exp(np.log(x)))                    # == sum(x) for x >= 0


def reciprocal_twice(x):
    return np.sum(1.0 / (1.0 / x))                      # == sum(x)


def half_power_squared(x):
    return np.sum((x ** 0.5) ** 2)


def third_power_cubed(x):
    return np.sum(np.power(x, 1.0 / 3.0) ** 3)


def math_sqrt_squared(x):
    return math.sqrt(x[0]) ** 2 + 2.0 * x[1]


def arcsin_from_top(x):
    return np.sum((np.arcsin(x) - np.pi / 2) ** 2)      # ~ 2 (1 - x) near 1: slope -2


def arccosh_squared(x):
    return np.sum(np.arccosh(x) ** 2)                   # ~ 2 (x - 1) near 1: slope 2


AT_ZERO = np.array([0.0, 0.5, 2.0])
REVERSE = [  # (f, point, the true gradient there: one-sided where the domain ends)
    (cbrt_cubed, np.array([0.0, 0.5, -0.7]), [1.0, 1.0, 1.0]),
    (cbrt_three_calls, np.array([0.0, 0.5, -0.7]), [1.0, 1.0, 1.0]),
    (sqrt_squared, AT_ZERO, [1.0, 1.0, 1.0]),
    (cos_of_sqrt, AT_ZERO, [-0.5, -np.sin(np.sqrt(0.5)) / (2 * np.sqrt(0.5)),
                            -np.sin(np.sqrt(2.0)) / (2 * np.sqrt(2.0))]),
    (exp_of_log, AT_ZERO, [1.0, 1.0, 1.0]),
    (reciprocal_twice, AT_ZERO, [1.0, 1.0, 1.0]),
    (half_power_squared, AT_ZERO, [1.0, 1.0, 1.0]),
    (third_power_cubed, AT_ZERO, [1.0, 1.0, 1.0]),
    (math_sqrt_squared, np.array([0.0, 0.5]), [1.0, 2.0]),
    (arcsin_from_top, np.array([1.0, 0.5]),
     [-2.0, 2 * (np.arcsin(0.5) - np.pi / 2) / np.sqrt(0.75)]),
    (arccosh_squared, np.array([1.0, 2.0]), [2.0, 2 * np.arccosh(2.0) / np.sqrt(3.0)]),
]
IDS = [c[0].__name__ for c in REVERSE]


@pytest.mark.parametrize('f, x, expected', REVERSE, ids=IDS)
def test_gradient_at_the_root_is_right_or_refused(f, x, expected):
    right_or_refused(lambda: srcad.grad(f)(x), expected)
    right_or_refused(lambda: srcad.value_and_grad(f)(x)[1], expected)
    right_or_refused(lambda: srcad.vjp(f, x)[1](1.0)[0], expected)


@pytest.mark.parametrize('f, x, expected', REVERSE, ids=IDS)
def test_jvp_at_the_root_is_right_or_refused(f, x, expected):
    for i in range(x.size):
        e = np.zeros(x.size)
        e[i] = 1.0
        right_or_refused(lambda: srcad.jvp(f, (x,), (e,))[1], expected[i])


# -- forward mode: the tangent into a root is zero because its input is stationary -----------
def cbrt_of_cube(x):
    return np.sum(np.cbrt(x ** 3))                      # == sum(x)


def third_power_of_cube(x):
    return np.sum(np.power(x ** 3, 1.0 / 3.0) + 0.0 * x)  # == sum(x) for x >= 0


@pytest.mark.parametrize('f', [cbrt_of_cube, third_power_of_cube])
def test_forward_mode_through_a_stationary_input(f):
    x = np.array([0.0, 0.5, 2.0])
    right_or_refused(lambda: srcad.jvp(f, (x,), (np.ones(3),))[1], 3.0)
    right_or_refused(lambda: srcad.grad(f)(x), [1.0, 1.0, 1.0])


# -- second order: hvp = forward mode over the generated gradient ----------------------------
def sqrt_dot_squared(x):
    return np.sqrt(x @ x) ** 2                          # == x @ x: Hessian 2 I


def gaussian_via_sqrt(x):
    return np.exp(-np.sqrt(x @ x) ** 2)                 # == exp(-x @ x): Hessian -2 I at 0


def cbrt_cubed_times_x(x):
    return np.sum(np.cbrt(x) ** 3 * x)                  # == sum(x ** 2): Hessian 2 I


@pytest.mark.parametrize('f, expected', [(sqrt_dot_squared, 2.0), (gaussian_via_sqrt, -2.0),
                                         (cbrt_cubed_times_x, 2.0)],
                         ids=lambda v: getattr(v, '__name__', ''))
def test_hvp_at_the_root_is_right_or_refused(f, expected):
    v = np.array([1.0, 2.0, 3.0])
    right_or_refused(lambda: srcad.hvp(f, (np.zeros(3),), v), expected * v)


# -- what must keep working: zeros that are structural ---------------------------------------
def masked_sqrt_then_exp(x):
    return np.sum(np.exp(-np.where(x > 0, np.sqrt(x), 0.0)))


def masked_sqrt_squared_weighted(x):
    w = np.arange(1.0, x.size + 1.0)
    return np.sum(w * np.where(x > 0, np.sqrt(x), 0.0) ** 2)


def clamped_sqrt_in_exp(v):                             # Heston full truncation
    s = np.sqrt(np.maximum(v, 0.0))
    return np.sum(np.exp(-0.5 * np.maximum(v, 0.0) + s * 0.3))


def masked_log_times_p(p):                              # entropy, masked
    return -np.sum(p * np.where(p > 0, np.log(p), 0.0))


def x_times_sqrt(x):                                    # x ** 1.5: a Lipschitz factor
    return np.sum(x * np.sqrt(x))


MASKED = np.array([-1.5, 0.4, 2.0, -0.3, 1.1])


@pytest.mark.parametrize('f', [masked_sqrt_then_exp, masked_sqrt_squared_weighted,
                               clamped_sqrt_in_exp, masked_log_times_p],
                         ids=lambda f: f.__name__)
def test_masked_idioms_keep_their_exact_zeros(f):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', RuntimeWarning)
        check_derivatives(f, MASKED.copy())
        g = srcad.grad(f)(MASKED.copy())
        _, t = srcad.jvp(f, (MASKED.copy(),), (np.array([1.0, 0, 0, 1.0, 0]),))
    assert g[0] == 0.0 and g[3] == 0.0
    assert t == 0.0


def test_masked_sqrt_then_exp_at_exactly_zero():
    """At 0 the unselected side of np.where: the derivative is np.where's, 0."""
    x = np.array([0.0, 1.0])
    g = quiet(srcad.grad(masked_sqrt_then_exp), x)
    np.testing.assert_allclose(g, [0.0, -np.exp(-1.0) / 2])


def test_a_lipschitz_factor_keeps_the_guard():
    """x * sqrt(x) at 0: the adjoint of sqrt(x) is g * x, zero with a finite slope; the
    derivative (1.5 sqrt(x)) is 0 there, and srcad gives it."""
    np.testing.assert_allclose(quiet(srcad.grad(x_times_sqrt), np.array([0.0, 4.0])),
                               [0.0, 3.0])


def test_the_refusal_names_the_function():
    with pytest.raises(srcad.SrcadError, match='indeterminate') as info:
        quiet(srcad.grad(cbrt_cubed), np.array([0.0, 1.0]))
    assert info.value.location is not None
    assert info.value.location.filename == __file__


# -- V3 remnant: np.max at a tie in second order ---------------------------------------------
def max_squared(x):
    return np.max(x) ** 2


def test_hvp_of_max_squared_at_a_tie_is_refused():
    x = np.array([1.0, 1.0, 0.2])
    with pytest.raises(srcad.SrcadError):
        quiet(srcad.hvp, max_squared, (x,), np.array([1.0, -1.0, 0.0]))


def softmax_xent_tied(z):
    s = z - np.max(z)
    return -s[0] + np.log(np.sum(np.exp(s)))


def test_softmax_shift_at_a_tie_keeps_working():
    z = np.array([0.5, 0.5, -1.0])
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', RuntimeWarning)
        check_derivatives(softmax_xent_tied, z)
