"""Second order (hvp, hessian, jvp of grad) through calls of functions known only at
run time: functions passed as arguments, bound methods, functools.partial, callable
objects (srcad.dynamic_second)."""

import functools

import numpy as np
import pytest

import srcad
from srcad.errors import NoRuleError, RuntimeCheckError
from srcad.testing import check_derivatives

W = np.array([0.3, -0.2, 0.5])


def _fd_hessian(f, x, *rest, eps=1e-5):
    g = srcad.grad(f)
    cols = []
    for i in range(x.size):
        e = np.zeros_like(x)
        e.flat[i] = eps
        cols.append((g(x + e, *rest) - g(x - e, *rest)) / (2 * eps))
    return np.stack(cols, axis=-1)


def _check(f, *args):
    check_derivatives(f, *args)
    H = srcad.hessian(f)(*args)
    np.testing.assert_allclose(H, _fd_hessian(f, *args), rtol=1e-5, atol=1e-7)


# --- functions passed as arguments -----------------------------------------------------
def loss_act(w, act):
    return np.sum(act(w) ** 2)


def softplus(x):
    return np.log1p(np.exp(x))


def scaled(x, s):
    return s * np.sin(x) * x


@pytest.mark.parametrize('act', [np.tanh, np.exp, np.sin, softplus,
                                 lambda x: x ** 3 - np.cos(x)], ids=str)
def test_function_passed_as_argument(act):
    _check(loss_act, W, act)


def test_numpy_rule_with_several_arguments():
    def loss(w, combine):
        return np.sum(combine(w, w[::-1]) ** 2)
    _check(loss, W, np.multiply)
    _check(loss, W, np.arctan2)
    _check(loss, W, np.hypot)


def test_user_function_calling_helpers():
    def model(x, a):
        return np.tanh(x) * a + softplus(x * a)

    def loss(w, f):
        return np.sum(f(w, w * 2.0) ** 2) + np.prod(f(w, 1.5))
    _check(loss, W, model)


def test_user_function_with_star_args():
    def total(*xs):
        return sum(np.sin(x) * x for x in xs)

    def loss(w, f):
        return np.sum(f(w, w ** 2) ** 2)
    _check(loss, W, total)


def test_function_called_in_a_loop():
    def loss(w, act):
        h = w
        for _ in range(3):
            h = act(h) * 1.1 + w
        return np.sum(h ** 2)
    _check(loss, W, np.tanh)
    _check(loss, W, softplus)


def test_function_in_a_branch():
    def loss(w, act, first):
        if first:
            h = act(w)
        else:
            h = w * 2.0
        return np.sum(h * w)
    _check(loss, W, softplus, True)
    _check(loss, W, softplus, False)


def test_lists_dicts_and_tuples_through_the_call():
    def pair(x):
        return np.sin(x), np.cos(x) * x

    def first_times_exp(xs):
        return xs[0] * np.exp(xs[1])

    def keyed(d):
        return d['a'] * np.tanh(d['b'])

    def loss(w, f, g, h, join):
        a, b = f(w)
        return (np.sum(a * b) + np.sum(g([w, w[::-1]])) + np.sum(h({'a': w, 'b': w * 3}))
                + np.sum(join([w, w ** 2]) ** 2))
    check_derivatives(loss, W, pair, first_times_exp, keyed, np.stack)


def test_while_loop_and_user_rule():
    def mine(x):
        return x * np.sin(x)
    srcad.adjoint(mine, 'x', x='g * (np.sin(x) + x * np.cos(x))')
    from srcad.rules.registry import tangent
    tangent(mine, x='dot * (np.sin(x) + x * np.cos(x))')

    def loss(w, f):
        h, k = w, 0
        while k < 3:
            h = f(h) + 0.5 * w
            k += 1
        return np.sum(h ** 2)
    _check(loss, W, mine)


def test_linear_algebra_passed_in():
    A = np.array([[1.2, 0.3, -0.1], [0.2, 0.9, 0.4], [0.1, -0.3, 1.5]])

    def loss(w, f):
        return np.sum(f(A + np.outer(w, w)) ** 2)
    for f in (np.linalg.inv, np.linalg.det, np.linalg.cholesky, np.linalg.eigvalsh):
        _check(loss, W, f)


# --- functools.partial -----------------------------------------------------------------
def test_partial_of_user_function():
    def loss(w, f):
        return np.sum(f(w) ** 2)
    _check(loss, W, functools.partial(scaled, s=1.7))


def test_partial_with_positional_constant():
    def shifted(c, x):
        return np.exp(x - c)

    def loss(w, f):
        return np.sum(f(w) * w)
    _check(loss, W, functools.partial(shifted, 0.4))


def test_partial_of_a_rule():
    def loss(w, f):
        return np.sum(f(w) ** 2)
    _check(loss, W, functools.partial(np.power, 1.3))


def test_partial_built_inside():
    def loss(w):
        f = functools.partial(scaled, s=2.0)
        return np.sum(f(w) ** 2)
    _check(loss, W)


# --- bound methods and callable objects --------------------------------------------------
class Layer:
    def __init__(self, scale):
        self.scale = scale

    def forward(self, x):
        return np.tanh(x * self.scale) + x ** 2

    def __call__(self, x):
        return self.forward(x) * np.cos(x)


def test_bound_method_of_parameter():
    def loss(w, model):
        return np.sum(model.forward(w) ** 2)
    _check(loss, W, Layer(1.3))


def test_bound_method_passed():
    def loss(w, f):
        return np.sum(f(w))
    _check(loss, W, Layer(0.7).forward)


def test_callable_object():
    def loss(w, model):
        return np.sum(model(w) * w)
    _check(loss, W, Layer(0.9))


class Params:
    def __init__(self, a):
        self.a = a

    def energy(self, x):
        return self.a * np.sum(np.sin(x) ** 2)


def test_method_of_object_in_wrt():
    def loss(w, p):
        return p.energy(w) + np.sum(w ** 4)
    _check(loss, W, Params(1.5))


# --- a srcad gradient passed in ---------------------------------------------------------
def test_gradient_object_passed():
    def energy(x):
        return np.sum(np.sin(x) ** 2 * x)

    def loss(w, g):
        return np.sum(g(w) ** 2)
    check_derivatives(loss, W, srcad.grad(energy), modes=('grad', 'jvp', 'hvp'))


# --- refusals ---------------------------------------------------------------------------
def test_rule_without_forward_rule_is_refused():
    def mine(x):
        return x * 3.0
    srcad.adjoint(mine, 'x', x='g * 3.0')

    def loss(w, f):
        return np.sum(f(w) ** 2)
    assert np.allclose(srcad.grad(loss)(W, mine), 18 * W)
    with pytest.raises(RuntimeCheckError, match='forward-mode rule'):
        srcad.hvp(loss, (W, mine), np.ones(3))


def test_no_rule_is_refused():
    def loss(w, f):
        return np.sum(f(w))
    with pytest.raises(srcad.SrcadError):
        srcad.hvp(loss, (W, np.vectorize(np.sin)), np.ones(3))


def test_rule_parameter_without_adjoint_is_refused_in_reverse_mode():
    def loss(w, f):
        return f(w, 0.3 + 0.1 * w[0])
    with pytest.raises(RuntimeCheckError, match="no derivative rule for its parameter 'q'"):
        srcad.grad(loss)(W, np.quantile)
    with pytest.raises(RuntimeCheckError, match='forward-mode rule'):
        srcad.hvp(loss, (W, np.quantile), np.ones(3))
    check_derivatives(lambda w, f: f(w, 0.3), W, np.quantile)  # a constant q


def test_third_order_is_refused_at_the_users_line():
    def inner(w, act):
        return np.sum(act(w) ** 3)
    g = srcad.grad(inner)

    def outer(w, act):
        return np.sum(g(w, act) ** 2)
    with pytest.raises(NoRuleError, match='third derivatives') as info:
        srcad.hvp(outer, (W, np.tanh), np.ones(3))
    assert info.value.location.filename == __file__
