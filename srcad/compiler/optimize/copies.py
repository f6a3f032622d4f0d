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
Statements a copy is folded into, or a test decided in, are copies: the
statements given are not changed.
"""

from __future__ import annotations

import ast
import copy

from ..fastast import copy_tree, node_fields, walk, walk_kept
from ..ir import Comment
from ..names import live_in
from ..simplify import _fold, _fold_call, _number, simplify
from .common import assigned_names, located, names_kept


def propagate_copies(stmts: list, whole: list, params=(), is_float=None,
                     memo: dict | None = None) -> list:
    """``a = b`` copies (of a name or a constant) folded into their uses.

    Only where both names are bound once in the whole function (``whole``), so
    ``b`` means the same value wherever ``a`` is read; inside a loop or a
    branch, only for names read nowhere else and not carried between
    iterations.  A constant folded in is folded further: ``-1.0 / 64`` becomes the
    number, and ``1.0 * x`` becomes ``x`` where ``is_float(x)`` says ``x`` holds
    floats (so the product would not change its type).  ``memo`` (a dict the
    caller keeps between passes over the same statements,
    :func:`~srcad.compiler.fastast.walk_kept`) keeps each statement's nodes and
    what it reads and binds: a statement met again is not walked again.
    """
    memo = {} if memo is None else memo
    counts = {p: 1 for p in params}  # a parameter is bound once already
    loads = {}
    # the names each ``=`` binds (a loop's target counts as bound many times: only
    # "bound once" matters), and the names read, statement by statement
    mine = {id(stmt) for stmt in stmts}
    for stmt in whole:
        if stmt.__class__ is Comment:
            continue
        if stmt.__class__ is ast.Assign and id(stmt) not in mine:
            # (a statement not propagated into: only its names count, as the later
            # passes read them too)
            read, looped = names_kept(stmt, memo)[0], ()
            target = stmt.targets[0]
            bound = [target.id] if target.__class__ is ast.Name else assigned_names(stmt)
        else:
            _, read, bound, looped, _, _ = _facts(stmt, memo)
        for name in read:
            loads[name] = loads.get(name, 0) + 1
        for name in bound:
            counts[name] = counts.get(name, 0) + 1
        for name in looped:
            counts[name] = counts.get(name, 2) + 2
    return _propagate(stmts, counts, loads, frozenset(), nested=False,
                      is_float=is_float or (lambda name: False), memo=memo)


def _facts(stmt, memo) -> tuple:
    """``(stmt, names read, names bound by each ``=``, loop targets, whether a number
    folds, whether a test is decidable)``, from one walk of ``stmt`` (kept in ``memo``)."""
    key = ('copies', id(stmt))
    found = memo.get(key)
    if found is not None and found[0] is stmt:
        return found
    read, bound, looped, stored = [], [], [], []
    numbers = decidable = False
    Name, Load = ast.Name, ast.Load
    for node in walk_kept(stmt, memo):
        cls = node.__class__
        if cls is Name:
            (read if node.ctx.__class__ is Load else stored).append(node.id)
        elif cls is ast.Assign:
            target = node.targets[0]
            if target.__class__ is Name:
                bound.append(target.id)
            else:
                bound += assigned_names(node)
        elif cls is ast.For:
            looped += [n.id for n in walk(node.target) if isinstance(n, ast.Name)]
        elif cls is ast.BinOp:
            if not numbers:
                left, right = _number(node.left), _number(node.right)
                numbers = left is not None and right is not None or isinstance(
                    node.op, ast.Mult) and (left == 1 or right == 1)
        elif cls is ast.UnaryOp:
            if not numbers:
                numbers = _number(node.operand) is not None
        elif cls is ast.Compare:
            if isinstance(node.left, ast.Constant) and len(node.ops) == 1 \
                    and isinstance(node.ops[0], (ast.Is, ast.IsNot)) \
                    and _is_none(node.comparators[0]):
                decidable = True
        elif cls is ast.IfExp:
            if isinstance(node.test, ast.Constant) and isinstance(node.test.value, bool):
                decidable = True
    found = memo[key] = (stmt, read, bound, looped, numbers, decidable)
    memo[('names', id(stmt))] = (stmt, (read, stored))  # (what names_kept would find)
    return found


def _propagate(stmts, counts, loads, carried, nested, is_float, memo) -> list:
    alias, out = {}, []
    here = None  # the loads in this block (counted once, when first needed)
    todo = list(reversed(stmts))  # (a stack: a decided if's chosen branch goes on it)
    while todo:
        stmt = todo.pop()
        if stmt.__class__ is Comment:  # (nothing to fold in or out)
            out.append(stmt)
            continue
        puts, decidable = _what_folds(stmt, alias, memo)
        if puts:
            stmt = _substituted(stmt, alias, is_float)
            decidable = _what_folds(stmt, {}, memo)[1]
        stmt = _fold_tests(stmt, decidable)
        if isinstance(stmt, list):  # an if whose test was decided: its chosen branch,
            todo += reversed(stmt)  # folded as the statements around it are
            continue
        stmt = _propagate_inside(stmt, counts, loads, carried, is_float, memo)
        if nested and here is None and _foldable(stmt, counts, carried):
            here = _load_counts(stmts, memo)
        if _foldable(stmt, counts, carried) and (
                not nested or loads.get(stmt.targets[0].id, 0) == here.get(
                    stmt.targets[0].id, 0)):
            alias[stmt.targets[0].id] = stmt.value
            continue
        out.append(stmt)
    return out


def _propagate_inside(stmt, counts, loads, carried, is_float, memo):
    """The same folding inside a loop's or a branch's own block."""
    if isinstance(stmt, (ast.For, ast.While)):
        inner = carried | live_in(stmt.body)
        new = copy.copy(stmt)
        new.body = _propagate(stmt.body, counts, loads, inner, True, is_float, memo) \
            or [ast.Pass()]
        return new
    if isinstance(stmt, ast.If):
        new = copy.copy(stmt)
        new.body = _propagate(stmt.body, counts, loads, carried, True, is_float, memo) \
            or [ast.Pass()]
        new.orelse = _propagate(stmt.orelse, counts, loads, carried, True, is_float,
                                memo)
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


def _load_counts(stmts, memo) -> dict:
    found = {}
    for stmt in stmts:
        for name in _facts(stmt, memo)[1]:
            found[name] = found.get(name, 0) + 1
    return found


def _fold_tests(stmt, decidable=True):
    """``c is None`` / ``c is not None`` of a constant decided, and the branch it picks kept
    (a propagated constant must not leave ``if 1.0 is not None:`` behind)."""
    if decidable:  # (on a copy: the statement given may be kept in a memo)
        stmt = _FOLD_TESTS.visit(copy_tree(stmt))
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


def _what_folds(stmt, alias, memo) -> tuple:
    """``(puts, decidable)``: whether :func:`_put` with ``alias`` would change anything
    in ``stmt`` (a name of ``alias`` read, a number folded), and whether
    :class:`_FoldTests` would.  Both fold bottom-up, so only if some node folds as it
    is (and with no alias, ``_put`` was not run at all)."""
    _, read, _, _, numbers, decidable = _facts(stmt, memo)
    puts = bool(alias) and (numbers or any(name in alias for name in read))
    return puts, decidable


def _substituted(stmt, alias: dict, is_float):
    if not alias:
        return stmt
    return _put(stmt, alias, is_float)


def _put(node, alias, is_float):
    """``node`` with the names of ``alias`` replaced and the numbers that makes
    foldable folded, bottom-up (as an ``ast.NodeTransformer`` would on a copy): only
    the nodes on the way to a change are copied, the rest is shared."""
    cls = node.__class__
    if cls is ast.Name:
        if node.ctx.__class__ is ast.Load and node.id in alias:
            return located(_copy(alias[node.id]), node)
        return node
    if cls is ast.Constant:
        return node
    changed = None
    for field in node_fields(cls):  # (the fields that may hold nodes other than operators)
        value = getattr(node, field, None)
        if isinstance(value, ast.AST):
            new = _put(value, alias, is_float)
            if new is not value:
                changed = changed or {}
                changed[field] = new
        elif value.__class__ is list:
            items = [_put(v, alias, is_float) if isinstance(v, ast.AST) else v
                     for v in value]
            if any(a is not b for a, b in zip(items, value)):
                changed = changed or {}
                changed[field] = items
    if changed:
        node = _shallow(node)
        for field, value in changed.items():
            setattr(node, field, value)
    if cls is ast.BinOp:
        left, right = _number(node.left), _number(node.right)
        if left is not None and right is not None:
            return _fold(node)
        if isinstance(node.op, ast.Mult) and (left == 1 or right == 1):
            other = node.right if left == 1 else node.left
            if isinstance(other, ast.Name) and is_float(other.id):
                return other
        return node
    if cls is ast.UnaryOp:
        return simplify(node) if _number(node.operand) is not None else node
    if cls is ast.Call and changed:  # (keep_zero(1.0, e) -> e: a seed put in is never 0)
        return _fold_call(node)
    return node


def _shallow(node):
    """``copy.copy`` of a node (its fields and attributes shared)."""
    cls = node.__class__
    new = cls.__new__(cls)
    new.__dict__.update(node.__dict__)
    return new


def _copy(node):
    return ast.Constant(node.value) if isinstance(node, ast.Constant) else \
        ast.Name(node.id, ast.Load())
