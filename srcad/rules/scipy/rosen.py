"""``scipy.optimize.rosen`` and ``rosen_der`` (loaded with ``scipy.optimize``'s rules).

Since SciPy 1.15 their source goes through ``array_namespace``, which srcad does not
follow; these rules stand for them.  ``rosen(x)`` sums along axis 0, so ``x`` receives
``g * rosen_der(x)``; ``rosen_der(x)`` is the gradient, so ``x`` receives the Hessian
(symmetric) times ``g``, :func:`rosen_hessian_times` (any shape, along axis 0).  Its own
derivative (second order of ``rosen_der``) is differentiated from its source.
"""

from __future__ import annotations

import numpy as np


def rosen_hessian_times(x, p):
    """``H(x) @ p`` for the Hessian ``H`` of ``scipy.optimize.rosen`` at ``x`` (along
    axis 0; ``p`` shaped like ``x``)."""
    x = np.asarray(x, dtype=float)
    p = np.asarray(p, dtype=float) + np.zeros(x.shape)
    first = (1200 * x[:1] ** 2 - 400 * x[1:2] + 2) * p[:1] - 400 * x[:1] * p[1:2]
    middle = (-400 * x[:-2] * p[:-2] + (202 + 1200 * x[1:-1] ** 2 - 400 * x[2:]) * p[1:-1]
              - 400 * x[1:-1] * p[2:])
    last = -400 * x[-2:-1] * p[-2:-1] + 200 * p[-1:]
    return np.concatenate([first, middle, last], axis=0)


def declare() -> None:
    from scipy import optimize
    from ..registry import adjoint, register_helpers
    from ..runtime_helpers.second_order import DERIVED
    register_helpers({'rosen_hessian_times': rosen_hessian_times,
                      'scipy_rosen_der': optimize.rosen_der})
    adjoint(optimize.rosen, 'x', x='g * scipy_rosen_der(x)',
            tangent={'x': 'np.sum(dot * scipy_rosen_der(x), axis=0)'},
            display_name='scipy.optimize.rosen')
    adjoint(optimize.rosen_der, 'x', x='rosen_hessian_times(x, g)',
            tangent={'x': 'rosen_hessian_times(x, dot)'},
            display_name='scipy.optimize.rosen_der')
    DERIVED.append(rosen_hessian_times)
