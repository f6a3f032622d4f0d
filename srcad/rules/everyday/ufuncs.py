"""The methods of NumPy's ufuncs everyday code calls, and the polynomial calculus,
in reverse and forward mode and to second order:

* ``reduce`` of ``np.add``, ``np.multiply``, ``np.maximum``, ``np.minimum``,
  ``np.fmax``, ``np.fmin``, ``np.logaddexp``, ``np.logaddexp2`` and ``np.hypot``, with
  ``axis=``, ``keepdims=``, ``initial=`` and ``where=`` (the elements ``where`` leaves
  out get no adjoint; an extremum ``initial`` wins passes none on; a differentiated
  ``initial`` is refused).  Ties of an extremum share its adjoint equally, as for
  ``np.max``;
* ``accumulate`` of ``np.add``, ``np.multiply`` and ``np.logaddexp``/``np.logaddexp2``
  (the running extrema ``np.maximum.accumulate``...: :mod:`srcad.rules.everyday.rules`);
* ``outer`` of ``np.add``, ``np.subtract``, ``np.multiply``, ``np.divide``;
* ``np.polyder(p, m)`` and ``np.polyint(p, m, k)``, linear in ``p`` (and ``k``).

The branches for ``where=`` are written ``... if where is True else ...``: a call
that does not pass it compiles to the plain template (:mod:`srcad.compiler.simplify`
folds the test).
"""

from __future__ import annotations

import numpy as np

from . import ufunc_helpers as hu
from ..runtime_helpers.second_order import DERIVED, forward_only, signature_of
from ..registry import adjoint, linear, register_helpers

register_helpers(hu.HELPERS)

REDUCE = 'array, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=True'
SPREAD = 'unreduce_ufunc(g, array, axis, keepdims)'
KEPT = 'axis=axis, keepdims=keepdims'


def _masked(text: str, zero: str = '0') -> str:
    """``text``, or ``text`` with the elements ``where`` leaves out set to ``zero``."""
    return f'({text}) if where is True else np.where(where, {text}, {zero})'


def _reductions() -> None:
    adjoint(np.add.reduce, REDUCE, array=_masked(SPREAD),
            tangent=dict(array=f'np.sum({_masked("dot")}, {KEPT})'))
    scale = '(1.0 if initial is None else initial)'
    prod = f'{SPREAD} * prod_others(array, axis)'
    prod_where = f'{SPREAD} * prod_others(np.where(where, array, 1.0), axis)'
    adjoint(np.multiply.reduce, REDUCE,
            array=f'({prod} if where is True else np.where(where, {prod_where}, 0)) * {scale}',
            tangent=dict(array=f'np.sum(dot * prod_others(array, axis) if where is True else '
                               f'np.where(where, dot * prod_others(np.where(where, array, 1.0), '
                               f'axis), 0), {KEPT}) * {scale}'))
    # (np.max's template where neither initial= nor where= is passed)
    masked = 'extremum_where_share(array, ans, axis, keepdims, where)'
    share = (f'(extremum_share(array, ans, axis, keepdims) if initial is None else {masked}) '
             f'if where is True else {masked}')
    for ufunc in (np.maximum, np.minimum, np.fmax, np.fmin):
        adjoint(ufunc.reduce, REDUCE, array=f'{SPREAD} * ({share})',
                tangent=dict(array=f'np.sum(dot * ({share}), {KEPT})'))
    for ufunc, power in ((np.logaddexp, 'np.exp'), (np.logaddexp2, 'np.exp2')):
        # (a slice of -inf entries reduces to -inf: their weights are 0 there, not nan)
        top = 'np.where(ans == -np.inf, 0.0, ans)'
        weight = f'{power}(array - expand_reduced({top}, array, axis, keepdims))'
        adjoint(ufunc.reduce, REDUCE, array=_masked(f'{SPREAD} * {weight}'),
                tangent=dict(array=f'np.sum({_masked(f"dot * {weight}")}, {KEPT})'))
    # hypot: sqrt(initial**2 + sum of squares); at 0, the subgradient 0
    weight = 'array / expand_reduced(np.where(ans == 0, np.inf, ans), array, axis, keepdims)'
    adjoint(np.hypot.reduce, REDUCE, array=_masked(f'{SPREAD} * {weight}'),
            tangent=dict(array=f'np.sum({_masked(f"dot * {weight}")}, {KEPT})'))


def _accumulations() -> None:
    accumulate = 'array, axis=0, dtype=None, out=None'
    adjoint(np.add.accumulate, accumulate, array='uncumsum(g, array, axis)',
            tangent=dict(array='np.cumsum(dot, axis=axis)'))
    adjoint(np.multiply.accumulate, accumulate, array='uncumprod(g, array, ans, axis)',
            tangent=dict(array='cumprod_tangent(dot, array, ans, axis)'))
    for ufunc, base2 in ((np.logaddexp, False), (np.logaddexp2, True)):
        adjoint(ufunc.accumulate, accumulate,
                array=f'logaddexp_unaccumulate(g, array, ans, axis, {base2})',
                tangent=dict(array=f'logaddexp_accumulate_tangent(dot, array, ans, axis, '
                                   f'{base2})'))
    DERIVED.append(hu.logaddexp_unaccumulate)


def _outers() -> None:
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
    for fn in (hu.unouter, hu.unreduce_ufunc):
        linear(fn, 'g', signature=signature_of(fn))
    # linear in g and in the other operand (the one its value is read from)
    only = '{call} if which == {which} else zero_tangent(ans)'
    forward_only(hu.product_outer_adjoint, g='product_outer_adjoint(dot, a, b, which)',
                 a=only.format(call='product_outer_adjoint(g, dot, b, which)', which=1),
                 b=only.format(call='product_outer_adjoint(g, a, dot, which)', which=0))


def _polynomials() -> None:
    order = dict(m='the order of the derivative (an integer)')
    adjoint(np.polyder, 'p, m=1', p='polyder_adjoint(g, p, m)', forward=('linear', 'p'),
            constants=order)
    adjoint(np.polyint, 'p, m=1, k=None', constants=order, p='polyint_adjoint(g, p, m, k, 0)',
            k='polyint_adjoint(g, p, m, k, 1)',
            tangent=dict(p='polyint_tangent(dot, p, m, k, 0)',
                         k='polyint_tangent(dot, p, m, k, 1)'))
    for fn in (hu.polyder_adjoint, hu.polyint_adjoint):
        linear(fn, 'g', signature=signature_of(fn))


_reductions()
_accumulations()
_outers()
_polynomials()
