"""What a call in a function's source writes into: ``out=p``, ``output=p`` of
scipy.ndimage, the first argument of a function that changes it in place.  Read by
:mod:`srcad.compiler.argument_writes` and :mod:`srcad.compiler.effects` (its own
module, so neither imports the other)."""

from __future__ import annotations

import ast


def written_by_call(call: ast.Call, fn) -> list:
    """The roots of what a call in ``fn``'s source writes into: ``out=p``, scipy.ndimage's
    ``output=p``, the first argument of a function that changes it in place
    (``np.copyto(p, v)``, ``np.fill_diagonal``, ``random.shuffle``, ``heapq.heappush``,
    ``np.add.at``, ``rng.shuffle``) (for
    :func:`srcad.compiler.argument_writes.argument_changes`)."""
    callee = _resolved(call.func, fn)
    module = str(getattr(callee, '__module__', None) or '')
    roots = []
    for kw in call.keywords:
        if kw.arg == 'out' or (kw.arg == 'output' and module.startswith('scipy.ndimage')):
            value = kw.value
            if isinstance(value, ast.Tuple) and len(value.elts) == 1:
                value = value.elts[0]
            roots.append(_root(value))
    if call.args and (_changes_first(callee) or (
            isinstance(call.func, ast.Attribute) and call.func.attr == 'shuffle')):
        roots.append(_root(call.args[0]))
    return roots


def _root(node):
    while isinstance(node, (ast.Subscript, ast.Attribute)):
        node = node.value
    return node


def _resolved(func, fn):
    """The object ``func`` (a name or a dotted path) names in ``fn``'s globals, or None."""
    parts = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name):
        return None
    scope = getattr(getattr(fn, '__func__', fn), '__globals__', {})
    import builtins
    obj = scope.get(func.id, getattr(builtins, func.id, None))
    try:
        for part in reversed(parts):
            obj = getattr(obj, part)
    except AttributeError:
        return None
    return obj


def _changes_first(callee) -> bool:
    """Whether ``callee`` changes its first argument in place."""
    import numpy as np
    if callee is None:
        return False
    if getattr(callee, '__name__', None) == 'at' and \
            isinstance(getattr(callee, '__self__', None), np.ufunc):
        return True  # np.add.at(p, i, v)
    global _FIRST
    if _FIRST is None:
        import bisect
        import heapq
        import random
        _FIRST = [np.copyto, np.fill_diagonal, np.put, np.place, np.putmask,
                  np.put_along_axis, random.shuffle, np.random.shuffle,
                  np.ndarray.__setitem__, np.ndarray.fill, np.ndarray.sort, np.ndarray.put,
                  heapq.heappush, heapq.heappop, heapq.heapify, heapq.heapreplace,
                  heapq.heappushpop, bisect.insort_left, bisect.insort_right, list.append,
                  list.extend, list.insert, list.sort, list.reverse, list.pop, list.remove,
                  list.clear, dict.update, dict.setdefault, dict.pop, dict.clear,
                  setattr, delattr]
    try:
        return any(callee is f or callee == f for f in _FIRST)
    except Exception:  # (an object whose == is elementwise)
        return any(callee is f for f in _FIRST)


_FIRST = None  # (built on first use: the in-place functions _changes_first knows)
