"""One entry per function: adjoint(..., forward=, tangent=, method=, facts=) declares a
function's reverse rule, forward rule, method names and facts in one place."""

import ast

import numpy as np
import pytest

import srcad
from srcad.rules import registry
from srcad.rules.scipy import loader
from srcad.testing import check_grad


def softclip(x):
    return np.tanh(x) * 2.0


def scale(x, w):
    return x * w


def total(x):
    return np.sum(softclip(x) ** 2)


def test_elementwise_entry_gives_jvp_and_hvp():
    rule = registry.adjoint(softclip, 'x', x='g * 2.0 * (1 - np.tanh(x) ** 2)',
                            forward='elementwise')
    assert rule.elementwise and ast.unparse(rule.tangents['x']) == 'dot * 2.0 * (1 - np.tanh(x) ** 2)'
    check_grad(total, np.array([0.3, -1.2, 0.7]))  # grad, jvp, hvp against finite differences


def test_tangent_overrides_a_derived_tangent():
    def f(x, y):
        return x * y

    rule = registry.adjoint(f, 'x, y', x='unbroadcast(g * y, x)', y='unbroadcast(g * x, y)',
                            forward='elementwise', tangent={'y': 'dot * x'})
    assert ast.unparse(rule.tangents['x']) == 'dot * y'
    assert ast.unparse(rule.tangents['y']) == 'dot * x'


def test_linear_and_multilinear_entries():
    def double(x):
        return 2.0 * x

    rule = registry.adjoint(double, 'x', x='2.0 * g', forward='linear')
    assert rule.linear_params == ('x',) and registry.JOINT in rule.tangents
    assert srcad.jvp(double, (np.array([1.0, 2.0]),), (np.array([1.0, 0.0]),))[1].tolist() == [2.0, 0.0]
    rule = registry.adjoint(scale, 'x, w', x='g * w', w='g * x', forward=('multilinear', 'x', 'w'))
    assert set(rule.forward_params()) == {'x', 'w'}


def test_method_and_facts_in_the_entry():
    def rowmax(a, axis=None, keepdims=False):
        return np.max(a, axis=axis, keepdims=keepdims)

    try:
        registry.adjoint(rowmax, 'a, axis=None, keepdims=False',
                         a='unreduce(g, a, axis, keepdims) * extremum_share(a, ans, axis, keepdims)',
                         method=('rowmax_test', 'rowmax_test2'), facts={'reduction', 'row_value'})
        assert registry.METHODS['rowmax_test'] is rowmax is registry.METHODS['rowmax_test2']
        assert registry.has_fact(rowmax, 'reduction') and registry.has_fact(rowmax, 'row_value')
    finally:
        registry.METHODS.pop('rowmax_test', None)
        registry.METHODS.pop('rowmax_test2', None)


def test_a_parameter_named_like_a_keyword_keeps_its_adjoint():
    def pick(x, method):
        return x * method

    rule = registry.adjoint(pick, 'x, method', x='g * method', method='g * x')
    assert set(rule.adjoints) == {'x', 'method'}
    assert 'g * x' not in registry.METHODS


def test_mistakes_are_refused_when_declared():
    def f(x):
        return x

    with pytest.raises(ValueError, match='forward='):
        registry.adjoint(f, 'x', x='g', forward='diagonal')
    with pytest.raises(ValueError, match='unknown facts'):
        registry.adjoint(f, 'x', x='g', facts={'reductoin'})
    with pytest.raises(ValueError, match='unknown name'):
        registry.adjoint(f, 'x', x='g', tangent={'x': 'no_such_helper(dot)'})
    assert registry.lookup(f) is None  # nothing half declared


def test_builtin_entries_carry_their_forward_rules_methods_and_facts():
    rule = registry.lookup(np.cumprod)
    assert 'cumprod_tangent' in ast.unparse(rule.tangents['a'])
    assert registry.METHODS['cumprod'] is np.cumprod
    assert registry.METHODS['sum'] is np.sum and registry.has_fact(np.sum, 'reduction')
    assert registry.has_fact(np.mean, 'row_value') and registry.has_fact(np.reshape, 'view')
    assert registry.lookup(np.exp).elementwise
    assert registry.lookup(np.transpose).linear_params == ('a',)


def test_one_scipy_loader():
    assert [f for f in registry.ON_MISS if f.__module__.startswith('srcad.rules')] == \
        [loader.load_if_imported]
    assert list(loader.FAMILIES)[:1] == ['scipy']
    assert {'scipy.stats', 'scipy.signal'} <= set(loader.FAMILIES)
