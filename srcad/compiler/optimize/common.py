"""Small tree utilities the optimizer passes share.

Nothing here transforms code on its own: these read statements (the names a
statement binds, stores or reads; the stack pushes and pops a loop's tape is
made of; whether an expression is elementwise arithmetic) and copy-and-rename
trees.  Every function leaves its arguments unchanged.
"""

from __future__ import annotations

import ast

from ..fastast import children, copy_tree, walk, walk_kept
from ..ir import Comment


def each_statement(stmts):
    """Every statement of ``stmts`` and of their nested ``body``/``orelse`` blocks,
    in program order (a statement before the ones it holds)."""
    for stmt in stmts:
        yield stmt
        if stmt.__class__ not in _FLAT:  # (most statements hold no block)
            for field in ('body', 'orelse'):
                yield from each_statement(getattr(stmt, field, []))


_FLAT = frozenset({ast.Assign, ast.Expr, ast.Return, ast.Delete, ast.Pass, Comment})


def names_kept(stmt, memo: dict | None) -> tuple:
    """``(read, stored)``: the names ``stmt`` reads and binds or deletes anywhere inside
    it, each once per occurrence, in :func:`~srcad.compiler.fastast.walk`'s order; kept
    in ``memo`` (as :func:`~srcad.compiler.fastast.walk_kept` keeps the nodes) for the
    next pass that asks.  The lists given must not be changed."""
    if memo is not None:
        found = memo.get(('names', id(stmt)))
        if found is not None and found[0] is stmt:
            return found[1]
    read, stored = [], []
    Name, Load = ast.Name, ast.Load
    for node in walk_kept(stmt, memo):
        if node.__class__ is Name:
            (read if node.ctx.__class__ is Load else stored).append(node.id)
    if memo is not None:
        memo[('names', id(stmt))] = (stmt, (read, stored))
    return read, stored


def assigned_names(stmt) -> set:
    """The names an ``=`` statement binds; ``{None}`` for any other statement."""
    if isinstance(stmt, ast.Assign):
        target = stmt.targets[0]
        if target.__class__ is ast.Name:
            return {target.id}
        return {n.id for n in walk(target) if isinstance(n, ast.Name)}
    return {None}


def stored_names(stmt) -> set:
    """The names ``stmt`` binds or deletes anywhere inside it."""
    return {n.id for n in walk(stmt) if isinstance(n, ast.Name)
            and isinstance(n.ctx, (ast.Store, ast.Del))}


def read_names(node) -> set:
    """The names ``node`` reads anywhere inside it."""
    return {n.id for n in walk(node) if isinstance(n, ast.Name)
            and isinstance(n.ctx, ast.Load)}


ELEMENTWISE = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)


def is_arithmetic(node) -> bool:
    """Elementwise arithmetic of names and numbers only (a copy counts)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ELEMENTWISE):
        return is_arithmetic(node.left) and is_arithmetic(node.right)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return is_arithmetic(node.operand)
    return isinstance(node, ast.Name) or (isinstance(node, ast.Constant)
                                          and type(node.value) in (int, float))


def depth(node) -> int:
    """How deep an expression nests (a name or a number: 1)."""
    cls = node.__class__
    if cls is ast.Name or cls is ast.Constant:
        return 1
    if cls is ast.BinOp:
        return 1 + max(depth(node.left), depth(node.right))
    inner = [c for c in children(node) if isinstance(c, ast.expr)]
    return 1 + max((depth(c) for c in inner), default=0)


def stack_call(node, method: str):
    """The list's name in ``stack.append(...)`` / ``stack.pop()``, or None."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and node.func.attr == method and isinstance(node.func.value, ast.Name):
        return node.func.value.id
    return None


def stack_op(call, reads) -> bool:
    """``stack.append(x)`` or ``stack.pop()`` on a list the pending values do not read."""
    stack = stack_call(call, 'append') or stack_call(call, 'pop')
    return stack is not None and stack not in reads


def push_of(stmt):
    """``(stack, name)`` of a statement ``stack.append(name)``, or None."""
    if isinstance(stmt, ast.Expr) and stack_call(stmt.value, 'append') is not None \
            and len(stmt.value.args) == 1 and isinstance(stmt.value.args[0], ast.Name):
        return stmt.value.func.value.id, stmt.value.args[0].id
    return None


def pop_of(stmt):
    """``(stack, name)`` of a statement ``name = stack.pop()``, or None."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 \
            and isinstance(stmt.targets[0], ast.Name) \
            and stack_call(stmt.value, 'pop') is not None and not stmt.value.args:
        return stmt.value.func.value.id, stmt.targets[0].id
    return None


def loop_target(loop) -> set:
    """The names a ``for`` loop binds in its header (none for a ``while``)."""
    return {n.id for n in walk(loop.target) if isinstance(n, ast.Name)} \
        if isinstance(loop, ast.For) else set()


def located(new, old):
    """``ast.copy_location(new, old)``, without its generic machinery."""
    d = old.__dict__
    for attr in ('lineno', 'col_offset'):
        value = d.get(attr)
        if value is not None:
            setattr(new, attr, value)
    for attr in ('end_lineno', 'end_col_offset'):
        if attr in d:
            setattr(new, attr, d[attr])
    return new


def renamed(node, alias: dict):
    """A copy of ``node`` with the names in ``alias`` replaced by theirs."""
    return _Rename(alias).visit(copy_tree(node))


class _Rename(ast.NodeTransformer):
    def __init__(self, alias):
        self.alias = alias

    def visit_Name(self, node):
        return ast.Name(self.alias[node.id], node.ctx) if node.id in self.alias else node
