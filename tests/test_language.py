"""The everyday language: calls, closures, lambdas, methods, containers, mutation, rules."""

import functools
import math

import numpy as np
import pytest

import srcad
from helpers_pkg import losses
from srcad import grad, stop_gradient, value_and_grad
from srcad.testing import check_grad

R = np.random.default_rng(11)
X = R.standard_normal((6, 3))
Y = R.standard_normal((6, 2))
W = R.standard_normal((3, 2))
V = R.standard_normal(5)


# -- calls -------------------------------------------------------------------
def layer(x, w, b=0.0, scale=1.0):
    return np.tanh(x @ w + b) * scale


def power(x, n):
    if n == 0:
        return np.ones_like(x)
    return x * power(x, n - 1)


def calls_helpers(w, b, x, y):
    h = layer(x, w, b=b)
    return losses.weighted_mse(h, y, weight=0.5) + np.sum(losses.softplus(w)) \
        + np.sum(power(w, 3))


def test_calls_to_module_level_imported_and_recursive_functions():
    check_grad(calls_helpers, W, R.standard_normal(2), X, Y, wrt=(0, 1))


def test_a_helper_called_in_a_loop_and_with_different_active_arguments():
    def f(x, w):
        s = 0.0
        for i in range(3):
            s = s + losses.weighted_mse(x * i, w)
        return s + losses.weighted_mse(w, 1.0)
    check_grad(f, V, V[::-1].copy(), wrt=(0, 1))


def test_closures_nested_defs_and_lambdas():
    scale = 1.5

    def f(x, w):
        def act(t, k=1.0):
            u = np.tanh(t * k)
            return u * scale
        square = lambda v: v ** 2  # noqa: E731
        return np.sum(square(act(act(x @ w), k=0.5)))
    check_grad(f, X, W, wrt=(0, 1))
    fs = [lambda x: np.sum(x ** 2), lambda x: np.sum(x ** 3)]
    np.testing.assert_allclose(grad(fs[1])(V), 3 * V ** 2)


def test_partial_and_bound_methods():
    def loss(w, x, lam):
        return np.sum((x @ w) ** 2) + lam * np.sum(w ** 2)

    class Model:
        def __init__(self, scale):
            self.scale = scale

        def loss(self, w, x):
            return np.sum(self.scale * (x @ w) ** 2)
    np.testing.assert_allclose(grad(functools.partial(loss, lam=0.1))(W, X),
                               grad(loss)(W, X, 0.1))
    np.testing.assert_allclose(grad(Model(3.0).loss)(W, X), 3 * grad(loss)(W, X, 0.0))
    check_grad(Model(2.0).loss, W, X)


def test_methods_and_attributes_of_arrays():
    def f(x):
        a = x.sum(axis=0).mean() + x.max() * x.min() + x.T.reshape(-1)[0]
        b = x.reshape(2, 9).transpose().dot(np.ones(2)).std()
        c = x.clip(-0.5, 0.5).prod() + x.astype(float).var() + len(x) + x.shape[0] * x.ndim
        return a + b + c + x.size
    check_grad(f, R.standard_normal((3, 6)))


def test_math_and_builtins_on_floats():
    def f(a, b):
        s = math.sin(a) * math.exp(b) + math.sqrt(a * a + b * b) + math.log(b) + abs(a - b)
        return s + max(a, b) + min(a * 2.0, b) + float(a) + sum([a, b, a * b]) + a ** 2.5
    check_grad(f, 0.3, 0.7, wrt=(0, 1))


# -- containers ----------------------------------------------------------------
def mlp(params, x, y):
    h = np.tanh(x @ params['w1'] + params['b1'])
    out = h @ params['layers'][0]['w'] + params['layers'][0]['b']
    return np.mean((out - y) ** 2)


def test_gradient_wrt_a_dict_of_arrays_keeps_its_structure():
    params = {'w1': R.standard_normal((3, 4)), 'b1': np.zeros(4),
              'layers': [{'w': R.standard_normal((4, 2)), 'b': np.zeros(2)}]}
    g = grad(mlp)(params, X, Y)
    assert set(g) == set(params) and isinstance(g['layers'], list)
    assert g['layers'][0]['w'].shape == (4, 2)
    eps = 1e-6
    for path in (('w1',), ('b1',)):
        bumped = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in params.items()}
        bumped[path[0]] = bumped[path[0]] + eps
        down = dict(params)
        down[path[0]] = params[path[0]] - eps
        numeric = (mlp(bumped, X, Y) - mlp(down, X, Y)) / (2 * eps)
        assert np.sum(g[path[0]]) == pytest.approx(numeric, rel=1e-5)


def test_training_step_over_a_dict_with_a_closure_over_the_learning_rate():
    lr = 0.1
    params = {'w1': R.standard_normal((3, 4)), 'b1': np.zeros(4),
              'layers': [{'w': R.standard_normal((4, 2)), 'b': np.zeros(2)}]}
    step = value_and_grad(mlp)
    first, _ = step(params, X, Y)

    def update(p, g):
        if isinstance(p, dict):
            return {k: update(p[k], g[k]) for k in p}
        if isinstance(p, list):
            return [update(a, b) for a, b in zip(p, g)]
        return p - lr * g
    for _ in range(20):
        value, g = step(params, X, Y)
        params = update(params, g)
    assert value < first


def test_tuples_lists_and_has_aux():
    def f(pair, x):
        a, b = pair
        ys = []
        h = x
        for i in range(3):
            h = np.tanh(h * a + b)
            ys.append(h)
        stacked = np.stack(ys)
        return np.sum(stacked ** 2), {'last': h, 'count': len(ys)}
    pair = (0.7, 0.2)
    (ga, gb), aux = grad(f, has_aux=True)(pair, V)
    assert aux['count'] == 3 and aux['last'].shape == V.shape
    check_grad(lambda a, b, x: f((a, b), x)[0], 0.7, 0.2, V, wrt=(0, 1))
    loss_a = grad(lambda a, b, x: f((a, b), x)[0], wrt=(0, 1))(0.7, 0.2, V)
    np.testing.assert_allclose((ga, gb), loss_a)
    (value, aux2), _ = value_and_grad(f, has_aux=True)(pair, V)
    assert aux2['count'] == 3 and value == pytest.approx(f(pair, V)[0])


def test_dicts_built_and_read_inside():
    def f(x, w):
        d = {'a': x * w, 'b': np.sin(x)}
        return np.sum(d['a'] * d['b']) + np.sum(d['a'])
    check_grad(f, V, V + 1.0, wrt=(0, 1))


# -- mutation ------------------------------------------------------------------
def writes(x, v):
    y = x * 1.0
    y[0] = v * 2.0
    y[1:3] += np.sin(v)
    y[y > 0.5] = 0.0
    y[-1] *= v
    return np.sum(y ** 2)


def recurrence(x):
    y = np.zeros(len(x))
    y[0] = x[0]
    for i in range(1, len(x)):
        y[i] = y[i - 1] * 0.5 + x[i] ** 2
    return np.sum(y)


def writes_into_argument(x, w):
    x[0] = w * 3.0
    x[1:] = x[1:] * w
    return np.sum(x ** 2)


@pytest.mark.parametrize('f, args, wrt', [
    (writes, (V, 0.3), (0, 1)),
    (recurrence, (V,), 0),
    (writes_into_argument, (V, 0.8), (0, 1)),
])
def test_element_writes(f, args, wrt):
    check_grad(f, *args, wrt=wrt)


def test_user_inputs_are_unchanged_after_a_gradient_call():
    x = V.copy()
    params = {'w1': R.standard_normal((3, 4)), 'b1': np.zeros(4),
              'layers': [{'w': R.standard_normal((4, 2)), 'b': np.zeros(2)}]}
    before = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in params.items()}
    grad(writes_into_argument, wrt=(0, 1))(x, 0.8)
    grad(writes)(x, 0.3)
    grad(mlp)(params, X, Y)
    np.testing.assert_array_equal(x, V)
    for k in ('w1', 'b1'):
        np.testing.assert_array_equal(params[k], before[k])


# -- custom rules and control ----------------------------------------------------
def test_stop_gradient_and_a_registered_rule_that_wins_over_source():
    def f(x):
        return np.sum(x * stop_gradient(x))
    np.testing.assert_allclose(grad(f)(V), V)

    def clipped_identity(x):
        return np.clip(x, -1.0, 1.0)
    srcad.adjoint(clipped_identity, 'x', x='g')  # straight-through estimator

    def g(x):
        return np.sum(clipped_identity(x) * 2.0)
    np.testing.assert_allclose(grad(g)(V * 10), 2.0)


def test_nondifferentiable_declaration():
    def bucket(x):
        return np.floor(x * 3.0)
    srcad.nondifferentiable(bucket)

    def f(x):
        return np.sum(x * bucket(x))
    np.testing.assert_allclose(grad(f)(V), np.floor(V * 3.0))


def test_loops_over_dicts_and_their_views():
    def f(params, x):
        total = 0.0
        for name in params:
            total = total + np.sum(params[name] * x)
        for name, value in params.items():
            total = total + np.sum(value ** 2)
        for value in params.values():
            total = total + np.sum(np.sin(value))
        for name in params.keys():
            total = total * 1.01
        return total
    params = {'a': R.standard_normal(5), 'b': R.standard_normal(5)}
    g = grad(f)(params, V)
    eps = 1e-6
    for key in params:
        direction = R.standard_normal(5)
        up = dict(params, **{key: params[key] + eps * direction})
        down = dict(params, **{key: params[key] - eps * direction})
        numeric = (f(up, V) - f(down, V)) / (2 * eps)
        assert np.sum(g[key] * direction) == pytest.approx(numeric, rel=1e-6)


def relu6(z):
    return np.clip(z, 0.0, 6.0) * 1.5


def layer_with_activation(x, w, act=np.tanh):
    return act(x @ w)


def test_functions_passed_as_arguments_and_methods_of_self():
    def net(x, w):
        h = layer_with_activation(x, w)
        return np.sum(layer_with_activation(h, w.T @ w, act=relu6))

    class Model:
        def __init__(self, k):
            self.k = k

        def act(self, z):
            return np.sin(z) * self.k

        def loss(self, w, x):
            return np.sum(self.act(x @ w))
    w = R.standard_normal((3, 3)) * 0.5
    check_grad(net, X, w, wrt=(0, 1))  # (hvp too: srcad.dynamic_second)
    check_grad(Model(2.0).loss, w, X)


def test_a_method_called_for_its_effect_on_a_differentiated_value_is_refused():
    class Log:
        def __init__(self):
            self.items = []

        def add(self, value):
            self.items.append(value)

    def f(x, log):
        log.add(x)
        return np.sum(x)
    with pytest.raises(srcad.NoRuleError, match='log.add'):
        grad(f)(V, Log())


class Affine:
    def __init__(self, scale):
        self.scale = scale

    def __call__(self, x, w):
        return np.tanh(x @ w) * self.scale


AFFINE = Affine(1.5)


def test_callable_objects_global_and_passed_in():
    def f(x, w):
        return np.sum(AFFINE(x, w) ** 2)

    def g(x, w, layer):
        return np.sum(layer(x, w))
    w = R.standard_normal((3, 2))
    check_grad(f, X, w, wrt=(0, 1))
    check_grad(g, X, w, Affine(0.5), wrt=(0, 1), modes=("jvp",))  # hvp: issue 15


OFFSET = np.linspace(-0.5, 0.5, 3)
WEIGHTS = np.arange(6.0).reshape(2, 3) / 5


def methods_of_module_arrays(x):
    return np.tanh(OFFSET.dot(x)) + np.sum(WEIGHTS.dot(x) ** 2) + OFFSET.sum() * np.sum(x)


def test_methods_of_module_level_arrays():
    x = np.array([0.3, -0.2, 0.5])
    check_grad(methods_of_module_arrays, x)
    eps, v = 1e-6, np.array([0.2, -0.4, 0.9])
    g = grad(methods_of_module_arrays)
    numeric = (g(x + eps * v) - g(x - eps * v)) / (2 * eps)
    np.testing.assert_allclose(srcad.hvp(methods_of_module_arrays, (x,), v), numeric, rtol=1e-6)
