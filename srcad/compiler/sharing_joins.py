"""The sharing facts of the mutation check at control-flow joins.

:func:`srcad.compiler.mutation.check_writes` walks a normalized body in program
order (a loop's body twice), keeping which objects each name may be (``own``)
and hold (``held``).  Where paths meet, a name may be what it is on ANY of them:
after ``if c: z = y`` (else ``z`` stays ``np.zeros(3)``), ``z`` may be ``y``, and
``z += 1`` may change ``y``.  :class:`Joins` makes the walk path-aware:

* an ``if`` (what ``else``/``elif``, ``match``, ``try``, ``for ... else``, early
  ``return``/``break``/``continue`` and the conditional expression are lowered to)
  walks its ``else`` branch from the state before the ``if``, not from what the
  ``then`` branch left, and after it each name may be what either branch made it
  (the union of the facts; a fact that must hold on every path -- a name surely a
  number, the atoms of a tuple built here, the fields of an object built here --
  is kept only when both branches agree);
* after a loop, each name may be what it was before the loop (no round ran),
  after one round, or after the last round walked;
* a write's other name stops being read at a rebinding only when every path from the
  write passes the rebinding (:meth:`Joins.path_aware`).

Over-approximating what may share data makes the check refuse more, never less.
"""

from __future__ import annotations

import ast
import functools

from .ir import ForRange, WhileLoop

_ORDER = {'end': 0, 'middle': 1, 'enter': 2}  # at one position: inner joins first


class Joins:
    """Called before each position ``k`` of ``order`` (:meth:`before`), it saves,
    restores and merges the check's state (the dicts and sets it is given, changed in
    place) at the branches and loops starting, switching or ending there."""

    def __init__(self, order, own, held, packs, numeric, fields):
        self.own, self.held, self.packs, self.numeric, self.fields = \
            own, held, packs, numeric, fields
        self.events = _events(order)
        self.saved = {}  # (start position, what) -> a state
        self.chains = {}  # id of a statement -> the branches and loop bodies around it
        for node, _ in order:
            for field in ('body', 'orelse'):
                inner = self.chains.get(id(node), ()) + ((id(node), field),)
                for stmt in getattr(node, field, None) or ():
                    self.chains[id(stmt)] = inner

    def chain(self, stmt) -> tuple:
        """The branches (``(id of the if, 'body' or 'orelse')``) and loop bodies around
        ``stmt``, outermost first."""
        return self.chains.get(id(stmt), ())

    def path_aware(self, shared_and_read, stmt):
        """``shared_and_read`` (:func:`srcad.compiler.mutation._shared_and_read`) for a write
        at ``stmt``: a later rebinding of the other name ends its reads only when every
        path from the write passes it (not one made in a branch or a loop body that the
        write is not in: ``if c: z = np.ones(3)`` leaves the old ``z`` on the other path)."""
        return functools.partial(shared_and_read, paths=(self.chain, self.chain(stmt)))

    def before(self, k) -> None:
        for what, start, node in self.events.get(k, ()):
            if what == 'enter':
                self.saved[start, 'before'] = self._state()
            elif what == 'middle' and isinstance(node, ast.If):  # the else branch starts
                self.saved[start, 'then'] = self._state()
                self._restore(self.saved[start, 'before'])
            elif what == 'middle':  # a loop's second round starts
                self.saved[start, 'round'] = self._state()
            else:
                states = [self._state(), self.saved.pop((start, 'before'))]
                if isinstance(node, ast.If):
                    then = self.saved.pop((start, 'then'), None)
                    states = [states[0], then] if then is not None else states
                else:
                    states += [s for s in [self.saved.pop((start, 'round'), None)] if s]
                self._restore(_merge(states))

    def _state(self) -> tuple:
        return dict(self.own), dict(self.held), dict(self.packs), set(self.numeric), \
            dict(self.fields)

    def _restore(self, state) -> None:
        for mine, saved in zip((self.own, self.held, self.packs, self.numeric, self.fields),
                               state):
            mine.clear()
            mine.update(saved)


def _merge(states) -> tuple:
    """The state after a join of paths ending in ``states``: what a name may be or hold is
    the union; the facts that must hold (``packs``, ``numeric``, ``fields``) are kept for
    a name only where every path that binds it agrees."""
    own, held, packs, numeric, fields = {}, {}, {}, set(), {}
    for s_own, s_held, _, _, _ in states:
        for name, tokens in s_own.items():
            own[name] = own.get(name, set()) | tokens
        for name, tokens in s_held.items():
            held[name] = held.get(name, set()) | tokens

    def bound(name, state):
        return name in state[0] or name in state[2] or name in state[4]
    for index, table in ((2, packs), (4, fields)):
        for name in set().union(*(s[index] for s in states)):
            values = [s[index].get(name) for s in states if bound(name, s)]
            if all(v is values[0] for v in values) or all(v == values[0] for v in values):
                table[name] = values[0]
    for name in set().union(*(s[3] for s in states)):
        if all(name in s[3] or not bound(name, s) for s in states):
            numeric.add(name)
    return own, held, packs, numeric, fields


def _events(order) -> dict:
    """Position -> the joins to make before the statement there: ``('enter', i, node)``
    (a branch or loop at position ``i`` starts), ``('middle', i, node)`` (its else branch,
    or its loop's second round, starts), ``('end', i, node)`` (it ends)."""
    events = {}
    below = {}  # id of a statement -> the ids of the statements nested in it
    for i, (node, _) in enumerate(order):
        if not isinstance(node, (ast.If, ForRange, WhileLoop)):
            continue
        inside = below.get(id(node))
        if inside is None:
            inside = below[id(node)] = {id(s) for s in _nested(node)}
        end = i + 1
        while end < len(order) and id(order[end][0]) in inside:
            end += 1
        if end == i + 1 and not isinstance(node, ast.If):
            continue  # (an empty loop: nothing changes)
        first = node.orelse[0] if isinstance(node, ast.If) and node.orelse else \
            node.body[0] if not isinstance(node, ast.If) and node.body else None
        skip = 0 if isinstance(node, ast.If) else 1  # (a loop's first round starts at i + 1)
        middle = None
        for j in range(i + 1, end):
            if order[j][0] is first:
                if not skip:
                    middle = j
                    break
                skip -= 1
        events.setdefault(i, []).append(('enter', i, node))
        if middle is not None:
            events.setdefault(middle, []).append(('middle', i, node))
        events.setdefault(end, []).append(('end', i, node))
    for found in events.values():
        found.sort(key=lambda e: (_ORDER[e[0]], -e[1]))
    return events


def _nested(node):
    for field in ('body', 'orelse'):
        for stmt in getattr(node, field, None) or ():
            yield stmt
            yield from _nested(stmt)


def choice_flows(stmt, flows, every) -> dict:
    """``z = a or b``, ``z = a if c else b`` (left as one expression): ``z`` may be any
    operand (their union).  ``flows(assign)``: :func:`srcad.compiler.sharing._flows` of
    ``z = operand``; ``every(name)``: the objects a name may be or hold.  An operand that
    is not one flat step (``buf or y[:3].T``) may be anything its names are."""
    name, value = stmt.targets[0].id, stmt.value
    parts = value.values if isinstance(value, ast.BoolOp) else [value.body, value.orelse]
    made, holding = set(), set()
    for part in parts:
        one = ast.Assign(targets=[ast.Name(name, ast.Store())], value=part)
        found = flows(one).get(name, (set(), set())) if not isinstance(
            part, (ast.BoolOp, ast.IfExp)) else choice_flows(one, flows, every).get(
                name, (set(), set()))
        made |= found[0]
        holding |= found[1]
        if not _flat(part):
            for node in ast.walk(part):
                if isinstance(node, ast.Name):
                    made |= every(node.id)
                    holding |= every(node.id)
    return {name: (made, holding)} if made or holding else {}


def _flat(part) -> bool:
    """Whether an expression is one step on names and constants (``y[:3]``, ``y.T``,
    ``np.reshape(y, s)``, ``a * b``): the check's ``_flows`` reads it exactly."""
    if isinstance(part, (ast.BoolOp, ast.IfExp)):
        return True  # (its operands are read one by one)
    for node in ast.walk(part):
        if node is part or isinstance(node, (ast.Name, ast.Constant, ast.expr_context,
                                             ast.operator, ast.unaryop, ast.cmpop,
                                             ast.keyword, ast.Slice)):
            continue
        if isinstance(node, ast.Attribute) and isinstance(part, ast.Call) \
                and _dotted(node) and _dotted(part.func):
            continue  # (a function's path: np.linalg.norm, y.reshape)
        if isinstance(node, ast.Tuple) and isinstance(part, ast.Subscript) \
                and node is part.slice:
            continue
        return False
    return True


def _dotted(node) -> bool:
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)
