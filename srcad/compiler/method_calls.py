"""``obj.mean(x)`` on an ``obj`` that may not be an array: a call decided when it runs.

The resolver reads ``a.sum(...)``, ``a.get(...)``, ``a.reshape(...)`` (the names of
:data:`srcad.rules.registry.METHODS`) as the array method.  That reading is right
for an array but silently wrong for the user's object whose method has the same
name (a ``Parser.get``, a ``Reducer.mean``) or for a module held in a variable
(``xp = np``): its arguments would land in ``axis=`` or ``key=`` and the
gradient would be zeros.  So such a call on a receiver that may be something
else -- a parameter that is not differentiated, an attribute read of one, a
module or object named by a global, the result of a call of the user's function
-- is written ``method_call('mean', obj, x)`` (:mod:`srcad.method_dispatch`), a
call known only at run time (:mod:`srcad.dynamic`): the array rule for an
array, the user's method differentiated from its source otherwise.
"""

from __future__ import annotations

import ast
import types

import numpy as np

from ..method_dispatch import container_methods, method_call
from ..rules.registry import METHODS
from .fastast import walk
from .flatten_nodes import is_global_path


def route_methods(body: list, params: list, wrt, src, namer, helpers: dict, local: set,
                  extra: dict | None = None) -> None:
    """Rewrite, in place, the method calls of :data:`METHODS` names whose receiver may
    not be an array (see the module docstring)."""
    bindings = {}  # name -> the values assigned to it (None: bound some other way)
    for node in walk(ast.Module(body, [])):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name):
            bindings.setdefault(node.targets[0].id, []).append(node.value)
    maybe = {p for p in params if p not in set(wrt)}
    for _ in range(len(bindings) + 1):  # (a fixpoint over chains of attribute reads)
        more = {name for name, values in bindings.items() if name not in maybe
                and any(_may_be_object(v, maybe, src, local) for v in values)}
        if not more:
            break
        maybe |= more
    chosen = None
    for node in walk(ast.Module(body, [])):
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
            continue
        call = original = node.value
        func = call.func
        written = _container_method(call, helpers)
        if written is not None and isinstance(call.args[0], ast.Name) \
                and call.args[0].id in maybe:  # d.get(k), written dict_get(d, k)
            func = ast.Attribute(call.args[0], written, ast.Load())
            call = ast.Call(func, call.args[1:], call.keywords)
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                and func.value.id in maybe and (func.attr in METHODS or written is not None)):
            continue
        if any(isinstance(a, ast.Starred) for a in call.args) \
                or any(kw.arg is None for kw in call.keywords):
            continue  # (left to the resolver, which refuses what it cannot bind)
        if chosen is None:
            chosen = namer.derive('', 'method_call')
            helpers[chosen] = method_call
            if extra is not None:
                extra[chosen] = method_call  # (the resolver's and the program's helpers)
        node.value = ast.copy_location(ast.Call(
            ast.Name(chosen, ast.Load()), [ast.Constant(func.attr), func.value] + call.args,
            call.keywords), original)


def _container_method(call, helpers):
    """``'get'`` for a call of the normalizer's ``dict_get`` helper (``'tolist'`` for
    ``tolist``), else None."""
    if not (isinstance(call.func, ast.Name) and call.func.id in helpers and call.args):
        return None
    found = helpers[call.func.id]
    return next((name for name, fn in container_methods().items() if fn is found), None)


def _may_be_object(value, maybe: set, src, local: set) -> bool:
    """Whether an assigned value may be something other than an array or a number."""
    if isinstance(value, ast.Name) and value.id in maybe:
        return True
    if isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name) \
            and value.value.id in maybe and getattr(np.ndarray, value.attr, None) is None:
        return True  # self.parser of an object, not x.T of an array
    if isinstance(value, (ast.Name, ast.Attribute)) and is_global_path(value, local):
        found = _global(value, src)
        return found is not None and not isinstance(found, (np.ndarray, np.generic, float, int))
    if isinstance(value, ast.Call) and isinstance(value.func, (ast.Name, ast.Attribute)) \
            and is_global_path(value.func, local):
        found = _global(value.func, src)  # xp = get_array_module(w): the user's function
        return isinstance(found, types.FunctionType) and \
            str(found.__module__ or '').split('.')[0] not in ('numpy', 'scipy', 'srcad')
    return False


def _global(node, src):
    path = []
    while isinstance(node, ast.Attribute):
        path.append(node.attr)
        node = node.value
    try:
        obj = src.resolve(node.id)
        for attr in reversed(path):
            obj = getattr(obj, attr)
    except (NameError, AttributeError, TypeError):
        return None
    return obj
