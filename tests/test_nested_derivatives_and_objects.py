"""Derivatives inside differentiated code, records replaced or built inside, and
refusals in library code told at the user's call (issue 15)."""

from collections import namedtuple

import numpy as np
import pytest
import scipy.stats

import srcad
from srcad.testing import check_derivatives

MODES = ('grad', 'value_and_grad', 'vjp', 'jvp', 'hvp')
X = np.array([0.3, -0.7, 1.1])


def energy(x):
    return np.sum(np.sin(x) * x ** 2)


def cube(t):
    return t ** 3 + np.sin(t)


def two(a, b):
    return np.sum(a * np.exp(b)) + np.sum(a ** 2 * b)


force = srcad.grad(energy)


def force_norm(x):
    return np.sum(force(x) ** 2)


@pytest.mark.parametrize('mode', MODES)
def test_gradient_called_inside(mode):
    check_derivatives(force_norm, X, modes=(mode,))


@pytest.mark.parametrize('mode', MODES)
def test_gradient_of_scalar_as_function(mode):
    check_derivatives(srcad.grad(cube), 0.4, modes=(mode,))


def test_vjp_and_jacrev_of_gradient_are_the_hessian():
    H = srcad.hessian(energy)(X)
    value, back = srcad.vjp(force, X)
    assert np.allclose(value, force(X))
    assert np.allclose(back(np.array([1.0, 2.0, 3.0]))[0], H @ [1.0, 2.0, 3.0])
    assert np.allclose(srcad.jacrev(force)(X), H)
    assert np.allclose(srcad.jacfwd(force)(X), H)


def test_vjp_of_gradient_with_two_arguments():
    a, b = X, X[::-1].copy()
    g = srcad.grad(two, wrt=(0, 1))
    _, back = srcad.vjp(g, a, b)
    va, vb = np.ones(3), np.array([0.5, 0.0, -1.0])
    da, db = back((va, vb))
    eps = 1e-6
    for i in range(3):
        e = np.zeros(3)
        e[i] = eps
        fd_a = sum(np.dot(v, (p - m) / (2 * eps)) for v, p, m in
                   zip((va, vb), g(a + e, b), g(a - e, b)))
        fd_b = sum(np.dot(v, (p - m) / (2 * eps)) for v, p, m in
                   zip((va, vb), g(a, b + e), g(a, b - e)))
        assert np.isclose(da[i], fd_a, atol=1e-5) and np.isclose(db[i], fd_b, atol=1e-5)


def test_value_and_grad_of_gradient_and_third_order():
    value, slope = srcad.value_and_grad(srcad.grad(cube))(0.4)
    assert np.isclose(value, 3 * 0.16 + np.cos(0.4))
    assert np.isclose(slope, 6 * 0.4 - np.sin(0.4))
    assert np.isclose(srcad.hvp(srcad.grad(cube), (0.4,), 1.0), 6 - np.cos(0.4))


def test_nested_elementwise_grad():
    d2 = srcad.elementwise_grad(srcad.elementwise_grad(np.tanh))(X)
    t = np.tanh(X)
    assert np.allclose(d2, -2 * t * (1 - t * t))
    check_derivatives(lambda x: np.sum(srcad.elementwise_grad(np.sin)(x) ** 2), X,
                      modes=('grad', 'jvp'))


P = namedtuple('P', 'W b')
Shape = namedtuple('Shape', 'size v')


def replaced(p, x):
    q = p._replace(W=p.W * 2.0, b=np.sum(x))
    return np.sum(np.tanh(q.W @ x)) * q.b


@pytest.mark.parametrize('wrt', [0, 1])
@pytest.mark.parametrize('mode', MODES)
def test_namedtuple_replace(mode, wrt):
    W = np.random.default_rng(0).standard_normal((2, 3))
    check_derivatives(replaced, P(W, 0.5), X, wrt=wrt, modes=(mode,))


def field_named_size(x):
    s = Shape(x, 2.0)
    return np.sum(s.size * s.v)


def test_record_with_array_attribute_field_built_inside_is_refused():
    with pytest.raises(srcad.NoRuleError, match="'size'.*ndarray attribute"):
        srcad.grad(field_named_size)(X)


def zscored(x):
    return np.sum(scipy.stats.zscore(x) ** 3 * x)


def test_library_refusal_names_the_users_call():
    with pytest.raises(srcad.SrcadError) as info:
        srcad.grad(zscored)(X)
    assert info.value.location.filename == __file__
    assert 'library code' in info.value.message and 'srcad.adjoint' in info.value.hint
