"""Helpers for iterating containers: ``zip``, ``enumerate``, ``reversed``, ``sorted``,
``dict.items()``/``values()``/``keys()``/``get()``, ``dict(pairs)`` and ``x.tolist()``.

These builtins move values without changing them, so their adjoint routes each
element's adjoint back to the element it came from (and their tangent carries
each element's tangent along).  srcad's normalizer rewrites a loop over them
into a loop over indices (``for k in range(n): v = d[keys[k]]``); where they
are consumed whole (``list(zip(a, b))``, ``sorted(d.items())``,
``dict(zip(keys, values))``) it calls the list-making helpers below, each with a
rule in :mod:`srcad.rules.python.iteration`.

Keys of a dict, positions and orders carry no derivative.  A container srcad
cannot route an adjoint into (a generator, a set) is refused when it runs.
"""

from __future__ import annotations

import numpy as np

from ...errors import RuntimeCheckError
from ...runtime import AdjointDict, AdjointList, _zeros_like
from ..registry import register_helpers


def _absent(g) -> bool:
    return g is None or (type(g) in (int, float) and g == 0)


# --- what the normalized code calls (the primal values) --------------------------------
def dict_keys(d):
    """The keys of ``d`` in order (a loop over ``d.items()`` walks them)."""
    return list(d.keys())


def sort_order(xs, key=None, reverse=False):
    """The positions of ``xs``'s elements in the order ``sorted(xs, key=key,
    reverse=reverse)`` puts them (stable, as ``sorted`` is)."""
    items = list(xs)
    if key is None:
        return sorted(range(len(items)), key=items.__getitem__, reverse=reverse)
    keys = [key(v) for v in items]
    return sorted(range(len(items)), key=keys.__getitem__, reverse=reverse)


def count_start(start):
    """``enumerate``'s ``start``: an integer, as ``enumerate`` insists."""
    import operator
    return operator.index(start)


def zip_length(*lengths, strict=False):
    """How many tuples ``zip`` makes of sequences of these lengths."""
    if not lengths:
        return 0
    if strict and any(n != lengths[0] for n in lengths):
        shorter = next(i for i, n in enumerate(lengths) if n != lengths[0]) + 1
        which = 'shorter' if lengths[shorter - 1] < lengths[0] else 'longer'
        raise ValueError(f'zip() argument {shorter} is {which} than argument 1')
    return min(lengths)


def zip_list(seqs, strict=False):
    """``list(zip(*seqs, strict=strict))``."""
    return list(zip(*seqs, strict=strict))


def enumerate_list(xs, start=0):
    """``list(enumerate(xs, start))``."""
    return list(enumerate(xs, start))


def reversed_list(xs):
    """``list(reversed(xs))``."""
    return list(reversed(xs))


def sorted_list(xs, key=None, reverse=False):
    """``sorted(xs, key=key, reverse=reverse)``."""
    return sorted(xs, key=key, reverse=reverse)


def dict_items(d):
    """``list(d.items())``."""
    return list(d.items())


def dict_values(d):
    """``list(d.values())``."""
    return list(d.values())


def make_dict(obj=()):
    """``dict(obj)``: a copy of a dict, or a dict of (key, value) pairs."""
    return dict(obj)


def dict_get(d, key, default=None):
    """``d.get(key, default)``."""
    return d.get(key, default)


def tolist(x):
    """``x.tolist()``: nested lists of Python numbers."""
    return x.tolist()


# --- adjoints: each element's adjoint back where the element came from ----------------
def _element_adjoints(g, n):
    """The adjoints of the ``n`` elements of a list whose adjoint is ``g``."""
    if _absent(g):
        return [0.0] * n
    if isinstance(g, (list, tuple)) or isinstance(g, np.ndarray) and g.ndim:
        entries = list(g)
        if len(entries) != n:
            raise RuntimeCheckError(f'srcad received an adjoint of {len(entries)} entries '
                                    f'for a list of {n}')
        return entries
    raise RuntimeCheckError(f'srcad received an adjoint of type {type(g).__name__} for a '
                            f'list of {n} entries')


def _pair_part(g, i):
    """Entry ``i`` of the adjoint of a tuple (``0.0`` stands for zeros)."""
    if _absent(g):
        return 0.0
    return g[i]


def route_back(entries, seq):
    """The adjoint of ``seq`` given the adjoints of the elements a loop (or ``zip``,
    ``list``...) read from it, in order; fewer entries than elements leave the rest
    zero.  A dict's elements are its keys (no derivative)."""
    if isinstance(seq, dict) or isinstance(seq, range):
        return 0.0
    if isinstance(seq, np.ndarray):
        if seq.ndim == 0:
            raise RuntimeCheckError('iteration over a 0-d array')
        dtype = np.result_type(seq, 1.0)
        out = np.zeros(seq.shape, dtype=dtype)
        for i, e in enumerate(entries):
            if not _absent(e):
                if np.iscomplexobj(e) and not np.iscomplexobj(out):
                    out = out.astype(np.result_type(out, e))
                out[i] = e
        return out
    if isinstance(seq, (list, tuple)):
        entries = list(entries)
        return AdjointList(entries + [0.0] * (len(seq) - len(entries)))
    if all(_absent(e) for e in entries):
        return 0.0
    raise RuntimeCheckError(
        f'srcad cannot send derivatives back into a {type(seq).__name__} it iterated over',
        hint='iterate over a list, a tuple, an array or a dict')


def unzip(g, seqs, strict=False):
    """The adjoints of the sequences ``zip`` paired: entry ``j`` of each tuple's
    adjoint goes back to sequence ``j``."""
    n = min((len(s) for s in seqs), default=0)
    rows = _element_adjoints(g, n)
    return AdjointList(route_back([_pair_part(r, j) for r in rows], s) for j, s in enumerate(seqs))


def unenumerate(g, xs, start=0):
    """The adjoint of ``xs`` in ``enumerate(xs)``: the second entry of each pair's adjoint."""
    rows = _element_adjoints(g, len(xs) if hasattr(xs, '__len__') else len(list(xs)))
    return route_back([_pair_part(r, 1) for r in rows], xs)


def unreverse(g, xs):
    """The adjoint of ``xs`` in ``reversed(xs)``."""
    return route_back(_element_adjoints(g, len(xs))[::-1], xs)


def unsort(g, xs, key=None, reverse=False):
    """The adjoint of ``xs`` in ``sorted(xs)``: each adjoint back to the element's place."""
    order = sort_order(xs, key, reverse)
    rows = _element_adjoints(g, len(order))
    entries = [0.0] * len(order)
    for place, i in enumerate(order):
        entries[i] = rows[place]
    return route_back(entries, xs)


def unitems(g, d):
    """The adjoint of ``d`` in ``list(d.items())``."""
    keys = list(d.keys())
    rows = _element_adjoints(g, len(keys))
    parts = [(k, _pair_part(r, 1)) for k, r in zip(keys, rows)]
    return AdjointDict((k, v) for k, v in parts if not _absent(v))


def unvalues(g, d):
    """The adjoint of ``d`` in ``list(d.values())``."""
    keys = list(d.keys())
    rows = _element_adjoints(g, len(keys))
    return AdjointDict((k, r) for k, r in zip(keys, rows) if not _absent(r))


def undict(g, obj=()):
    """The adjoint of ``obj`` in ``dict(obj)``: for a dict, ``g`` itself; for pairs, each
    value's adjoint to the last pair with its key (the one ``dict`` keeps)."""
    if isinstance(obj, dict):
        return AdjointDict(g) if isinstance(g, dict) else 0.0
    pairs = list(obj)
    g = g if isinstance(g, dict) else {}
    last = {}
    for i, pair in enumerate(pairs):
        last[pair[0]] = i
    entries = [AdjointList([0.0, _zeros_like(pair[1])]) for pair in pairs]
    for key, i in last.items():
        if key in g and not _absent(g[key]):
            entries[i] = AdjointList([0.0, g[key]])
    return route_back(entries, obj)


def unget(g, d, key):
    """The adjoint of ``d`` in ``d.get(key, default)``."""
    if not isinstance(d, dict):
        raise RuntimeCheckError(f'srcad differentiates .get() of a dict only, not of a '
                                f'{type(d).__name__}')
    if key in d:
        return AdjointDict({key: g})
    return 0.0


def unget_default(g, d, key):
    """The adjoint of ``default`` in ``d.get(key, default)``."""
    return 0.0 if key in d else g


def untolist(g, x):
    """The adjoint of ``x`` in ``x.tolist()``: the nested lists' adjoints as an array."""
    x = np.asarray(x)
    out = np.zeros(x.shape, dtype=np.result_type(x, 1.0))
    if x.ndim == 0:
        return out + (0.0 if _absent(g) else g)
    _fill(out, g)
    return out


def _fill(out, g):
    if _absent(g):
        return
    for i, gi in enumerate(_element_adjoints(g, len(out))):
        if _absent(gi):
            continue
        if out.ndim == 1:
            out[i] = gi
        else:
            _fill(out[i], gi)


def unsequence(g, x):
    """The adjoint of ``x`` in ``sequence(x)`` (what a ``for`` loop walks): ``g``
    itself, except that a dict's keys carry no derivative."""
    if isinstance(x, (list, tuple, np.ndarray)):
        return g
    return route_back(_element_adjoints(g, len(x)) if hasattr(x, '__len__') else [g], x)


def unlist_items(g, iterable=()):
    """The adjoint of ``iterable`` in ``list(iterable)`` or ``tuple(iterable)``."""
    if isinstance(iterable, np.ndarray):
        return route_back(_element_adjoints(g, len(iterable)), iterable)
    if isinstance(iterable, (list, tuple)):
        return AdjointList(_element_adjoints(g, len(iterable)))
    return route_back(_element_adjoints(g, len(iterable)) if hasattr(iterable, '__len__') else [g],
                      iterable)


# --- tangents: each element's tangent carried along -------------------------------------
def element_tangents(dot, seq):
    """The tangents of the elements a loop reads from ``seq`` (zeros for a dict's keys)."""
    if isinstance(seq, (dict, range)):
        return [0.0] * len(seq)
    n = len(seq)
    if _absent(dot):
        return [_zeros_like(v) for v in seq]
    if isinstance(dot, dict):
        raise RuntimeCheckError('srcad received a dict tangent for a sequence')
    out = list(dot)
    if len(out) != n:
        raise RuntimeCheckError(f'srcad received a tangent of {len(out)} entries for a '
                                f'sequence of {n}')
    return out


def _tangent_entry(t, i):
    return 0.0 if _absent(t) else t[i]


def zip_tangent(dot, seqs, strict=False):
    n = min((len(s) for s in seqs), default=0)
    columns = [element_tangents(_tangent_entry(dot, j), s)[:n] for j, s in enumerate(seqs)]
    return [tuple(c[i] for c in columns) for i in range(n)]


def enumerate_tangent(dot, xs, start=0):
    return [(0.0, t) for t in element_tangents(dot, xs)]


def reversed_tangent(dot, xs):
    return element_tangents(dot, xs)[::-1]


def sorted_tangent(dot, xs, key=None, reverse=False):
    tangents = element_tangents(dot, xs)
    return [tangents[i] for i in sort_order(xs, key, reverse)]


def _value_tangent(dot, d, key):
    if isinstance(dot, dict) and key in dot:
        return dot[key]
    return _zeros_like(d[key])


def items_tangent(dot, d):
    return [(0.0, _value_tangent(dot, d, k)) for k in d]


def values_tangent(dot, d):
    return [_value_tangent(dot, d, k) for k in d]


def dict_tangent(dot, obj=()):
    if isinstance(obj, dict):
        return {k: _value_tangent(dot, obj, k) for k in obj}
    pairs = list(obj)
    tangents = element_tangents(dot, obj)
    return dict((pair[0], _tangent_entry(t, 1) if not _absent(t) else _zeros_like(pair[1]))
                for pair, t in zip(pairs, tangents))


def get_tangent(dot, d, key, default=None):
    return _value_tangent(dot, d, key) if key in d else _zeros_like(default)


def get_default_tangent(dot, d, key):
    return _zeros_like(d[key]) if key in d else dot


def tolist_tangent(dot, x):
    if _absent(dot):
        return _zeros_like(x).tolist() if isinstance(x, np.ndarray) else 0.0
    return np.broadcast_to(np.asarray(dot), np.shape(x)).tolist()


def sequence_tangent(dot, x):
    """The tangent of ``sequence(x)``: ``x``'s own tangent, zeros for a dict's keys."""
    if isinstance(x, (list, tuple, np.ndarray)):
        return dot
    return element_tangents(dot, x) if hasattr(x, '__len__') else 0.0


def list_tangent(dot, iterable=()):
    """The tangent of ``list(iterable)`` (``tuple(iterable)``)."""
    if isinstance(iterable, (list, tuple, np.ndarray)) or hasattr(iterable, '__len__'):
        return element_tangents(dot, iterable)
    raise RuntimeCheckError(f'srcad cannot carry tangents through list() of a '
                            f'{type(iterable).__name__}')


PRIMAL = [dict_keys, sort_order, count_start, zip_length, zip_list, enumerate_list, reversed_list,
          sorted_list, dict_items, dict_values, make_dict, dict_get, tolist]
ADJOINTS = [route_back, unzip, unenumerate, unreverse, unsort, unitems, unvalues, undict,
            unget, unget_default, untolist, unsequence, unlist_items]
TANGENTS = [element_tangents, zip_tangent, enumerate_tangent, reversed_tangent,
            sorted_tangent, items_tangent, values_tangent, dict_tangent, get_tangent,
            get_default_tangent, tolist_tangent, sequence_tangent, list_tangent]
HELPERS = {f.__name__: f for f in PRIMAL + ADJOINTS + TANGENTS}
register_helpers(HELPERS)
