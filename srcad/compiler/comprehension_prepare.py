"""Comprehensions before normalizing: each comprehension's variables get names of
their own, and each generator expression (and ``map``/``filter`` call) is marked with
whether and by what it is consumed (a part of :mod:`srcad.compiler.comprehensions`)."""

from __future__ import annotations

import ast
import functools
import keyword
import math

from ..errors import UnsupportedSyntaxError
from .fastast import children, copy_tree, walk
from .lambdas import _callee, _mark_function_values
from .names import assigned_names, made_names, mentioned_names, param_names

COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)

#: callables that read an iterable argument once, front to back: a generator
#: expression (or map/filter) passed to one of them reads the same as a list
CONSUMERS = (sum, max, min, any, all, sorted, tuple, list, dict, set, frozenset, enumerate,
             zip, map, filter, next, math.fsum, math.prod, functools.reduce)


# -- before normalizing: private names, consumed generators ----------------------------
def prepare(src) -> ast.FunctionDef:
    """``src.tree`` (a copy when it has comprehensions) in which each comprehension's
    variables have names of their own and each generator expression (and
    ``map``/``filter`` call) consumed at once is marked ``srcad_consumed``.  (One walk
    finds what there is: a function without comprehensions, lambdas, ``map``/``filter``
    or functions kept in lists costs that walk.)

    Without comprehensions nothing here renames, so the tree is not copied (3000
    statements cost 40 ms to copy): ``read_function`` parses afresh for each compile,
    the passes copy what they change (the user's tree is never changed: checked by
    comparing ``ast.dump`` before and after compiling the corpus), and the marks set
    here are attributes only normalizing reads."""
    tree = src.tree
    nodes = walk(tree)
    comps = [n for n in nodes if isinstance(n, COMPREHENSIONS)]
    if comps:  # (renamed in place below: a copy, as other passes read src.tree)
        tree = copy_tree(tree)
        nodes = walk(tree)
        comps = [n for n in nodes if isinstance(n, COMPREHENSIONS)]
    if comps:
        taken = mentioned_names(tree) | set(src.closure) | set(src.globals)
        for comp in comps:
            mapping = {}
            for name in sorted(_bound(comp)):
                if not _private(tree, comp, name):
                    mapping[name] = _fresh(name, taken)
            if mapping:
                for part in _scope(comp):
                    _rename(part, mapping)
    # (the names the body binds: the tree's stored names, unless the signature or the
    # decorators store some too, in a comprehension)
    stored = {n.id for n in nodes if n.__class__ is ast.Name and isinstance(n.ctx, ast.Store)}
    tree.srcad_made = made_names(nodes)  # (classes._class_of: what may hold an object)
    if any(isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
           for part in [tree.args] + tree.decorator_list for n in walk(part)):
        stored = assigned_names(tree.body)
    local = set(param_names(tree.args)) | stored
    inner = bool(comps) or any(isinstance(n, ast.Lambda) for n in nodes)
    callees = {}  # a call's dotted callee -> the object (resolved once per callee)
    parents = None
    for node in nodes:
        if inner and isinstance(node, ast.JoinedStr) and any(
                isinstance(n, COMPREHENSIONS + (ast.Lambda,)) for n in walk(node)):
            raise UnsupportedSyntaxError(
                'srcad does not support a comprehension or a lambda inside an f-string',
                src.location(node), 'compute the value in a statement of its own')
        if isinstance(node, ast.Dict):  # {'relu': lambda z: ...}: the lambda is "relu"
            for key, value in zip(node.keys, node.values):
                if isinstance(value, ast.Lambda) and isinstance(key, ast.Constant) \
                        and isinstance(key.value, str) and key.value.isidentifier() \
                        and not keyword.iskeyword(key.value):
                    value.srcad_name = key.value
        if isinstance(node, ast.Lambda):  # a value in a list, dict or assignment
            parents = parents or _parents(nodes)
            node.srcad_value = isinstance(parents.get(id(node)), (
                ast.List, ast.Tuple, ast.Dict, ast.IfExp, ast.Assign, ast.AnnAssign))
        if isinstance(node, ast.GeneratorExp) or (
                isinstance(node, ast.Call) and _known_callee(src, node, local, callees)
                in (map, filter)):
            parents = parents or _parents(nodes)
            node.srcad_consumed = _consumed(src, node, parents.get(id(node)), local)
            node.srcad_consumer = _consumer(src, parents.get(id(node)), local)
    if _keeps_functions(nodes, local):
        _mark_function_values(src, tree, local)
    return tree


def _parents(nodes) -> dict:
    """id(child) -> parent, for the nodes of a tree (as :func:`walk` gives them)."""
    return {id(child): node for node in nodes for child in children(node)}


def _known_callee(src, call, local, known: dict):
    """:func:`srcad.compiler.lambdas._callee`, once per dotted callee."""
    func, parts = call.func, []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name):
        return None
    key = (func.id, tuple(parts))
    if key not in known:
        known[key] = _callee(src, call, local)
    return known[key]


def _keeps_functions(nodes, local) -> bool:
    """Whether some value may hold a function kept in a list or dict: a lambda used as
    a value, or a list, tuple or dict holding a global function (else
    :func:`srcad.compiler.lambdas._mark_function_values` finds nothing to mark)."""
    def function(elt):
        while isinstance(elt, ast.Attribute):
            elt = elt.value
        if not isinstance(elt, ast.Name) or elt.id in local:
            return False  # (not a global path: see lambdas._mark_function_values)
        return True
    for n in nodes:
        if isinstance(n, ast.Lambda) and getattr(n, 'srcad_value', False):
            return True
        if isinstance(n, (ast.List, ast.Tuple)) and any(map(function, n.elts)) \
                or isinstance(n, ast.Dict) and any(map(function, n.values)):
            return True
    return False


def _bound(comp) -> set:
    return {n.id for gen in comp.generators for n in ast.walk(gen.target)
            if isinstance(n, ast.Name)}


def _scope(comp) -> list:
    """The parts of a comprehension its variables are visible in (all but the first
    iterable, which is evaluated outside)."""
    parts = [comp.key, comp.value] if isinstance(comp, ast.DictComp) else [comp.elt]
    for i, gen in enumerate(comp.generators):
        parts += [gen.target] + gen.ifs + ([gen.iter] if i else [])
    return parts


def _private(tree, comp, name) -> bool:
    """Whether every mention of ``name`` in the function is inside ``comp``'s scope."""
    inside = {id(n) for part in _scope(comp) for n in ast.walk(part)}
    return all(id(n) in inside for n in ast.walk(tree)
               if (isinstance(n, ast.Name) and n.id == name)
               or (isinstance(n, ast.arg) and n.arg == name))


def _fresh(name, taken) -> str:
    n = 1
    while f'{name}_{n}' in taken:
        n += 1
    taken.add(f'{name}_{n}')
    return f'{name}_{n}'


def _rename(node, mapping):
    """Rename ``mapping``'s names in ``node`` (in place), except where an inner
    comprehension or lambda binds the same name."""
    if not mapping:
        return
    if isinstance(node, ast.Name):
        node.id = mapping.get(node.id, node.id)
        return
    if isinstance(node, COMPREHENSIONS):
        inner = {k: v for k, v in mapping.items() if k not in _bound(node)}
        _rename(node.generators[0].iter, mapping)
        for part in _scope(node):
            _rename(part, inner)
        return
    if isinstance(node, ast.Lambda):
        for default in node.args.defaults + [d for d in node.args.kw_defaults if d]:
            _rename(default, mapping)
        params = {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
        _rename(node.body, {k: v for k, v in mapping.items() if k not in params})
        return
    for child in ast.iter_child_nodes(node):
        _rename(child, mapping)


def _consumed(src, node, parent, local) -> bool:
    if isinstance(parent, (ast.For, ast.comprehension)):
        return parent.iter is node
    if not (isinstance(parent, ast.Call) and any(a is node for a in parent.args)):
        return False
    func = parent.func
    if isinstance(func, ast.Attribute) and func.attr == 'join' \
            and isinstance(func.value, ast.Constant) and isinstance(func.value.value, str):
        return True
    callee = _callee(src, parent, local)
    return any(callee is c for c in CONSUMERS)


def _consumer(src, parent, local):
    """What reads a generator expression: 'for', 'join' or the callee's name."""
    if isinstance(parent, (ast.For, ast.comprehension)):
        return 'for'
    if not isinstance(parent, ast.Call):
        return None
    func = parent.func
    if isinstance(func, ast.Attribute) and func.attr == 'join':
        return 'join'
    return getattr(_callee(src, parent, local), '__name__', None)
