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
import collections
import types

import numpy as np

from ..method_dispatch import container_methods, method_call
from ..rules.registry import METHODS
from ..errors import SrcadError
from . import object_calls
from .object_calls import _global, _rebuilt
from .fastast import walk
from .flatten_nodes import is_global_path
from .parse import read_function


def route_methods(body: list, params: list, wrt, src, namer, helpers: dict,
                  local: set) -> tuple:
    """``(body, helpers)`` with the method calls of :data:`METHODS` names whose receiver
    may not be an array written as ``method_call(...)`` (see the module docstring), and
    the helpers with ``method_call`` among them.  ``body`` and ``helpers`` are left as
    they were: the statements changed, and those holding them, are new nodes.  Calls
    of objects holding differentiated values first (:mod:`.object_calls`)."""
    body, helpers = object_calls.route(body, wrt, namer, helpers, local, src)
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
    routed = {}  # id(statement) -> its new value
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
        routed[id(node)] = ast.copy_location(ast.Call(
            ast.Name(chosen, ast.Load()), [ast.Constant(func.attr), func.value] + call.args,
            call.keywords), original)
    if not routed:
        return body, helpers
    return [_rebuilt(stmt, routed) for stmt in body], {**helpers, chosen: method_call}


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
            str(found.__module__ or '').split('.')[0] not in ('numpy', 'scipy', 'srcad') \
            and not _returns_ufunc_value(found)
    return False


def _returns_ufunc_value(fn) -> bool:
    """Whether the user's ``fn`` returns, on every path, a NumPy ufunc's result
    (``return np.exp(-d2)``, or a name assigned that once): an ndarray or a NumPy
    scalar whatever its arguments, so its methods are the array's, bound at compile
    time (issue 14: the run-time dispatch costs tens of microseconds a call)."""
    try:
        callee = read_function(fn)
    except SrcadError:
        return False
    tree = callee.tree
    if isinstance(tree, ast.Lambda):
        returned, body = [tree.body], []
    elif isinstance(tree, ast.FunctionDef) and isinstance(tree.body[-1], ast.Return):
        returned, body = [], tree.body  # (no path falls off its end)
    else:
        return False
    local = {a.arg for a in ast.walk(tree.args) if isinstance(a, ast.arg)}
    assigned, stores = {}, collections.Counter(local)
    for node in walk(ast.Module(body, [])):
        if isinstance(node, (ast.Yield, ast.YieldFrom, ast.Await, ast.Lambda,
                             ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return False  # (a generator, or returns of another function inside)
        if isinstance(node, ast.Return):
            returned.append(node.value)
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            local.add(node.id)
            stores[node.id] += 1
        if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name):
            assigned.setdefault(node.targets[0].id, []).append(node.value)

    def ufunc_call(value):
        if isinstance(value, ast.Name) and stores[value.id] == 1 \
                and len(assigned.get(value.id, ())) == 1:
            value = assigned[value.id][0]  # (bound once, by this assignment)
        return isinstance(value, ast.Call) and \
            isinstance(value.func, (ast.Name, ast.Attribute)) and \
            is_global_path(value.func, local) and isinstance(_global(value.func, callee), np.ufunc)
    return bool(returned) and all(ufunc_call(v) for v in returned)
