"""Everyday Python sugar rewritten into Python srcad already differentiates.

Runs on the user's tree before the language check (:mod:`.validate`), so what it
cannot rewrite is still refused there, at the user's line.  Each rewrite keeps
Python's meaning exactly (evaluation order included, where it could be seen):

- ``if (s := e) > 1:`` / ``return (s := e) * s`` / ``x = f(n := len(v))``: the
  assignment expression becomes a statement before the one it sits in, when it
  sits where Python always evaluates it (not after an ``and``/``or``, not in an
  ``if``-expression's branch, not in a lambda) and nothing before it in the
  statement reads its name;  ``while (i := i + 1) < n:`` becomes ``while True:``
  with the assignment and ``if not ...: break`` first;  ``[y for t in xs if (y :=
  f(t)) > 0]`` becomes ``[y for t in xs for y in [f(t)] if y > 0]`` (when ``y``
  is not read outside the comprehension);
- ``y[0], y[1] = y[1], y[0]`` and ``a[i], b.c = u, v``: the right side into
  fresh names, then one assignment per target, left to right (as Python does);
- ``match`` on literal, ``None``/``True``/``False``, ``|`` and capture patterns,
  with guards: an ``if``/``elif`` chain on the subject (:mod:`.desugar_match`);
- ``import m`` / ``from m import f`` inside the function: the module or object,
  imported when srcad compiles, as a constant the function reads;
- ``del d[k]``, ``d.pop(k)``, ``del xs[i]``, ``xs.pop(i)`` of a container no other
  name can hold: the container rebuilt without the entry (:mod:`.desugar_deletes`);
- the expression rewrites of :mod:`.desugar_exprs` (set displays, ``{**a, k: v}``,
  ``divmod``, ``(a, b) + (c,)``), :mod:`.desugar_defaultdict` and
  :mod:`.desugar_generators` (a generator function returns the list it yields).
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import linecache
import re
import types

from .fastast import copy_tree, statements, walk
from . import (desugar_defaultdict, desugar_deletes, desugar_exprs, desugar_generators,
               desugar_match)

_SUGAR = (ast.NamedExpr, ast.Set, ast.Import, ast.ImportFrom, ast.Dict, ast.Call, ast.BinOp,
          ast.Assign, ast.Yield, ast.YieldFrom, ast.Delete, ast.List,
          ast.Tuple) + desugar_match.MATCH


def lower(src):
    """``src`` with its tree desugared (the same ``src`` when there is nothing to do)."""
    if src.filename.startswith('<srcad ') or not _may_have_sugar(src) \
            or not _has_sugar(src.tree):
        return src
    tree = copy_tree(src.tree)
    lowering = _Desugar(src, tree)
    lowering.containers = desugar_deletes.containers(lowering, tree)
    if desugar_generators.is_generator(tree) and desugar_generators.lower(lowering, tree):
        lowering.changed = True
    tree.body = lowering.block(tree.body)
    desugar_defaultdict.lower(lowering, tree)  # (after match and := are if and statements)
    ast.fix_missing_locations(tree)
    if not lowering.changed:
        return src
    closure = dict(src.closure)
    closure.update((name, types.CellType(value)) for name, value in lowering.imported.items())
    return dataclasses.replace(src, tree=tree, closure=closure)


_TOKENS = (':=', '{', 'match', 'import', 'yield', 'divmod', 'defaultdict', 'del', '.pop(',
           '.reverse(', '.extend(', '.insert(')
_DISPLAYS_JOINED = re.compile(r'[)\]]\s*\+\s*[(\[]')
_STARRED_ENTRY = re.compile(r'[\[(,]\s*\*\s*[\w(\[]')  # [*a, *b] (f(*args) too: a walk)


def _may_have_sugar(src) -> bool:
    """A quick look at the source text (most functions have no sugar: the walk of a
    3000-line function costs 20 ms).  A miss only leaves the sugar to be refused."""
    tree = src.tree
    end = getattr(tree, 'end_lineno', None)
    lines = linecache.getlines(src.filename)
    if not end or not lines:
        return True
    text = ''.join(lines[tree.lineno - 1:end])
    if any(token in text for token in _TOKENS) or _DISPLAYS_JOINED.search(text) \
            or _STARRED_ENTRY.search(text):
        return True
    return any(isinstance(s, ast.Assign) and len(s.targets) == 1
               and _has_element_leaf(s.targets[0]) for s in statements(tree.body))


def _has_sugar(tree) -> bool:
    for node in walk(tree):
        if not isinstance(node, _SUGAR):
            continue
        if isinstance(node, ast.Dict):
            if None in node.keys:
                return True
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name) and node.func.id in ('divmod', 'defaultdict') \
                    or isinstance(node.func, ast.Attribute) and (
                        node.func.attr in ('defaultdict', 'reverse', 'extend', 'insert')
                        or node.func.attr == 'pop' and node.args):
                return True
        elif isinstance(node, (ast.List, ast.Tuple)):
            if desugar_exprs.is_starred_display(node):  # [*a, *b]
                return True
        elif isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Add) and isinstance(node.left, (ast.Tuple, ast.List)) \
                    and type(node.left) is type(node.right):
                return True
        elif isinstance(node, ast.Assign):
            if len(node.targets) == 1 and _has_element_leaf(node.targets[0]):
                return True
        else:
            return True
    return False


class _Desugar:
    def __init__(self, src, tree):
        self.src = src
        self.tree = tree
        self.changed = False
        self.imported = {}
        self.containers = {}  # the containers del and pop may rebuild (desugar_deletes)
        self.taken = {n.id for n in walk(tree) if isinstance(n, ast.Name)} \
            | {a.arg for a in walk(tree) if isinstance(a, ast.arg)} \
            | set(src.closure) | set(src.globals)
        self.stored = {n.id for n in walk(tree) if isinstance(n, ast.Name)
                       and not isinstance(n.ctx, ast.Load)} \
            | {a.arg for a in walk(tree) if isinstance(a, ast.arg)} \
            | {n.name for n in walk(tree) if isinstance(n, ast.FunctionDef)}
        self.exprs = desugar_exprs.ExpressionSugar(self)

    def fresh(self, base: str) -> str:
        k = 1
        while f'{base}_{k}' in self.taken:
            k += 1
        name = f'{base}_{k}'
        self.taken.add(name)
        return name

    # -- blocks and statements --------------------------------------------------------
    def block(self, stmts: list) -> list:
        out = []
        for stmt in stmts:
            out.extend(self.statement(stmt))
        return out or [ast.copy_location(ast.Pass(), stmts[0])] if stmts else out

    def statement(self, stmt) -> list:
        if desugar_match.is_match(stmt):
            lowered = desugar_match.lower(self, stmt)
            if lowered is not None:
                self.changed = True
                return self.block(lowered)
        if self.containers and isinstance(stmt, (ast.Delete, ast.Expr, ast.Assign)):
            lowered = desugar_deletes.rewrite(self, stmt, self.containers)
            if lowered is not None:
                self.changed = True
                return self.block(lowered)
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            if self._import(stmt):
                self.changed = True
                return []
            return [stmt]
        if isinstance(stmt, ast.While):
            return self._while(stmt)
        for field in ('body', 'orelse', 'finalbody'):
            if isinstance(getattr(stmt, field, None), list) and getattr(stmt, field):
                setattr(stmt, field, self.block(getattr(stmt, field)))
        if isinstance(stmt, ast.Try):
            for handler in stmt.handlers:
                handler.body = self.block(handler.body)
        if isinstance(stmt, ast.FunctionDef):
            return [stmt]
        before = []
        self._expressions(stmt, before)
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 \
                and _has_element_leaf(stmt.targets[0]):
            self.changed = True
            return before + self._split_targets(stmt)
        return before + [stmt]

    def _expressions(self, stmt, before: list) -> None:
        """Rewrite the expressions of ``stmt`` in place, hoisting what must run first
        into ``before``."""
        for field in _EXPRESSION_FIELDS.get(type(stmt), ()):
            value = getattr(stmt, field, None)
            if value is None:
                continue
            new = self.exprs.rewrite(value, stmt, before, hoist=True)
            if new is not value:
                setattr(stmt, field, new)
        if before:
            self.changed = True

    def _while(self, stmt) -> list:
        stmt.body = self.block(stmt.body)
        if stmt.orelse:
            stmt.orelse = self.block(stmt.orelse)
        if not any(isinstance(n, ast.NamedExpr) for n in walk(stmt.test)) \
                or any(isinstance(n, (ast.Break, ast.Continue)) for n in _same_loop(stmt.orelse)):
            return [stmt]
        before = []
        test = self.exprs.rewrite(stmt.test, stmt, before, hoist=True)
        if any(isinstance(n, ast.NamedExpr) for n in walk(test)):
            return [stmt]  # (left for the language check to refuse)
        self.changed = True
        # (the else block runs when the test fails, never after a break: as in Python)
        stop = ast.If(ast.UnaryOp(ast.Not(), test), stmt.orelse + [ast.Break()], [])
        body = before + [ast.copy_location(stop, stmt)] + stmt.body
        return [ast.copy_location(ast.While(ast.Constant(True), body, []), stmt)]

    # -- import inside the function ----------------------------------------------------
    def _import(self, stmt) -> bool:
        bound = {}
        try:
            for alias in stmt.names:
                if isinstance(stmt, ast.Import):
                    module = importlib.import_module(alias.name)
                    if alias.asname:
                        bound[alias.asname] = module
                    else:
                        top = alias.name.split('.')[0]
                        bound[top] = importlib.import_module(top)
                else:
                    if alias.name == '*' or stmt.level:
                        return False
                    module = importlib.import_module(stmt.module)
                    bound[alias.asname or alias.name] = getattr(module, alias.name)
        except (ImportError, AttributeError):
            return False  # (refused by the language check, at the import)
        for name, value in bound.items():
            if name in self.stored or name in self.src.closure or (
                    name in self.imported and self.imported[name] is not value):
                return False
        self.imported.update(bound)
        return True

    # -- y[0], y[1] = y[1], y[0] --------------------------------------------------------
    def _split_targets(self, stmt) -> list:
        """``t1, t2 = value`` into fresh names, then each element target in order."""
        later = []

        def rename(target, seen_element):
            if isinstance(target, (ast.Tuple, ast.List)):
                elts = []
                for e in target.elts:
                    new, seen_element = rename(e, seen_element)
                    elts.append(new)
                return type(target)(elts, ast.Store()), seen_element
            if isinstance(target, ast.Starred):
                inner, seen_element = rename(target.value, seen_element)
                return ast.Starred(inner, ast.Store()), seen_element
            if isinstance(target, ast.Name) and not seen_element:
                return target, False
            temp = self.fresh(_base(target))
            later.append(ast.copy_location(
                ast.Assign([target], ast.Name(temp, ast.Load())), target))
            return ast.Name(temp, ast.Store()), True

        outer, _ = rename(stmt.targets[0], False)  # (rows read as views: view_writes.py)
        first = ast.copy_location(ast.Assign([outer], stmt.value), stmt)
        return [first] + later


def _same_loop(stmts) -> list:
    """The nodes of ``stmts`` outside nested loops and functions (where a ``break``
    would be this loop's)."""
    out, todo = [], list(stmts)
    while todo:
        node = todo.pop()
        out.append(node)
        if not isinstance(node, (ast.For, ast.While, ast.FunctionDef, ast.Lambda)):
            todo.extend(ast.iter_child_nodes(node))
    return out


def _has_element_leaf(target) -> bool:
    if not isinstance(target, (ast.Tuple, ast.List)):
        return False
    for e in target.elts:
        e = e.value if isinstance(e, ast.Starred) else e
        if isinstance(e, (ast.Subscript, ast.Attribute)) or _has_element_leaf(e):
            return True
    return False


def _base(target) -> str:
    while isinstance(target, (ast.Subscript, ast.Attribute, ast.Starred)):
        target = target.value
    return target.id if isinstance(target, ast.Name) else 'item'


_EXPRESSION_FIELDS = {
    ast.Assign: ('value',), ast.AugAssign: ('value',), ast.AnnAssign: ('value',),
    ast.Return: ('value',), ast.Expr: ('value',), ast.If: ('test',), ast.For: ('iter',),
    ast.Assert: ('test',),
}
