"""Plain-NumPy helpers that forward-mode (tangent) rules call by name.

A tangent rule says what the output's tangent receives from one input's
tangent ``dot``.  Most are one line of NumPy in :mod:`.forward_library`;
the ones here need a few lines: order statistics, cumulative products with
zeros, weighted averages, joins and products of several arrays.

Conventions, matching the reverse rules of :mod:`.numpy` and :mod:`.linalg`:

* A function with several outputs gets a :class:`TangentTuple` (one tangent
  per output, zeros for integer or piecewise-constant outputs); tangents
  from several inputs add entry by entry.
* Ties go where the reverse rules send the adjoint: ``max`` splits equally,
  ``sort`` follows a stable ``argsort``.
* Complex values: the tangent is the plain differential ``df`` (complex),
  so ``real``/``imag``/``abs``/``angle`` take the real part of what they see.

The linear algebra ones are in :mod:`.helpers_tangents_linalg`.
"""

from __future__ import annotations

import numpy as np

from ..errors import RuntimeCheckError

from ..runtime import reduced_size, shape_of, zero_tangent
from .helpers import _weights_like, drop_missing, quantile_adjoint
from .helpers_shapes import returned_item
from .registry import register_helpers

class TangentTuple(tuple):
    """The tangent of a function with several outputs: ``+`` adds entry by entry,
    so the contributions of several varying inputs sum as they must.

    >>> TangentTuple((1.0, 2.0)) + TangentTuple((10.0, 20.0))
    (11.0, 22.0)
    """

    def __add__(self, other):
        if isinstance(other, (int, float)) and other == 0:
            return self
        return TangentTuple(a + b for a, b in zip(self, other))

    __radd__ = __add__


def broadcast_like(dot, ans):
    """``dot`` broadcast to the shape of ``ans``: the tangent an input that was
    broadcast (``x + y`` with ``x`` of shape (3,) and ``y`` of shape (2, 3)) gives.

    >>> broadcast_like(np.ones(2), np.zeros((3, 2))).shape
    (3, 2)
    """
    if isinstance(ans, (list, tuple, dict)):  # a structural sum of container adjoints
        if isinstance(ans, (list, tuple)) and isinstance(dot, (list, tuple)) and \
                len(dot) != len(ans):  # xs + [v]: Python joined the lists
            raise RuntimeCheckError('srcad cannot differentiate joining lists with +',
                                    hint='build the list with append, or use np.concatenate')
        if isinstance(ans, (list, tuple)) and isinstance(dot, (list, tuple)) and any(
                _placeholder(d, a) for d, a in zip(dot, ans)):
            return _filled(dot, ans)
        return dot
    if shape_of(dot) == shape_of(ans):
        return dot
    return np.broadcast_to(dot, shape_of(ans))


def _placeholder(d, a) -> bool:
    """The 0.0 that stands for "no adjoint" in a container's tangent, where the sum itself
    holds an array (an adjoint added from code that does not vary)."""
    return isinstance(d, float) and d == 0.0 and isinstance(a, np.ndarray) and a.ndim > 0


def _filled(dot, ans):
    """``dot`` with each placeholder replaced by zeros shaped like its part of ``ans``
    (code derived from a helper's source reads the parts' shapes: ``diag_embed(gw)``)."""
    parts = [zero_tangent(a) if _placeholder(d, a) else d for d, a in zip(dot, ans)]
    return type(dot)(*parts) if hasattr(dot, '_fields') else type(dot)(parts)


# --- elementwise with several outputs ------------------------------------------------
def divmod_tangent(dot, ans, which=0):
    """The tangent of ``q, r = np.divmod(x, y)`` from ``x`` (``which=0``) or ``y``:
    ``q`` is piecewise constant, ``r = x - q * y``."""
    q, r = ans
    dr = dot if which == 0 else -dot * q
    return TangentTuple((zero_tangent(q), broadcast_like(dr, r)))


# --- reductions ------------------------------------------------------------------
def quantile_tangent(dot, a, q, axis=None, keepdims=False, method='linear', skip_nan=False):
    """The tangent of ``np.quantile(a, q, axis, method=..., keepdims=...)``: the same
    interpolation between order statistics, applied to ``dot`` (``skip_nan`` for
    ``np.nanquantile``)."""
    q = np.asarray(q)
    rest = int(np.size(a) // max(reduced_size(a, axis), 1))
    parts = []
    for qj in q.ravel():
        weights = quantile_adjoint(np.ones(rest), a, qj, axis, keepdims, method, skip_nan)
        parts.append(np.sum(weights * dot, axis=axis, keepdims=keepdims))
    if q.ndim == 0:
        return parts[0]
    return np.reshape(np.stack(parts), q.shape + np.shape(parts[0]))


def percentile_tangent(dot, a, q, axis=None, keepdims=False, method='linear', skip_nan=False):
    """The tangent of ``np.percentile``: :func:`quantile_tangent` with ``q / 100``."""
    return quantile_tangent(dot, a, np.asarray(q) / 100, axis, keepdims, method, skip_nan)


def median_tangent(dot, a, axis=None, keepdims=False, skip_nan=False):
    """The tangent of ``np.median`` (or ``np.nanmedian``)."""
    return quantile_tangent(dot, a, 0.5, axis, keepdims, 'linear', skip_nan)


def nanvar_tangent(dot, a, axis=None, ddof=0, keepdims=False):
    """The tangent of ``np.nanvar(a, axis, ddof=ddof, keepdims=keepdims)``."""
    centered = a - np.nanmean(a, axis=axis, keepdims=True)
    count = np.sum(~np.isnan(a), axis=axis, keepdims=keepdims)
    return 2 * np.nansum(dot * centered, axis=axis, keepdims=keepdims) / (count - ddof)


def average_tangent(dot, a, ans, axis=None, weights=None, returned=False, keepdims=False,
                    which=0):
    """The tangent of ``np.average(a, axis, weights, returned, keepdims=...)`` from
    ``a`` (``which=0``) or from ``weights``."""
    avg = ans[0] if returned else ans
    if weights is None:
        d_avg, d_total = np.mean(dot, axis=axis, keepdims=keepdims), None
    else:
        w = np.broadcast_to(_weights_like(weights, a, axis)[0], shape_of(a))
        total = np.sum(w, axis=axis, keepdims=keepdims)
        if which == 0:
            d_avg = np.sum(dot * w, axis=axis, keepdims=keepdims) / total
            d_total = None
        else:
            dw = np.broadcast_to(_weights_like(dot, a, axis)[0], shape_of(a))
            d_total = np.sum(dw, axis=axis, keepdims=keepdims)
            d_avg = (np.sum(a * dw, axis=axis, keepdims=keepdims) - avg * d_total) / total
    if not returned:
        return d_avg
    return TangentTuple((d_avg, zero_tangent(ans[1]) if d_total is None else d_total))


# --- cumulative --------------------------------------------------------------------
def cumprod_tangent(dot, a, ans, axis=None):
    """The tangent of ``ans = np.cumprod(a, axis)``, exact where ``a`` holds zeros."""
    if axis is None:
        flat = np.ravel(a)
        return cumprod_tangent(np.ravel(np.broadcast_to(dot, np.shape(a))), flat,
                               np.ravel(ans), 0)
    a = np.asarray(a)
    dot = np.broadcast_to(dot, a.shape)
    if np.all(a != 0):
        return ans * np.cumsum(dot / a, axis=axis)
    moved = np.moveaxis(a, axis, -1)
    n = moved.shape[-1]
    # others[..., i, k] = prod of a[..., j] over j <= k, j != i
    others = np.cumprod(np.where(np.eye(n, dtype=bool), 1, moved[..., None, :]), axis=-1)
    dm = np.moveaxis(dot, axis, -1)[..., :, None]
    return np.moveaxis(np.sum(np.triu(others) * dm, axis=-2), -1, axis)


def cumulative_prod_tangent(dot, x, ans, axis=None, include_initial=False):
    """The tangent of ``np.cumulative_prod(x, axis=..., include_initial=...)``."""
    axis = 0 if axis is None else axis
    core = np.delete(ans, 0, axis=axis) if include_initial else ans
    out = cumprod_tangent(dot, x, core, axis)
    if include_initial:
        edge = list(np.shape(out))
        edge[axis] = 1
        out = np.concatenate([np.zeros(edge, dtype=out.dtype), out], axis=axis)
    return out


def diff_tangent(dot, which, a, n=1, axis=-1, prepend=None, append=None):
    """What ``which`` (``'a'``, ``'prepend'`` or ``'append'``) of
    ``np.diff(a, n, axis, prepend, append)`` gives its tangent: ``np.diff`` is
    linear, so it is ``np.diff`` of that tangent with zeros for the others."""
    parts = {'a': a, 'prepend': prepend, 'append': append}
    parts = {k: None if v is None else dot if k == which else zero_tangent(v)
             for k, v in parts.items()}
    edges = {k: parts[k] for k in ('prepend', 'append') if parts[k] is not None}
    return np.diff(parts['a'], n, axis, **edges)


# --- reordering and picking ----------------------------------------------------------
def permute_tangent(dot, a, ans, axis=-1):
    """The tangent of a function that reorders ``a`` along ``axis`` into ``ans``
    (``np.sort``, ``np.partition``): each element's tangent moves with it."""
    if axis is None:
        return permute_tangent(np.ravel(np.broadcast_to(dot, np.shape(a))), np.ravel(a), ans, 0)
    a = np.asarray(a)
    dot = np.broadcast_to(dot, a.shape)
    source = np.argsort(a, axis=axis, kind='stable')
    target = np.argsort(ans, axis=axis, kind='stable')
    out = np.zeros(np.shape(ans), dtype=np.result_type(dot, float))
    np.put_along_axis(out, target, np.take_along_axis(dot, source, axis=axis), axis=axis)
    return out


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


# --- products ----------------------------------------------------------------------
def einsum_tangent(dot, subscripts, k, operand0, operand1=None, operand2=None, operand3=None,
                   operand4=None, operand5=None):
    """``np.einsum(subscripts, *operands)`` with operand ``k`` replaced by ``dot``:
    what operand ``k``'s tangent gives (einsum is linear in each operand).  In the
    sublist form ``subscripts`` is the first operand (``k == -1``)."""
    if not isinstance(subscripts, str):
        slots = drop_missing((subscripts, operand0, operand1, operand2, operand3, operand4,
                              operand5))
        slots[k + 1] = dot
        return np.einsum(*slots)
    operands = drop_missing((operand0, operand1, operand2, operand3, operand4, operand5))
    operands[k] = dot
    return np.einsum(subscripts, *operands)


def multi_dot_tangent(dot, arrays, ans):
    """The tangent of ``np.linalg.multi_dot(arrays)``: the product rule, one term per
    array whose tangent is not zero."""
    total = None
    for j, dj in enumerate(dot):
        if not np.any(dj):
            continue
        term = np.linalg.multi_dot(list(arrays[:j]) + [dj] + list(arrays[j + 1:]))
        total = term if total is None else total + term
    return zero_tangent(ans) if total is None else total


# --- scipy --------------------------------------------------------------------------
def logsumexp_tangent(dot, a, ans, axis=None, b=None, keepdims=False, return_sign=False,
                      which=0):
    """The tangent of ``scipy.special.logsumexp(a, axis, b, keepdims, return_sign)``
    from ``a`` (``which=0``) or ``b``: ``d log|S| = dS / S`` with ``S = sum(b exp(a))``."""
    from ..runtime import expand_reduced
    full = np.broadcast_to(a, np.broadcast_shapes(np.shape(a), np.shape(b)))
    value, sign = (ans[0], ans[1]) if return_sign else (ans, 1.0)
    weight = np.exp(full - expand_reduced(value, full, axis, keepdims))
    if which == 0 and b is not None:
        weight = weight * b
    d = np.sum(weight * dot, axis=axis, keepdims=keepdims) * sign
    return TangentTuple((d, zero_tangent(sign))) if return_sign else d


def copy_tangent(dot, ans, order='K', subok=False):
    """The tangent of ``ans = np.copy(a)`` or ``ans = a.copy()``: a dict or list
    that ``.copy()`` kept a dict or list has its tangent copied the same way."""
    if isinstance(ans, (dict, list)) and isinstance(dot, (dict, list)):
        return type(dot)(dot)
    return np.copy(dot, order=order, subok=subok)


HELPERS = {f.__name__: f for f in (
    TangentTuple, copy_tangent, broadcast_like, divmod_tangent, quantile_tangent, percentile_tangent,
    median_tangent, nanvar_tangent, average_tangent, cumprod_tangent,
    cumulative_prod_tangent, diff_tangent, permute_tangent, extreme_tangent, unique_tangent,
    interp_xp_tangent, pad_tangent, broadcast_arrays_tangent, meshgrid_tangent, einsum_tangent,
    multi_dot_tangent, logsumexp_tangent)}
register_helpers(HELPERS)
