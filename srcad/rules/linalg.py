"""Rules of ``np.linalg``: inverses, determinants, solves, decompositions, norms.

All rules work on stacks of matrices.  ``cholesky``, ``eigh`` and
``eigvalsh`` read one triangle of their input (as NumPy does), so their
adjoint lives in that triangle; for an input built symmetric, such as
``x @ x.T``, the result downstream is the familiar symmetric gradient.
Decompositions assume distinct eigen/singular values and real input; see
:mod:`.helpers_linalg` for the formulas.
"""

import numpy as np

from . import helpers_linalg  # noqa: F401  (registers the helpers)
from .registry import adjoint

la = np.linalg

adjoint(la.inv, 'a', a='-mT(ans) @ g @ mT(ans)')
adjoint(la.det, 'a', a='expand_matrix(g * ans) * mT(np.linalg.inv(a))')
adjoint(la.slogdet, 'a', a='expand_matrix(g[1]) * mT(np.linalg.inv(a))')
adjoint(la.solve, 'a, b', a='solve_da(g, a, b, ans)', b='solve_db(g, a, b)')
adjoint(la.cholesky, 'a, /, *, upper=False', a='cholesky_adjoint(g, ans, upper)')
adjoint(la.eigh, 'a, UPLO="L"', a='eigh_adjoint(g, ans, UPLO)')
adjoint(la.eigvalsh, 'a, UPLO="L"', a='eigvalsh_adjoint(g, a, UPLO)')
adjoint(la.svd, 'a, full_matrices=True, compute_uv=True, hermitian=False',
        a='svd_adjoint(g, ans, a, full_matrices, compute_uv, hermitian)')
adjoint(la.svdvals, 'x, /', x='svdvals_adjoint(g, x)')
adjoint(la.pinv, 'a, rcond=None, hermitian=False, *, rtol=None', a='pinv_adjoint(g, a, ans)')
adjoint(la.qr, 'a, mode="reduced"', a='qr_adjoint(g, ans, a, mode)')
adjoint(la.lstsq, 'a, b, rcond=None', a='lstsq_adjoint(g, ans, a, b, 0)',
        b='lstsq_adjoint(g, ans, a, b, 1)')
adjoint(la.matrix_power, 'a, n', a='matrix_power_adjoint(g, a, n)')
adjoint(la.tensorinv, 'a, ind=2', a='tensorinv_adjoint(g, a, ans, ind)')
adjoint(la.norm, 'x, ord=None, axis=None, keepdims=False',
        x='norm_adjoint(g, x, ans, ord, axis, keepdims)')
adjoint(la.vector_norm, 'x, /, *, axis=None, keepdims=False, ord=2',
        x='vector_norm_adjoint(g, x, ans, ord, axis, keepdims)')
adjoint(la.matrix_norm, 'x, /, *, keepdims=False, ord="fro"',
        x='matrix_norm_adjoint(g, x, ans, ord, (-2, -1), keepdims)')
