"""Optimizations of generated code that only drop provably useless work.

Each takes a tree (and plain facts about it) and returns the better tree:

* :func:`drop_shape_noops`: ``unbroadcast(e, x)`` where ``e`` already has
  ``x``'s shape, ``unreduce(g, x)`` of a scalar ``x`` (from
  :mod:`srcad.compiler.shapeinfo`);
* :func:`reuse_forward`: a backward expression the forward sweep already
  computed (``np.cos(x)`` for the adjoint of ``np.sin``, when the function
  computed ``b = np.cos(x)``) becomes the forward name;
* :func:`drop_dead`: forward statements whose value nothing reads (the loss
  itself, once the seed of a scalar output needs no check);
* :func:`propagate_copies`: copies folded into their readers;
* :func:`fold_spreads`: reduction adjoints left unspread where their readers
  broadcast them anyway;
* :func:`inline_temps`: temporaries read once folded into their reader;
* :func:`rematerialize`: numbers a loop would save, computed again instead;
* :func:`walk_saved`: a backward loop walking the one value per iteration
  its forward loop saved, instead of popping it;
* :func:`free_early`: big arrays deleted after their last use.
"""

from __future__ import annotations

import ast
import copy

import numpy as np

from .fastast import children, copy_tree, walk, walk_all
from .ir import Comment
from .simplify import _fold, _number, simplify


def drop_shape_noops(expr: ast.expr, names: dict, same_shape, is_scalar) -> ast.expr:
    """``expr`` without the shape helpers that cannot change anything.

    ``names`` maps ``unbroadcast``/``unreduce`` to their names in the code;
    ``same_shape(atom)`` says the value ``expr`` computes has ``atom``'s shape.
    """
    if names.get('unbroadcast') is None and names.get('unreduce') is None:
        return expr  # (neither helper is in the code yet: nothing to drop)
    return _Drop(names, same_shape, is_scalar).visit(expr)


# (the passes' visitors are defined once, here: a class statement per call of a pass
# cost more than the pass itself on long functions)
class _Drop(ast.NodeTransformer):
    def __init__(self, names, same_shape, is_scalar):
        self.names, self.same_shape, self.is_scalar = names, same_shape, is_scalar

    def visit_Call(self, node):
        self.generic_visit(node)
        func = node.func.id if isinstance(node.func, ast.Name) else None
        if func is None:
            return node
        names = self.names
        if func == names.get('unbroadcast') and len(node.args) == 2 \
                and self.same_shape(node.args[1]):
            return node.args[0]
        if func == names.get('unreduce') and len(node.args) == 2 \
                and self.is_scalar(node.args[1]):
            return node.args[0]
        return node


def forward_values(stmts: list, pure, params=()) -> dict:
    """``ast.dump`` of a pure right-hand side -> the name holding it.

    Only top-level statements whose names are each bound once in the whole
    function count, so the expression means the same value everywhere.
    """
    counts = {p: 1 for p in params}  # a parameter is bound once already
    for stmt in _walk(stmts):
        names = _targets(stmt) if isinstance(stmt, ast.Assign) else {
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
                seen.setdefault(ast.dump(stmt.value), stmt.targets[0].id)
    return seen


def reuse_forward(expr: ast.expr, values: dict) -> ast.expr:
    """``expr`` with sub-expressions the forward sweep computed replaced by their names."""
    if not values:
        return expr
    return _Reuse(values).visit(expr)


class _Reuse(ast.NodeTransformer):
    def __init__(self, values):
        self.values = values

    def visit_Call(self, node):
        name = self.values.get(ast.dump(node))
        if name is not None:
            return ast.Name(name, ast.Load())
        self.generic_visit(node)
        return node


def drop_dead(forward: list, later: list, removable) -> list:
    """Forward statements minus those (``removable``) whose targets nothing reads."""
    # (removing one only ever makes others removable: taking them out one at a time
    # until none is left gives what rounds over the whole list gave, in linear time)
    stmts = list(forward)
    outside = _reads(later)
    reads = [_read_list(s) for s in stmts]
    count = {}
    for names in reads:
        for n in names:
            count[n] = count.get(n, 0) + 1
    candidates = [k for k, s in enumerate(stmts) if removable(s)]
    targets = {k: _targets(stmts[k]) for k in candidates}
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


def _targets(stmt) -> set:
    if isinstance(stmt, ast.Assign):
        return {n.id for n in walk(stmt.targets[0]) if isinstance(n, ast.Name)}
    return {None}


def _read_list(stmt) -> list:
    """The names a statement reads, once per read."""
    return [n.id for n in walk(stmt) if isinstance(n, ast.Name)
            and isinstance(n.ctx, ast.Load)]


def _reads(stmts) -> set:
    return {n.id for s in stmts for n in walk(s)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


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
            for name in _targets(node):
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
        from .names import live_in
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


def _walk(stmts):
    for stmt in stmts:
        yield stmt
        for field in ('body', 'orelse'):
            yield from _walk(getattr(stmt, field, []))


def specialize_helpers(expr: ast.expr, names: dict, shape, result_shape) -> ast.expr:
    """Helpers whose work is known from concrete shapes, written out plainly.

    ``shape(atom)`` is an atom's concrete shape or None; ``result_shape`` is
    the shape of the values an elementwise rule computes (or None).

    * ``reduced_size(x, axis)`` becomes the number;
    * ``unbroadcast(e, x)`` becomes ``e.sum(axis=...)`` (``e`` has ``result_shape``);
    * ``matmul_dx(g, x, y)`` / ``matmul_dy`` of matrices become ``g @ y.T`` / ``x.T @ g``.
    """
    helper = {v: k for k, v in names.items() if v}
    if not helper:
        return expr
    return _Write(helper, shape, result_shape).visit(expr)


class _Write(ast.NodeTransformer):
    def __init__(self, helper, shape, result_shape):
        self.helper, self.shape, self.result_shape = helper, shape, result_shape

    def visit_Call(self, node):
        self.generic_visit(node)
        kind = self.helper.get(node.func.id) if isinstance(node.func, ast.Name) else None
        if kind is None or node.keywords:
            return node
        args, shape, result_shape = node.args, self.shape, self.result_shape
        if kind == 'reduced_size':
            return _reduced_size(node, args, shape)
        if kind == 'unbroadcast' and len(args) == 2 and result_shape is not None:
            return _sum_to(args[0], result_shape, shape(args[1])) or node
        if kind in ('matmul_dx', 'matmul_dy') and len(args) == 3:
            x, y = shape(args[1]), shape(args[2])
            if x is not None and y is not None and len(x) == 2 and len(y) == 2:
                g = args[0]
                return ast.BinOp(g, ast.MatMult(), _T(args[2])) if kind == 'matmul_dx' \
                    else ast.BinOp(_T(args[1]), ast.MatMult(), g)
        return node


def _T(node):
    return ast.Attribute(node, 'T', ast.Load())


def _reduced_size(node, args, shape):
    xs = shape(args[0]) if args else None
    axis = args[1] if len(args) > 1 else ast.Constant(None)
    if xs is None or not isinstance(axis, ast.Constant):
        return node
    axes = range(len(xs)) if axis.value is None else (
        axis.value if isinstance(axis.value, tuple) else (axis.value,))
    size = 1
    for a in axes:
        size *= xs[a]
    return ast.Constant(size)


def _sum_to(value, have, want):
    """``value`` (shaped ``have``) summed down to shape ``want``, or None if not simple."""
    if want is None or len(want) > len(have):
        return None
    lead = len(have) - len(want)
    axes = list(range(lead)) + [lead + i for i, n in enumerate(want)
                                if n == 1 and have[lead + i] != 1]
    if not axes:
        return value if tuple(have) == tuple(want) else None
    kept = [a for a in axes if a >= lead]
    if kept and lead:
        return None  # both dropped and kept axes: leave it to the helper
    summed = ast.Call(ast.Attribute(value, 'sum', ast.Load()), [], [])
    if len(want) == 0:
        return summed
    summed.keywords.append(ast.keyword('axis', ast.Constant(axes[0] if len(axes) == 1
                                                             else tuple(axes))))
    if kept:
        summed.keywords.append(ast.keyword('keepdims', ast.Constant(True)))
    return summed


def fold_spreads(stmts: list, unreduce: str | None, shape, is_scalar_name) -> list:
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
    ``is_scalar_name(name)`` says a name surely holds a scalar.
    """
    if unreduce is None:
        return stmts
    return _Spreads(stmts, unreduce, shape, is_scalar_name).folded()


class _Spreads:
    """The state of :func:`fold_spreads`: which spreads stay unspread."""

    def __init__(self, stmts, unreduce, shape, is_scalar_name):
        self.stmts, self.shape, self.is_scalar_name = stmts, shape, is_scalar_name
        stores = {}
        for stmt in _walk(stmts):
            for node in walk(stmt):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
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
            elif _arithmetic(value) and any(
                    isinstance(n, ast.Name) and (n.id in self.spreads or n.id in self.derived)
                    for n in walk(value)):
                self.derived[target] = value
        self.kept = set(self.spreads) | set(self.derived)  # those not (yet) given up
        self.memo = {}  # (derived name, full) -> its leaf shape, while ``kept`` stays
        self.uses = _elementwise_uses(stmts, self.kept)

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
        if self.keepdims:
            return self.source
        index = [ast.Constant(None) if i in self.axes else ast.Slice()
                 for i in range(len(self.full))]
        while len(index) > 1 and isinstance(index[-1], ast.Slice):
            index.pop()
        return ast.Subscript(self.source, ast.Tuple(index, ast.Load()) if len(index) > 1
                             else index[0], ast.Load())


def _arithmetic(node) -> bool:
    """Elementwise arithmetic of names and numbers only (a copy counts)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, _ELEMENTWISE):
        return _arithmetic(node.left) and _arithmetic(node.right)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _arithmetic(node.operand)
    return isinstance(node, ast.Name) or (isinstance(node, ast.Constant)
                                          and type(node.value) in (int, float))


def _covered(full, reduced, path, leaf) -> bool:
    """Going up the elementwise expression ``path`` from a spread (shape ``reduced``
    standing for ``full``), does the result cover ``full`` before anything unknown?"""
    current = reduced
    if _broadcast((full, current)) == current:
        return True
    for node, child in path or ():
        if isinstance(node, ast.BinOp):
            other = node.right if child is node.left else node.left
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


_ELEMENTWISE = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)


def _elementwise_uses(stmts, names) -> dict:
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
        arith = isinstance(node, ast.BinOp) and isinstance(node.op, _ELEMENTWISE) or \
            isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
        for child in children(node):  # (contexts and operators hold no name)
            if not isinstance(child, ast.stmt):
                if arith:
                    visit(child, path + [(node, child)], stmt)
                else:
                    visit(child, [], None)

    for stmt in _walk(stmts):
        for child in ast.iter_child_nodes(stmt):
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
    return uses


def _broadcast_shape(node, leaf):
    """The shape of an elementwise expression, from its leaves' shapes (None: unknown)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, _ELEMENTWISE):
        left, right = _broadcast_shape(node.left, leaf), _broadcast_shape(node.right, leaf)
        return None if left is None or right is None else _broadcast((left, right))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _broadcast_shape(node.operand, leaf)
    return leaf(node)


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


def inline_temps(stmts: list, whole: list, params=(), safe=frozenset(),
                 temporary=lambda name: True) -> list:
    """Temporaries read once folded into their reader, and copies into every reader.

    ``t = <expr>`` followed (in the same block) by the only statement that reads
    ``t`` becomes that statement with ``<expr>`` in place of ``t``, when ``<expr>``
    is pure (arithmetic, NumPy calls, attributes, indexing) and nothing in
    between rebinds what it reads or calls anything else.  ``a = b`` is folded
    into every later reader of ``a`` in the block until ``b`` is rebound, and
    ``b = b`` disappears.  Fewer statements run (each costs time in a loop) and
    array temporaries die as soon as they are used.  ``whole`` is all the code
    of the function (to count reads and writes); ``stmts`` is the part to tidy;
    ``safe`` names the helpers that may be called in between (they change no
    argument); only names ``temporary`` accepts go (a user's ``x_bar`` stays, for
    the reader).
    """
    stores = {p: 1 for p in params}
    loads = {}
    for node in walk_all(list(whole)):  # (every name of every statement, nested or not)
        if node.__class__ is ast.Name:
            table = loads if isinstance(node.ctx, ast.Load) else stores
            table[node.id] = table.get(node.id, 0) + 1
    return _inline_block(stmts, stores, loads, (safe, temporary))


_PURE_METHODS = frozenset({'sum', 'reshape', 'transpose', 'conj', 'ravel', 'copy'})


def _pure(node) -> bool:
    """An expression with no effect but its value, whenever it is evaluated."""
    if isinstance(node, (ast.Name, ast.Constant)):
        return True
    if isinstance(node, ast.Call):
        func = node.func
        root = func
        while isinstance(root, ast.Attribute):
            root = root.value
        numpy_call = isinstance(root, ast.Name) and root.id == 'np' and func is not root
        method = isinstance(func, ast.Attribute) and func.attr in _PURE_METHODS \
            and _pure(func.value)
        return (numpy_call or method) and all(_pure(a) for a in node.args) and \
            all(_pure(k.value) for k in node.keywords)
    if isinstance(node, (ast.BinOp, ast.UnaryOp, ast.Compare, ast.IfExp, ast.BoolOp,
                         ast.Attribute, ast.Subscript, ast.Slice, ast.Tuple)):
        return all(_pure(c) for c in ast.iter_child_nodes(node)
                   if not isinstance(c, (ast.operator, ast.unaryop, ast.cmpop, ast.boolop,
                                         ast.expr_context)))
    return False


def _own_nodes(stmt) -> list:
    """The nodes of a statement outside its nested blocks (its header), in no
    particular order."""
    out = []
    for field in stmt._fields:
        value = getattr(stmt, field, None)
        if isinstance(value, ast.AST):
            if not isinstance(value, ast.stmt):
                out.append(value)
        elif value.__class__ is list:
            out += [v for v in value if isinstance(v, ast.AST) and not isinstance(v, ast.stmt)]
    return walk_all(out)


def _stored(stmt) -> set:
    return {n.id for n in walk(stmt) if isinstance(n, ast.Name)
            and isinstance(n.ctx, (ast.Store, ast.Del))}


def _read_names(node) -> set:
    return {n.id for n in walk(node) if isinstance(n, ast.Name)
            and isinstance(n.ctx, ast.Load)}


def _harmless(stmt, reads: set, safe) -> bool:
    """May a pending pure expression reading ``reads`` be moved past ``stmt``?

    ``safe`` names the called helpers that change none of their arguments.
    """
    if isinstance(stmt, Comment):
        return True
    if isinstance(stmt, ast.Expr):
        return _stack_op(stmt.value, reads)
    if isinstance(stmt, ast.Assign):
        return all(_pure(c) or _stack_op(c, reads) or
                   isinstance(c.func, ast.Name) and c.func.id in safe
                   for c in walk(stmt.value) if isinstance(c, ast.Call))
    return False


def _harmless_for(stmt, safe, nodes=None):
    """:func:`_harmless` of ``stmt`` as a function of ``reads`` (the calls it makes
    looked at once, not once per pending value); ``nodes`` are its value's nodes, if
    known."""
    if isinstance(stmt, Comment):
        return lambda reads: True
    if isinstance(stmt, ast.Expr):
        return lambda reads: _stack_op(stmt.value, reads)
    if isinstance(stmt, ast.Assign):
        blockers = [c for c in (walk(stmt.value) if nodes is None else nodes)
                    if isinstance(c, ast.Call)
                    and not (_pure(c) or isinstance(c.func, ast.Name) and c.func.id in safe)]
        if not blockers:
            return lambda reads: True
        return lambda reads: all(_stack_op(c, reads) for c in blockers)
    return lambda reads: False


_SIMPLE = (ast.Assign, ast.Expr, ast.Return, ast.Delete, ast.AugAssign, ast.Pass, Comment)


def _stack_op(call, reads) -> bool:
    """``stack.append(x)`` or ``stack.pop()`` on a list the pending values do not read."""
    stack = _stack_call(call, 'append') or _stack_call(call, 'pop')
    return stack is not None and stack not in reads


def _stack_call(node, method: str):
    """The list's name in ``stack.append(...)`` / ``stack.pop()``, or None."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and node.func.attr == method and isinstance(node.func.value, ast.Name):
        return node.func.value.id
    return None


def _push(stmt):
    """``(stack, name)`` of a statement ``stack.append(name)``, or None."""
    if isinstance(stmt, ast.Expr) and _stack_call(stmt.value, 'append') is not None \
            and len(stmt.value.args) == 1 and isinstance(stmt.value.args[0], ast.Name):
        return stmt.value.func.value.id, stmt.value.args[0].id
    return None


def _pop(stmt):
    """``(stack, name)`` of a statement ``name = stack.pop()``, or None."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 \
            and isinstance(stmt.targets[0], ast.Name) \
            and _stack_call(stmt.value, 'pop') is not None and not stmt.value.args:
        return stmt.value.func.value.id, stmt.targets[0].id
    return None


def _inline_block(block, stores, loads, context) -> list:
    safe, temporary = context
    out = []
    pending = {}  # name -> (its defining statement, the value to fold in)
    replaced = {}  # copy name -> how many of its reads were replaced
    dropped = set()  # ids of the statements in ``out`` folded into a later one
    for stmt in block:
        stmt = _inline_nested(stmt, stores, loads, context)
        header = list(_own_nodes(stmt))
        used = {n.id for n in header if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
                and n.id in pending}
        if isinstance(stmt, _SIMPLE):  # no nested block: its header is all of it
            nested = set()
            written = {n.id for n in header if isinstance(n, ast.Name)
                       and isinstance(n.ctx, (ast.Store, ast.Del))}
        else:
            nested = {n.id for n in walk(stmt) if isinstance(n, ast.Name)
                      and isinstance(n.ctx, ast.Load) and n.id in pending} - used
            written = _stored(stmt)
        header_only = not isinstance(stmt, ast.While)
        alias = {}
        for name in used:
            def_stmt, value, _ = pending[name]
            copy_of = isinstance(value, ast.Name)
            if copy_of and (not isinstance(stmt, ast.Assign) and value.id in written):
                continue
            if header_only and name not in nested:
                alias[name] = value
        if alias:
            stmt = _substituted_header(stmt, alias)
            for name, value in alias.items():
                if isinstance(value, ast.Name):
                    replaced[name] = replaced.get(name, 0) + sum(
                        1 for n in header if isinstance(n, ast.Name) and n.id == name
                        and isinstance(n.ctx, ast.Load))
                    if replaced[name] >= loads.get(name, 0):
                        dropped.add(id(pending.pop(name)[0]))
                else:
                    dropped.add(id(pending.pop(name)[0]))
        # the value's nodes: the header's when nothing was put in and the target is a
        # name (which is neither a negation nor a call), else walked again
        nodes = header if not alias and isinstance(stmt, ast.Assign) \
            and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name) else None
        if isinstance(stmt, ast.Assign):
            negations = _negations(stmt.value, nodes)
            if negations:
                signed = _signs_outward(copy_tree(stmt))
                if _negations(signed.value) < negations:  # one became a subtraction
                    stmt, nodes = signed, None
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 \
                and isinstance(stmt.targets[0], ast.Name) and isinstance(stmt.value, ast.Name) \
                and stmt.value.id == stmt.targets[0].id:
            continue  # b = b: nothing happens
        # what moves no further: anything read in a nested block, or rebound here
        harmless = _harmless_for(stmt, safe, nodes) if pending else None
        for name in list(pending):
            def_stmt, value, reads = pending[name]
            if name in nested or name in (used - set(alias)) or reads & written \
                    or not harmless(reads) or name in written:
                del pending[name]
        out.append(stmt)
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 \
                and isinstance(stmt.targets[0], ast.Name):
            name = stmt.targets[0].id
            if stores.get(name) == 1 and temporary(name) and \
                    name != getattr(stmt.value, 'id', None) and (
                    isinstance(stmt.value, ast.Name) or
                    loads.get(name) == 1 and _pure(stmt.value)
                    and _depth(stmt.value) <= _MAX_DEPTH):
                pending[name] = (stmt, stmt.value, _read_names(stmt.value))
    if dropped:
        out = [s for s in out if id(s) not in dropped]
    return _merge_sums(out)


_MAX_DEPTH = 8  # no deeper expressions from folding (readable, and far from recursion limits)


def _depth(node) -> int:
    children = [c for c in ast.iter_child_nodes(node) if isinstance(c, ast.expr)]
    return 1 + max((_depth(c) for c in children), default=0)


def _negations(node, nodes=None) -> int:
    """How many unary minuses ``node`` holds (``nodes``: its nodes, if known)."""
    return sum(1 for n in (walk(node) if nodes is None else nodes)
               if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub))


def _signs_outward(stmt):
    """``(-a) * b`` as ``-(a * b)`` (``a * -0.1`` for a number ``b``), then ``x + -y``
    as ``x - y``: the same numbers (a sign flip is exact), one operation fewer."""
    return _SIGNS.visit(stmt)


class _Signs(ast.NodeTransformer):
    def visit_BinOp(self, node):
        self.generic_visit(node)
        left, right = node.left, node.right
        if isinstance(node.op, (ast.Mult, ast.Div)) and isinstance(left, ast.UnaryOp) \
                and isinstance(left.op, ast.USub):
            if _number(right):  # (-a) * 0.1 -> a * -0.1 (not 0: the sign of a zero)
                return ast.BinOp(left.operand, node.op, ast.Constant(-right.value))
            return ast.UnaryOp(ast.USub(), ast.BinOp(left.operand, node.op, right))
        if isinstance(node.op, (ast.Add, ast.Sub)) and isinstance(right, ast.UnaryOp) \
                and isinstance(right.op, ast.USub):
            op = ast.Sub() if isinstance(node.op, ast.Add) else ast.Add()
            return ast.BinOp(left, op, right.operand)
        return node


_SIGNS = _Signs()  # (it keeps no state)


def _merge_sums(block) -> list:
    """``a = a + x`` then ``a = a + y`` (``y`` not reading ``a``) as ``a = a + x + y``:
    the same additions in the same order, one statement."""
    out = []
    for stmt in block:
        prev = out[-1] if out else None
        if _accumulates(stmt) and _accumulates(prev) \
                and stmt.targets[0].id == prev.targets[0].id \
                and isinstance(stmt.value.left, ast.Name) \
                and stmt.targets[0].id not in _read_names(stmt.value.right):
            merged = ast.BinOp(prev.value, stmt.value.op, stmt.value.right)
            out[-1] = ast.copy_location(ast.Assign([prev.targets[0]], merged), prev)
            continue
        out.append(stmt)
    return out


def _accumulates(stmt) -> bool:
    """``a = a + x`` or ``a = a - x`` (``a`` a name, read first and only there)."""
    return isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 \
        and isinstance(stmt.targets[0], ast.Name) and isinstance(stmt.value, ast.BinOp) \
        and isinstance(stmt.value.op, (ast.Add, ast.Sub)) \
        and _leftmost(stmt.value) == stmt.targets[0].id


def _leftmost(node):
    while isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        node = node.left
    return node.id if isinstance(node, ast.Name) else None


def _inline_nested(stmt, stores, loads, context):
    if not any(getattr(stmt, f, None) for f in ('body', 'orelse')) or \
            isinstance(stmt, ast.FunctionDef):
        return stmt
    new = copy.copy(stmt)
    for f in ('body', 'orelse'):
        if getattr(stmt, f, None):
            setattr(new, f, _inline_block(getattr(stmt, f), stores, loads, context)
                    or [ast.Pass()])
    return new


def _substituted_header(stmt, alias):
    """``stmt`` with names read in its header replaced (nested blocks untouched).

    Only the nodes on the way to a replaced name are copied; the rest is shared.
    """
    def put(node):
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load) and node.id in alias:
                value = alias[node.id]
                return ast.copy_location(ast.Name(value.id, ast.Load()) if isinstance(
                    value, ast.Name) else value, node)
            return node
        changed = {}
        for field, value in ast.iter_fields(node):
            if isinstance(value, (ast.expr, ast.keyword)):
                new = put(value)
                if new is not value:
                    changed[field] = new
            elif isinstance(value, list) and value and isinstance(value[0], (ast.expr,
                                                                             ast.keyword)):
                items = [put(v) for v in value]
                if any(a is not b for a, b in zip(items, value)):
                    changed[field] = items
        if not changed:
            return node
        node = copy.copy(node)
        for field, value in changed.items():
            setattr(node, field, value)
        return node

    new = copy.copy(stmt)
    for field, value in ast.iter_fields(stmt):
        if isinstance(value, (ast.expr, ast.keyword)):
            setattr(new, field, put(value))
        elif isinstance(value, list) and value and isinstance(value[0], (ast.expr,
                                                                         ast.keyword)):
            setattr(new, field, [put(v) for v in value])
    return new


def rematerialize(forward: list, backward: list, is_scalar_name, fresh) -> tuple:
    """Numbers a loop saves that are cheaper to compute again than to save.

    A loop that overwrites ``t = y * y`` each iteration pushes the old ``t`` onto
    its stack, and the backward loop pops it back.  When ``t`` is arithmetic on
    numbers whose values the backward loop has restored by the time it first
    reads ``t`` (the operands are not changed in the forward iteration before
    ``t`` is computed, and every restore of them comes before that read), the
    backward loop computes ``t`` again there instead (as ``fresh(t)``, a new
    name, so each value has one definition): no push, no pop.
    """
    forward, backward = list(forward), list(backward)
    gone = []  # ``t = None`` starts no push needs any more, dropped at the end
    for i, loop in enumerate(forward):
        if not isinstance(loop, (ast.For, ast.While)):
            continue
        for name, stack, push, expr, changed in _saved_numbers(loop, is_scalar_name):
            j, back = _backward_loop(backward, name, stack)
            if back is None or (_read_names(expr) & _loop_target(loop)
                                and _loop_target(back) != _loop_target(loop)):
                continue
            if any(name in _read_names(s) for s in backward[j + 1:]):
                continue  # read after the loop: the popped value matters there
            body = _remat_body(back.body, name, stack, expr, fresh, changed)
            if body is None:
                continue
            back = copy.copy(back)
            back.body = body
            backward[j] = back
            loop = copy.copy(loop)
            loop.body = [s for s in loop.body if s is not push]
            forward[i] = loop
            gone += _unbound_start(forward, i, name, backward)
    return [s for s in forward if not any(s is g for g in gone)], backward


def _unbound_start(forward, i, name, backward) -> list:
    """``[t = None]``: the start before the loop that only the removed push needed,
    or ``[]`` when ``t`` is read elsewhere (or has no such start)."""
    starts = [s for s in forward[:i] if isinstance(s, ast.Assign)
              and isinstance(s.targets[0], ast.Name) and s.targets[0].id == name
              and isinstance(s.value, ast.Constant) and s.value.value is None]
    if len(starts) != 1:
        return []
    elsewhere = [s for k, s in enumerate(forward) if k != i] + backward
    if any(name in _read_names(s) for s in elsewhere):
        return []
    return starts


def _saved_numbers(loop, is_scalar_name):
    """``(name, stack, push, expr)`` for ``stack.append(name)`` then ``name = expr`` at
    the top of the loop's body, ``expr`` arithmetic on numbers not yet changed."""
    target = _loop_target(loop)
    body = loop.body
    if not any(_push(stmt) is not None for stmt in body):
        return
    stored = [_stored(s) for s in body]  # (each statement walked once, not once per push)
    stores = []  # per statement: name -> how many times it is a Store target
    for s in body:
        found = {}
        for n in walk(s):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                found[n.id] = found.get(n.id, 0) + 1
        stores.append(found)
    for k, stmt in enumerate(body):
        if _push(stmt) is None:
            continue
        stack, name = _push(stmt)
        defs = [(m, s) for m, s in enumerate(body) if name in stored[m]]
        if len(defs) != 1 or defs[0][0] <= k or not isinstance(defs[0][1], ast.Assign):
            continue
        m, define = defs[0]
        if sum(found.get(name, 0) for found in stores[k + 1:]) != 1:
            continue
        expr = define.value
        operands = _read_names(expr)
        if not (_arithmetic(expr) and operands and _depth(expr) <= 3
                and all(is_scalar_name(o) or o in target for o in operands)):
            continue
        if any(operands & names for names in stored[:m]):
            continue  # an operand changed earlier in the iteration
        # operands the iteration changes later: the backward loop must restore them
        changed = {o for o in operands if any(o in names for names in stored[m + 1:])}
        yield name, stack, stmt, expr, changed


def _loop_target(loop) -> set:
    return {n.id for n in walk(loop.target) if isinstance(n, ast.Name)} \
        if isinstance(loop, ast.For) else set()


def _backward_loop(backward, name, stack):
    for j, stmt in enumerate(backward):
        if isinstance(stmt, ast.For) and any(_is_pop(s, name, stack) for s in stmt.body):
            return j, stmt
    return None, None


def _is_pop(stmt, name, stack) -> bool:
    return _pop(stmt) == (stack, name)


def _remat_body(body, name, stack, expr, fresh, changed=frozenset()):
    """The backward loop body computing ``name`` again, or None if that is not safe.

    ``changed`` are operands the forward iteration overwrites after computing
    ``name``: the backward body must restore each of them before it reads ``name``
    (else it would compute ``name`` from their later values)."""
    pops = [s for s in body if _is_pop(s, name, stack)]
    if len(pops) != 1:
        return None
    rest = [s for s in body if s is not pops[0]]
    if any(name in _stored(s) for s in rest):
        return None
    readers = [r for r, s in enumerate(rest) if name in _read_names(s)]
    if not readers:
        return None
    first = readers[0]
    operands = _read_names(expr)
    if any(operands & _stored(s) for s in rest[first:]):
        return None  # an operand is restored only after the first read
    if not all(any(o in _stored(s) for s in rest[:first]) for o in changed):
        return None  # an operand holds a later iteration's value, never restored
    new = fresh(name)
    again = ast.Assign([ast.Name(new, ast.Store())], copy_tree(expr))
    return rest[:first] + [again] + [renamed(s, {name: new}) for s in rest[first:]]


def renamed(node, alias: dict):
    """A copy of ``node`` with the names in ``alias`` replaced by theirs."""
    return _Rename(alias).visit(copy_tree(node))


class _Rename(ast.NodeTransformer):
    def __init__(self, alias):
        self.alias = alias

    def visit_Name(self, node):
        return ast.Name(self.alias[node.id], node.ctx) if node.id in self.alias else node


def walk_saved(forward: list, backward: list) -> list:
    """``for i in reversed(t1): y = stack.pop()`` as ``for y in reversed(stack):``.

    When a loop saves exactly one value per iteration on a stack of its own and
    the backward loop's only use of the index is to count, the backward loop
    can walk the saved values instead of popping them one by one.
    """
    backward = list(backward)
    pushes = _pushes_per_stack(forward)
    for j, loop in enumerate(backward):
        if not (isinstance(loop, ast.For) and loop.body and not loop.orelse):
            continue
        lead = 0
        while lead < len(loop.body) and isinstance(loop.body[lead], Comment):
            lead += 1
        popped = _pop(loop.body[lead]) if lead < len(loop.body) else None
        if popped is None:
            continue
        stack, value = popped
        if pushes.get(stack) != 1:
            continue  # one value per iteration, pushed at the top of the loop body
        rest = loop.body[:lead] + loop.body[lead + 1:]
        index = {n.id for n in walk(loop.target) if isinstance(n, ast.Name)}
        if any(stack in _read_names(s) for s in rest) or any(
                index & (_read_names(s) | _stored(s)) for s in rest) or any(
                stack in _read_names(s) for k, s in enumerate(backward) if k != j):
            continue
        new = copy.copy(loop)
        new.target = ast.Name(value, ast.Store())
        new.iter = ast.Call(ast.Name('reversed', ast.Load()), [ast.Name(stack, ast.Load())], [])
        new.body = rest if any(not isinstance(s, Comment) for s in rest) else \
            rest + [ast.Pass()]
        backward[j] = new
    return backward


def _pushes_per_stack(forward) -> dict:
    """stack -> how many values each iteration pushes, for stacks pushed only at the
    top level of loop bodies (so every iteration that runs pushes them)."""
    every, top = {}, {}
    for stmt in forward:
        for node in walk(stmt):
            stack = _stack_call(node, 'append')
            if stack is not None:
                every[stack] = every.get(stack, 0) + 1
    for stmt in _walk(forward):
        if isinstance(stmt, (ast.For, ast.While)):
            for s in stmt.body:
                stack = _stack_call(getattr(s, 'value', None), 'append') \
                    if isinstance(s, ast.Expr) else None
                if stack is not None:
                    top[stack] = top.get(stack, 0) + 1
    return {name: n for name, n in top.items() if every.get(name) == n}


def free_early(stmts: list, big, params=()) -> list:
    """``del a, b`` after the statement that last reads big arrays.

    A function keeps every local alive until it returns; on big arrays that
    holds the peak memory well above what the computation needs.  Only names
    bound at the top level (surely bound when deleted), read nowhere later,
    and that ``big(name)`` says hold big arrays are freed; parameters stay.
    """
    top_bound = set()
    for stmt in stmts:
        if isinstance(stmt, ast.Assign):
            top_bound |= _stored(stmt)
    nested = {n for stmt in stmts if not isinstance(stmt, ast.Assign)
              for n in _stored(stmt)}
    candidates = {n for n in top_bound - nested - set(params) if big(n)}
    last = {}
    for k, stmt in enumerate(stmts):
        for name in _read_names(stmt) & candidates:
            last[name] = k
    dying = {}  # statement -> the names it reads last
    for name, at in last.items():
        dying.setdefault(at, []).append(name)
    out = []
    for k, stmt in enumerate(stmts):
        out.append(stmt)
        if isinstance(stmt, (ast.Return, Comment)):
            continue
        dead = sorted(dying.get(k, ()))
        if dead and k + 1 < len(stmts) and not isinstance(stmts[k + 1], ast.Return):
            out.append(ast.Delete([ast.Name(n, ast.Del()) for n in dead]))
    return out
