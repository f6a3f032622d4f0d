"""The adjoints of matrix products (``x @ y``, ``np.dot``) for every operand rank.

Plain NumPy, safe to export with the generated code.
"""

from __future__ import annotations

import numpy as np

from ..errors import RuntimeCheckError
from .shapes import _ndarray, unbroadcast


def _is_sparse(a):
    """A scipy.sparse matrix or array (without importing scipy)."""
    return (str(type(a).__module__) or '').startswith('scipy.sparse') and hasattr(a, 'tocsr')


def _operand(a, side):
    """Refuse an operand of ``x @ y`` that NumPy's product rule was not written for:
    a scipy.sparse matrix on the differentiated side, or any other object that
    defines ``@`` itself (its own ``__matmul__`` is not differentiated)."""
    if isinstance(a, (_ndarray, np.generic, int, float, complex, list, tuple)) \
            and not _own_matmul(a):
        return
    what = type(a).__name__
    if _is_sparse(a):
        raise RuntimeCheckError(
            f'{side} of `@` is a scipy.sparse {what}: srcad differentiates a sparse '
            f'matrix only as the constant side of `@` (times a NumPy array)',
            hint='make the sparse matrix a constant (not differentiated), or use a dense array')
    raise RuntimeCheckError(
        f'{side} of `@` is a {what}, not a NumPy array: the derivative of its own '
        f'__matmul__/__rmatmul__ is unknown to srcad',
        hint=f'convert it with np.asarray, or call a plain method of {what} '
             f'(written in Python, e.g. op.apply(w)) instead of `@`')


def _own_matmul(a) -> bool:
    """An ndarray subclass whose ``@`` is its own Python code."""
    cls = type(a)
    return cls is not _ndarray and isinstance(a, _ndarray) and (
        cls.__matmul__ is not _ndarray.__matmul__ or cls.__rmatmul__ is not _ndarray.__rmatmul__)


def product_tangent(product, x, y):
    """``np.matmul(x, y)`` or ``np.dot(x, y)`` where one side is a tangent (forward
    mode): both operands must be what the adjoints (``matmul_dx``...) are written
    for, as in reverse mode (an object with ``__array__`` or ``__matmul__``, a
    scipy.sparse matrix are refused)."""
    if type(x) is not _ndarray or type(y) is not _ndarray:
        name = f'np.{getattr(product, "__name__", "matmul")}'
        for a, side in ((x, 'the left operand'), (y, 'the right operand')):
            try:
                _operand(a, side)
            except RuntimeCheckError as e:
                raise RuntimeCheckError(e.message.replace('`@`', name), hint=e.hint) from None
    return product(x, y)


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
    if type(x) is _ndarray and type(y) is _ndarray:  # (nothing to refuse: checks skipped)
        if x.ndim == 2 and y.ndim == 2:
            return g @ y.T
        if type(g) is _ndarray and g.ndim == 1 and x.ndim + y.ndim == 3:
            return np.outer(g, y) if x.ndim == 2 else y @ g  # matrix @ vector, vector @ matrix
    else:
        _operand(x, 'the differentiated left operand')
        if _is_sparse(y) and np.ndim(x) in (1, 2):
            return np.asarray(np.asarray(g) @ y.T).reshape(np.shape(x))
        _operand(y, 'the right operand')
    gp, xp, yp = _promote_matmul(g, x, y)
    return np.reshape(unbroadcast(gp @ _swap(yp), xp), np.shape(x))


def matmul_dy(g, x, y):
    """The adjoint of ``y`` in ``x @ y`` (1-D, 2-D and batched operands)."""
    if type(x) is _ndarray and type(y) is _ndarray:  # (nothing to refuse: checks skipped)
        if x.ndim == 2 and y.ndim == 2:
            return x.T @ g
        if type(g) is _ndarray and g.ndim == 1 and x.ndim + y.ndim == 3:
            return x.T @ g if x.ndim == 2 else np.outer(x, g)  # matrix @ vector, vector @ matrix
    else:
        _operand(y, 'the differentiated right operand')
        if _is_sparse(x) and np.ndim(y) in (1, 2):
            return np.asarray(x.T @ np.asarray(g)).reshape(np.shape(y))
        _operand(x, 'the left operand')
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


def matmul_tangent(x, y):
    """``x @ y`` where one side is a tangent (forward mode): the other side must be
    something NumPy's product rule covers (a scipy.sparse constant is fine)."""
    for a, side in ((x, 'the left operand'), (y, 'the right operand')):
        if not _is_sparse(a):
            _operand(a, side)
    return x @ y
