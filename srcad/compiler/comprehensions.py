"""Comprehensions, generator expressions, lambdas, map, filter and functools.reduce.

All of them are lowered, while normalizing, to the loops and calls srcad already
differentiates:

- ``[e for x in xs if c]`` (and set/dict comprehensions, generator expressions)
  becomes ``acc = []; for x in xs: if c: acc.append(e)``; a dict comprehension
  appends ``(k, v)`` pairs and ends in ``dict(pairs)``, a set one in ``set(acc)``.
  A generator expression is read as the list of its values, so it is accepted
  only where it is consumed at once, front to back (by ``sum``, ``max``, a ``for``
  loop, ...: :data:`CONSUMERS`); anywhere else a list would behave differently.
  Where the consumer takes values one at a time and that shows (a ``for`` loop,
  ``zip``, ``any``/``all``/``next`` over elements with effects), the elements are
  computed one per iteration instead (:mod:`srcad.compiler.lazy_generators`).
- Each comprehension's variables get names of their own (:func:`prepare`, in
  :mod:`srcad.compiler.comprehension_prepare`) unless
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
import operator

from ..errors import UnsupportedSyntaxError
from . import lazy_generators
from .comprehension_prepare import COMPREHENSIONS, CONSUMERS, prepare  # noqa: F401
from .lambdas import (LAMBDA_HINT, _callee, _fresh_local, _placed, dispatch,  # noqa: F401
                      function_value, lift)

_OPERATORS = {operator.add: ast.Add, operator.sub: ast.Sub, operator.mul: ast.Mult,
              operator.truediv: ast.Div, operator.matmul: ast.MatMult, operator.pow: ast.Pow}

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
    if isinstance(node, ast.GeneratorExp):
        lazy_generators.refuse_effects(flat, node)
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
        return lower(flat, _filter(flat, node, out), out)
    if callee is functools.reduce and len(args) in (2, 3) and not keywords:
        return _reduce(flat, node, out)
    lazy = isinstance(args[0], ast.GeneratorExp) if args else False
    lazy = lazy or flat.global_callee(getattr(args[0], 'func', None) if args else None) in (
        map, filter)
    if any(callee is c for c in (any, all, next)) and args and not keywords and lazy:
        return _short_circuit(flat, callee, node, out)
    if any(callee is c for c in (any, all, next)) and args:
        lazy_generators.refuse_generator_call(flat, args[0], f'{callee.__name__}()')
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


def _short_circuit(flat, callee, node, out):
    """``any``/``all``/``next`` of a generator (or map/filter): a loop that stops early
    where the elements have effects (:mod:`.lazy_generators`), else as before."""
    first = node.args[0]
    if not isinstance(first, ast.GeneratorExp):  # map(...) / filter(...)
        node = copy.copy(node)
        node.args = [generator_of(flat, first, out)] + node.args[1:]
    lowered = lazy_generators.short_circuit(flat, callee, node, out)
    if lowered is not None:
        return lowered
    if callee is next and 1 <= len(node.args) <= 2:
        return _next(flat, node, out)
    return flat.call(node, out)


def generator_of(flat, node, out):
    """``map(f, xs)``/``filter(p, xs)`` as a generator expression (the function is
    evaluated once, into ``out``); anything else as it is."""
    callee = flat.global_callee(getattr(node, 'func', None)) if isinstance(node, ast.Call) else None
    if callee is map and len(node.args) >= 2 and not node.keywords:
        return _map(flat, node, out, whole=False)
    if callee is filter and len(node.args) == 2 and not node.keywords:
        return _filter(flat, node, out)
    return node


def lazy_for(flat, stmt, out) -> bool:
    """``for`` over a generator expression (or map/filter): one element per
    iteration (:func:`srcad.compiler.lazy_generators.for_loop`)."""
    it = generator_of(flat, stmt.iter, out)
    if it is not stmt.iter:
        stmt = copy.copy(stmt)
        stmt.iter = it
    return lazy_generators.for_loop(flat, stmt, out)


def _filter(flat, node, out):
    args = node.args
    item = _fresh_local(flat, 'item')
    test = ast.Name(item, ast.Load())
    if not (isinstance(args[0], ast.Constant) and args[0].value is None):
        test = _caller(flat, args[0], out)([test])
    gen = ast.GeneratorExp(ast.Name(item, ast.Load()), [ast.comprehension(
        ast.Name(item, ast.Store()), args[1], [test], 0)])
    gen.srcad_consumed = getattr(node, 'srcad_consumed', False)
    gen.srcad_consumer = getattr(node, 'srcad_consumer', None)
    return _placed(gen, node)


def _map(flat, node, out, whole=True):
    names = [_fresh_local(flat, 'item') for _ in node.args[1:]]
    call = _caller(flat, node.args[0], out)([ast.Name(n, ast.Load()) for n in names])
    if len(names) == 1:
        target, seq = ast.Name(names[0], ast.Store()), node.args[1]
    else:  # map stops at the shortest, as zip does
        target = ast.Tuple([ast.Name(n, ast.Store()) for n in names], ast.Store())
        seq = ast.Call(ast.Name('zip', ast.Load()), list(node.args[1:]), [])
    gen = ast.GeneratorExp(call, [ast.comprehension(target, seq, [], 0)])
    gen.srcad_consumed = getattr(node, 'srcad_consumed', False)
    gen.srcad_consumer = getattr(node, 'srcad_consumer', None)
    return lower(flat, _placed(gen, node), out) if whole else _placed(gen, node)


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
