"""Forward mode, vjp and higher order, checked against finite differences."""

import numpy as np
import pytest

import srcad
from srcad import (elementwise_grad, grad, hessian, hvp, jacfwd, jacobian, jacrev, jvp, vjp)

R = np.random.default_rng(5)
X = R.standard_normal((3, 4))
W = R.standard_normal((4, 2))
EPS = 1e-6


def model(x, w):
    h = np.tanh(x @ w)
    s = 0.0
    for i in range(3):
        if np.sum(h) > -100.0:
            s = s + np.sum(h ** 2) * 0.5
        h = h * 0.9 + np.sin(h)
    return s


def vector_valued(x, w):
    return np.exp(np.tanh(x @ w)) * x[:, :2]


def helper(u):
    return np.cos(u) * u


def calls_helper(x):
    total = 0.0
    for i in range(2):
        total = total + np.sum(helper(x * (i + 1.0)))
    return total


def numeric_jvp(f, args, tangents):
    plus = [a + EPS * t for a, t in zip(args, tangents)]
    minus = [a - EPS * t for a, t in zip(args, tangents)]
    return (np.asarray(f(*plus)) - np.asarray(f(*minus))) / (2 * EPS)


@pytest.mark.parametrize('f, args', [(model, (X, W)), (vector_valued, (X, W)),
                                     (calls_helper, (X,))])
def test_jvp_matches_finite_differences(f, args):
    tangents = tuple(R.standard_normal(np.shape(a)) for a in args)
    value, dot = jvp(f, args, tangents)
    np.testing.assert_allclose(value, f(*args))
    np.testing.assert_allclose(dot, numeric_jvp(f, args, tangents), rtol=1e-5, atol=1e-7)


def test_vjp_for_non_scalar_and_tuple_outputs():
    out, back = vjp(vector_valued, X, W)
    u = R.standard_normal(out.shape)
    gx, gw = back(u)
    tx, tw = R.standard_normal(X.shape), R.standard_normal(W.shape)
    lhs = np.sum(gx * tx) + np.sum(gw * tw)
    rhs = np.sum(u * numeric_jvp(vector_valued, (X, W), (tx, tw)))
    assert lhs == pytest.approx(rhs, rel=1e-5)
    np.testing.assert_allclose(back(u)[0], gx)  # the backward sweep can be run again


def test_jacfwd_equals_jacrev_and_finite_differences():
    def f(v):
        return np.sin(v) * v[0] + v ** 2
    v = R.standard_normal(4)
    jf, jr = jacfwd(f)(v), jacrev(f)(v)
    assert jf.shape == (4, 4)
    np.testing.assert_allclose(jf, jr, rtol=1e-10)
    np.testing.assert_allclose(jacobian(f)(v)[:, 1], numeric_jvp(f, (v,), (np.eye(4)[1],)),
                               rtol=1e-5)


def test_hessian_is_symmetric_and_matches_finite_differences_of_the_gradient():
    def f(v):
        return np.sum(np.sin(v) * v ** 2) + v[0] * v[1] * v[2]
    v = R.standard_normal(3)
    H = hessian(f)(v)
    np.testing.assert_allclose(H, H.T, atol=1e-12)
    g = grad(f)
    for i in range(3):
        e = np.eye(3)[i]
        np.testing.assert_allclose(H[:, i], (g(v + EPS * e) - g(v - EPS * e)) / (2 * EPS),
                                   rtol=1e-5, atol=1e-7)


def test_hvp_through_loops_and_branches():
    v = R.standard_normal(X.shape)
    got = hvp(model, (X, W), v)
    g = grad(model)
    np.testing.assert_allclose(got, (g(X + EPS * v, W) - g(X - EPS * v, W)) / (2 * EPS),
                               rtol=1e-5, atol=1e-7)


def test_grad_of_grad_to_any_order():
    def f(x, n):
        y = x
        for i in range(n):
            y = np.sin(y) * x
        return y
    d1 = grad(f)
    d2 = grad(d1)
    d3 = grad(d2)
    x = 0.7
    assert d2(x, 3) == pytest.approx((d1(x + 1e-5, 3) - d1(x - 1e-5, 3)) / 2e-5, rel=1e-6)
    assert d3(x, 3) == pytest.approx((d2(x + 1e-4, 3) - d2(x - 1e-4, 3)) / 2e-4, rel=1e-5)
    assert grad(grad(grad(grad(lambda t: t ** 4))))(2.0) == pytest.approx(24.0)
    assert 'def ' in d2.source


def test_elementwise_grad():
    x = R.standard_normal(5)
    np.testing.assert_allclose(elementwise_grad(lambda t: np.tanh(t) * 2.0)(x),
                               2.0 * (1 - np.tanh(x) ** 2))


def act_layer(x, w, act=np.tanh):
    return act(x @ w)


def test_jvp_through_a_function_passed_as_an_argument():
    def f(x, w):
        return act_layer(x, w, act=np.sin) * 2.0
    tangents = (R.standard_normal(X.shape), R.standard_normal(W.shape))
    value, dot = jvp(f, (X, W), tangents)
    np.testing.assert_allclose(dot, numeric_jvp(f, (X, W), tangents), rtol=1e-5, atol=1e-7)


def pair(x, y):
    return x * y, np.sin(x) + y


def test_jacobians_of_tuple_outputs_by_name_and_with_other_arguments():
    x, y = R.standard_normal(3), R.standard_normal(3)
    jf, jr = jacfwd(pair, wrt='x')(x, y), jacrev(pair, wrt='x')(x, y)
    assert isinstance(jf, tuple) and len(jr) == 2
    for a, b, want in zip(jf, jr, (np.diag(y), np.diag(np.cos(x)))):
        np.testing.assert_allclose(a, want, atol=1e-12)
        np.testing.assert_allclose(b, want, atol=1e-12)

    def q(x, params):
        return np.sum(x ** 2 * params['w'])
    H = hessian(q, wrt='x')(x, {'w': y})
    np.testing.assert_allclose(H, np.diag(2 * y), atol=1e-12)
    with pytest.raises(srcad.WrtError):
        hessian(q, wrt='params')(x, {'w': y})
