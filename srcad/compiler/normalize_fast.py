"""Assignments of operators on atoms, normalized without the general flattener.

Most statements of srcad's own generated code are one or two operators on names
and numbers (``x_bar_1 = x_bar + t_bar``, ``t_1 = t * 0.9 + x``): ``hvp``
normalizes a whole generated gradient, about four times the user's code, before
its forward mode.  :func:`passthrough` gives what the normalizer gives for these --
one operation per statement with the temporaries :meth:`ExpressionLowering.expr`
would take, in the same order (inside a loop, a value whose last operation reads
its own target goes through a temporary first, as :meth:`AssignmentLowering.into`
writes it) -- without the general walk.  Anything else (a call, an attribute, a
subscript, a global path, a conditional) goes through the normalizer as before.
"""

from __future__ import annotations

import ast

from .fastast import fix_missing_locations

_STORE, _LOAD = ast.Store(), ast.Load()
_ASSIGN, _NAME, _CONSTANT = ast.Assign, ast.Name, ast.Constant
_BINOP, _UNARYOP, _COMPARE = ast.BinOp, ast.UnaryOp, ast.Compare
_SIGNS = (ast.USub, ast.UAdd)


def passthrough(flat, stmt):
    """What normalizing ``stmt`` gives, when it is ``name = e`` with ``e`` made of
    operators (``+``, unary ``-``, comparisons) and atoms only: its operations one per
    statement as :meth:`ExpressionLowering.expr` writes them (the same nodes, the same
    temporaries, placed at ``stmt``).  None for anything else.

    ``flat`` is the flattener: the names of its nested functions (never atoms: the
    normalizer refuses them as values), its name generator, and whether it is inside
    a loop (where a statement reading its own target goes through a temporary:
    :meth:`AssignmentLowering.into`)."""
    if stmt.__class__ is not _ASSIGN or len(stmt.targets) != 1:
        return None
    target = stmt.targets[0]
    value = stmt.value
    if target.__class__ is not _NAME or not _operators_on_atoms(value, flat.functions):
        return None
    name, out = target.id, []
    if not _atom(value) and flat.loop_depth \
            and any(c.__class__ is _NAME and c.id == name for c in _children(value)):
        # the last operation reads the target: the whole value into a temporary first
        out.append(ast.Assign([_NAME(name, _STORE)], _flatten(value, out, None, flat.namer)))
    else:
        _flatten(value, out, name, flat.namer)
    for new in out:
        fix_missing_locations(ast.copy_location(new, stmt))
    return out


def _atom(node) -> bool:
    """An atom of the normalizer's (``is_atom``) that is no path into a global."""
    cls = node.__class__
    return cls is _NAME or cls is _CONSTANT or (
        cls is _UNARYOP and node.operand.__class__ is _CONSTANT
        and node.op.__class__ in _SIGNS)


def _operators_on_atoms(node, functions) -> bool:
    cls = node.__class__
    if cls is _NAME:
        return node.id not in functions
    if cls is _CONSTANT:
        return True
    if cls is _BINOP or cls is _UNARYOP or cls is _COMPARE:
        return all(_operators_on_atoms(c, functions) for c in _children(node))
    return False


def _children(node) -> tuple:
    cls = node.__class__
    if cls is _BINOP:
        return (node.left, node.right)
    if cls is _UNARYOP:
        return (node.operand,)
    return (node.left, *node.comparators)


def _flatten(node, out: list, dest, namer):
    """:meth:`ExpressionLowering.expr` of an operator tree: each operation assigned to
    a fresh temporary (``dest`` for the last), its atoms as they are."""
    if _atom(node):
        if dest is None:
            return node
        out.append(ast.Assign([_NAME(dest, _STORE)], node))
        return _NAME(dest, _LOAD)
    cls = node.__class__
    if cls is _BINOP:
        left = _flatten(node.left, out, None, namer)
        value = _BINOP(left, node.op, _flatten(node.right, out, None, namer))
    elif cls is _UNARYOP:
        value = _UNARYOP(node.op, _flatten(node.operand, out, None, namer))
    else:
        left = _flatten(node.left, out, None, namer)
        value = _COMPARE(left, node.ops, [_flatten(c, out, None, namer)
                                          for c in node.comparators])
    out.append(ast.Assign([_NAME(dest or namer.temp(), _STORE)], value))
    return _NAME(out[-1].targets[0].id, _LOAD)
