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

from .. import runtime
from ..runtime import unbroadcast
from .forward_second_order import signature_of
from .registry import (CHECKED_AT_RUN_TIME, adjoint, constant, elementwise, extend, linear, lookup,
                       nondifferentiable, register_helpers, tangent)

INEXACT = 'fc'


def _no_derivative(dtype) -> bool:
    """Whether values of ``dtype`` carry no derivative (integers, booleans...)."""
    return dtype is not None and np.dtype(dtype).kind not in INEXACT


def _zeros_like(x):
    x = np.asarray(x) if isinstance(x, (list, tuple)) else x
    if np.ndim(x) == 0:
        return 0.0
    return np.zeros(np.shape(x), dtype=np.result_type(x, 1.0))


# --- fill values -----------------------------------------------------------------------
def fill_adjoint(g, fill_value, ans):
    """The adjoint of ``v`` in ``np.full(shape, v)`` / ``np.full_like(a, v)``: ``g``
    summed down to ``v``'s shape, zero when the result holds integers."""
    if _no_derivative(np.result_type(ans)):
        return _zeros_like(fill_value)
    return unbroadcast(g, fill_value)


def fill_tangent(dot, ans):
    """The tangent of ``np.full``'s output from its fill value's tangent ``dot``."""
    if _no_derivative(np.result_type(ans)):
        return np.zeros(np.shape(ans))
    return np.broadcast_to(dot, np.shape(ans)).astype(np.result_type(dot, ans), copy=True)


# --- evenly spaced values ---------------------------------------------------------------
def _positions(num, endpoint):
    """Where each sample of ``linspace(0, 1, num, endpoint)`` sits, from 0 to 1."""
    div = (num - 1) if endpoint else num
    return np.arange(num) / div if div > 0 else np.zeros(num)


def _along(t, axis, ndim):
    """``t`` shaped to broadcast along ``axis`` of an ``ndim``-dimensional output."""
    shape = [1] * ndim
    shape[axis] = len(t)
    return np.reshape(t, shape)


def _sum_over_samples(w, axis, like):
    """``w`` (shaped like the samples) summed over the sample axis, down to ``like``."""
    return unbroadcast(np.sum(w, axis=axis), like)


def linspace_adjoint(g, start, stop, ans, num=50, endpoint=True, axis=0, retstep=False,
                     which='start'):
    """The adjoint of ``start`` or ``stop`` (``which``) of ``np.linspace``: ``g``
    weighted by each sample's position, summed over the samples (and the step's
    adjoint, with ``retstep``).  Linear in ``g``; reads the rest for shapes only."""
    from .helpers import is_zero
    like = start if which == 'start' else stop
    step_g = 0.0
    if retstep:
        g, step_g = g
        ans = ans[0]
        if is_zero(g):
            g = np.zeros(np.shape(ans))
    g, ans = np.asarray(g), np.asarray(ans)
    if _no_derivative(ans.dtype):
        return _zeros_like(like)
    axis = axis % ans.ndim
    t = _along(_positions(num, endpoint), axis, ans.ndim)
    out = _sum_over_samples(g * (1 - t) if which == 'start' else g * t, axis, like)
    if retstep and not is_zero(step_g):
        div = (num - 1) if endpoint else num
        sign = -1.0 if which == 'start' else 1.0
        out = out + unbroadcast(sign * np.asarray(step_g) / div, like)
    return out


def spaced_positions(ans, num=50, endpoint=True, axis=0):
    """Where each sample of ``np.logspace``/``np.geomspace`` (``ans``) sits from
    ``start`` (0) to ``stop`` (1), shaped to broadcast against ``ans``."""
    ndim = np.ndim(ans)
    return _along(_positions(num, endpoint), axis % ndim, ndim)


def expand_along(x, axis=0):
    """``x`` (an endpoint) with the sample axis inserted, to broadcast against the samples."""
    return np.expand_dims(x, axis) if np.ndim(x) else x


def spaced_tangent(dot, start, stop, ans, num=50, endpoint=True, axis=0, kind='lin', base=10.0,
                   which='start', retstep=False):
    """The tangent of the output of ``np.linspace``/``logspace``/``geomspace`` from
    ``start``, ``stop`` or ``base`` (``which``)."""
    from .helpers_tangents import TangentTuple
    samples = ans[0] if retstep else ans
    samples = np.asarray(samples)
    if _no_derivative(samples.dtype):
        out = np.zeros(samples.shape)
    else:
        axis = axis % samples.ndim
        t = _along(_positions(num, endpoint), axis, samples.ndim)
        d = np.expand_dims(dot, axis) if np.ndim(dot) else dot
        if kind == 'lin':
            out = d * (1 - t) if which == 'start' else d * t
        elif kind == 'log':
            if which == 'base':
                s = np.expand_dims(start, axis) if np.ndim(start) else start
                e = np.expand_dims(stop, axis) if np.ndim(stop) else stop
                out = samples * (s * (1 - t) + e * t) * d / base
            else:
                out = samples * np.log(base) * (d * (1 - t) if which == 'start' else d * t)
        else:
            s = np.expand_dims(start, axis) if np.ndim(start) else start
            e = np.expand_dims(stop, axis) if np.ndim(stop) else stop
            out = samples * (d * (1 - t) / s if which == 'start' else d * t / e)
        out = np.broadcast_to(out, samples.shape) * 1.0
    if not retstep:
        return out
    div = (num - 1) if endpoint else num
    step = (-dot if which == 'start' else dot) / div if div > 0 else np.nan * dot
    return TangentTuple((out, step))


# --- nan_to_num ----------------------------------------------------------------------------
_REPLACED = {'nan': np.isnan, 'posinf': np.isposinf, 'neginf': np.isneginf}


def nan_to_num_adjoint(g, x, which):
    """The adjoint of the replacement value ``nan``/``posinf``/``neginf`` (``which``) of
    ``np.nan_to_num(x, ...)``: the adjoint of the elements it replaced (real and
    imaginary parts of a complex ``x`` separately)."""
    test = _REPLACED[which]
    x = np.asarray(x)
    if np.iscomplexobj(x):
        g = np.asarray(g)
        return (np.sum(np.where(test(x.real), np.real(g), 0))
                - np.sum(np.where(test(x.imag), np.imag(g), 0)))
    return np.sum(np.where(test(x), g, 0))


def nan_to_num_x_adjoint(g, x):
    """The adjoint of ``x`` in ``np.nan_to_num(x, ...)``: ``g`` where ``x`` is finite
    (real and imaginary parts of a complex ``x`` separately)."""
    x = np.asarray(x)
    if np.iscomplexobj(x):
        g = np.asarray(g)
        return (np.where(np.isfinite(x.real), np.real(g), 0)
                + 1j * np.where(np.isfinite(x.imag), np.imag(g), 0))
    return np.where(np.isfinite(x), g, 0)


def nan_to_num_x_tangent(dot, x):
    """The tangent of ``np.nan_to_num(x, ...)`` from ``x``'s tangent."""
    x = np.asarray(x)
    if np.iscomplexobj(x):
        dot = np.asarray(dot)
        return (np.where(np.isfinite(x.real), np.real(dot), 0)
                + 1j * np.where(np.isfinite(x.imag), np.imag(dot), 0))
    return np.where(np.isfinite(x), dot, 0)


def nan_to_num_tangent(dot, x, which):
    """The tangent of ``np.nan_to_num(x, ...)`` from a replacement value's tangent."""
    test = _REPLACED[which]
    x = np.asarray(x)
    if np.iscomplexobj(x):
        return np.where(test(x.real), dot, 0) + 1j * np.where(test(x.imag), dot, 0)
    return np.where(test(x), dot, 0) * 1.0


# --- pad's constant and end values ------------------------------------------------------------
_PAD_VALUES = {'constant_values': 'constant', 'end_values': 'linear_ramp'}


def pad_values_adjoint(g, array, pad_width, mode, values, which):
    """The adjoint of ``constant_values`` or ``end_values`` (``which``) of
    ``np.pad(array, pad_width, mode, ...)``.  The padded array is affine in them, so
    padding zeros with each (axis, side) value set to one reads off its weights."""
    if mode != _PAD_VALUES[which] or _no_derivative(np.result_type(array)):
        return _zeros_like(values)  # this mode does not read them, or integers are padded
    shape = np.shape(array)
    ndim = len(shape)
    g = np.asarray(g)
    out = np.zeros((ndim, 2), dtype=np.result_type(g, 1.0))
    zeros = np.zeros(shape)
    for axis in range(ndim):
        for side in range(2):
            unit = np.zeros((ndim, 2))
            unit[axis, side] = 1.0
            weights = np.pad(zeros, pad_width, mode, **{which: unit})
            out[axis, side] = np.sum(g * weights)
    return _pairs_adjoint(out, values)


def _pairs_adjoint(out, values):
    """An ``(ndim, 2)`` adjoint summed back to what NumPy broadcast to ``(ndim, 2)``."""
    if isinstance(values, (list, tuple)):
        shape = np.shape(np.asarray(values, dtype=object))
        flat = unbroadcast(out, np.zeros(shape))
        return runtime.unarray(flat, values)
    return unbroadcast(out, values)


def pad_values_tangent(dot, array, pad_width, mode, which):
    """The tangent of ``np.pad``'s output from its constant or end values' tangent."""
    if isinstance(dot, (list, tuple)):  # the tangent of pairs of numbers
        dot = np.asarray(dot, dtype=np.result_type(*np.ravel(np.asarray(dot, dtype=object))))
    zeros = np.zeros(np.shape(array), dtype=np.result_type(array, dot, 1.0))
    if mode != _PAD_VALUES[which] or _no_derivative(np.result_type(array)):
        return np.pad(zeros, pad_width)
    return np.pad(zeros, pad_width, mode, **{which: dot})


# --- interp's left and right --------------------------------------------------------------
def interp_outside_adjoint(g, x, xp, left, right, period, which):
    """The adjoint of ``left`` (``which='left'``) or ``right`` of ``np.interp(x, xp, fp,
    left, right)``: the adjoint of the points below ``xp[0]`` (above ``xp[-1]``)."""
    if period is not None:
        return 0.0  # NumPy ignores left and right with a period
    x, xp = np.asarray(x), np.asarray(xp)
    outside = x < xp[0] if which == 'left' else x > xp[-1]
    return np.sum(np.where(outside, g, 0))


def interp_outside_tangent(dot, x, xp, period, which):
    """The tangent of ``np.interp``'s output from ``left``'s or ``right``'s tangent."""
    x, xp = np.asarray(x), np.asarray(xp)
    if period is not None:
        return np.zeros(x.shape)
    outside = x < xp[0] if which == 'left' else x > xp[-1]
    return np.where(outside, dot, 0) * 1.0


# --- casts -------------------------------------------------------------------------------
def cast_adjoint(g, a, dtype):
    """The adjoint of ``a`` in ``a.astype(dtype)`` / ``np.asarray(a, dtype)``: ``g`` in
    ``a``'s dtype, or nothing for a cast to integers or booleans."""
    if _no_derivative(dtype):
        return _zeros_like(a)
    return runtime.uncast(g, a)


def cast_tangent(dot, dtype):
    """The tangent of ``astype(dtype)``: cast along, or zero into integers and booleans."""
    if _no_derivative(dtype):
        return np.zeros(np.shape(dot))
    return runtime.astype(dot, dtype)


def array_adjoint(g, obj, dtype):
    """The adjoint of ``obj`` in ``np.array(obj, dtype)``: split back into ``obj``'s
    nesting, or nothing for a cast to integers or booleans."""
    if _no_derivative(dtype):
        return runtime.unarray(np.zeros(np.shape(g)), obj)
    return runtime.unarray(g, obj)


def array_tangent(dot, dtype, ndmin=0):
    """The tangent of ``np.array(obj, dtype, ndmin=...)`` / ``np.asarray(obj, dtype)``."""
    if _no_derivative(dtype):
        return np.zeros(np.shape(np.array(dot, ndmin=ndmin)))
    return np.array(dot, ndmin=ndmin)


def setitem_tangent(x_dot, idx, v_dot, ans):
    """The tangent of ``x[idx] = v`` (``ans`` is the written array): the tangents
    written the same way, or zeros when the array holds integers (the value written
    is truncated: no derivative)."""
    if isinstance(ans, np.ndarray):
        if ans.dtype.kind not in INEXACT:
            return np.zeros(ans.shape)
        if np.ndim(x_dot) != ans.ndim:  # the zero tangent of a constant array
            x_dot = np.zeros(ans.shape, dtype=np.result_type(ans, v_dot))
    return runtime.setitem(x_dot, idx, v_dot)


register_helpers({f.__name__: f for f in (
    setitem_tangent, fill_adjoint, fill_tangent, linspace_adjoint, spaced_positions,
    expand_along, spaced_tangent, nan_to_num_adjoint, nan_to_num_tangent, nan_to_num_x_adjoint,
    nan_to_num_x_tangent, pad_values_adjoint, pad_values_tangent, interp_outside_adjoint,
    interp_outside_tangent, cast_adjoint, cast_tangent, array_adjoint, array_tangent)})

# --- the rules ----------------------------------------------------------------------------------
adjoint(np.full, 'shape, fill_value, dtype=None, order="C", *, like=None, device=None',
        fill_value='fill_adjoint(g, fill_value, ans)')
tangent(np.full, fill_value='fill_tangent(dot, ans)')
adjoint(np.full_like, 'a, fill_value, dtype=None, order="K", subok=True, shape=None, *, '
                      'device=None', fill_value='fill_adjoint(g, fill_value, ans)')
tangent(np.full_like, fill_value='fill_tangent(dot, ans)')
constant(np.full_like, a='read only for its shape and dtype')

SPACED = 'start, stop, ans, num, endpoint, axis'
adjoint(np.linspace, 'start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, *, '
                     'device=None',
        **{p: f'linspace_adjoint(g, {SPACED}, retstep, {p!r})' for p in ('start', 'stop')})
tangent(np.linspace, **{p: f'spaced_tangent(dot, {SPACED}, "lin", which={p!r}, retstep=retstep)'
                        for p in ('start', 'stop')})
# logspace and geomspace: their adjoints in NumPy, so that forward mode over a gradient
# (hvp) differentiates them again; T is each sample's position from start (0) to stop (1)
T = 'spaced_positions(ans, num, endpoint, axis)'
adjoint(np.logspace, 'start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0',
        start=f'unbroadcast(np.sum(g * ans * (1 - {T}), axis=axis), start) * np.log(base)',
        stop=f'unbroadcast(np.sum(g * ans * {T}, axis=axis), stop) * np.log(base)',
        base=f'unbroadcast(np.sum(g * ans * (expand_along(start, axis) * (1 - {T}) '
             f'+ expand_along(stop, axis) * {T}), axis=axis) / base, base)')
tangent(np.logspace, **{p: f'spaced_tangent(dot, {SPACED}, "log", base, which={p!r})'
                        for p in ('start', 'stop', 'base')})
adjoint(np.geomspace, 'start, stop, num=50, endpoint=True, dtype=None, axis=0',
        start=f'unbroadcast(np.sum(g * ans * (1 - {T}) / expand_along(start, axis), axis=axis),'
              f' start)',
        stop=f'unbroadcast(np.sum(g * ans * {T} / expand_along(stop, axis), axis=axis), stop)')
tangent(np.geomspace, **{p: f'spaced_tangent(dot, {SPACED}, "geom", which={p!r})'
                         for p in ('start', 'stop')})
# arange(start, stop, step): start and step would move every value, but with one argument
# ``start`` is the stop: srcad refuses both when differentiated (classify: 'refused')
adjoint(np.arange, 'start=None, stop=None, step=None, dtype=None, *, device=None, like=None')
constant(np.arange, stop='only sets how many values there are (piecewise constant)')

adjoint(np.heaviside, 'x1, x2', x2='unbroadcast(g * (x1 == 0), x2)')
elementwise(np.heaviside)
constant(np.heaviside, x1='a step function: piecewise constant in x1')
adjoint(np.nextafter, 'x1, x2', x1='unbroadcast(g, x1)')
elementwise(np.nextafter)
constant(np.nextafter, x2='only the direction it gives is read (piecewise constant)')

for fn in (np.fft.fftfreq, np.fft.rfftfreq):
    adjoint(fn, 'n, d=1.0, device=None', d='np.sum(-g * ans) / d')
    tangent(fn, d='-dot * ans / d')

adjoint(np.histogram_bin_edges, 'a, bins=10, range=None, weights=None')
constant(np.histogram_bin_edges, weights='read only by some bin estimators, for counts')

# --- casts ----------------------------------------------------------------------------------
for fn in (np.float64, np.float32, np.float16, np.longdouble, np.complex128, np.complex64,
           np.clongdouble):
    adjoint(fn, 'x=0.0', x='g')
    elementwise(fn)
adjoint(builtins.complex, 'real=0, imag=0', real='g', imag='1j * g')
elementwise(builtins.complex)
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
    from . import helpers, helpers_linalg, helpers_products
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
    from .registry import JOINT
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
    from . import helpers_shapes
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
