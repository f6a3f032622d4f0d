"""Lower early exits so that every path through a block reads top to bottom.

Two rewrites on the normalized body:

* **One exit.**  ``return`` anywhere but the end stores its value in
  ``result`` and leaves: inside a loop through a flag and ``break``, at the
  top level by skipping what follows.  The function ends with one
  ``return result``.
* **Nothing after a jump.**  When an ``if`` may ``break``, ``continue`` or
  leave, the statements after it move into the branches that fall through.
  Then the backward sweep of a block simply mirrors it: a branch that jumped
  never ran the statements after it, and its reversal contains none of them.
"""

from __future__ import annotations

import ast
import copy

from .backflow import placed
from .ir import Exit, ForRange, WhileLoop
from .names import Namer

LOOPS = (ForRange, WhileLoop)


def lower(body: list, namer: Namer) -> list:
    """The body with one exit and no statement after a conditional jump."""
    if _single_final_return(body):
        return _nest(body)
    result = namer.fresh('result')
    flag = namer.fresh('returned')
    lowered = _returns(body, result, flag, in_loop=False)
    start = [_assign(result, ast.Constant(None))]
    if _contains(body, ast.Return, inside_loops=True, only_loops=True):
        start.append(_assign(flag, ast.Constant(False)))
    nested = _strip_exits(_nest(start + lowered))
    return nested + [ast.Return(ast.Name(result, ast.Load()))]


def _single_final_return(body) -> bool:
    returns = _contains(body[:-1], ast.Return, inside_loops=True)
    return bool(body) and isinstance(body[-1], ast.Return) and not returns


def _returns(stmts, result, flag, in_loop) -> list:
    out = []
    for stmt in stmts:
        if isinstance(stmt, ast.Return):
            out.append(_at(_assign(result, stmt.value), stmt))
            out += ([_assign(flag, ast.Constant(True)), ast.Break()] if in_loop else [Exit()])
        elif isinstance(stmt, ast.If):
            out.append(_at(ast.If(stmt.test, _returns(stmt.body, result, flag, in_loop),
                                  _returns(stmt.orelse, result, flag, in_loop)), stmt))
        elif isinstance(stmt, LOOPS):
            loop = copy.copy(stmt)
            loop.body = _returns(stmt.body, result, flag, in_loop=True)
            out.append(loop)
            if _contains(stmt.body, ast.Return, inside_loops=True):
                leave = [ast.Break()] if in_loop else [Exit()]
                out.append(_at(ast.If(ast.Name(flag, ast.Load()), leave, []), stmt))
        else:
            out.append(stmt)
    return out


def _nest(stmts) -> list:
    out = []
    for k, stmt in enumerate(stmts):
        if isinstance(stmt, (ast.Break, ast.Continue, Exit)):
            out.append(stmt)
            return out  # anything after a jump never runs
        if isinstance(stmt, ast.If) and _may_jump(stmt):
            rest = stmts[k + 1:]
            out.append(_at(ast.If(stmt.test, _nest(stmt.body + rest),
                                  _nest(stmt.orelse + copy.deepcopy(rest))), stmt))
            return out
        if isinstance(stmt, ast.If):
            stmt = _at(ast.If(stmt.test, _nest(stmt.body), _nest(stmt.orelse)), stmt)
        elif isinstance(stmt, LOOPS):
            stmt = copy.copy(stmt)
            stmt.body = _nest(stmt.body)
        out.append(stmt)
    return out


def _may_jump(stmt) -> bool:
    return _contains([stmt], (ast.Break, ast.Continue, Exit), inside_loops=False)


def _contains(stmts, kinds, inside_loops: bool, only_loops: bool = False) -> bool:
    """Whether ``stmts`` hold a statement of ``kinds`` (optionally within loops)."""
    for stmt in stmts:
        in_loop = isinstance(stmt, LOOPS)
        if isinstance(stmt, kinds) and not only_loops:
            return True
        if in_loop and not inside_loops:
            continue
        if in_loop and only_loops and _contains(stmt.body, kinds, True):
            return True
        if _contains(getattr(stmt, 'body', []) + getattr(stmt, 'orelse', []),
                     kinds, inside_loops, only_loops):
            return True
    return False


def _strip_exits(stmts) -> list:
    out = []
    for stmt in stmts:
        if isinstance(stmt, Exit):
            continue
        if isinstance(stmt, ast.If):
            body, orelse = _strip_exits(stmt.body), _strip_exits(stmt.orelse)
            if not body and orelse:  # if left: <nothing> else: rest  ->  if not left: rest
                stmt = _at(ast.If(ast.UnaryOp(ast.Not(), stmt.test), orelse, []), stmt)
            else:
                stmt = _at(ast.If(stmt.test, body, orelse), stmt)
        out.append(stmt)
    return out


def _assign(name: str, value: ast.expr) -> ast.Assign:
    return ast.Assign([ast.Name(name, ast.Store())], value)


def _at(node, where):
    return placed(node, where)  # (not re-walking the branches: nesting costs no extra walk)
