"""Tangents of the norm adjoint helpers (``vector_norm_adjoint``, ``matrix_norm_adjoint``,
``norm_adjoint``): what forward mode over a generated gradient (``hvp``) calls for
``np.linalg.norm``.

The other adjoint helpers of ``np.linalg`` and ``scipy.linalg`` (``solve_da``,
``eigh_adjoint``, ``svd_adjoint``...) have no hand-written tangent: srcad derives it
from their source (:data:`srcad.rules.runtime_helpers.second_order.DERIVED`).  It could derive these
too, but the first ``hvp`` of a function of ``np.linalg.norm`` would pay some 55 ms
to compile them (see :mod:`srcad.rules.runtime_helpers.second_order`).  Each is the derivative of the
helper of the same stem along ``dot``, with respect to the argument ``wrt`` names
(the adjoint ``g`` enters linearly and is handled by the rule itself).
"""

from __future__ import annotations

import numpy as np

from ...runtime import expand_reduced, unreduce
from .helpers import mT
from ..elementwise.kinks import refuse_kink
from .tangents import svd_parts_tangent
from ..registry import register_helpers


def vector_norm_adjoint_tangent(dot, g, x, ans, ord=2, axis=None, keepdims=False, wrt='x'):
    """The tangent of ``vector_norm_adjoint(g, x, ans, ord, axis, keepdims)`` from ``x``
    or ``ans`` (real ``x``; the 1, inf and 0 norms' adjoints are piecewise constant)."""
    x, dot = np.asarray(x), np.asarray(dot)  # a list (argument) and its tangent, as NumPy reads them
    zero = np.zeros(x.shape, dtype=np.result_type(x, dot, g))
    if ord == 0:
        return zero
    ge = unreduce(g, x, axis, keepdims)
    ne = expand_reduced(ans, x, axis, keepdims)
    if wrt == 'x' and ord == 1 and not np.all(x):  # (kinks: srcad.rules.elementwise.kinks)
        refuse_kink('np.linalg.norm(x, 1) at a zero entry', (x == 0) & (dot != 0) & (ge != 0))
    elif wrt == 'x' and not np.all(ne):  # (x / |x| at 0)
        refuse_kink('a norm at exactly 0', (ne == 0) & _along(dot, x, axis) & (ge != 0))
    if ord == 1 or ord is not None and np.isinf(ord):
        return zero
    safe = np.where(ne == 0, 1, ne)
    if ord is None or ord == 2:
        if wrt == 'x':
            return ge * np.conj(dot) / safe
        d_ne = expand_reduced(dot, x, axis, keepdims)
        return np.where(ne == 0, 0, -ge * np.conj(x) * d_ne / safe ** 2)
    sign, ratio = np.sign(x), np.abs(x) / safe
    if wrt == 'x':
        return ge * sign * sign * (ord - 1) * ratio ** (ord - 2) * dot / safe
    d_ne = expand_reduced(dot, x, axis, keepdims)
    return -ge * sign * (ord - 1) * ratio ** (ord - 1) * d_ne / safe


def matrix_norm_adjoint_tangent(dot, g, x, ans, ord='fro', axis=(-2, -1), keepdims=False,
                                wrt='x'):
    """The tangent of ``matrix_norm_adjoint(g, x, ans, ord, axis, keepdims)`` from ``x``
    or ``ans`` (the 1 and inf norms' adjoints are piecewise constant)."""
    x = np.asarray(x)
    axis = tuple(i % x.ndim for i in axis)
    zero = np.zeros(x.shape, dtype=np.result_type(x, dot, g))
    xm = np.moveaxis(x, axis, (-2, -1))
    gm = np.moveaxis(g, axis, (-2, -1)) if keepdims else np.asarray(g)[..., None, None]
    nm = np.moveaxis(ans, axis, (-2, -1)) if keepdims else np.asarray(ans)[..., None, None]
    safe = np.where(nm == 0, 1, nm)
    if wrt == 'x' and not np.all(nm):  # (x / |x| at 0: srcad.rules.elementwise.kinks)
        dm = np.abs(np.moveaxis(np.broadcast_to(dot, x.shape), axis, (-2, -1)))
        refuse_kink('a matrix norm at exactly 0', (nm == 0) & (gm != 0)
                    & (np.sum(dm, axis=(-2, -1), keepdims=True) != 0))
    if ord in ('fro', 'f', None):
        if wrt == 'x':
            d = np.moveaxis(dot, axis, (-2, -1)) / safe
        else:
            dn = np.moveaxis(dot, axis, (-2, -1)) if keepdims else np.asarray(dot)[..., None, None]
            d = -xm * dn / safe ** 2
    elif ord in ('nuc', 2, -2) and wrt == 'x':
        u, s, vh = np.linalg.svd(xm, full_matrices=False)
        du, _, dv = svd_parts_tangent(np.moveaxis(dot, axis, (-2, -1)), u, s, vh)
        dvh = mT(dv)
        if ord == 'nuc':
            d = du @ vh + u @ dvh
        else:
            k = slice(0, 1) if ord == 2 else slice(-1, None)
            d = du[..., :, k] @ vh[..., k, :] + u[..., :, k] @ dvh[..., k, :]
    else:
        return zero
    return np.moveaxis(gm * np.where(nm == 0, 0, d), (-2, -1), axis)


def _along(dot, x, axis):
    """Where (expanded like ``ne``) the direction ``dot`` of a norm's group is non-zero."""
    return np.sum(np.abs(np.broadcast_to(dot, x.shape)), axis=axis, keepdims=True) != 0


def norm_adjoint_tangent(dot, g, x, ans, ord=None, axis=None, keepdims=False, wrt='x'):
    """The tangent of ``norm_adjoint(g, x, ans, ord, axis, keepdims)`` (dispatching
    like it to the vector or matrix case)."""
    nd = np.ndim(x)
    if axis is None:
        if ord is None:
            return vector_norm_adjoint_tangent(dot, g, x, ans, 2, None, keepdims, wrt)
        axis = tuple(range(nd))
    axis = (axis,) if np.ndim(axis) == 0 else tuple(axis)
    if len(axis) == 1:
        return vector_norm_adjoint_tangent(dot, g, x, ans, ord, axis[0], keepdims, wrt)
    return matrix_norm_adjoint_tangent(dot, g, x, ans, ord, axis, keepdims, wrt)


HELPERS = {f.__name__: f for f in (
    vector_norm_adjoint_tangent, matrix_norm_adjoint_tangent, norm_adjoint_tangent)}
register_helpers(HELPERS)
