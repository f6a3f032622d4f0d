"""Plain-NumPy helpers for ``scipy.linalg.eigh(a, b, ...)``, standard or generalized
(``type=1``: ``a v = w b v`` with ``v.T b v = I``), all eigenpairs or a subset:
the adjoint, the tangent, and the tangent of the adjoint (what ``hvp`` runs).

Distinct eigenvalues and real input assumed, as for ``np.linalg.eigh``; both
matrices are read from one triangle, so the adjoints live in that triangle.
A subset's derivative is the full decomposition's, restricted (the selection
is locally constant).
"""

from __future__ import annotations

import numpy as np

from ...errors import RuntimeCheckError
from ..elementwise.helpers import is_zero
from ..linalg.helpers import diag_embed, mT, onto_triangle
from ..tangents import TangentTuple
from ..linalg.tangents import _gap_inverse, symmetric_from_triangle
from .linalg_helpers import _real, _sla


# --- eigh, standard and generalized (B v = ... with v.T B v = I) --------------------------
def _eigh_full(ans, a, b, lower, eigvals_only, type, subset_by_index, subset_by_value):
    """All eigenpairs ``(w, v)`` and the indices ``idx`` of those returned (None: all)."""
    if b is not None and type != 1:
        raise RuntimeCheckError(f'srcad differentiates the generalized eigh(a, b) with type=1 '
                                f'only (got type={type})',
                                hint='for a @ b @ v = w v (type 2) or b @ a @ v = w v (type 3), '
                                     'reduce to a standard eigh with L = cholesky(b)')
    _real('scipy.linalg.eigh', a, b)
    if subset_by_index is None and subset_by_value is None and not eigvals_only:
        return ans[0], ans[1], None
    w, v = _sla().eigh(a, b, lower=lower)
    idx = None
    if subset_by_index is not None:
        lo, hi = (int(i) for i in subset_by_index)
        idx = np.arange(lo, hi + 1)
    elif subset_by_value is not None:
        lo, hi = subset_by_value
        idx = np.flatnonzero((w > lo) & (w <= hi))
    if not eigvals_only and idx is not None:
        v = np.array(v)
        v[..., idx] = ans[1]  # the returned vectors, signs and all
    return w, v, idx


def _full_g(g, w, v, idx, eigvals_only):
    """``(gw, gv)`` for all eigenpairs (zeros where nothing flows)."""
    gw, gv = (g, 0.0) if eigvals_only else g
    full_w, full_v = np.zeros(np.shape(w)), np.zeros(np.shape(v))
    sel = Ellipsis if idx is None else (Ellipsis, idx)
    if not is_zero(gw):
        full_w[sel] = gw
    if not is_zero(gv):
        full_v[sel] = gv
    return full_w, full_v


def _inner(gw, gv, w, v):
    """``gC``, ``gD``: the adjoints of ``v.T dA v`` and ``v.T dB v``, and ``F * v.T gv``."""
    h = _gap_inverse(w) * (mT(v) @ gv)
    g_c = diag_embed(gw) + h
    g_d = -diag_embed(gw * w) - h * w[..., None, :] - 0.5 * diag_embed(
        np.diagonal(mT(v) @ gv, axis1=-2, axis2=-1))
    return g_c, g_d


def eigh_ab_adjoint(g, ans, a, b=None, lower=True, eigvals_only=False, type=1,
                       subset_by_index=None, subset_by_value=None, which=0):
    """The adjoint of ``a`` (``which=0``) or ``b`` in ``scipy.linalg.eigh(a, b, ...)``,
    all eigenpairs or a subset: ``v gC v.T`` (``v gD v.T`` for ``b``), in the triangle read."""
    w, v, idx = _eigh_full(ans, a, b, lower, eigvals_only, type, subset_by_index,
                           subset_by_value)
    g_c, g_d = _inner(*_full_g(g, w, v, idx, eigvals_only), w, v)
    return onto_triangle(v @ (g_c if which == 0 else g_d) @ mT(v), lower)


def _eigh_moves(dot, w, v, lower, which):
    """``dw``, ``dv`` of all eigenpairs when ``a`` (``which=0``) or ``b`` moves by ``dot``."""
    inner = mT(v) @ symmetric_from_triangle(dot, lower) @ v
    if which == 0:
        c, d = inner, np.zeros_like(inner)
    else:
        c, d = np.zeros_like(inner), inner
    dw = np.diagonal(c, axis1=-2, axis2=-1) - w * np.diagonal(d, axis1=-2, axis2=-1)
    omega = _gap_inverse(w) * (c - d * w[..., None, :]) - 0.5 * diag_embed(
        np.diagonal(d, axis1=-2, axis2=-1))
    return dw, v @ omega


def eigh_ab_tangent(dot, ans, a, b=None, lower=True, eigvals_only=False, type=1,
                       subset_by_index=None, subset_by_value=None, which=0):
    """The tangent of ``scipy.linalg.eigh(a, b, ...)`` from ``a`` or ``b``."""
    w, v, idx = _eigh_full(ans, a, b, lower, eigvals_only, type, subset_by_index,
                           subset_by_value)
    dw, dv = _eigh_moves(dot, w, v, lower, which)
    if idx is not None:
        dw, dv = dw[..., idx], dv[..., idx]
    return dw if eigvals_only else TangentTuple((dw, dv))


def eigh_ab_adjoint_tangent(dot, g, ans, a, b=None, lower=True, eigvals_only=False, type=1,
                               subset_by_index=None, subset_by_value=None, which=0, moved=0):
    """The tangent of :func:`eigh_ab_adjoint` (adjoint of ``which``) when ``a``
    (``moved=0``) or ``b`` moves by ``dot``: through the whole decomposition."""
    w, v, idx = _eigh_full(ans, a, b, lower, eigvals_only, type, subset_by_index,
                           subset_by_value)
    gw, gv = _full_g(g, w, v, idx, eigvals_only)
    dw, dv = _eigh_moves(dot, w, v, lower, moved)
    f = _gap_inverse(w)
    gap = dw[..., None, :] - dw[..., :, None]
    vg, d_vg = mT(v) @ gv, mT(dv) @ gv
    h = f * vg
    dh = -gap * f * f * vg + f * d_vg
    if which == 0:
        g_x, d_g_x = diag_embed(gw) + h, dh
    else:
        g_x = -diag_embed(gw * w) - h * w[..., None, :] - 0.5 * diag_embed(
            np.diagonal(vg, axis1=-2, axis2=-1))
        d_g_x = (-diag_embed(gw * dw) - dh * w[..., None, :] - h * dw[..., None, :]
                 - 0.5 * diag_embed(np.diagonal(d_vg, axis1=-2, axis2=-1)))
    total = dv @ g_x @ mT(v) + v @ d_g_x @ mT(v) + v @ g_x @ mT(dv)
    return onto_triangle(total, lower)


HELPERS = {f.__name__: f for f in (eigh_ab_adjoint, eigh_ab_tangent, eigh_ab_adjoint_tangent)}
