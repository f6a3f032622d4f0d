"""Probe 6, family W3: a local function name bound on several paths.

srcad wrote out the textually last ``def``/lambda of a name whatever branch ran, so the
value of value_and_grad and jvp's primal were wrong too, not only the derivative.  Now a
call the order of the text resolves is written out as before, a call it does not tests
which binding the name holds when the code runs (srcad/compiler/function_dispatch.py),
and what srcad cannot follow is refused (srcad/compiler/function_bindings.py).

Expected values come from the oracle (finite differences, f itself) or from hand-derived
formulas, never from srcad's output."""

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives

MODES = ('grad', 'value_and_grad', 'vjp', 'jvp', 'hvp')
X = np.array([0.4, -0.3, 0.9, 0.2])
XN = np.array([-0.4, 0.3, 0.9, 0.2])


def lambda_rebound_in_untaken_if(x):
    act = lambda t: t ** 3  # noqa: E731
    if x[0] > 10:
        act = lambda t: t  # noqa: E731
    return np.sum(act(x))


def def_in_each_branch(x):
    if x[0] > 0:
        def act(t):
            return np.tanh(t)
    else:
        def act(t):
            return t ** 2
    return np.sum(act(x) * np.arange(1.0, 5.0))


def def_overridden_in_if(x):
    def act(t):
        return np.exp(t)
    if x[0] < 0:
        def act(t):
            return t * x[1]
    return np.sum(act(x))


def def_or_tanh(x):
    def act(t):
        return t ** 3
    if x[0] < 0:
        act = np.tanh
    return np.sum(act(x))


def tanh_after_def(x):
    def act(t):
        return t ** 3
    act = np.tanh
    return np.sum(act(x))


def picked_by_config_string(x):
    kind = 'softplus' if x[0] > 0 else 'relu'
    if kind == 'softplus':
        act = lambda t: np.logaddexp(0, t)  # noqa: E731
    else:
        act = lambda t: np.maximum(t, 0) + 0.1 * t  # noqa: E731
    return np.sum(act(x) * np.arange(4.0))


def rebound_in_loop_after_call(x):
    act = lambda t: t  # noqa: E731
    s = 0.0
    for k in range(3):
        s = s + np.sum(act(x) ** 2)
        act = lambda t: t * 2.0 + k  # noqa: E731
    return s


def def_after_call_site_in_loop(x):
    def act(t):
        return t ** 2
    s = 0.0
    for i in range(3):
        s = s + np.sum(act(x))
        def act(t):
            return np.cos(t) * i
    return s


def nested_function_reads_rebound_name(x):
    def act(t):
        return t ** 2
    if x[0] < 0:
        def act(t):
            return np.sin(t)
    def loss(v):
        return np.sum(act(v) * x)
    return loss(x * 2.0)


def sequential_rebinding(x):
    act = lambda t: t ** 2  # noqa: E731
    a = np.sum(act(x))
    act = lambda t: t ** 3  # noqa: E731
    return a * np.sum(act(x))


def early_return_each_with_its_own(x):
    if x[0] > 0:
        act = lambda t: t ** 3  # noqa: E731
        return np.sum(act(x))
    act = lambda t: t * 2.0  # noqa: E731
    return np.sum(act(x))


EXACT = [lambda_rebound_in_untaken_if, def_in_each_branch, def_overridden_in_if, def_or_tanh,
         tanh_after_def, picked_by_config_string, rebound_in_loop_after_call,
         def_after_call_site_in_loop, nested_function_reads_rebound_name,
         sequential_rebinding, early_return_each_with_its_own]


@pytest.mark.parametrize('x', [X, XN], ids=['positive', 'negative'])
@pytest.mark.parametrize('f', EXACT, ids=lambda f: f.__name__)
def test_every_mode_follows_the_binding_that_ran(f, x):
    check_derivatives(f, x.copy(), modes=MODES)


def test_the_probe_example_value_and_gradient():
    value, g = srcad.value_and_grad(lambda_rebound_in_untaken_if)(X)
    assert value == pytest.approx(np.sum(X ** 3), rel=1e-12)   # was 1.2 = sum(x)
    np.testing.assert_allclose(g, 3 * X ** 2, rtol=1e-12)
    primal, tangent = srcad.jvp(lambda_rebound_in_untaken_if, (X,), (np.ones(4),))
    assert primal == pytest.approx(np.sum(X ** 3), rel=1e-12)
    assert tangent == pytest.approx(np.sum(3 * X ** 2), rel=1e-12)
    np.testing.assert_allclose(srcad.hvp(lambda_rebound_in_untaken_if, (X,), np.ones(4)),
                               6 * X, rtol=1e-12)


def test_each_branch_of_an_if_else_def():
    np.testing.assert_allclose(srcad.grad(def_in_each_branch)(X),
                               (1 - np.tanh(X) ** 2) * np.arange(1.0, 5.0), rtol=1e-12)
    np.testing.assert_allclose(srcad.grad(def_in_each_branch)(XN),
                               2 * XN * np.arange(1.0, 5.0), rtol=1e-12)


def test_a_name_rebound_to_a_numpy_function_on_one_path():
    np.testing.assert_allclose(srcad.grad(def_or_tanh)(X), 3 * X ** 2, rtol=1e-12)
    np.testing.assert_allclose(srcad.grad(def_or_tanh)(XN), 1 - np.tanh(XN) ** 2, rtol=1e-12)
    np.testing.assert_allclose(srcad.grad(tanh_after_def)(X), 1 - np.tanh(X) ** 2, rtol=1e-12)


def test_text_order_needs_no_test_in_the_generated_code():
    """A name rebound in order (no branch, no loop around) is written out as before."""
    for f in (sequential_rebinding, early_return_each_with_its_own):
        assert ' is ' not in srcad.grad(f).source


def test_a_run_time_choice_is_tested_in_the_generated_code():
    source = srcad.grad(lambda_rebound_in_untaken_if).source
    assert 'is act_def' in source and 'no_local_function' in source


# -- refused: what srcad cannot follow ------------------------------------------------
def shadowed_by_a_nested_functions_def(x):
    def act(t):
        return t ** 2
    def g(t):
        def act(u):
            return u ** 3
        return act(t)
    y = g(x)
    return np.sum(act(x) + y)


def rebound_inside_a_nested_function(x):
    def loss(v):
        act = lambda t: t ** 3  # noqa: E731
        if v[0] > 10:
            act = lambda t: t  # noqa: E731
        return np.sum(act(v))
    return loss(x)


def rebound_through_nonlocal(x):
    act = lambda t: t  # noqa: E731
    def swap():
        nonlocal act
        act = lambda t: t ** 3  # noqa: E731
    swap()
    return np.sum(act(x))


def parameter_shadowed_by_a_def(x, act=None):
    if x[0] > 10:
        def act(t):
            return t
    return np.sum(act(x))


def _run(mode, f, x):
    if mode == 'grad':
        return srcad.grad(f)(x)
    if mode == 'value_and_grad':
        return srcad.value_and_grad(f)(x)
    if mode == 'vjp':
        return srcad.vjp(f, x)[1](1.0)
    if mode == 'jvp':
        return srcad.jvp(f, (x,), (np.ones_like(x),))
    return srcad.hvp(f, (x,), np.ones_like(x))


@pytest.mark.parametrize('f, why', [
    (shadowed_by_a_nested_functions_def, 'a def of act in another function'),
    (rebound_inside_a_nested_function, 'bound again, on another path'),
    (rebound_through_nonlocal, 'nonlocal'),
    (parameter_shadowed_by_a_def, 'also a parameter'),
], ids=lambda v: getattr(v, '__name__', ''))
@pytest.mark.parametrize('mode', MODES)
def test_refused_with_a_located_reason(f, why, mode):
    with pytest.raises(srcad.UnsupportedSyntaxError, match=why) as info:
        _run(mode, f, X.copy())
    assert 'test_nested_function_bindings.py' in str(info.value)


def mapped_over(x):
    act = lambda t: t ** 2  # noqa: E731
    if x[0] > 10:
        act = lambda t: t  # noqa: E731
    return np.sum(list(map(act, [x]))[0])


def kept_in_a_list(x):
    act = lambda t: t ** 2  # noqa: E731
    if x[0] > 10:
        act = lambda t: t  # noqa: E731
    fs = [act]
    return np.sum(fs[0](x))


def _call(f, x):
    return f(x)


def passed_to_a_helper(x):
    act = lambda t: t ** 2  # noqa: E731
    if x[0] > 10:
        act = lambda t: t  # noqa: E731
    return np.sum(_call(act, x))


def test_map_of_a_rebound_name_tests_it_too():
    check_derivatives(mapped_over, X.copy(), modes=MODES)


@pytest.mark.parametrize('f', [kept_in_a_list, passed_to_a_helper])
def test_a_token_called_elsewhere_is_refused_when_it_runs(f):
    with pytest.raises(srcad.SrcadError, match='local function act'):
        srcad.grad(f)(X)
