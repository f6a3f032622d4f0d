"""Rules of ``scipy.linalg`` (registered only when SciPy is installed).

SciPy's ``cholesky`` returns the upper factor by default and reads only one
triangle of its input; the adjoint lives in that triangle, as for :mod:`srcad.rules.linalg.rules`.
``solve``, ``inv``, ``eigh`` and the rest of ``scipy.linalg``: :mod:`srcad.rules.scipy.linalg_more`.
"""

import numpy as np

from ..linalg.helpers import mT
# the helper modules whose functions this module's templates call (importing registers them)
from ..linalg import determinants, helpers, tangents  # noqa: F401
from . import linalg_helpers  # noqa: F401
from ..registry import adjoint, register_helpers

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


if scipy_linalg is not None:
    register_helpers({f.__name__: f for f in (solve_triangular_adjoint, expm_adjoint)})
    register_helpers({'scipy_linalg': scipy_linalg})
    adjoint(scipy_linalg.solve_triangular,
            'a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False, '
            'check_finite=True',
            a='solve_triangular_adjoint(g, a, b, ans, trans, lower, unit_diagonal, 0)',
            b='solve_triangular_adjoint(g, a, b, ans, trans, lower, unit_diagonal, 1)',
            tangent={'a': 'solve_triangular_tangent(dot, a, b, ans, trans, lower, unit_diagonal, '
                          '0)',
                     'b': 'solve_triangular_tangent(dot, a, b, ans, trans, lower, unit_diagonal, '
                          '1)'})
    adjoint(scipy_linalg.expm, 'A', A='expm_adjoint(g, A)', tangent={'A': 'expm_tangent(dot, A)'})
    adjoint(scipy_linalg.sqrtm, 'A', A='scipy_linalg.solve_sylvester(mT(ans), mT(ans), g)',
            tangent={'A': 'scipy_linalg.solve_sylvester(ans, ans, dot)'})
    adjoint(scipy_linalg.cholesky, 'a, lower=False, overwrite_a=False, check_finite=True',
            a='cholesky_adjoint(g, ans, not lower)',
            tangent={'a': 'cholesky_tangent(dot, ans, not lower)'})
    adjoint(scipy_linalg.det, 'a, overwrite_a=False, check_finite=True',
            a='det_adjoint(g, a, ans)', tangent={'a': 'det_tangent(dot, a, ans)'})
