"""The adjoints of matrix products (``x @ y``, ``np.dot``) for every operand rank.

Plain NumPy, safe to export with the generated code.
"""

from __future__ import annotations

import numpy as np

from .shapes import _ndarray, unbroadcast


def _swap(a):
    return np.swapaxes(a, -1, -2)


def _promote_matmul(g, x, y):
    """View ``x @ y`` with 1-D operands promoted to matrices, as NumPy does."""
    x, y = np.asarray(x), np.asarray(y)
    xp = x[None, :] if x.ndim == 1 else x
    yp = y[:, None] if y.ndim == 1 else y
    gp = np.asarray(g)
    if y.ndim == 1:
        gp = gp[..., None]
    if x.ndim == 1:
        gp = gp[..., None, :]
    return gp, xp, yp


def matmul_dx(g, x, y):
    """The adjoint of ``x`` in ``x @ y`` (1-D, 2-D and batched operands)."""
    if type(x) is _ndarray and type(y) is _ndarray and x.ndim == 2 and y.ndim == 2:
        return g @ y.T
    gp, xp, yp = _promote_matmul(g, x, y)
    return np.reshape(unbroadcast(gp @ _swap(yp), xp), np.shape(x))


def matmul_dy(g, x, y):
    """The adjoint of ``y`` in ``x @ y`` (1-D, 2-D and batched operands)."""
    if type(x) is _ndarray and type(y) is _ndarray and x.ndim == 2 and y.ndim == 2:
        return x.T @ g
    gp, xp, yp = _promote_matmul(g, x, y)
    return np.reshape(unbroadcast(_swap(xp) @ gp, yp), np.shape(y))


def dot_da(g, a, b):
    """The adjoint of ``a`` in ``np.dot(a, b)`` for every operand rank."""
    if np.ndim(a) == 0 or np.ndim(b) == 0:
        return unbroadcast(g * b, a)
    if np.ndim(b) <= 2:
        return matmul_dx(g, a, b)
    a_nd, b_nd = np.ndim(a), np.ndim(b)
    b_axes = [i for i in range(b_nd) if i != b_nd - 2]
    return np.tensordot(g, b, axes=(list(range(a_nd - 1, np.ndim(g))), b_axes))


def dot_db(g, a, b):
    """The adjoint of ``b`` in ``np.dot(a, b)`` for every operand rank."""
    if np.ndim(a) == 0 or np.ndim(b) == 0:
        return unbroadcast(g * a, b)
    if np.ndim(b) <= 2:
        return matmul_dy(g, a, b)
    lead = list(range(np.ndim(a) - 1))
    return np.moveaxis(np.tensordot(a, g, axes=(lead, lead)), 0, -2)
