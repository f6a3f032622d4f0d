"""Forward values reused by the backward sweep, and forward statements nothing reads.

* :func:`forward_values` (a fact, computed before emission): which pure call
  each top-level forward name holds;
* :func:`reuse_forward`: a backward expression the forward sweep already
  computed (``np.cos(x)`` for the adjoint of ``np.sin``, when the function
  computed ``b = np.cos(x)``) becomes the forward name;
* :func:`drop_dead`: forward statements whose value nothing reads (the loss
  itself, once the seed of a scalar output needs no check).

Assumes: ``pure(call)`` says a call has no effect but its value;
``removable(stmt)`` says a statement may go when its targets are unread.
Guarantees: a call is replaced only by a name bound once to that same call of
names that are each bound once (so it is the same value wherever it is read);
a statement is dropped only when no remaining statement (nor ``later``) reads
what it binds.  :func:`forward_values` and :func:`drop_dead` leave their inputs
unchanged; :func:`reuse_forward` rewrites the expression in place (it was just
built for this use).
"""

from __future__ import annotations

import ast

from ..fastast import walk
from .common import assigned_names, each_statement, names_kept


def forward_values(stmts: list, pure, params=()) -> dict:
    """:func:`expr_key` of a pure right-hand side -> the name holding it.

    Only top-level statements whose names are each bound once in the whole
    function count, so the expression means the same value everywhere.
    """
    counts = {p: 1 for p in params}  # a parameter is bound once already
    for stmt in each_statement(stmts):
        names = assigned_names(stmt) if isinstance(stmt, ast.Assign) else {
            n.id for n in walk(getattr(stmt, 'target', ast.Pass()))
            if isinstance(n, ast.Name)}
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    seen = {}
    for stmt in stmts:
        if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name) \
                and isinstance(stmt.value, ast.Call) and pure(stmt.value):
            names = [stmt.targets[0].id] + [n.id for n in walk(stmt.value)
                                            if isinstance(n, ast.Name)]
            if all(counts.get(n, 0) <= 1 for n in names):
                seen.setdefault(expr_key(stmt.value), stmt.targets[0].id)
    return seen


def expr_key(node):
    """A hashable key of an expression, equal for two expressions exactly when their
    ``ast.dump`` is (the node classes, fields and constants' types and reprs; positions
    left out), built in a third of ``ast.dump``'s time."""
    c = node.__class__
    if c is ast.Name:
        return (c, node.id, node.ctx.__class__)
    if c is ast.Constant:
        value = node.value
        return (c, value.__class__, repr(value), node.kind)
    if c is list:
        return tuple([expr_key(v) for v in node])
    if isinstance(node, ast.AST):
        return (c,) + tuple([expr_key(getattr(node, f, None)) for f in node._fields])
    return (c, repr(node))


def reuse_forward(expr: ast.expr, values: dict) -> ast.expr:
    """``expr`` with sub-expressions the forward sweep computed replaced by their names."""
    if not values:
        return expr
    return _Reuse(values).visit(expr)


class _Reuse(ast.NodeTransformer):
    def __init__(self, values):
        self.values = values

    def visit_Call(self, node):
        name = self.values.get(expr_key(node))
        if name is not None:
            return ast.Name(name, ast.Load())
        self.generic_visit(node)
        return node


def drop_dead(forward: list, later: list, removable, memo: dict | None = None) -> list:
    """Forward statements minus those (``removable``) whose targets nothing reads
    (``memo``: the statements' nodes, :func:`~srcad.compiler.fastast.walk_kept`)."""
    # (removing one only ever makes others removable: taking them out one at a time
    # until none is left gives what rounds over the whole list gave, in linear time)
    stmts = list(forward)
    outside = _reads(later, memo)
    reads = [_read_list(s, memo) for s in stmts]
    count = {}
    for names in reads:
        for n in names:
            count[n] = count.get(n, 0) + 1
    candidates = [k for k, s in enumerate(stmts) if removable(s)]
    targets = {k: assigned_names(stmts[k]) for k in candidates}
    alive = [True] * len(stmts)
    changed = True
    while changed:
        changed = False
        for k in candidates:
            if alive[k] and not any(t in outside or count.get(t, 0) for t in targets[k]):
                alive[k], changed = False, True
                for n in reads[k]:
                    count[n] -= 1
    return [s for k, s in enumerate(stmts) if alive[k]]


def _read_list(stmt, memo=None) -> list:
    """The names a statement reads, once per read."""
    return names_kept(stmt, memo)[0]


def _reads(stmts, memo=None) -> set:
    return {name for s in stmts for name in names_kept(s, memo)[0]}
