"""Rules of ``np.linalg``: inverses, determinants, solves, decompositions, norms.

All rules work on stacks of matrices.  ``cholesky``, ``eigh`` and
``eigvalsh`` read one triangle of their input (as NumPy does), so their
adjoint lives in that triangle; for an input built symmetric, such as
``x @ x.T``, the result downstream is the familiar symmetric gradient.
Decompositions assume distinct eigen/singular values and real input; see
:mod:`srcad.rules.linalg.helpers` for the formulas.
"""

import numpy as np

# the helper modules whose functions this module's templates call (importing registers them)
from .. import tangents as shared_tangents  # noqa: F401
from . import determinants, helpers, tangents as linalg_tangents  # noqa: F401
from ..registry import adjoint

la = np.linalg

adjoint(la.inv, 'a', a='-mT(ans) @ g @ mT(ans)', tangent={'a': '-(ans @ dot @ ans)'})
adjoint(la.det, 'a', a='det_adjoint(g, a, ans)',  # (singular a too: determinants.py)
        tangent={'a': 'det_tangent(dot, a, ans)'})
adjoint(la.slogdet, 'a', a='slogdet_adjoint(g, a, ans)',
        tangent={'a': 'TangentTuple((zero_tangent(ans[0]), slogdet_tangent(dot, a, ans)))'})
adjoint(la.solve, 'a, b', a='solve_da(g, a, b, ans)', b='solve_db(g, a, b)',
        tangent={'a': 'solve_tangent(dot, a, b, ans, 0)',
                 'b': 'solve_tangent(dot, a, b, ans, 1)'})
adjoint(la.cholesky, 'a, /, *, upper=False', a='cholesky_adjoint(g, ans, upper)',
        tangent={'a': 'cholesky_tangent(dot, ans, upper)'})
adjoint(la.eigh, 'a, UPLO="L"', a='eigh_adjoint(g, ans, UPLO)',
        tangent={'a': 'eigh_tangent(dot, ans, UPLO)'})
adjoint(la.eigvalsh, 'a, UPLO="L"', a='eigvalsh_adjoint(g, a, UPLO)',
        tangent={'a': 'eigvalsh_tangent(dot, a, UPLO)'})
adjoint(la.svd, 'a, full_matrices=True, compute_uv=True, hermitian=False',
        a='svd_adjoint(g, ans, a, full_matrices, compute_uv, hermitian)',
        tangent={'a': 'svd_tangent(dot, ans, a, full_matrices, compute_uv, hermitian)'})
adjoint(la.svdvals, 'x, /', x='svdvals_adjoint(g, x)', tangent={'x': 'svdvals_tangent(dot, x)'})
_CUTOFF = 'a cutoff for small singular values: the result is piecewise constant in it'
adjoint(la.pinv, 'a, rcond=None, hermitian=False, *, rtol=None', a='pinv_adjoint(g, a, ans)',
        tangent={'a': 'pinv_tangent(dot, a, ans)'}, constants=dict(rcond=_CUTOFF, rtol=_CUTOFF))
adjoint(la.qr, 'a, mode="reduced"', a='qr_adjoint(g, ans, a, mode)',
        tangent={'a': 'qr_tangent(dot, ans, a, mode)'})
adjoint(la.lstsq, 'a, b, rcond=None', a='lstsq_adjoint(g, ans, a, b, 0)',
        b='lstsq_adjoint(g, ans, a, b, 1)',
        tangent={'a': 'lstsq_tangent(dot, ans, a, b, 0)',
                 'b': 'lstsq_tangent(dot, ans, a, b, 1)'}, constants=dict(rcond=_CUTOFF))
adjoint(la.matrix_power, 'a, n', a='matrix_power_adjoint(g, a, n)',
        tangent={'a': 'matrix_power_tangent(dot, a, n)'})
adjoint(la.tensorinv, 'a, ind=2', a='tensorinv_adjoint(g, a, ans, ind)',
        tangent={'a': 'tensorinv_tangent(dot, a, ans, ind)'})
adjoint(la.norm, 'x, ord=None, axis=None, keepdims=False',
        x='norm_adjoint(g, x, ans, ord, axis, keepdims)',
        tangent={'x': 'norm_tangent(dot, x, ans, ord, axis, keepdims)'})
adjoint(la.vector_norm, 'x, /, *, axis=None, keepdims=False, ord=2',
        x='vector_norm_adjoint(g, x, ans, ord, axis, keepdims)',
        tangent={'x': 'vector_norm_tangent(dot, x, ans, ord, axis, keepdims)'})
adjoint(la.matrix_norm, 'x, /, *, keepdims=False, ord="fro"',
        x='matrix_norm_adjoint(g, x, ans, ord, (-2, -1), keepdims)',
        tangent={'x': 'matrix_norm_tangent(dot, x, ans, ord, keepdims)'},
        constants=dict(ord='one of a few fixed matrix norms'))
