"""Comprehensions, generator expressions, lambdas, map, filter and reduce (issue 15):
lowered to loops srcad differentiates, checked against finite differences in every
mode; scoping as Python's; refusals located; the generated code pinned."""

import functools
import os
import pathlib

import numpy as np
import pytest

import srcad
from srcad import UnsupportedSyntaxError, grad
from srcad.compiler.pipeline import compile_gradient
from srcad.testing import check_derivatives

R = np.random.default_rng(15)
X = R.standard_normal((4, 3))
x = R.standard_normal(3)
GOLDEN = pathlib.Path(__file__).parent / 'golden'


def squared_errors(w, X, y):
    return sum((yi - w @ xi) ** 2 for xi, yi in zip(X, y))


def stacked(W, hs):
    return np.sum(np.stack([np.tanh(W @ h) for h in hs]) ** 2)


def dict_scaled(p):
    q = {k: v * 2.0 for k, v in p.items() if k != 'skip'}
    return np.sum(q['a'] * q['b'])


def nested(X):
    return sum(X[i, j] * X[j, i] for i in range(3) for j in range(3) if i < j)


def chained(xs):
    return np.sum(functools.reduce(lambda a, b: a * b + 1.0, map(np.tanh, xs), 1.0))


def filtered(x):
    return sum(filter(lambda v: v > -0.5, [np.sin(v) for v in x]))


def table(x, name):
    acts = {'relu': lambda z: np.maximum(z, 0.0), 'tanh': np.tanh,
            'soft': lambda z: np.log1p(np.exp(z))}
    return np.sum(acts[name](x) ** 2)


def keyed(x):
    return np.sum(sorted(list(x), key=lambda v: -v)[:2]) + max(x, key=lambda v: v * v)


@pytest.mark.parametrize('fn, args, wrt', [
    (squared_errors, (x, X, R.standard_normal(4)), 0),
    (squared_errors, (x, X, R.standard_normal(4)), 1),
    (stacked, (R.standard_normal((2, 3)), list(X)), 0),
    (stacked, (R.standard_normal((2, 3)), list(X)), 1),
    (dict_scaled, ({'a': x, 'b': x[::-1].copy(), 'skip': x},), 0),
    (nested, (R.standard_normal((3, 3)),), 0),
    (chained, ([x, 2 * x],), 0),
    (filtered, (x,), 0),
    (table, (x, 'relu'), 0),
    (table, (x, 'tanh'), 0),
    (table, (x, 'soft'), 0),
    (keyed, (x,), 0),
], ids=lambda v: getattr(v, '__name__', None))
def test_matches_finite_differences_in_every_mode(fn, args, wrt):
    check_derivatives(fn, *args, wrt=wrt)


def test_comprehension_variables_neither_leak_nor_clobber():
    def f(x):
        v = 3.0
        ys = [v * 2.0 for v in x]
        zs = [v for v in ys]  # the same name again, in a second comprehension
        return np.sum(np.array(zs)) * v
    check_derivatives(f, x)
    assert np.isclose(srcad.value_and_grad(f)(x)[0], f(x))
    np.testing.assert_allclose(grad(f)(x), np.full(3, 6.0))


def test_lambdas_read_the_enclosing_values_when_called():
    def f(x):
        scale = 2.0
        fs = [lambda z: z * scale, lambda z: z + scale]
        scale = 3.0  # Python's lambdas read scale when they run: 3.0
        return sum(np.sum(g(x)) for g in fs)
    assert np.isclose(srcad.value_and_grad(f)(x)[0], f(x))
    np.testing.assert_allclose(grad(f)(x), np.full(3, 4.0))


def test_a_dict_of_lambdas_with_a_missing_key_fails_as_python_does():
    with pytest.raises(KeyError):
        grad(table, wrt=0)(x, 'gelu')


@pytest.mark.parametrize('source, words', [
    ('def f(x):\n    g = (v for v in x)\n    return sum(g)\n', 'generator expression'),
    ('def f(x):\n    return np.sum(np.array(v for v in x))\n', 'generator expression'),
    ('def f(x):\n    return np.sum(np.vectorize(lambda v: v)(x))\n', 'lambda'),
    ('def f(x):\n    print(f"{[v for v in x]}")\n    return np.sum(x)\n', 'f-string'),
])
def test_refusals_are_located(tmp_path, source, words):
    path = tmp_path / 'user_code.py'
    path.write_text('import numpy as np\n' + source)
    namespace = {}
    exec(compile(path.read_text(), str(path), 'exec'), namespace)
    with pytest.raises(UnsupportedSyntaxError, match=words) as info:
        grad(namespace['f'])(x)
    assert info.value.location.filename == str(path) and info.value.hint


def list_comprehension(w, X):
    rows = [np.tanh(x @ w) for x in X if np.sum(x) > 0]
    return sum(rows)


def test_generated_source_of_a_list_comprehension_matches_golden_file():
    source = compile_gradient(list_comprehension, ['w']).source
    path = GOLDEN / 'list_comprehension.py'
    if os.environ.get('SRCAD_UPDATE_GOLDEN'):
        path.write_text(source)
    assert source == path.read_text()
    check_derivatives(list_comprehension, x, X)
