"""Reduction adjoints left unspread where their readers broadcast them anyway.

:func:`fold_spreads` runs on the backward sweep (between two rounds of copy
propagation).  ``X = unreduce(g, x, axis, keepdims)`` holds ``g``'s values
repeated along ``axis`` in ``x``'s shape; when every reader combines ``X``
elementwise with arrays whose broadcast shape already covers ``x``'s, ``g``
(``g[:, None]`` when the axis was dropped) gives the same result.

Assumes: ``shape(name)`` is a primal name's true concrete shape (or None) and
``is_scalar_name(name)`` is true only of names that hold one number.
Guarantees: every reader computes the same values with the same shape; a
spread any reader needs in full (or whose shape is unknown) is kept, and so is
everything when ``unreduce`` is not in the code.  Shapes along a chain of
derived spreads are computed in program order, not recursively (no recursion
limit on long functions).  The statements given are not mutated.
"""

from __future__ import annotations

import ast
import copy

import numpy as np

from ..fastast import children, walk, walk_kept
from .common import ELEMENTWISE, each_statement, is_arithmetic, names_kept


def fold_spreads(stmts: list, unreduce: str | None, shape, is_scalar_name,
                 memo: dict | None = None) -> list:
    """Adjoints of reductions left unspread where the reader broadcasts them anyway.

    The adjoint of a reduction is spread back over the reduced array:
    ``X = unreduce(g, x, axis, keepdims)`` holds ``g``'s values repeated along
    ``axis`` in ``x``'s shape.  When every reader of ``X`` combines it
    elementwise (``+ - * / **``, unary minus) with arrays whose broadcast shape
    already covers ``x``'s, each element of the result is the same with ``g``
    in place of ``X`` (``g[:, None]`` when the axis was dropped), and so is its
    shape: broadcasting does the spreading for free.  The seed of a sum or a
    mean, ``unreduce(s, x)`` of a scalar ``s``, becomes ``s`` itself.  A name
    bound to elementwise arithmetic of a spread that does not yet cover it
    (``t_bar = X * 0.1``) is a spread too, with the same condition on its readers.

    ``shape(name)`` is a primal name's concrete shape or None;
    ``is_scalar_name(name)`` says a name surely holds a scalar; ``memo``: the
    statements' nodes (:func:`~srcad.compiler.fastast.walk_kept`).
    """
    if unreduce is None:
        return stmts
    return _Spreads(stmts, unreduce, shape, is_scalar_name, memo).folded()


class _Spreads:
    """The state of :func:`fold_spreads`: which spreads stay unspread."""

    def __init__(self, stmts, unreduce, shape, is_scalar_name, memo=None):
        self.stmts, self.shape, self.is_scalar_name = stmts, shape, is_scalar_name
        stores = {}
        for stmt in each_statement(stmts):
            for node in walk_kept(stmt, memo):
                if node.__class__ is ast.Name and node.ctx.__class__ is ast.Store:
                    stores[node.id] = stores.get(node.id, 0) + 1
        self.scalars, self.spreads, self.derived = set(), {}, {}  # derived: name -> value
        for stmt in stmts:
            if not (isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name)
                    and stores.get(stmt.targets[0].id) == 1):
                continue
            target, value = stmt.targets[0].id, stmt.value
            if _scalar_expr(value, self.scalars, is_scalar_name):
                self.scalars.add(target)
            elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name) \
                    and value.func.id == unreduce:
                spread = _Spread.of(stmt, shape)
                if spread is not None:
                    self.spreads[target] = spread
            elif is_arithmetic(value) and any(
                    isinstance(n, ast.Name) and (n.id in self.spreads or n.id in self.derived)
                    for n in walk(value)):
                self.derived[target] = value
        self.kept = set(self.spreads) | set(self.derived)  # those not (yet) given up
        self.memo = {}  # (derived name, full) -> its leaf shape, while ``kept`` stays
        self.uses = _elementwise_uses(stmts, self.kept, memo)

    def leaf(self, node, full=False):
        """An atom's shape: as it will be (``full``: as it was), or None if unknown."""
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return ()
        if not isinstance(node, ast.Name):
            return None
        name = node.id
        if name in self.scalars or self.is_scalar_name(name):
            return ()
        if name in self.spreads:
            spread = self.spreads[name]
            if full or name not in self.kept:
                return spread.full
            return () if self.uniform_source(spread) else spread.reduced
        if name in self.derived:
            key = (name, full)
            if key not in self.memo:
                self.memo[key] = _broadcast_shape(self.derived[name], lambda n: self.leaf(
                    n, full or name not in self.kept))
            return self.memo[key]
        found = self.shape(name)
        return tuple(found) if found is not None else None

    def uniform_source(self, spread) -> bool:
        """The spread's source is one number (so the spread is that number everywhere)."""
        src = spread.source
        return _scalar_expr(src, self.scalars, self.is_scalar_name) or \
            isinstance(src, ast.Name) and src.id in self.kept and self.leaf(src) == ()

    def fine(self, name) -> bool:
        """May ``name`` hold its smaller value, given every reader?"""
        if name in self.spreads and not self.source_fine(self.spreads[name]):
            return False
        full, actual = self.leaf(ast.Name(name), True), self.leaf(ast.Name(name))
        if full is None or actual is None:
            return False
        if full == actual:
            return True
        for path, stmt in self.uses[name]:
            if path == 'source':
                if actual != ():
                    return False
            elif not _covered(full, actual, path, self.leaf):
                top = path[-1][0] if path else None
                feeds = isinstance(stmt, ast.Assign) and stmt.targets[0].id in self.derived \
                    and stmt.targets[0].id in self.kept and top in (stmt.value, None)
                if not feeds:
                    return False
        return True

    def source_fine(self, spread) -> bool:
        if self.uniform_source(spread):
            return True
        return spread.axes is not None and isinstance(spread.source, ast.Name) and \
            spread.source.id not in self.kept

    def folded(self) -> list:
        if not self.spreads:
            return self.stmts
        while True:
            self.memo = {}
            for name in self.derived:  # in order, each from the ones before it: no deep
                for full in (False, True):  # recursion along a long chain
                    self.leaf(ast.Name(name), full)
            lost = {name for name in self.kept if not self.fine(name)}
            if not lost:
                break
            self.kept -= lost
        if not any(name in self.kept or spread.axes is not None and self.uniform_source(spread)
                   for name, spread in self.spreads.items()):
            return self.stmts  # (no spread changes: nothing to copy or propagate again)
        out = []
        for stmt in self.stmts:
            target = stmt.targets[0].id if isinstance(stmt, ast.Assign) and \
                isinstance(stmt.targets[0], ast.Name) else None
            spread = self.spreads.get(target)
            if spread is not None and spread.stmt is stmt:
                uniform = self.uniform_source(spread)
                if target in self.kept:
                    value = spread.source if uniform else spread.unspread()
                    stmt = ast.copy_location(ast.Assign([stmt.targets[0]], value), stmt)
                elif uniform and spread.axes is not None:  # no axes to restore on one number
                    call = copy.copy(stmt.value)
                    call.args = call.args[:2]
                    stmt = ast.copy_location(ast.Assign([stmt.targets[0]], call), stmt)
            out.append(stmt)
        return out


class _Spread:
    """``X = unreduce(g, x[, axis[, keepdims]])`` with ``x`` of a known shape."""

    def __init__(self, stmt, full, axes, keepdims):
        self.stmt, self.full, self.axes, self.keepdims = stmt, full, axes, keepdims
        self.source = stmt.value.args[0]
        # the shape the reduction gave, with its axes kept as 1 (all of them: a scalar)
        self.reduced = () if axes is None else tuple(
            1 if i in axes else n for i, n in enumerate(full))

    @classmethod
    def of(cls, stmt, shape):
        call = stmt.value
        args = call.args
        if call.keywords or not 2 <= len(args) <= 4 or not isinstance(args[1], ast.Name) \
                or not all(isinstance(a, ast.Constant) for a in args[2:]):
            return None
        full = shape(args[1].id)
        if full is None:
            return None
        full = tuple(full)
        axis = args[2].value if len(args) > 2 else None
        keepdims = bool(args[3].value) if len(args) > 3 else False
        if axis is None:
            return cls(stmt, full, None, keepdims)
        axes = axis if isinstance(axis, tuple) else (axis,)
        if not full or not all(type(a) is int and -len(full) <= a < len(full) for a in axes):
            return None
        return cls(stmt, full, frozenset(a % len(full) for a in axes), keepdims)

    def unspread(self) -> ast.expr:
        """The source, with the reduced axes put back as length 1."""
        if self.keepdims or len(self.axes) == len(self.full):  # (all reduced: one number,
            return self.source                                  # maybe a float: no g[None])
        index = [ast.Constant(None) if i in self.axes else ast.Slice()
                 for i in range(len(self.full))]
        while len(index) > 1 and isinstance(index[-1], ast.Slice):
            index.pop()
        return ast.Subscript(self.source, ast.Tuple(index, ast.Load()) if len(index) > 1
                             else index[0], ast.Load())


def _covered(full, reduced, path, leaf) -> bool:
    """Going up the elementwise expression ``path`` from a spread (shape ``reduced``
    standing for ``full``), does the result cover ``full`` before anything unknown?"""
    current = reduced
    if _broadcast((full, current)) == current:
        return True
    for node, child in path or ():
        if isinstance(node, ast.BinOp) or _guard(node):
            other = (node.right if child is node.left else node.left) if isinstance(
                node, ast.BinOp) else node.args[1] if child is node.args[0] else node.args[0]
            current = _broadcast((current, _broadcast_shape(other, leaf)))
            if current is None:
                return False
        if _broadcast((full, current)) == current:
            return True
    return False


def _scalar_expr(node, scalars, is_scalar_name) -> bool:
    if isinstance(node, ast.Constant):
        return type(node.value) in (int, float)
    if isinstance(node, ast.Name):
        return node.id in scalars or is_scalar_name(node.id)
    if isinstance(node, ast.BinOp):
        return _scalar_expr(node.left, scalars, is_scalar_name) and \
            _scalar_expr(node.right, scalars, is_scalar_name)
    if isinstance(node, ast.UnaryOp):
        return _scalar_expr(node.operand, scalars, is_scalar_name)
    return False


def _elementwise_uses(stmts, names, memo=None) -> dict:
    """name -> for each read, ``(path, statement)``: ``path`` is the chain of
    elementwise ``(node, child)`` above the read, nearest first (empty: the read is
    not inside elementwise arithmetic), or ``'source'`` for the first argument of a
    spread (``unreduce``) among ``names``; ``statement`` is the one whose value
    holds the chain (None when the chain sits inside something else)."""
    uses = {n: [] for n in names}

    def visit(node, path, stmt):
        if isinstance(node, ast.Name) and node.id in uses and isinstance(node.ctx, ast.Load):
            uses[node.id].append((list(reversed(path)), stmt))
            return
        arith = isinstance(node, ast.BinOp) and isinstance(node.op, ELEMENTWISE) or \
            isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) or _guard(node)
        for child in children(node):  # (contexts and operators hold no name)
            if not isinstance(child, ast.stmt):
                if arith:
                    visit(child, path + [(node, child)], stmt)
                else:
                    visit(child, [], None)

    for stmt in each_statement(stmts):
        if not any(name in uses for name in names_kept(stmt, memo)[0]):
            continue  # (reads none of them: nothing to find)
        for child in children(stmt):  # (ast.iter_child_nodes less operators: no names)
            if isinstance(child, ast.stmt):
                continue
            if isinstance(stmt, ast.Assign) and child is stmt.value \
                    and isinstance(stmt.targets[0], ast.Name) and stmt.targets[0].id in names \
                    and isinstance(child, ast.Call) and child.args \
                    and isinstance(child.args[0], ast.Name) and child.args[0].id in names:
                uses[child.args[0].id].append(('source', stmt))
                for arg in child.args[1:]:
                    visit(arg, [], None)
                continue
            visit(child, [], stmt if child is getattr(stmt, 'value', None) else None)
    visit = None  # (the recursive closure's cycle broken: the collector need not free it)
    return uses


def _broadcast_shape(node, leaf):
    """The shape of an elementwise expression, from its leaves' shapes (None: unknown)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ELEMENTWISE):
        left, right = _broadcast_shape(node.left, leaf), _broadcast_shape(node.right, leaf)
        return None if left is None or right is None else _broadcast((left, right))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _broadcast_shape(node.operand, leaf)
    if _guard(node):
        a, r = _broadcast_shape(node.args[0], leaf), _broadcast_shape(node.args[1], leaf)
        return None if a is None or r is None else _broadcast((a, r))
    return leaf(node)


def _guard(node) -> bool:
    """``keep_zero(a, r)`` (:mod:`srcad.runtime.singular`): elementwise in both, as
    ``np.where(a == 0, 0, r)``, so a spread may stand unspread in either."""
    return node.__class__ is ast.Call and node.func.__class__ is ast.Name \
        and node.func.id == 'keep_zero' and len(node.args) == 2 and not node.keywords


def _broadcast(shapes):
    if any(s is None for s in shapes):
        return None
    key = tuple(shapes)
    if key not in _BROADCAST:  # (the same few shapes, asked for every reader)
        if len(_BROADCAST) > 4096:
            _BROADCAST.clear()
        try:
            _BROADCAST[key] = tuple(np.broadcast_shapes(*shapes))
        except ValueError:
            _BROADCAST[key] = None
    return _BROADCAST[key]


_BROADCAST = {}  # shapes -> their broadcast shape (None: they clash)
