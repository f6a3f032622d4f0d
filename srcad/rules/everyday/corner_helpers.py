"""Helpers of :mod:`srcad.rules.everyday.corners`: ``np.r_`` / ``np.c_``, ``np.vander``,
``np.linalg.eig`` / ``eigvals``, ``np.linalg.cond``, ``np.real_if_close``, ``np.histogram``."""

from __future__ import annotations

import numpy as np

from ...errors import RuntimeCheckError
from ...runtime import AdjointList
from ..elementwise.helpers import float_dtype


# --- np.r_[...] and np.c_[...] -----------------------------------------------------------------
def r_concat(items):
    """``np.r_[items]``: srcad compiles ``np.r_[a, b, 0:3]`` as ``r_concat((a, b, slice(0, 3)))``."""
    return np.r_[tuple(items)]


def c_concat(items):
    """``np.c_[items]``, compiled like :func:`r_concat`."""
    return np.c_[tuple(items)]


_CONCAT = {'r': np.r_, 'c': np.c_}
r_concat.srcad_public_name = 'np.r_[...]'
c_concat.srcad_public_name = 'np.c_[...]'


def _marks(items, which):
    """``np.r_`` / ``np.c_`` run on each item's flat positions (offset past the items
    before it); slices and directives, which carry no derivative, mark -1."""
    if any(isinstance(it, str) for it in items):
        raise RuntimeCheckError(f'no derivative for np.{which}_[...] with a string directive')
    marks, offset = [], 0
    for it in items:
        if isinstance(it, slice):
            marks.append(np.full(len(_CONCAT[which][it]), -1))
            continue
        size = np.size(it)
        marks.append(np.reshape(np.arange(offset, offset + size), np.shape(it)))
        offset += size
    return np.asarray(_CONCAT[which][tuple(marks)]), offset


def index_concat_adjoint(g, items, which):
    """The adjoints of the items of ``np.r_[items]`` (``which='r'``) or ``np.c_[items]``."""
    marks, total = _marks(items, which)
    g = np.asarray(g)
    flat = np.zeros(total, dtype=np.result_type(g, 1.0))
    keep = marks >= 0
    np.add.at(flat, marks[keep], np.broadcast_to(g, marks.shape)[keep])
    out, offset = [], 0
    for it in items:
        if isinstance(it, slice):
            out.append(0.0)   # "no adjoint"
            continue
        size = np.size(it)
        part = np.reshape(flat[offset:offset + size], np.shape(it))
        out.append(part.astype(np.result_type(float_dtype(it), g), copy=False))
        offset += size
    return AdjointList(out)


def index_concat_tangent(dot, items, which):
    """The tangent of ``np.r_[items]`` / ``np.c_[items]``: the same joining of the items'
    tangents (zeros for slices and for items that do not vary)."""
    dots = list(dot) if isinstance(dot, (list, tuple)) else [None] * len(items)
    parts = []
    for it, d in zip(items, dots):
        if isinstance(it, slice):
            parts.append(np.zeros(len(_CONCAT[which][it])))
        elif d is None or np.shape(d) != np.shape(it):
            parts.append(np.zeros(np.shape(it), dtype=np.result_type(float_dtype(it))) if
                         d is None or np.ndim(d) == 0 and not np.any(d) else
                         np.broadcast_to(d, np.shape(it)))
        else:
            parts.append(d)
    return _CONCAT[which][tuple(parts)]


# --- np.vander ----------------------------------------------------------------------------------
def vander_slopes(x, N=None, increasing=False, order=1):
    """The ``order``-th derivative of each column of ``np.vander(x, N, increasing)``:
    column ``x ** p`` gives ``p (p - 1) ... (p - order + 1) x ** (p - order)``."""
    x = np.asarray(x)
    n = len(x) if N is None else N
    powers = np.arange(n) if increasing else np.arange(n - 1, -1, -1)
    coef = np.ones(n)
    for k in range(order):
        coef = coef * (powers - k)
    return np.where(powers >= order, coef * x[:, None] ** np.maximum(powers - order, 0), 0.0)


HELPERS = {f.__name__: f for f in (index_concat_adjoint, index_concat_tangent,
                                   vander_slopes)}


# --- np.i0 without SciPy -------------------------------------------------------------------------
def bessel_i1(x):
    """The modified Bessel function I1 (``np.i0``'s derivative), from SciPy when it is
    installed, else from its power series (ample for the arguments ``np.i0`` is used at)."""
    try:
        from scipy.special import i1
        return i1(x)
    except ImportError:  # pragma: no cover
        x = np.asarray(x, dtype=float)
        term, total = x / 2.0, x / 2.0
        for k in range(1, 200):
            term = term * (x / 2.0) ** 2 / (k * (k + 1))
            total = total + term
        return total


def bessel_i1_slope(x):
    """``I1'(x) = I0(x) - I1(x) / x`` (``1/2`` at 0)."""
    x = np.asarray(x, dtype=float)
    safe = np.where(x == 0, 1.0, x)
    return np.where(x == 0, 0.5, np.i0(x) - bessel_i1(safe) / safe)


# --- np.linalg.eig, eigvals ------------------------------------------------------------------------
def _gaps(w):
    """``F[i, j] = 1 / (w[j] - w[i])`` off the diagonal, 0 on it."""
    d = w[..., None, :] - w[..., :, None]
    n = w.shape[-1]
    eye = np.eye(n, dtype=bool)
    if np.any(np.abs(d[..., ~eye]) <= 1e-12 * max(1.0, float(np.max(np.abs(w))))):
        raise RuntimeCheckError('no derivative for the eigenvectors of np.linalg.eig at '
                                'repeated eigenvalues')
    # (complex conjugate pairs are distinct)
    return np.where(eye, 0, 1 / np.where(eye, 1, d))


def _mT(x):
    return np.swapaxes(x, -1, -2)


def eig_adjoint(g, a, result):
    """The adjoint of ``a`` in ``w, v = np.linalg.eig(a)`` (``g = (g_w, g_v)``, ``0.0``:
    no adjoint).  ``M = V^-1 dA V`` gives ``dw = diag(M)`` and ``dv = V (F * M)``
    with unit columns kept unit; so ``a``'s adjoint is ``V^-T (diag(g_w) + F * (V^T
    P(g_v))) V^T``, ``P`` removing each column's component along its own ``v``.  The
    eigenvectors of complex eigenvalues (whose phase LAPACK picks) are refused."""
    if isinstance(result, tuple) or hasattr(result, 'eigenvalues'):
        w, v = result
        gw, gv = (g if isinstance(g, (tuple, list)) else (g, 0.0))
    else:                                     # np.linalg.eigvals: the eigenvalues only
        w, v = eig_basis(a)
        gw, gv = g, 0.0
    vinv = np.linalg.inv(v)
    inner = np.zeros(np.shape(v), dtype=np.result_type(v, 1.0))
    if not (type(gw) is float and gw == 0.0):
        inner = inner + np.asarray(gw)[..., None] * np.eye(w.shape[-1])
    if not (type(gv) is float and gv == 0.0):
        if np.iscomplexobj(w) and np.any(np.imag(w) != 0):
            raise RuntimeCheckError('no derivative for the eigenvectors of np.linalg.eig '
                                    'with complex eigenvalues (their phase is arbitrary); '
                                    'use the eigenvalues, or np.linalg.eigh for a '
                                    'symmetric matrix')
        gv = np.asarray(gv)
        gv = gv - v * np.sum(v * gv, axis=-2, keepdims=True)
        inner = inner + _gaps(w) * (_mT(v) @ gv)
    out = _mT(vinv) @ inner @ _mT(v)
    return np.real(out) if not np.iscomplexobj(a) else out


def eig_tangent(dot, a, result):
    """``(dw, dv)`` of ``np.linalg.eig`` along ``dot`` (``dv`` only for real eigenvalues)."""
    w, v = result
    m = np.linalg.inv(v) @ dot @ v
    dw = np.diagonal(m, axis1=-2, axis2=-1)
    if np.iscomplexobj(w) and np.any(np.imag(w) != 0):
        raise RuntimeCheckError('no derivative for the eigenvectors of np.linalg.eig with '
                                'complex eigenvalues (their phase is arbitrary)')
    dv = v @ (_gaps(w) * m)
    dv = dv - v * np.sum(v * dv, axis=-2, keepdims=True)
    if not np.iscomplexobj(dot) and not np.iscomplexobj(w):
        dw, dv = np.real(dw), np.real(dv)
    from ..tangents import TangentTuple
    return TangentTuple((dw, dv))


def eig_basis(a):
    """``np.linalg.eig(a)`` inside :func:`eig_adjoint` for ``eigvals``, where any scaling
    of the eigenvectors gives the same adjoint: its tangent (:func:`eig_basis_tangent`)
    leaves the scaling alone, complex eigenvalues included."""
    return np.linalg.eig(a)


def eig_basis_tangent(dot, a, result):
    w, v = result
    m = np.linalg.inv(v) @ dot @ v
    from ..tangents import TangentTuple
    return TangentTuple((np.diagonal(m, axis1=-2, axis2=-1), v @ (_gaps(w) * m)))


def eigvals_tangent(dot, a):
    w, v = np.linalg.eig(a)
    return np.diagonal(np.linalg.inv(v) @ dot @ v, axis1=-2, axis2=-1)


# --- np.linalg.cond ---------------------------------------------------------------------------------
def cond_adjoint(g, x, p=None):
    """The adjoint of ``x`` in ``np.linalg.cond(x, p)`` for the 2-norm (``p`` None,
    2 or -2): ``s_max / s_min`` from the extreme singular triplets."""
    if p not in (None, 2, -2):
        raise RuntimeCheckError(f'no derivative for np.linalg.cond with p={p!r} '
                                f'(the 2-norm condition number, p=None, has one)')
    u, s, vt = np.linalg.svd(x, full_matrices=False)
    hi, lo = s[..., 0], s[..., -1]
    dhi = u[..., :, :1] @ vt[..., :1, :]
    dlo = u[..., :, -1:] @ vt[..., -1:, :]
    if p == -2:
        grad = dlo / hi[..., None, None] - (lo / hi ** 2)[..., None, None] * dhi
    else:
        grad = dhi / lo[..., None, None] - (hi / lo ** 2)[..., None, None] * dlo
    return np.asarray(g)[..., None, None] * grad


def cond_tangent(dot, x, p):
    return np.sum(cond_adjoint(1.0, x, p) * dot, axis=(-2, -1))


HELPERS.update({f.__name__: f for f in (bessel_i1, bessel_i1_slope, eig_adjoint, eig_tangent,
                                        eigvals_tangent, cond_adjoint, cond_tangent, eig_basis_tangent)})


# --- np.histogram ---------------------------------------------------------------------------------
def _histogram_parts(a, bins, range_, density, weights):
    """What the derivative of ``np.histogram`` needs: each element's bin (-1 outside),
    the raw bin sums, the edges, and whether the edges move with ``a``'s extremes."""
    if isinstance(bins, str):
        raise RuntimeCheckError(f'no derivative for np.histogram with bins={bins!r} '
                                f'(an estimator of the bin width); pass a number of bins')
    a = np.ravel(np.asarray(a, dtype=float))
    weights = None if weights is None else np.ravel(weights)
    hist, edges = np.histogram(a, bins=bins, range=range_, weights=weights)
    which = np.searchsorted(edges, a, side='right') - 1
    which = np.where(a == edges[-1], len(edges) - 2, which)
    which = np.where((a < edges[0]) | (a > edges[-1]), -1, which)
    moving = np.ndim(bins) == 0 and range_ is None and a.size > 0
    return which, np.asarray(hist, dtype=float), edges, moving


def histogram_adjoint(g, a, bins=10, range=None, density=None, weights=None, param='a'):
    """The adjoint of ``a`` or ``weights`` in ``hist, edges = np.histogram(a, bins, ...)``.

    Which bin an element falls in is piecewise constant; what moves: the bin sums with
    the weights, and, when ``bins`` is a count and ``range`` is None, the edges (and so
    the density's bin widths) with ``a``'s minimum and maximum."""
    which, raw, edges, moving = _histogram_parts(a, bins, range, density, weights)
    gh, ge = g if isinstance(g, (tuple, list)) else (g, 0.0)
    gh = np.zeros(len(raw)) if type(gh) is float and gh == 0.0 else np.asarray(gh, dtype=float)
    ge = np.zeros(len(edges)) if type(ge) is float and ge == 0.0 else np.array(ge, dtype=float)
    graw = gh
    if density:
        width, total = np.diff(edges), np.sum(raw)
        graw = gh / (total * width) - np.sum(gh * raw / (total ** 2 * width))
        gw = -gh * raw / (total * width ** 2)
        ge[1:] += gw
        ge[:-1] -= gw
    if param == 'weights':
        if weights is None:
            return None
        return np.reshape(np.where(which >= 0, graw[np.maximum(which, 0)], 0.0), np.shape(weights))
    out = np.zeros(np.size(a))
    if moving:
        k = np.arange(len(edges)) / (len(edges) - 1)
        flat = np.ravel(np.asarray(a, dtype=float))
        out[np.argmin(flat)] += np.sum(ge * (1 - k))
        out[np.argmax(flat)] += np.sum(ge * k)
    return np.reshape(out, np.shape(a))


def histogram_tangent(dot, a, bins=10, range=None, density=None, weights=None, param='a'):
    """``(d hist, d edges)`` of ``np.histogram`` along ``dot`` (the tangent of ``param``)."""
    which, raw, edges, moving = _histogram_parts(a, bins, range, density, weights)
    draw, dedges = np.zeros(len(raw)), np.zeros(len(edges))
    if param == 'weights':
        inside = which >= 0
        np.add.at(draw, which[inside], np.ravel(dot)[inside])
    elif moving:
        flat = np.ravel(np.asarray(a, dtype=float))
        lo, hi = np.ravel(dot)[np.argmin(flat)], np.ravel(dot)[np.argmax(flat)]
        k = np.arange(len(edges)) / (len(edges) - 1)
        dedges = lo * (1 - k) + hi * k
    dhist = draw
    if density:
        width, total = np.diff(edges), np.sum(raw)
        dwidth = np.diff(dedges)
        dhist = (draw / (total * width) - raw * np.sum(draw) / (total ** 2 * width)
                 - raw * dwidth / (total * width ** 2))
    from ..tangents import TangentTuple
    return TangentTuple((dhist, dedges))




HELPERS.update({f.__name__: f for f in (histogram_adjoint, histogram_tangent)})
