"""Calls of objects that hold differentiated values, decided when the code runs.

``layer(x)`` where ``layer`` is a dataclass argument holding the differentiated
``W``, ``p(t)`` of ``p = make_poly(c)``, ``model.predict(x)`` of a differentiated
``model``: srcad cannot tell at compile time what the callee is, and the derivative
flows through it as well as through the arguments.  Such a call -- its callee a name,
or a method of a name, that may depend on a differentiated input -- is written
``object_call('__call__', layer, x)`` (``object_call('predict', model, x)``), a call
known only at run time (:mod:`srcad.dynamic`) whose receiver is an argument like
the others.  When it runs (:func:`srcad.object_dispatch.object_target`):

- the user's own method (``type(layer).__call__``, ``type(model).predict``: a plain
  Python function of a class outside NumPy, SciPy and the standard library) is
  differentiated from its source in ``self`` as in its arguments (a dataclass's
  adjoint is keyed by field, a plain object's by attribute);
- anything else is called as Python would, and the receiver's derivative is refused
  when it is needed (a closure over a differentiated value, a library object).

A call on a name that does not depend on a differentiated input is left as it was:
its callee is a constant (:mod:`srcad.dynamic`).
"""

from __future__ import annotations

import ast
import copy

import numpy as np

from ..object_dispatch import object_call
from ..rules.registry import METHODS
from .fastast import statements, walk


_BUILTIN_KINDS = (np.ndarray, dict, list, tuple, str, set)


def route(body: list, wrt, namer, helpers: dict, local, src) -> tuple:
    """``(body, helpers)`` with the calls of objects that may hold differentiated values
    written ``object_call(...)`` (see the module docstring); the statements changed,
    and those holding them, are new nodes (``body`` is not changed)."""
    candidates = []
    for node in statements(body):  # (calls are statements' values once normalized)
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
            continue
        call = node.value
        func = call.func
        if any(isinstance(a, ast.Starred) for a in call.args) \
                or any(kw.arg is None for kw in call.keywords):
            continue
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                and func.value.id in local and func.attr not in METHODS \
                and not func.attr.startswith('__') and func.attr != '_replace' \
                and not any(hasattr(t, func.attr) for t in _BUILTIN_KINDS):
            # (y.view(...), d.values(): an array's, a dict's method, as before)
            candidates.append((node, func.attr, func.value))
        elif isinstance(func, ast.Name) and func.id in local and func.id not in helpers:
            candidates.append((node, '__call__', func))
    if not candidates:
        return body, helpers
    varied = _maybe_varied(body, wrt)
    library = _library_objects(body, src, local)
    chosen = None
    routed = {}
    for node, name, receiver in candidates:
        if receiver.id not in varied or receiver.id in library:
            continue
        if chosen is None:
            chosen = namer.derive('', 'object_call')
        call = node.value
        routed[id(node)] = ast.copy_location(ast.Call(
            ast.Name(chosen, ast.Load()), [ast.Constant(name), receiver] + call.args,
            call.keywords), call)
    if not routed:
        return body, helpers
    return [_rebuilt(stmt, routed) for stmt in body], {**helpers, chosen: object_call}


def _library_objects(body: list, src, local) -> set:
    """Names some assignment binds to what a NumPy or SciPy callable returns (``d =
    norm(mu, s)``, a frozen distribution whose methods have rules): left as they were."""
    from .flatten_nodes import is_global_path
    found = set()
    for node in walk(ast.Module(body, [])):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) \
                and isinstance(node.value.func, (ast.Name, ast.Attribute)) \
                and is_global_path(node.value.func, local):
            obj = _global(node.value.func, src)
            module = str(getattr(obj, '__module__', None) or type(obj).__module__ or '')
            if module.split('.')[0] in ('numpy', 'scipy'):
                found.update(n.id for t in node.targets for n in walk(t)
                             if isinstance(n, ast.Name))
    copies = [(node.targets[0].id, node.value.id) for node in walk(ast.Module(body, []))
              if isinstance(node, ast.Assign) and len(node.targets) == 1
              and isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Name)]
    grew = bool(found)
    while grew:  # (e = d of such a d: the same object)
        grew = False
        for name, source in copies:
            if source in found and name not in found:
                found.add(name)
                grew = True
    return found


def _maybe_varied(body: list, wrt) -> set:
    """The names that may depend on a differentiated input: a superset of what the
    activity analysis finds (every name assigned from one, loop targets of one)."""
    edges = []
    for node in walk(ast.Module(body, [])):
        if isinstance(node, ast.Assign):
            targets = [n.id for t in node.targets for n in walk(t) if isinstance(n, ast.Name)]
            edges.append((targets, {n.id for n in walk(node.value) if isinstance(n, ast.Name)}))
        elif isinstance(node, ast.For):
            targets = [n.id for n in walk(node.target) if isinstance(n, ast.Name)]
            edges.append((targets, {n.id for n in walk(node.iter) if isinstance(n, ast.Name)}))
    by_source = {}
    for targets, sources in edges:
        for n in sources:
            by_source.setdefault(n, []).append(targets)
    found, work = set(wrt), list(wrt)
    while work:
        for targets in by_source.get(work.pop(), ()):
            for t in targets:
                if t not in found:
                    found.add(t)
                    work.append(t)
    return found


def _rebuilt(node, routed: dict):
    """``node``, or a shallow copy of it with the values of the statements in ``routed``
    replaced (and copies of the nodes holding them): ``node`` itself is not changed."""
    if id(node) in routed:
        new = copy.copy(node)
        new.value = routed[id(node)]
        return new
    changes = {}
    for field, value in ast.iter_fields(node):
        if isinstance(value, list):
            items = [_rebuilt(v, routed) if isinstance(v, ast.AST) else v for v in value]
            if any(a is not b for a, b in zip(items, value)):
                changes[field] = items
        elif isinstance(value, ast.AST):
            item = _rebuilt(value, routed)
            if item is not value:
                changes[field] = item
    if not changes:
        return node
    new = copy.copy(node)
    for field, value in changes.items():
        setattr(new, field, value)
    return new


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
