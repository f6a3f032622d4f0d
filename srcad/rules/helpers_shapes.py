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

import string

import numpy as np

from ..runtime import AdjointList, shape_of, unbroadcast, unconcatenate
from .helpers import float_dtype, is_zero
from .registry import register_helpers


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
    (constant, empty, edge, wrap, reflect, symmetric; ``constant_values`` are constants)."""
    if mode in ('constant', 'empty'):
        widths = np.broadcast_to(np.asarray(pad_width, dtype=int), (np.ndim(g), 2))
        return g[tuple(slice(b, n - e) for (b, e), n in zip(widths, np.shape(g)))]
    if mode not in ('edge', 'wrap', 'reflect', 'symmetric') or reflect_type != 'even':
        raise NotImplementedError(f'no derivative for np.pad with mode={mode!r}'
                                  f'{", reflect_type=odd" if reflect_type != "even" else ""}')
    return uncopy(g, array, np.pad(flat_index(array), pad_width, mode=mode))


def uninsert(g, arr, obj, values, axis=None):
    """Adjoints of ``np.insert(arr, obj, values, axis)``: ``[arr's, values']``."""
    size = np.size(arr)
    marks = np.insert(flat_index(arr), obj, size + flat_index(values), axis=axis)
    both = uncopy(g, np.zeros(size + np.size(values)), marks)
    return AdjointList([np.reshape(both[:size], shape_of(arr)),
                        np.reshape(both[size:], np.shape(values))])


def unappend(g, arr, values, axis=None):
    """Adjoints of ``np.append(arr, values, axis)``: ``[arr's, values']``."""
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


# --- products ------------------------------------------------------------------------
def _tensordot_axes(a, b, axes):
    if np.ndim(axes) == 0:
        n = int(axes)
        return list(range(np.ndim(a) - n, np.ndim(a))), list(range(n))
    xa, xb = axes
    xa = [xa] if np.ndim(xa) == 0 else list(xa)
    xb = [xb] if np.ndim(xb) == 0 else list(xb)
    return [i % np.ndim(a) for i in xa], [i % np.ndim(b) for i in xb]


def tensordot_da(g, a, b, axes=2):
    """The adjoint of ``a`` in ``np.tensordot(a, b, axes)``."""
    sa, sb = _tensordot_axes(a, b, axes)
    free_a = [i for i in range(np.ndim(a)) if i not in sa]
    free_b = [i for i in range(np.ndim(b)) if i not in sb]
    raw = np.tensordot(g, b, axes=(list(range(len(free_a), np.ndim(g))), free_b))
    order = free_a + [sa[sb.index(j)] for j in sorted(sb)]
    return np.transpose(raw, np.argsort(order))


def tensordot_db(g, a, b, axes=2):
    """The adjoint of ``b`` in ``np.tensordot(a, b, axes)``."""
    sa, sb = _tensordot_axes(a, b, axes)
    free_a = [i for i in range(np.ndim(a)) if i not in sa]
    free_b = [i for i in range(np.ndim(b)) if i not in sb]
    raw = np.tensordot(a, g, axes=(free_a, list(range(len(free_a)))))
    order = [sb[sa.index(i)] for i in sorted(sa)] + free_b
    return np.transpose(raw, np.argsort(order))


def inner_da(g, a, b):
    """The adjoint of ``a`` in ``np.inner(a, b)`` (a sum over the last axes)."""
    if np.ndim(a) == 0 or np.ndim(b) == 0:
        return unbroadcast(g * b, a)
    na, nb = np.ndim(a) - 1, np.ndim(b) - 1
    return np.tensordot(g, b, axes=(list(range(na, na + nb)), list(range(nb))))


def inner_db(g, a, b):
    """The adjoint of ``b`` in ``np.inner(a, b)``."""
    if np.ndim(a) == 0 or np.ndim(b) == 0:
        return unbroadcast(g * a, b)
    na = np.ndim(a) - 1
    return np.tensordot(g, a, axes=(list(range(na)), list(range(na))))


def kron_adjoint(g, a, b, which=0):
    """The adjoint of ``a`` (``which=0``) or ``b`` (``which=1``) in ``np.kron(a, b)``."""
    d = max(np.ndim(a), np.ndim(b))
    sa = (1,) * (d - np.ndim(a)) + shape_of(a)
    sb = (1,) * (d - np.ndim(b)) + shape_of(b)
    blocks = np.reshape(g, [n for pair in zip(sa, sb) for n in pair])
    ones = (1,) * d
    if which == 0:
        other = np.reshape(b, [n for pair in zip(ones, sb) for n in pair])
        return np.reshape(np.sum(blocks * other, axis=tuple(range(1, 2 * d, 2))), shape_of(a))
    other = np.reshape(a, [n for pair in zip(sa, ones) for n in pair])
    return np.reshape(np.sum(blocks * other, axis=tuple(range(0, 2 * d, 2))), shape_of(b))


def cross_adjoint(g, a, b, axisa=-1, axisb=-1, axisc=-1, axis=None, which=0):
    """The adjoint of ``a`` (``which=0``) or ``b`` in ``np.cross(a, b, ...)``:
    ``b x g`` and ``g x a``, with 2-vectors seen as 3-vectors in the plane."""
    if axis is not None:
        axisa = axisb = axisc = axis
    am, bm = np.moveaxis(a, axisa, -1), np.moveaxis(b, axisb, -1)
    if am.shape[-1] == 2 and bm.shape[-1] == 2:
        g3 = np.stack([np.zeros_like(g), np.zeros_like(g), g], axis=-1)
    else:
        g3 = np.moveaxis(g, axisc, -1)
    a3, b3 = _as_3d(am), _as_3d(bm)
    d, target, home = (np.cross(b3, g3), am, axisa) if which == 0 else (np.cross(g3, a3), bm, axisb)
    d = unbroadcast(d[..., :target.shape[-1]], target)
    return np.moveaxis(d, -1, home)


def _as_3d(v):
    if v.shape[-1] == 3:
        return v
    return np.concatenate([v, np.zeros(v.shape[:-1] + (1,), dtype=v.dtype)], axis=-1)


def vecdot_adjoint(g, x1, x2, axis=-1, which=0):
    """The adjoint of ``x1`` (``which=0``) or ``x2`` in ``np.vecdot(x1, x2, axis=axis)``,
    which is ``sum(conj(x1) * x2, axis)``."""
    ge = np.expand_dims(g, axis)
    if which == 0:
        return unbroadcast(np.conj(ge * x2), x1)
    return unbroadcast(ge * np.conj(x1), x2)


def multi_dot_adjoint(g, arrays):
    """Adjoints of ``np.linalg.multi_dot(arrays)``: ``L_i.T @ g @ R_i.T`` for each array,
    where ``L_i`` and ``R_i`` are the products to its left and right."""
    mats = [np.asarray(m) for m in arrays]
    shapes = [m.shape for m in mats]
    if mats[0].ndim == 1:
        mats[0] = mats[0][None, :]
    if mats[-1].ndim == 1:
        mats[-1] = mats[-1][:, None]
    g = np.reshape(g, (mats[0].shape[0], mats[-1].shape[1]))
    left, acc = [None], None
    for m in mats[:-1]:
        acc = m if acc is None else acc @ m
        left.append(acc)
    right, acc = [None], None
    for m in mats[:0:-1]:
        acc = m if acc is None else m @ acc
        right.append(acc)
    right = right[::-1]
    out = AdjointList()
    for shape, lo, hi in zip(shapes, left, right):
        d = g if lo is None else lo.T @ g
        d = d if hi is None else d @ hi.T
        out.append(np.reshape(d, shape))
    return out


def _einsum_parts(subscripts, operands):
    """``subscripts`` as explicit per-operand letters and output letters, with each
    ellipsis spelled out in letters the expression does not use."""
    spec = subscripts.replace(' ', '')
    inputs, output = spec.split('->') if '->' in spec else (spec, None)
    inputs = inputs.split(',')
    unused = [c for c in string.ascii_letters if c not in spec]
    ranks = [np.ndim(op) - (len(s) - 3) for s, op in zip(inputs, operands) if '...' in s]
    ellipsis = ''.join(unused[:max(ranks, default=0)])
    inputs = [s.replace('...', ellipsis[len(ellipsis) - (np.ndim(op) - len(s) + 3):])
              if '...' in s else s for s, op in zip(inputs, operands)]
    if output is None:
        letters = ''.join(s.replace('...', '') for s in spec.split(','))
        output = ellipsis + ''.join(sorted(c for c in set(letters) if letters.count(c) == 1))
    else:
        output = output.replace('...', ellipsis)
    return inputs, output


def _drop_missing(args):
    """Fixed-arity rule signatures pass absent trailing arguments as None."""
    args = list(args)
    while args and args[-1] is None:
        args.pop()
    return args


def einsum_adjoint(g, subscripts, k, *operands):
    """The adjoint of operand ``k`` of ``np.einsum(subscripts, *operands)``.

    It is another einsum of ``g`` with the other operands, broadcast along
    letters only operand ``k`` has, and written onto the diagonal for letters
    it repeats (``'ii->'``).
    """
    operands = _drop_missing(operands)
    inputs, output = _einsum_parts(subscripts, operands)
    spec, op = inputs[k], operands[k]
    others = [(s, o) for j, (s, o) in enumerate(zip(inputs, operands)) if j != k]
    unique = ''.join(dict.fromkeys(spec))
    present = set(output).union(*[set(s) for s, _ in others])
    kept = ''.join(c for c in unique if c in present)
    terms = ','.join([output] + [s for s, _ in others])
    r = np.einsum(f'{terms}->{kept}', g, *[o for _, o in others])
    sizes = dict(zip(spec, np.shape(op)))
    r = np.reshape(r, [r.shape[kept.index(c)] if c in kept else 1 for c in unique])
    r = np.broadcast_to(r, [max(n, sizes[c]) for n, c in zip(r.shape, unique)])
    r = np.sum(r, axis=tuple(i for i, c in enumerate(unique)
                             if sizes[c] == 1 and r.shape[i] != 1), keepdims=True)
    if len(unique) == len(spec):
        return r
    full = np.zeros(np.shape(op), dtype=np.result_type(op, r))
    index = tuple(np.reshape(np.arange(sizes[c]), [-1 if u == c else 1 for u in unique])
                  for c in spec)
    full[index] = r
    return full


def polyval_dp(g, p, x):
    """The adjoint of the coefficients ``p`` in ``np.polyval(p, x)``."""
    n = len(p)
    return np.stack([np.sum(g * np.asarray(x) ** k) for k in range(n - 1, -1, -1)])


def _full_from_mode(g, n, m, mode):
    """Embed the adjoint of a ``mode``-cropped convolution into the full output's."""
    full = n + m - 1
    if mode == 'full':
        return g
    length = max(n, m) if mode == 'same' else max(n, m) - min(n, m) + 1
    start = (full - length) // 2 if mode == 'same' else min(n, m) - 1
    out = np.zeros(full, dtype=np.result_type(g))
    out[start:start + length] = g
    return out


def unconvolve(g, a, v, mode='full'):
    """The adjoint of ``a`` in ``np.convolve(a, v, mode)``: a correlation with ``v``."""
    gfull = _full_from_mode(np.asarray(g), len(a), len(v), mode)
    return np.correlate(gfull, np.conj(v), 'valid')


def _interp_locate(x, xp):
    i = np.clip(np.searchsorted(xp, x, side='right') - 1, 0, len(xp) - 2)
    h = xp[i + 1] - xp[i]
    return i, h, (x - xp[i]) / h


def interp_dx(g, x, xp, fp, left=None, right=None, period=None):
    """The adjoint of ``x`` in ``np.interp(x, xp, fp)``: ``g`` times the slope of
    the segment ``x`` falls in (zero outside ``xp``'s range)."""
    if period is not None:
        raise NotImplementedError('no derivative for np.interp with period')
    i, h, _ = _interp_locate(x, xp)
    inside = (x >= xp[0]) & (x <= xp[-1])
    return np.where(inside, g * (fp[i + 1] - fp[i]) / h, 0)


def interp_dfp(g, x, xp, fp, left=None, right=None, period=None):
    """The adjoint of ``fp`` in ``np.interp(x, xp, fp, left, right)``: each ``g``
    split between the two knots around its ``x`` by the interpolation weights."""
    if period is not None:
        raise NotImplementedError('no derivative for np.interp with period')
    i, _, t = _interp_locate(x, xp)
    t = np.clip(t, 0, 1)
    g = np.where((left is not None) & (x < xp[0]) | (right is not None) & (x > xp[-1]), 0, g)
    out = np.zeros(np.shape(fp), dtype=np.result_type(float_dtype(fp), g))
    np.add.at(out, i, g * (1 - t))
    np.add.at(out, i + 1, g * t)
    return out


def interp_dxp(g, x, xp, fp, left=None, right=None, period=None):
    """The adjoint of the knots ``xp`` in ``np.interp(x, xp, fp)``."""
    if period is not None:
        raise NotImplementedError('no derivative for np.interp with period')
    i, h, t = _interp_locate(x, xp)
    slope = (fp[i + 1] - fp[i]) / h
    g = np.where((x >= xp[0]) & (x <= xp[-1]), g, 0)
    out = np.zeros(np.shape(xp), dtype=np.result_type(float_dtype(xp), g))
    np.add.at(out, i, g * slope * (t - 1))
    np.add.at(out, i + 1, -g * slope * t)
    return out


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


def extreme_adjoint(g, ans, k, *args):
    """The adjoint of argument ``k`` of builtin ``max(*args)`` or ``min(*args)``:
    ``g`` shared by the arguments (or, for one iterable argument, its items)
    equal to ``ans``."""
    args = _drop_missing(args)
    if len(args) == 1:
        items = args[0]
        if isinstance(items, np.ndarray):
            hit = items == ans
            return np.where(hit, g / np.sum(hit), 0)
        hits = [item == ans for item in items]
        return AdjointList(g / sum(hits) if h else 0.0 for h in hits)
    hits = [a == ans for a in args]
    return g / sum(hits) if hits[k] else 0.0 * g


def ununique(g, ar, return_index=False, return_inverse=False, return_counts=False,
             axis=None):
    """The adjoint of the values of ``np.unique(ar)``: each unique value's adjoint
    shared equally among the elements equal to it."""
    if axis is not None:
        raise NotImplementedError('no derivative for np.unique with axis')
    if return_index or return_inverse or return_counts:
        g = g[0]
    _, inverse, counts = np.unique(np.ravel(ar), return_inverse=True, return_counts=True)
    return np.reshape((np.asarray(g) / counts)[inverse], shape_of(ar))


HELPERS = {f.__name__: f for f in (
    flat_index, uncopy, untake, untake_along_axis, uncompress, unrepeat, untile, unpad,
    uninsert, unappend, unsplit, restack, unjoin, as_column,
    unmeshgrid, unrollaxis, undiagonal, untrace, undiag, unselect,
    unselect_default, tensordot_da, tensordot_db, inner_da, inner_db, kron_adjoint,
    cross_adjoint, vecdot_adjoint, multi_dot_adjoint, einsum_adjoint, polyval_dp,
    unconvolve, interp_dx, interp_dfp, interp_dxp, item, unitem, compress_method,
    unlist, extreme_adjoint, ununique)}
register_helpers(HELPERS)
