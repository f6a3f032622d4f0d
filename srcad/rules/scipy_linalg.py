"""Rules of ``scipy.linalg`` (registered only when SciPy is installed).

SciPy's ``cholesky`` returns the upper factor by default and, like
``eigh``, reads only one triangle of its input; the adjoints live in that
triangle, as for :mod:`.linalg`.
"""

import numpy as np

from ..errors import RuntimeCheckError

from .helpers import is_zero
from .helpers_linalg import eigh_adjoint, eigvalsh_adjoint, mT, solve_da, solve_db
from .registry import adjoint, register_helpers

try:
    import scipy.linalg as scipy_linalg
except ImportError:  # pragma: no cover - exercised only without SciPy
    scipy_linalg = None


def solve_triangular_adjoint(g, a, b, ans, trans=0, lower=False, unit_diagonal=False,
                             which=0):
    """The adjoint of ``a`` (``which=0``) or ``b`` in
    ``x = scipy.linalg.solve_triangular(a, b, trans, lower, unit_diagonal)`` (real input)."""
    t = {'N': 0, 'T': 1, 'C': 2}.get(trans, trans)
    t = min(t, 1)
    gb = scipy_linalg.solve_triangular(a, g, trans=1 - t, lower=lower,
                                       unit_diagonal=unit_diagonal)
    if which == 1:
        return gb
    x = np.asarray(ans)
    if x.ndim == 1:
        outer = gb[:, None] * x[None, :]
    else:
        outer = gb @ mT(x)
    grad = -(outer if t == 0 else mT(outer))
    grad = np.tril(grad) if lower else np.triu(grad)
    if unit_diagonal:
        grad = grad - np.diag(np.diagonal(grad))
    return grad


def expm_adjoint(g, A):
    """The adjoint of ``scipy.linalg.expm(A)``: the Frechet derivative of ``expm``
    at ``A.T`` in the direction ``g``, read off a block-triangular ``expm``."""
    A = np.asarray(A)
    n = A.shape[-1]
    zeros = np.zeros(A.shape, dtype=np.result_type(A, g))
    top = np.concatenate([mT(A), np.broadcast_to(g, A.shape)], axis=-1)
    bottom = np.concatenate([zeros, mT(A)], axis=-1)
    return scipy_linalg.expm(np.concatenate([top, bottom], axis=-2))[..., :n, n:]


def scipy_solve_adjoint(g, a, b, ans, assume_a=None, transposed=False, which=0):
    """The adjoint of ``a`` (``which=0``) or ``b`` in ``scipy.linalg.solve(a, b)``
    for a general matrix (other ``assume_a`` read one triangle and are refused)."""
    if assume_a not in (None, 'gen', 'general') or transposed:
        raise RuntimeCheckError('srcad differentiates scipy.linalg.solve only with '
                                'assume_a="gen" and transposed=False')
    return solve_da(g, a, b, ans) if which == 0 else solve_db(g, a, b)


def eigh_subset(ans, a, uplo, eigvals_only, subset_by_index=None, subset_by_value=None):
    """For ``scipy.linalg.eigh(..., subset_by_index=...)`` (or ``subset_by_value``):
    the full decomposition ``(w, v)`` of ``a`` (with the returned vectors, signs and
    all, in their places) and the indices of the returned eigenpairs; None without
    a subset.  The selection is locally constant (distinct eigenvalues, none on a
    ``subset_by_value`` bound), so the subset's derivative is the full one's restricted."""
    if subset_by_index is None and subset_by_value is None:
        return None
    w, v = np.linalg.eigh(a, uplo)
    if subset_by_index is not None:
        lo, hi = (int(i) for i in subset_by_index)
        idx = np.arange(lo, hi + 1)
    else:
        lo, hi = subset_by_value
        idx = np.flatnonzero((w > lo) & (w <= hi))
    if not eigvals_only:
        v = np.array(v)
        v[..., idx] = ans[1]
    return w, v, idx


def eigh_or_eigvalsh(g, ans, a, lower=True, eigvals_only=False, b=None, subset_by_index=None,
                     subset_by_value=None):
    """The adjoint of the input of ``scipy.linalg.eigh(a, lower=..., eigvals_only=...)``,
    of all eigenpairs or of a subset (by index or by value)."""
    if b is not None:
        raise RuntimeCheckError('no derivative for the generalized eigenproblem eigh(a, b)',
                                hint='reduce it to a standard one: with L = cholesky(b), '
                                     'eigh(inv(L) @ a @ inv(L).T)')
    uplo = 'L' if lower else 'U'
    subset = eigh_subset(ans, a, uplo, eigvals_only, subset_by_index, subset_by_value)
    if subset is not None:
        w, v, idx = subset
        if eigvals_only:
            full = np.zeros(np.shape(w), dtype=np.result_type(w, g))
            full[..., idx] = g
            return eigvalsh_adjoint(full, a, uplo)
        gw, gv = g
        gw_full, gv_full = 0.0, 0.0
        if not is_zero(gw):
            gw_full = np.zeros(np.shape(w), dtype=np.result_type(w, gw))
            gw_full[..., idx] = gw
        if not is_zero(gv):
            gv_full = np.zeros(np.shape(v), dtype=np.result_type(v, gv))
            gv_full[..., idx] = gv
        return eigh_adjoint((gw_full, gv_full), (w, v), uplo)
    return eigvalsh_adjoint(g, a, uplo) if eigvals_only else eigh_adjoint(g, ans, uplo)


if scipy_linalg is not None:
    register_helpers({f.__name__: f for f in (
        solve_triangular_adjoint, expm_adjoint, scipy_solve_adjoint, eigh_or_eigvalsh)})
    register_helpers({'scipy_linalg': scipy_linalg})
    adjoint(scipy_linalg.solve_triangular,
            'a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False, '
            'check_finite=True',
            a='solve_triangular_adjoint(g, a, b, ans, trans, lower, unit_diagonal, 0)',
            b='solve_triangular_adjoint(g, a, b, ans, trans, lower, unit_diagonal, 1)')
    adjoint(scipy_linalg.expm, 'A', A='expm_adjoint(g, A)')
    adjoint(scipy_linalg.sqrtm, 'A', A='scipy_linalg.solve_sylvester(mT(ans), mT(ans), g)')
    adjoint(scipy_linalg.cholesky, 'a, lower=False, overwrite_a=False, check_finite=True',
            a='cholesky_adjoint(g, ans, not lower)')
    adjoint(scipy_linalg.inv, 'a, overwrite_a=False, check_finite=True',
            a='-mT(ans) @ g @ mT(ans)')
    adjoint(scipy_linalg.det, 'a, overwrite_a=False, check_finite=True',
            a='expand_matrix(g * ans) * mT(np.linalg.inv(a))')
    adjoint(scipy_linalg.solve, 'a, b, lower=False, overwrite_a=False, overwrite_b=False, '
                                'check_finite=True, assume_a=None, transposed=False',
            a='scipy_solve_adjoint(g, a, b, ans, assume_a, transposed, 0)',
            b='scipy_solve_adjoint(g, a, b, ans, assume_a, transposed, 1)')
    adjoint(scipy_linalg.eigh, 'a, b=None, *, lower=True, eigvals_only=False, '
                               'overwrite_a=False, overwrite_b=False, type=1, '
                               'check_finite=True, subset_by_index=None, '
                               'subset_by_value=None, driver=None',
            a='eigh_or_eigvalsh(g, ans, a, lower, eigvals_only, b, subset_by_index, '
              'subset_by_value)')

