"""Copy propagation: ``a = b`` (a name or a constant) folded into the readers of ``a``.

:func:`propagate_copies` runs on the backward sweep, before and after
:func:`~srcad.compiler.optimize.spreads.fold_spreads`.  A constant folded in
is folded further (``-1.0 / 64`` becomes the number; ``1.0 * x`` becomes ``x``
where ``x`` holds floats), and a test it decides (``c is None`` of a constant,
an ``if``/``x if c else y`` on ``True``/``False``) keeps only the branch it picks.

Assumes: ``whole`` is all the code of the function (to count bindings and
reads); ``is_float(name)`` says a name surely holds floats.  Guarantees: a
copy is folded only where both names are bound once in the whole function (so
``b`` means the same value wherever ``a`` is read); inside a loop or a branch,
only for names read nowhere else and not carried between iterations.
Statements a copy is folded into are copies; but a test that is decidable as
given (``1.0 is not None`` in the input itself) is decided in place.
"""

from __future__ import annotations

import ast
import copy

from ..fastast import copy_tree, walk, walk_all
from ..names import live_in
from ..simplify import _fold, _number, simplify
from .common import assigned_names


def propagate_copies(stmts: list, whole: list, params=(), is_float=None) -> list:
    """``a = b`` copies (of a name or a constant) folded into their uses.

    Only where both names are bound once in the whole function (``whole``), so
    ``b`` means the same value wherever ``a`` is read; inside a loop or a
    branch, only for names read nowhere else and not carried between
    iterations.  A constant folded in is folded further: ``-1.0 / 64`` becomes the
    number, and ``1.0 * x`` becomes ``x`` where ``is_float(x)`` says ``x`` holds
    floats (so the product would not change its type).
    """
    counts = {p: 1 for p in params}  # a parameter is bound once already
    loads = {}
    # one walk of everything: the names each ``=`` binds (a loop's target counts as
    # bound many times: only "bound once" matters), and the names read
    for node in walk_all(list(whole)):
        cls = node.__class__
        if cls is ast.Name:
            if isinstance(node.ctx, ast.Load):
                loads[node.id] = loads.get(node.id, 0) + 1
        elif cls is ast.Assign:
            for name in assigned_names(node):
                counts[name] = counts.get(name, 0) + 1
        elif cls is ast.For:
            for n in walk(node.target):
                if isinstance(n, ast.Name):
                    counts[n.id] = counts.get(n.id, 2) + 2
    return _propagate(stmts, counts, loads, frozenset(), nested=False,
                      is_float=is_float or (lambda name: False))


def _propagate(stmts, counts, loads, carried, nested, is_float) -> list:
    alias, out = {}, []
    here = None  # the loads in this block (counted once, when first needed)
    for stmt in stmts:
        puts, decidable = _what_folds(stmt, alias)
        if puts:
            stmt = _substituted(stmt, alias, is_float)
            decidable = _what_folds(stmt, {})[1]
        stmt = _fold_tests(stmt, decidable)
        if isinstance(stmt, list):  # an if whose test was decided: its chosen branch
            out.extend(stmt)
            continue
        stmt = _propagate_inside(stmt, counts, loads, carried, is_float)
        if nested and here is None and _foldable(stmt, counts, carried):
            here = _load_counts(stmts)
        if _foldable(stmt, counts, carried) and (
                not nested or loads.get(stmt.targets[0].id, 0) == here.get(
                    stmt.targets[0].id, 0)):
            alias[stmt.targets[0].id] = stmt.value
            continue
        out.append(stmt)
    return out


def _propagate_inside(stmt, counts, loads, carried, is_float):
    """The same folding inside a loop's or a branch's own block."""
    if isinstance(stmt, (ast.For, ast.While)):
        inner = carried | live_in(stmt.body)
        new = copy.copy(stmt)
        new.body = _propagate(stmt.body, counts, loads, inner, True, is_float) or [ast.Pass()]
        return new
    if isinstance(stmt, ast.If):
        new = copy.copy(stmt)
        new.body = _propagate(stmt.body, counts, loads, carried, True, is_float) or [ast.Pass()]
        new.orelse = _propagate(stmt.orelse, counts, loads, carried, True, is_float)
        return new
    return stmt


def _foldable(stmt, counts, carried) -> bool:
    if not (isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name)
            and isinstance(stmt.value, (ast.Name, ast.Constant))):
        return False
    target = stmt.targets[0].id
    if counts.get(target) != 1 or target in carried:
        return False
    value = stmt.value
    return isinstance(value, ast.Constant) or (counts.get(value.id, 0) <= 1
                                               and value.id not in carried)


def _load_counts(stmts) -> dict:
    found = {}
    for stmt in stmts:
        for n in walk(stmt):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
                found[n.id] = found.get(n.id, 0) + 1
    return found


def _fold_tests(stmt, decidable=True):
    """``c is None`` / ``c is not None`` of a constant decided, and the branch it picks kept
    (a propagated constant must not leave ``if 1.0 is not None:`` behind)."""
    if decidable:
        stmt = _FOLD_TESTS.visit(stmt)
    if isinstance(stmt, ast.If) and isinstance(stmt.test, ast.Constant) \
            and isinstance(stmt.test.value, bool):
        chosen = stmt.body if stmt.test.value else stmt.orelse
        return chosen if chosen else []
    return stmt


class _FoldTests(ast.NodeTransformer):
    def visit_Compare(self, node):
        self.generic_visit(node)
        if isinstance(node.left, ast.Constant) and len(node.ops) == 1 \
                and isinstance(node.ops[0], (ast.Is, ast.IsNot)) \
                and _is_none(node.comparators[0]):
            same = node.left.value is None
            return ast.Constant(same if isinstance(node.ops[0], ast.Is) else not same)
        return node

    def visit_IfExp(self, node):
        self.generic_visit(node)
        if isinstance(node.test, ast.Constant) and isinstance(node.test.value, bool):
            return node.body if node.test.value else node.orelse
        return node


_FOLD_TESTS = _FoldTests()  # (it keeps no state)


def _is_none(node) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _what_folds(stmt, alias) -> tuple:
    """``(puts, decidable)``: whether :class:`_Put` with ``alias`` would change anything
    in ``stmt`` (a name of ``alias`` read, a number folded), and whether
    :class:`_FoldTests` would.  Both fold bottom-up, so only if some node folds as it
    is (and with no alias, ``_Put`` was not run at all)."""
    puts = decidable = False
    for node in walk(stmt):
        cls = node.__class__
        if cls is ast.Name:
            if alias and node.id in alias and isinstance(node.ctx, ast.Load):
                puts = True
        elif cls is ast.BinOp:
            if alias:
                left, right = _number(node.left), _number(node.right)
                if left is not None and right is not None or isinstance(
                        node.op, ast.Mult) and (left == 1 or right == 1):
                    puts = True
        elif cls is ast.UnaryOp:
            if alias and _number(node.operand) is not None:
                puts = True
        elif cls is ast.Compare:
            if isinstance(node.left, ast.Constant) and len(node.ops) == 1 \
                    and isinstance(node.ops[0], (ast.Is, ast.IsNot)) \
                    and _is_none(node.comparators[0]):
                decidable = True
        elif cls is ast.IfExp:
            if isinstance(node.test, ast.Constant) and isinstance(node.test.value, bool):
                decidable = True
    return puts, decidable


def _substituted(stmt, alias: dict, is_float):
    if not alias:
        return stmt

    return _Put(alias, is_float).visit(copy_tree(stmt))


class _Put(ast.NodeTransformer):
    def __init__(self, alias, is_float):
        self.alias, self.is_float = alias, is_float

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load) and node.id in self.alias:
            return ast.copy_location(_copy(self.alias[node.id]), node)
        return node

    def visit_BinOp(self, node):
        self.generic_visit(node)
        left, right = _number(node.left), _number(node.right)
        if left is not None and right is not None:
            return _fold(node)
        if isinstance(node.op, ast.Mult) and (left == 1 or right == 1):
            other = node.right if left == 1 else node.left
            if isinstance(other, ast.Name) and self.is_float(other.id):
                return other
        return node

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        return simplify(node) if _number(node.operand) is not None else node


def _copy(node):
    return ast.Constant(node.value) if isinstance(node, ast.Constant) else \
        ast.Name(node.id, ast.Load())
