"""``scipy.integrate.trapezoid``, ``simpson`` and ``cumulative_trapezoid`` (loaded with
SciPy's other rules).

Since SciPy 1.16 their source goes through ``array_namespace``, which srcad does not
follow; these rules stand for them in every version.  Each is linear in the sampled
values ``y``, differentiable there (reverse, forward and second order); the sample
points ``x`` and the spacing ``dx`` are refused when differentiated.  ``simpson``'s
weights (which depend on ``x`` and on whether the number of samples is even) are read
off ``simpson`` itself applied to unit vectors, so they are SciPy's in every version.
"""

from __future__ import annotations

import numpy as np

from ...errors import RuntimeCheckError


def _points(x, n):
    """The 1-D sample points ``x`` (None: spacing only); refuses any other shape."""
    if x is None:
        return None
    x = np.asarray(x)
    if x.ndim != 1 or x.shape[0] != n:
        raise RuntimeCheckError(
            'srcad differentiates scipy.integrate quadrature with 1-D sample points x '
            '(as many as y has along axis) only', hint='pass x as a 1-D array')
    return x


def simpson_weights(n, x=None, dx=1.0):
    """The weights ``w`` with ``simpson(y, x=x, dx=dx) == w @ y`` for ``n`` samples."""
    from scipy import integrate
    x = _points(x, n)
    if n < 2:
        return np.zeros(n)
    out = []
    for start in range(0, n, 512):
        rows = np.arange(start, min(n, start + 512))
        unit = np.zeros((len(rows), n))
        unit[np.arange(len(rows)), rows] = 1.0
        out.append(integrate.simpson(unit, x=x, dx=dx, axis=-1))
    return np.concatenate(out)


def simpson_adjoint(g, y, x=None, dx=1.0, axis=-1):
    """The adjoint of ``y`` in ``scipy.integrate.simpson(y, x=x, dx=dx, axis=axis)``."""
    y = np.asarray(y)
    axis = axis % y.ndim
    w = simpson_weights(y.shape[axis], x, dx)
    shape = [1] * y.ndim
    shape[axis] = y.shape[axis]
    return np.expand_dims(g, axis) * w.reshape(shape) + np.zeros(y.shape)


def cumulative_trapezoid_adjoint(g, y, x=None, dx=1.0, axis=-1, initial=None):
    """The adjoint of ``y`` in ``scipy.integrate.cumulative_trapezoid(y, x, dx, axis,
    initial)``: ``out[k] = sum_{i <= k} d_i (y_i + y_{i+1}) / 2``, so ``y_j`` receives
    ``(d_j G_j + d_{j-1} G_{j-1}) / 2`` with ``G`` the reversed cumulative sum of ``g``."""
    y = np.asarray(y)
    axis = axis % y.ndim
    n = y.shape[axis]
    x = _points(x, n)
    g = np.moveaxis(np.asarray(g, dtype=float), axis, -1)
    if initial is not None:
        g = g[..., 1:]   # (the first entry is the constant initial)
    d = np.diff(x) if x is not None else np.full(n - 1, float(dx))
    G = np.flip(np.cumsum(np.flip(g, -1), axis=-1), -1) * d / 2.0
    zero = np.zeros(G.shape[:-1] + (1,))
    out = np.concatenate([G, zero], axis=-1) + np.concatenate([zero, G], axis=-1)
    return np.moveaxis(out, -1, axis)


HELPERS = {f.__name__: f for f in (simpson_adjoint, cumulative_trapezoid_adjoint)}


def declare() -> None:
    from scipy import integrate
    from ..registry import adjoint, linear, nondifferentiable, register_helpers
    from ..runtime_helpers.second_order import signature_of
    from ..reductions.helpers import trapezoid_adjoint
    register_helpers(dict(HELPERS, scipy_integrate=integrate,
                          trapezoid_adjoint=trapezoid_adjoint))
    adjoint(integrate.trapezoid, 'y, x=None, dx=1.0, axis=-1',
            y='trapezoid_adjoint(g, y, x, dx, axis)',
            tangent={'y': 'scipy_integrate.trapezoid(dot, x, dx, axis)'})
    adjoint(integrate.simpson, 'y, *, x=None, dx=1.0, axis=-1',
            y='simpson_adjoint(g, y, x, dx, axis)',
            tangent={'y': 'scipy_integrate.simpson(dot, x=x, dx=dx, axis=axis)'})
    adjoint(integrate.cumulative_trapezoid, 'y, x=None, dx=1.0, axis=-1, initial=None',
            y='cumulative_trapezoid_adjoint(g, y, x, dx, axis, initial)',
            tangent={'y': 'scipy_integrate.cumulative_trapezoid(dot, x, dx, axis, '
                          '0.0 if initial is not None else None)'})
    for fn in (simpson_adjoint, cumulative_trapezoid_adjoint):
        linear(fn, 'g', signature=signature_of(fn))
    nondifferentiable(simpson_weights)
    from .. import registry
    for fn in (integrate.trapezoid, integrate.simpson, integrate.cumulative_trapezoid):
        names = registry.lookup(fn).signature.names
        registry.constant(fn, **{p: None for p in ('x', 'dx', 'initial') if p in names})
