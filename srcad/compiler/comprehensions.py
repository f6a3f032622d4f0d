"""Comprehensions, generator expressions, lambdas, map, filter and functools.reduce.

All of them are lowered, while normalizing, to the loops and calls srcad already
differentiates:

- ``[e for x in xs if c]`` (and set/dict comprehensions, generator expressions)
  becomes ``acc = []; for x in xs: if c: acc.append(e)``; a dict comprehension
  appends ``(k, v)`` pairs and ends in ``dict(pairs)``, a set one in ``set(acc)``.
  A generator expression is read as the list of its values, so it is accepted
  only where it is consumed at once, front to back (by ``sum``, ``max``, a ``for``
  loop, ...: :data:`CONSUMERS`); anywhere else a list would behave differently.
- Each comprehension's variables get names of their own (:func:`prepare`) unless
  nothing else in the function uses them, so they never leak or clobber.
- ``map(f, xs)`` is ``(f(x) for x in xs)``, ``filter(p, xs)`` is ``(x for x in xs
  if p(x))``, ``functools.reduce(f, xs, init)`` a loop ``acc = f(acc, x)``, and
  ``sorted``/``max``/``min`` with a local ``key=`` compute the keys in a loop.
- A lambda used as a value -- in a list or dict, read back
  by ``fs[k]`` -- becomes a token; a call of a value read from them tests which token
  it holds and inlines that function (:mod:`srcad.compiler.lambdas`).
"""

from __future__ import annotations

import ast
import copy
import functools
import keyword
import math
import operator

from ..errors import UnsupportedSyntaxError
from .fastast import children, copy_tree, walk
from .lambdas import (LAMBDA_HINT, _callee, _fresh_local, _mark_function_values, _placed, dispatch,
                      function_value, lift)
from .names import assigned_names, made_names, mentioned_names, param_names

COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)

#: callables that read an iterable argument once, front to back: a generator
#: expression (or map/filter) passed to one of them reads the same as a list
CONSUMERS = (sum, max, min, any, all, sorted, tuple, list, dict, set, frozenset, enumerate,
             zip, map, filter, next, math.fsum, math.prod, functools.reduce)

_OPERATORS = {operator.add: ast.Add, operator.sub: ast.Sub, operator.mul: ast.Mult,
              operator.truediv: ast.Div, operator.matmul: ast.MatMult, operator.pow: ast.Pow}

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


# -- while normalizing ------------------------------------------------------------
def lower(flat, node, out) -> ast.expr:
    """A comprehension as a loop that builds a list; the value expression."""
    if isinstance(node, ast.GeneratorExp) and not getattr(node, 'srcad_consumed', False):
        raise UnsupportedSyntaxError(
            'srcad supports a generator expression (or map/filter) only where it is consumed '
            'at once: by sum, max, min, any, all, sorted, list, tuple, dict, set, zip, '
            'enumerate, math.fsum, functools.reduce or a for loop',
            flat.src.location(node),
            'write a list comprehension [...] instead (NumPy functions need a list)')
    if any(gen.is_async for gen in node.generators):
        raise UnsupportedSyntaxError('srcad does not support async comprehensions',
                                     flat.src.location(node), 'write the loop out')
    acc = flat.namer.temp()
    flat.local.add(acc)
    if isinstance(node, ast.DictComp):
        elt = ast.Tuple([node.key, node.value], ast.Load())
    else:
        elt = node.elt
    append = ast.Attribute(ast.Name(acc, ast.Load()), 'append', ast.Load())
    body = [ast.Expr(ast.Call(append, [copy.deepcopy(elt)], []))]
    for gen in reversed(node.generators):
        for cond in reversed(gen.ifs):
            body = [ast.If(copy.deepcopy(cond), body, [])]
        body = [ast.For(copy.deepcopy(gen.target), copy.deepcopy(gen.iter), body, [])]
    for stmt in (ast.Assign([ast.Name(acc, ast.Store())], ast.List([], ast.Load())), body[0]):
        out.extend(flat.statement(_placed(stmt, node)))
    if isinstance(node, ast.DictComp):
        return ast.Call(flat.iteration('make_dict'), [ast.Name(acc, ast.Load())], [])
    if isinstance(node, ast.SetComp):
        return ast.Call(ast.Name('set', ast.Load()), [ast.Name(acc, ast.Load())], [])
    return ast.Name(acc, ast.Load())


def lower_call(flat, node, out):
    """``map``, ``filter``, ``functools.reduce``, ``sorted``/``max``/``min`` with a
    local key, a lambda called where it stands, and a call of a local value that may
    hold a lambda: the value expression, or None for an ordinary call."""
    func = node.func
    if any(isinstance(a, ast.Starred) for a in node.args) \
            or any(kw.arg is None for kw in node.keywords):
        return None
    if isinstance(func, ast.Lambda):  # (lambda v: ...)(x)
        return flat.inline(lift(flat, func), node, out)
    callee = flat.global_callee(func)
    args, keywords = node.args, {kw.arg: kw.value for kw in node.keywords}
    if callee is map and len(args) >= 2 and not keywords:
        return _map(flat, node, out)
    if callee is filter and len(args) == 2 and not keywords:
        item = _fresh_local(flat, 'item')
        test = ast.Name(item, ast.Load())
        if not (isinstance(args[0], ast.Constant) and args[0].value is None):
            test = _caller(flat, args[0], out)([test])
        gen = ast.GeneratorExp(ast.Name(item, ast.Load()), [ast.comprehension(
            ast.Name(item, ast.Store()), args[1], [test], 0)])
        gen.srcad_consumed = getattr(node, 'srcad_consumed', False)
        return lower(flat, _placed(gen, node), out)
    if callee is functools.reduce and len(args) in (2, 3) and not keywords:
        return _reduce(flat, node, out)
    lazy = isinstance(args[0], ast.GeneratorExp) if args else False
    lazy = lazy or flat.global_callee(getattr(args[0], 'func', None) if args else None) in (
        map, filter)
    if callee is next and 1 <= len(args) <= 2 and not keywords and lazy:
        return _next(flat, node, out)
    allowed = {'key', 'reverse'} if callee is sorted else {'key'}
    if any(callee is c for c in (sorted, max, min)) and len(args) == 1 \
            and _local_function(flat, keywords.get('key')) and set(keywords) <= allowed:
        return _keyed(flat, callee, node, out)
    if not isinstance(func, ast.Attribute) and any(
            hasattr(n, 'srcad_function_value') for n in ast.walk(func)):
        return dispatch(flat, node, out)
    return None


def _local_function(flat, node) -> bool:
    return isinstance(node, ast.Lambda) or isinstance(node, ast.Name) and (
        node.id in flat.functions or node.id in flat.local)


def _caller(flat, f, out):
    """How to call the function expression ``f``: a function of argument expressions
    to the call expression (a lambda is lifted and inlined, an operator function
    becomes its operator, anything local is evaluated once)."""
    if isinstance(f, ast.Lambda):
        f = ast.Name(lift(flat, f).name, ast.Load())
    elif not (isinstance(f, ast.Name) and f.id in flat.functions):
        op = flat.global_callee(f)
        if any(op is k for k in _OPERATORS) and flat.is_atom(f):
            kind = next(v for k, v in _OPERATORS.items() if op is k)
            return lambda args: ast.BinOp(args[0], kind(), args[1])
        if not flat.is_atom(f):
            f = flat.expr(f, out)
    return lambda args: ast.Call(copy.deepcopy(f), list(args), [])


def _map(flat, node, out):
    names = [_fresh_local(flat, 'item') for _ in node.args[1:]]
    call = _caller(flat, node.args[0], out)([ast.Name(n, ast.Load()) for n in names])
    if len(names) == 1:
        target, seq = ast.Name(names[0], ast.Store()), node.args[1]
    else:  # map stops at the shortest, as zip does
        target = ast.Tuple([ast.Name(n, ast.Store()) for n in names], ast.Store())
        seq = ast.Call(ast.Name('zip', ast.Load()), list(node.args[1:]), [])
    gen = ast.GeneratorExp(call, [ast.comprehension(target, seq, [], 0)])
    gen.srcad_consumed = getattr(node, 'srcad_consumed', False)
    return lower(flat, _placed(gen, node), out)


def _reduce(flat, node, out):
    """``reduce(f, xs[, init])``: ``acc = init; for x in xs: acc = f(acc, x)``."""
    combine = _caller(flat, node.args[0], out)
    acc, item = _fresh_local(flat, 'acc'), _fresh_local(flat, 'item')
    load = lambda n: ast.Name(n, ast.Load())  # noqa: E731
    if len(node.args) == 3:
        first = [ast.Assign([ast.Name(acc, ast.Store())], node.args[2])]
        loop = ast.For(ast.Name(item, ast.Store()), node.args[1], [], [])
        element = load(item)
    else:  # the first element starts the accumulation
        items, k = _fresh_local(flat, 'items'), _fresh_local(flat, 'k')
        whole = ast.Call(ast.Name('list', ast.Load()), [node.args[1]], [])
        first = [ast.Assign([ast.Name(items, ast.Store())], whole),
                 ast.Assign([ast.Name(acc, ast.Store())],
                            ast.Subscript(load(items), ast.Constant(0), ast.Load()))]
        bounds = [ast.Constant(1), ast.Call(ast.Name('len', ast.Load()), [load(items)], [])]
        loop = ast.For(ast.Name(k, ast.Store()), ast.Call(ast.Name('range', ast.Load()),
                                                          bounds, []), [], [])
        element = ast.Subscript(load(items), load(k), ast.Load())
    loop.body = [ast.Assign([ast.Name(acc, ast.Store())], combine([load(acc), element]))]
    for stmt in first + [loop]:
        out.extend(flat.statement(_placed(stmt, node)))
    return load(acc)


def _keyed(flat, callee, node, out):
    """``sorted(xs, key=f)`` / ``max(xs, key=f)`` with a local ``f``: the keys in a
    loop, their order (no derivative flows through an order), the items in it."""
    keywords = {kw.arg: kw.value for kw in node.keywords}
    load = lambda n: ast.Name(n, ast.Load())  # noqa: E731
    items, keys, item = (_fresh_local(flat, n) for n in ('items', 'keys', 'item'))
    key = _caller(flat, keywords['key'], out)
    whole = ast.Call(ast.Name('list', ast.Load()), [node.args[0]], [])
    comp = ast.ListComp(key([load(item)]), [ast.comprehension(
        ast.Name(item, ast.Store()), load(items), [], 0)])
    reverse = keywords.get('reverse', ast.Constant(callee is max))
    order = ast.Call(flat.iteration('sort_order'), [load(keys)],
                     [ast.keyword('reverse', reverse)])
    for stmt in (ast.Assign([ast.Name(items, ast.Store())], whole),
                 ast.Assign([ast.Name(keys, ast.Store())], comp)):
        out.extend(flat.statement(_placed(stmt, node)))
    position = _fresh_local(flat, 'order')
    flat.expr(_placed(order, node), out, dest=position)
    if callee is sorted:
        comp = ast.ListComp(ast.Subscript(load(items), load(item), ast.Load()), [
            ast.comprehension(ast.Name(item, ast.Store()), load(position), [], 0)])
        return lower(flat, _placed(comp, node), out)
    first = flat.expr(_placed(ast.Subscript(load(position), ast.Constant(0), ast.Load()), node),
                      out)
    return ast.Subscript(load(items), first, ast.Load())


def _next(flat, node, out):
    """``next(gen[, default])``: the first value of the list, or ``default``."""
    values = flat.expr(node.args[0], out)
    first = ast.Subscript(values, ast.Constant(0), ast.Load())
    if len(node.args) == 1:
        return flat.expr(_placed(first, node), out)
    pick = ast.IfExp(values, first, node.args[1])
    return flat.expr(_placed(pick, node), out)
