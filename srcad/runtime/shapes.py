"""Shape bookkeeping: broadcasting undone, reductions expanded back, casts.

The adjoint of a broadcast operand sums over the broadcast axes
(:func:`unbroadcast`); the adjoint of a reduction broadcasts back over the
reduced axes (:func:`unreduce`, :func:`expand_reduced`).  Plain NumPy, safe to
export with the generated code.
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import RuntimeCheckError

_ndarray = np.ndarray
_float64 = np.float64


def shape_of(x):
    """The shape of an array or scalar, fast for the common cases."""
    t = type(x)
    if t is _ndarray:
        return x.shape
    if t is float or t is int or t is _float64:  # (np.shape of a NumPy scalar: ~0.5 us)
        return ()
    return np.shape(x)


def _joining(x) -> RuntimeCheckError:
    """The refusal of ``a + b`` joining lists or tuples (which part of the adjoint is
    whose is not known at run time)."""
    if isinstance(x, tuple):
        return RuntimeCheckError(
            'srcad cannot differentiate joining tuples with + here: the compiler could not '
            'tell that the operands are tuples (results of calls, say)',
            hint='write (*a, *b) (srcad joins those exactly), build a list with append, or '
                 'use np.concatenate')
    return RuntimeCheckError(
        'srcad cannot differentiate joining lists with + here (or repeating one with *): the '
        'compiler could not tell that the operands are lists (results of calls, say), or '
        'that the count is an integer',
        hint='write [*a, *b] to join (srcad differentiates that exactly) and repeat a list '
             'only a literal number of times or len(...), or use np.concatenate')


def unbroadcast(g, x):
    """Sum the adjoint ``g`` down to the shape of ``x`` (undoing broadcasting).

    >>> unbroadcast(np.ones((2, 3)), np.zeros(3))
    array([2., 2., 2.])
    """
    if isinstance(x, (list, tuple)) and isinstance(g, list):
        # the adjoint of a list: x + y joined lists (an array operand would have
        # converted them, see containers.as_operand); which part of g is x's is not known
        # here (and a ragged list has no shape)
        raise _joining(x)
    try:
        xs = shape_of(x)
    except ValueError:  # a ragged list
        xs = None
    gs = shape_of(g)
    if gs == xs:
        return g
    if isinstance(x, (list, tuple)):
        if type(g) is float and g == 0.0:  # (take_at: an entry of a dict nothing read)
            return g  # (the zero adjoint of a container, as containers._is_zero reads it)
        raise _joining(x)
    if not xs:
        return g.sum() if type(g) is _ndarray else np.sum(g)
    lead = len(gs) - len(xs)
    if lead < 0:  # g is smaller than x: it stands for a broadcast array
        return np.broadcast_to(g, xs)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, n in enumerate(xs) if n == 1 and gs[lead + i] != 1)
    g = np.add.reduce(g, axis=axes) if axes else g
    return np.reshape(g, xs) if shape_of(g) != xs else g


def _normalize_axes(axis, ndim):
    axes = (axis,) if np.ndim(axis) == 0 else tuple(axis)
    return tuple(sorted(a % ndim if ndim else 0 for a in axes))


def unreduce(g, x, axis=None, keepdims=False):
    """Broadcast the adjoint of a reduction of ``x`` back to the shape of ``x``.

    >>> unreduce(np.array([1., 2.]), np.zeros((2, 3)), axis=1)
    array([[1., 1., 1.],
           [2., 2., 2.]])
    """
    xs = shape_of(x)
    if axis is None and type(x) is _ndarray and x.size <= _SMALL:
        return np.full(xs, g)  # cheaper than a broadcast view for small arrays
    if axis is not None and not keepdims and xs:
        g = np.expand_dims(g, _normalize_axes(axis, len(xs)))
    return np.broadcast_to(g, xs)


_SMALL = 4096


def reduced_size(x, axis=None):
    """How many elements of ``x`` a reduction over ``axis`` combines."""
    if axis is None:
        return x.size if type(x) is _ndarray else int(np.size(x))
    xs = shape_of(x)
    return math.prod(xs[a] for a in _normalize_axes(axis, len(xs)))


def expand_reduced(y, x, axis=None, keepdims=False):
    """Reshape a reduction result ``y`` so it broadcasts against ``x``."""
    if axis is None or keepdims or not shape_of(x):
        return y
    return np.expand_dims(y, _normalize_axes(axis, len(shape_of(x))))


def extremum_mask(x, ans, axis=None, keepdims=False):
    """Where ``x`` attains its max/min, with ties sharing the adjoint equally."""
    hit = (x == expand_reduced(ans, x, axis, keepdims))
    return hit / np.sum(hit, axis=axis, keepdims=True)


def prod_others(x, axis=None):
    """Product of all other elements along ``axis`` (safe when ``x`` holds zeros)."""
    x = np.asarray(x)
    if axis is None:
        return np.reshape(prod_others(np.ravel(x), 0), np.shape(x))
    if np.ndim(axis) != 0:
        axes = _normalize_axes(axis, x.ndim)
        moved = np.moveaxis(x, axes, range(len(axes)))
        flat = np.reshape(moved, (-1,) + moved.shape[len(axes):])
        out = np.reshape(prod_others(flat, 0), moved.shape)
        return np.moveaxis(out, range(len(axes)), axes)
    x = np.moveaxis(x, axis, -1)
    if x.shape[-1] == 0:  # an empty axis: no element, no product of the others
        return np.moveaxis(x, -1, axis)
    ones = np.ones(x.shape[:-1] + (1,), dtype=x.dtype)
    before = np.cumprod(np.concatenate([ones, x[..., :-1]], axis=-1), axis=-1)
    after = np.cumprod(np.concatenate([ones, x[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
    return np.moveaxis(before * after, -1, axis)


def untranspose(g, axes=None):
    """The adjoint of ``np.transpose(a, axes)`` (negative axes count from the end)."""
    if axes is None:
        return np.transpose(g)
    return np.transpose(g, np.argsort([int(a) % np.ndim(g) for a in axes]))


def clip_mask(a, a_min, a_max):
    """1 where ``np.clip`` passes ``a`` through, 0 where it clips."""
    a = np.asarray(a)  # a list, as NumPy reads it
    inside = np.ones(np.shape(a), dtype=bool)
    if a_min is not None:
        inside &= a >= a_min
    if a_max is not None:
        inside &= a <= a_max
    return inside


def reshape_method(a, *shape, order='C'):
    """``a.reshape(*shape)``, which accepts the shape spread out or as a tuple."""
    return np.reshape(a, shape[0] if len(shape) == 1 else shape, order=order)


def transpose_method(a, *axes):
    """``a.transpose(*axes)``, which accepts the axes spread out or as a tuple."""
    return np.transpose(a, (axes[0] if len(axes) == 1 else axes) or None)


def astype(a, dtype, copy=True):
    """``a.astype(dtype)``; the adjoint casts back to ``a``'s dtype."""
    return np.asarray(a).astype(dtype, copy=copy)


def uncast(g, a):
    """Cast an adjoint back to the dtype of the value it belongs to."""
    return np.asarray(g).astype(np.result_type(a), copy=False)
