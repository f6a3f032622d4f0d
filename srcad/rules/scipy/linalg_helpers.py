"""Plain-NumPy helpers for the rules of :mod:`srcad.rules.scipy.linalg_more`: factorizations
that hand a tuple to their solver (``cho_factor``/``cho_solve``,
``lu_factor``/``lu_solve``), ``lu``, the structured solves of
``scipy.linalg.solve``/``inv`` (``assume_a``) and ``logm`` (``eigh(a, b)``:
:mod:`srcad.rules.scipy.eigh_helpers`).

Real input throughout; a complex matrix where the formulas assume a real one
is refused with :class:`srcad.errors.RuntimeCheckError`.  The first-order
tangents and the tangents of the adjoints (what ``hvp`` runs) are here too.
"""

from __future__ import annotations

import numpy as np

from ...errors import RuntimeCheckError
from ..elementwise.helpers import is_zero
from ..linalg.helpers import diag_embed, mT, onto_triangle
from ..tangents import TangentTuple
from ..linalg.tangents import symmetric_from_triangle


def _sla():
    import scipy.linalg
    return scipy.linalg


def _real(what, *xs):
    for x in xs:
        if x is not None and np.iscomplexobj(x):
            raise RuntimeCheckError(f'srcad differentiates {what} of real matrices only')


def _matrix(what, a):
    a = np.asarray(a)
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise RuntimeCheckError(f'srcad differentiates {what} of one square matrix only '
                                f'(got shape {a.shape})')
    _real(what, a)
    return a


def triangle(x, lower=True, k=0):
    """``np.tril(x, -k)`` when ``lower``, else ``np.triu(x, k)`` (``k=1``: strictly)."""
    return np.tril(x, -k) if lower else np.triu(x, k)


def factor_adjoint(g):
    """The adjoint of a factorization's ``(factor, flag-or-pivots)`` tuple: ``g`` for the
    factor, nothing for the rest; an adjoint list, so two uses of the tuple add up."""
    from ...runtime import AdjointList
    return AdjointList([g, 0.0])


# --- scipy.linalg.solve / inv with assume_a: the matrix as it is read ---------------------
SYMMETRIC = ('sym', 'symmetric', 'her', 'hermitian', 'pos', 'positive definite')
GENERAL = (None, 'gen', 'general', 'banded')  # banded: the band is found from the values
BANDED = ('diagonal', 'tridiagonal', 'upper triangular', 'lower triangular')


def _kind(assume_a, a):
    if assume_a in GENERAL:
        return 'general'
    if assume_a in SYMMETRIC:
        _real(f'scipy.linalg.solve/inv with assume_a={assume_a!r}', a)
        return 'symmetric'
    if assume_a in BANDED:
        return assume_a
    raise RuntimeCheckError(f'srcad has no rule for assume_a={assume_a!r}',
                            hint="use one of 'gen', 'sym', 'her', 'pos', 'diagonal', "
                                 "'tridiagonal', 'banded', 'upper triangular', 'lower triangular'")


def _band(a):
    n = np.shape(a)[-1]
    i = np.arange(n)
    return np.abs(i[:, None] - i[None, :]) <= 1


def structured(a, assume_a=None, lower=False, transposed=False):
    """The matrix that ``scipy.linalg.solve(a, b, assume_a=, lower=, transposed=)``
    inverts: ``a`` as it is read (one triangle mirrored, the diagonal, three
    diagonals, a triangle), transposed when ``transposed``.  Linear in ``a``."""
    kind = _kind(assume_a, a)
    a = np.asarray(a)
    if kind == 'symmetric':
        m = symmetric_from_triangle(a, lower)
    elif kind == 'diagonal':
        m = diag_embed(np.diagonal(a, axis1=-2, axis2=-1))
    elif kind == 'tridiagonal':
        m = np.where(_band(a), a, 0)
    elif kind in ('upper triangular', 'lower triangular'):
        m = triangle(a, kind == 'lower triangular')
    else:
        m = a
    return mT(m) if transposed else m


def unstructured(g, assume_a=None, lower=False, transposed=False):
    """The adjoint of ``a`` from the adjoint ``g`` of ``structured(a, ...)``: the
    transpose of :func:`structured` (linear in ``g``)."""
    g = mT(g) if transposed else np.asarray(g)
    kind = _kind(assume_a, None)
    if kind == 'symmetric':
        return onto_triangle(g, lower)
    if kind == 'diagonal':
        return diag_embed(np.diagonal(g, axis1=-2, axis2=-1))
    if kind == 'tridiagonal':
        return np.where(_band(g), g, 0)
    if kind in ('upper triangular', 'lower triangular'):
        return triangle(g, kind == 'lower triangular')
    return g


def inv_assume(assume_a):
    """``assume_a`` of ``scipy.linalg.inv``, refused where SciPy's result is not the inverse
    of the matrix it reads (``'diagonal'`` leaves the off-diagonal entries as they were)."""
    if assume_a == 'diagonal':
        raise RuntimeCheckError("scipy.linalg.inv(a, assume_a='diagonal') returns a's "
                                "off-diagonal entries unchanged: srcad has no rule for it",
                                hint='write np.diag(1 / np.diagonal(a))')
    return assume_a


# --- cho_factor / cho_solve ------------------------------------------------------------
_CHO_KEEPS = []  # whether this SciPy's cho_factor leaves a's entries in c's other triangle


def cho_other(g, lower=False):
    """The adjoint ``cho_factor``'s other triangle sends to ``a``: the identity where
    SciPy leaves ``a``'s own entries there (up to SciPy 1.17), zero where it zeroes
    them (SciPy 1.18).  Which one is asked of SciPy once (linear in ``g``)."""
    if not _CHO_KEEPS:
        from scipy.linalg import cho_factor
        _CHO_KEEPS.append(bool(cho_factor(np.array([[2.0, 1.0], [1.0, 2.0]]))[0][1, 0]))
    other = triangle(g, not lower, 1)
    return other if _CHO_KEEPS[0] else np.zeros_like(other)


def cho_matrix(c, lower=False):
    """The matrix whose Cholesky factor is the triangle of ``c`` that ``cho_solve``
    reads: ``U.T @ U`` (or ``L @ L.T``)."""
    _real('scipy.linalg.cho_solve', c)
    t = triangle(c, lower)
    return t @ mT(t) if lower else mT(t) @ t


def cho_matrix_tangent(dot, c, lower=False):
    """The tangent of :func:`cho_matrix` from ``c``."""
    t, dt = triangle(c, lower), triangle(dot, lower)
    return dt @ mT(t) + t @ mT(dt) if lower else mT(dt) @ t + mT(t) @ dt


def cho_project(g, c, lower=False):
    """The adjoint of ``c`` from the adjoint ``g`` of ``cho_matrix(c, lower)``
    (linear in ``g`` and in ``c``)."""
    t, s = triangle(c, lower), g + mT(g)
    return triangle(s @ t if lower else t @ s, lower)


# --- lu_factor / lu_solve / lu ---------------------------------------------------------
def _unpack(lu):
    """``L`` (unit lower) and ``U`` of a packed LU factorization."""
    lu = _matrix('an LU factorization', lu)
    return np.tril(lu, -1) + np.eye(lu.shape[0]), np.triu(lu)


def _rows(piv):
    """The row order ``r`` with ``A[r] = L @ U`` from LAPACK's row interchanges."""
    r = np.arange(len(piv))
    for i, p in enumerate(piv):
        r[i], r[p] = r[p], r[i]
    return r


def lu_matrix(lu, piv, trans=0):
    """The matrix ``P @ L @ U`` that ``lu_solve((lu, piv), b, trans)`` inverts
    (transposed when ``trans``)."""
    low, up = _unpack(lu)
    a = np.empty_like(low @ up)
    a[_rows(piv)] = low @ up
    return a.T if trans else a


def lu_matrix_tangent(dot, lu, piv, trans=0):
    """The tangent of :func:`lu_matrix` from ``lu``."""
    low, up = _unpack(lu)
    d = np.tril(dot, -1) @ up + low @ np.triu(dot)
    a = np.empty_like(d)
    a[_rows(piv)] = d
    return a.T if trans else a


def lu_project(g, lu, piv, trans=0, d_lu=None):
    """The adjoint of ``lu`` from the adjoint ``g`` of ``lu_matrix(lu, piv, trans)``
    (its tangent from ``lu`` along ``d_lu`` when given)."""
    low, up = _unpack(lu)
    g = np.asarray(g).T if trans else np.asarray(g)
    gp = g[_rows(piv)]
    if d_lu is not None:  # affine in lu: only the linear part moves
        low, up = np.tril(d_lu, -1), np.triu(d_lu)
        return np.tril(gp @ up.T, -1) + np.triu(low.T @ gp)
    return np.tril(gp @ up.T, -1) + np.triu(low.T @ gp)


def _lu_core(g_low, g_up, low, up):
    """The adjoint of ``A' = L @ U`` from the adjoints of ``L`` (unit lower) and ``U``:
    ``L^-T (tril(L.T gL, -1) + triu(gU U.T)) U^-T``."""
    f = np.tril(low.T @ g_low, -1) + np.triu(g_up @ up.T)
    return np.linalg.solve(low.T, np.linalg.solve(up, f.T).T)


def _lu_core_tangent(g_low, g_up, low, up, d_low, d_up):
    """The tangent of :func:`_lu_core` along ``d_low``, ``d_up`` (``g`` fixed)."""
    core = _lu_core(g_low, g_up, low, up)
    df = np.tril(d_low.T @ g_low, -1) + np.triu(g_up @ d_up.T)
    inner = np.linalg.solve(low.T, np.linalg.solve(up, df.T).T)
    return inner - np.linalg.solve(low.T, d_low.T @ core) - np.linalg.solve(up, (core @ d_up.T).T).T


def _factor_tangent(da, low, up):
    """The tangents of ``L``, ``U`` in ``A' = L @ U`` along ``dA'``."""
    x = np.linalg.solve(low, np.linalg.solve(up.T, da.T).T)
    return low @ np.tril(x, -1), np.triu(x) @ up


def lu_factor_adjoint(g, ans):
    """The adjoint of ``a`` in ``lu, piv = scipy.linalg.lu_factor(a)``."""
    lu, piv = ans
    low, up = _unpack(lu)
    ga = np.empty_like(low)
    ga[_rows(piv)] = _lu_core(np.tril(g[0], -1), np.triu(g[0]), low, up)
    return ga


def lu_factor_adjoint_tangent(dot, g, ans):
    """The tangent of :func:`lu_factor_adjoint` from the factorization ``ans``."""
    lu, piv = ans
    low, up = _unpack(lu)
    ga = np.empty_like(low)
    ga[_rows(piv)] = _lu_core_tangent(np.tril(g[0], -1), np.triu(g[0]), low, up,
                                      np.tril(dot[0], -1), np.triu(dot[0]))
    return ga


def lu_factor_tangent(dot, ans):
    """The tangent of ``(lu, piv) = scipy.linalg.lu_factor(a)`` along ``dot``."""
    lu, piv = ans
    low, up = _unpack(lu)
    d_low, d_up = _factor_tangent(np.asarray(dot)[_rows(piv)], low, up)
    return TangentTuple((d_low + d_up, np.zeros(np.shape(piv))))


def _lu_parts(ans, a, permute_l, p_indices):
    """``(P, L, U)`` of ``scipy.linalg.lu`` (P as a matrix) from its output."""
    if permute_l:
        p = _sla().lu(a, p_indices=True)[0]
        perm = np.eye(len(p))[p]
        return perm, perm.T @ ans[0], ans[1]
    perm = np.eye(len(ans[0]))[ans[0]] if p_indices else ans[0]
    return perm, ans[1], ans[2]


def _lu_g(g, perm, permute_l):
    gl, gu = (g[0], g[1]) if permute_l else (g[1], g[2])
    n = perm.shape[0]
    gl = np.zeros((n, n)) if is_zero(gl) else (perm.T @ gl if permute_l else np.asarray(gl))
    return np.tril(gl, -1), np.zeros((n, n)) if is_zero(gu) else np.triu(gu)


def lu_adjoint(g, ans, a, permute_l=False, p_indices=False):
    """The adjoint of ``a`` in ``scipy.linalg.lu(a)``: ``P L^-T F U^-T`` (square ``a``)."""
    _matrix('scipy.linalg.lu', a)
    perm, low, up = _lu_parts(ans, a, permute_l, p_indices)
    return perm @ _lu_core(*_lu_g(g, perm, permute_l), low, up)


def lu_adjoint_tangent(dot, g, ans, a, permute_l=False, p_indices=False):
    """The tangent of :func:`lu_adjoint` from the factors ``ans``."""
    perm, low, up = _lu_parts(ans, a, permute_l, p_indices)
    d_low = perm.T @ dot[0] if permute_l else dot[1]
    d_up = dot[1] if permute_l else dot[2]
    zero = np.zeros_like(low)
    d_low = zero if is_zero(d_low) else np.tril(d_low, -1)
    d_up = zero if is_zero(d_up) else np.triu(d_up)
    return perm @ _lu_core_tangent(*_lu_g(g, perm, permute_l), low, up, d_low, d_up)


def lu_tangent(dot, ans, a, permute_l=False, p_indices=False):
    """The tangents of the factors of ``scipy.linalg.lu(a)`` along ``dot``."""
    _matrix('scipy.linalg.lu', a)
    perm, low, up = _lu_parts(ans, a, permute_l, p_indices)
    d_low, d_up = _factor_tangent(perm.T @ dot, low, up)
    if permute_l:
        return TangentTuple((perm @ d_low, d_up))
    return TangentTuple((np.zeros(np.shape(ans[0])), d_low, d_up))


# --- logm: Frechet derivatives read off block-triangular matrices -----------------------
def _blocks(top_left, top_right, bottom_right):
    zeros = np.zeros_like(top_right)
    return np.concatenate([np.concatenate([top_left, top_right], axis=-1),
                           np.concatenate([zeros, bottom_right], axis=-1)], axis=-2)


def _logm(m):
    out = _sla().logm(m)
    if np.iscomplexobj(out) and not np.iscomplexobj(m):
        raise RuntimeCheckError('scipy.linalg.logm returned a complex logarithm of a real '
                                'matrix: srcad differentiates real logarithms only',
                                hint='the matrix has eigenvalues on the negative real axis')
    return out


def frechet_logm(A, E):
    """The Frechet derivative of ``logm`` at ``A`` in the direction ``E``:
    the top-right block of ``logm([[A, E], [0, A]])``."""
    A = np.asarray(A, dtype=float)
    _real('scipy.linalg.logm', A, E)
    n = A.shape[-1]
    E = np.broadcast_to(E, A.shape).astype(np.result_type(A, E))
    return _logm(_blocks(A, E, A))[..., :n, n:]


def logm_adjoint(g, A):
    """The adjoint of ``scipy.linalg.logm(A)``: the Frechet derivative at ``A.T``."""
    return frechet_logm(mT(A), g)


def logm_adjoint_tangent(dot, g, A):
    """The tangent of :func:`logm_adjoint` from ``A``: a second Frechet derivative,
    the top-right block of ``logm`` of a 4x4 block-triangular matrix."""
    A = np.asarray(A, dtype=float)
    n = A.shape[-1]
    g = np.broadcast_to(g, A.shape).astype(np.result_type(A, g, dot))
    m = _blocks(mT(A), g, mT(A))
    dm = _blocks(mT(dot) + 0 * g, 0 * g, mT(dot) + 0 * g)
    return _logm(_blocks(m, dm, m))[..., :2 * n, 2 * n:][..., :n, n:]


HELPERS = {f.__name__: f for f in (
    triangle, cho_other, factor_adjoint, structured, unstructured, inv_assume, cho_matrix,
    cho_matrix_tangent, cho_project, lu_matrix, lu_matrix_tangent, lu_project,
    lu_factor_adjoint, lu_factor_adjoint_tangent, lu_factor_tangent, lu_adjoint,
    lu_adjoint_tangent, lu_tangent, frechet_logm, logm_adjoint, logm_adjoint_tangent)}
