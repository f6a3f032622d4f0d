"""Library idioms everyday NumPy code uses (issue 15), in reverse and forward mode
and to second order:

* reductions with ``where=`` and ``initial=``: ``np.sum(x, where=m)``,
  ``np.mean(x, where=m)``, ``np.prod(x, initial=2.0)``, ``np.max(x, initial=0)``
  (the elements ``where`` leaves out get no adjoint; an extremum that
  ``initial`` wins passes none on; ``initial`` itself is refused when it is
  differentiated);
* ``np.clip(x, min=..., max=...)`` and ``x.clip(min=0)`` (NumPy 2's names);
* the ufunc methods ``np.add.reduce``, ``np.multiply.reduce``,
  ``np.add.accumulate``, ``np.multiply.accumulate`` and ``np.add.outer``,
  ``np.subtract.outer``, ``np.multiply.outer``, ``np.divide.outer``;
* ``math.log(x, base)``, ``math.hypot`` with up to four coordinates,
  ``math.prod``, ``math.dist`` (``math.fsum``: :mod:`srcad.rules.python.comprehensions`);
* ``np.random``'s draws: their sizes and seeds carry no derivative, so a draw
  runs as it is; a differentiated value passed as a distribution's parameter
  (``np.random.normal(mu, sigma)``) is refused (a reparameterized draw
  ``mu + sigma * z`` is differentiable: write it that way).

Declared by :func:`complete`, after the forward rules and :mod:`srcad.rules.shapes.values`, whose
rules it widens.  The branches for the new arguments are written
``... if where is True else ...``: a call that does not use them compiles to
exactly the code it did before (:mod:`srcad.compiler.simplify` folds the test).
"""

from __future__ import annotations

import ast
import math

import numpy as np

from ...runtime import expand_reduced
from ..runtime_helpers.second_order import forward_only, signature_of
from ..registry import (JOINT, Signature, adjoint, elementwise, extend, linear, lookup,
                        nondifferentiable, register_helpers, tangent)


# --- helpers -----------------------------------------------------------------------------
def where_count(a, axis=None, keepdims=False, where=True):
    """How many elements a reduction of ``a`` with ``where=`` combines."""
    return np.sum(np.broadcast_to(where, np.shape(a)), axis=axis, keepdims=keepdims)


def extremum_where_share(a, ans, axis=None, keepdims=False, where=True):
    """Like :func:`srcad.rules.reductions.helpers.extremum_share` for ``np.max(a, where=, initial=)``:
    1/count where an included element attains ``ans``, 0 elsewhere (and everywhere when
    ``initial`` won)."""
    a = np.asarray(a)
    hit = (a == expand_reduced(ans, a, axis, keepdims)) & np.broadcast_to(where, a.shape)
    count = np.maximum(np.sum(hit, axis=axis, keepdims=True), 1)
    return (hit / count).astype(np.result_type(a, 1.0), copy=False)


def unouter(g, a, b, which=0):
    """The adjoint of ``a`` (``which=0``) or ``b`` in ``np.add.outer(a, b)``: ``g``
    summed over the other operand's axes."""
    g, na = np.asarray(g), np.ndim(a)
    axes = tuple(range(na, g.ndim)) if which == 0 else tuple(range(na))
    out = np.sum(g, axis=axes)
    return out if np.ndim(out) else out[()]


def unreduce_ufunc(g, array, axis=0, keepdims=False):
    """The adjoint of ``array`` in ``np.add.reduce(array, axis, keepdims=...)``
    (``unreduce``, under a name the code optimizer does not rewrite)."""
    from ...runtime import unreduce
    return unreduce(g, array, axis, keepdims)


def product_outer_adjoint(g, a, b, which=0):
    """The adjoint of ``a`` (``which=0``) or ``b`` in ``np.multiply.outer(a, b)``."""
    g, na, nb = np.asarray(g), np.ndim(a), np.ndim(b)
    if which == 0:
        return np.tensordot(g, b, axes=(tuple(range(na, na + nb)), tuple(range(nb))))
    return np.tensordot(a, g, axes=(tuple(range(na)), tuple(range(na))))


def _floats(x):
    return np.asarray(x, dtype=float)


# --- declarations ------------------------------------------------------------------------
def _widen(fn, signature: str, adjoint_text: str, tangent_text: str) -> None:
    """Give ``fn``'s rule a wider signature; ``{orig}`` in the texts is the old adjoint
    (tangent) template, kept for the calls that do not use the new arguments."""
    rule = lookup(fn)
    object.__setattr__(rule, 'signature', Signature.parse(signature))  # completing it
    extend(fn, a=adjoint_text.format(orig=rule.texts['a']))
    if JOINT in rule.tangents:  # a linear function's template takes the tangent as a__dot
        text = tangent_text.replace('dot', 'a__dot').format(
            orig=ast.unparse(rule.tangents[JOINT]))
        rule.tangents[JOINT] = ast.parse(text, mode='eval').body
    else:
        tangent(fn, a=tangent_text.format(orig=ast.unparse(rule.tangents['a'])))


def _reductions() -> None:
    masked_sum = 'np.sum(np.where(where, dot, 0), axis=axis, keepdims=keepdims)'
    _widen(np.sum, 'a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True',
           '({orig}) if where is True else np.where(where, unreduce(g, a, axis, keepdims), 0)',
           f'({{orig}}) if where is True else {masked_sum}')
    _widen(np.mean, 'a, axis=None, dtype=None, out=None, keepdims=False, *, where=True',
           '({orig}) if where is True else np.where(where, unreduce(g, a, axis, keepdims), 0)'
           ' / where_count(a, axis, True, where)',
           f'({{orig}}) if where is True else {masked_sum} / where_count(a, axis, keepdims, where)')
    scale = '(1.0 if initial is None else initial)'
    prod_adj = (f'np.where(where, unreduce(g, a, axis, keepdims) * prod_others(np.where(where, '
                f'a, 1.0), axis), 0) * {scale}')
    prod_tan = (f'np.sum(np.where(where, dot * prod_others(np.where(where, a, 1.0), axis), 0), '
                f'axis=axis, keepdims=keepdims) * {scale}')
    _widen(np.prod, 'a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True',
           f'(({{orig}}) if initial is None else {prod_adj}) if where is True else {prod_adj}',
           f'(({{orig}}) if initial is None else {prod_tan}) if where is True else {prod_tan}')
    share = 'extremum_where_share(a, ans, axis, keepdims, where)'
    ext_adj = f'unreduce(g, a, axis, keepdims) * {share}'
    ext_tan = f'np.sum(dot * {share}, axis=axis, keepdims=keepdims)'
    for fn in (np.max, np.min, np.amax, np.amin):
        _widen(fn, 'a, axis=None, out=None, keepdims=False, initial=None, where=True',
               f'(({{orig}}) if initial is None else {ext_adj}) if where is True else {ext_adj}',
               f'(({{orig}}) if initial is None else {ext_tan}) if where is True else {ext_tan}')


def _clip() -> None:
    low, high = 'a_min if min is None else min', 'a_max if max is None else max'
    adjoint(np.clip, 'a, a_min=None, a_max=None, out=None, *, min=None, max=None',
            a=f'g * clip_mask(a, {low}, {high})',
            a_min='unbroadcast(g * (a < a_min), a_min)', a_max='unbroadcast(g * (a > a_max), a_max)',
            min='unbroadcast(g * (a < min), min)', max='unbroadcast(g * (a > max), max)')
    elementwise(np.clip)  # (the tangents keep their shapes: no broadcast_like)


def _ufunc_methods() -> None:
    reduce = 'array, axis=0, dtype=None, out=None, keepdims=False'
    adjoint(np.add.reduce, reduce, array='unreduce_ufunc(g, array, axis, keepdims)',
            tangent=dict(array='np.sum(dot, axis=axis, keepdims=keepdims)'))
    adjoint(np.multiply.reduce, reduce,
            array='unreduce_ufunc(g, array, axis, keepdims) * prod_others(array, axis)',
            tangent=dict(array='np.sum(dot * prod_others(array, axis), axis=axis, '
                               'keepdims=keepdims)'))
    accumulate = 'array, axis=0, dtype=None, out=None'
    adjoint(np.add.accumulate, accumulate, array='uncumsum(g, array, axis)',
            tangent=dict(array='np.cumsum(dot, axis=axis)'))
    adjoint(np.multiply.accumulate, accumulate, array='uncumprod(g, array, ans, axis)',
            tangent=dict(array='cumprod_tangent(dot, array, ans, axis)'))

    zeros_a, zeros_b = 'np.zeros(np.shape(a))', 'np.zeros(np.shape(b))'
    adjoint(np.add.outer, 'a, b', a='unouter(g, a, b, 0)', b='unouter(g, a, b, 1)',
            tangent=dict(a=f'np.add.outer(dot, {zeros_b})', b=f'np.add.outer({zeros_a}, dot)'))
    adjoint(np.subtract.outer, 'a, b', a='unouter(g, a, b, 0)', b='-unouter(g, a, b, 1)',
            tangent=dict(a=f'np.add.outer(dot, {zeros_b})', b=f'np.subtract.outer({zeros_a}, dot)'))
    adjoint(np.multiply.outer, 'a, b', a='product_outer_adjoint(g, a, b, 0)',
            b='product_outer_adjoint(g, a, b, 1)',
            tangent=dict(a='np.multiply.outer(dot, b)', b='np.multiply.outer(a, dot)'))
    adjoint(np.divide.outer, 'a, b', a='product_outer_adjoint(g, a, 1.0 / b, 0)',
            b='-product_outer_adjoint(g, a, b, 1) / b ** 2',
            tangent=dict(a='np.divide.outer(dot, b)', b='-np.multiply.outer(a, dot / b ** 2)'))
    for fn in (unouter, unreduce_ufunc):
        linear(fn, 'g', signature=signature_of(fn))
    # linear in g and in the other operand (the one its value is read from)
    only = '{call} if which == {which} else zero_tangent(ans)'
    forward_only(product_outer_adjoint, g='product_outer_adjoint(dot, a, b, which)',
                 a=only.format(call='product_outer_adjoint(g, dot, b, which)', which=1),
                 b=only.format(call='product_outer_adjoint(g, a, dot, which)', which=0))


def _math() -> None:
    log_base = 'math.log(base)'
    adjoint(math.log, 'x, base=None', namespace={'math': math},
            x=f'g / x if base is None else g / (x * {log_base})',
            base=f'-g * ans / (base * {log_base})', forward='elementwise')
    coords = ('x', 'y', 'z', 'w')
    adjoint(math.hypot, 'x=None, y=None, z=None, w=None',
            **{c: f'g * {c} / ans if ans != 0 else 0.0' for c in coords}, forward='elementwise')
    adjoint(math.prod, 'iterable, *, start=1',
            iterable='unarray(g * start * prod_others(floats(iterable), 0), iterable)',
            tangent=dict(iterable='start * float(np.sum(floats(dot) '
                                  '* prod_others(floats(iterable), 0)))'))
    diff = '(floats(p) - floats(q))'
    adjoint(math.dist, 'p, q', p=f'unarray(g * {diff} / ans, p)',
            q=f'unarray(-g * {diff} / ans, q)',
            tangent=dict(p=f'float(np.sum({diff} * floats(dot))) / ans',
                         q=f'-float(np.sum({diff} * floats(dot))) / ans'))
    linear(_floats, 'x', signature='x')


#: np.random's draws and what their parameters are (a differentiated value reaching a
#: distribution's parameter is refused: the draw's derivative in it needs the draw kept)
RANDOM = {
    'rand': '*d0', 'randn': '*d0', 'random': 'size=None', 'random_sample': 'size=None',
    'ranf': 'size=None', 'sample': 'size=None', 'standard_normal': 'size=None',
    'randint': 'low, high=None, size=None, dtype=None', 'seed': 'seed=None',
    'normal': 'loc=0.0, scale=1.0, size=None', 'uniform': 'low=0.0, high=1.0, size=None',
    'exponential': 'scale=1.0, size=None', 'gamma': 'shape, scale=1.0, size=None',
    'beta': 'a, b, size=None', 'binomial': 'n, p, size=None', 'poisson': 'lam=1.0, size=None',
    'laplace': 'loc=0.0, scale=1.0, size=None', 'logistic': 'loc=0.0, scale=1.0, size=None',
    'lognormal': 'mean=0.0, sigma=1.0, size=None', 'standard_t': 'df, size=None',
    'chisquare': 'df, size=None', 'dirichlet': 'alpha, size=None',
    'multivariate_normal': 'mean, cov, size=None, check_valid="warn", tol=1e-8',
}


def _random() -> None:
    for name, signature in RANDOM.items():
        fn = getattr(np.random, name, None)
        if fn is None:
            continue
        if signature.startswith('*') or name in ('random', 'random_sample', 'ranf', 'sample',
                                                  'standard_normal', 'seed'):
            nondifferentiable(fn, why='a random draw: only its size (or seed) is passed')
        else:
            rule = adjoint(fn, signature)
            rule.constants.update(size='a shape (integers)', dtype='a dtype',
                                  check_valid='an option', tol='a tolerance')


HELPERS = {f.__name__: f for f in (where_count, extremum_where_share, unouter, unreduce_ufunc,
                                   product_outer_adjoint)}


def complete() -> None:
    """Declare the rules (after the forward rules and :func:`srcad.rules.shapes.values.complete`)."""
    register_helpers(HELPERS)
    register_helpers({'floats': _floats})
    nondifferentiable(where_count, extremum_where_share)
    _reductions()
    _clip()
    _ufunc_methods()
    _math()
    _random()
