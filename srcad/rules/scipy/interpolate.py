"""Calls of ``scipy.interpolate`` objects at differentiated points (loaded once the
program imports ``scipy.interpolate``).

``cs(t)`` for a ``CubicSpline``, ``PchipInterpolator``, ``Akima1DInterpolator``,
``PPoly``, ``BPoly`` or ``BSpline`` (``make_interp_spline``) ``cs``, ``s(t)`` for a
``UnivariateSpline`` and ``f(t)`` for an ``interp1d`` are differentiated in ``t``: the
derivative is the interpolant's own derivative, ``cs(t, nu + 1)`` (an ``interp1d``'s:
the slope of the piece it evaluates, zero for ``nearest``/``previous``/``next`` and where
it fills a constant outside ``x``).  The object itself must not depend on a
differentiated value: a spline built from differentiated data ``y`` (or knots ``x``) is
refused where it is called (its derivative in ``y`` is not followed).
"""

from __future__ import annotations

import copy
import dataclasses
import weakref

import numpy as np

from ...errors import RuntimeCheckError


def _interp1d_slope(f, t, nu=0):
    """The derivative of order ``nu + 1`` of ``interp1d`` ``f`` at ``t`` (1-D data only)."""
    if np.ndim(f.y) != 1:
        raise RuntimeCheckError('srcad differentiates an interp1d object at differentiated '
                                'points only for 1-D y', hint='interpolate each column '
                                'with its own interp1d')
    t = np.asarray(t, dtype=float)
    x, y = np.asarray(f.x, dtype=float), np.asarray(f.y, dtype=float)
    if f._kind == 'spline':
        d = np.reshape(f._spline(t, nu + 1), t.shape)   # (its data is y as a column)
    elif f._kind == 'linear' and nu == 0:   # the slope of the piece interp1d evaluates
        hi = np.clip(np.searchsorted(x, t), 1, len(x) - 1)
        d = (y[hi] - y[hi - 1]) / (x[hi] - x[hi - 1])
    else:   # nearest, previous, next (piecewise constant); a line's second derivative
        d = np.zeros(t.shape)
    if not f._extrapolate:
        d = np.where((t < x[0]) | (t > x[-1]), 0.0, d)
    return d


def interpolant_slope(obj, t, nu=0, extrapolate=None):
    """The derivative in ``t`` of ``obj(t, nu, extrapolate)`` (``obj(t)`` for interp1d)."""
    from scipy import interpolate
    if isinstance(obj, interpolate.interp1d):
        return _interp1d_slope(obj, t, nu)
    return obj(t, nu + 1, extrapolate)


def _trailing(d, t):
    """``d`` (shaped ``t.shape + trailing``) and how many trailing axes it has."""
    return np.asarray(d), np.ndim(d) - np.ndim(t)


def interpolant_call_adjoint(g, obj, t, nu=0, extrapolate=None):
    """The adjoint of ``t`` in ``obj(t, nu, extrapolate)``."""
    d, extra = _trailing(interpolant_slope(obj, t, nu, extrapolate), t)
    out = np.asarray(g) * d
    if extra:
        out = np.sum(out, axis=tuple(range(-extra, 0)))
    return out.reshape(np.shape(t)) if np.ndim(t) else out[()]


def interpolant_call_tangent(dot, obj, t, nu=0, extrapolate=None):
    """The tangent of ``obj(t, nu, extrapolate)`` from the tangent ``dot`` of ``t``."""
    d, extra = _trailing(interpolant_slope(obj, t, nu, extrapolate), t)
    return d * np.reshape(dot, np.shape(dot) + (1,) * extra)


def _call_stand_in(t, nu=0, extrapolate=None):
    """Stands for ``obj(t, nu, extrapolate)`` in the rule tables (never called)."""
    raise TypeError('a stand-in for the rule of an interpolant call: not called')


def _univariate_stand_in(t, nu=0, ext=None):
    """Stands for ``s(t, nu, ext)`` of a ``UnivariateSpline`` ``s`` (never called)."""
    raise TypeError('a stand-in for the rule of an interpolant call: not called')


def _interp1d_stand_in(t):
    """Stands for ``f(t)`` of an interp1d ``f`` in the rule tables (never called)."""
    raise TypeError('a stand-in for the rule of an interpolant call: not called')


#: interpolant class -> the stand-in whose rule a call of an object of it gets
STAND_INS: dict = {}
#: interpolant object -> the rule of calling it
_MADE = weakref.WeakKeyDictionary()


def bound_interpolant_rule(obj):
    """The rule of calling the interpolant ``obj`` (``cs(t)``); None for anything else."""
    from .. import registry
    for cls in type(obj).__mro__:
        stand_in = STAND_INS.get(cls)
        if stand_in is not None:
            try:
                made = _MADE.get(obj)
            except TypeError:   # (an object that cannot be a weak key: not kept)
                made = None
            if made is None:   # (own templates: second order compiles each once, with obj)
                rule = registry.RULES[stand_in]
                made = dataclasses.replace(
                    rule, fn=obj, adjoints=copy.deepcopy(rule.adjoints),
                    tangents=copy.deepcopy(rule.tangents),
                    namespace=dict(rule.namespace, interpolant_object=obj))
                try:
                    _MADE[obj] = made
                except TypeError:
                    pass
            return made
    return None


def declare() -> None:
    from scipy import interpolate
    from .. import registry
    from ..registry import adjoint, register_helpers
    from ..runtime_helpers.second_order import forward_only, signature_of
    register_helpers({f.__name__: f for f in (interpolant_call_adjoint, interpolant_call_tangent)})
    for stand_in, args in ((_call_stand_in, 't, nu, extrapolate'),
                           (_univariate_stand_in, 't, nu, ext'), (_interp1d_stand_in, 't')):
        flags = [p for p in ('nu', 'extrapolate', 'ext') if p in args.split(', ')]
        adjoint(stand_in, signature_of(stand_in), {'interpolant_object': None},
                t=f'interpolant_call_adjoint(g, interpolant_object, {args})',
                tangent={'t': f'interpolant_call_tangent(dot, interpolant_object, {args})'},
                constants={p: 'a derivative order' if p == 'nu' else 'an option'
                           for p in flags} or None,
                display_name='a scipy.interpolate object')
    for cls in (interpolate.PPoly, interpolate.BPoly, interpolate.BSpline):
        STAND_INS[cls] = _call_stand_in
    STAND_INS[interpolate.UnivariateSpline] = _univariate_stand_in
    STAND_INS[interpolate.interp1d] = _interp1d_stand_in
    # second order: the adjoint is linear in g; in t its derivative is the next order's
    obj = dict(obj='the interpolant, a constant here')
    forward_only(interpolant_call_adjoint, obj,
                 g='interpolant_call_adjoint(dot, obj, t, nu, extrapolate)',
                 t='interpolant_call_adjoint(g, obj, t, nu + 1, extrapolate) * dot')
    registry.linear(interpolant_call_tangent, 'dot', constants=obj,
                    signature=signature_of(interpolant_call_tangent))
    registry.MADE_ON_MISS.append(bound_interpolant_rule)
