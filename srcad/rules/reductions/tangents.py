"""Tangent helpers of reductions, order statistics and cumulative functions."""

from __future__ import annotations

import numpy as np

from ...runtime import reduced_size, shape_of, zero_tangent
from .helpers import _weights_like, quantile_adjoint
from .ties import tie_tangent
from ..registry import register_helpers
from ..tangents import TangentTuple


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
    (``np.sort``, ``np.partition``): each element's tangent moves with it (at a tie the
    direction breaks, the tie's mean, or nan in second order: :mod:`.ties`)."""
    if axis is None:
        return permute_tangent(np.ravel(np.broadcast_to(dot, np.shape(a))), np.ravel(a), ans, 0)
    a = np.asarray(a)
    dot = np.broadcast_to(dot, a.shape)
    source = np.argsort(a, axis=axis, kind='stable')
    target = np.argsort(ans, axis=axis, kind='stable')
    out = np.zeros(np.shape(ans), dtype=np.result_type(dot, float))
    ranked = np.take_along_axis(dot, source, axis=axis)
    ranked = tie_tangent(ranked, ranked, np.take_along_axis(a, source, axis=axis), axis)
    np.put_along_axis(out, target, ranked, axis=axis)
    return out


HELPERS = {f.__name__: f for f in (
    quantile_tangent, percentile_tangent, median_tangent, nanvar_tangent, average_tangent,
    cumprod_tangent, cumulative_prod_tangent, diff_tangent, permute_tangent)}
register_helpers(HELPERS)
