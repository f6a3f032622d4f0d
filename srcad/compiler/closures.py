"""Closures made by a factory and called later: ``f = make(x)`` where ``make`` returns
a function it defines (``def make(a): def h(t): return a * t ** 2; return h``).

srcad writes nested functions out where they are called (:meth:`srcad.compiler.
flatten_calls.CallLowering.inline`), so a function value does not exist in the code it
generates.  A factory call assigned to a name is written out the same way, up to its
``return``: its parameters and locals get names of their own (``make_a``), and the
``def`` it returns is kept as the function ``f`` names, its reads of ``make``'s
variables renamed with them.  Each later call ``f(3.0)`` is written out in turn and
reads those variables as the closure's cells would: they are assigned only where the
factory call is, as ``f`` is, so they always hold what the closure ``f`` holds.

The factory is a nested function of the differentiated one, or a function of the same
module (its source read; a check when the code runs refuses it if the module's name then
means another function).  It must end in ``return h`` for a ``def h`` among its
statements, return nowhere else, and ``f`` must be bound by this call only.  Anything
else keeps the refusal of a function used as a value.
"""

from __future__ import annotations

import ast
import copy
import types

from ..errors import RuntimeCheckError
from ..rules.registry import nondifferentiable
from .fastast import walk
from .nested_scopes import own_names


def same_function(now, compiled, name, line):
    """Check, when the code runs, that the global ``name`` is still the function whose
    source srcad wrote out (line ``line``)."""
    if now is not compiled or now.__code__ is not compiled.__code__ \
            or now.__defaults__ != compiled.__defaults__:
        raise RuntimeCheckError(
            f'{name} changed after srcad compiled its closure, written out at line {line}',
            hint='compute the derivative again (srcad.grad(...)) after redefining it')


nondifferentiable(same_function, why='a check: no value, no derivative')


def lower_factory_call(flat, target: str, value, out) -> bool:
    """``target = make(...)`` written out with the function ``make`` returns kept as
    ``target`` (see the module docstring); False (nothing emitted) for any other
    assignment."""
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)):
        return False
    if value.func.id in flat.functions:
        fn, check = flat.functions[value.func.id], None
    else:
        found = _module_factory(flat, value.func.id)
        if found is None:
            return False
        fn, check = found
    inner = _returned_def(fn)
    if inner is None or not _bound_once(flat, target, fn):
        return False
    if check is not None:
        out.append(ast.copy_location(ast.Expr(check(value)), value))
    before = flat.functions.get(inner, None)
    written = copy.copy(fn)
    written.body = fn.body[:-1] + [ast.copy_location(ast.Return(ast.Constant(None)),
                                                     fn.body[-1])]
    flat.inline(written, value, out)
    made = flat.functions.pop(inner)
    if before is not None:
        flat.functions[inner] = before  # (the enclosing function's own def of that name)
    flat.functions[target] = made
    return True


def _returned_def(fn) -> str | None:
    """The name ``h`` of ``fn``'s last statement ``return h``, when ``h`` is a ``def``
    among ``fn``'s statements, bound nowhere else in it, and ``fn`` returns nowhere else."""
    if not fn.body or not isinstance(fn.body[-1], ast.Return) \
            or not isinstance(fn.body[-1].value, ast.Name):
        return None
    name = fn.body[-1].value.id
    defs = [s for s in fn.body[:-1] if isinstance(s, ast.FunctionDef) and s.name == name]
    if len(defs) != 1 or defs[0].decorator_list:
        return None
    bound = 0
    todo = list(fn.body[:-1])
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Return):
            return None
        if isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load) \
                or isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
            bound += 1
        if isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names:
            return None
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            todo.extend(ast.iter_child_nodes(node))
    return name if bound == 1 else None


def _bound_once(flat, target: str, factory) -> bool:
    """Whether ``target`` is bound exactly once in the function (by this call), and is
    no parameter of it (nor a def's name, but in the ``factory``'s own body)."""
    tree = flat.tree
    inside = {id(n) for n in walk(factory)}
    stores = sum(1 for n in walk(tree) if isinstance(n, ast.Name) and n.id == target
                 and not isinstance(n.ctx, ast.Load) and id(n) not in inside)
    defs = sum(1 for n in walk(tree) if isinstance(n, (ast.FunctionDef, ast.arg))
               and getattr(n, 'name', getattr(n, 'arg', None)) == target
               and id(n) not in inside)
    return stores == 1 and defs == 0


def _module_factory(flat, name: str):
    """``(def tree, check)`` of the function of the same module that the global ``name``
    means, or None (see the module docstring)."""
    if name in flat.local:
        return None
    try:
        fn = flat.src.resolve(name)
    except NameError:
        return None
    if not isinstance(fn, types.FunctionType) or fn.__globals__ is not flat.src.globals \
            or fn.__code__.co_freevars or fn.__defaults__ or fn.__kwdefaults__:
        return None
    from . import desugar, validate
    from .parse import read_function
    try:
        src = desugar.lower(read_function(fn))
    except Exception:  # noqa: BLE001  (no source: left as a call, refused as before)
        return None
    tree = src.tree
    if src.closure or src.filename != flat.src.filename or _returned_def(tree) is None:
        return None
    names = {n.id for n in walk(tree) if isinstance(n, ast.Name)}
    if names & flat.local - own_names(tree) or any(
            not isinstance(n, validate.SUPPORTED) for n in walk(tree)):
        return None  # (its globals shadowed by the function's own names)
    tree = copy.deepcopy(tree)
    tree.decorator_list = []

    def check(call):
        from .classes import _helper
        compiled = ast.Name(flat.namer.derive('', f'{name}_compiled'), ast.Load())
        flat.helpers[compiled.id] = fn
        return ast.Call(_helper(flat, same_function),
                        [ast.Name(name, ast.Load()), compiled, ast.Constant(name),
                         ast.Constant(call.lineno)], [])
    return tree, check
