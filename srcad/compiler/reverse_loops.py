"""Loops in reverse mode: the forward sweep, what each loop nest saves, and the
backward loops.

Control flow is mirrored, not taped: a ``for`` over a range replays its indices in
reverse, a ``while`` runs its backward body as many times as it ran.  Inside loops,
a value that the backward sweep reads and a later iteration overwrites is pushed on
a plain list (the loop nest's :class:`Tape`) before the overwrite and popped back
right after its adjoint -- only the values the backward code actually reads
(:func:`srcad.compiler.backflow.resolve` decides which).  Mixed into
:class:`srcad.compiler.reverse.ReverseEmitter`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from .adjoints import Adjoints
from .backflow import placed
from .emitter import _name
from .fastast import walk
from .ir import ForRange, WhileLoop
from .names import live_in

LOOPS = (ForRange, WhileLoop)


@dataclass(frozen=True)
class Tape:
    """Where the values one loop nest overwrites are kept (a list used as a stack)."""

    stack: str
    counters: frozenset  # loop counters (their increments are not saved)


class LoopSweeps:
    """The forward sweep (with its pushes) and the backward loops."""

    def forward(self, stmts: list, tape: Tape | None, bound: set) -> list:
        """The primal statements, saving what later iterations overwrite.

        ``bound`` holds the names surely bound at this point (outside loops).
        """
        out = []
        for stmt in stmts:
            if isinstance(stmt, ast.Assign):
                out += [self.push(tape, n) for n in self.saved(stmt, tape)]
                out.append(self.forward_call(stmt) or stmt)
                bound.update(self.targets(stmt))
            elif isinstance(stmt, ast.If):
                left, right = set(bound), set(bound)
                body = self.forward(stmt.body, tape, left) or [ast.Pass()]
                out.append(placed(ast.If(stmt.test, body,
                                         self.forward(stmt.orelse, tape, right)), stmt))
                bound.update(left & right)
            elif isinstance(stmt, LOOPS):
                out += self.forward_loop(stmt, tape, bound)
            else:
                out.append(stmt)
        return out

    def forward_loop(self, loop, tape: Tape | None, bound: set) -> list:
        out = []
        if tape is None:
            tape = self.tapes[id(loop)]
            out.append(self.assign(tape.stack, ast.List([], ast.Load())))
            # a name the body reads before binding it keeps the value it had before the
            # loop, if it may have one; if nothing before the loop binds it, the body
            # binds it first on every run (``if i == 0: acc = ...``): None is never read
            carried = self.carried_into(loop)
            pushed = {n for s in _walk(loop.body) if isinstance(s, ast.Assign)
                      for n in self.saved(s, tape)}
            unbound = sorted(pushed - bound - carried)
            out += [self.assign(n, ast.Constant(None)) for n in unbound]
            bound.update(unbound)
        body = self.forward(loop.body, tape, set(bound))
        if isinstance(loop, ForRange):
            out.append(placed(ast.For(loop.target, loop.range_, body, [], None), loop))
        else:
            out.append(placed(ast.While(loop.test, body, []), loop))
        return out

    def carried_into(self, loop) -> set:
        """Names the body of ``loop`` (an outermost loop, so one run of the function
        enters it once) reads before binding them, that the parameters or statements
        before it may bind.  One walk of the function serves all its loops."""
        if self._carried is None:
            self._carried = {}
            names = set(self.norm.params)
            for stmt in _walk(self.norm.tree.body):
                if id(stmt) in self.tapes:
                    self._carried[id(stmt)] = live_in(stmt.body) & names
                if isinstance(stmt, ast.Assign):
                    names.update(self.targets(stmt))
                # an ``if`` around a loop binds nothing by its test; anything else before
                # it (an earlier loop with all its body) may bind what it stores
                part = stmt.test if isinstance(stmt, ast.If) else stmt
                names.update(n.id for n in walk(part) if isinstance(n, ast.Name)
                             and isinstance(n.ctx, (ast.Store, ast.Del)))
                if isinstance(stmt, LOOPS):
                    names.update(n.id for n in walk(stmt) if isinstance(n, ast.Name))
        if id(loop) not in self._carried:  # not found: assume every name may be bound
            return set(live_in(loop.body))
        return self._carried[id(loop)]

    def new_tape(self, loop) -> Tape:
        counters = {n.counter.id for n in _walk([loop]) if isinstance(n, LOOPS)
                    and n.counter is not None}
        return Tape(self.namer.fresh('stack'), frozenset(counters))

    def saved(self, stmt: ast.Assign, tape: Tape | None) -> list:
        """Targets of ``stmt`` whose old value the backward sweep reads back."""
        return [n for n in self.overwritten(stmt, tape) if (id(stmt), n) in self.kept]

    def overwritten(self, stmt: ast.Assign, tape: Tape | None) -> list:
        """Targets of ``stmt`` whose old value a later iteration would lose (the
        candidates for saving: loop counters' increments are replayed, not saved)."""
        if tape is None:
            return []
        names = self.targets(stmt)
        increment = isinstance(stmt.value, ast.BinOp) and names[0] in tape.counters
        return [] if increment else names

    def targets(self, stmt: ast.Assign) -> list:
        """The names a forward statement binds (a split call also binds what it saved)."""
        known = self._targets.get(id(stmt))
        if known is not None and known[0] is stmt:
            return known[1]
        target = stmt.targets[0]
        names = [target.id] if target.__class__ is ast.Name else \
            [n.id for n in walk(target) if isinstance(n, ast.Name)]
        if self.split_of(stmt) is not None or self.is_dynamic(stmt):
            names.append(self.namer.derive(names[0], 'saved'))
        self._targets[id(stmt)] = (stmt, names)
        return names

    def push(self, tape: Tape, name: str) -> ast.Expr:
        append = ast.Attribute(_name(tape.stack), 'append', ast.Load())
        return ast.Expr(ast.Call(append, [_name(name)], []))

    def adjoint_loop(self, loop, adj: Adjoints, tape: Tape | None) -> list:
        inner = tape or self.tapes[id(loop)]
        # a number's adjoint starts at 0.0: no ``is None`` test in every iteration
        start, zeros = self.loop_entry(loop, adj)
        before = [self.assign(self.namer.bar(n), ast.Constant(0.0)) for n in zeros]
        before += self.bind_none(adj, start)
        end = start.copy()
        body = self.backward(loop.body, end, inner)
        body += self.bind_none(end, start)
        adj.replace(start)
        if not body:
            return before
        return before + [self.reversed_header(loop, body)]

    def reversed_header(self, loop, body) -> ast.stmt:
        """The backward loop: the same indices in reverse, or as many rounds as ran."""
        if isinstance(loop, WhileLoop):
            it = ast.Call(_name('range'), [loop.counter], [])
            target = ast.Name(self.namer.derive('', '_'), ast.Store())
        else:
            rng = loop.range_
            if loop.counter is not None:
                rng = ast.Subscript(rng, ast.Slice(None, loop.counter, None), ast.Load())
            it = ast.Call(_name('reversed'), [rng], [])
            target = loop.target
        return placed(ast.For(target, it, body, [], None), loop)


def _outermost_loops(stmts):
    for stmt in stmts:
        if isinstance(stmt, LOOPS):
            yield stmt
        else:
            yield from _outermost_loops(getattr(stmt, 'body', []) + getattr(stmt, 'orelse', []))

def _walk(stmts):
    for stmt in stmts:
        yield stmt
        yield from _walk(getattr(stmt, 'body', []) + getattr(stmt, 'orelse', []))
