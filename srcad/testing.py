"""Checking derivatives against finite differences.

Every test of srcad reuses these two checks: :func:`check_grad` for a whole
compiled gradient, :func:`check_rule` for one registered rule.  Both compare
the directional derivative along random directions with a central finite
difference in float64.
"""

from __future__ import annotations

import copy

import numpy as np


def _as_float_array(x):
    return np.array(x, dtype=np.float64)


def numeric_vjp(fn, args, index, g, eps=1e-6):
    """``<g, d fn(args) / d args[index]>`` along a random direction, and that direction.

    Returns ``(direction, finite-difference directional derivative)``.
    """
    rng = np.random.default_rng(index + 7)
    x = _as_float_array(args[index])
    v = rng.standard_normal(x.shape)

    def at(t):
        moved = list(args)
        moved[index] = x + t * v if x.shape else float(x + t * v)
        return np.sum(np.asarray(fn(*moved), dtype=np.float64) * g)
    return v, (at(eps) - at(-eps)) / (2 * eps)


def assert_close(actual, expected, rtol=1e-5, atol=1e-7, what='derivative'):
    """Fail with both numbers shown unless ``actual`` is close to ``expected``."""
    if not np.allclose(actual, expected, rtol=rtol, atol=atol, equal_nan=False):
        raise AssertionError(f'{what} mismatch:\n  srcad:   {actual!r}\n  numeric: {expected!r}')


def check_grad(f, *args, wrt=0, gradient=None, directions=3, eps=1e-6, rtol=1e-5, atol=1e-7):
    """Check ``srcad.grad(f, wrt)`` (or ``gradient``) against finite differences.

    ``wrt`` is one position or a tuple of positions.  For each, the gradient's
    dot product with ``directions`` random directions is compared with a
    central difference of ``f``.

    >>> import numpy as np
    >>> check_grad(lambda x: np.sum(np.sin(x) ** 2), np.linspace(0, 1, 4))
    """
    from .api import grad
    positions = (wrt,) if isinstance(wrt, int) else tuple(wrt)
    if gradient is None:
        gradient = grad(f, wrt=positions if len(positions) > 1 else positions[0])
    grads = gradient(*args)
    grads = grads if len(positions) > 1 else (grads,)
    for pos, gx in zip(positions, grads):
        assert np.shape(gx) == np.shape(args[pos]), (
            f'gradient shape {np.shape(gx)} != input shape {np.shape(args[pos])}')
        for k in range(directions):
            rng = np.random.default_rng(1000 * pos + k)
            v = rng.standard_normal(np.shape(args[pos]))

            def at(t):
                moved = copy.deepcopy(list(args))  # f may write into its arguments
                moved[pos] = np.asarray(args[pos], dtype=np.float64) + t * v
                if not np.shape(args[pos]):
                    moved[pos] = float(moved[pos])
                return float(np.real(f(*moved)))
            numeric = (at(eps) - at(-eps)) / (2 * eps)
            assert_close(np.sum(np.asarray(gx) * v), numeric, rtol, atol,
                         f'd/d(arg {pos}) along a random direction')


def check_rule(rule, param, args, kwargs=None, eps=1e-6, rtol=1e-5, atol=1e-7):
    """Check one registered rule for ``param`` against finite differences.

    The rule's adjoint expression is evaluated as ordinary NumPy with a random
    output adjoint ``g``; its dot product with a random direction must match
    the finite difference of ``<g, fn(...)>``.
    """
    kwargs = dict(kwargs or {})
    fn = rule.impl
    names = list(rule.signature.params)
    bound = rule.bind_values(args, kwargs)
    ans = fn(*args, **kwargs)
    rng = np.random.default_rng(0)
    g = rng.standard_normal(np.shape(ans))
    g = g if np.shape(ans) else float(g)
    value = bound[param]
    v = rng.standard_normal(np.shape(value))

    def at(t):
        moved = dict(bound)
        moved[param] = np.asarray(value, dtype=np.float64) + t * v
        pos = [moved[n] for n in names[:len(args)] if n in moved]
        kw = {k: moved[k] for k in kwargs}
        if param not in kwargs and names.index(param) >= len(args):
            kw[param] = moved[param]
        return np.sum(np.asarray(fn(*pos, **kw)) * g)
    numeric = (at(eps) - at(-eps)) / (2 * eps)
    analytic = rule.evaluate(param, g, ans, *args, **kwargs)
    assert np.shape(analytic) == np.shape(value) or np.size(analytic) == np.size(value), (
        f'{rule.name}: adjoint of {param} has shape {np.shape(analytic)}, '
        f'expected {np.shape(value)}')
    assert_close(np.sum(np.asarray(analytic) * v), numeric, rtol, atol,
                 f'{rule.name} adjoint of {param!r}')
