"""A generator function as a function returning the list of what it yields (a rewrite
of :mod:`.desugar`).

``def batches(a, n): for i in range(0, len(a), n): yield a[i:i + n]`` becomes a
function that appends each yielded value to a fresh list and returns it.  Its
callers -- ``sum(batches(x, 2))``, ``list(...)``, ``for b in batches(...)``,
``enumerate``, ``zip`` -- see the same values in the same order.  Done only when
the generator surely ends by itself and nobody can tell a list from a generator
where it is written: every ``yield`` is a statement of its own (not ``x = yield``),
there is no ``while`` loop (an endless generator, consumed with a ``break``, would
never end as a list), no ``return value``, no ``try``/``with`` (a generator's
cleanup runs when the consumer stops).  Else the language check refuses ``yield``.
"""

from __future__ import annotations

import ast

_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def own_nodes(tree) -> list:
    """The nodes of the function ``tree`` outside nested functions and classes."""
    out, todo = [], list(tree.body)
    while todo:
        node = todo.pop()
        out.append(node)
        if not isinstance(node, _NESTED):
            todo.extend(ast.iter_child_nodes(node))
    return out


def is_generator(tree) -> bool:
    return any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in own_nodes(tree))


def qualifies(tree) -> bool:
    """Whether the generator function ``tree`` can be rewritten (see the module's
    docstring); else the language check refuses its ``yield``."""
    nodes = own_nodes(tree)
    statements = {id(s.value) for s in nodes
                  if isinstance(s, ast.Expr) and isinstance(s.value, (ast.Yield, ast.YieldFrom))}
    for n in nodes:
        if isinstance(n, (ast.Yield, ast.YieldFrom)) and id(n) not in statements:
            return False
        if isinstance(n, (ast.While, ast.Try, ast.With, ast.Await)) \
                or (isinstance(n, ast.Return) and n.value is not None):
            return False
        if type(n).__name__ in ('TryStar', 'AsyncFor', 'AsyncWith', 'Global', 'Nonlocal'):
            return False
    return True


def lower(owner, tree) -> bool:
    """Rewrite the generator function ``tree`` in place; False if it does not qualify."""
    if not qualifies(tree):
        return False
    acc = owner.fresh('yielded')
    tree.body = _block(tree.body, acc, owner)
    start = ast.Assign([ast.Name(acc, ast.Store())], ast.List([], ast.Load()))
    end = ast.Return(ast.Name(acc, ast.Load()))
    tree.body = [_at(start, tree.body[0])] + tree.body + [_at(end, tree.body[-1])]
    return True


def _block(stmts, acc, owner):
    out = []
    for stmt in stmts:
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Yield):
            value = stmt.value.value or ast.Constant(None)
            out.append(_at(ast.Expr(ast.Call(
                ast.Attribute(ast.Name(acc, ast.Load()), 'append', ast.Load()), [value], [])),
                stmt))
            continue
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.YieldFrom):
            item = owner.fresh('item')
            append = ast.Expr(ast.Call(ast.Attribute(ast.Name(acc, ast.Load()), 'append',
                                                     ast.Load()),
                                       [ast.Name(item, ast.Load())], []))
            loop = ast.For(ast.Name(item, ast.Store()), stmt.value.value, [append], [])
            out.append(_at(loop, stmt))
            continue
        if isinstance(stmt, ast.Return):
            out.append(_at(ast.Return(ast.Name(acc, ast.Load())), stmt))
            continue
        if not isinstance(stmt, _NESTED):
            for field in ('body', 'orelse'):
                inner = getattr(stmt, field, None)
                if isinstance(inner, list) and inner:
                    setattr(stmt, field, _block(inner, acc, owner))
        out.append(stmt)
    return out


def _at(new, old):
    for n in ast.walk(new):
        if 'lineno' in n._attributes and not hasattr(n, 'lineno'):
            ast.copy_location(n, old)
    return new

