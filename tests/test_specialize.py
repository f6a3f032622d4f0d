"""Gradients specialized for the shapes of their first call stay correct for any call."""

import numpy as np

from srcad import grad
from srcad.api import param_names_of
from srcad.testing import check_grad

R = np.random.default_rng(9)


def loss(w, b, X, y):
    pred = X @ w + b
    return np.mean((pred - y) ** 2) + np.sum(np.tanh(w) * 0.1)


def scalar_loop(x, n):
    y = 1.0
    for i in range(n):
        y = y - 0.1 * (y * y * y - x)
    return y


def test_shape_changes_fall_back_to_the_general_code():
    g = grad(loss, wrt=(0, 1))
    first = (R.standard_normal((3, 1)), 0.2, R.standard_normal((5, 3)), R.standard_normal((5, 1)))
    g(*first)
    for batch in (5, 2, 7):
        args = (first[0], 0.2, R.standard_normal((batch, 3)), R.standard_normal((batch, 1)))
        check_grad(loss, *args, wrt=(0, 1), gradient=g)
    check_grad(loss, first[0], np.array(0.2), *first[2:], wrt=(0, 1), gradient=g)
    check_grad(loss, first[0], 0.2, first[2], first[3].ravel()[:, None], wrt=(0, 1),
               gradient=g)


def test_float_specialization_and_array_calls_share_one_gradient():
    g = grad(scalar_loop)
    check_grad(scalar_loop, 1.5, 30, gradient=g)
    x = np.array([1.5])
    eps = 1e-6
    numeric = (scalar_loop(x + eps, 30) - scalar_loop(x - eps, 30)) / (2 * eps)
    np.testing.assert_allclose(g(x, 30), numeric, rtol=1e-6)
    assert g(1.5, 30) == grad(scalar_loop)(1.5, 30)


def test_specialized_code_is_plain_numpy():
    args = (R.standard_normal((3, 1)), 0.2, R.standard_normal((5, 3)), R.standard_normal((5, 1)))
    g = grad(loss, wrt=(0, 1))
    g(*args)
    facts = tuple((n, np.shape(a)) for n, a in zip(param_names_of(loss), args))
    source = g.compiled_for(facts).source
    assert 'X.T @' in source and 'reduced_size' not in source
    assert 'matmul_dy' in g.source  # the general code keeps the helpers
