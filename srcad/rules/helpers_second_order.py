"""Tangents of the adjoint helpers that are not linear in the values they read.

srcad differentiates its own gradients (``hvp``, ``hessian``) by running the
forward emitter over the generated backward sweep, so every helper an
adjoint template calls needs a tangent rule (:mod:`.forward_second_order`).
Most are linear in ``g`` and only read the shape of the rest; the ones here
also depend smoothly on primal values (``solve_da`` on the matrix, ``eigh_adjoint``
on the eigenvectors, ``uncumprod`` on the factors...).  Each function is the
derivative of the helper of the same stem with respect to one argument,
along ``dot``, the other arguments fixed.  The linear algebra ones are in
:mod:`.helpers_second_order_linalg`.
"""

from __future__ import annotations

import numpy as np

from ..errors import RuntimeCheckError

from ..runtime import AdjointList, expand_reduced, shape_of, unbroadcast, unreduce
from .helpers import _weights_like, is_zero, uncumprod, uncumsum
from .helpers_products import multi_dot_adjoint
from .registry import register_helpers

# --- cumulative products ----------------------------------------------------------------
def uncumprod_tangent(dot, g, a, ans, axis=None, wrt='a'):
    """The tangent of ``uncumprod(g, a, ans, axis)`` from ``a`` (``wrt='a'``) or ``ans``."""
    if axis is None:
        out = uncumprod_tangent(np.ravel(dot), np.ravel(g), np.ravel(a), np.ravel(ans), 0, wrt)
        return np.reshape(out, shape_of(a))
    a = np.asarray(a)
    if np.all(a != 0):   # uncumsum(g * ans) / a
        if wrt == 'ans':
            return uncumsum(g * dot, a, axis) / a
        return -uncumprod(g, a, ans, axis) * dot / a
    if wrt == 'ans':     # with zeros, uncumprod reads only a
        return np.zeros(a.shape, dtype=np.result_type(a, dot, g))
    moved = np.moveaxis(a, axis, -1)
    n = moved.shape[-1]
    i, m, k = np.ogrid[:n, :n, :n]
    # pairs[..., i, m, k] = prod of a[..., j] over j <= k, j not in {i, m}
    pairs = np.cumprod(np.where((k == i) | (k == m), 1, moved[..., None, None, :]), axis=-1)
    use = (k >= i) & (k >= m) & (m != i)
    gm = np.moveaxis(g, axis, -1)[..., None, None, :]
    dm = np.moveaxis(np.broadcast_to(dot, a.shape), axis, -1)[..., None, :, None]
    return np.moveaxis(np.sum(np.where(use, pairs * gm * dm, 0), axis=(-2, -1)), -1, axis)


def uncumulative_prod_tangent(dot, g, x, ans, axis=None, include_initial=False, wrt='x'):
    """The tangent of ``uncumulative_prod(g, x, ans, axis, include_initial)``."""
    axis = 0 if axis is None else axis

    def drop(v):
        return np.delete(v, 0, axis=axis) if include_initial else v
    if wrt == 'ans':
        dot = drop(dot)
    return uncumprod_tangent(dot, drop(g), x, drop(ans), axis, 'a' if wrt == 'x' else 'ans')


# --- weighted averages --------------------------------------------------------------------
def _to_weights(dw, a, axes):
    """The tail of ``average_adjoint``: a full-shape adjoint summed into ``weights``' shape."""
    if axes is None:
        return dw
    dw = np.sum(dw, axis=tuple(i for i in range(np.ndim(a)) if i not in axes), keepdims=True)
    dw = np.reshape(dw, [np.shape(a)[i] for i in sorted(axes)])
    return np.transpose(dw, np.argsort(np.argsort(axes)))


def average_adjoint_tangent(dot, g, a, axis=None, weights=None, returned=False,
                            keepdims=False, which=0, wrt='a'):
    """The tangent of ``average_adjoint(g, a, axis, weights, returned, keepdims, which)``
    from ``a`` or ``weights`` (``wrt``)."""
    if weights is None or wrt == 'a' and which == 0:   # then a's values are not read
        return np.zeros(shape_of(a), dtype=np.result_type(a, dot))
    g_avg = g[0] if returned else g
    w, axes = _weights_like(weights, a, axis)
    wf = np.broadcast_to(w, shape_of(a))
    total = np.sum(wf, axis=axis, keepdims=True)
    ga = unreduce(g_avg, a, axis, keepdims)
    avg = np.sum(a * wf, axis=axis, keepdims=True) / total
    if wrt == 'a':
        d_avg = np.sum(dot * wf, axis=axis, keepdims=True) / total
        return _to_weights(ga * (dot - d_avg) / total, a, axes)
    dwf = np.broadcast_to(_weights_like(dot, a, axis)[0], shape_of(a))
    d_total = np.sum(dwf, axis=axis, keepdims=True)
    if which == 0:
        return ga * (dwf - wf * d_total / total) / total
    d_avg = (np.sum(a * dwf, axis=axis, keepdims=True) - avg * d_total) / total
    return _to_weights(-ga * (d_avg + (a - avg) * d_total / total) / total, a, axes)


# --- products, polynomials and interpolation ------------------------------------------------
def multi_dot_adjoint_tangent(dot, g, arrays):
    """The tangent of ``multi_dot_adjoint(g, arrays)`` from the arrays: the product
    rule over the factors around each array (its own adjoint reads only its shape)."""
    total = AdjointList(np.zeros(np.shape(m), dtype=np.result_type(m, g, float))
                        for m in arrays)
    for j, dj in enumerate(dot):
        if not np.any(dj):
            continue
        part = multi_dot_adjoint(g, list(arrays[:j]) + [dj] + list(arrays[j + 1:]))
        part[j] = 0.0 * part[j]
        total = total + part
    return total


def polyval_dp_tangent(dot, g, p, x):
    """The tangent of ``polyval_dp(g, p, x)`` from ``x``."""
    n = len(p)
    x = np.asarray(x)
    return np.stack([np.sum(g * k * x ** (k - 1) * dot) if k else np.zeros(())
                     for k in range(n - 1, -1, -1)])


def interp_adjoint_tangent(dot, g, x, xp, fp, left=None, right=None, period=None,
                           which='dx', wrt='x'):
    """The tangent of ``interp_<which>(g, x, xp, fp, left, right, period)`` (the adjoint
    helpers of ``np.interp``) from ``x``, ``xp`` or ``fp`` (``wrt``)."""
    if period is not None:
        raise RuntimeCheckError('no derivative for np.interp with period')
    x, xp, fp = np.asarray(x), np.asarray(xp), np.asarray(fp)
    dx = dot if wrt == 'x' else 0.0
    dxp = dot if wrt == 'xp' else np.zeros(xp.shape)
    dfp = dot if wrt == 'fp' else np.zeros(fp.shape)
    i = np.clip(np.searchsorted(xp, x, side='right') - 1, 0, len(xp) - 2)
    h = xp[i + 1] - xp[i]
    t = (x - xp[i]) / h
    slope = (fp[i + 1] - fp[i]) / h
    dh = dxp[i + 1] - dxp[i]
    dt = (dx - dxp[i] - t * dh) / h
    dslope = (dfp[i + 1] - dfp[i] - slope * dh) / h
    inside = (x >= xp[0]) & (x <= xp[-1])
    if which == 'dx':
        return np.where(inside, g * dslope, 0)
    if which == 'dfp':
        g = np.where((left is not None) & (x < xp[0]) | (right is not None) & (x > xp[-1]), 0, g)
        high = g * np.where((t > 0) & (t < 1), dt, 0)
        low = -high
        out = np.zeros(fp.shape, dtype=np.result_type(fp, low, float))
    else:
        g = np.where(inside, g, 0)
        low = g * (dslope * (t - 1) + slope * dt)
        high = -g * (dslope * t + slope * dt)
        out = np.zeros(xp.shape, dtype=np.result_type(xp, low, float))
    np.add.at(out, i, low)
    np.add.at(out, i + 1, high)
    return out


# --- scipy ------------------------------------------------------------------------------
def logsumexp_adjoint_tangent(dot, g, a, ans, axis=None, b=None, keepdims=False,
                              return_sign=False, which=0, wrt='a'):
    """The tangent of ``logsumexp_adjoint(g, a, ans, axis, b, keepdims, return_sign,
    which)`` from ``a``, ``ans`` or ``b``."""
    full = np.broadcast_to(a, np.broadcast_shapes(np.shape(a), np.shape(b)))
    target = a if which == 0 else b
    if return_sign:
        (g, sign), ans = (g[0], ans[1]), ans[0]
        dot = dot[0] if wrt == 'ans' else dot
        if is_zero(g):
            return np.zeros(np.shape(target))
        g = g * sign
    weight = unreduce(g, full, axis, keepdims) * np.exp(
        full - expand_reduced(ans, full, axis, keepdims))
    if wrt == 'b':
        return unbroadcast(weight * dot, a) if which == 0 else np.zeros(np.shape(b))
    d_weight = weight * dot if wrt == 'a' else -weight * expand_reduced(dot, full, axis,
                                                                         keepdims)
    if which == 0:
        return unbroadcast(d_weight if b is None else d_weight * b, a)
    return unbroadcast(d_weight, b)


def power_log_term_dx(dot, g, ans, x, y):
    """The tangent of :func:`~.helpers.power_log_term` ``g * ans * log(x)`` from
    the base ``x``: ``g * ans * dot / x``; zero for an integer exponent, where
    ``g`` is zero and at a zero base (where the term reads ``log 1``)."""
    if isinstance(y, (bool, int, np.integer)) or (
            isinstance(y, np.ndarray) and y.dtype.kind in 'biu'):
        return np.zeros_like(g * ans * dot)[()]
    with np.errstate(invalid='ignore', divide='ignore'):
        term = g * ans * dot / np.where(x == 0, 1, x)
    return np.where((g == 0) | (x == 0), 0.0, term)[()]


HELPERS = {f.__name__: f for f in (
    uncumprod_tangent, uncumulative_prod_tangent, average_adjoint_tangent,
    multi_dot_adjoint_tangent, polyval_dp_tangent, interp_adjoint_tangent,
    logsumexp_adjoint_tangent, power_log_term_dx)}
register_helpers(HELPERS)
