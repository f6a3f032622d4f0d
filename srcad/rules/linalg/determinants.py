"""Adjoints and tangents of determinants that hold at singular matrices too.

The derivative of ``det(a)`` is the transposed adjugate, ``adj(a).T``, which exists for
every square ``a``; ``det(a) * inv(a)`` is the adjugate only where ``a`` is invertible
(a robot's Jacobian at a stretched-out pose, the volume of a degenerate simplex are
singular, and NumPy's ``inv`` raises there).  At a singular matrix the adjugate comes from
the SVD ``a = u @ diag(s) @ vh``: ``adj(a) = det(u) det(vh) vh.T @ diag(p) @ u.T`` with
``p[i]`` the product of the other singular values (Stewart, "On the adjugate matrix",
1998).  ``slogdet``'s derivative, ``inv(a).T``, is infinite at a singular matrix: refused.
"""

from __future__ import annotations

import numpy as np

from ...errors import RuntimeCheckError
from ...runtime.shapes import prod_others
from ..registry import register_helpers
from .helpers import expand_matrix, mT


def adjugate(a, det):
    """The adjugate of every matrix of the stack ``a``, whose determinants are ``det``."""
    a = np.asarray(a)
    if a.shape[-1] <= 2:  # (exact, and linear in the entries: [[d, -b], [-c, a]])
        return _swapped(a) if a.shape[-1] == 2 else np.ones_like(a)
    if np.all(det != 0):
        return expand_matrix(det) * np.linalg.inv(a)
    u, s, vh = np.linalg.svd(a)
    signs = np.linalg.det(u) * np.linalg.det(vh)
    return expand_matrix(signs) * (mT(vh) * prod_others(s, -1)[..., None, :]) @ mT(u)


def _swapped(m):
    """The adjugate of 2 x 2 matrices: ``[[d, -b], [-c, a]]``."""
    return np.stack([np.stack([m[..., 1, 1], -m[..., 0, 1]], -1),
                     np.stack([-m[..., 1, 0], m[..., 0, 0]], -1)], -2)


def det_adjoint(g, a, ans):
    """The adjoint of ``a`` in ``ans = np.linalg.det(a)``: ``g * adj(a).T``."""
    return expand_matrix(g) * mT(adjugate(a, ans))


def det_tangent(dot, a, ans):
    """The tangent of ``np.linalg.det(a)`` along ``dot``: ``trace(adj(a) @ dot)``."""
    return np.sum(mT(adjugate(a, ans)) * dot, axis=(-2, -1))


def det_adjoint_tangent(dot, g, a, ans):
    """The tangent of ``det_adjoint(g, a, ans)`` along ``dot`` (the tangent of ``a``;
    ``ans = det(a)`` moves with it): ``g * d adj(a)[dot].T``.  For invertible ``a``,
    ``d adj = adj tr(inv(a) dot) - inv(a) dot adj``; a 2 x 2 adjugate is linear in the
    entries (``d adj = adj(dot)``); a larger singular matrix is refused."""
    a, dot = np.asarray(a), np.asarray(dot)
    n = a.shape[-1]
    if n == 1:
        return np.zeros(np.broadcast_shapes(np.shape(expand_matrix(g)), a.shape))
    if n == 2:
        return expand_matrix(g) * mT(_swapped(dot))
    if np.any(ans == 0):
        raise RuntimeCheckError(
            f'the second derivative of np.linalg.det at a singular {n} x {n} matrix: srcad '
            'computes the first derivative (the adjugate) there, not the second',
            hint='differentiate once (grad, jvp), or move the matrix off singular')
    inv = np.linalg.inv(a)
    adj = expand_matrix(ans) * inv
    trace = np.sum(mT(inv) * dot, axis=(-2, -1))
    return expand_matrix(g) * mT(adj * expand_matrix(trace) - inv @ dot @ adj)


def _inverse_or_refuse(a, sign):
    if np.any(sign == 0):
        raise RuntimeCheckError(
            'np.linalg.slogdet of a singular matrix: the log-determinant is -inf there and '
            'its derivative inv(a).T is infinite',
            hint='use np.linalg.det (its derivative, the adjugate, exists everywhere), or '
                 'keep the matrix away from singular (add a small multiple of the identity)')
    return np.linalg.inv(a)


def slogdet_adjoint(g, a, ans):
    """The adjoint of ``a`` in ``ans = np.linalg.slogdet(a)`` (the sign is piecewise
    constant): ``g[1] * inv(a).T``."""
    return expand_matrix(g[1]) * mT(_inverse_or_refuse(a, ans[0]))


def slogdet_tangent(dot, a, ans):
    """The tangent of the log-determinant along ``dot``: ``trace(inv(a) @ dot)``."""
    return np.sum(mT(_inverse_or_refuse(a, ans[0])) * dot, axis=(-2, -1))


HELPERS = {f.__name__: f for f in (adjugate, det_adjoint, det_tangent, det_adjoint_tangent,
                                   slogdet_adjoint, slogdet_tangent)}
register_helpers(HELPERS)
