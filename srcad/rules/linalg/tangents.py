"""Plain-NumPy helpers for the tangent rules of ``np.linalg`` and ``scipy.linalg``.

Each gives the tangent of a decomposition or solve from the tangent ``dot``
of its input, for real input, as the reverse rules of :mod:`srcad.rules.linalg.rules` assume:
``eigh`` and ``svd`` need distinct eigen/singular values, ``pinv`` and
``lstsq`` a constant (full) rank.  Functions that read one triangle of a
symmetric input (``cholesky``, ``eigh``) see the symmetric matrix that
triangle stands for (:func:`symmetric_from_triangle`).  Several outputs give
a :class:`~srcad.rules.tangents.TangentTuple`.
"""

from __future__ import annotations

import numpy as np

from ...errors import RuntimeCheckError

from ...runtime import zero_tangent
from .helpers import diag_embed, matrix_norm_adjoint, mT, norm_adjoint, vector_norm_adjoint
from ..tangents import TangentTuple
from ..registry import register_helpers

def _scipy_linalg():
    import scipy.linalg
    return scipy.linalg


# --- linear algebra ----------------------------------------------------------------
def symmetric_from_triangle(dot, lower=True):
    """The symmetric matrix a function that reads one triangle of its input sees."""
    tri = np.tril(dot) if lower else np.triu(dot)
    return tri + mT(tri) - diag_embed(np.diagonal(tri, axis1=-2, axis2=-1))


def _solve(a, rhs, vector):
    if vector:
        return np.linalg.solve(a, np.asarray(rhs)[..., None])[..., 0]
    return np.linalg.solve(a, rhs)


def solve_tangent(dot, a, b, ans, which=0):
    """The tangent of ``x = np.linalg.solve(a, b)`` from ``a`` (``which=0``):
    ``-solve(a, da @ x)``, or from ``b``: ``solve(a, db)``."""
    vector = np.ndim(b) == 1
    if which == 1:
        return _solve(a, dot, vector)
    x = np.asarray(ans)
    rhs = (dot @ x[..., None])[..., 0] if vector else dot @ x
    return -_solve(a, rhs, vector)


def cholesky_tangent(dot, ans, upper=False):
    """The tangent of the factor of ``np.linalg.cholesky(a, upper=upper)``:
    ``L Phi(L^-1 dA L^-T)`` with ``Phi`` the lower triangle, diagonal halved."""
    low = mT(ans) if upper else np.asarray(ans)
    inv = np.linalg.inv(low)
    inner = inv @ symmetric_from_triangle(dot, lower=not upper) @ mT(inv)
    phi = np.tril(inner) - 0.5 * diag_embed(np.diagonal(inner, axis1=-2, axis2=-1))
    d_low = low @ phi
    return mT(d_low) if upper else d_low


def _gap_inverse(w):
    """``F[..., i, j] = 1 / (w_j - w_i)`` off the diagonal, 0 on it."""
    gap = w[..., None, :] - w[..., :, None]
    off = ~np.eye(w.shape[-1], dtype=bool)
    return np.where(off, 1 / np.where(off, gap, 1), 0)


def eigh_tangent(dot, ans, UPLO='L'):
    """The tangents of ``w, v = np.linalg.eigh(a, UPLO)`` (distinct eigenvalues):
    ``dw = diag(v.T dA v)``, ``dv = v (F * (v.T dA v))``."""
    w, v = ans
    inner = mT(v) @ symmetric_from_triangle(dot, UPLO.upper() == 'L') @ v
    dw = np.diagonal(inner, axis1=-2, axis2=-1)
    return TangentTuple((dw, v @ (_gap_inverse(w) * inner)))


def eigvalsh_tangent(dot, a, UPLO='L'):
    """The tangent of ``np.linalg.eigvalsh(a, UPLO)``: ``diag(v.T dA v)``."""
    v = np.linalg.eigh(a, UPLO)[1]
    inner = mT(v) @ symmetric_from_triangle(dot, UPLO.upper() == 'L') @ v
    return np.diagonal(inner, axis1=-2, axis2=-1)


def svd_parts_tangent(dot, u, s, vh):
    """Tangents of the thin factors ``u (m, k)``, ``s``, ``vh (k, n)`` of ``a``
    (real, distinct singular values)."""
    v = mT(vh)
    inner = mT(u) @ dot @ v
    f = _gap_inverse(s * s)
    row, col = s[..., None, :], s[..., :, None]
    du = u @ (f * (inner * row + col * mT(inner)))
    dv = v @ (f * (col * inner + mT(inner) * row))
    du = du + (dot @ v - u @ (mT(u) @ dot @ v)) / row
    dv = dv + (mT(dot) @ u - v @ (mT(v) @ mT(dot) @ u)) / row
    return du, np.diagonal(inner, axis1=-2, axis2=-1), dv


def svd_tangent(dot, ans, a, full_matrices=True, compute_uv=True, hermitian=False):
    """The tangents of ``np.linalg.svd(a, ...)``.  The extra columns that
    ``full_matrices=True`` adds to a non-square factor only keep orthogonal."""
    if hermitian:
        raise RuntimeCheckError('no derivative for np.linalg.svd with hermitian=True')
    if not compute_uv:
        return svdvals_tangent(dot, a)
    u, s, vh = ans
    k = s.shape[-1]
    du, ds, dv = svd_parts_tangent(dot, u[..., :, :k], s, vh[..., :k, :])
    if u.shape[-1] > k:
        extra = u[..., :, k:]
        du = np.concatenate([du, -u[..., :, :k] @ (mT(du) @ extra)], axis=-1)
    if vh.shape[-2] > k:
        extra = mT(vh[..., k:, :])
        dv = np.concatenate([dv, -mT(vh[..., :k, :]) @ (mT(dv) @ extra)], axis=-1)
    return TangentTuple((du, ds, mT(dv)))


def svdvals_tangent(dot, x):
    """The tangent of the singular values of ``x``: ``diag(u.T dA v)``."""
    u, _, vh = np.linalg.svd(x, full_matrices=False)
    return np.einsum('...ji,...jk,...ik->...i', u, dot, vh)


def pinv_tangent(dot, a, ans):
    """The tangent of ``p = np.linalg.pinv(a)`` for ``a`` of constant rank
    (Golub and Pereyra, 1973)."""
    p = ans
    m, n = np.shape(a)[-2], np.shape(a)[-1]
    left = np.eye(m, dtype=p.dtype) - a @ p      # I - A A+
    right = np.eye(n, dtype=p.dtype) - p @ a     # I - A+ A
    return -p @ dot @ p + p @ mT(p) @ mT(dot) @ left + right @ mT(dot) @ mT(p) @ p


def _right_solve(b, r):
    """``b @ inv(r)``."""
    return mT(np.linalg.solve(mT(r), mT(b)))


def qr_tall_tangent(q, r, da):
    """Tangents of ``q, r`` for ``a = q r`` with ``a`` tall or square."""
    x = _right_solve(da, r)
    c = mT(q) @ x
    low = np.tril(c, -1)
    upper = c - low + mT(low)                    # dr @ inv(r), upper triangular
    return x - q @ upper, upper @ r


def qr_tangent(dot, ans, a, mode='reduced'):
    """The tangents of ``np.linalg.qr(a, mode)`` (reduced, ``'r'``, or complete for
    a wide or square ``a``); for a wide ``a = [x | y]``, ``r = [r1 | q.T y]``."""
    a = np.asarray(a)
    m, n = a.shape[-2], a.shape[-1]
    if mode == 'r':
        q, r = np.linalg.qr(a)
    elif mode in ('reduced', 'complete') and (mode == 'reduced' or m <= n):
        q, r = ans
    else:
        raise RuntimeCheckError(f'no derivative for np.linalg.qr with mode={mode!r} here')
    if m >= n:
        dq, dr = qr_tall_tangent(q, r, dot)
    else:
        dq, dr1 = qr_tall_tangent(q, r[..., :, :m], dot[..., :, :m])
        dr2 = mT(dq) @ a[..., :, m:] + mT(q) @ dot[..., :, m:]
        dr = np.concatenate([dr1, dr2], axis=-1)
    return dr if mode == 'r' else TangentTuple((dq, dr))


def lstsq_tangent(dot, ans, a, b, which=0):
    """The tangents of ``x, res, rank, s = np.linalg.lstsq(a, b)`` (full-rank ``a``)
    from ``a`` (``which=0``) or ``b``."""
    x, res, rank, s = ans
    p = np.linalg.pinv(a)
    da, db = (dot, 0.0) if which == 0 else (0.0, dot)
    dx = p @ db if which == 1 else pinv_tangent(da, a, p) @ b
    dres = zero_tangent(res)
    if np.size(res):
        resid = b - a @ x
        d_resid = db - (da @ x if which == 0 else 0.0) - a @ dx
        dres = np.reshape(2 * np.sum(resid * d_resid, axis=0), np.shape(res))
    ds = svdvals_tangent(da, a) if which == 0 else zero_tangent(s)
    return TangentTuple((dx, dres, zero_tangent(rank), ds))


def matrix_power_tangent(dot, a, n):
    """The tangent of ``np.linalg.matrix_power(a, n)`` (through ``inv(a)`` for ``n < 0``)."""
    if n == 0:
        return np.zeros(np.shape(a), dtype=np.result_type(a, dot))
    base, dbase = np.asarray(a), dot
    if n < 0:
        base = np.linalg.inv(a)
        dbase = -base @ dot @ base
    power, dpower = base, dbase
    for _ in range(abs(n) - 1):
        power, dpower = power @ base, dpower @ base + power @ dbase
    return dpower


def tensorinv_tangent(dot, a, ans, ind=2):
    """The tangent of ``np.linalg.tensorinv(a, ind)``: ``-inv dA inv``, reshaped."""
    rows = int(np.prod(np.shape(a)[:ind]))
    inv = np.reshape(ans, (-1, rows))
    return np.reshape(-inv @ np.reshape(dot, (rows, -1)) @ inv, np.shape(ans))


def _norm_axes(x, ord, axis):
    if axis is None:
        return None if ord is None else tuple(range(np.ndim(x)))
    return axis


def norm_tangent(dot, x, ans, ord=None, axis=None, keepdims=False):
    """The tangent of ``np.linalg.norm(x, ord, axis, keepdims)``: the norm's
    derivative (its adjoint for a unit adjoint) paired with ``dot`` over the
    reduced axes."""
    weights = norm_adjoint(np.ones(np.shape(ans)), x, ans, ord, axis, keepdims)
    axes = _norm_axes(x, ord, axis)
    return _at_zero(np.sum(np.real(weights * dot), axis=axes, keepdims=keepdims), dot, x, ans,
                    axes, keepdims)


def vector_norm_tangent(dot, x, ans, ord=2, axis=None, keepdims=False):
    """The tangent of ``np.linalg.vector_norm(x, axis=..., keepdims=..., ord=...)``."""
    weights = vector_norm_adjoint(np.ones(np.shape(ans)), x, ans, ord, axis, keepdims)
    return _at_zero(np.sum(np.real(weights * dot), axis=axis, keepdims=keepdims), dot, x, ans,
                    axis, keepdims)


def matrix_norm_tangent(dot, x, ans, ord='fro', keepdims=False):
    """The tangent of ``np.linalg.matrix_norm(x, keepdims=..., ord=...)``."""
    weights = matrix_norm_adjoint(np.ones(np.shape(ans)), x, ans, ord, (-2, -1), keepdims)
    return _at_zero(np.sum(np.real(weights * dot), axis=(-2, -1), keepdims=keepdims), dot, x,
                    ans, (-2, -1), keepdims)


def _at_zero(t, dot, x, ans, axes, keepdims):
    """A norm's tangent ``t``; where the norm is 0 along a non-zero direction, a kink
    (its directional derivative is the direction's norm, not linear in it): nan in
    second order (:func:`srcad.rules.elementwise.kinks.norm_kink`), ``t`` (0) else."""
    if np.all(ans):
        return t
    from ..elementwise.kinks import norm_kink
    return norm_kink(t, dot, ans, lambda: np.sum(np.abs(np.broadcast_to(dot, np.shape(x))),
                                                 axis=axes, keepdims=keepdims) != 0)


# --- scipy.linalg ------------------------------------------------------------------
def solve_triangular_tangent(dot, a, b, ans, trans=0, lower=False, unit_diagonal=False,
                             which=0):
    """The tangent of ``x = scipy.linalg.solve_triangular(a, b, trans, lower, ...)``
    from ``a`` (``which=0``, its triangle only) or ``b`` (real input)."""
    solve = _scipy_linalg().solve_triangular
    if which == 1:
        return solve(a, dot, trans=trans, lower=lower, unit_diagonal=unit_diagonal)
    t = min({'N': 0, 'T': 1, 'C': 2}.get(trans, trans), 1)
    d_tri = np.tril(dot) if lower else np.triu(dot)
    if unit_diagonal:
        d_tri = d_tri - np.diag(np.diagonal(d_tri))
    rhs = (d_tri if t == 0 else d_tri.T) @ ans
    return -solve(a, rhs, trans=trans, lower=lower, unit_diagonal=unit_diagonal)


def expm_tangent(dot, A):
    """The tangent of ``scipy.linalg.expm(A)``: its Frechet derivative in the direction
    ``dot``, read off the ``expm`` of a block-triangular matrix."""
    A = np.asarray(A)
    n = A.shape[-1]
    zeros = np.zeros(A.shape, dtype=np.result_type(A, dot))
    top = np.concatenate([A, np.broadcast_to(dot, A.shape)], axis=-1)
    bottom = np.concatenate([zeros, A], axis=-1)
    return _scipy_linalg().expm(np.concatenate([top, bottom], axis=-2))[..., :n, n:]


HELPERS = {f.__name__: f for f in (
    symmetric_from_triangle, solve_tangent, cholesky_tangent, eigh_tangent, eigvalsh_tangent,
    svd_parts_tangent, svd_tangent, svdvals_tangent, pinv_tangent, qr_tall_tangent, qr_tangent,
    lstsq_tangent, matrix_power_tangent, tensorinv_tangent, norm_tangent, vector_norm_tangent,
    matrix_norm_tangent, solve_triangular_tangent, expm_tangent)}
register_helpers(HELPERS)
