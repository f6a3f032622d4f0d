"""``scipy.linalg.svd`` and ``svdvals`` (loaded with SciPy's other linalg rules).

The derivative is NumPy's (:func:`srcad.rules.linalg.helpers.svd_adjoint`: real
input, distinct singular values).  With ``full_matrices=True`` (SciPy's default) a
non-square matrix gets extra columns of ``U`` (or rows of ``Vh``) that are any
orthonormal completion LAPACK picks: they have no derivative.  Reverse mode
refuses, when it runs, an output depending on them (``s`` and the first
``min(m, n)`` columns are fine); forward mode cannot tell, and refuses
``full_matrices=True`` on a non-square matrix (pass ``full_matrices=False``).
"""

from __future__ import annotations

import numpy as np

from ...errors import RuntimeCheckError
from ..elementwise.helpers import is_zero
from ..linalg.helpers import svd_adjoint, svdvals_adjoint
from ..linalg.tangents import svd_tangent, svdvals_tangent
from ..registry import adjoint, constant, register_helpers

EXTRA = ('srcad has no derivative of the extra columns of U (or rows of Vh) that '
         'scipy.linalg.svd(a, full_matrices=True) returns for a non-square matrix: they are '
         'any orthonormal completion LAPACK picks')
HINT = 'pass full_matrices=False (the first min(m, n) columns and s are differentiable)'


def scipy_svd_adjoint(g, ans, a, full_matrices=True, compute_uv=True):
    """The adjoint of ``a`` in ``scipy.linalg.svd(a, full_matrices, compute_uv)``;
    refuses an adjoint reaching the extra columns of a full ``U`` or ``Vh``."""
    if compute_uv and full_matrices:
        gu, gvh = g[0], g[2]
        k = min(np.shape(a)[-2:])
        if (not is_zero(gu) and np.any(np.asarray(gu)[..., :, k:] != 0)) or (
                not is_zero(gvh) and np.any(np.asarray(gvh)[..., k:, :] != 0)):
            raise RuntimeCheckError(EXTRA, hint=HINT)
    return svd_adjoint(g, ans, a, full_matrices, compute_uv)


def scipy_svd_tangent(dot, ans, a, full_matrices=True, compute_uv=True):
    """The tangents of ``scipy.linalg.svd(a, full_matrices, compute_uv)`` (refused for
    the full factors of a non-square matrix)."""
    m, n = np.shape(a)[-2:]
    if compute_uv and full_matrices and m != n:
        raise RuntimeCheckError(EXTRA + ' (in forward mode srcad cannot tell whether they are '
                                'used)', hint=HINT)
    return svd_tangent(dot, ans, a, full_matrices, compute_uv)


def declare(sla) -> None:
    register_helpers({'scipy_svd_adjoint': scipy_svd_adjoint,
                      'scipy_svd_tangent': scipy_svd_tangent,
                      'svdvals_adjoint': svdvals_adjoint, 'svdvals_tangent': svdvals_tangent})
    adjoint(sla.svd, "a, full_matrices=True, compute_uv=True, overwrite_a=False, "
                     "check_finite=True, lapack_driver='gesdd'",
            a='scipy_svd_adjoint(g, ans, a, full_matrices, compute_uv)',
            tangent={'a': 'scipy_svd_tangent(dot, ans, a, full_matrices, compute_uv)'})
    constant(sla.svd, lapack_driver='a choice of LAPACK routine')
    adjoint(sla.svdvals, 'a, overwrite_a=False, check_finite=True',
            a='svdvals_adjoint(g, a)', tangent={'a': 'svdvals_tangent(dot, a)'})
