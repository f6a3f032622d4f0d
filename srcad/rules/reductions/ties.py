"""Ties of order statistics and extrema (np.sort, np.partition, np.median / quantile /
percentile, np.max / np.min / np.ptp): srcad's policy at a tie.

Where tied elements receive the same adjoint, every choice of which one "wins" gives the
same result, the right one (``np.sum(np.sort(x))``, the softmax shift ``x - np.max(x)``).
Where their adjoints differ the function has a kink there.  First order then takes the
symmetric split np.max and np.maximum take (each tied element receives the mean of the
tied places' adjoints: the mean of the one-sided derivatives for a tie of two, which
central differences agree with).  Second order (``hvp``, ``hessian``: forward over the
generated gradient) refuses where the direction breaks such a tie (the gradient jumps
there: :func:`srcad.runtime.kinks.refuse_kink`).  An adjoint within a rounding error of
the others counts as equal: the softmax shift's adjoint, ``1 - np.sum(p)``, is 0 only up
to rounding.
"""

from __future__ import annotations

import numpy as np

from ...runtime import expand_reduced, unreduce
from ...runtime.kinks import poison, refuse_kink, second_order, tie_jump
from ...runtime.shapes import clip_mask
from ..registry import register_helpers
from ..elementwise.helpers import float_dtype


def _rows(x, axis):
    x = np.moveaxis(np.asarray(x), axis, -1)
    return x, np.reshape(x, (-1, x.shape[-1]) if x.shape[-1] else (0, 0))


def _runs(v):
    """Each element of the rows ``v`` (sorted along the last axis): the index of its run of
    equal values, and the flat index of that run's first element."""
    rows, n = v.shape
    new = np.ones(v.shape, dtype=bool)
    new[:, 1:] = v[:, 1:] != v[:, :-1]
    run = np.cumsum(new.ravel()) - 1
    first = np.flatnonzero(new.ravel())
    return run, first


def _tolerance(w):
    dtype = np.result_type(w, float)
    return 1024 * np.finfo(dtype).eps if dtype.kind in 'fc' else 0.0


def tie_mean(w, v, axis=-1, always=False):
    """``w`` with each run of equal values of ``v`` (sorted along ``axis``) given the mean
    of its ``w`` where those differ (beyond rounding; ``always``: everywhere)."""
    w = np.broadcast_to(w, np.shape(v))
    moved, flat_w = _rows(w, axis)
    _, flat_v = _rows(v, axis)
    if flat_v.size == 0:
        return w
    run, first = _runs(flat_v)
    ws = flat_w.ravel()
    if not always and not np.any(np.abs(ws - ws[first[run]]) > _tolerance(ws)):
        return w
    total = np.bincount(run, weights=ws)
    count = np.bincount(run)
    out = np.reshape(total[run] / count[run], moved.shape)
    return np.moveaxis(out, -1, axis)


def refuse_tie(what, dot, w, v, axis=-1):
    """Second order: a tie of ``v`` (sorted along ``axis``) that ``dot`` breaks, where ``w``
    (the tied places' adjoints) differs, is a jump (:func:`srcad.runtime.kinks.tie_jump`:
    refused unless another call's jump at the same tie cancels it)."""
    moves = _moving_runs(dot, v, axis)
    if moves is None:
        return
    w = np.broadcast_to(w, np.shape(v))
    deviation = np.where(moves, w - tie_mean(w, v, axis, always=True), 0.0)
    if not np.any(deviation):
        return
    v = np.asarray(v)
    key = ('order', v.shape, axis, _digest(v), _digest(dot))
    tie_jump(what, key, deviation)


def _digest(x):
    x = np.ascontiguousarray(x)
    return hash((x.dtype.str, x.shape, x.tobytes()))


def tie_tangent(t, dot_sorted, v, axis=-1, what='np.sort at a tie'):
    """The tangent ``t`` of a reordering (``np.sort``) at ties of ``v`` (its sorted values):
    first order the mean over each tie the direction breaks (the symmetric split);
    second order nan there (a kink, refused if it reaches the result)."""
    broken = _moving_runs(dot_sorted, v, axis)
    if broken is None:
        return t
    if second_order():
        return poison(t, broken, what)
    return tie_mean(t, v, axis)


def _moving_runs(dot, v, axis):
    """Where ``dot`` differs within a run of equal ``v`` (None if nowhere)."""
    moved, flat_v = _rows(v, axis)
    if flat_v.size == 0:
        return None
    run, first = _runs(flat_v)
    if len(first) == flat_v.size:
        return None
    ds = _rows(np.broadcast_to(dot, np.shape(v)), axis)[1].ravel()
    moves = np.bincount(run, ds != ds[first[run]]) > 0
    if not np.any(moves):
        return None
    return np.moveaxis(np.reshape(moves[run], moved.shape), -1, axis)


# --- np.max / np.min / np.ptp ---------------------------------------------------------
def _share(a, ans, axis, keepdims):
    hit = a == expand_reduced(ans, a, axis, keepdims)
    return hit, hit / np.sum(hit, axis=axis, keepdims=True)


def extremum_adjoint(g, a, ans, axis=None, keepdims=False, top=True):
    """The adjoint of ``ans = np.max(a, axis)`` (np.min: ``top`` False): ``g`` shared
    equally by the elements that attain ``ans``."""
    a = np.asarray(a)
    share = _share(a, ans, axis, keepdims)[1].astype(float_dtype(a), copy=False)
    return unreduce(g, a, axis, keepdims) * share


def _extremum_jump(what, dot, g, a, ans, axis, keepdims, top):
    hit = a == expand_reduced(ans, a, axis, keepdims)
    if np.all(np.sum(hit, axis=axis) < 2):
        return
    dot = np.broadcast_to(dot, a.shape)
    high = np.max(np.where(hit, dot, -np.inf), axis=axis, keepdims=True)
    low = np.min(np.where(hit, dot, np.inf), axis=axis, keepdims=True)
    amount = np.where((high > low) & hit, unreduce(g, a, axis, keepdims), 0.0)
    if np.any(amount):
        key = ('max' if top else 'min', a.shape, repr(axis), _digest(a), _digest(dot))
        tie_jump(what, key, amount)


def extremum_adjoint_dx(dot, g, a, ans, axis=None, keepdims=False, top=True):
    """The tangent of :func:`extremum_adjoint` from ``a``: zero (the share is piecewise
    constant), but a jump at a tie the direction breaks, of a non-zero adjoint."""
    a = np.asarray(a)
    _extremum_jump('np.max (np.min) at a tie', dot, g, a, ans, axis, keepdims, top)
    return np.zeros(a.shape, dtype=np.result_type(a, g, float))


def ptp_adjoint(g, a, axis=None, keepdims=False):
    """The adjoint of ``np.ptp(a, axis)``: the max's share minus the min's."""
    a = np.asarray(a)
    g = expand_reduced(g, a, axis, keepdims)
    top = extremum_adjoint(g, a, np.max(a, axis=axis, keepdims=True), axis, True)
    return top - extremum_adjoint(g, a, np.min(a, axis=axis, keepdims=True), axis, True)


def ptp_adjoint_dx(dot, g, a, axis=None, keepdims=False):
    """The tangent of :func:`ptp_adjoint` from ``a``: zero, a jump at a tie (as np.max)."""
    a = np.asarray(a)
    g = expand_reduced(g, a, axis, keepdims)
    _extremum_jump('np.ptp at a tie', dot, g, a, np.max(a, axis=axis, keepdims=True), axis,
                   True, True)
    _extremum_jump('np.ptp at a tie', dot, -g, a, np.min(a, axis=axis, keepdims=True), axis,
                   True, False)
    return np.zeros(a.shape, dtype=np.result_type(a, g, float))


register_helpers({f.__name__: f for f in (
    tie_mean, refuse_tie, tie_tangent, extremum_adjoint, extremum_adjoint_dx, ptp_adjoint,
    ptp_adjoint_dx)})


# --- np.clip at a bound: a tie of the value and the bound -----------------------------------
def _at_bound(a, lo, hi):
    edge = np.zeros(np.shape(a), dtype=bool)
    if lo is not None:
        edge = edge | (np.asarray(a) == lo)
    if hi is not None:
        edge = edge | (np.asarray(a) == hi)
    return edge


def clip_adjoint(g, a, lo, hi):
    """The adjoint of ``np.clip(a, lo, hi)`` for ``a``: ``g`` where ``a`` passes, half of it
    at a bound (the symmetric split np.maximum takes at a tie), none where it is clipped."""
    inside = clip_mask(a, lo, hi)
    out = np.where(inside, g, 0.0)  # (np.where: an inf from the clipped side stays out)
    edge = _at_bound(a, lo, hi)
    if not np.any(edge):
        return out
    return np.where(edge & inside, 0.5 * out, out)


def clip_adjoint_dx(dot, g, a, lo, hi):
    """The tangent of :func:`clip_adjoint` from ``a``: zero, but at a bound along
    ``dot != 0`` of ``g != 0`` a jump: refused (as np.maximum's)."""
    edge = _at_bound(a, lo, hi)
    if np.any(edge):
        refuse_kink('np.clip at a bound', edge & (np.asarray(dot) != 0) & (np.asarray(g) != 0))
    return np.zeros(np.broadcast_shapes(np.shape(g), np.shape(a)),
                    dtype=np.result_type(g, a, float))


register_helpers({f.__name__: f for f in (clip_adjoint, clip_adjoint_dx)})


# --- np.std at a constant slice: a norm at 0 ------------------------------------------------
def std_weight(g, ans, n):
    """``g / (n * ans)``, 0 where the std ``ans`` is 0 (a constant slice: srcad takes 0 for
    the norm's derivative at 0, a subgradient)."""
    return g / (n * np.where(ans == 0, np.inf, ans))


def std_weight_dans(dot, g, ans, n):
    """The tangent of :func:`std_weight` from ``ans``; where ``ans`` is 0 and its tangent
    is not (nan: :func:`srcad.rules.elementwise.kinks.std_kink`) of ``g != 0``, refused."""
    zero = np.asarray(ans) == 0
    if np.any(zero):
        refuse_kink('np.std of a constant slice', zero & (np.asarray(dot) != 0)
                    & (np.asarray(g) != 0))
    safe = np.where(zero, np.inf, ans)
    return -g * dot / (n * safe * safe)


register_helpers({f.__name__: f for f in (std_weight, std_weight_dans)})
