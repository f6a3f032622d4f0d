"""The rest of ``scipy.linalg``: ``cho_factor``/``cho_solve``, ``lu_factor``/
``lu_solve``, ``lu``, ``logm``, ``solve_sylvester``, ``solve_continuous_lyapunov``,
``toeplitz``, ``circulant``, ``block_diag``, and complete rules for ``solve``
and ``inv`` (every ``assume_a``) and ``eigh`` (generalized ``eigh(a, b)``,
subsets), each in reverse and forward mode and to second order.

Loaded by :mod:`srcad.rules.scipy.loader` after the other SciPy rules: the rules of
``solve``, ``inv``, ``eigh`` and ``solve_sylvester`` declared here replace
the earlier ones.

* ``cho_factor(a)`` returns ``(c, lower)``: the factor in one triangle of ``c``
  and, in the other, ``a``'s own entries (SciPy up to 1.17 leaves them there;
  1.18 zeroes them), so the adjoint is Cholesky's in one triangle and, in the
  other, the identity or zero (``cho_other`` asks SciPy which);
  ``cho_solve((c, lower), b)`` reads the factor's triangle, and its adjoint
  reaches ``c`` through ``A = U.T @ U``.
* ``lu_factor``/``lu_solve``/``lu``: ``A = P L U`` with the pivoting held fixed
  (square matrices).
* ``solve``/``inv`` with ``assume_a``: the adjoint lives where SciPy reads the
  matrix (one triangle for ``'sym'``/``'her'``/``'pos'``, the diagonal, three
  diagonals, one triangle).
* ``logm``: its Frechet derivative, read off ``logm`` of a block-triangular
  matrix (``expm``'s rule does the same).
* ``eigh(a, b)`` (``type=1``): ``dw = diag(v.T (dA - w dB) v)``, with
  ``v.T B v = I``; distinct eigenvalues assumed, as for ``np.linalg.eigh``.
"""

from __future__ import annotations

import numpy as np

from . import eigh_helpers as he, linalg_helpers as hs
from ..runtime_helpers.second_order import forward_only, signature_of
from ..registry import adjoint, constant, linear, multilinear, nondifferentiable, register_helpers

BLOCKS = 8  # block_diag takes up to this many blocks
BLOCK_NAMES = [f'a{i}' for i in range(BLOCKS)]


# --- structured matrices: linear in their arguments --------------------------------------
def toeplitz_adjoint(g, c, r=None, which=0):
    """The adjoint of ``c`` (``which=0``) or ``r`` in ``scipy.linalg.toeplitz(c, r)``:
    the sums of ``g`` along the diagonals each entry fills."""
    g = np.asarray(g)
    m, n = g.shape[-2:]

    def diagonal_sum(k):
        return np.sum(np.diagonal(g, offset=k, axis1=-2, axis2=-1), axis=-1)
    if which == 0:
        out = np.stack([diagonal_sum(-k) for k in range(m)], axis=-1)
        if r is None:  # r = conj(c): the upper diagonals read c too
            out[..., 1:] += np.conj(np.stack([diagonal_sum(k) for k in range(1, n)], axis=-1)) \
                if n > 1 else 0
        return np.reshape(out, np.shape(c)) if np.ndim(c) else out
    out = np.stack([np.zeros(g.shape[:-2], dtype=g.dtype)]
                   + [diagonal_sum(k) for k in range(1, n)], axis=-1)
    return np.reshape(out, np.shape(r)) if np.ndim(r) else out


def circulant_adjoint(g, c):
    """The adjoint of ``c`` in ``scipy.linalg.circulant(c)``: ``C[i, j] = c[(i - j) % n]``."""
    g = np.asarray(g)
    n = g.shape[-1]
    i = np.arange(n)
    where = (i[:, None] - i[None, :]) % n
    return np.stack([np.sum(g[..., where == k], axis=-1) for k in range(n)], axis=-1)


def _block_shapes(blocks):
    """The 2-d shapes ``block_diag`` gives its blocks (``None``: no block)."""
    return [np.atleast_2d(b).shape if np.ndim(b) else (1, 1) for b in blocks if b is not None]


def block_diag_adjoint(g, k, a0=None, a1=None, a2=None, a3=None, a4=None, a5=None, a6=None,
                       a7=None):
    """The adjoint of the ``k``-th block of ``scipy.linalg.block_diag(a0, a1, ...)``."""
    blocks = (a0, a1, a2, a3, a4, a5, a6, a7)
    shapes = _block_shapes(blocks)
    r0, c0 = (sum(s[0] for s in shapes[:k]), sum(s[1] for s in shapes[:k]))
    rows, cols = shapes[k]
    return np.reshape(np.asarray(g)[r0:r0 + rows, c0:c0 + cols], np.shape(blocks[k]))


def block_diag_part(dot, k, a0=None, a1=None, a2=None, a3=None, a4=None, a5=None, a6=None,
                    a7=None):
    """The tangent of ``block_diag(a0, a1, ...)`` when only the ``k``-th block moves."""
    import scipy.linalg
    blocks = (a0, a1, a2, a3, a4, a5, a6, a7)
    parts = [np.zeros(np.shape(b)) for b in blocks if b is not None]
    parts[k] = dot
    return scipy.linalg.block_diag(*parts)


def _block_diag_signature():
    return ', '.join(f'{name}=None' for name in BLOCK_NAMES)


def _declare_factorizations(sla):
    # cho_factor / cho_solve: the (c, lower) tuple carries the factor
    adjoint(sla.cho_factor, 'a, lower=False, overwrite_a=False, check_finite=True',
            a='cholesky_adjoint(triangle(g[0], lower), triangle(ans[0], lower), not lower)'
              ' + cho_other(g[0], lower)',
            tangent=dict(a='TangentTuple((cholesky_tangent(dot, triangle(ans[0], lower), not lower)'
                           ' + cho_other(dot, lower), zero_tangent(lower)))'))
    chol = 'cho_matrix(c_and_lower[0], c_and_lower[1])'
    adjoint(sla.cho_solve, 'c_and_lower, b, overwrite_b=False, check_finite=True',
            c_and_lower=f'factor_adjoint(cho_project(solve_da(g, {chol}, b, ans), '
                        f'c_and_lower[0], c_and_lower[1]))',
            b=f'solve_db(g, {chol}, b)',
            tangent=dict(c_and_lower=f'solve_tangent(cho_matrix_tangent(dot[0], c_and_lower[0], '
                                     f'c_and_lower[1]), {chol}, b, ans, 0)',
                         b=f'solve_tangent(dot, {chol}, b, ans, 1)'))
    for fn, param in ((hs.triangle, 'x'), (hs.cho_other, 'g'), (hs.factor_adjoint, 'g')):
        linear(fn, param, signature=signature_of(fn))
    forward_only(hs.cho_matrix, c='cho_matrix_tangent(dot, c, lower)')
    multilinear(hs.cho_project, 'g', 'c', signature=signature_of(hs.cho_project))

    # lu_factor / lu_solve / lu: A = P L U, the pivoting fixed
    adjoint(sla.lu_factor, 'a, overwrite_a=False, check_finite=True',
            a='lu_factor_adjoint(g, ans)', tangent=dict(a='lu_factor_tangent(dot, ans)'))
    forward_only(hs.lu_factor_adjoint, g='lu_factor_adjoint(dot, result)',
                 result='lu_factor_adjoint_tangent(dot, g, result)')
    lu_a = 'lu_matrix(lu_and_piv[0], lu_and_piv[1], trans)'
    adjoint(sla.lu_solve, 'lu_and_piv, b, trans=0, overwrite_b=False, check_finite=True',
            lu_and_piv=f'factor_adjoint(lu_project(solve_da(g, {lu_a}, b, ans), '
                       f'lu_and_piv[0], lu_and_piv[1], trans))',
            b=f'solve_db(g, {lu_a}, b)',
            tangent=dict(lu_and_piv=f'solve_tangent(lu_matrix_tangent(dot[0], lu_and_piv[0], '
                                    f'lu_and_piv[1], trans), {lu_a}, b, ans, 0)',
                         b=f'solve_tangent(dot, {lu_a}, b, ans, 1)'))
    forward_only(hs.lu_matrix, lu='lu_matrix_tangent(dot, lu, piv, trans)')
    forward_only(hs.lu_project, g='lu_project(dot, lu, piv, trans, d_lu)',
                 lu='lu_project(g, lu, piv, trans, dot)')
    LU = 'permute_l, p_indices'
    adjoint(sla.lu, 'a, permute_l=False, overwrite_a=False, check_finite=True, p_indices=False',
            a=f'lu_adjoint(g, ans, a, {LU})', tangent=dict(a=f'lu_tangent(dot, ans, a, {LU})'))
    forward_only(hs.lu_adjoint, g=f'lu_adjoint(dot, result, a, {LU})',
                 result=f'lu_adjoint_tangent(dot, g, result, a, {LU})')
    constant(sla.lu, permute_l='a flag', p_indices='a flag')


def _declare_solves(sla):
    # solve and inv with every assume_a: the matrix as SciPy reads it
    STRUCT = 'assume_a, lower, transposed'
    k = f'structured(a, {STRUCT})'
    adjoint(sla.solve, 'a, b, lower=False, overwrite_a=False, overwrite_b=False, '
                       'check_finite=True, assume_a=None, transposed=False',
            a=f'unstructured(solve_da(g, {k}, b, ans), {STRUCT})',
            b=f'solve_db(g, {k}, b)',
            tangent=dict(a=f'solve_tangent(structured(dot, {STRUCT}), {k}, b, ans, 0)',
                         b=f'solve_tangent(dot, {k}, b, ans, 1)'))
    adjoint(sla.inv, 'a, overwrite_a=False, check_finite=True, *, assume_a=None, lower=False',
            a='unstructured(-mT(ans) @ g @ mT(ans), inv_assume(assume_a), lower)',
            tangent=dict(a='-(ans @ structured(dot, inv_assume(assume_a), lower) @ ans)'))
    nondifferentiable(hs.inv_assume)
    linear(hs.structured, 'a', signature=signature_of(hs.structured))
    linear(hs.unstructured, 'g', signature=signature_of(hs.unstructured))

    # A X + X B = Q and A X + X A.T = Q
    y = 'scipy_linalg.solve_sylvester(mT(a), mT(b), g)'
    adjoint(sla.solve_sylvester, 'a, b, q', q=y, a=f'-({y}) @ mT(ans)', b=f'-mT(ans) @ ({y})',
            tangent=dict(a='scipy_linalg.solve_sylvester(a, b, -(dot @ ans))',
                         b='scipy_linalg.solve_sylvester(a, b, -(ans @ dot))',
                         q='scipy_linalg.solve_sylvester(a, b, dot)'))
    y = 'scipy_linalg.solve_continuous_lyapunov(mT(a), g)'
    adjoint(sla.solve_continuous_lyapunov, 'a, q', q=y,
            a=f'-(({y}) @ mT(ans) + mT({y}) @ ans)',
            tangent=dict(a='scipy_linalg.solve_continuous_lyapunov('
                           'a, -(dot @ ans + ans @ mT(dot)))',
                         q='scipy_linalg.solve_continuous_lyapunov(a, dot)'))


def _declare_functions(sla):
    adjoint(sla.logm, 'A', A='logm_adjoint(g, A)', tangent=dict(A='frechet_logm(A, dot)'))
    forward_only(hs.logm_adjoint, g='logm_adjoint(dot, A)', A='logm_adjoint_tangent(dot, g, A)')

    EIGH = 'a, b, lower, eigvals_only, type, subset_by_index, subset_by_value'
    adjoint(sla.eigh, 'a, b=None, *, lower=True, eigvals_only=False, overwrite_a=False, '
                      'overwrite_b=False, type=1, check_finite=True, subset_by_index=None, '
                      'subset_by_value=None, driver=None',
            a=f'eigh_ab_adjoint(g, ans, {EIGH}, 0)', b=f'eigh_ab_adjoint(g, ans, {EIGH}, 1)',
            tangent=dict(a=f'eigh_ab_tangent(dot, ans, {EIGH}, 0)',
                         b=f'eigh_ab_tangent(dot, ans, {EIGH}, 1)'))
    constant(sla.eigh, subset_by_index='an index range',
             subset_by_value='a selection range: piecewise constant')
    forward_only(he.eigh_ab_adjoint, g=f'eigh_ab_adjoint(dot, result, {EIGH}, which)',
                 a=f'eigh_ab_adjoint_tangent(dot, g, result, {EIGH}, which, 0)',
                 b=f'eigh_ab_adjoint_tangent(dot, g, result, {EIGH}, which, 1)')

    # structured matrices built from vectors: linear
    adjoint(sla.toeplitz, 'c, r=None', c='toeplitz_adjoint(g, c, r, 0)',
            r='toeplitz_adjoint(g, c, r, 1)',
            tangent=dict(c='scipy_linalg.toeplitz('
                           'dot, None if r is None else np.zeros(np.shape(r)))',
                         r='scipy_linalg.toeplitz(np.zeros(np.shape(c)), dot)'))
    adjoint(sla.circulant, 'c', c='circulant_adjoint(g, c)',
            tangent=dict(c='scipy_linalg.circulant(dot)'))
    blocks = ', '.join(BLOCK_NAMES)
    adjoint(sla.block_diag, _block_diag_signature(), **{
        name: f'block_diag_adjoint(g, {k}, {blocks})' for k, name in enumerate(BLOCK_NAMES)},
            tangent=dict(**{name: f'block_diag_part(dot, {k}, {blocks})'
                            for k, name in enumerate(BLOCK_NAMES)}))
    for fn in (toeplitz_adjoint, circulant_adjoint, block_diag_adjoint):
        linear(fn, 'g', signature=signature_of(fn))


def load(sla) -> None:
    """Declare the rules (called once SciPy's other rules are in place)."""
    from ...compiler import containers
    register_helpers({**hs.HELPERS, **he.HELPERS})
    # (c, lower) and (lu, piv) are tuples the solvers take apart, not arrays
    containers.SEQUENCE_PARAMETERS.update({(sla.cho_solve, 'c_and_lower'),
                                           (sla.lu_solve, 'lu_and_piv')})
    register_helpers({f.__name__: f for f in (toeplitz_adjoint, circulant_adjoint,
                                              block_diag_adjoint, block_diag_part)})
    _declare_factorizations(sla)
    _declare_solves(sla)
    _declare_functions(sla)
