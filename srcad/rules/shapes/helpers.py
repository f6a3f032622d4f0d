"""Plain-NumPy helpers for the rules of shape, indexing and product functions.

Most functions here only move or copy elements (``np.take``, ``np.tile``,
``np.pad``...), so their adjoint sends each output adjoint back to the input
element it was copied from, adding where one element was copied several
times.  :func:`uncopy` does that for any such function, given an array that
records where each output element came from; the named helpers are the fast,
readable special cases.

An adjoint of a list of arrays (``np.concatenate``'s ``arrays``) is an
:class:`~srcad.runtime.AdjointList` with one adjoint per array.
"""

from __future__ import annotations

import numpy as np

from ...errors import RuntimeCheckError

from ...runtime import AdjointList, shape_of, unbroadcast, unconcatenate
from ..elementwise.helpers import drop_missing, float_dtype, is_zero
from ..registry import register_helpers


# --- copying functions ---------------------------------------------------------------
def flat_index(a):
    """Each element's position in ``a.ravel()``, shaped like ``a``.

    Running a copying function on ``flat_index(a)`` instead of ``a`` shows
    where each output element came from.

    >>> flat_index(np.zeros((2, 2)))
    array([[0, 1],
           [2, 3]])
    """
    return np.reshape(np.arange(np.size(a)), shape_of(a))


def uncopy(g, a, where):
    """The adjoint of a function whose output element ``k`` copies ``a.flat[where[k]]``
    (``where < 0`` marks elements that are not copied from ``a``).

    >>> uncopy(np.array([1., 2., 3.]), np.zeros(2), np.array([0, 0, 1]))
    array([3., 3.])
    """
    where = np.ravel(where)
    g = np.ravel(np.broadcast_to(g, np.shape(where) if np.ndim(g) == 0 else np.shape(g)))
    keep = where >= 0
    out = np.zeros(np.size(a), dtype=np.result_type(float_dtype(a), g))
    np.add.at(out, where[keep], g[keep])
    return np.reshape(out, shape_of(a))


def untake(g, a, indices, axis=None, mode='raise'):
    """The adjoint of ``np.take(a, indices, axis, mode=mode)``; repeated indices add up."""
    shape = shape_of(a)
    idx = np.asarray(indices)
    n = int(np.prod(shape)) if axis is None else shape[axis]
    if mode == 'wrap':
        idx = idx % n
    elif mode == 'clip':
        idx = np.clip(idx, 0, n - 1)
    dtype = np.result_type(float_dtype(a), g)
    if axis is None:
        out = np.zeros(n, dtype=dtype)
        np.add.at(out, idx, g)
        return np.reshape(out, shape)
    axis = axis % len(shape)
    gm = np.moveaxis(g, list(range(axis, axis + idx.ndim)), list(range(idx.ndim)))
    out = np.zeros((n,) + shape[:axis] + shape[axis + 1:], dtype=dtype)
    np.add.at(out, idx, gm)
    return np.moveaxis(out, 0, axis)


def untake_along_axis(g, arr, indices, axis=-1):
    """The adjoint of ``np.take_along_axis(arr, indices, axis)``."""
    shape = shape_of(arr)
    out = np.zeros(shape, dtype=np.result_type(float_dtype(arr), g))
    if axis is None:
        np.add.at(np.reshape(out, -1), indices, g)
        return out
    axis = axis % len(shape)
    index = tuple(indices if d == axis else
                  np.reshape(np.arange(n), [-1 if e == d else 1 for e in range(len(shape))])
                  for d, n in enumerate(shape))
    np.add.at(out, index, g)
    return out


def uncompress(g, condition, a, axis=None):
    """The adjoint of ``np.compress(condition, a, axis)`` (and of ``np.extract``)."""
    return untake(g, a, np.flatnonzero(condition), axis)


def unrepeat(g, a, repeats, axis=None):
    """The adjoint of ``np.repeat(a, repeats, axis)``: each group of copies summed."""
    shape = shape_of(a)
    if axis is None:
        n, gm = int(np.prod(shape)), np.asarray(g)
    else:
        axis = axis % len(shape)
        n, gm = shape[axis], np.moveaxis(g, axis, 0)
    out = np.zeros((n,) + gm.shape[1:], dtype=np.result_type(float_dtype(a), gm))
    np.add.at(out, np.repeat(np.arange(n), repeats), gm)
    return np.reshape(out, shape) if axis is None else np.moveaxis(out, 0, axis)


def untile(g, A, reps):
    """The adjoint of ``np.tile(A, reps)``: the tiles summed.

    >>> untile(np.arange(6.0), np.zeros(2), 3)
    array([6., 9.])
    """
    shape = shape_of(A)
    reps = (reps,) if np.ndim(reps) == 0 else tuple(reps)
    d = max(len(shape), len(reps))
    s = (1,) * (d - len(shape)) + shape
    r = (1,) * (d - len(reps)) + reps
    g = np.reshape(g, [n for pair in zip(r, s) for n in pair])
    return np.reshape(np.sum(g, axis=tuple(range(0, 2 * d, 2))), shape)


def unpad(g, array, pad_width, mode='constant', reflect_type='even'):
    """The adjoint of ``np.pad(array, pad_width, mode)`` for the copying modes
    (constant, edge, wrap, reflect, symmetric; ``constant_values`` are constants).
    ``mode='empty'`` pads with whatever the memory held: refused, it has no derivative."""
    if mode == 'constant':
        widths = np.broadcast_to(np.asarray(pad_width, dtype=int), (np.ndim(g), 2))
        return g[tuple(slice(b, n - e) for (b, e), n in zip(widths, np.shape(g)))]
    if mode not in ('edge', 'wrap', 'reflect', 'symmetric') or reflect_type != 'even':
        raise RuntimeCheckError(f'no derivative for np.pad with mode={mode!r}'
                                f'{", reflect_type=odd" if reflect_type != "even" else ""}')
    return uncopy(g, array, np.pad(flat_index(array), pad_width, mode=mode))


def uninsert(g, arr, obj, values, axis=None):
    """Adjoints of ``np.insert(arr, obj, values, axis)``: ``[arr's, values']``."""
    size = np.size(arr)
    marks = np.insert(flat_index(arr), obj, size + flat_index(values), axis=axis)
    both = uncopy(g, np.zeros(size + np.size(values)), marks)
    return AdjointList([np.reshape(both[:size], shape_of(arr)),
                        np.reshape(both[size:], np.shape(values))])


def unappend_array(g, arr, values, axis=None):
    """Adjoints of ``np.append(arr, values, axis)``: ``[arr's, values']``."""
    if np.ndim(g) == 0:  # one number for every element (0.0: no adjoint arrived)
        out = np.append(np.zeros(shape_of(arr)), np.zeros(np.shape(values)), axis=axis)
        g = np.broadcast_to(g, out.shape)
    if axis is None:
        g = np.ravel(g)
        cut = np.size(arr)
        return AdjointList([np.reshape(g[:cut], shape_of(arr)),
                            np.reshape(g[cut:], np.shape(values))])
    return unconcatenate(g, [arr, values], axis)


def unsplit(g, ans, axis=0):
    """The adjoint of ``np.split``-like functions: the pieces' adjoints joined
    back along ``axis``, with zeros for pieces whose adjoint is ``0.0``."""
    pieces = [np.zeros(shape_of(p), dtype=float_dtype(p)) if is_zero(gp) else gp
              for gp, p in zip(g, ans)]
    return np.concatenate(pieces, axis=axis)


def restack(g, ans, axis=0):
    """The adjoint of ``np.unstack(x, axis=axis)``: the pieces' adjoints stacked."""
    return np.stack([np.zeros(shape_of(p), dtype=float_dtype(p)) if is_zero(gp) else gp
                     for gp, p in zip(g, ans)], axis=axis)


def unjoin(g, arrays, axis, promote):
    """The adjoint of ``np.concatenate([promote(a) for a in arrays], axis)``
    (``np.hstack``, ``np.vstack``, ``np.dstack``, ``np.column_stack``)."""
    parts = unconcatenate(g, [promote(a) for a in arrays], axis)
    return AdjointList(np.reshape(p, np.shape(a)) for p, a in zip(parts, arrays))


def as_column(a):
    """How ``np.column_stack`` sees ``a``: 1-D arrays become columns."""
    a = np.asarray(a)
    return np.array(a, ndmin=2).T if a.ndim < 2 else a


def unmeshgrid(g, k, x, indexing='xy'):
    """The adjoint of input ``k`` of ``np.meshgrid(*xi, indexing=indexing)`` (``g`` holds
    the grids' adjoints): its grid's adjoint summed over the axes it is repeated along."""
    gk = g[k]
    if is_zero(gk):
        return np.zeros(shape_of(x), dtype=float_dtype(x))
    d = 1 - k if indexing == 'xy' and len(g) > 1 and k < 2 else k
    axes = tuple(i for i in range(np.ndim(gk)) if i != d)
    return np.reshape(np.sum(gk, axis=axes), shape_of(x))


def unrollaxis(g, a, axis, start=0):
    """The adjoint of ``np.rollaxis(a, axis, start)``."""
    n = np.ndim(a)
    axis, start = axis % n, start + n if start < 0 else start
    order = [i for i in range(n) if i != axis]
    order.insert(start - 1 if axis < start else start, axis)
    return np.transpose(g, np.argsort(order))


def undiagonal(g, a, offset=0, axis1=0, axis2=1):
    """The adjoint of ``np.diagonal(a, offset, axis1, axis2)``: ``g`` written onto
    that diagonal of an array of zeros."""
    shape = shape_of(a)
    out = np.zeros(shape, dtype=np.result_type(float_dtype(a), g))
    moved = np.moveaxis(out, (axis1 % len(shape), axis2 % len(shape)), (-2, -1))
    i = np.arange(np.shape(g)[-1])
    moved[..., i + max(-offset, 0), i + max(offset, 0)] = g
    return out


def untrace(g, a, offset=0, axis1=0, axis2=1):
    """The adjoint of ``np.trace(a, offset, axis1, axis2)``: ``g`` along that diagonal."""
    shape = shape_of(a)
    n1, n2 = shape[axis1], shape[axis2]
    n = max(0, min(n1 + min(offset, 0), n2 - max(offset, 0)))
    g = np.asarray(g)
    return undiagonal(np.broadcast_to(g[..., None], g.shape + (n,)), a, offset, axis1, axis2)


def undiag(g, v, k=0):
    """The adjoint of ``np.diag(v, k)`` (which builds a matrix from a vector, or
    extracts a diagonal from a matrix)."""
    if np.ndim(v) == 1:
        return np.diag(g, k)
    return undiagonal(g, v, k, 0, 1)


def unselect(g, condlist, choicelist):
    """Adjoints of the choices of ``np.select(condlist, choicelist, default)``:
    each gets ``g`` where its condition is the first that holds."""
    taken = np.zeros(np.shape(g), dtype=bool)
    out = AdjointList()
    for cond, choice in zip(condlist, choicelist):
        use = np.asarray(cond) & ~taken
        out.append(unbroadcast(np.where(use, g, 0), choice))
        taken = taken | cond
    return out


def unselect_default(g, condlist, default):
    """The adjoint of ``default`` in ``np.select``: ``g`` where no condition holds."""
    return unbroadcast(np.where(np.any(np.broadcast_arrays(*condlist), axis=0), 0, g), default)


# --- odds and ends --------------------------------------------------------------------
def item(a, *args):
    """``a.item(*args)``: one element of ``a`` as a Python scalar."""
    return np.asarray(a).item(*args)


def unitem(g, a, args):
    """The adjoint of ``a.item(*args)``: ``g`` at that element, zeros elsewhere."""
    out = np.zeros(shape_of(a), dtype=float_dtype(a))
    if not args:
        out[...] = g
    elif len(args) == 1 and np.ndim(args[0]) == 0:
        out.flat[args[0]] = g
    else:
        out[tuple(args[0]) if len(args) == 1 else args] = g
    return out


def compress_method(a, condition, axis=None, out=None):
    """``a.compress(condition, axis)``, which is ``np.compress(condition, a, axis)``."""
    return np.compress(condition, a, axis=axis, out=out)


def unlist(g, iterable):
    """The adjoint of ``list(iterable)`` or ``tuple(iterable)``: for an array, the
    items' adjoints stacked back into one array."""
    if isinstance(iterable, np.ndarray):
        return np.stack([np.zeros(iterable.shape[1:], dtype=float_dtype(iterable))
                         if is_zero(gi) else gi for gi in g])
    return AdjointList(g)


def returned_item(items, ans) -> int:
    """Which of ``items`` builtin ``max``/``min`` returned (the object itself)."""
    for i, item in enumerate(items):
        if item is ans:
            return i
    raise RuntimeCheckError('srcad cannot tell which item max/min returned',
                            hint='compare numbers, or pick the item by np.argmax of a key')


def extreme_adjoint(g, ans, k, a, b=None, c=None, d=None):
    """The adjoint of argument ``k`` of builtin ``max(*args)`` or ``min(*args)``:
    ``g`` shared by the arguments (or, for one iterable argument, its items)
    equal to ``ans``."""
    args = drop_missing((a, b, c, d))
    if len(args) == 1:
        items = args[0]
        if isinstance(items, np.ndarray):
            hit = items == ans
            return np.where(hit, g / np.sum(hit), 0)
        items = list(items)
        if isinstance(ans, (tuple, list)) or np.ndim(ans):  # pairs, arrays (by key): the
            first = returned_item(items, ans)             # item returned, itself
            return AdjointList(g if i == first else 0.0 for i in range(len(items)))
        hits = [item == ans for item in items]
        return AdjointList(g / sum(hits) if h else 0.0 for h in hits)
    hits = [x == ans for x in args]
    return g / sum(hits) if hits[k] else 0.0 * g


def ununique(g, ar, return_index=False, return_inverse=False, return_counts=False,
             axis=None):
    """The adjoint of the values of ``np.unique(ar)``: each unique value's adjoint
    shared equally among the elements equal to it."""
    if axis is not None:
        raise RuntimeCheckError('no derivative for np.unique with axis')
    if return_index or return_inverse or return_counts:
        g = g[0]
    _, inverse, counts = np.unique(np.ravel(ar), return_inverse=True, return_counts=True)
    return np.reshape((np.asarray(g) / counts)[inverse], shape_of(ar))


HELPERS = {f.__name__: f for f in (
    flat_index, uncopy, untake, untake_along_axis, uncompress, unrepeat, untile, unpad,
    uninsert, unappend_array, unsplit, restack, unjoin, as_column, unmeshgrid, unrollaxis,
    undiagonal, untrace, undiag, unselect, unselect_default, item, unitem, compress_method,
    unlist, extreme_adjoint, ununique)}
register_helpers(HELPERS)
