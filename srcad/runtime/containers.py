"""Adjoints of lists, tuples and dicts, and the list operations generated code uses.

:class:`AdjointList` and :class:`AdjointDict` add structurally (``+`` adds
entry by entry); :func:`part` and :func:`tangent_parts` take a container's
derivative apart; :func:`list_append` and :func:`copy_containers` keep the
caller's containers unchanged.  Plain NumPy, safe to export with the generated
code.
"""

from __future__ import annotations

import weakref

import numpy as np

from ..errors import RuntimeCheckError
from .shapes import _ndarray, shape_of, unbroadcast


class AdjointList(list):
    """A list adjoint: ``+`` adds elementwise, as adjoint accumulation needs."""

    def __add__(self, other):
        return add_adjoints(self, other)

    def __radd__(self, other):
        return add_adjoints(other, self)


class AdjointDict(dict):
    """A dict adjoint: ``+`` adds the values of shared keys.

    ``of`` is the object whose attributes it holds the adjoints of, when srcad
    knows it (``x.name``'s adjoint is of ``x``; :func:`srcad.runtime.objects.adjoint_of`
    refuses it for another object)."""

    of = None

    def __add__(self, other):
        return add_adjoints(self, other)

    def __radd__(self, other):
        return add_adjoints(other, self)

    def _refuse(self, *args, **kwargs):
        # the adjoint of an object met an operator (``p * q`` of a class's own ``__mul__``)
        raise RuntimeCheckError(
            'an operator or a NumPy function on an object (an instance of your class): '
            'the derivative of its own __mul__, __sub__, __array__... is unknown to srcad',
            hint='call a plain method of the class (its source is differentiated), or '
                 'compute with the arrays it holds (its attributes)')

    __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _refuse
    __pow__ = __rpow__ = __matmul__ = __rmatmul__ = __neg__ = __array__ = _refuse
    __array_ufunc__ = __array_function__ = _refuse


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
        of_a, of_b = getattr(a, 'of', None), getattr(b, 'of', None)
        if of_a is not None or of_b is not None:  # (two objects' adjoints: none of them)
            out.of = of_a if of_b is None or of_b is of_a else of_b if of_a is None else MIXED
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
        out = AdjointDict((k, as_adjoint(v)) for k, v in g.items())
        out.of = getattr(g, 'of', None)
        return out
    if GRADIENT_RECORDS.get(id(g)) is g:  # a dataclass gradient a called function returned
        return AdjointDict((k, as_adjoint(getattr(g, k))) for k in g.__dataclass_fields__
                           if g.__dataclass_fields__[k].init
                           and not isinstance(getattr(g, k), str))  # (passed through)
    return g


#: id -> the dataclass gradients :func:`srcad.runtime.inputs.record_adjoint` built (the
#: backward half of a called function returns one for a dataclass argument): only these
#: are read back as adjoints by field, never a dataclass the user's operators computed
GRADIENT_RECORDS = weakref.WeakValueDictionary()


#: the ``of`` of an object's adjoint that added the adjoints of two objects
MIXED = type('Mixed', (), {'__repr__': lambda self: 'two objects'})()


def _zeros_like(x):
    if isinstance(x, (list, tuple)):
        return AdjointList(_zeros_like(v) for v in x)
    if isinstance(x, dict):
        return AdjointDict((k, _zeros_like(v)) for k, v in x.items())
    if isinstance(x, (np.ndarray, np.generic)) and x.dtype.kind in 'fc':
        return np.zeros_like(x)
    if type(x) is _ndarray and x.ndim:  # (integers, and strings or objects as constants)
        return np.zeros(x.shape)  # (an integer array keeps its shape: np.hstack([ids, h]))
    return 0.0


def refuse_missing_hook(x):
    """Refuse a dict whose reads of missing keys insert values (``defaultdict``,
    a subclass with ``__missing__``): the generated code copies dicts on writes
    and tracks their derivatives key by key, and would lose the hook."""
    if isinstance(x, dict) and type(x) is not dict and hasattr(type(x), '__missing__'):
        raise RuntimeCheckError(
            f'a {type(x).__name__} (its missing keys filled by __missing__) is written to '
            f'or given a derivative: srcad follows plain dicts only',
            hint='use a plain dict and d[k] = d.get(k, 0.0) + ...')


def zero_tangent(x):
    """The tangent of a value that does not vary: zeros shaped like it."""
    refuse_missing_hook(x)
    if x is None or isinstance(x, list) and not x:
        return type(x)() if x is not None else None
    return _zeros_like(x)


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


def tangent_parts(dot, x):
    """The tangents of the parts of an unpacked value (``a, b = x``): the entries
    of a list's tangent, or the rows (along the first axis) of an array's."""
    if isinstance(dot, dict) and hasattr(dot, 'kind'):  # an ObjectTangent: refused
        raise RuntimeCheckError(
            'iterating (a, b = x) on an object, not a NumPy array, list, tuple or dict: '
            'the derivative of its own __iter__ is unknown to srcad',
            hint='unpack the arrays it holds (its attributes) instead')
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


def unarray(g, obj):
    """The adjoint of ``np.array(obj)``: ``g`` split back into ``obj``'s nesting."""
    if isinstance(obj, (list, tuple)):
        if (isinstance(g, (list, tuple)) or type(g) is _ndarray and g.ndim) \
                and len(g) != len(obj):  # (not the array NumPy made of this list)
            raise RuntimeCheckError(
                f'srcad received an adjoint of {len(g)} entries for a list or tuple of '
                f'{len(obj)} (the lists were joined, not converted by NumPy)',
                hint='join lists with + or [*a, *b] (srcad splits those), or convert '
                     'each with np.array(...)')
        return AdjointList(unarray(g[i], o) for i, o in enumerate(obj))
    return unbroadcast(g, obj)


class Adjoints(tuple):
    """The adjoints :func:`srcad.dynamic.dynamic_backward` returns for a call of a function with a rule:
    the generated code reads those of the differentiated arguments only, and reading one
    the rule has no derivative for (``q`` of ``np.quantile``) raises, never a zero."""

    refused: dict = {}  # position -> the RuntimeCheckError reading it raises

    def __getitem__(self, i):
        if isinstance(i, slice):
            kept = range(*i.indices(len(self)))
            out = Adjoints(tuple.__getitem__(self, i))
            out.refused = {k: self.refused[j] for k, j in enumerate(kept) if j in self.refused}
            return out
        error = self.refused.get(i + len(self) if i < 0 else i)
        if error is not None:
            raise error
        return tuple.__getitem__(self, i)
