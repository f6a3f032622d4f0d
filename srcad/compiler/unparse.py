"""``ast.unparse`` of the statements the emitters write most, faster.

Generated functions are long lists of ``t3 = unbroadcast(t2_bar * 0.5, t1)``:
``ast.unparse`` builds an unparser, a precedence table and a context manager per
node for each of them, and was most of :func:`srcad.compiler.codegen.build`'s
time.  :func:`statement` writes names, numbers, strings, attributes, calls,
arithmetic, lists and tuples, plain subscripts and the assignments, expression
statements and returns made of them -- exactly as ``ast.unparse`` writes them
(same parentheses, same spacing) -- and gives ``None`` for anything else, which
the caller then hands to ``ast.unparse``.  It also collects the names it wrote.
"""

from __future__ import annotations

import ast
import math

try:  # ast.unparse's own tables: the same operators and precedences, by construction
    _BINOP = {getattr(ast, k): v for k, v in ast._Unparser.binop.items()}
    _BINOP_PRECEDENCE = {k: int(ast._Unparser.binop_precedence[v]) for k, v in _BINOP.items()}
    _RIGHT = {getattr(ast, k) for k, v in ast._Unparser.binop.items()
              if v in ast._Unparser.binop_rassoc}
    _UNOP = {getattr(ast, k): v for k, v in ast._Unparser.unop.items()}
    _UNOP_PRECEDENCE = {k: int(ast._Unparser.unop_precedence[v]) for k, v in _UNOP.items()}
    _FACTOR = int(ast._Precedence.FACTOR)
    _ATOM = int(ast._Precedence.ATOM)
    _TEST = int(ast._Precedence.TEST)
except AttributeError:  # (another Python's unparser: always use it)
    _BINOP = None


class _Other(Exception):
    """A node this module does not write (``ast.unparse`` does)."""


def statement(stmt, names: set):
    """``ast.unparse(stmt)``, or None when ``stmt`` is not of the common shapes;
    the names written are added to ``names`` (only when the text is returned)."""
    if _BINOP is None:
        return None
    seen = []
    try:
        cls = stmt.__class__
        if cls is ast.Assign:
            if len(stmt.targets) != 1 or stmt.targets[0].__class__ is not ast.Name \
                    or getattr(stmt, 'type_comment', None):
                return None
            target = stmt.targets[0].id
            seen.append(target)
            text = f'{target} = {_expr(stmt.value, _TEST, seen)}'
        elif cls is ast.Expr:
            if stmt.value.__class__ is not ast.Call:
                return None
            text = _expr(stmt.value, _TEST, seen)
        elif cls is ast.Return:
            text = 'return' if stmt.value is None else f'return {_expr(stmt.value, _TEST, seen)}'
        else:
            return None
    except _Other:
        return None
    names.update(seen)
    return text


def expression(node, names: set):
    """``ast.unparse(node)`` of an expression, or None (as :func:`statement`)."""
    if _BINOP is None:
        return None
    seen = []
    try:
        text = _expr(node, _TEST, seen)
    except _Other:
        return None
    names.update(seen)
    return text


def _expr(node, precedence: int, seen: list) -> str:
    """``node`` written where the context requires ``precedence``."""
    cls = node.__class__
    if cls is ast.Name:
        seen.append(node.id)
        return node.id
    if cls is ast.Constant:
        return _constant(node)
    if cls is ast.BinOp:
        op = _BINOP.get(node.op.__class__)
        if op is None:
            raise _Other
        mine = _BINOP_PRECEDENCE[node.op.__class__]
        if node.op.__class__ in _RIGHT:
            left, right = mine + 1, mine
        else:
            left, right = mine, mine + 1
        text = f'{_expr(node.left, left, seen)} {op} {_expr(node.right, right, seen)}'
        return f'({text})' if precedence > mine else text
    if cls is ast.UnaryOp:
        op = _UNOP.get(node.op.__class__)
        if op is None:
            raise _Other
        mine = _UNOP_PRECEDENCE[node.op.__class__]
        text = op + ('' if mine == _FACTOR else ' ') + _expr(node.operand, mine, seen)
        return f'({text})' if precedence > mine else text
    if cls is ast.Attribute:
        value = _expr(node.value, _ATOM, seen)
        if node.value.__class__ is ast.Constant and isinstance(node.value.value, int):
            value += ' '
        return f'{value}.{node.attr}'
    if cls is ast.Call:
        parts = [_expr(a, _TEST, seen) for a in node.args]
        for kw in node.keywords:
            if kw.arg is None:
                raise _Other
            parts.append(f'{kw.arg}={_expr(kw.value, _TEST, seen)}')
        return f'{_expr(node.func, _ATOM, seen)}({", ".join(parts)})'
    if cls is ast.Tuple or cls is ast.List:
        parts = [_expr(e, _TEST, seen) for e in node.elts]
        if cls is ast.List:
            return f'[{", ".join(parts)}]'
        if len(parts) == 1:
            return f'({parts[0]},)'
        return f'({", ".join(parts)})'
    if cls is ast.Subscript:
        index = node.slice
        if index.__class__ not in (ast.Name, ast.Constant, ast.BinOp, ast.UnaryOp,
                                   ast.Attribute, ast.Call):
            raise _Other
        return f'{_expr(node.value, _ATOM, seen)}[{_expr(index, _TEST, seen)}]'
    raise _Other


def _constant(node) -> str:
    value = node.value
    if getattr(node, 'kind', None) is not None:
        raise _Other
    kind = value.__class__
    if kind is int or kind is bool or value is None or kind is str:
        return repr(value)
    if kind is float and math.isfinite(value):
        return repr(value)
    raise _Other
