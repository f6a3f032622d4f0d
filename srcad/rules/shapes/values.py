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
import numpy as np

from ... import runtime
from ..runtime_helpers.second_order import signature_of
from ..registry import (CHECKED_AT_RUN_TIME, adjoint, constant, extend, linear, lookup,
                        nondifferentiable)
from .value_helpers import (array_adjoint, cast_adjoint, expand_along, fill_adjoint,
                            interp_outside_adjoint, linspace_adjoint, nan_to_num_adjoint,
                            nan_to_num_x_adjoint, pad_values_adjoint, spaced_positions)

# --- the rules ----------------------------------------------------------------------------------
adjoint(np.full, 'shape, fill_value, dtype=None, order="C", *, like=None, device=None',
        fill_value='fill_adjoint(g, fill_value, ans)',
        tangent=dict(fill_value='fill_tangent(dot, ans)'))
adjoint(np.full_like, 'a, fill_value, dtype=None, order="K", subok=True, shape=None, *, '
                      'device=None', fill_value='fill_adjoint(g, fill_value, ans)',
        tangent=dict(fill_value='fill_tangent(dot, ans)'),
        constants=dict(a='read only for its shape and dtype'))
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
adjoint(np.arange, 'start=None, stop=None, step=None, dtype=None, *, device=None, like=None',
        constants=dict(stop='only sets how many values there are (piecewise constant)'))
adjoint(np.heaviside, 'x1, x2', x2='unbroadcast(g * (x1 == 0), x2)', forward='elementwise',
        constants=dict(x1='a step function: piecewise constant in x1'))
adjoint(np.nextafter, 'x1, x2', x1='unbroadcast(g, x1)', forward='pointwise',
        constants=dict(x2='only the direction it gives is read (piecewise constant)'))
for fn in (np.fft.fftfreq, np.fft.rfftfreq):
    adjoint(fn, 'n, d=1.0, device=None', d='np.sum(-g * ans) / d',
            tangent=dict(d='-dot * ans / d'))
adjoint(np.histogram_bin_edges, 'a, bins=10, range=None, weights=None',
        constants=dict(weights='read only by some bin estimators, for counts'))

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


def scipy_values(special, sla) -> None:
    """The parameters of SciPy's rules (loaded with them)."""
    constant(special.polygamma, n='the order (an integer)')
    adjoint_zeta = lookup(special.zeta)
    if adjoint_zeta is not None and 'q' not in adjoint_zeta.adjoints:
        extend(special.zeta, q='unbroadcast(-g * x * special.zeta(x + 1, q), q)')
