"""Indexing: element writes as new values, and the adjoints of reads and writes.

Repeated integer indices accumulate in :func:`index_adjoint` and
:func:`add_at` and the last write wins in :func:`take_at`, as in NumPy.
Plain NumPy, safe to export with the generated code.
"""

from __future__ import annotations

import numpy as np

from ..errors import RuntimeCheckError
from .containers import AdjointDict, AdjointList, _is_zero, _zeros_like, refuse_missing_hook
from .dtypes import DIFFERENTIABLE, FOLLOWED, refuse_dtype, written_no_derivative
from .shapes import _ndarray, shape_of, unbroadcast


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
    if not isinstance(x, (_ndarray, np.generic, int, float, complex)):
        raise RuntimeCheckError(
            f'x[...] on a {type(x).__name__}, not a NumPy array, list, tuple or dict: '
            f'the derivative of its own __getitem__ is unknown to srcad',
            hint=f'call a plain method of {type(x).__name__} (e.g. p.get(name)) instead of '
                 f'[...], or index a NumPy array')
    if isinstance(x, (_ndarray, np.generic)) and x.dtype.kind not in FOLLOWED:
        refuse_dtype(x.dtype, 'x[...] read from an array')
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


def setitem(x, idx, v):
    """``x`` with ``x[idx] = v``, as a new array or list (``x`` is left alone).

    Generated code writes elements through this, so a gradient never
    modifies the caller's arrays.
    """
    if isinstance(x, list):
        out = list(x)
        if isinstance(idx, slice):
            refuse_resizing(out, idx, v)
    elif isinstance(x, dict):
        refuse_missing_hook(x)
        out = dict(x)
    elif isinstance(x, (_ndarray, np.generic)) or type(x).__module__ == 'builtins':
        out = np.array(x, copy=True)
    else:  # (np.array(x) of an object would write into a conversion of it)
        raise RuntimeCheckError(
            f'x[...] = v on a {type(x).__name__}, not a NumPy array, list or dict: the '
            f'derivative of its own __setitem__ is unknown to srcad',
            hint=f'assign an attribute of the {type(x).__name__} instead, or write into '
                 f'a NumPy array')
    out[idx] = v
    return out


def views(x, idx) -> bool:
    """Whether ``x[idx]`` is a view of ``x``'s data (a NumPy array indexed by a basic
    index, giving an array): a write into ``x`` shows in it.  A list's or dict's entry is
    the object itself, which a write into the container replaces without changing."""
    return isinstance(x, _ndarray) and _view_of(x, idx)


def _view_of(x, idx) -> bool:
    """``x[idx]`` (``x`` an array) is a view of ``x``'s data: a basic index giving an array
    in ``x``'s memory (not the array an object array holds as an element)."""
    if not _is_basic_index(idx):
        return False
    part = x[idx]
    return isinstance(part, _ndarray) and np.may_share_memory(part, x)


def iterated_itself(x) -> None:
    """``for row in x: row *= 2``: srcad reads the rows as ``x[k]``, which is what the loop
    walks for a list, a tuple or an array; anything else (an iterator, a dict) is refused."""
    if not isinstance(x, (list, tuple, _ndarray)):
        raise RuntimeCheckError(
            f'the loop changes what it walks over in place, and it walks a '
            f'{type(x).__name__}: srcad follows such changes into the rows of an array or '
            f'the entries of a list only',
            hint='loop over an index instead: for k in range(len(x)): x[k] = ...')


def same_object(a, b) -> bool:
    """Whether ``a`` is ``b`` and can be changed in place (an array, a list, a dict): a
    change made through ``a`` shows in ``b`` (``z = y`` taken on one path only)."""
    return a is b and isinstance(a, (_ndarray, list, dict))


def writes_back(x, idx) -> bool:
    """Whether a change made in place through ``x[idx]`` shows in ``x`` (and must be
    written back into it); ``idx`` Ellipsis for a change through another name for ``x``
    itself (an array, a list or a dict: not a number or a tuple).  ``x[idx]`` of a NumPy
    array by a basic index that is an array (a view of ``x``'s data; a number or an
    advanced index's result is a copy), or the entry of a list (by an integer, not a
    slice: a copy) or of a dict that can be changed in place (an array, a list, a dict).
    An entry held twice in one list (``[row] * 2``), or held by a tuple, an object array
    or another object, is refused: writing it back in one place would not show in the
    others (or cannot be done)."""
    if idx is Ellipsis:  # (v = x; v += ...: x itself changed, unless a number or a tuple)
        return isinstance(x, (_ndarray, list, dict))
    if isinstance(x, _ndarray) and (x.dtype.kind != 'O' or _view_of(x, idx)
                                    or not _is_basic_index(idx)):
        return _view_of(x, idx)
    if isinstance(x, list) and isinstance(idx, slice):
        return False
    try:
        entry = x[idx]
    except (TypeError, IndexError, KeyError):
        return False
    if not isinstance(entry, (_ndarray, list, dict)):
        return False
    if isinstance(x, dict) or isinstance(x, list) and sum(e is entry for e in x) == 1:
        return True
    raise RuntimeCheckError(
        f'the {type(entry).__name__} at [{idx!r}] of a {type(x).__name__} was changed in '
        f'place' + (', and the list holds it more than once' if isinstance(x, list) else '') +
        ': srcad writes such a change back into one entry of a list or dict only',
        hint='build the rows separately (e.g. [[0.0] * n for _ in range(m)]), or write into '
             'a NumPy array')


def refuse_resizing(lst: list, idx: slice, v) -> None:
    """``lst[i:j] = v`` that changes the list's length (``lst[1:2] = []``): the
    adjoint of each later entry would belong to another position (not modelled)."""
    try:
        n = len(v)
    except TypeError:  # (not a sequence: Python's own error when the code runs)
        return
    if len(range(*idx.indices(len(lst)))) != n:
        raise RuntimeCheckError(
            f'lst[{_slice_text(idx)}] = v with {n} value(s) for '
            f'{len(range(*idx.indices(len(lst))))} entries changes the length of the list: '
            f'srcad supports slice assignment into a list only when the length stays',
            hint='build a new list instead: lst = lst[:i] + v + lst[j:]')


def _slice_text(idx: slice) -> str:
    parts = ['' if p is None else str(p) for p in (idx.start, idx.stop, idx.step)]
    return ':'.join(parts if idx.step is not None else parts[:2])


def array_only(x, method, line):
    """Check, when the code runs, that ``x.<method>()`` (compiled as a new array for
    ``x``) is called on a numpy array; on a list it would need a rule for lists."""
    if not isinstance(x, _ndarray):
        raise RuntimeCheckError(
            f'srcad supports .{method}() in place on numpy arrays only, not on a '
            f'{type(x).__name__} (line {line})',
            hint=f'use x = sorted(x) or np.{method}(x) for a new value')


def list_only(x, text, line):
    """Check, when the code runs, that ``text.append(v)`` (compiled as ``text += [v]``,
    which is what it means for a list) is called on a list."""
    if type(x) is not list:
        raise RuntimeCheckError(
            f'srcad compiles {text}.append(v) as {text} += [v], which is what it means for a '
            f'list, and {text} is a {type(x).__name__} here (line {line})',
            hint=f'hold a list in {text}, or build the new value and assign it')


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
    """A copy of the adjoint ``g`` with the overwritten elements ``g[idx]`` zeroed (a zero
    adjoint, ``0.0``: the entry of a list's adjoint no one read, stays zero)."""
    if _is_zero(g):
        return g
    if isinstance(g, (list, dict)):
        out = type(g)(g)
        if isinstance(out, list) and isinstance(idx, slice):  # (the length stays: setitem)
            out[idx] = [0.0] * len(range(*idx.indices(len(out))))
        else:
            out[idx] = 0.0
        return out
    out = np.array(g, copy=True)
    out[idx] = 0
    return out


def value_adjoint(g, idx, v, ans=None):
    """The adjoint of ``v`` in ``x[idx] = v``: :func:`take_at`, summed down to ``v``'s
    shape; for ``lst[i:j] = [a, b]`` into a list (whose length stays:
    :func:`refuse_resizing`) the entries ``g[i:j]``, one per value.  Zero when ``ans``
    (the array written) holds integers or booleans, as the code ran: NumPy truncated
    ``v``; refused for dtypes that are neither (object, named fields)."""
    if ans is not None and (type(ans) is not _ndarray or ans.dtype.kind not in DIFFERENTIABLE) \
            and written_no_derivative(ans):  # (floats: one attribute read)
        return _zeros_like(v)
    part = take_at(g, idx)
    if isinstance(part, list) and isinstance(v, (list, tuple)) and len(part) == len(v):
        return part
    return unbroadcast(part, v)


def take_at(g, idx):
    """``g[idx]`` of an adjoint that may be a list, a dict or an array: the adjoint of
    ``v`` in ``x[idx] = v``.

    NumPy writes each element of ``v`` in turn, so where an index repeats
    (``x[[0, 0]] = v``) the last write wins: only the last occurrence of each
    element receives the adjoint, the others get zero.

    >>> take_at(np.array([1.0, 2.0]), [0, 0, 1])
    array([0., 1., 2.])
    """
    if isinstance(g, dict) and idx not in g or _is_zero(g):
        # a dict's adjoint holds the entries that were read: one never read has zero (and
        # a zero adjoint, the entry of a list's adjoint no one read, has zero entries)
        return 0.0
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
