"""The mutation check's view of writes through a container's entry, and of loops.

``xs[i] += v`` (``d[k] -= v``) on an entry holding an array changes that array
in place (Python calls its ``__iadd__``, then stores the same object back);
on a number it makes a new number.  srcad computes ``xs = setitem(xs, i,
xs[i] + v)``: a new entry, the old array left alone.  The two differ when
another name holds the array: the name it was built from (``hs = [h]``), a
shallow copy of the container (``dict(p)``, ``p.copy()``, ``list(xs)``,
``xs[:]``, ``copy.copy(p)``: new containers holding the same entries), or
another entry of the same container (``[a] * n``, a list the same object was
appended to twice).  ``obj.attr += v`` is the same write into the value an
attribute holds (:func:`srcad.compiler.attributes.lower_augmented`: ``t = obj.attr``,
then ``obj = set_attribute(obj, 'attr', t + v)``).  The normalizer notes the read
``t = xs[i]`` (``t = obj.attr``) of such a write (its record's ``in_place`` facts);
:func:`element_write` decides, with the sharing model of
:mod:`~srcad.compiler.sharing`, whether another name that is read afterwards holds
the entry (refused, or checked when the code runs when only the entry's type
decides), or whether the entry is a parameter's (the caller's array would change).

A loop's body is walked twice (:func:`two_rounds`), so what an earlier round
left behind (``outs.append(h)`` before ``h += w`` of the next round) is seen
by the check of the later round.
"""

from __future__ import annotations

import ast

from ..errors import UnsupportedSyntaxError
from .argument_writes import IN_PLACE
from .ir import ForRange, WhileLoop
from .mutation_guards import AUGMENTED
from .value_kinds import INT, NUMBER, _is_array

# loops nested deeper than this are walked once (each level doubles the walk)
NESTING = 3


def two_rounds(stmts, loops=(), depth=0):
    """``(statement, enclosing loops)`` in program order, a loop's body twice."""
    for stmt in stmts:
        yield stmt, loops
        is_loop = isinstance(stmt, (ForRange, WhileLoop))
        inner = loops + (stmt,) if is_loop else loops
        rounds = 2 if is_loop and depth < NESTING else 1
        for _ in range(rounds):
            for field in ('body', 'orelse'):
                yield from two_rounds(getattr(stmt, field, []), inner,
                                      depth + 1 if is_loop else depth)


def repeats(stmt, own, held, kinds, callee, setitem, list_append, repeated=frozenset()) -> set:
    """The tokens of the containers ``stmt`` leaves with an entry twice (the same object
    under two indices): ``[a] * n``, ``[h, h]``, ``xs.append(h)`` when ``xs`` holds ``h``
    already (a loop's second round), ``xs[1] = xs[0]``, ``xs + ys`` when both hold it or
    either has it twice (``repeated``: the tokens found so far)."""
    value = stmt.value
    if not (isinstance(stmt.targets[0], ast.Name)):
        return set()
    name = stmt.targets[0].id

    def holds(n):
        return held.get(n, set())

    def every(n):
        return own.get(n, {n}) | holds(n)

    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Mult):
        for part in (value.left, value.right):
            if isinstance(part, ast.Name) and holds(part.id) and not _is_array(kinds.get(part.id)):
                return set(own.get(name, ()))
    if isinstance(value, ast.List):
        seen = set()
        for part in value.elts:
            if isinstance(part, ast.Name):
                mine = own.get(part.id, {part.id})
                if mine & seen:
                    return set(own.get(name, ()))
                seen |= mine
    joined = _joined(value, callee, holds, own, repeated)  # (srcad/compiler/joins.py)
    if joined:
        return set(own.get(name, ()))
    if isinstance(value, ast.Call) and value.args and isinstance(value.args[0], ast.Name):
        fn = callee(value.func)
        entry = value.args[1] if fn is list_append and len(value.args) > 1 else \
            value.args[2] if fn is setitem and len(value.args) > 2 else None
        first = value.args[0].id
        if isinstance(entry, ast.Name) and not _is_array(kinds.get(first)) \
                and own.get(entry.id, {entry.id}) & holds(first):
            return set(own.get(first, {first}))
    return set()


def _joined(value, callee, holds, own, repeated) -> bool:
    """Whether a join of lists (``join_add(a, b)``, ``repeat_sequence(a, n)``,
    ``sum_join(chunks, start)``) may hold one object under two indices."""
    from ..runtime import joins
    if not isinstance(value, ast.Call):
        return False
    fn = callee(value.func)
    parts = [a.id for a in value.args if isinstance(a, ast.Name)]
    if fn is joins.repeat_sequence or fn is joins.sum_join:  # (sum_join: entries of entries)
        return bool(parts and holds(parts[0]))
    if fn is not joins.join_add or len(parts) < 2:
        return False
    a, b = parts[:2]
    return bool(holds(a) & holds(b)) or any(own.get(p, {p}) & repeated for p in (a, b))


def element_write(stmt, k, order, loops, own, held, kinds, repeated, same_variable,
                  shared_and_read, looped=(), mark=None, params=()):
    """For the marked read ``t = xs[i]`` of ``xs[i] op= v`` (``mark``: its operator and text,
    from the normalized record's facts): ``(kind, method, text, other)``
    when the write into the entry would show through ``other``, a name read afterwards
    (``kind`` is ``'array'`` when the entry is surely an array, ``'maybe'`` when only its
    type decides, when the code runs; ``'keys'`` when ``other`` is only the variable of a
    loop over the container: an entry of a list, a key of a dict; ``'argument'`` when
    ``other`` is one of ``params``, the function's parameters, whose argument the entry
    is or is inside), or None."""
    value = stmt.value
    if mark is None or not isinstance(value, (ast.Subscript, ast.Attribute)) \
            or not isinstance(value.value, ast.Name) or not isinstance(stmt.targets[0], ast.Name):
        return None
    op, text = mark
    container, element = value.value.id, stmt.targets[0].id
    if isinstance(value, ast.Subscript) and _is_array(kinds.get(container)):
        return None  # an array's element write: the write into the container (mutation.py)
    kind = kinds.get(element)
    if kind in (INT, NUMBER) or (isinstance(kind, tuple) and kind[0] == 'tuple'):
        return None  # a number (or a tuple): ``+=`` makes a new one
    method = IN_PLACE.get(op, '__iadd__')
    sure = 'array' if _is_array(kind) else 'maybe'
    if own.get(container, {container}) & repeated:
        return sure, method, text, container  # another entry of the container is it
    others = {n for n in set(own) | set(held) if same_variable(n, container)}
    other = shared_and_read(element, own, held, order[k + 1:], loops, same_variable,
                            exclude=others | set(looped))
    if other is not None:
        return sure, method, text, other
    mine = own.get(element, {element})
    param = next((p for p in params if (p in mine or ('in', p) in mine)
                  and not same_variable(p, container)), None)
    if param is not None:  # the caller's array (o = Box(x), lst = [x]) would change (as
        # through another name for it, w = x; w += v: mutation._argument_seen)
        return 'argument', method, text, param
    other = shared_and_read(element, own, held, order[k + 1:], loops, same_variable,
                            exclude=others)
    return None if other is None else ('keys', method, text, other)


def element_error(text, other, container, method, location):
    op = AUGMENTED.get(method, method)
    through = f'another entry of {other!r} is the same array' if other == container else \
        f'{other!r} holds the same array and is read afterwards'
    return UnsupportedSyntaxError(
        f'srcad does not support {text} {op} ... here: it changes the array the entry holds '
        f'in place, and {through} (Python would change it through both)', location,
        f'write {text} = {text} {op[:-1]} ... for a new array')
