"""Second derivatives at a kink: ``|x|``, ``sign(x)``, a norm or ``hypot`` at exactly 0.

The first derivative of ``|x|`` at ``x == 0`` does not exist; srcad takes ``0`` (a
subgradient: ``grad``, ``jvp`` and ``vjp`` keep it).  A second derivative cannot: in
``np.abs(x) ** 2`` (smooth, ``(x ** 2)'' = 2``) the ``2`` comes from ``sign(x) ** 2``,
which is ``1`` on both sides of 0 and ``0`` at 0, and in ``np.sum(np.abs(x))`` the
second derivative at 0 is ``2 delta(x)``, no number.  So forward mode over a
generated gradient (``hvp``, ``hessian``, ``grad(grad(f))``: *second order*, told by
:func:`second_order`) does not take a kink's tangent as 0:

* the tangent of ``|x|`` (``sign``, a norm, ``hypot``) at exactly 0 along a non-zero
  direction is nan (:func:`poison`): its directional derivative there, ``|dx|``, is not
  linear in ``dx``.  Where the computation drops it (the unselected side of
  ``np.where``, a Huber loss at a zero residual) nothing changes; where it reaches the
  result, the nan of a finite value is refused (:func:`srcad.runtime.singular.indeterminate`).
* the tangent of the adjoint of ``|x|`` (of a norm) at exactly 0, along a non-zero
  direction, of a non-zero adjoint is ``g * 2 delta(x)``: refused here
  (:func:`refuse_kink`).

Left open: ``np.sqrt(s)`` at ``s == 0`` with a zero tangent: ``s = w @ w`` at ``w = 0`` (a
kink: ``np.sqrt(w @ w) ** 2`` has curvature 2) and ``s = np.maximum(v, 0)`` at ``v < 0``
(locally constant: the Heston full-truncation idiom, curvature 0) look the same at run time.
"""

from __future__ import annotations

import numpy as np

from ...runtime.kinks import poison, refuse_kink  # noqa: F401  (refuse_kink: rules')
from ..registry import register_helpers
from ...runtime.shapes import clip_mask
from . import complex as _complex
from .helpers import drop_missing, pick
from ..shapes.helpers import extreme_adjoint
from ..shapes.tangents import extreme_tangent

def abs_tangent(d, x):
    """The tangent of ``abs(x)`` along ``d``: ``Re(conj(sign(x)) d)``; at ``x == 0``
    (``d != 0``) 0 in first order, nan in second order (:func:`poison`)."""
    t = np.real(_complex.abs_adjoint(d, x))
    if x.__class__ is np.ndarray:
        if x.all():
            return t
    elif x != 0:
        return t
    return poison(t, (x == 0) & (d != 0))


def sign_tangent_kink(d, x):
    """The tangent of ``np.sign(x)`` along ``d``: zeros for real ``x``, nan at ``x == 0``
    along ``d != 0`` in second order (``sign'(0)`` is ``2 delta``); complex refused."""
    t = _complex.sign_tangent(d, x)
    if np.all(x) or not np.any(d):
        return t
    return poison(t, (x == 0) & (d != 0), 'np.sign(x) at exactly 0')


def norm_kink(t, dot, ans, nonzero):
    """The tangent ``t`` of a norm ``ans``, nan where the norm is 0 and the direction
    ``dot`` is not (``nonzero()``: whether each norm's direction is non-zero)."""
    if np.all(ans):
        return t
    return poison(t, (np.asarray(ans) == 0) & nonzero(), 'a norm at exactly 0')


def std_kink(t, dot, a, ans, axis=None, keepdims=False):
    """The tangent ``t`` of ``np.std(a)`` (``ans``), nan where a slice is constant (the std
    is 0: a norm at 0) and the direction ``dot`` is not constant along it, in second order
    (``np.std(x) ** 2`` is ``np.var(x)``, whose curvature the subgradient 0 would hide)."""
    if np.all(ans):
        return t

    def moves():
        d = np.broadcast_to(dot, np.shape(a))
        return np.any(d != np.mean(d, axis=axis, keepdims=True), axis=axis, keepdims=keepdims)
    return poison(t, (np.asarray(ans) == 0) & moves(), 'np.std of a constant slice')


def hypot_tangent(dx, dy, x, y, ans):
    """The tangent of ``np.hypot(x, y)`` (one of ``dx``, ``dy`` may be 0.0)."""
    safe = ans + (ans == 0)
    t = (dx * x + dy * y) / safe
    if np.all(ans):
        return t
    return poison(t, (ans == 0) & ((dx != 0) | (dy != 0)), 'np.hypot at (0, 0)')


def hypot_adjoint(g, x, ans):
    """The adjoint of ``x`` in ``np.hypot(x, y)`` (0 at ``x = y = 0``, a kink, as abs'(0))."""
    return g * x / (ans + (ans == 0))


def hypot_adjoint_dx(dot, g, x, ans):
    """The tangent of :func:`hypot_adjoint` from ``x``: ``g * dot / ans`` (the ``ans``
    part is its own rule); at ``ans == 0`` along ``dot != 0`` of ``g != 0``, refused."""
    if not np.all(ans):
        refuse_kink('np.hypot at exactly (0, 0)', (ans == 0) & (dot != 0) & (g != 0))
    return g * dot / (ans + (ans == 0))


def pick_tangent(d, x, y, ans):
    """The tangent of ``np.maximum(x, y)`` (minimum, fmax, fmin) from ``x`` along ``d``:
    ``pick(d, x, y, ans)``; at a tie along ``d != 0``, nan in second order (a kink)."""
    t = pick(d, x, y, ans)
    tie = (x == ans) & (y == ans)
    if not np.any(tie):
        return t
    return poison(t, tie & (d != 0), 'np.maximum (np.minimum, a relu) at a tie')


def pick_dx(dot, g, x, y, ans):
    """The tangent of ``pick(g, x, y, ans)`` from ``x`` or ``y``: zero (a share), but at
    a tie along ``dot != 0`` of ``g != 0`` a jump: refused."""
    tie = (x == ans) & (y == ans)
    if np.any(tie):
        refuse_kink('np.maximum (np.minimum, a relu) at a tie', tie & (dot != 0) & (g != 0))
    return np.zeros(np.broadcast_shapes(np.shape(g), np.shape(ans)),
                    dtype=np.result_type(g, ans, float))


def clip_tangent(d, a, lo, hi):
    """The tangent of ``np.clip(a, lo, hi)`` from ``a`` along ``d``: ``d`` where ``a`` passes,
    half of it at a bound (``a == lo`` or ``a == hi``); there along ``d != 0``, nan in second
    order (a kink)."""
    t = np.where(clip_mask(a, lo, hi), d, 0.0)
    edge = False
    if lo is not None:
        edge = np.asarray(a) == lo
    if hi is not None:
        edge = edge | (np.asarray(a) == hi)
    if not np.any(edge):
        return t
    t = np.where(edge, 0.5 * t, t)  # (half at a bound, as the adjoint: reductions/ties.py)
    return poison(t, edge & (d != 0), 'np.clip at a bound')


def extreme_adjoint_dx(dot, g, ans, j, k, a, b=None, c=None, d=None):
    """The tangent of ``extreme_adjoint(g, ans, k, a, b, c, d)`` (builtin max/min's share)
    from argument ``j`` along ``dot``: zero, but refused at a tie along a direction of
    ``g != 0`` (``max(t, -t)`` at 0: its second derivative is ``2 delta``)."""
    args = drop_missing((a, b, c, d))
    if len(args) > 1 and np.any(g != 0) and np.any(np.asarray(dot) != 0):
        tie = sum(bool(np.all(v == ans)) for v in args) > 1 and np.all(args[j] == ans)
        refuse_kink('max/min at a tie', tie)
    return extreme_adjoint(0.0 * g, ans, k, a, b, c, d)  # (zeros, shaped as the share)


def extreme_tangent_kink(dot, ans, k, a, b=None, c=None, d=None):
    """The tangent builtin ``max``/``min`` receives from argument ``k``
    (:func:`~srcad.rules.shapes.tangents.extreme_tangent`); at a tie along directions that
    differ (``max(t, -t)`` at 0), nan in second order (a kink).  Only between several
    arguments: ``max(xs)`` of one sequence, like ``np.max``, keeps its ties' mean, because
    the usual tie there is the softmax shift ``xs - max(xs)``, whose result does not depend
    on it (``np.max(x) ** 2`` at a tie along parting directions stays open)."""
    t = extreme_tangent(dot, ans, k, a, b, c, d)
    args = drop_missing((a, b, c, d))
    if len(args) > 1:
        tie = sum(bool(np.all(v == ans)) for v in args) > 1 and np.all(args[k] == ans)
        return poison(t, tie and np.any(dot != 0), 'max/min at a tie')
    return t  # (max(xs) of one sequence: ties are left alone, as np.max's -- see below)


register_helpers({f.__name__: f for f in (
    abs_tangent, sign_tangent_kink, std_kink, hypot_tangent, hypot_adjoint, hypot_adjoint_dx,
    pick_tangent, pick_dx, clip_tangent, extreme_adjoint_dx, extreme_tangent_kink)})
