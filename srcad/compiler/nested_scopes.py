"""Python's scopes kept when srcad writes nested functions out where they are called.

Writing a nested function out renames its parameters and locals (``make``'s ``a``
becomes ``make_a``).  A function or lambda defined inside it has a scope of its own:
a parameter or a local of the same name there is another variable, which the renaming
must leave alone (``def make(a): g = lambda a: 2 * a``), while the names it reads from
``make`` are renamed with them (:func:`renamed`).

A default value (``def h(t, k=a)``) is computed when the ``def`` runs, not when ``h``
is called: :func:`evaluated_defaults` computes it there, into a name of its own, which
the call then reads (``a`` may change in between).
"""

from __future__ import annotations

import ast
import copy

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def renamed(stmts, names: dict) -> list:
    """Copies of ``stmts`` with the mapped names (loads and stores) renamed, except inside
    a nested function or lambda where the name is its own (a parameter, an assignment)."""
    out = copy.deepcopy(stmts)
    for stmt in out:
        _rename(stmt, names)
    return out


def _rename(node, names: dict) -> None:
    if not names:
        return
    if isinstance(node, _SCOPES):
        a = node.args
        outer = a.defaults + [d for d in a.kw_defaults if d is not None] \
            + list(getattr(node, 'decorator_list', []))
        for part in outer:  # (computed in the enclosing scope)
            _rename(part, names)
        body = node.body if isinstance(node.body, list) else [node.body]
        own = own_names(node)
        inner = {k: v for k, v in names.items() if k not in own}
        for stmt in body:
            _rename(stmt, inner)
        return
    if isinstance(node, ast.Name) and node.id in names:
        node.id = names[node.id]
    for child in ast.iter_child_nodes(node):
        _rename(child, names)


def own_names(fn) -> set:
    """The names local to the function or lambda ``fn``: its parameters and what its body
    binds (not inside functions nested in it), but not those it declares nonlocal."""
    a = fn.args
    own = {p.arg for p in a.posonlyargs + a.args + a.kwonlyargs}
    own |= {p.arg for p in (a.vararg, a.kwarg) if p is not None}
    declared = set()
    todo = list(fn.body) if isinstance(fn.body, list) else [fn.body]
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            own.add(node.name)
            continue
        if isinstance(node, ast.Lambda):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            own.add(node.id)
        elif isinstance(node, ast.Nonlocal):
            declared |= set(node.names)
        elif isinstance(node, ast.Global):
            own |= set(node.names)  # (the module's: nothing of the enclosing function)
        todo.extend(ast.iter_child_nodes(node))
    return own - declared


def evaluated_defaults(flat, fn, out):
    """``fn`` (a nested def) with each default that is not a constant computed now, where
    the ``def`` runs, into a name of its own (a copy of ``fn``; ``fn`` itself when every
    default is a constant)."""
    a = fn.args
    if all(isinstance(d, ast.Constant) for d in a.defaults + a.kw_defaults if d is not None):
        return fn
    new = copy.copy(fn)
    new.args = copy.copy(a)

    def now(d):
        if d is None or isinstance(d, ast.Constant):
            return d
        name = flat.namer.fresh(f'{fn.name}_default')
        flat.local.add(name)
        flat.expr(d, out, dest=name)
        return ast.copy_location(ast.Name(name, ast.Load()), d)
    new.args.defaults = [now(d) for d in a.defaults]
    new.args.kw_defaults = [now(d) for d in a.kw_defaults]
    return new
