"""Lists and tuples joined with ``+`` and repeated with ``*``, and their derivatives.

``hidden + [out]``, ``args + (ones,)``, ``[x0] + xs``, ``parts += [a, b]``: Python
joins the two sequences, and the adjoint of the joined list splits at the length of
the left one (:func:`joined_part`).  When one operand is a NumPy array, NumPy
converts the list instead and adds elementwise: the same helpers then do what
``+`` does for arrays (the adjoint summed over broadcast axes, routed back to the
entries of the converted list).  ``lst * 2`` (a list repeated a known integer number
of times): the adjoint of each entry is the sum over its copies (:func:`repeated_part`).
``sum(chunks, [])`` joins every chunk after the start (:func:`sum_join`).  A ``*args``
tuple's gradient handed back to the caller leaves its integer entries without one
(:func:`vararg_gradients`).

Plain NumPy, safe to export with the generated code.
"""

from __future__ import annotations

import numpy as np

from ..errors import RuntimeCheckError
from .containers import AdjointList, _is_zero, add_adjoints, unarray, zero_tangent
from .inputs import like_input
from .shapes import _ndarray, shape_of, unbroadcast


def _sequence(x) -> bool:
    return isinstance(x, (list, tuple))


def join_add(a, b, in_place=False):
    """``a + b`` as Python computes it: two lists (or two tuples) joined, or, when one
    operand is an array, NumPy's elementwise sum (it converts the list).  ``in_place``:
    ``a += b``, which for a list ``a`` extends a copy of it by a tuple too (Python's
    ``list.__iadd__``; ``a`` itself is left as it was: the backward sweep reads it)."""
    if in_place and type(a) is list and not isinstance(b, (list, _ndarray, np.generic)):
        if not isinstance(b, tuple):  # (a generator, a range...: what entries it gave is lost)
            raise RuntimeCheckError(
                f'srcad cannot differentiate a list += a {type(b).__name__}',
                hint='extend the list by a list: xs += list(...)')
        out = list(a)
        out += b
        return out
    return a + b


def joined_part(g, a, b, side):
    """The adjoint of operand ``side`` (0 for ``a``, 1 for ``b``) of ``a + b``, from the
    adjoint ``g`` of the sum: the entries of the joined list that came from it, or, for
    an elementwise sum, ``g`` summed down to the operand (a list's entries each given
    theirs)."""
    if _sequence(a) and _sequence(b):
        n, total = len(a), len(a) + len(b)
        if g is None or _is_zero(g):  # (no adjoint reached the joined list)
            return zero_tangent(list(a if side == 0 else b))
        if isinstance(g, (list, tuple)) and len(g) == total or \
                isinstance(g, _ndarray) and g.ndim and len(g) == total:
            piece = g[:n] if side == 0 else g[n:]
            return AdjointList(piece) if isinstance(g, (list, tuple)) else piece
        raise RuntimeCheckError(
            f'srcad received an adjoint of {_described(g)} for a list of {total} entries '
            f'joined with +', hint='convert the joined list with np.array(...) first')
    x = a if side == 0 else b
    if _sequence(x):  # NumPy converted the list: the adjoint of each entry
        return unarray(unbroadcast(g, x), x)
    return unbroadcast(g, x)


def joined_tangent(a_dot, b_dot, a, b, ans):
    """The tangent of ``a + b``: the operands' tangents joined as the values were, or
    their elementwise sum (lists converted as NumPy converted the values)."""
    if _sequence(a) and _sequence(b):
        joined = list(_entries(a_dot, a)) + list(_entries(b_dot, b))
        return tuple(joined) if isinstance(ans, tuple) else joined
    out = _converted(a_dot, a) + _converted(b_dot, b)
    if shape_of(out) != shape_of(ans):
        out = np.broadcast_to(out, shape_of(ans))
    return out


def _entries(dot, x):
    """The entries of the tangent of the list ``x`` (zeros where it has none)."""
    if dot is None or _is_zero(dot):
        return zero_tangent(list(x))
    if len(dot) != len(x):
        raise RuntimeCheckError(
            f'srcad received a tangent of {_described(dot)} for a list of {len(x)} entries '
            f'joined with +', hint='convert the list with np.array(...) first')
    return dot


def _converted(dot, x):
    """The tangent of the list ``x`` as NumPy converts the list: an array (an entry
    without a tangent is zeros shaped like the entry)."""
    if not _sequence(x):
        return dot
    if dot is None or _is_zero(dot):
        return np.zeros(np.shape(x))
    return np.array([_converted(d, v) if _sequence(v) else
                     (np.zeros(np.shape(v)) if _is_zero(d) else d) for d, v in zip(dot, x)])


def _described(g) -> str:
    if isinstance(g, (list, tuple)):
        return f'{len(g)} entries'
    return f'shape {shape_of(g)}'


def _count(n):
    """The repetition count of ``lst * n``: an integer (a bool is one too, for Python)."""
    if isinstance(n, (int, np.integer)):
        return max(int(n), 0)
    raise RuntimeCheckError(
        f'srcad expected an integer repetition count for a list times a number, not a '
        f'{type(n).__name__}', hint='convert the list with np.array(...) to multiply it')


def repeat_sequence(a, n):
    """``a * n`` for the integer ``n``: a list (or tuple) repeated, or, for an array
    ``a``, NumPy's product."""
    return a * n


def repeated_part(g, a, n):
    """The adjoint of ``a`` in ``a * n``: for a repeated list, the sum over the copies
    of each entry's adjoint; for an array, ``g * n``."""
    if not _sequence(a):
        return unbroadcast(g * n, a)
    count, m = _count(n), len(a)
    if g is None or _is_zero(g):
        return g
    if not (isinstance(g, (list, tuple)) or isinstance(g, _ndarray) and g.ndim) \
            or len(g) != count * m:
        raise RuntimeCheckError(
            f'srcad received an adjoint of {_described(g)} for a list of {m} entries '
            f'repeated {count} times', hint='convert the list with np.array(...) first')
    if count == 0:
        return zero_tangent(list(a))
    out = AdjointList(g[:m]) if isinstance(g, (list, tuple)) else g[:m]
    for k in range(1, count):
        piece = g[k * m:(k + 1) * m]
        out = add_adjoints(out, AdjointList(piece) if isinstance(g, (list, tuple)) else piece)
    return out


def repeated_tangent(a_dot, a, n):
    """The tangent of ``a * n`` (``n`` an integer): the tangent list repeated, or, for an
    array, ``a_dot * n``."""
    if not _sequence(a):
        return a_dot * n
    entries = list(_entries(a_dot, a)) * _count(n)
    return tuple(entries) if isinstance(a, tuple) else entries


def sum_join(iterable, start):
    """``sum(iterable, start)`` with a ``start`` that is not a number constant: Python
    joins the entries when all are lists or tuples (``sum(chunks, [])``); else NumPy
    adds (it converts the lists).  Which one is known only when it runs
    (:func:`_summed_kind`)."""
    return sum(iterable, start)


def _summed_kind(iterable, start) -> str:
    """``'join'`` when ``sum(iterable, start)`` joined sequences, ``'add'`` when it added
    elementwise; refused when it did both (lists joined, then an array added to the
    joined list) or when the entries cannot be read again (a generator: used up)."""
    if not isinstance(iterable, (list, tuple, _ndarray, range)):
        raise RuntimeCheckError(
            f'srcad differentiates sum(iterable, start) of a list, tuple or array, not '
            f'of a {type(iterable).__name__} (its entries are not seen again)',
            hint='make the entries a list first: sum(list(...), start)')
    if not _sequence(start) or isinstance(iterable, (_ndarray, range)):
        return 'add'
    joined = [_sequence(e) for e in iterable]
    if all(joined):
        return 'join'
    if joined and not joined[0]:
        return 'add'  # (the start list + an array: NumPy adds, and so on)
    raise RuntimeCheckError(
        'srcad cannot differentiate sum(...) that joins lists and then adds an array to '
        'the joined list', hint='convert the lists with np.array(...) first')


def _summed_pieces(g, iterable, start):
    """The adjoints of ``start`` and of each entry, split off the joined list's ``g``."""
    lengths = [len(start)] + [len(e) for e in iterable]
    total = sum(lengths)
    if not (isinstance(g, (list, tuple)) or isinstance(g, _ndarray) and g.ndim) \
            or len(g) != total:
        raise RuntimeCheckError(
            f'srcad received an adjoint of {_described(g)} for a list of {total} entries '
            f'joined by sum(...)', hint='convert the joined list with np.array(...) first')
    pieces, at = [], 0
    for n in lengths:
        piece = g[at:at + n]
        pieces.append(AdjointList(piece) if isinstance(g, (list, tuple)) else piece)
        at += n
    return pieces


def summed_parts(g, iterable, start):
    """The adjoint of ``iterable`` in ``sum(iterable, start)``: each entry's part of the
    joined list, or, for an elementwise sum, ``g`` for every entry (the rows of an
    array)."""
    kind = _summed_kind(iterable, start)
    if g is None or _is_zero(g):
        return zero_tangent(iterable if isinstance(iterable, _ndarray) else list(iterable))
    if kind == 'join':
        return AdjointList(_summed_pieces(g, iterable, start)[1:])
    if isinstance(iterable, _ndarray):  # (its rows added: each row's adjoint alike)
        if not len(iterable):
            return np.zeros_like(iterable, dtype=float)
        return np.array(np.broadcast_to(unbroadcast(g, iterable[0]), iterable.shape))
    return AdjointList(unarray(unbroadcast(g, e), e) if _sequence(e) else unbroadcast(g, e)
                       for e in iterable)


def summed_start(g, iterable, start):
    """The adjoint of ``start`` in ``sum(iterable, start)``."""
    kind = _summed_kind(iterable, start)
    if g is None or _is_zero(g):
        return zero_tangent(list(start) if _sequence(start) else start)
    if kind == 'join':
        return _summed_pieces(g, iterable, start)[0]
    return joined_part(g, start, None, 0)


def summed_tangent(iterable_dot, start_dot, iterable, start, ans):
    """The tangent of ``sum(iterable, start)``: the tangents joined as the values were,
    or summed (lists converted as NumPy converted the values)."""
    kind = _summed_kind(iterable, start)
    entries = _iterable_tangents(iterable_dot, iterable)
    if kind == 'join':
        out = list(_entries(start_dot, start))
        for dot, e in zip(entries, iterable):
            out += list(_entries(dot, e))
        return tuple(out) if isinstance(ans, tuple) else out
    out = _converted_or_zeros(start_dot, start)
    for dot, e in zip(entries, iterable):
        out = out + _converted_or_zeros(dot, e)
    if shape_of(out) != shape_of(ans):
        out = np.broadcast_to(out, shape_of(ans))
    return out


def _converted_or_zeros(dot, x):
    """:func:`_converted`, with zeros shaped like ``x`` for a value without a tangent."""
    if _is_zero(dot) and not _sequence(x):
        return np.zeros(np.shape(x))
    return _converted(dot, x)


def _iterable_tangents(dot, iterable):
    if dot is None or _is_zero(dot):
        return [None] * len(iterable)
    if isinstance(dot, (list, tuple)) and len(dot) == len(iterable):
        return dot
    if isinstance(dot, _ndarray) and dot.ndim and len(dot) == len(iterable):
        return list(dot)
    raise RuntimeCheckError(
        f'srcad received a tangent of {_described(dot)} for the {len(iterable)} entries '
        f'sum(...) adds', hint='convert them with np.array(...) first')


def vararg_gradients(g, args):
    """The adjoints of a ``*args`` tuple that a call's backward half hands back to the
    calling code: each floating-point entry's finished like any input's
    (:func:`srcad.runtime.like_input`); an integer or boolean entry (``concat(W, x,
    h)`` with a one-hot ``x`` of integers) carries no derivative and gets ``None``, which
    the caller, differentiating only the values that vary, never reads."""
    if isinstance(g, (list, tuple)) and len(g) == len(args):
        return tuple(None if _integer(x) else like_input(0.0 if d is None else d, x)
                     for d, x in zip(g, args))
    return like_input(g, args)


def _integer(x) -> bool:
    if isinstance(x, (bool, int, np.integer, np.bool_)):
        return True
    return isinstance(x, _ndarray) and x.dtype.kind in 'biu'


HELPERS = {f.__name__: f for f in (
    join_add, joined_part, joined_tangent, repeat_sequence, repeated_part, repeated_tangent,
    sum_join, summed_parts, summed_start, summed_tangent, vararg_gradients)}
