"""Rules for the value parameters of constructors and fill-ins, and for casts.

Every parameter of a rule that can receive a differentiated value has an
adjoint here or a reason to carry none (:meth:`.registry.Rule.classify`):

* ``np.full(shape, v)``, ``np.full_like(a, v)``: ``v`` receives the sum of the
  adjoint over the elements it fills (nothing when the result is an integer array);
* ``np.linspace``, ``np.logspace``, ``np.geomspace``: the endpoints (and
  ``logspace``'s base) receive the adjoint weighted by each sample's position;
* ``np.arange(start, stop, step)``: ``start`` and ``step`` (``stop`` only sets
  how many values there are);
* ``np.heaviside(x1, x2)``: ``x2`` receives the adjoint where ``x1 == 0``;
* ``np.nan_to_num(x, nan=, posinf=, neginf=)``: each replacement value receives
  the adjoint of the elements it replaced;
* ``np.pad(..., constant_values=, end_values=)``: the padded area's adjoint,
  by linearity (``np.pad`` is affine in them);
* ``np.interp(..., left=, right=)``: the adjoint of the points outside ``xp``;
* ``np.fft.fftfreq(n, d)``: ``d``;
* casts: ``np.float64(x)``, ``np.float32(x)``, ``complex(x)`` are the identity,
  ``np.int64(x)``, ``np.bool_(x)`` carry no derivative, and ``astype``,
  ``np.asarray``, ``np.array`` carry one only into floating-point dtypes (read from
  the source when it names the dtype, see :meth:`srcad.compiler.resolve.Resolver.dtype_kind`,
  else when the code runs).
"""

import builtins
import math
import numpy as np

from ... import runtime
from ..runtime_helpers.second_order import signature_of
from ..registry import (CHECKED_AT_RUN_TIME, adjoint, constant, elementwise, extend, linear,
                        lookup, nondifferentiable, tangent)
from .value_helpers import (_PAD_VALUES, _REPLACED, array_adjoint, cast_adjoint, expand_along,
                            fill_adjoint, interp_outside_adjoint, linspace_adjoint,
                            nan_to_num_adjoint, nan_to_num_x_adjoint, pad_values_adjoint,
                            setitem_tangent, spaced_positions)

# --- the rules ----------------------------------------------------------------------------------
adjoint(np.full, 'shape, fill_value, dtype=None, order="C", *, like=None, device=None',
        fill_value='fill_adjoint(g, fill_value, ans)',
        tangent=dict(fill_value='fill_tangent(dot, ans)'))
adjoint(np.full_like, 'a, fill_value, dtype=None, order="K", subok=True, shape=None, *, '
                      'device=None', fill_value='fill_adjoint(g, fill_value, ans)',
        tangent=dict(fill_value='fill_tangent(dot, ans)'))
constant(np.full_like, a='read only for its shape and dtype')
SPACED = 'start, stop, ans, num, endpoint, axis'
adjoint(np.linspace, 'start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, *, '
                     'device=None',
        **{p: f'linspace_adjoint(g, {SPACED}, retstep, {p!r})' for p in ('start', 'stop')},
        tangent=dict(**{p: f'spaced_tangent(dot, {SPACED}, "lin", which={p!r}, retstep=retstep)'
                        for p in ('start', 'stop')}))

# logspace and geomspace: their adjoints in NumPy, so that forward mode over a gradient
# (hvp) differentiates them again; T is each sample's position from start (0) to stop (1)
T = 'spaced_positions(ans, num, endpoint, axis)'
adjoint(np.logspace, 'start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0',
        start=f'unbroadcast(np.sum(g * ans * (1 - {T}), axis=axis), start) * np.log(base)',
        stop=f'unbroadcast(np.sum(g * ans * {T}, axis=axis), stop) * np.log(base)',
        base=f'unbroadcast(np.sum(g * ans * (expand_along(start, axis) * (1 - {T}) '
             f'+ expand_along(stop, axis) * {T}), axis=axis) / base, base)',
        tangent=dict(**{p: f'spaced_tangent(dot, {SPACED}, "log", base, which={p!r})'
                        for p in ('start', 'stop', 'base')}))
adjoint(np.geomspace, 'start, stop, num=50, endpoint=True, dtype=None, axis=0',
        start=f'unbroadcast(np.sum(g * ans * (1 - {T}) / expand_along(start, axis), axis=axis),'
              f' start)',
        stop=f'unbroadcast(np.sum(g * ans * {T} / expand_along(stop, axis), axis=axis), stop)',
        tangent=dict(**{p: f'spaced_tangent(dot, {SPACED}, "geom", which={p!r})'
                        for p in ('start', 'stop')}))

# arange(start, stop, step): start and step would move every value, but with one argument
# ``start`` is the stop: srcad refuses both when differentiated (classify: 'refused')
adjoint(np.arange, 'start=None, stop=None, step=None, dtype=None, *, device=None, like=None')
constant(np.arange, stop='only sets how many values there are (piecewise constant)')
adjoint(np.heaviside, 'x1, x2', x2='unbroadcast(g * (x1 == 0), x2)', forward='elementwise')
constant(np.heaviside, x1='a step function: piecewise constant in x1')
adjoint(np.nextafter, 'x1, x2', x1='unbroadcast(g, x1)')
elementwise(np.nextafter)  # (the tangent keeps x1's shape: no broadcast_like)
constant(np.nextafter, x2='only the direction it gives is read (piecewise constant)')
for fn in (np.fft.fftfreq, np.fft.rfftfreq):
    adjoint(fn, 'n, d=1.0, device=None', d='np.sum(-g * ans) / d',
            tangent=dict(d='-dot * ans / d'))
adjoint(np.histogram_bin_edges, 'a, bins=10, range=None, weights=None')
constant(np.histogram_bin_edges, weights='read only by some bin estimators, for counts')

# --- casts ----------------------------------------------------------------------------------
for fn in (np.float64, np.float32, np.float16, np.longdouble, np.complex128, np.complex64,
           np.clongdouble):
    adjoint(fn, 'x=0.0', x='g', forward='elementwise')
adjoint(builtins.complex, 'real=0, imag=0', real='g', imag='1j * g', forward='elementwise')
nondifferentiable(np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32,
                  np.uint64, np.intp, np.uintp, np.bool_, builtins.int, builtins.bool,
                  why='an integer or boolean cast: no derivative')
CHECKED_AT_RUN_TIME.update({runtime.astype, np.asarray, np.array, np.asanyarray,
                            np.ascontiguousarray, np.asfortranarray, np.full,
                            np.full_like, np.linspace})

# forward over reverse (hvp): the adjoint helpers above are linear in g and read their
# other arguments for shapes, positions and dtypes only
for fn in (fill_adjoint, linspace_adjoint, nan_to_num_adjoint, nan_to_num_x_adjoint,
           pad_values_adjoint,
           interp_outside_adjoint, cast_adjoint, array_adjoint):
    linear(fn, 'g', signature=signature_of(fn))
linear(expand_along, 'x', signature='x, axis=0')
nondifferentiable(spaced_positions, why='positions of samples: constants')


def complete() -> None:
    """The value parameters of rules declared elsewhere, and the casts' dtype checks:
    run after the forward rules (which would otherwise derive tangents from these
    adjoints, or replace the tangents declared here)."""
    from ..elementwise import helpers
    from ..reductions import helpers
    from ..linalg import helpers as helpers_linalg
    from ..products import helpers as helpers_products
    extend(np.nan_to_num, x='nan_to_num_x_adjoint(g, x)',
           **{p: f'nan_to_num_adjoint(g, x, {p!r})' for p in _REPLACED})
    tangent(np.nan_to_num, x='nan_to_num_x_tangent(dot, x)',
            **{p: f'nan_to_num_tangent(dot, x, {p!r})' for p in _REPLACED})
    extend(np.interp, **{p: f'interp_outside_adjoint(g, x, xp, left, right, period, {p!r})'
                         for p in ('left', 'right')})
    tangent(np.interp, **{p: f'interp_outside_tangent(dot, x, xp, period, {p!r})'
                          for p in ('left', 'right')})
    extend(np.pad, **{p: f'pad_values_adjoint(g, array, pad_width, mode, {p}, {p!r})'
                      for p in _PAD_VALUES})
    tangent(np.pad, **{p: f'pad_values_tangent(dot, array, pad_width, mode, {p!r})'
                       for p in _PAD_VALUES})
    # x[i] = v into an array of integers: v is truncated (forward mode reads the dtype)
    import ast
    from ..registry import JOINT
    rule = lookup(runtime.setitem)
    rule.tangents[JOINT] = ast.parse('setitem_tangent(x__dot, idx, v__dot, ans)',
                                     mode='eval').body
    rule.namespace['setitem_tangent'] = setitem_tangent
    # casts: a derivative only into floating-point (and complex) dtypes
    extend(runtime.astype, a='cast_adjoint(g, a, dtype)')
    tangent(runtime.astype, a='cast_tangent(dot, dtype)')
    extend(np.array, object='array_adjoint(g, object, dtype)')
    tangent(np.array, object='array_tangent(dot, dtype, ndmin)')
    for fn in (np.asarray, np.asanyarray, np.ascontiguousarray, np.asfortranarray):
        extend(fn, a='array_adjoint(g, a, dtype)')
        tangent(fn, a='array_tangent(dot, dtype)')

    # --- what the rest of the library's parameters are --------------------------------------
    sign = 'only its sign is read (piecewise constant)'
    for fn in (np.copysign, math.copysign):
        constant(fn, y=sign)
    constant(np.ldexp, y='an integer exponent')
    constant(builtins.pow, mod='an integer modulus (pow with three arguments takes integers)')
    constant(np.rollaxis, start='an axis position')
    constant(np.bincount, x='the bins (non-negative integers)')
    cutoff = 'a cutoff for small singular values: the result is piecewise constant in it'
    constant(np.linalg.pinv, rcond=cutoff, rtol=cutoff)
    constant(np.linalg.lstsq, rcond=cutoff)
    constant(np.linalg.matrix_norm, ord='one of a few fixed matrix norms')
    from . import helpers as helpers_shapes
    constant(helpers_shapes.item, args='an index')
    constant(np.polyder, m='the order of the derivative (an integer)')
    # helpers of generated gradients whose other arguments' values matter: never varied
    # in code srcad generated from a program it accepted, refused if they were
    for fn in (helpers.quantile_adjoint, helpers.percentile_adjoint):
        constant(fn, q=None)
    # (np.interp's adjoint helpers have no rule: srcad differentiates their source, where
    # period= only chooses a refusal; forward_second_order.DERIVED)
    for fn in (helpers_linalg.norm_adjoint, helpers_linalg.vector_norm_adjoint):
        constant(fn, ord=None)


def scipy_values(special, sla) -> None:
    """The parameters of SciPy's rules (loaded with them)."""
    constant(special.polygamma, n='the order (an integer)')
    adjoint_zeta = lookup(special.zeta)
    if adjoint_zeta is not None and 'q' not in adjoint_zeta.adjoints:
        extend(special.zeta, q='unbroadcast(-g * x * special.zeta(x + 1, q), q)')
