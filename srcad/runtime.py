"""The few helpers that generated derivative code calls.

Shape bookkeeping (broadcasting, reductions, indexing with repeated indices)
lives here, once, in small named functions that are tested on their own.
Rules call these helpers instead of repeating the bookkeeping, and the
generated code calls them by name, so a reader meets the same few words
everywhere.  Every helper is plain NumPy and safe to export with the
generated code.
"""

from __future__ import annotations

import dataclasses as _dataclasses
import math

import numpy as np

from .errors import RuntimeCheckError

_ndarray = np.ndarray
_float64 = np.float64


def shape_of(x):
    """The shape of an array or scalar, fast for the common cases."""
    t = type(x)
    if t is _ndarray:
        return x.shape
    if t is float or t is int:
        return ()
    return np.shape(x)


def unbroadcast(g, x):
    """Sum the adjoint ``g`` down to the shape of ``x`` (undoing broadcasting).

    >>> unbroadcast(np.ones((2, 3)), np.zeros(3))
    array([2., 2., 2.])
    """
    if isinstance(x, (list, tuple)) and isinstance(g, list):
        # the adjoint of a list: x + y joined lists (an array operand would have
        # converted them, see containers.as_operand); which part of g is x's is not known
        # here (and a ragged list has no shape)
        raise RuntimeCheckError('srcad cannot differentiate joining lists with +',
                                hint='build the list with append, or use np.concatenate')
    try:
        xs = shape_of(x)
    except ValueError:  # a ragged list
        xs = None
    gs = shape_of(g)
    if gs == xs:
        return g
    if isinstance(x, (list, tuple)):
        raise RuntimeCheckError('srcad cannot differentiate joining lists with +',
                                hint='build the list with append, or use np.concatenate')
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
    ones = np.ones(x.shape[:-1] + (1,), dtype=x.dtype)
    before = np.cumprod(np.concatenate([ones, x[..., :-1]], axis=-1), axis=-1)
    after = np.cumprod(np.concatenate([ones, x[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
    return np.moveaxis(before * after, -1, axis)


def _is_basic_index(idx):
    parts = idx if type(idx) is tuple else (idx,)
    for p in parts:
        if p is None or p is Ellipsis or type(p) is slice:
            continue
        if isinstance(p, (int, np.integer)) and not isinstance(p, (bool, np.bool_)):
            continue
        return False
    return True


def index_adjoint(g, x, idx):
    """The adjoint of ``x[idx]``: zeros shaped like ``x`` with ``g`` added at ``idx``.

    Repeated integer indices accumulate, as they must.

    >>> index_adjoint(np.ones(3), np.zeros(2), np.array([0, 0, 1]))
    array([2., 1.])
    """
    if isinstance(x, (list, tuple)):
        out = AdjointList([0.0] * len(x))
        out[idx] = g
        return out
    if isinstance(x, dict):
        return AdjointDict({idx: g})
    out = np.zeros(shape_of(x), dtype=np.result_type(x, g))
    if _is_basic_index(idx):
        out[idx] = g
    else:
        np.add.at(out, idx, g)
    return out


def add_at(x_bar, x, idx, g):
    """Add ``g`` into ``x_bar[idx]`` in place (``x_bar`` is owned by the caller).

    ``x_bar`` may be None: then this is :func:`index_adjoint`.
    """
    if x_bar is None:
        return index_adjoint(g, x, idx)
    if isinstance(x_bar, dict):
        x_bar[idx] = x_bar[idx] + g if idx in x_bar else g
    elif isinstance(x_bar, list):
        x_bar[idx] = x_bar[idx] + g
    elif _is_basic_index(idx):
        x_bar[idx] += g
    else:
        np.add.at(x_bar, idx, g)
    return x_bar


def unstack(g, n, axis=0):
    """Split the adjoint of ``np.stack`` into the adjoints of its ``n`` inputs."""
    return AdjointList(np.moveaxis(g, axis, 0)[i] for i in range(n))


def unconcatenate(g, arrays, axis=0):
    """Split the adjoint of ``np.concatenate`` into pieces shaped like ``arrays``."""
    if axis is None:
        sizes = np.cumsum([np.size(a) for a in arrays])[:-1]
        return AdjointList(np.reshape(p, np.shape(a))
                           for p, a in zip(np.split(g, sizes), arrays))
    sizes = np.cumsum([np.shape(a)[axis] for a in arrays])[:-1]
    return AdjointList(np.split(g, sizes, axis=axis))


def part(g, key, like):
    """Entry ``key`` of a container's adjoint ``g``, for the element ``like``.

    A missing entry (the placeholder ``0.0``, or a ``g`` that is itself zero)
    becomes zeros shaped like the element, so every rule downstream sees an
    adjoint of the right shape.
    """
    if isinstance(g, dict):
        value = g.get(key, 0.0)
    elif isinstance(g, (list, tuple)):
        value = g[key]
    elif isinstance(g, (_ndarray, np.generic)) and g.ndim:
        value = _converted_entry(g, key, like)
    elif g is None or np.ndim(g) == 0 and not np.any(g):
        value = 0.0
    else:
        raise RuntimeCheckError(
            f'srcad received an adjoint of shape {shape_of(g)} for a container '
            f'(entry {key!r} of a list, tuple or dict)',
            hint='convert the container with np.array(...) before using it as an array')
    if type(value) is float and value == 0.0 and type(like) is not float:
        return _zeros_like(like)
    return value


def _converted_entry(g, key, like):
    """Entry ``key`` of the adjoint ``g`` of a list or tuple that NumPy converted to
    an array (``np.sum([a, b])``, ``w * x`` for a list ``w``): the adjoint of the
    array, routed back element by element."""
    if type(key) is not int or not -len(g) <= key < len(g):
        raise RuntimeCheckError(
            f'srcad cannot route an array adjoint of shape {g.shape} back to '
            f'entry {key!r} of a container', hint='convert it with np.array(...) first')
    value = g[key]
    try:
        like_shape = shape_of(like)
    except ValueError:  # a ragged container: NumPy could not have converted it
        like_shape = None
    if shape_of(value) != like_shape:
        raise RuntimeCheckError(
            f'srcad received an array adjoint whose entry {key} has shape '
            f'{shape_of(value)} for a list entry of shape {like_shape}',
            hint='convert the list with np.array(...) before using it as an array')
    return value


def _zeros_like(x):
    if isinstance(x, (list, tuple)):
        return AdjointList(_zeros_like(v) for v in x)
    if isinstance(x, dict):
        return AdjointDict((k, _zeros_like(v)) for k, v in x.items())
    if isinstance(x, (np.ndarray, np.generic)) and x.dtype.kind in 'fc':
        return np.zeros_like(x)
    return 0.0


def zero_tangent(x):
    """The tangent of a value that does not vary: zeros shaped like it."""
    if x is None or isinstance(x, list) and not x:
        return type(x)() if x is not None else None
    return _zeros_like(x)


def tangent_parts(dot, x):
    """The tangents of the parts of an unpacked value (``a, b = x``): the entries
    of a list's tangent, or the rows (along the first axis) of an array's."""
    if isinstance(dot, (list, tuple)):
        return dot
    if isinstance(x, (_ndarray, np.generic)) and np.ndim(x):
        if dot is None:
            return [zero_tangent(v) for v in x]
        if np.shape(dot) != x.shape:  # a tangent kept unbroadcast (a scalar zero, say)
            dot = np.broadcast_to(dot, x.shape)
        return list(np.array(dot, copy=True))
    if isinstance(dot, (_ndarray, np.generic)) and np.ndim(dot) and np.any(dot):
        if isinstance(x, (list, tuple)) and len(x) == len(dot):  # a list NumPy converted
            return list(np.array(dot, copy=True))
        raise RuntimeCheckError(
            f'srcad cannot split a tangent of shape {np.shape(dot)} among the parts of '
            f'an unpacked {type(x).__name__}',
            hint='convert the value with np.array(...) before unpacking it')
    return [zero_tangent(v) for v in x]


def unpacked_adjoint(parts, x):
    """The adjoint of ``x`` from those of its parts after ``a, b = x``: an array
    (the parts stacked along the first axis) for an array, else a list adjoint."""
    if isinstance(x, _ndarray) and x.ndim:
        if len(parts) != len(x):
            raise RuntimeCheckError(
                f'srcad received {len(parts)} adjoints for the {len(x)} rows of an array')
        row = x.shape[1:]
        out = []
        for p in parts:
            if p is None:
                p = 0.0
            if isinstance(p, (list, tuple, dict)) or np.ndim(p) > len(row):
                raise RuntimeCheckError(
                    f'srcad received an adjoint of shape {shape_of(p)} for a row of '
                    f'shape {row} of an unpacked array')
            out.append(np.broadcast_to(p, row))
        return np.stack(out)
    return AdjointList(parts)


def setitem(x, idx, v):
    """``x`` with ``x[idx] = v``, as a new array or list (``x`` is left alone).

    Generated code writes elements through this, so a gradient never
    modifies the caller's arrays.
    """
    if isinstance(x, list):
        out = list(x)
    elif isinstance(x, dict):
        out = dict(x)
    else:
        out = np.array(x, copy=True)
    out[idx] = v
    return out


def array_only(x, method, line):
    """Check, when the code runs, that ``x.<method>()`` (compiled as a new array for
    ``x``) is called on a numpy array; on a list it would need a rule for lists."""
    if not isinstance(x, _ndarray):
        raise RuntimeCheckError(
            f'srcad supports .{method}() in place on numpy arrays only, not on a '
            f'{type(x).__name__} (line {line})',
            hint=f'use x = sorted(x) or np.{method}(x) for a new value')


def diagonal_index(a, val):
    """The index of ``np.fill_diagonal(a, val)``'s writes: ``(i, i, ...)`` along the main
    diagonal (``wrap=False``), for a ``val`` NumPy would not repeat cyclically."""
    shape = np.shape(a)
    if len(shape) < 2 or (len(shape) > 2 and len(set(shape)) != 1):
        raise RuntimeCheckError(f'np.fill_diagonal needs a 2-d array or one with equal '
                                f'dimensions, not shape {shape}')
    n = min(shape)
    if np.ndim(val) > 1 or np.size(val) not in (1, n):
        raise RuntimeCheckError(
            'srcad supports np.fill_diagonal(a, val) with val a number or one value per '
            'diagonal element (NumPy repeats other values cyclically)',
            hint='index the diagonal explicitly: a[i, i] = values')
    i = np.arange(n)
    return (i,) * len(shape)


def zero_at(g, idx):
    """A copy of the adjoint ``g`` with the overwritten elements ``g[idx]`` zeroed."""
    if isinstance(g, (list, dict)):
        out = type(g)(g)
        out[idx] = 0.0
        return out
    out = np.array(g, copy=True)
    out[idx] = 0
    return out


def take_at(g, idx):
    """``g[idx]`` of an adjoint that may be a list, a dict or an array: the adjoint of
    ``v`` in ``x[idx] = v``.

    NumPy writes each element of ``v`` in turn, so where an index repeats
    (``x[[0, 0]] = v``) the last write wins: only the last occurrence of each
    element receives the adjoint, the others get zero.

    >>> take_at(np.array([1.0, 2.0]), [0, 0, 1])
    array([0., 1., 2.])
    """
    if isinstance(g, (list, dict)):
        return g[idx]
    g = np.asarray(g)
    out = g[idx]
    if _is_basic_index(idx):
        return out
    places = np.arange(g.size).reshape(g.shape)[idx].ravel()
    if np.unique(places).size == places.size:
        return out
    last = np.zeros(places.size, dtype=bool)  # where each element is written for the last time
    _, first_from_end = np.unique(places[::-1], return_index=True)
    last[places.size - 1 - first_from_end] = True
    return np.where(last.reshape(out.shape), out, np.zeros_like(out))


def copy_containers(x):
    """``x`` with its lists, tuples and dicts copied (all the way down; arrays and
    other objects shared): what generated code changes in place (``xs.append``)
    is then its own, never the caller's."""
    t = type(x)
    if t is float or t is _ndarray:
        return x
    if t is list:
        return [copy_containers(v) for v in x]
    if t is dict:
        return {k: copy_containers(v) for k, v in x.items()}
    if isinstance(x, tuple):
        items = [copy_containers(v) for v in x]
        return t(items) if t is tuple else t(*items)
    if isinstance(x, list):
        return t(copy_containers(v) for v in x)
    if isinstance(x, dict):
        return t((k, copy_containers(v)) for k, v in x.items())
    return x


def list_append(xs, x):
    """``xs.append(x)`` as a value: a new list, one longer (``xs`` itself is left
    alone: the caller's list, or a version the backward sweep still reads)."""
    out = list(xs)
    out.append(x)
    return out


def sequence(x):
    """What a ``for`` loop walks: ``x`` itself, or the keys of a dict (or set...)."""
    if isinstance(x, (list, tuple, range, _ndarray)):
        return x
    return list(x)


def list_pop(xs):
    """``xs.pop()``: removes and returns the last entry."""
    return xs.pop()


def unappend(g, n):
    """The adjoint of the list before ``append``: all but the last entry."""
    return AdjointList(g[:n]) if g is not None else None


class AdjointList(list):
    """A list adjoint: ``+`` adds elementwise, as adjoint accumulation needs."""

    def __add__(self, other):
        return add_adjoints(self, other)

    def __radd__(self, other):
        return add_adjoints(other, self)


class AdjointDict(dict):
    """A dict adjoint: ``+`` adds the values of shared keys."""

    def __add__(self, other):
        return add_adjoints(self, other)

    def __radd__(self, other):
        return add_adjoints(other, self)


def _is_zero(x) -> bool:
    return x is None or (type(x) in (int, float) and x == 0)


def add_adjoints(a, b):
    """The sum of two adjoints, structurally: lists, tuples (named too) elementwise,
    dicts by key, ``None`` and ``0.0`` as zero; arrays and numbers with ``+``.

    Adjoints of the same container come here twice when it reaches the user's
    function twice; ``+`` of two tuples would concatenate them.
    """
    if _is_zero(a):
        return as_adjoint(b)
    if _is_zero(b):
        return as_adjoint(a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple, _ndarray)) or \
            isinstance(b, (list, tuple)) and isinstance(a, _ndarray):
        na, nb = _count(a), _count(b)
        if na != nb or na is None:
            raise RuntimeCheckError(
                f'srcad cannot add the adjoints of a list or tuple of {na} entries and '
                f'one of {nb} (the container changed length)',
                hint='build containers of a fixed length, or use arrays')
        return AdjointList(add_adjoints(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        out = AdjointDict((k, as_adjoint(v)) for k, v in a.items())
        for key, value in b.items():
            out[key] = add_adjoints(out[key], value) if key in out else as_adjoint(value)
        return out
    if isinstance(a, (list, tuple, dict)) or isinstance(b, (list, tuple, dict)):
        raise RuntimeCheckError(
            f'srcad cannot add an adjoint of a {type(a).__name__} to one of a '
            f'{type(b).__name__}', hint='keep each variable one kind of value')
    return a + b


def _count(x):
    return None if type(x) is _ndarray and x.ndim == 0 else len(x)


def as_adjoint(g):
    """An adjoint that adds structurally: tuples and lists (named tuples too) become
    :class:`AdjointList`, dicts :class:`AdjointDict`, all the way down."""
    t = type(g)
    if t is float or t is _ndarray or g is None:
        return g
    if isinstance(g, (list, tuple)):
        return AdjointList(as_adjoint(v) for v in g)
    if isinstance(g, dict):
        return AdjointDict((k, as_adjoint(v)) for k, v in g.items())
    return g


def seed(ans):
    """The adjoint seed ``1`` for a scalar output, in the output's dtype.

    Raises unless ``ans`` is a float scalar or a float array of size 1.
    """
    t = type(ans)
    if t is float or t is np.float64:
        return 1.0
    if t is np.float32:
        return np.float32(1.0)
    if t is complex or (t is _ndarray or isinstance(ans, np.generic)) and ans.dtype.kind == 'c':
        raise RuntimeCheckError(
            'grad needs a real output, but the function returned a complex value (the '
            'gradient of a complex function is not defined; srcad has no holomorphic mode)',
            hint='differentiate a real function of it (np.real, np.abs, np.abs(z) ** 2), '
                 'or use srcad.jvp, or srcad.vjp with a complex cotangent')
    if t is _ndarray or isinstance(ans, np.generic):
        if ans.size == 1 and ans.dtype.kind == 'f':
            return np.ones_like(ans)
        if ans.size != 1:
            raise RuntimeCheckError(
                f'grad needs a scalar output, but the function returned an array '
                f'of shape {ans.shape}',
                hint='reduce it (np.sum, np.mean) or use srcad.vjp for vector outputs')
    if isinstance(ans, (int, bool, np.integer, np.bool_)):
        raise RuntimeCheckError(
            f'grad needs a floating-point output, but the function returned '
            f'{type(ans).__name__} {ans!r}',
            hint='make the computation floating point (e.g. pass float inputs)')
    raise RuntimeCheckError(
        f'grad needs a scalar float output, but the function returned a '
        f'{type(ans).__name__}', hint='return a float or a size-1 float array')


def like_input(g, x):
    """The finished gradient for input ``x``: its shape and dtype, never a view.

    Lists, tuples and dicts come back with the structure of ``x``.  Raises
    for an input that is not floating point (an int, a bool, an object).
    """
    t = type(x)
    if t is float:
        tg = type(g)
        if tg is float:
            return g
        if tg is _float64 or tg is int:
            return float(g)
    if g is None:  # no adjoint arrived on the path that ran
        g = 0.0
    if t is _ndarray:
        if x.dtype.kind not in 'fc':  # (an integer input's gradient would be an integer array)
            raise _not_float(x)
        if (type(g) is _ndarray and g.dtype == x.dtype and g.shape == x.shape
                and g.base is None):
            return g
        if x.dtype.kind == 'f' and np.iscomplexobj(g):
            g = np.real(g)  # a real input's adjoint is real (complex intermediates)
        return np.array(np.broadcast_to(g, x.shape), dtype=x.dtype)
    if t is float:
        return float(np.real(g)) if np.iscomplexobj(g) else float(g)
    if isinstance(x, (list, tuple)):
        entries = _entries(g, len(x))
        if len(entries) != len(x):
            raise RuntimeCheckError(
                f'srcad received an adjoint of {len(entries)} entries for an input of '
                f'{len(x)}', hint='keep the input\'s length fixed inside the function')
        items = [like_input(0.0 if gi is None else gi, xi) for gi, xi in zip(entries, x)]
        return t(items) if t in (list, tuple) else type(x)(*items)
    if isinstance(x, dict):
        if g is None or not isinstance(g, dict) and np.ndim(g) == 0 and not np.any(g):
            g = {}  # no adjoint reached this dict
        elif not isinstance(g, dict):
            raise RuntimeCheckError(
                f'srcad received an adjoint of type {type(g).__name__} for a dict input',
                hint='read the dict\'s entries by key rather than converting the dict')
        return type(x)((k, like_input(g.get(k, 0.0), v)) for k, v in x.items())
    if isinstance(x, (np.floating, np.complexfloating)):
        if np.ndim(g) != 0:
            raise RuntimeCheckError(f'srcad received an adjoint of shape {shape_of(g)} for '
                                    f'a scalar input')
        if x.dtype.kind == 'f' and np.iscomplexobj(g):
            g = np.real(g)
        return x.dtype.type(g)
    if t is complex:
        return complex(g)
    if x is None:  # a None leaf (a field left unset) passes through
        return None
    if _dataclasses.is_dataclass(x) and not isinstance(x, type):
        return record_adjoint(g, x)  # the same dataclass, its fields' gradients in place
    for convert in INPUT_ADJOINTS:  # an object built inside, passed on (attribute_writes)
        found = convert(g, x)
        if found is not None:
            return found
    raise _not_float(x)


#: More inputs ``like_input`` converts: ``convert(g, x)`` returns the gradient, or None
#: for an ``x`` it is not for (registered by :mod:`srcad.rules.attribute_writes`).
INPUT_ADJOINTS = []


def record_adjoint(g, x):
    """The gradient for a dataclass input ``x`` from its adjoint ``g`` (an
    :class:`AdjointDict` by field name; ``like_input`` converts each field's)."""
    if g is None or (type(g) in (int, float) and g == 0):
        g = {}
    elif not isinstance(g, dict):
        raise RuntimeCheckError(
            f'srcad received an adjoint of type {type(g).__name__} for a dataclass '
            f'{type(x).__name__}', hint='read the dataclass\'s fields by name')
    fields = _dataclasses.fields(x)
    init = {f.name for f in fields if f.init}
    stray = [k for k in g if k not in init]
    if stray:
        raise RuntimeCheckError(f'srcad received an adjoint for .{stray[0]} of the '
                                f'dataclass {type(x).__name__}, which __init__ does not take')
    return _dataclasses.replace(x, **{
        f.name: like_input(g.get(f.name, 0.0), getattr(x, f.name))
        for f in fields if f.init})


def _not_float(x):
    kind = getattr(getattr(x, 'dtype', None), 'name', type(x).__name__)
    return RuntimeCheckError(f'cannot differentiate with respect to an input of type {kind}',
                             hint='pass floating-point values')


def _entries(g, n):
    if isinstance(g, (list, tuple)):
        return g
    if isinstance(g, (_ndarray, np.generic)) and g.ndim:
        if len(g) != n:  # not the array NumPy made of this list
            raise RuntimeCheckError(
                f'srcad received an array adjoint of shape {g.shape} for a list or '
                f'tuple of {n} entries', hint='convert it with np.array(...) first')
        return list(g)
    if g is None or np.ndim(g) == 0 and not np.any(g):
        return [0.0] * n
    raise RuntimeCheckError(
        f'srcad received an adjoint of shape {shape_of(g)} for a list or tuple of '
        f'{n} entries', hint='convert it with np.array(...) first')


def zeros_like_input(x):
    """The gradient of an input the output does not depend on."""
    return like_input(0.0, x)


#: The names generated code may use, mapped to what they mean.
HELPERS = {
    name: obj for name, obj in globals().items()
    if name in {
        'unbroadcast', 'unreduce', 'reduced_size', 'expand_reduced',
        'extremum_mask', 'prod_others', 'index_adjoint', 'add_at', 'unstack',
        'setitem', 'array_only', 'diagonal_index', 'zero_at', 'take_at', 'list_append', 'unappend', 'part',
        'zero_tangent', 'tangent_parts', 'list_pop', 'sequence', 'unpacked_adjoint',
        'unconcatenate', 'seed', 'like_input',
        'zeros_like_input', 'AdjointList', 'AdjointDict', 'shape_of', 'add_adjoints',
        'as_adjoint', 'copy_containers'}
}
HELPERS['np'] = np


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


def unarray(g, obj):
    """The adjoint of ``np.array(obj)``: ``g`` split back into ``obj``'s nesting."""
    if isinstance(obj, (list, tuple)):
        return AdjointList(unarray(g[i], o) for i, o in enumerate(obj))
    return unbroadcast(g, obj)


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


HELPERS.update({f.__name__: f for f in (
    matmul_dx, matmul_dy, dot_da, dot_db, untranspose, clip_mask, unarray,
    reshape_method, transpose_method, astype, uncast)})
