"""Helpers of the rules of value parameters and casts (:mod:`srcad.rules.shapes.values`)."""

import numpy as np

from ... import runtime
from ...runtime import unbroadcast
from ...runtime.dtypes import carries_no_derivative
from ..registry import register_helpers

INEXACT = 'fc'


def _no_derivative(dtype, what='a cast') -> bool:
    """Whether values of ``dtype`` carry no derivative (integers, booleans); refused for
    dtypes that are neither those nor floating (object, named fields, strings)."""
    return dtype is not None and carries_no_derivative(dtype, what)


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
    from ..elementwise.helpers import is_zero
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
    from ..tangents import TangentTuple
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
    if _no_derivative(dtype, 'a cast (astype, asarray)'):
        return _zeros_like(a)
    return runtime.uncast(g, a)


def cast_tangent(dot, dtype):
    """The tangent of ``astype(dtype)``: cast along, or zero into integers and booleans."""
    if _no_derivative(dtype, 'a cast (astype, asarray)'):
        return np.zeros(np.shape(dot))
    return runtime.astype(dot, dtype)


def array_adjoint(g, obj, dtype, ans=None):
    """The adjoint of ``obj`` in ``np.array(obj, dtype)``: split back into ``obj``'s
    nesting, or nothing for a cast to integers or booleans (the dtype of the array
    made, ``ans``, when given: NumPy's own choice for ``dtype=None``)."""
    if _no_derivative(ans.dtype if type(ans) is np.ndarray else dtype, 'np.array(...)'):
        return runtime.unarray(np.zeros(np.shape(g)), obj)
    return runtime.unarray(g, obj)


def array_tangent(dot, dtype, ndmin=0, ans=None):
    """The tangent of ``np.array(obj, dtype, ndmin=...)`` / ``np.asarray(obj, dtype)``
    (``ans``, the array made, gives the dtype NumPy chose: as :func:`array_adjoint`)."""
    if _no_derivative(ans.dtype if type(ans) is np.ndarray else dtype, 'np.array(...)'):
        return np.zeros(np.shape(np.array(dot, ndmin=ndmin)))
    return np.array(dot, ndmin=ndmin)


def setitem_tangent(x_dot, idx, v_dot, ans):
    """The tangent of ``x[idx] = v`` (``ans`` is the written array): the tangents
    written the same way, or zeros when the array holds integers (the value written
    is truncated: no derivative)."""
    if isinstance(ans, np.ndarray):
        if carries_no_derivative(ans.dtype, 'x[...] = v'):
            return np.zeros(ans.shape)
        if np.ndim(x_dot) != ans.ndim:  # the zero tangent of a constant array
            x_dot = np.zeros(ans.shape, dtype=np.result_type(ans, v_dot))
    return runtime.setitem(x_dot, idx, v_dot)


HELPERS = {f.__name__: f for f in (
    setitem_tangent, fill_adjoint, fill_tangent, linspace_adjoint, spaced_positions,
    expand_along, spaced_tangent, nan_to_num_adjoint, nan_to_num_tangent, nan_to_num_x_adjoint,
    nan_to_num_x_tangent, pad_values_adjoint, pad_values_tangent, interp_outside_adjoint,
    interp_outside_tangent, cast_adjoint, cast_tangent, array_adjoint, array_tangent)}
register_helpers(HELPERS)
