"""Flattening of control flow: ``if``, ``for`` and ``while`` (with ``else``,
``break`` and ``continue``) into ``if`` statements and the loops of
:mod:`srcad.compiler.ir` (:class:`ForRange` over a ``range``, :class:`WhileLoop`
with an iteration count).

A mixin of :class:`srcad.compiler.normalize._Flattener`.  A loop that can be
left early counts its iterations (the backward sweep runs as many); a loop's
``else`` becomes a flag set by its ``break`` statements; a ``for`` over anything but a
plain ``range`` reads its sequence by index
(:mod:`srcad.compiler.flatten_iteration`).
"""

from __future__ import annotations

import ast
import copy

from . import comprehensions
from .flatten_nodes import _assign, _increment, _name
from .ir import ForRange, WhileLoop
from .names import assigned_names


class LoopLowering:
    """``stmt_`` methods of the flattener for ``if``, ``for``, ``while``, ``break``
    and ``continue``."""

    def stmt_If(self, stmt, out):
        test = self.expr(stmt.test, out)
        out.append(ast.If(test, self.block(stmt.body), self.block(stmt.orelse)))

    def loop_else(self, stmt, out):
        """``for ...: ... else: E`` (or ``while``) as a flag: ``E`` runs unless a
        ``break`` of this loop ran."""
        flag = self.namer.fresh('broke')
        loop = copy.copy(stmt)
        loop.body, loop.orelse = _flag_breaks(stmt.body, flag), []
        then = ast.If(ast.UnaryOp(ast.Not(), _name(flag)), stmt.orelse, [])
        for new in (_assign(flag, ast.Constant(False)), loop, then):
            out.extend(self.statement(ast.copy_location(new, stmt)))

    def stmt_For(self, stmt, out):
        if comprehensions.lazy_for(self, stmt, out):  # over a generator: one element a turn
            return
        if stmt.orelse:
            self.loop_else(stmt, out)
            return
        head = []
        kind = self.builtin(stmt.iter)
        if kind is range and isinstance(stmt.target, ast.Name) \
                and stmt.target.id not in assigned_names(stmt.body):
            rng, index = self.expr(stmt.iter, out), stmt.target
        else:  # (a range index the body reassigns gets an index of its own)
            rng, index = self.index_loop(stmt, out, head)
        counter = self.counter(stmt, out)
        body = self.loop_body(counter, head, stmt.body)
        out.append(ForRange(ast.Name(index.id, ast.Store()), rng, counter, body))

    def counter(self, stmt, out):
        """Count iterations when a loop can be left early (break or return)."""
        if not _leaves_early(stmt.body):
            return None
        name = self.namer.temp('n')
        out.append(_assign(name, ast.Constant(0)))
        return _name(name)

    def loop_body(self, counter, head, body):
        """The lowered body: count the iteration, bind the targets, then the user's body."""
        self.loop_depth += 1
        try:
            place = lambda node: ast.fix_missing_locations(ast.copy_location(node, body[0]))
            count = [] if counter is None else [place(_increment(counter.id))]
            return count + self.block([place(h) for h in head]) + self.block(body)
        finally:
            self.loop_depth -= 1

    def stmt_While(self, stmt, out):
        if stmt.orelse:
            self.loop_else(stmt, out)
            return
        name = self.namer.temp('n')
        out.append(_assign(name, ast.Constant(0)))
        pre = []
        test = self.expr(stmt.test, pre)
        out.extend(pre)
        body = self.loop_body(_name(name), [], stmt.body)
        # the condition is computed again before every next test of it
        body = _before_continue(body, pre) + [ast.copy_location(s, stmt) for s in pre]
        out.append(WhileLoop(test, _name(name), body))

    def stmt_Break(self, stmt, out):
        out.append(ast.Break())

    def stmt_Continue(self, stmt, out):
        out.append(ast.Continue())


def _flag_breaks(body: list, flag: str) -> list:
    """``body`` with each ``break`` of its own loop (not of loops inside it) preceded
    by ``flag = True``."""
    out = []
    for stmt in body:
        if isinstance(stmt, ast.Break):
            out += [ast.copy_location(_assign(flag, ast.Constant(True)), stmt), stmt]
            continue
        if isinstance(stmt, (ast.For, ast.While)):  # its own breaks; its else is ours
            stmt = copy.copy(stmt)
            stmt.orelse = _flag_breaks(stmt.orelse, flag)
        elif isinstance(stmt, ast.If):
            stmt = copy.copy(stmt)
            stmt.body = _flag_breaks(stmt.body, flag)
            stmt.orelse = _flag_breaks(stmt.orelse, flag)
        out.append(stmt)
    return out


def _leaves_early(body) -> bool:
    """Whether a loop body can break out (or return) before the range ends."""
    def walk(stmts, depth):
        for stmt in stmts:
            if isinstance(stmt, ast.Return) or (isinstance(stmt, ast.Break) and depth == 0):
                return True
            inner = depth + isinstance(stmt, (ast.For, ast.While))
            for field in ('body', 'orelse'):
                if walk(getattr(stmt, field, []), inner):
                    return True
        return False
    return walk(body, 0)


def _before_continue(body, pre):
    """Put copies of ``pre`` before each ``continue`` of this loop (not inner loops)."""
    out = []
    for stmt in body:
        if isinstance(stmt, ast.Continue):
            out.extend(copy.deepcopy(pre))
        elif isinstance(stmt, ast.If):
            stmt = ast.If(stmt.test, _before_continue(stmt.body, pre),
                          _before_continue(stmt.orelse, pre))
        out.append(stmt)
    return out
