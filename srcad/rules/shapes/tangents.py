"""Tangent helpers of the functions that reorder, pick, pad or copy elements."""

from __future__ import annotations

import numpy as np

from ...errors import RuntimeCheckError
from ...runtime import zero_tangent
from ..elementwise.helpers import drop_missing
from .helpers import returned_item
from ..registry import register_helpers
from ..tangents import TangentTuple


def extreme_tangent(dot, ans, k, a, b=None, c=None, d=None):
    """The tangent builtin ``max(*args)``/``min(*args)`` receives from argument ``k``:
    shared equally by the arguments (or items of one iterable) equal to ``ans``."""
    args = drop_missing((a, b, c, d))
    if len(args) == 1:
        items = args[0]
        if isinstance(items, np.ndarray):
            hit = items == ans
            return np.sum(np.where(hit, dot, 0)) / np.sum(hit)
        items = list(items)
        if isinstance(ans, (tuple, list)) or np.ndim(ans):  # pairs, arrays: the item returned
            return dot[returned_item(items, ans)]
        hits = [item == ans for item in items]
        return sum(t for t, h in zip(dot, hits) if h) / sum(hits)
    hits = [x == ans for x in args]
    return dot / sum(hits) if hits[k] else 0.0 * dot


def unique_tangent(dot, ar, ans, return_index=False, return_inverse=False,
                   return_counts=False, axis=None):
    """The tangent of ``np.unique(ar)``'s values: the mean tangent of the elements
    equal to each value (the index/inverse/count outputs are constant)."""
    if axis is not None:
        raise RuntimeCheckError('no derivative for np.unique with axis')
    _, inverse, counts = np.unique(np.ravel(ar), return_inverse=True, return_counts=True)
    values = np.zeros(len(counts), dtype=np.result_type(dot, float))
    np.add.at(values, np.ravel(inverse), np.ravel(np.broadcast_to(dot, np.shape(ar))))
    values = values / counts
    if not (return_index or return_inverse or return_counts):
        return values
    return TangentTuple((values,) + tuple(zero_tangent(x) for x in ans[1:]))


def interp_xp_tangent(dot, x, xp, fp, left=None, right=None, period=None):
    """The tangent of ``np.interp(x, xp, fp)`` from the knots ``xp``."""
    if period is not None:
        raise RuntimeCheckError('no derivative for np.interp with period')
    i = np.clip(np.searchsorted(xp, x, side='right') - 1, 0, len(xp) - 2)
    h = xp[i + 1] - xp[i]
    t = (x - xp[i]) / h
    slope = (fp[i + 1] - fp[i]) / h
    inside = (x >= xp[0]) & (x <= xp[-1])
    return np.where(inside, slope * ((t - 1) * dot[i] - t * dot[i + 1]), 0)


def pad_tangent(dot, pad_width, mode='constant', stat_length=None, reflect_type='even'):
    """The tangent of ``np.pad(array, pad_width, mode, ...)``: constants pad with
    zeros, copying modes copy the tangent, ramps ramp to zero (``'empty'``: refused,
    its padding is whatever the memory held)."""
    if mode == 'constant':
        return np.pad(dot, pad_width)
    if mode in ('edge', 'wrap'):
        return np.pad(dot, pad_width, mode)
    if mode in ('reflect', 'symmetric'):
        return np.pad(dot, pad_width, mode, reflect_type=reflect_type)
    if mode == 'linear_ramp':
        return np.pad(dot, pad_width, mode, end_values=0)
    if mode == 'mean':
        return np.pad(dot, pad_width, mode, stat_length=stat_length)
    raise RuntimeCheckError(f'no derivative for np.pad with mode={mode!r}')


def broadcast_arrays_tangent(dot, k, a, b=None, c=None, d=None):
    """What argument ``k`` of ``np.broadcast_arrays(a, b, ...)`` gives its outputs'
    tangents: its own tangent broadcast, zeros for the others."""
    args = drop_missing((a, b, c, d))
    shape = np.broadcast_shapes(*(np.shape(x) for x in args))
    return TangentTuple(np.broadcast_to(dot, shape) if i == k else
                        np.zeros(shape, dtype=np.result_type(dot, float))
                        for i in range(len(args)))


def meshgrid_tangent(dot, k, x0, x1=None, x2=None, x3=None, copy=True, sparse=False,
                     indexing='xy'):
    """What input ``k`` of ``np.meshgrid(x0, x1, ...)`` gives the grids' tangents:
    its grid built from its tangent, zeros for the other grids."""
    args = drop_missing((x0, x1, x2, x3))
    parts = [dot if i == k else np.zeros(np.shape(x), dtype=np.result_type(dot, float))
             for i, x in enumerate(args)]
    return TangentTuple(np.meshgrid(*parts, copy=True, sparse=sparse, indexing=indexing))


def copy_tangent(dot, ans, order='K', subok=False):
    """The tangent of ``ans = np.copy(a)`` or ``ans = a.copy()``: a dict or list
    that ``.copy()`` kept a dict or list has its tangent copied the same way."""
    if isinstance(ans, (dict, list)) and isinstance(dot, (dict, list)):
        return type(dot)(dot)
    return np.copy(dot, order=order, subok=subok)


HELPERS = {f.__name__: f for f in (
    copy_tangent, extreme_tangent, unique_tangent, interp_xp_tangent, pad_tangent,
    broadcast_arrays_tangent, meshgrid_tangent)}
register_helpers(HELPERS)
