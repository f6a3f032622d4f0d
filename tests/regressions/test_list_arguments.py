"""Lists and tuples passed in as arguments (``f(w, x)`` with ``w=[0.5, -1.2, 0.8]``).

NumPy converts such a list where it meets an array or a NumPy function.  Reverse
mode coped at run time, but forward mode (jvp, and hvp: forward over the
gradient) carried the list's tangent as a list into the tangent rules, which
crashed with TypeError (``-w_dot``, ``2 * w_dot``...).  srcad now compiles the
function for the arguments that are lists (also inside dict arguments, and for
the user's helpers that receive lists) and converts them explicitly where NumPy
would, in every mode.
"""

import functools

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives, check_grad

x3 = np.array([0.3, 0.7, 1.1])
W = [0.5, -1.2, 0.8]
WP = [0.5, 1.2, 0.8]


def sub(w, x): return np.sum((x - w) ** 2)
def div(w, x): return np.sum(x / np.exp(w))
def absolute(w, x): return np.sum(np.abs(w) * x)
def maximum(w, x): return np.sum(np.maximum(w, 0.1) * x)
def minimum(w, x): return np.sum(np.minimum(w, x) ** 2)
def cosine(w, x): return np.sum(np.cos(w) * x)
def square(w, x): return np.sum(np.square(w) * x)
def arctan(w, x): return np.sum(np.arctan(w) * x)
def negative(w, x): return np.sum(np.negative(w) * x)
def log(w, x): return np.sum(np.log(w) * x)
def log10(w, x): return np.sum(np.log10(w) * x)
def log1p(w, x): return np.sum(np.log1p(w) * x)
def reciprocal(w, x): return np.sum(np.reciprocal(w) * x)
def hypot(w, x): return np.sum(np.hypot(w, x))
def arctan2(w, x): return np.sum(np.arctan2(w, x))
def power(w, x): return np.sum(np.power(w, 2) * x)
def exponent(w, x): return np.sum((x + 1.0) ** w)
def logaddexp(w, x): return np.sum(np.logaddexp(w, x))
def norm(w, x): return np.linalg.norm(w) + np.dot(w, x) ** 2
def softmax(w, x): return np.sum(x * np.exp(w) / np.sum(np.exp(w)))


ELEMENTWISE = [sub, div, absolute, maximum, minimum, cosine, square, arctan, negative, log,
               log10, log1p, reciprocal, hypot, arctan2, power, exponent, logaddexp, norm,
               softmax]


@pytest.mark.parametrize('fn', ELEMENTWISE, ids=lambda f: f.__name__)
@pytest.mark.parametrize('kind', [list, tuple])
def test_every_mode_of_a_list_argument(fn, kind):
    check_derivatives(fn, kind(WP), x3)


def pow_const(x, e): return np.sum(x ** e)
def sub_const(x, t): return np.sum((x - t) ** 2)
def max_const(x, f): return np.sum(np.maximum(x, f) ** 2)
def hypot_const(x, w): return np.sum(np.hypot(x, w) + np.arctan2(w, x))


@pytest.mark.parametrize('fn', [pow_const, sub_const, max_const, hypot_const],
                         ids=lambda f: f.__name__)
def test_a_constant_list_argument_next_to_the_differentiated_one(fn):
    # x ** e with e a list: the adjoint template computes e - 1 (a TypeError on a list)
    check_derivatives(fn, x3, [2.0, 3.0, 1.5])


def test_the_gradient_and_the_tangents_keep_the_arguments_structure():
    g = srcad.grad(cosine)
    flat = g(W, x3)
    assert type(flat) is list and all(isinstance(v, float) for v in flat)
    assert type(g(tuple(W), x3)) is tuple

    def rows(M, x):
        return np.sum(np.sin(M) @ x[:2])
    nested = srcad.grad(rows)([[0.5, 1.0], [2.0, 3.0]], x3)
    assert type(nested) is list and all(type(r) is list and len(r) == 2 for r in nested)
    hv = srcad.hvp(rows, ([[0.5, 1.0], [2.0, 3.0]], x3), [[1.0, 0.0], [0.0, 1.0]])
    assert type(hv) is list and all(type(r) is list for r in hv)
    value, tangent = srcad.jvp(cosine, (W, x3), ([1.0, 0.0, 0.0], np.zeros(3)))
    assert np.isclose(tangent, -np.sin(W[0]) * x3[0])


def test_a_gradient_called_with_lists_then_arrays_then_other_lists():
    g = srcad.grad(pow_const)
    for e in ([2.0, 3.0, 1.5], np.array([2.0, 3.0, 1.5]), (2.0, 3.0, 1.5), 2.0,
              [[2.0, 3.0, 1.5]], [2.0, 3.0, 1.5]):
        check_grad(pow_const, x3, e, gradient=g, modes=())
    check_grad(pow_const, x3[:2], [2.0, 3.0], gradient=g, modes=())
    g = srcad.grad(sub, wrt=0)  # first call with arrays, later with lists
    check_grad(sub, np.array(W), x3, gradient=g, modes=())
    check_grad(sub, W, x3, gradient=g)
    assert 'as_' in g.compiled_for((('w', 'sequence'),)).source


def dict_entries(p, x):
    return np.sum((x - p['w']) ** 2 * np.cos(p['w'])) + np.sum(x ** p['layer']['e'])


def test_lists_inside_a_dict_argument():
    p = {'w': list(W), 'layer': {'e': [2.0, 3.0, 1.5]}}
    check_derivatives(dict_entries, p, x3)
    check_derivatives(dict_entries, p, x3, wrt=1)
    g = srcad.grad(dict_entries)
    check_grad(dict_entries, p, x3, gradient=g, modes=())
    check_grad(dict_entries, {'w': np.array(W), 'layer': {'e': [2.0, 3.0, 1.5]}}, x3,
               gradient=g, modes=())


def _helper(w, x):
    return np.sum((x - w) ** 2)


def calls_helper(w, x):
    return _helper(w, x) + np.sum(np.cos(w))


def builds_list_for_helper(a, x):
    return _helper([a, 2.0 * a, 0.3], x)


def passes_function(w, x, act=np.cos):
    return np.sum((x - act(w)) ** 2)


def test_lists_through_the_users_helpers_and_callables():
    check_derivatives(calls_helper, W, x3)
    check_derivatives(builds_list_for_helper, 0.7, x3)
    check_derivatives(passes_function, W, x3, modes=('grad', 'vjp', 'jvp'))
    check_derivatives(functools.partial(_helper, x=x3), W)


def joins(w, x):
    return np.sum(np.array(w + [1.0]) ** 2)


def repeats(w, x):
    return np.sum(np.array(w * 2) ** 2)


@pytest.mark.parametrize('fn', [joins, repeats])
def test_python_list_operations_on_a_list_argument_work_in_every_mode(fn):
    # (refused until srcad/compiler/joins.py: w + [1.0] joins, w * 2 repeats the list)
    check_derivatives(fn, W, x3)


def scaled_powers(s, e):
    return np.sum((s * x3) ** e)


def loss_with_exponents(x, w, e):
    return np.sum(x ** e) + np.sum((x - w) ** 2)


def test_higher_order_transforms_with_a_list_argument():
    e = [2.0, 3.0, 1.5]
    eps = 1e-5
    g = srcad.grad(scaled_powers)
    numeric = (g(1.3 + eps, e) - g(1.3 - eps, e)) / (2 * eps)
    assert np.isclose(srcad.grad(srcad.grad(scaled_powers))(1.3, e), numeric, rtol=1e-6)
    w = [0.1, 0.2, 0.3]
    H = srcad.hessian(loss_with_exponents, 0)(x3, w, e)
    expected = np.diag(np.array(e) * (np.array(e) - 1) * x3 ** (np.array(e) - 2) + 2.0)
    np.testing.assert_allclose(H, expected, rtol=1e-7)
    check_derivatives(functools.partial(loss_with_exponents, e=e), x3, w)
    check_derivatives(functools.partial(loss_with_exponents, e=e), x3, w, wrt=1)
