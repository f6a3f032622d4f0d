"""Adjoint and tangent helpers of :mod:`srcad.rules.everyday.rules`: ``np.cov``, ``np.corrcoef``,
``np.polyfit``, ``np.block``, the running extrema ``np.maximum.accumulate`` /
``np.minimum.accumulate`` and ``np.add.at`` (compiled as :func:`add_at_copy`).

``np.cov`` and ``np.corrcoef`` are worked out on numpy's own layout: the
variables as the rows of ``X`` (``m`` transposed when ``rowvar=False``, ``y``
stacked below), weights ``w`` (ones without ``fweights``/``aweights``) and the
normalisation ``fact``, so that ``C = Xc diag(w) Xc^T / fact`` with
``Xc = X - (X w / sum(w)) 1^T``.  The adjoint of ``X`` is then
``(G + G^T) Xc diag(w) / fact`` (the centring drops out: ``Xc w = 0``).
"""

from __future__ import annotations

import numpy as np

from ...errors import RuntimeCheckError
from ...runtime import AdjointList, _zeros_like, unbroadcast
from ...runtime.dtypes import written_no_derivative
from ..elementwise.helpers import float_dtype
from ..registry import register_helpers


# --- np.cov and np.corrcoef --------------------------------------------------------------
def _real_only(*values):
    for v in values:
        if v is not None and np.iscomplexobj(v):
            raise RuntimeCheckError('srcad differentiates np.cov and np.corrcoef of real data only',
                                    hint='split the data into real and imaginary parts')


def _cov_layout(m, y, rowvar, dtype):
    """numpy's ``X`` (variables as rows) and how to map an adjoint of ``X`` back."""
    _real_only(m, y)
    m_arr = np.asarray(m)
    X = np.array(m, ndmin=2, dtype=dtype)
    m_t = not rowvar and m_arr.ndim != 1
    if m_t:
        X = X.T
    rows_m, y_t = X.shape[0], False
    if y is not None:
        Y = np.array(y, ndmin=2, dtype=dtype)
        y_t = not rowvar and Y.shape[0] != 1
        X = np.concatenate((X, Y.T if y_t else Y), axis=0)
    return X, (rows_m, m_t, y_t)


def _cov_weights(X, bias, ddof, fweights, aweights):
    """numpy's weights ``w`` (ones when there are none) and normalisation ``fact``."""
    if ddof is None:
        ddof = 1 if bias == 0 else 0
    n = X.shape[1]
    w = None
    if fweights is not None:
        w = np.asarray(fweights, dtype=float)
    if aweights is not None:
        aw = np.asarray(aweights, dtype=float)
        w = aw if w is None else w * aw
    if w is None:
        fact = n - ddof
        w = np.ones(n)
    else:
        w_sum = np.sum(w)
        if ddof == 0:
            fact = w_sum
        elif aweights is None:
            fact = w_sum - ddof
        else:
            fact = w_sum - ddof * np.sum(w * np.asarray(aweights, dtype=float)) / w_sum
    if fact <= 0:
        raise RuntimeCheckError('np.cov with degrees of freedom <= 0 has no derivative',
                                hint='use more observations or a smaller ddof')
    return w, fact


def _centred(X, w):
    return X - (X @ w / np.sum(w))[:, None]


def _cov_bar_X(G, Xc, w, fact):
    """The adjoint of ``X`` given the adjoint ``G`` of ``C`` (p x p)."""
    return (G + G.T) @ Xc * (w / fact)


def _cov_dot(dX, Xc, w, fact):
    """The tangent of ``C`` along ``dX``."""
    T = _centred(dX, w) @ (Xc * w).T / fact
    return T + T.T


def _split(gX, layout, m, y, which):
    rows_m, m_t, y_t = layout
    if which == 0:
        part, like, t = gX[:rows_m], m, m_t
    else:
        part, like, t = gX[rows_m:], y, y_t
    part = part.T if t else part
    return np.reshape(part, np.shape(like)).astype(float_dtype(like), copy=False)


def _slot(dot, layout, m, y, which, dtype):
    """``dX``: the tangent ``dot`` of ``m`` (which 0) or ``y`` (which 1) laid out like X."""
    dm = np.zeros(np.shape(m)) if which == 1 else dot
    dy = None if y is None else (np.zeros(np.shape(y)) if which == 0 else dot)
    return _lay(dm, dy, layout, dtype)


def _lay(dm, dy, layout, dtype):
    rows_m, m_t, y_t = layout
    X = np.array(dm, ndmin=2, dtype=dtype)
    X = X.T if m_t else X
    if dy is not None:
        Y = np.array(dy, ndmin=2, dtype=dtype)
        X = np.concatenate((X, Y.T if y_t else Y), axis=0)
    return X


def cov_adjoint(g, m, y, rowvar, bias, ddof, fweights, aweights, dtype, which):
    """The adjoint of ``m`` (``which`` 0) or ``y`` (1) of ``np.cov``."""
    X, layout = _cov_layout(m, y, rowvar, dtype)
    w, fact = _cov_weights(X, bias, ddof, fweights, aweights)
    p = X.shape[0]
    G = np.reshape(np.asarray(g, dtype=float), (p, p))
    return _split(_cov_bar_X(G, _centred(X, w), w, fact), layout, m, y, which)


def cov_tangent(dot, m, y, rowvar, bias, ddof, fweights, aweights, dtype, which, ans):
    """The tangent of ``np.cov`` from the tangent ``dot`` of ``m`` (0) or ``y`` (1)."""
    X, layout = _cov_layout(m, y, rowvar, dtype)
    w, fact = _cov_weights(X, bias, ddof, fweights, aweights)
    dX = _slot(dot, layout, m, y, which, dtype)
    return np.reshape(_cov_dot(dX, _centred(X, w), w, fact), np.shape(ans))


def _corr_parts(x, y, rowvar, dtype):
    X, layout = _cov_layout(x, y, rowvar, dtype)
    w, fact = _cov_weights(X, False, None, None, None)
    Xc = _centred(X, w)
    C = Xc @ (Xc * w).T / fact
    d = np.diag(C)
    ss = np.sqrt(np.outer(d, d))
    return X, layout, w, fact, Xc, C, d, ss, C / ss


def _corr_bar_C(G, R, d, ss):
    GR = G * R
    h = (GR.sum(1) + GR.sum(0)) / (2 * d)
    return G / ss - np.diag(h), h


def corrcoef_adjoint(g, x, y, rowvar, dtype, which):
    """The adjoint of ``x`` (``which`` 0) or ``y`` (1) of ``np.corrcoef``
    (``R = C / sqrt(d d^T)`` with ``d = diag(C)``, ``C`` the covariance)."""
    X, layout, w, fact, Xc, C, d, ss, R = _corr_parts(x, y, rowvar, dtype)
    p = X.shape[0]
    if p == 1:   # a single variable: R = 1
        return _split(np.zeros_like(X), layout, x, y, which)
    G = np.reshape(np.asarray(g, dtype=float), (p, p))
    GC, _ = _corr_bar_C(G, R, d, ss)
    return _split(_cov_bar_X(GC, Xc, w, fact), layout, x, y, which)


def corrcoef_tangent(dot, x, y, rowvar, dtype, which, ans):
    """The tangent of ``np.corrcoef`` from the tangent of ``x`` (0) or ``y`` (1)."""
    X, layout, w, fact, Xc, C, d, ss, R = _corr_parts(x, y, rowvar, dtype)
    if X.shape[0] == 1:
        return np.zeros(np.shape(ans))
    dC = _cov_dot(_slot(dot, layout, x, y, which, dtype), Xc, w, fact)
    e = np.diag(dC) / (2 * d)
    dR = dC / ss - R * (e[:, None] + e[None, :])
    return np.reshape(dR, np.shape(ans))


def corrcoef_adjoint_tangent(dot, g, x, y, rowvar, dtype, which, wrt):
    """The tangent of :func:`corrcoef_adjoint` along the tangent ``dot`` of ``x``
    (``wrt`` 0) or ``y`` (1): the adjoint depends on the data through ``C`` and ``X``."""
    X, layout, w, fact, Xc, C, d, ss, R = _corr_parts(x, y, rowvar, dtype)
    p = X.shape[0]
    if p == 1:
        return _split(np.zeros_like(X), layout, x, y, which)
    G = np.reshape(np.asarray(g, dtype=float), (p, p))
    GC, h = _corr_bar_C(G, R, d, ss)
    dX = _slot(dot, layout, x, y, wrt, dtype)
    dXc = _centred(dX, w)
    dC = _cov_dot(dX, Xc, w, fact)
    dd = np.diag(dC)
    e = dd / (2 * d)
    E = e[:, None] + e[None, :]
    dR = dC / ss - R * E
    GdR = G * dR
    dh = (GdR.sum(1) + GdR.sum(0)) / (2 * d) - h * dd / d
    dGC = -G / ss * E - np.diag(dh)
    total = _cov_bar_X(dGC, Xc, w, fact) + _cov_bar_X(GC, dXc, w, fact)
    return _split(total, layout, x, y, which)


# --- np.polyfit: linear in y -------------------------------------------------------------
def _plain_fit(full, cov):
    if full or cov:
        raise RuntimeCheckError('srcad differentiates np.polyfit only with full=False and '
                                'cov=False', hint='call np.polyfit(x, y, deg) for the '
                                'coefficients alone')


def polyfit_adjoint(g, x, y, deg, rcond, full, w, cov):
    """The adjoint of ``y`` of ``np.polyfit(x, y, deg)``: the least-squares fit is
    ``p = P y`` with ``P = np.polyfit(x, I, deg)``, so ``y`` receives ``P^T g``."""
    _plain_fit(full, cov)
    n = len(x)
    P = np.polyfit(x, np.eye(n), deg, rcond=rcond, w=w)
    return (P.T @ np.asarray(g)).astype(float_dtype(y), copy=False)


def polyfit_tangent(dot, x, deg, rcond, full, w, cov):
    """The tangent of ``np.polyfit`` from the tangent of ``y`` (it is linear in ``y``)."""
    _plain_fit(full, cov)
    return np.polyfit(x, dot, deg, rcond=rcond, w=w)


# --- np.block ------------------------------------------------------------------------------
def _depth(node):
    return 1 + _depth(node[0]) if isinstance(node, list) and node else (
        1 if isinstance(node, list) else 0)


def _max_ndim(node):
    return max(map(_max_ndim, node)) if isinstance(node, list) else np.ndim(node)


def unblock(g, arrays):
    """The adjoint of ``np.block(arrays)``: ``g`` cut into the nested blocks (the
    innermost lists were joined along the last axis, the next ones along the one
    before...), each reshaped to its block (lower-dimensional blocks were promoted
    with leading axes of length 1)."""
    g = np.asarray(g)
    depth = _depth(arrays)
    ndim = max(depth, _max_ndim(arrays))

    def shape(node, level):
        if not isinstance(node, list):
            return (1,) * (ndim - np.ndim(node)) + np.shape(node)
        shapes = [shape(c, level + 1) for c in node]
        axis = ndim - depth + level
        out = list(shapes[0])
        out[axis] = sum(s[axis] for s in shapes)
        return tuple(out)

    def split(part, node, level):
        if not isinstance(node, list):
            return np.reshape(part, np.shape(node)).astype(float_dtype(node), copy=False)
        axis = ndim - depth + level
        pieces, start = [], 0
        for child in node:
            size = shape(child, level + 1)[axis]
            index = [slice(None)] * ndim
            index[axis] = slice(start, start + size)
            pieces.append(split(part[tuple(index)], child, level + 1))
            start += size
        return AdjointList(pieces)

    return split(np.reshape(g, shape(arrays, 0)), arrays, 0)


def block_tangent(dot):
    """The tangent of ``np.block(arrays)``: ``np.block`` of the blocks' tangents, their
    nested lists made plain lists (NumPy < 2.3 reads a list subclass, such as a tangent's
    AdjointList, as one array)."""
    def plain(node):
        return [plain(c) for c in node] if isinstance(node, list) else node
    return np.block(plain(dot))


# --- running extrema: np.maximum.accumulate, np.minimum.accumulate --------------------------
def _new_weight(x_i, previous, which):
    """How much of ``maximum(previous, x_i)`` is ``x_i``'s (half at a tie, as np.maximum)."""
    wins = x_i > previous if which == 'max' else x_i < previous
    return wins + 0.5 * (x_i == previous)


def unaccumulate_extreme(g, array, ans, axis=0, which='max'):
    """The adjoint of ``np.maximum.accumulate(array, axis)`` (``which='max'``) or of
    ``np.minimum.accumulate``: ``ans[i] = maximum(ans[i-1], array[i])``, so each
    output's adjoint goes to the element holding the running extreme (shared at ties
    like ``np.maximum``'s)."""
    x = np.moveaxis(np.asarray(array), axis, 0)
    a = np.moveaxis(np.asarray(ans), axis, 0)
    gm = np.moveaxis(np.broadcast_to(np.asarray(g), np.shape(ans)), axis, 0)
    out = np.zeros(x.shape, dtype=np.result_type(float_dtype(array), gm.dtype))
    carry = np.zeros(x.shape[1:], dtype=out.dtype)
    for i in range(x.shape[0] - 1, 0, -1):
        total = gm[i] + carry
        share = _new_weight(x[i], a[i - 1], which)
        out[i] = total * share
        carry = total * (1 - share)
    if x.shape[0]:
        out[0] = gm[0] + carry
    return np.moveaxis(out, 0, axis)


def accumulate_extreme_tangent(dot, array, ans, axis=0, which='max'):
    """The tangent of ``np.maximum.accumulate`` / ``np.minimum.accumulate``."""
    x = np.moveaxis(np.asarray(array), axis, 0)
    a = np.moveaxis(np.asarray(ans), axis, 0)
    d = np.moveaxis(np.broadcast_to(np.asarray(dot), np.shape(array)), axis, 0)
    out = np.zeros(x.shape, dtype=np.result_type(float_dtype(array), d.dtype))
    if x.shape[0]:
        out[0] = d[0]
    for i in range(1, x.shape[0]):
        share = _new_weight(x[i], a[i - 1], which)
        out[i] = share * d[i] + (1 - share) * out[i - 1]
    return np.moveaxis(out, 0, axis)


# --- np.add.at(a, indices, b), compiled as a = add_at_copy(a, indices, b) --------------------
def add_at_copy(a, indices, b):
    """``np.add.at(a, indices, b)`` as a new array (``a`` itself is left alone):
    srcad compiles the in-place call as ``a = add_at_copy(a, indices, b)``."""
    if not isinstance(a, np.ndarray):
        raise RuntimeCheckError(f'srcad supports np.add.at into a numpy array only, not a '
                                f'{type(a).__name__}', hint='make it an array with np.asarray')
    out = a.copy()
    np.add.at(out, indices, b)
    return out


def add_at_db(g, indices, b, ans=None):
    """The adjoint of ``b`` in ``np.add.at(a, indices, b)``: ``g`` at the indices (each
    repeated index reads the same entry), summed down to ``b``'s shape; zero when ``ans``
    holds integers or booleans (NumPy truncated ``b``)."""
    if ans is not None and written_no_derivative(ans, 'np.add.at(a, indices, b)'):
        return _zeros_like(b)
    part = np.asarray(g)[indices]
    if not np.iscomplexobj(b) and np.iscomplexobj(part):
        part = part.real
    return unbroadcast(part, b)


def add_at_tangent(a_dot, indices, b_dot, ans):
    """The tangent of ``add_at_copy(a, indices, b)`` (``ans`` its result): the tangents
    added the same way, or zeros when ``ans`` holds integers or booleans (truncated)."""
    if written_no_derivative(ans, 'np.add.at(a, indices, b)'):
        return np.zeros(np.shape(ans))
    if np.ndim(a_dot) != np.ndim(ans):  # (the zero tangent of a constant array)
        a_dot = np.zeros(np.shape(ans), dtype=np.result_type(ans, b_dot))
    return add_at_copy(a_dot, indices, b_dot)


# --- np.put_along_axis(a, indices, values, axis), compiled as a = put_along_axis_copy(...) ------
def put_along_axis_copy(a, indices, values, axis):
    """``np.put_along_axis(a, indices, values, axis)`` as a new array (``a`` itself is left
    alone).  Refused when it runs: an index written twice (which value NumPy keeps is not
    specified) and floating values written into an integer array (truncated)."""
    if not isinstance(a, np.ndarray):
        raise RuntimeCheckError(f'srcad supports np.put_along_axis into a numpy array only, not a '
                                f'{type(a).__name__}', hint='make it an array with np.asarray')
    ids = np.arange(a.size).reshape(a.shape)
    written = np.take_along_axis(ids, np.asarray(indices), axis)
    if np.unique(written).size < written.size:
        raise RuntimeCheckError('srcad supports np.put_along_axis writing each element once: '
                                'these indices repeat one along the axis',
                                hint='use np.add.at to accumulate, or drop the repeated indices')
    if not np.issubdtype(a.dtype, np.inexact) and np.issubdtype(np.result_type(values),
                                                                np.inexact):
        raise RuntimeCheckError(f'srcad does not differentiate np.put_along_axis of floating '
                                f'values into an array of {a.dtype} (they are truncated)',
                                hint='make the array floating-point first')
    out = a.copy()
    np.put_along_axis(out, indices, values, axis)
    return out


def put_along_axis_da(g, indices, axis):
    """The adjoint of ``a`` in ``put_along_axis_copy(a, indices, values, axis)``: ``g``
    without the elements written over."""
    out = np.array(g, copy=True)
    np.put_along_axis(out, indices, 0, axis)
    return out


def put_along_axis_dvalues(g, indices, values, axis):
    """The adjoint of ``values`` in ``put_along_axis_copy(a, indices, values, axis)``."""
    return unbroadcast(np.take_along_axis(np.asarray(g), np.asarray(indices), axis), values)


register_helpers({f.__name__: f for f in (
    cov_adjoint, cov_tangent, corrcoef_adjoint, corrcoef_tangent, corrcoef_adjoint_tangent,
    polyfit_adjoint, polyfit_tangent, unblock, block_tangent, unaccumulate_extreme,
    accumulate_extreme_tangent, add_at_copy, add_at_db, add_at_tangent, put_along_axis_copy, put_along_axis_da,
    put_along_axis_dvalues)})
