"""Every built-in forward-mode (tangent) rule, checked against finite differences,
and srcad's second derivatives (forward mode over its own gradients).

The inputs are the ``CASES`` of :mod:`test_rules`, so each rule is checked
inside its domain, over the same scalars, shapes, axes and conventions as its
reverse rule.  A tangent rule is evaluated as plain NumPy, exactly as the
forward emitter inlines it (one template per varying parameter, summed, or
one joint template for a linear function), and compared, output by output,
with a central difference of the primal along a random direction.
"""

from __future__ import annotations

import ast
import builtins
import copy
import linecache
import os
import warnings

import numpy as np
import pytest

import srcad
from srcad.rules import registry
from srcad.rules.registry import JOINT
from srcad.runtime import expand_reduced, zero_tangent
from srcad.testing import assert_close
from test_rules import (CASES, CHECKED_OUTPUTS, DIFFERENTIABLE, call, case_id, checked_params,
                        is_float, random_like, shifted, with_value)

try:
    import scipy.linalg as sla
except ImportError:  # pragma: no cover
    sla = None


@pytest.fixture(autouse=True)
def quiet():
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', RuntimeWarning)      # NaN slices, log of 0...
        warnings.simplefilter('ignore', DeprecationWarning)
        yield


# --- evaluating a tangent rule as the forward emitter does --------------------------------
def rule_tangent(rule, dots: dict, args, kwargs, ans):
    """The output's tangent when the parameters in ``dots`` vary with those tangents."""
    bound = rule.bind_values(args, kwargs)
    if JOINT in rule.tangents:
        return evaluate(rule, JOINT, bound, ans=ans, **{
            f'{p}__dot': dots[p] if p in dots else zero_tangent(bound.get(p))
            for p in rule.linear_params})
    total = None
    for param, dot in dots.items():
        assert param in rule.tangents, f'{rule.name} has no tangent for {param!r}'
        part = evaluate(rule, param, bound, dot=dot, ans=ans)
        total = part if total is None else total + part
    return total


def evaluate(rule, key, bound, **names):
    """Run one tangent template as plain NumPy (like ``Rule.evaluate_tangent``, which
    cannot compile the location-less templates that ``elementwise`` derives)."""
    env = {'np': np, **rule.namespace, **bound, **names}
    tree = ast.fix_missing_locations(ast.Expression(copy.deepcopy(rule.tangents[key])))
    return eval(compile(tree, f'<tangent {rule.name}>', 'eval'), env)


def difference(f_plus, f_minus, eps):
    """The central difference of two outputs, leaf by leaf (None for non-float leaves)."""
    if isinstance(f_plus, (list, tuple)):
        return [difference(p, m, eps) for p, m in zip(f_plus, f_minus)]
    if not is_float(f_plus) and not isinstance(f_plus, np.ndarray) or \
            np.asarray(f_plus).dtype.kind not in 'fc':
        return None
    return (np.asarray(f_plus) - np.asarray(f_minus)) / (2 * eps)


def compare(rule, analytic, numeric, what, only=None, rtol=1e-5, atol=1e-6):
    """Output by output (``only``: the indices of a tuple to compare)."""
    if isinstance(numeric, list):
        assert isinstance(analytic, (list, tuple)), (
            f'{rule.name}: {what} should be a tuple of tangents, got {type(analytic).__name__}')
        assert len(analytic) == len(numeric), f'{rule.name}: {what} has the wrong length'
        for k, (a, n) in enumerate(zip(analytic, numeric)):
            if only is None or k in only:
                compare(rule, a, n, f'{what}[{k}]', None, rtol, atol)
        return
    if numeric is None:   # an integer output: its tangent is zero
        return
    assert np.shape(analytic) == np.shape(numeric), (
        f'{rule.name}: {what} has shape {np.shape(analytic)}, the output has {np.shape(numeric)}')
    assert_close(np.asarray(analytic), numeric, rtol, atol, f'{rule.name} {what}')


def check_tangent(rule, params, args, kwargs, eps=1e-6):
    """The tangent of ``rule`` when ``params`` vary along random directions, against
    the central difference of the primal along the same directions."""
    rng = np.random.default_rng(11)
    bound = rule.bind_values(args, kwargs)
    dots = {p: random_like(bound[p], rng) for p in params}

    def at(t):
        a, k = args, kwargs
        for p in params:
            a, k = with_value(rule, p, a, k, shifted(bound[p], dots[p], t))
        return call(rule, a, k)
    ans = call(rule, args, kwargs)
    numeric = difference(at(eps), at(-eps), eps)
    analytic = rule_tangent(rule, dots, args, kwargs, ans)
    only = CHECKED_OUTPUTS.get(rule.fn) if isinstance(ans, tuple) else None
    compare(rule, analytic, numeric, f'tangent from {", ".join(params)}', only)


# --- the tests -------------------------------------------------------------------------------
CASE_PARAMS = [pytest.param(key, case, id=case_id(key, i))
               for key, cases in CASES.items() for i, case in enumerate(cases)]


@pytest.mark.parametrize('key, case', CASE_PARAMS)
def test_tangent_matches_finite_differences(key, case):
    rule = registry.lookup(key)
    args, kwargs = case
    params = checked_params(rule, args, kwargs)
    for param in params:
        check_tangent(rule, [param], args, kwargs)
    if len(params) > 1:   # all at once: the contributions must add up
        check_tangent(rule, params, args, kwargs)


def test_every_reverse_rule_has_a_forward_rule():
    missing = [f'{rule.name}({p})' for rule in DIFFERENTIABLE.values()
               for p in rule.adjoints if p not in rule.forward_params()]
    assert not missing, f'parameters with an adjoint but no tangent: {missing}'


# --- second order: forward mode over srcad's own gradients ---------------------------------
def is_real_array(x) -> bool:
    return (isinstance(x, (float, np.floating)) or isinstance(x, np.ndarray)
            and x.dtype.kind == 'f') and not isinstance(x, bool)


def real_outputs(ans) -> bool:
    """A real array, or several outputs that are real arrays or integers."""
    if isinstance(ans, (list, tuple)):
        return any(map(is_real_array, ans)) and all(
            is_real_array(a) or np.asarray(a).dtype.kind in 'iub' for a in ans)
    return is_real_array(ans)


def output_weights(ans, rng):
    """A random weight per float output (None for integer outputs)."""
    if isinstance(ans, (list, tuple)):
        return [random_like(a, rng) if is_real_array(a) else None for a in ans]
    return random_like(ans, rng)


OPERATOR_SYMBOLS = {ast.Add: '+', ast.Sub: '-', ast.Mult: '*', ast.Div: '/', ast.Pow: '**',
                    ast.Mod: '%', ast.MatMult: '@', ast.USub: '-', ast.UAdd: '+'}


def scalar_loss(rule, args, kwargs, param, w, name):
    """``loss(x) = np.sum(fn(..., param=x, ...) * w)`` with the other arguments fixed,
    as a function srcad can read: its source is generated for this call's shape
    (which arguments are passed, by position or keyword) and registered in
    ``linecache`` like a file."""
    sig = rule.signature
    npos = len(sig.params) if sig.npositional is None else sig.npositional
    names = {'np': np, 'FN': rule.fn, 'W': w}
    positional = []
    for i, value in enumerate(args):
        is_x = i < npos and sig.params[i] == param
        names[f'C{i}'] = value
        # a fresh copy of a list argument per call (list_append mutates its list)
        positional.append('x' if is_x else f'list(C{i})' if isinstance(value, list) else f'C{i}')
    keywords = []
    for key, value in kwargs.items():
        names[f'K_{key}'] = value
        keywords.append(f'{key}=' + ('x' if key == param else f'K_{key}'))
    if rule.fn in OPERATOR_SYMBOLS:
        symbol = OPERATOR_SYMBOLS[rule.fn]
        expr = f'{symbol}{positional[0]}' if len(positional) == 1 else \
            f'{positional[0]} {symbol} {positional[1]}'
    else:
        expr = f'FN({", ".join(positional + keywords)})'
    if isinstance(w, list):   # several outputs: each float one weighted by its own w
        names.update({f'W{k}': wk for k, wk in enumerate(w)})
        total = ' + '.join(f'np.sum(out[{k}] * W{k})' for k, wk in enumerate(w)
                           if wk is not None)
        source = f'def loss(x):\n    out = {expr}\n    return {total}\n'
    else:
        source = f'def loss(x):\n    return np.sum(({expr}) * W)\n'
    filename = f'<srcad second order {name}>'
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, 'exec'), names)
    return names['loss']


def _ties(a, ans, axis=None, keepdims=False, **_):  # (where=, initial=: no ties here)
    hit = np.asarray(a) == expand_reduced(ans, np.asarray(a), axis, keepdims)
    return bool(np.any(np.sum(hit, axis=axis) > 1))


def _extreme_tie(args, kwargs, ans):
    items = args[0] if len(args) == 1 else args
    return sum(np.asarray(item) == ans for item in items) > 1


#: cases where the second derivative does not exist or is not supported, and why
#: (function -> (does this case hit it?, reason))
KINK = 'the gradient jumps here (a kink of the function), so it has no derivative'
SKIP = {
    np.absolute: (lambda args, kw, ans: np.any(np.asarray(args[0]) == 0), f'abs at 0: {KINK}'),
    np.maximum: (lambda args, kw, ans: np.any(np.equal(*args)), f'a tie: {KINK}'),
    np.max: (lambda args, kw, ans: _ties(args[0], ans, **kw), f'a tied maximum: {KINK}'),
    builtins.max: (_extreme_tie, f'a tie: {KINK}'),
    np.linalg.norm: (lambda args, kw, ans: np.any(np.asarray(ans) == 0), f'a zero norm: {KINK}'),
    np.sinc: (lambda args, kw, ans: np.any(np.asarray(args[0]) == 0),
              "sinc's adjoint special-cases x == 0 with np.where, so forward mode over it "
              "gives 0 there instead of sinc''(0) = -pi**2 / 3"),
}
for same, like in ((np.minimum, np.maximum), (np.min, np.max), (builtins.min, builtins.max)):
    SKIP[same] = SKIP[like]
from rule_cases_odes import SECOND_ORDER_REFUSED  # noqa: E402  (odeint: refused, located)
SKIP.update({fn: (lambda args, kw, ans: True, why) for fn, why in SECOND_ORDER_REFUSED.items()})

#: how many cases per (rule, parameter) the second-order test runs (evenly spread over
#: the rule's cases, first and last included); SRCAD_SECOND_ORDER_CASES=0 runs them all
PER_PARAM = int(os.environ.get('SRCAD_SECOND_ORDER_CASES', '2'))


def second_order_cases():
    """(rule key, case, parameter) for real-valued single-output cases and each of
    their real array parameters: ``PER_PARAM`` cases per rule and parameter."""
    chosen = {}
    for key, cases in CASES.items():
        rule = registry.lookup(key)
        for i, (args, kwargs) in enumerate(cases):
            ans = call(rule, args, kwargs)
            if not real_outputs(ans):
                continue
            bound = rule.bind_values(args, kwargs)
            for param in checked_params(rule, args, kwargs):
                if is_real_array(bound[param]):
                    chosen.setdefault((key, param), []).append(pytest.param(
                        key, (args, kwargs), param, id=f'{case_id(key, i)}-{param}'))
    out = []
    for group in chosen.values():
        n = len(group) if PER_PARAM <= 0 else min(PER_PARAM, len(group))
        picks = sorted(set(np.linspace(0, len(group) - 1, n).round().astype(int)))
        out += [group[i] for i in picks]
    return out


@pytest.mark.parametrize('key, case, param', second_order_cases())
def test_hvp_of_generated_gradient_matches_finite_differences(key, case, param, request,
                                                             eps=1e-6):
    rule = registry.lookup(key)
    args, kwargs = case
    rng = np.random.default_rng(5)
    ans = call(rule, args, kwargs)
    case_name = request.node.callspec.id
    hits, reason = SKIP.get(key, (lambda *_: False, ''))
    if hits(args, kwargs, ans):
        pytest.skip(reason)
    x = rule.bind_values(args, kwargs)[param]
    weights = output_weights(ans, rng)
    only = CHECKED_OUTPUTS.get(rule.fn)  # (scipy's eigh: eigenvector signs jump)
    if only is not None and isinstance(weights, list):
        weights = [w if k in only else None for k, w in enumerate(weights)]
    loss = scalar_loss(rule, args, kwargs, param, weights, case_name)
    v = random_like(x, rng)
    gradient = srcad.grad(loss)
    numeric = (np.asarray(gradient(shifted(x, v, eps))) -
               np.asarray(gradient(shifted(x, v, -eps)))) / (2 * eps)
    hv = srcad.hvp(loss, (x,), v)
    assert np.shape(hv) == np.shape(x)
    assert_close(hv, numeric, 1e-4, 1e-5, f'{rule.name} Hessian-vector product in {param!r}')


# --- forward mode end to end: jacfwd (jvp per input element) == jacrev (vjp per output) ------
A = np.random.default_rng(3).standard_normal((3, 4))
B = np.random.default_rng(4).standard_normal((4, 3))
D = np.diag([1.0, 2.5, 4.0, 6.0])


def mlp(x):
    h = np.tanh(A @ x + 0.5)
    return np.exp(h) / np.sum(np.exp(h)) + np.linalg.norm(x) * h


def broadcasts(x):
    return (x[:, None] + B) * np.maximum(x[:, None], 0.1) - np.where(B > 0, x[:, None], 2.0)


def decompositions(x):
    m = np.outer(x, x) + D
    w, v = np.linalg.eigh(m)
    u, s, vh = np.linalg.svd(m[:3] @ m[:, :3])
    q, r = np.linalg.qr(m)
    sign, logdet = np.linalg.slogdet(m)
    return np.concatenate([w, v[:, 0] ** 2, s, np.abs(np.diag(r)), logdet * sign + q[0] ** 2])


def reorders(x):
    parts = np.split(x, 2)
    y = np.concatenate([np.cumsum(parts[0]), np.sort(parts[1])[::-1]])
    z = np.diff(y, prepend=1.5) * np.cumprod(x)
    return np.stack([z, np.flip(np.roll(y, 1)), np.median(x) + np.var(x) + x])


def products(x):
    m = np.reshape(x, (2, 2))
    p = np.einsum('ij,jk->ik', m, m.T) + np.kron(m, np.eye(2))[:2, :2]
    sol = np.linalg.solve(p + 3.0 * np.eye(2), x[:2])
    return np.hstack([np.ravel(np.linalg.inv(p + 2.0 * np.eye(2))), sol, np.tensordot(m, m)])


def reductions(x):
    m = np.reshape(x, (2, 2))
    return np.array([np.max(m), np.prod(x), np.std(m, axis=0)[1], np.linalg.det(m),
                     np.sum(np.cross(x[:3], x[1:])), np.mean(np.abs(np.fft.rfft(x)))])


@pytest.mark.parametrize('fn', [mlp, broadcasts, decompositions, reorders, products, reductions])
def test_jacfwd_equals_jacrev(fn):
    x = np.array([0.3, -1.2, 0.8, 2.1])
    np.testing.assert_allclose(srcad.jacfwd(fn)(x), srcad.jacrev(fn)(x), rtol=1e-9, atol=1e-12)


def test_tuple_outputs_carry_a_tangent_per_output():
    def eig(x):
        return np.linalg.eigh(np.outer(x, x) + D[:3, :3])
    x, v = np.array([1.0, 2.0, 0.5]), np.array([0.1, -0.3, 0.2])
    (w, vecs), (dw, dvecs) = srcad.jvp(eig, (x,), (v,))
    eps = 1e-6
    plus, minus = eig(x + eps * v), eig(x - eps * v)
    np.testing.assert_allclose(dw, (plus[0] - minus[0]) / (2 * eps), rtol=1e-6, atol=1e-8)
    numeric = (plus[1] - minus[1])[:, -1] / (2 * eps)
    np.testing.assert_allclose(np.abs(dvecs[:, -1]), np.abs(numeric), rtol=1e-5, atol=1e-7)


def test_broadcast_input_gives_a_full_shaped_tangent():
    def f(x):
        return np.sum(x + B)   # x of shape (3,) broadcast against B of shape (4, 3)
    value, tangent = srcad.jvp(f, (np.ones(3),), (np.ones(3),))
    assert tangent == pytest.approx(12.0)
