"""Branches in reverse mode: an ``if`` is replayed on its (saved) condition.

Adjoints that only one branch makes are bound to None before the ``if``, so every
path binds them; a test that reads a name its own branches assign reads a copy
taken before the ``if``.  Mixed into :class:`srcad.compiler.reverse.ReverseEmitter`.
"""

from __future__ import annotations

import ast
import copy

from .adjoints import NONE, Adjoints
from .backflow import branch, placed
from .emitter import _at, _name
from .fastast import walk
from .ir import ForRange, WhileLoop
from .names import assigned_names
from . import optimize
from .reverse_loops import _walk


class BranchAdjoints:
    """``if`` statements in both sweeps."""

    def stable_tests(self, stmts: list, inside_of: dict | None = None) -> list:
        """``if c:`` where a branch assigns ``c`` itself (``returned = True`` under
        ``if not returned``, in a loop) reads a copy taken before the ``if``: the
        backward sweep picks the branch by that copy, as the forward sweep did,
        not by the value the branch left behind."""
        if inside_of is None:
            inside_of = {}  # id(if) -> the names its branches assign
            if any(isinstance(s, ast.If) for s in _walk(stmts)):
                _assigned_in_ifs(stmts, inside_of)
        out = []
        for stmt in stmts:
            if isinstance(stmt, ast.If):
                inside = inside_of[id(stmt)]
                changed = sorted({n.id for n in walk(stmt.test)
                                  if isinstance(n, ast.Name) and n.id in inside})
                alias = {}
                for name in changed:
                    alias[name] = self.namer.temp()
                    out.append(_at(self.assign(alias[name], _name(name)), stmt))
                stmt = placed(ast.If(optimize.renamed(stmt.test, alias),
                                     self.stable_tests(stmt.body, inside_of),
                                     self.stable_tests(stmt.orelse, inside_of)), stmt)
            elif isinstance(stmt, (ast.For, ast.While, ForRange, WhileLoop)):
                stmt = copy.copy(stmt)
                stmt.body = self.stable_tests(stmt.body, inside_of)
            out.append(stmt)
        return out

    def adjoint_if(self, stmt: ast.If, adj: Adjoints, tape) -> list:
        # adjoints that one branch may make: bound to None before the ``if``
        made = Adjoints.join(self.flow(stmt.body, adj.copy()), self.flow(stmt.orelse, adj.copy()))
        inits = self.bind_none(adj, made)
        left, right = adj.copy(), adj.copy()
        body = self.backward(stmt.body, left, tape)
        orelse = self.backward(stmt.orelse, right, tape)
        joined = Adjoints.join(left, right)
        # an adjoint a branch consumed (DEAD there) may still hold its old value: where
        # the other branch leaves one, this branch must say None
        body += self.bind_none(left, joined)
        orelse += self.bind_none(right, joined)
        adj.replace(joined)
        mirrored = branch(stmt, body, orelse)
        return inits + ([mirrored] if mirrored is not None else [])

    def bind_none(self, adj: Adjoints, later: Adjoints) -> list:
        """``x_bar = None`` for adjoints DEAD now but MAYBE later, so every path binds them."""
        names = adj.unbound(later)
        for n in names:
            adj.set(n, NONE)
        return self.nones(names)

    def nones(self, names) -> list:
        return [self.assign(self.namer.bar(n), ast.Constant(None)) for n in names]


def _assigned_in_ifs(stmts, found: dict) -> set:
    """The names ``stmts`` assign; ``found[id(if)]`` those of each ``if``'s branches."""
    names = set()
    for stmt in stmts:
        if isinstance(stmt, ast.If):
            found[id(stmt)] = _assigned_in_ifs(stmt.body, found) | \
                _assigned_in_ifs(stmt.orelse, found)
            names |= found[id(stmt)]
        elif isinstance(stmt, (ast.For, ast.While, ForRange, WhileLoop)):
            names |= _assigned_in_ifs(stmt.body, found) | assigned_names(
                [v for f, v in ast.iter_fields(stmt) if f != 'body' and isinstance(v, ast.AST)])
        elif isinstance(stmt, ast.Assign):  # (normalized: only its targets bind names)
            names |= assigned_names(stmt.targets)
        else:
            names |= assigned_names([stmt])
    return names
