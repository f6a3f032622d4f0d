"""Tangents of the adjoint helpers of ``np.linalg`` and ``scipy.linalg``: what
forward mode over a generated gradient needs to differentiate ``solve_da``,
``eigh_adjoint``, ``svd_adjoint``... again (see :mod:`.helpers_second_order`).

Each is the derivative of the helper of the same stem along ``dot``, with
respect to the argument ``wrt`` names (the adjoint ``g`` enters linearly and
is handled by the rules themselves).  Same assumptions as the first-order
rules: real input, distinct eigen/singular values, full rank.
"""

from __future__ import annotations

import numpy as np

from ..runtime import expand_reduced, unbroadcast, unreduce
from .helpers import is_zero
from .helpers_linalg import diag_embed, mT, onto_triangle, pinv_adjoint
from .helpers_tangents_linalg import eigh_tangent, pinv_tangent, qr_tangent, svd_parts_tangent
from .registry import register_helpers

def _scipy_linalg():
    import scipy.linalg
    return scipy.linalg


# --- linear algebra --------------------------------------------------------------------
def _column(v, vector):
    return np.asarray(v)[..., None] if vector else np.asarray(v)


def solve_adjoint_tangent(dot, g, a, b, ans=None, which=0):
    """The tangent of ``solve_da(g, a, b, ans)`` (``which=0``) or ``solve_db(g, a, b)``
    from ``a``: ``solve(a.T, g)`` moves by ``-solve(a.T, da.T solve(a.T, g))``."""
    vector = np.ndim(b) == 1
    gb = np.linalg.solve(mT(a), _column(g, vector))
    d_gb = -np.linalg.solve(mT(a), mT(dot) @ gb)
    if which == 1:
        return unbroadcast(d_gb[..., 0] if vector else d_gb, b)
    return unbroadcast(-d_gb @ mT(_column(ans, vector)), a)


def cholesky_adjoint_tangent(dot, g, ans, upper=False):
    """The tangent of ``cholesky_adjoint(g, ans, upper)`` from the factor ``ans``."""
    low, glow, dlow = (mT(ans), mT(g), mT(dot)) if upper else (ans, g, dot)
    phi = np.tril(mT(low) @ glow)
    phi = phi - 0.5 * diag_embed(np.diagonal(phi, axis1=-2, axis2=-1))
    dphi = np.tril(mT(dlow) @ glow)
    dphi = dphi - 0.5 * diag_embed(np.diagonal(dphi, axis1=-2, axis2=-1))
    inv = np.linalg.inv(low)
    dinv = -inv @ dlow @ inv
    ds = mT(dinv) @ phi @ inv + mT(inv) @ dphi @ inv + mT(inv) @ phi @ dinv
    return onto_triangle(ds, lower=not upper)


def eigh_adjoint_tangent(dot, g, ans, UPLO='L'):
    """The tangent of ``eigh_adjoint(g, (w, v), UPLO)`` from ``(w, v)``."""
    (w, v), (dw, dv), (gw, gv) = ans, dot, g
    inner = np.zeros(v.shape, dtype=np.result_type(v, dv))
    d_inner = np.zeros_like(inner)
    if not is_zero(gw):
        inner = inner + diag_embed(gw)
    if not is_zero(gv):
        gap = w[..., None, :] - w[..., :, None]
        d_gap = dw[..., None, :] - dw[..., :, None]
        off = ~np.eye(w.shape[-1], dtype=bool)
        safe = np.where(off, gap, 1)
        vt_gv = mT(v) @ gv
        inner = inner + np.where(off, vt_gv / safe, 0)
        d_inner = np.where(off, mT(dv) @ gv / safe - vt_gv * d_gap / safe ** 2, 0)
    ds = dv @ inner @ mT(v) + v @ d_inner @ mT(v) + v @ inner @ mT(dv)
    return onto_triangle(ds, lower=UPLO.upper() == 'L')


def eigvalsh_adjoint_tangent(dot, g, a, UPLO='L'):
    """The tangent of ``eigvalsh_adjoint(g, a, UPLO)`` from ``a``."""
    w, v = np.linalg.eigh(a, UPLO)
    dv = eigh_tangent(dot, (w, v), UPLO)[1]
    gd = diag_embed(g)
    return onto_triangle(dv @ gd @ mT(v) + v @ gd @ mT(dv), lower=UPLO.upper() == 'L')


def svdvals_adjoint_tangent(dot, g, x):
    """The tangent of ``svdvals_adjoint(g, x) = u diag(g) vh`` from ``x``."""
    u, s, vh = np.linalg.svd(x, full_matrices=False)
    du, _, dv = svd_parts_tangent(dot, u, s, vh)
    gd = diag_embed(g)
    return du @ gd @ vh + u @ gd @ mT(dv)


def _svd_factors_tangent(dot, g, ans):
    """The tangent of ``svd_adjoint(g, (u, s, vh), a)`` from the factors (``dot``
    holds their tangents): the product rule through Townsend's formula."""
    (u, s, vh), (du, ds, dvh), (gu, gs, gvh) = ans, dot, g
    k = s.shape[-1]
    u, du, vh, dvh = u[..., :, :k], du[..., :, :k], vh[..., :k, :], dvh[..., :k, :]
    v, dv = mT(vh), mT(dvh)
    row, col, d_row, d_col = s[..., None, :], s[..., :, None], ds[..., None, :], ds[..., :, None]
    off = ~np.eye(k, dtype=bool)
    gap = np.where(off, row ** 2 - col ** 2, 1)
    f = np.where(off, 1 / gap, 0)
    d_f = np.where(off, -(2 * row * d_row - 2 * col * d_col) / gap ** 2, 0)
    inner = 0.0 if is_zero(gs) else diag_embed(gs)
    d_inner, d_out = 0.0, 0.0
    if not is_zero(gu):
        gu = gu[..., :, :k]
        ut_gu, d_ut_gu = mT(u) @ gu, mT(du) @ gu
        skew, d_skew = ut_gu - mT(ut_gu), d_ut_gu - mT(d_ut_gu)
        inner = inner + f * skew * row
        d_inner = d_inner + (d_f * skew + f * d_skew) * row + f * skew * d_row
        term = (gu - u @ ut_gu) / row
        d_term = -(du @ ut_gu + u @ d_ut_gu) / row - term * d_row / row
        d_out = d_out + d_term @ vh + term @ dvh
    if not is_zero(gvh):
        gv = mT(gvh[..., :k, :])
        vt_gv, d_vt_gv = mT(v) @ gv, mT(dv) @ gv
        skew, d_skew = vt_gv - mT(vt_gv), d_vt_gv - mT(d_vt_gv)
        inner = inner + col * (f * skew)
        d_inner = d_inner + d_col * (f * skew) + col * (d_f * skew + f * d_skew)
        term = (gv - v @ vt_gv) / row
        d_term = -(dv @ vt_gv + v @ d_vt_gv) / row - term * d_row / row
        d_out = d_out + du @ mT(term) + u @ mT(d_term)
    return d_out + du @ inner @ vh + u @ d_inner @ vh + u @ inner @ dvh


def svd_adjoint_tangent(dot, g, ans, a, full_matrices=True, compute_uv=True, hermitian=False,
                        wrt='a'):
    """The tangent of ``svd_adjoint(g, ans, a, ...)``: from the factors ``ans`` when they
    are computed, from ``a`` when only singular values are."""
    zero = np.zeros(np.shape(a), dtype=np.result_type(a, float))
    if compute_uv:
        return _svd_factors_tangent(dot, g, ans) if wrt == 'ans' else zero
    return svdvals_adjoint_tangent(dot, g, a) if wrt == 'a' else zero


def lstsq_adjoint_tangent(dot, g, ans, a, b, which=0, wrt='a'):
    """The tangent of ``lstsq_adjoint(g, ans, a, b, which)`` from ``a``, ``b`` or the
    solution in ``ans`` (full-rank ``a``)."""
    x, res = ans[0], ans[1]
    gx, gres, gs = g[0], g[1], g[3]
    vector = np.ndim(b) == 1
    p = np.linalg.pinv(a)
    b2, x2 = _column(b, vector), _column(x, vector)
    da = dot if wrt == 'a' else np.zeros(np.shape(a))
    db2 = _column(dot, vector) if wrt == 'b' else np.zeros(b2.shape)
    dx2 = _column(dot[0], vector) if wrt == 'ans' else np.zeros(x2.shape)
    out = np.zeros(np.shape(a) if which == 0 else b2.shape, dtype=np.result_type(a, b, float))
    if not is_zero(gx):
        gx2 = _column(gx, vector)
        if which == 1:
            out = out + (mT(pinv_tangent(da, a, p)) @ gx2 if wrt == 'a' else 0.0)
        elif wrt == 'a':
            grad_b = gx2 @ mT(b2)
            out = out + pinv_adjoint_tangent(da, grad_b, a, p, 'a') + pinv_adjoint_tangent(
                pinv_tangent(da, a, p), grad_b, a, p, 'ans')
        elif wrt == 'b':
            out = out + pinv_adjoint(gx2 @ mT(db2), a, p)
    if not is_zero(gres) and np.size(res):
        resid = (b2 - a @ x2) * np.asarray(gres)
        d_resid = (db2 - da @ x2 - a @ dx2) * np.asarray(gres)
        out = out + (-2 * (d_resid @ mT(x2) + resid @ mT(dx2)) if which == 0 else 2 * d_resid)
    if which == 0 and not is_zero(gs) and wrt == 'a':
        out = out + svdvals_adjoint_tangent(da, gs, a)
    return out if which == 0 or not vector else out[:, 0]


def pinv_adjoint_tangent(dot, g, a, ans, wrt='a'):
    """The tangent of ``pinv_adjoint(g, a, p)`` from ``a`` or from ``p`` (``wrt='ans'``)."""
    p, pt, gt = ans, mT(ans), mT(g)
    m, n = np.shape(a)[-2], np.shape(a)[-1]
    left = np.eye(m, dtype=p.dtype) - a @ p
    right = np.eye(n, dtype=p.dtype) - p @ a
    if wrt == 'a':
        return -dot @ p @ gt @ p @ pt - pt @ p @ gt @ p @ dot
    dpt = mT(dot)
    return (-(dpt @ g @ pt + pt @ g @ dpt)
            + (-a @ dot) @ gt @ p @ pt + left @ gt @ (dot @ pt + p @ dpt)
            + (dpt @ p + pt @ dot) @ gt @ right + pt @ p @ gt @ (-dot @ a))


def _qr_tall_tangent(q, r, gq, gr, dq, dr, dgq=0.0):
    """The tangent of ``_qr_tall(q, r, gq, gr)`` along ``dq, dr`` (and ``gq``'s ``dgq``)."""
    m = (r @ mT(gr) if not is_zero(gr) else 0.0) - (mT(gq) @ q if not is_zero(gq) else 0.0)
    m = np.asarray(m) + np.zeros(r.shape, dtype=r.dtype)
    dm = (dr @ mT(gr) if not is_zero(gr) else 0.0) - (mT(gq) @ dq if not is_zero(gq) else 0.0)
    dm = np.asarray(dm) - (mT(dgq) @ q if not is_zero(dgq) else 0.0)
    copyltu = np.tril(m) + mT(np.tril(m, -1))
    d_copyltu = np.tril(dm) + mT(np.tril(dm, -1))
    b = (0.0 if is_zero(gq) else gq) + q @ copyltu
    db = (0.0 if is_zero(dgq) else dgq) + dq @ copyltu + q @ d_copyltu
    out = mT(np.linalg.solve(r, mT(b)))
    return mT(np.linalg.solve(r, mT(db - out @ mT(dr))))


def qr_adjoint_tangent(dot, g, ans, a, mode='reduced', wrt='a'):
    """The tangent of ``qr_adjoint(g, ans, a, mode)`` from ``a`` or ``ans``."""
    a = np.asarray(a)
    m, n = a.shape[-2], a.shape[-1]
    zero = np.zeros(a.shape, dtype=np.result_type(a, float))
    if mode == 'r':
        if wrt == 'ans':     # qr_adjoint recomputes q and r from a
            return zero
        q, r = np.linalg.qr(a)
        (dq, dr), da = qr_tangent(dot, (q, r), a, 'reduced'), dot
        gq, gr = 0.0, g
    else:
        (q, r), (gq, gr) = ans, g
        (dq, dr), da = (dot, 0.0) if wrt == 'ans' else ((0.0 * q, 0.0 * r), dot)
    if m >= n:
        return _qr_tall_tangent(q, r, gq, gr, dq, dr) if wrt == 'ans' or mode == 'r' else zero
    gr = np.zeros(r.shape, dtype=r.dtype) if is_zero(gr) else gr
    y, dy = a[..., :, m:], (0.0 if is_zero(da) else da[..., :, m:])
    gr1, gr2 = gr[..., :, :m], gr[..., :, m:]
    gq_full = (0.0 if is_zero(gq) else gq) + y @ mT(gr2)
    d_gq = 0.0 if is_zero(dy) else dy @ mT(gr2)
    left = _qr_tall_tangent(q, r[..., :, :m], gq_full, gr1, dq, dr[..., :, :m], d_gq)
    return np.concatenate([left, dq @ gr2], axis=-1)


def matrix_power_adjoint_tangent(dot, g, a, n):
    """The tangent of ``matrix_power_adjoint(g, a, n)`` from ``a``."""
    if n == 0:
        return np.zeros(np.shape(a), dtype=np.result_type(a, g))
    base, d_base = np.asarray(a), dot
    if n < 0:
        base = np.linalg.inv(a)
        d_base = -base @ dot @ base
    count = abs(n)
    eye = np.broadcast_to(np.eye(base.shape[-1], dtype=base.dtype), base.shape)
    powers, d_powers = [eye], [np.zeros(base.shape, dtype=np.result_type(base, dot))]
    for _ in range(count - 1):   # powers of base.T and their tangents
        powers.append(powers[-1] @ mT(base))
        d_powers.append(d_powers[-1] @ mT(base) + powers[-2] @ mT(d_base))
    out = sum(powers[k] @ g @ powers[count - 1 - k] for k in range(count))
    d_out = sum(d_powers[k] @ g @ powers[count - 1 - k] + powers[k] @ g @ d_powers[count - 1 - k]
                for k in range(count))
    if n > 0:
        return d_out
    return -(mT(d_base) @ out @ mT(base) + mT(base) @ d_out @ mT(base)
             + mT(base) @ out @ mT(d_base))


def tensorinv_adjoint_tangent(dot, g, a, ans, ind=2):
    """The tangent of ``tensorinv_adjoint(g, a, ans, ind)`` from ``ans``."""
    rows = int(np.prod(np.shape(a)[:ind]))
    inv = np.reshape(ans, (-1, rows))
    d_inv = np.reshape(dot, inv.shape)
    gm = np.reshape(g, inv.shape)
    return np.reshape(-(d_inv.T @ gm @ inv.T + inv.T @ gm @ d_inv.T), np.shape(a))


def vector_norm_adjoint_tangent(dot, g, x, ans, ord=2, axis=None, keepdims=False, wrt='x'):
    """The tangent of ``vector_norm_adjoint(g, x, ans, ord, axis, keepdims)`` from ``x``
    or ``ans`` (real ``x``; the 1, inf and 0 norms' adjoints are piecewise constant)."""
    x, dot = np.asarray(x), np.asarray(dot)  # a list (argument) and its tangent, as NumPy reads them
    zero = np.zeros(x.shape, dtype=np.result_type(x, dot, g))
    if ord in (1, 0) or ord is not None and np.isinf(ord):
        return zero
    ge = unreduce(g, x, axis, keepdims)
    ne = expand_reduced(ans, x, axis, keepdims)
    safe = np.where(ne == 0, 1, ne)
    if ord is None or ord == 2:
        if wrt == 'x':
            return ge * np.conj(dot) / safe
        d_ne = expand_reduced(dot, x, axis, keepdims)
        return np.where(ne == 0, 0, -ge * np.conj(x) * d_ne / safe ** 2)
    sign, ratio = np.sign(x), np.abs(x) / safe
    if wrt == 'x':
        return ge * sign * sign * (ord - 1) * ratio ** (ord - 2) * dot / safe
    d_ne = expand_reduced(dot, x, axis, keepdims)
    return -ge * sign * (ord - 1) * ratio ** (ord - 1) * d_ne / safe


def matrix_norm_adjoint_tangent(dot, g, x, ans, ord='fro', axis=(-2, -1), keepdims=False,
                                wrt='x'):
    """The tangent of ``matrix_norm_adjoint(g, x, ans, ord, axis, keepdims)`` from ``x``
    or ``ans`` (the 1 and inf norms' adjoints are piecewise constant)."""
    x = np.asarray(x)
    axis = tuple(i % x.ndim for i in axis)
    zero = np.zeros(x.shape, dtype=np.result_type(x, dot, g))
    xm = np.moveaxis(x, axis, (-2, -1))
    gm = np.moveaxis(g, axis, (-2, -1)) if keepdims else np.asarray(g)[..., None, None]
    nm = np.moveaxis(ans, axis, (-2, -1)) if keepdims else np.asarray(ans)[..., None, None]
    safe = np.where(nm == 0, 1, nm)
    if ord in ('fro', 'f', None):
        if wrt == 'x':
            d = np.moveaxis(dot, axis, (-2, -1)) / safe
        else:
            dn = np.moveaxis(dot, axis, (-2, -1)) if keepdims else np.asarray(dot)[..., None, None]
            d = -xm * dn / safe ** 2
    elif ord in ('nuc', 2, -2) and wrt == 'x':
        u, s, vh = np.linalg.svd(xm, full_matrices=False)
        du, _, dv = svd_parts_tangent(np.moveaxis(dot, axis, (-2, -1)), u, s, vh)
        dvh = mT(dv)
        if ord == 'nuc':
            d = du @ vh + u @ dvh
        else:
            k = slice(0, 1) if ord == 2 else slice(-1, None)
            d = du[..., :, k] @ vh[..., k, :] + u[..., :, k] @ dvh[..., k, :]
    else:
        return zero
    return np.moveaxis(gm * np.where(nm == 0, 0, d), (-2, -1), axis)


def norm_adjoint_tangent(dot, g, x, ans, ord=None, axis=None, keepdims=False, wrt='x'):
    """The tangent of ``norm_adjoint(g, x, ans, ord, axis, keepdims)`` (dispatching
    like it to the vector or matrix case)."""
    nd = np.ndim(x)
    if axis is None:
        if ord is None:
            return vector_norm_adjoint_tangent(dot, g, x, ans, 2, None, keepdims, wrt)
        axis = tuple(range(nd))
    axis = (axis,) if np.ndim(axis) == 0 else tuple(axis)
    if len(axis) == 1:
        return vector_norm_adjoint_tangent(dot, g, x, ans, ord, axis[0], keepdims, wrt)
    return matrix_norm_adjoint_tangent(dot, g, x, ans, ord, axis, keepdims, wrt)


# --- scipy.linalg ------------------------------------------------------------------
def solve_triangular_adjoint_tangent(dot, g, a, b, ans, trans=0, lower=False,
                                     unit_diagonal=False, which=0, wrt='a'):
    """The tangent of ``solve_triangular_adjoint(g, a, b, ans, ...)`` from ``a`` or ``ans``."""
    t = min({'N': 0, 'T': 1, 'C': 2}.get(trans, trans), 1)
    solve = _scipy_linalg().solve_triangular
    gb = solve(a, g, trans=1 - t, lower=lower, unit_diagonal=unit_diagonal)
    x, d_x, d_gb = np.asarray(ans), 0.0 * np.asarray(ans), 0.0 * gb
    if wrt == 'a':
        d_tri = np.tril(dot) if lower else np.triu(dot)
        if unit_diagonal:
            d_tri = d_tri - np.diag(np.diagonal(d_tri))
        d_gb = -solve(a, (d_tri.T if t == 0 else d_tri) @ gb, trans=1 - t, lower=lower,
                      unit_diagonal=unit_diagonal)
    else:
        d_x = dot
    if which == 1:
        return d_gb
    if x.ndim == 1:
        d_outer = d_gb[:, None] * x[None, :] + gb[:, None] * d_x[None, :]
    else:
        d_outer = d_gb @ mT(x) + gb @ mT(d_x)
    grad = -(d_outer if t == 0 else mT(d_outer))
    grad = np.tril(grad) if lower else np.triu(grad)
    return grad - np.diag(np.diagonal(grad)) if unit_diagonal else grad


def expm_adjoint_tangent(dot, g, A):
    """The tangent of ``expm_adjoint(g, A)`` from ``A``: the Frechet derivative of
    ``expm`` at the block matrix ``[[A.T, g], [0, A.T]]``, read off a bigger one."""
    A = np.asarray(A)
    n = A.shape[-1]
    zeros = np.zeros(A.shape, dtype=np.result_type(A, g, dot))

    def blocks(top_left, top_right, bottom_right):
        return np.concatenate([np.concatenate([top_left, top_right], axis=-1),
                               np.concatenate([0 * top_right, bottom_right], axis=-1)], axis=-2)
    m = blocks(mT(A), np.broadcast_to(g, A.shape) + zeros, mT(A))
    dm = blocks(mT(dot) + zeros, zeros, mT(dot) + zeros)
    big = _scipy_linalg().expm(blocks(m, dm, m))
    return big[..., :2 * n, 2 * n:][..., :n, n:]


def scipy_solve_adjoint_tangent(dot, g, a, b, ans, assume_a=None, transposed=False, which=0):
    """The tangent of ``scipy_solve_adjoint(...)`` from ``a``."""
    return solve_adjoint_tangent(dot, g, a, b, ans, which)


def eigh_or_eigvalsh_tangent(dot, g, ans, a, lower=True, eigvals_only=False, b=None,
                             subset_by_index=None, subset_by_value=None, wrt='a'):
    """The tangent of ``eigh_or_eigvalsh(g, ans, a, lower, eigvals_only, b)``."""
    if (subset_by_index is not None or subset_by_value is not None) and eigvals_only:
        from .scipy_linalg import eigh_subset
        w, _, idx = eigh_subset(ans, a, 'L' if lower else 'U', True, subset_by_index,
                                subset_by_value)
        full = np.zeros(np.shape(w), dtype=np.result_type(w, g))
        full[..., idx] = g
        g, subset_by_index, subset_by_value = full, None, None
    if subset_by_index is not None or subset_by_value is not None:
        from ..errors import RuntimeCheckError
        raise RuntimeCheckError('srcad has no second derivative of scipy.linalg.eigh with '
                                'subset_by_index or subset_by_value yet',
                                hint='take all eigenpairs and select them with an index')
    uplo = 'L' if lower else 'U'
    if eigvals_only:
        return eigvalsh_adjoint_tangent(dot, g, a, uplo) if wrt == 'a' else \
            np.zeros(np.shape(a), dtype=np.result_type(a, float))
    if wrt == 'a':
        return np.zeros(np.shape(a), dtype=np.result_type(a, float))
    return eigh_adjoint_tangent(dot, g, ans, uplo)


HELPERS = {f.__name__: f for f in (
    solve_adjoint_tangent, cholesky_adjoint_tangent, eigh_adjoint_tangent,
    eigvalsh_adjoint_tangent, svdvals_adjoint_tangent, svd_adjoint_tangent, lstsq_adjoint_tangent,
    pinv_adjoint_tangent, qr_adjoint_tangent, matrix_power_adjoint_tangent,
    tensorinv_adjoint_tangent, vector_norm_adjoint_tangent, matrix_norm_adjoint_tangent,
    norm_adjoint_tangent, solve_triangular_adjoint_tangent, expm_adjoint_tangent,
    scipy_solve_adjoint_tangent, eigh_or_eigvalsh_tangent)}
register_helpers(HELPERS)
