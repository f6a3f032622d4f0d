"""Shape helpers dropped or written out, on each backward expression as it is built.

* :func:`drop_shape_noops`: ``unbroadcast(e, x)`` where ``e`` already has
  ``x``'s shape, and ``unreduce(g, x)`` of a scalar ``x``, become ``e`` and ``g``;
* :func:`specialize_helpers`: in code specialized to concrete shapes,
  ``reduced_size`` becomes its number, ``unbroadcast`` a plain ``.sum(axis=...)``,
  and ``matmul_dx``/``matmul_dy`` of matrices ``g @ y.T``/``x.T @ g``.

Assumes: the facts passed in are true (``same_shape``, ``is_scalar`` and
``shape`` come from :mod:`srcad.compiler.shapeinfo`; ``names`` maps each helper
to the name the generated code calls it by).  Guarantees: the expression
computes the same values with the same shape and dtype; helpers whose work is not
known from those facts are left as they are.  The expression is rewritten in
place (it was just built for this use).
"""

from __future__ import annotations

import ast


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
