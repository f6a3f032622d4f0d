"""Algebraic tidying of instantiated rule expressions.

A rule written for the general case, ``g * y * x ** (y - 1)``, becomes
``g * 2 * x`` when ``y`` is the constant 2.  Folding here, on each expression
as it is built, means the emitter produces the right code in the first place
instead of repairing it afterwards.  Only identities that hold for every
NumPy value are used (no ``x * 0 -> 0``: that would hide a NaN).
"""

from __future__ import annotations

import ast
import operator

_FOLD = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
         ast.Div: operator.truediv, ast.Pow: operator.pow}


def _number(node):
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return node.value
    return None


def simplify(node: ast.expr) -> ast.expr:
    """Fold constants and drop multiplications and powers by one (bottom up: each
    node after its children; the tree is changed in place, and the result returned)."""
    return _visit(node)


def _visit(node):
    """What ``ast.NodeTransformer`` would do with the folds below, without its
    generic machinery (this runs on every expression the emitters build)."""
    fields = _FIELDS.get(node.__class__)
    if fields is None:
        fields = _FIELDS[node.__class__] = tuple(
            f for f in node._fields if f not in ('ctx', 'op', 'ops'))
    for field in fields:
        value = getattr(node, field, None)
        if isinstance(value, _AST):
            new = _visit(value)
            if new is not value:
                setattr(node, field, new)
        elif value.__class__ is list:
            for i, v in enumerate(value):
                if isinstance(v, _AST):
                    new = _visit(v)
                    if new is not v:
                        value[i] = new
    fold = _FOLDS.get(node.__class__)
    return node if fold is None else fold(node)


def _fold_unary(n):
    v = _number(n.operand)
    if v is not None and isinstance(n.op, ast.USub):
        return ast.Constant(-v)
    if isinstance(n.op, ast.USub) and isinstance(n.operand, ast.UnaryOp) \
            and isinstance(n.operand.op, ast.USub):
        return n.operand.operand
    return n


def _fold_compare(n):
    """``True is True``, ``0 is None`` (a literal put into a rule's test): folded."""
    sides = (n.left, n.comparators[0])
    if len(n.ops) == 1 and isinstance(n.ops[0], (ast.Is, ast.IsNot)) and all(
            isinstance(s, ast.Constant) for s in sides) and any(
            type(s.value) in (type(None), bool) for s in sides):
        same = n.left.value is n.comparators[0].value
        return ast.Constant(same if isinstance(n.ops[0], ast.Is) else not same)
    return n


def _fold_ifexp(n):
    """``a if True else b`` -> ``a``: a rule's branch for a default argument."""
    if isinstance(n.test, ast.Constant) and type(n.test.value) is bool:
        return n.body if n.test.value else n.orelse
    return n


def _fold_call(n):
    """The guards of singular rules (:mod:`srcad.runtime.singular`), decided where the
    arguments are constants: ``smooth_power(2)`` -> ``True``; ``keep_zero(g, e)`` ->
    ``e`` when ``g`` is a nonzero constant, or ``e`` reads no name but ``g``'s (``g / 2.0``:
    a constant factor)."""
    func = n.func
    if func.__class__ is not ast.Name or n.keywords:
        return n
    if func.id == 'smooth_power' and len(n.args) == 1:
        v = _number(n.args[0])
        if v is not None:
            return ast.Constant(v >= 1 and float(v).is_integer())
    elif func.id == 'keep_zero' and len(n.args) == 2:
        v = _number(n.args[0])
        if v is not None and v != 0:  # (the seed 1.0: never zero)
            return n.args[1]
        seed = {m.id for m in ast.walk(n.args[0]) if m.__class__ is ast.Name}
        if all(m.id in seed for m in ast.walk(n.args[1]) if m.__class__ is ast.Name) \
                and not any(m.__class__ is ast.Call or (m.__class__ is ast.Constant
                                                        and m.value == 0)
                            for m in ast.walk(n.args[1])):
            return n.args[1]
    return n


_AST = ast.AST
_FIELDS = {ast.Constant: (), ast.Name: ()}  # class -> the fields that may hold a node


def _fold(n: ast.BinOp) -> ast.expr:
    if isinstance(n.right, ast.UnaryOp) and isinstance(n.right.op, ast.USub) \
            and isinstance(n.op, (ast.Add, ast.Sub)):  # a + -b -> a - b, a - -b -> a + b
        op = ast.Sub() if isinstance(n.op, ast.Add) else ast.Add()
        return ast.BinOp(n.left, op, n.right.operand)
    left, right = _number(n.left), _number(n.right)
    fold = _FOLD.get(type(n.op))
    if fold and left is not None and right is not None:
        try:
            value = fold(left, right)
        except (ZeroDivisionError, OverflowError):
            return n
        if isinstance(value, float) and value.is_integer() and isinstance(left, int) \
                and isinstance(right, int):
            value = int(value)
        return ast.Constant(value)
    if right == 1 and isinstance(n.op, (ast.Mult, ast.Div, ast.Pow)):
        return n.left
    if left == 1 and isinstance(n.op, ast.Mult):
        return n.right
    return n


_FOLDS = {ast.BinOp: _fold, ast.UnaryOp: _fold_unary, ast.Compare: _fold_compare,
          ast.IfExp: _fold_ifexp, ast.Call: _fold_call}
