"""Facts about the backward sweep, known before (or without) writing it twice.

The reverse emitter writes each statement's backward code exactly once.  What
it must know beforehand comes from two dataflow analyses:

* **Adjoint states** (:class:`AdjointFlow`): which adjoints may hold a value at
  each point (:mod:`srcad.compiler.adjoints`).  An ``if`` binds ``x_bar = None`` before
  it for an adjoint only one branch makes; a loop starts from the fixpoint of
  its body's effect.  The effect of a statement on the states is static: its
  *plan*, the contributions its rule sends to each input (what a rule reads
  is the free names of its template), built once per statement and shared by
  the analysis and the emitter.
* **Live restores** (:func:`resolve`): a loop saves a value for the backward
  sweep only if the value it restores is read before anything overwrites it.
  The emitter leaves a :class:`Restore` placeholder after each statement's
  backward code; one backward liveness pass over the written sweep decides
  which restores stay, and the forward sweep pushes exactly those values.
"""

from __future__ import annotations

import ast

from .adjoints import DEAD, DEFINED, NONE, Adjoints
from .fastast import children, walk
from .ir import Comment, ForRange, WhileLoop

LOOPS = (ForRange, WhileLoop)


class AdjointFlow:
    """The adjoint-state analysis, mixed into the reverse emitter (which provides
    ``activity``, ``resolver``, ``make_plan``, ``check_inert_inputs``,
    ``check_effect`` and ``scalar_name``)."""

    def plan(self, stmt: ast.Assign) -> list:
        """The backward of an assignment whose adjoint has arrived, as steps that do
        not depend on adjoint states: ``('code', stmt)``, ``('add', name, expr)``
        (add ``expr`` to ``name``'s adjoint) or ``('index', name, g, index)``
        (scatter ``g`` into it).  Built once per statement."""
        plans = self.__dict__.setdefault('_plans', {})  # id -> (statement, steps)
        known = plans.get(id(stmt))
        if known is None or known[0] is not stmt:
            known = plans[id(stmt)] = (stmt, self.make_plan(stmt))
        return known[1]

    def checked(self, stmt: ast.Assign) -> None:
        """The refusal of a differentiated value passed where no rule declares a
        derivative, checked once per statement."""
        seen = self.__dict__.setdefault('_checked', set())
        if id(stmt) not in seen:
            self.check_inert_inputs(stmt, self.resolver.op(stmt.value))
            seen.add(id(stmt))

    @staticmethod
    def touch(steps: list, adj: Adjoints) -> None:
        """The states after a plan's contributions (what the emitted code does to them)."""
        for step in steps:
            if step[0] == 'add':
                adj.receive(step[1])
            elif step[0] == 'index':
                adj.scatter(step[1])

    # -- the states after a block, as the emitter will leave them -------------------
    def flow(self, stmts: list, adj: Adjoints) -> Adjoints:
        """``adj`` updated (in place) past the backward code of ``stmts``."""
        for stmt in reversed(stmts):
            if isinstance(stmt, ast.Assign):
                self.flow_assign(stmt, adj)
            elif isinstance(stmt, ast.If):
                # one pass per branch: binding ``x_bar = None`` before the ``if`` (what
                # the emitter adds) changes no state the join after it depends on
                left = self.flow(stmt.body, adj.copy())
                adj.replace(Adjoints.join(left, self.flow(stmt.orelse, adj.copy())))
            elif isinstance(stmt, LOOPS):
                adj.replace(self.loop_entry(stmt, adj)[0])
            elif isinstance(stmt, ast.Expr):
                self.check_effect(stmt)
        return adj

    def flow_assign(self, stmt: ast.Assign, adj: Adjoints) -> None:
        if isinstance(stmt.targets[0], ast.Tuple):
            targets = [e.id for e in stmt.targets[0].elts]
            source = stmt.value
            if any(self.activity.active(t) and adj.has_value(t) for t in targets) and \
                    isinstance(source, ast.Name) and self.activity.active(source.id):
                adj.receive(source.id)
            for t in targets:
                adj.set(t, DEAD)
            return
        target = stmt.targets[0].id
        self.checked(stmt)
        if not self.activity.active(target) or not adj.has_value(target):
            adj.set(target, DEAD)
        elif adj.get(target) == DEFINED:
            self.touch(self.plan(stmt), adj)
            adj.set(target, DEAD)
        else:
            adj.replace(self.guard_states(stmt, target, adj)[0])

    def guard_states(self, stmt, target: str, adj: Adjoints) -> tuple:
        """For ``if t_bar is not None: <plan>``: the states after it, and the adjoints
        the plan makes that must be bound to None first (so the path that skips it
        binds them too)."""
        ran = adj.copy()
        ran.set(target, DEFINED, target in adj.owned)
        self.touch(self.plan(stmt), ran)
        ran.set(target, DEAD)
        skipped = adj.copy()
        skipped.set(target, NONE)
        after = Adjoints.join(ran, skipped)
        return after, skipped.unbound(after)

    def loop_entry(self, loop, adj: Adjoints) -> tuple:
        """``(start, zeros)``: the states at the top of every backward iteration (a
        fixpoint), and the number adjoints to start at 0.0 before the loop (no ``is
        None`` test in every iteration); those are made DEFINED in ``adj``."""
        start = self.loop_start(loop, adj)
        zeros = [n for n in adj.unbound(start) if self.scalar_name(n)]
        for n in zeros:
            adj.set(n, DEFINED)
        if zeros:
            start = self.loop_start(loop, adj)
        return start, zeros

    def loop_start(self, loop, adj: Adjoints) -> Adjoints:
        start = adj.copy()
        for _ in range(8):  # (two or three rounds in practice)
            joined = Adjoints.join(adj, self.flow(loop.body, start.copy()))
            if joined == start:
                break
            start = joined
        return start


# -- restores: placed by the emitter, kept where their value is read ---------------
class Restore(ast.stmt):
    """Placeholder for ``name = stack.pop()`` of each of ``names`` (in this order),
    the values statement ``key`` overwrote in a loop.  ``comment`` heads them when
    they are the whole backward block of a line."""

    _fields = ('names', 'stack')

    def __init__(self, key, names, stack, comment=None):
        super().__init__(list(names), stack)
        self.key, self.comment = key, comment


def resolve(stmts: list, live_at_end) -> tuple:
    """``(stmts, kept)``: the backward sweep with each :class:`Restore` replaced by the
    pops whose value is read before being overwritten (by backward liveness), and
    the set of ``(key, name)`` kept; the forward sweep pushes exactly those."""
    kept = set()
    if _has_restores(stmts):  # (else nothing is kept: no liveness to find)
        _live(stmts, set(live_at_end), kept, {})
    return _rebuild(stmts, kept), kept


def _has_restores(stmts) -> bool:
    for stmt in stmts:
        if isinstance(stmt, Restore) or any(_has_restores(getattr(stmt, f, None) or ())
                                            for f in ('body', 'orelse')):
            return True
    return False


def _live(stmts, live: set, kept: set, effects: dict) -> set:
    """The names live before ``stmts``, given those live after (updated in place).
    ``effects`` caches each plain statement's (bound, read) names by ``id``: a
    loop's body is gone through until nothing changes, each statement walked once."""
    for stmt in reversed(stmts):
        if isinstance(stmt, Restore):
            for name in reversed(stmt.names):  # popped in order: the last pop runs last
                if name in live:
                    kept.add((stmt.key, name))
                    live.discard(name)
        elif isinstance(stmt, Comment):
            continue
        elif isinstance(stmt, ast.If):
            body = _live(stmt.body, set(live), kept, effects)
            orelse = _live(stmt.orelse, set(live), kept, effects)
            if _code(stmt.body, kept) or _code(stmt.orelse, kept):  # (else it goes)
                live = body | orelse | _loads(stmt.test)
        elif isinstance(stmt, (ast.For, ast.While)):
            out = set(live)  # the body may run zero times, or again after itself
            while True:
                into = _live(stmt.body, set(out), kept, effects)
                if into <= out:
                    break
                out |= into
            if _code(stmt.body, kept):  # (else it goes)
                live = out | _loads(stmt.iter if isinstance(stmt, ast.For) else stmt.test)
        else:
            effect = effects.get(id(stmt))
            if effect is None:
                bound, read = set(), set()
                for n in walk(stmt):
                    if n.__class__ is ast.Name:
                        (read if n.ctx.__class__ is ast.Load else bound).add(n.id)
                effect = effects[id(stmt)] = (bound, read)
            live -= effect[0]
            live |= effect[1]
    return live


def _code(stmts, kept) -> bool:
    """Whether ``stmts`` keep any code once the restores not in ``kept`` go (a branch
    or loop left with none goes too, and then reads nothing)."""
    for stmt in stmts:
        if isinstance(stmt, Restore):
            if any((stmt.key, n) in kept for n in stmt.names):
                return True
        elif isinstance(stmt, ast.If):
            if _code(stmt.body, kept) or _code(stmt.orelse, kept):
                return True
        elif isinstance(stmt, (ast.For, ast.While)):
            if _code(stmt.body, kept):
                return True
        elif not isinstance(stmt, Comment):
            return True
    return False


def _loads(node) -> set:
    return {n.id for n in walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _rebuild(stmts, kept) -> list:
    out = []
    for stmt in stmts:
        if isinstance(stmt, Restore):
            pops = [_pop(n, stmt.stack) for n in stmt.names if (stmt.key, n) in kept]
            out += ([stmt.comment] if pops and stmt.comment is not None else []) + pops
        elif isinstance(stmt, ast.If):
            stmt = branch(stmt, _rebuild(stmt.body, kept), _rebuild(stmt.orelse, kept))
            out += [stmt] if stmt is not None else []
        elif isinstance(stmt, ast.For):
            stmt.body = _rebuild(stmt.body, kept)
            out += [stmt] if _has_code(stmt.body) else []
        else:
            out.append(stmt)
    return _tidy_comments(out)


def branch(stmt: ast.If, body: list, orelse: list):
    """``stmt`` with these branches: ``if not test:`` for an empty first branch,
    None for two empty ones (the test is a name or a comparison: no effect)."""
    if not _has_code(body) and not _has_code(orelse):
        return None
    if not _has_code(body):
        test = stmt.test.operand if isinstance(stmt.test, ast.UnaryOp) and \
            isinstance(stmt.test.op, ast.Not) else ast.UnaryOp(ast.Not(), stmt.test)
        body, orelse = orelse, []
    else:
        test = stmt.test
    return placed(ast.If(test, body, orelse), stmt)


def placed(node: ast.stmt, where) -> ast.stmt:
    """``node`` at ``where``'s position, and so are the nodes in it that have none:
    like ``ast.fix_missing_locations`` but not re-walking what is placed already (a
    branch or loop around blocks built before), so nesting costs no extra walk."""
    ast.copy_location(node, where)
    if getattr(node, 'lineno', None) is not None:
        end = getattr(node, 'end_lineno', None)
        _fill(node, (node.lineno, node.col_offset, end if end is not None else node.lineno,
                     getattr(node, 'end_col_offset', None) or node.col_offset))
    return node


def _fill(node, where: tuple) -> None:
    for child in children(node):  # (contexts and operators, which it leaves out, have none)
        if 'lineno' in child._attributes:
            if hasattr(child, 'lineno'):
                continue  # placed already, with what it holds
            child.lineno, child.col_offset, end, end_col = where
            if getattr(child, 'end_lineno', None) is None:
                child.end_lineno, child.end_col_offset = end, end_col
        _fill(child, where)


def _has_code(stmts) -> bool:
    return any(not isinstance(s, Comment) for s in stmts)


def _tidy_comments(stmts) -> list:
    """No comment heading nothing, none repeating the one just before it."""
    out, last = [], None
    for k, stmt in enumerate(stmts):
        if isinstance(stmt, Comment):
            if k + 1 == len(stmts) or isinstance(stmts[k + 1], Comment):
                continue
            mark = (stmt.text, getattr(stmt, 'lineno', None))
            if mark == last:
                continue
            last = mark
        out.append(stmt)
    return out


def _pop(name: str, stack: str) -> ast.Assign:
    pop = ast.Call(ast.Attribute(ast.Name(stack, ast.Load()), 'pop', ast.Load()), [], [])
    return ast.Assign([ast.Name(name, ast.Store())], pop)
