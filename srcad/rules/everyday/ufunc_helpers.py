"""Adjoint and tangent helpers of the ufunc methods (``np.logaddexp.accumulate``...)
and of the polynomial calculus ``np.polyder`` / ``np.polyint``
(the rules: :mod:`srcad.rules.everyday.ufuncs`), and of ``reduce`` and ``outer``.

The running log-sum-exp helpers are plain NumPy that srcad differentiates again
for second order (listed in ``DERIVED``); the polynomial ones are linear in ``g``.
"""

from __future__ import annotations

import numpy as np

from ...errors import RuntimeCheckError


# --- outer, reduce ------------------------------------------------------------------------
def unouter(g, a, b, which=0):
    """The adjoint of ``a`` (``which=0``) or ``b`` in ``np.add.outer(a, b)``: ``g``
    summed over the other operand's axes."""
    g, na = np.asarray(g), np.ndim(a)
    axes = tuple(range(na, g.ndim)) if which == 0 else tuple(range(na))
    out = np.sum(g, axis=axes)
    return out if np.ndim(out) else out[()]


def unreduce_ufunc(g, array, axis=0, keepdims=False):
    """The adjoint of ``array`` in ``np.add.reduce(array, axis, keepdims=...)``
    (``unreduce``, under a name the code optimizer does not rewrite)."""
    from ...runtime import unreduce
    return unreduce(g, array, axis, keepdims)


def product_outer_adjoint(g, a, b, which=0):
    """The adjoint of ``a`` (``which=0``) or ``b`` in ``np.multiply.outer(a, b)``."""
    g, na, nb = np.asarray(g), np.ndim(a), np.ndim(b)
    if which == 0:
        return np.tensordot(g, b, axes=(tuple(range(na, na + nb)), tuple(range(nb))))
    return np.tensordot(a, g, axes=(tuple(range(na)), tuple(range(na))))


# --- np.logaddexp.accumulate, np.logaddexp2.accumulate ----------------------------------------
def logaddexp_unaccumulate(g, array, acc, axis=0, base2=False):
    """The adjoint of ``array`` in ``acc = np.logaddexp.accumulate(array, axis)``:
    ``acc[i] = log(sum(exp(array[:i+1])))``, so ``array[j]`` receives
    ``sum over i >= j of g[i] * exp(array[j] - acc[i])`` (a reversed running sum,
    shifted by the largest ``acc`` of each slice to keep the exponentials in range).
    ``base2``: the same for ``np.logaddexp2`` (powers of two)."""
    # (a leading run of -inf entries accumulates to -inf: weights 0 there, not nan)
    ref = np.max(acc, axis=axis, keepdims=True)
    ref = np.where(ref == -np.inf, 0.0, ref)
    gone = acc == -np.inf
    acc = np.where(gone, ref, acc)
    g = np.where(gone, 0.0, g)
    if base2:
        tail = np.flip(np.cumsum(np.flip(g * np.exp2(ref - acc), axis), axis=axis), axis)
        return tail * np.exp2(array - ref)
    tail = np.flip(np.cumsum(np.flip(g * np.exp(ref - acc), axis), axis=axis), axis)
    return tail * np.exp(array - ref)


def logaddexp_accumulate_tangent(dot, array, acc, axis=0, base2=False):
    """The tangent of ``acc = np.logaddexp.accumulate(array, axis)``:
    ``sum over j <= i of dot[j] * exp(array[j] - acc[i])``."""
    ref = np.max(array, axis=axis, keepdims=True)
    ref = np.where(ref == -np.inf, 0.0, ref)   # (-inf entries: weights 0, not nan)
    acc = np.where(acc == -np.inf, ref, acc)
    if base2:
        return np.exp2(ref - acc) * np.cumsum(dot * np.exp2(array - ref), axis=axis)
    return np.exp(ref - acc) * np.cumsum(dot * np.exp(array - ref), axis=axis)


# --- np.polyder, np.polyint: linear in the coefficients --------------------------------------
def _coefficients(p, what):
    p = np.asarray(p)
    if p.ndim != 1:
        raise RuntimeCheckError(f'srcad differentiates {what} of a 1-D array of coefficients only, '
                                f'not of shape {p.shape}')
    return p


def polyder_adjoint(g, p, m=1):
    """The adjoint of ``p`` in ``np.polyder(p, m)``: each derivative step
    ``y = p[:-1] * [n-1, ..., 1]`` taken back, last step first."""
    p = _coefficients(p, 'np.polyder')
    lengths = [p.shape[0]]
    for _ in range(int(m)):
        lengths.append(max(lengths[-1] - 1, 0))
    out = np.asarray(g, dtype=np.result_type(g, p, 1.0))
    for n in reversed(lengths[:-1]):
        out = np.concatenate([out * np.arange(n - 1, 0, -1), np.zeros(1 if n else 0)])
    return out


def polyint_adjoint(g, p, m=1, k=None, which=0):
    """The adjoint of ``p`` (``which=0``) or of the integration constants ``k``
    (``which=1``) in ``np.polyint(p, m, k)``: each step
    ``y = concatenate([p / [n, ..., 1], [k_i]])`` taken back, last step first."""
    p = _coefficients(p, 'np.polyint')
    m = int(m)
    n0 = p.shape[0]
    out = np.asarray(g, dtype=np.result_type(g, p, 1.0))
    k_bar = np.zeros(m, dtype=out.dtype)
    for i in reversed(range(m)):
        n = n0 + i
        k_bar[i] = out[-1]
        out = out[:-1] / np.arange(n, 0, -1)
    if which == 0:
        return out
    if k is None:
        return None
    if np.ndim(k) == 0:
        return np.sum(k_bar).astype(out.dtype)
    if np.size(k) == 1 and m > 1:
        return np.reshape(np.sum(k_bar), np.shape(k))
    return np.reshape(k_bar, np.shape(k))


def polyint_tangent(dot, p, m=1, k=None, which=0):
    """The tangent of ``np.polyint(p, m, k)`` in ``p`` (``which=0``) or ``k``."""
    if which == 0:
        return np.polyint(dot, m)
    return np.polyint(np.zeros_like(np.asarray(p, dtype=float)), m, k=dot)


HELPERS = {f.__name__: f for f in (unouter, unreduce_ufunc, product_outer_adjoint,
                                   logaddexp_unaccumulate, logaddexp_accumulate_tangent,
                                   polyder_adjoint, polyint_adjoint, polyint_tangent)}
