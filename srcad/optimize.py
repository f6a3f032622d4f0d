"""Optimizations of generated code that only drop provably useless work.

Each takes a tree (and plain facts about it) and returns the better tree:

* :func:`drop_shape_noops`: ``unbroadcast(e, x)`` where ``e`` already has
  ``x``'s shape, ``unreduce(g, x)`` of a scalar ``x`` (from
  :mod:`srcad.shapeinfo`);
* :func:`reuse_forward`: a backward expression the forward sweep already
  computed (``np.cos(x)`` for the adjoint of ``np.sin``, when the function
  computed ``b = np.cos(x)``) becomes the forward name;
* :func:`drop_dead`: forward statements whose value nothing reads (the loss
  itself, once the seed of a scalar output needs no check).
"""

from __future__ import annotations

import ast
import copy


def drop_shape_noops(expr: ast.expr, names: dict, same_shape, is_scalar) -> ast.expr:
    """``expr`` without the shape helpers that cannot change anything.

    ``names`` maps ``unbroadcast``/``unreduce`` to their names in the code;
    ``same_shape(atom)`` says the value ``expr`` computes has ``atom``'s shape.
    """
    class Drop(ast.NodeTransformer):
        def visit_Call(self, node):
            self.generic_visit(node)
            func = node.func.id if isinstance(node.func, ast.Name) else None
            if func is None:
                return node
            if func == names.get('unbroadcast') and len(node.args) == 2 \
                    and same_shape(node.args[1]):
                return node.args[0]
            if func == names.get('unreduce') and len(node.args) == 2 and is_scalar(node.args[1]):
                return node.args[0]
            return node
    return Drop().visit(expr)


def forward_values(stmts: list, pure, params=()) -> dict:
    """``ast.dump`` of a pure right-hand side -> the name holding it.

    Only top-level statements whose names are each bound once in the whole
    function count, so the expression means the same value everywhere.
    """
    counts = {p: 1 for p in params}  # a parameter is bound once already
    for stmt in _walk(stmts):
        names = _targets(stmt) if isinstance(stmt, ast.Assign) else {
            n.id for n in ast.walk(getattr(stmt, 'target', ast.Pass()))
            if isinstance(n, ast.Name)}
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    seen = {}
    for stmt in stmts:
        if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name) \
                and isinstance(stmt.value, ast.Call) and pure(stmt.value):
            names = [stmt.targets[0].id] + [n.id for n in ast.walk(stmt.value)
                                            if isinstance(n, ast.Name)]
            if all(counts.get(n, 0) <= 1 for n in names):
                seen.setdefault(ast.dump(stmt.value), stmt.targets[0].id)
    return seen


def reuse_forward(expr: ast.expr, values: dict) -> ast.expr:
    """``expr`` with sub-expressions the forward sweep computed replaced by their names."""
    class Reuse(ast.NodeTransformer):
        def visit_Call(self, node):
            name = values.get(ast.dump(node))
            if name is not None:
                return ast.Name(name, ast.Load())
            self.generic_visit(node)
            return node
    return Reuse().visit(expr)


def drop_dead(forward: list, later: list, removable) -> list:
    """Forward statements minus those (``removable``) whose targets nothing reads."""
    stmts = list(forward)
    while True:
        reads = _reads(stmts) | _reads(later)
        keep = [s for s in stmts if not (removable(s) and _targets(s).isdisjoint(reads))]
        if len(keep) == len(stmts):
            return keep
        stmts = keep


def _targets(stmt) -> set:
    if isinstance(stmt, ast.Assign):
        return {n.id for n in ast.walk(stmt.targets[0]) if isinstance(n, ast.Name)}
    return {None}


def _reads(stmts) -> set:
    return {n.id for s in stmts for n in ast.walk(s)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def propagate_copies(stmts: list, whole: list, params=()) -> list:
    """``a = b`` copies (of a name or a constant) folded into their uses.

    Only where both names are bound once in the whole function (``whole``), so
    ``b`` means the same value wherever ``a`` is read; inside a loop or a
    branch, only for names read nowhere else and not carried between
    iterations.
    """
    counts = {p: 1 for p in params}  # a parameter is bound once already
    for stmt in _walk(whole):
        if isinstance(stmt, ast.Assign):
            for name in _targets(stmt):
                counts[name] = counts.get(name, 0) + 1
        elif isinstance(stmt, ast.For):
            for n in ast.walk(stmt.target):
                if isinstance(n, ast.Name):
                    counts[n.id] = counts.get(n.id, 2) + 2
    return _propagate(stmts, counts, _load_counts(whole), frozenset(), nested=False)


def _propagate(stmts, counts, loads, carried, nested) -> list:
    alias, out = {}, []
    for stmt in stmts:
        stmt = _fold_tests(_substituted(stmt, alias))
        if isinstance(stmt, list):  # an if whose test was decided: its chosen branch
            out.extend(stmt)
            continue
        stmt = _propagate_inside(stmt, counts, loads, carried)
        if _foldable(stmt, counts, carried) and (
                not nested or loads.get(stmt.targets[0].id, 0) == _load_counts(stmts).get(
                    stmt.targets[0].id, 0)):
            alias[stmt.targets[0].id] = stmt.value
            continue
        out.append(stmt)
    return out


def _propagate_inside(stmt, counts, loads, carried):
    """The same folding inside a loop's or a branch's own block."""
    if isinstance(stmt, (ast.For, ast.While)):
        from .names import live_in
        inner = carried | live_in(stmt.body)
        new = copy.copy(stmt)
        new.body = _propagate(stmt.body, counts, loads, inner, nested=True) or [ast.Pass()]
        return new
    if isinstance(stmt, ast.If):
        new = copy.copy(stmt)
        new.body = _propagate(stmt.body, counts, loads, carried, nested=True) or [ast.Pass()]
        new.orelse = _propagate(stmt.orelse, counts, loads, carried, nested=True)
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
        for n in ast.walk(stmt):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
                found[n.id] = found.get(n.id, 0) + 1
    return found


def _fold_tests(stmt):
    """``c is None`` / ``c is not None`` of a constant decided, and the branch it picks kept
    (a propagated constant must not leave ``if 1.0 is not None:`` behind)."""
    class Fold(ast.NodeTransformer):
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
    stmt = Fold().visit(stmt)
    if isinstance(stmt, ast.If) and isinstance(stmt.test, ast.Constant) \
            and isinstance(stmt.test.value, bool):
        chosen = stmt.body if stmt.test.value else stmt.orelse
        return chosen if chosen else []
    return stmt


def _is_none(node) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _substituted(stmt, alias: dict):
    if not alias:
        return stmt

    class Put(ast.NodeTransformer):
        def visit_Name(self, node):
            if isinstance(node.ctx, ast.Load) and node.id in alias:
                return ast.copy_location(_copy(alias[node.id]), node)
            return node
    return Put().visit(copy.deepcopy(stmt))


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

    class Write(ast.NodeTransformer):
        def visit_Call(self, node):
            self.generic_visit(node)
            kind = helper.get(node.func.id) if isinstance(node.func, ast.Name) else None
            if kind is None or node.keywords:
                return node
            args = node.args
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
    return Write().visit(expr)


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
