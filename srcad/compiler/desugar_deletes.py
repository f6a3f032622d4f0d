"""``del d[k]``, ``d.pop(k)``, ``del xs[i]``, ``xs.pop(i)`` as a new container (a rewrite
of :mod:`.desugar`).

Python removes the entry from the container itself; srcad builds the container
without it and gives it the same name::

    del d[k]        ->  assert k in d
                        d = {key: value for key, value in d.items() if key != k}
    t = xs.pop(i)   ->  t = xs[i]
                        xs = [e for j, e in enumerate(xs) if j != i % len(xs)]
    xs.reverse()    ->  xs = xs[::-1]
    xs.extend(ys)   ->  xs = xs + list(ys)
    xs.insert(i, v) ->  xs = xs[:i] + [v] + xs[i:]

The two agree only when no other name holds the container, so the rewrite is
made only for a container that cannot have another name: a local assigned once,
from a display, a comprehension, ``list(...)`` or ``dict(...)``, and otherwise
only indexed, iterated, measured, tested with ``in`` or read through its
methods -- never assigned to another name, stored in a container, passed to a
function of yours or returned.  Elsewhere ``del`` stays refused.
"""

from __future__ import annotations

import ast
import collections

from .fastast import walk

_METHODS = {'pop', 'get', 'items', 'keys', 'values', 'copy', 'append', 'extend', 'insert',
            'index', 'count', 'reverse', 'sort', 'remove', 'clear', 'update'}
_BUILTINS = {'len', 'sorted', 'list', 'sum', 'tuple', 'dict', 'max', 'min', 'enumerate',
             'zip', 'reversed', 'any', 'all'}


def containers(owner, tree) -> dict:
    """Name -> 'dict' or 'list', for the local containers the rewrite may change."""
    stores = collections.Counter(n.id for n in walk(tree) if isinstance(n, ast.Name)
                                 and not isinstance(n.ctx, ast.Load))
    made = {}
    for stmt in walk(tree):
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 \
                and isinstance(stmt.targets[0], ast.Name) and stores[stmt.targets[0].id] == 1:
            kind = _kind(owner, stmt.value)
            if kind:
                made[stmt.targets[0].id] = kind
    if not made:
        return {}
    parents = {}
    for node in walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    for node in walk(tree):
        if isinstance(node, ast.Name) and node.id in made and isinstance(node.ctx, ast.Load) \
                and not _plain_use(owner, node, parents.get(id(node))):
            del made[node.id]
    return made


def _kind(owner, value):
    if isinstance(value, (ast.Dict, ast.DictComp)):
        return 'dict' if not isinstance(value, ast.Dict) or None not in value.keys else None
    if isinstance(value, (ast.List, ast.ListComp)):
        return 'list'
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) \
            and value.func.id in ('list', 'dict') and owner.exprs.builtin(value.func.id):
        return value.func.id
    return None


def _plain_use(owner, node, up) -> bool:
    if isinstance(up, ast.Subscript) and up.value is node:
        return True
    if isinstance(up, ast.Attribute) and up.attr in _METHODS:
        return True
    if isinstance(up, ast.Compare) and any(c is node for c in up.comparators) and all(
            isinstance(op, (ast.In, ast.NotIn)) for op in up.ops):
        return True
    if isinstance(up, (ast.For, ast.comprehension)) and up.iter is node:
        return True
    if isinstance(up, ast.Call) and any(a is node for a in up.args) and _numpy_function(
            owner, up.func):  # np.stack(xs): NumPy reads the list, keeps no reference to it
        return True
    return isinstance(up, ast.Call) and any(a is node for a in up.args) \
        and isinstance(up.func, ast.Name) and up.func.id in _BUILTINS \
        and owner.exprs.builtin(up.func.id)


def _numpy_function(owner, func) -> bool:
    """Whether ``func`` is ``np.name`` (``np.linalg.name``...) of the module ``numpy``."""
    while isinstance(func, ast.Attribute):
        func = func.value
    if not isinstance(func, ast.Name) or func.id in owner.stored:
        return False
    try:
        value = owner.src.resolve(func.id)
    except (NameError, ValueError):  # (an empty closure cell: ValueError)
        return False
    return getattr(value, '__name__', None) == 'numpy'


def rewrite(owner, stmt, kinds: dict):
    """The statements for a ``del`` or ``pop`` statement ``stmt``, or None."""
    if not all(owner.exprs.builtin(n) for n in ('len', 'enumerate')):
        return None
    if isinstance(stmt, ast.Delete) and len(stmt.targets) == 1:
        target = stmt.targets[0]
        if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) \
                and target.value.id in kinds and not isinstance(target.slice, ast.Slice):
            return _remove(owner, target.value.id, kinds[target.value.id], target.slice, stmt,
                           [], check=True)
        return None
    call, dest = None, None
    if isinstance(stmt, ast.Expr):
        call = stmt.value
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) \
                and call.func.attr == 'reverse' and not call.args and not call.keywords \
                and isinstance(call.func.value, ast.Name) \
                and kinds.get(call.func.value.id) == 'list':  # xs.reverse(): xs = xs[::-1]
            name = call.func.value.id
            flipped = ast.Subscript(ast.Name(name, ast.Load()),
                                    ast.Slice(None, None, ast.Constant(-1)), ast.Load())
            return [_at(ast.Assign([ast.Name(name, ast.Store())], flipped), stmt)]
        joined = _extend_or_insert(owner, call, kinds, stmt)
        if joined is not None:
            return joined
    elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        call, dest = stmt.value, stmt.targets[0]
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr == 'pop' and isinstance(call.func.value, ast.Name)
            and call.func.value.id in kinds and not call.keywords
            and not any(isinstance(a, ast.Starred) for a in call.args)):
        return None
    name, kind = call.func.value.id, kinds[call.func.value.id]
    if kind == 'list' and not call.args:  # xs.pop(): the last entry
        call = ast.Call(call.func, [_at(ast.Constant(-1), call)], [])
    if kind == 'list' and len(call.args) != 1 or len(call.args) > 2 or not call.args:
        return None
    before = []
    key = _atom(owner, call.args[0], before, stmt)
    read = ast.Subscript(ast.Name(name, ast.Load()), key, ast.Load())
    if len(call.args) == 2:  # d.pop(k, default)
        read = ast.IfExp(ast.Compare(_copy(key), [ast.In()], [ast.Name(name, ast.Load())]),
                         read, call.args[1])
    if dest is not None:
        before.append(_at(ast.Assign([dest], read), stmt))
    return _remove(owner, name, kind, key, stmt, before, check=len(call.args) == 1)


def _extend_or_insert(owner, call, kinds, stmt):
    """``xs.extend(ys)``: ``xs = xs + list(ys)``; ``xs.insert(i, v)``: ``xs = xs[:i] + [v]
    + xs[i:]`` (what ``list.insert`` does for any integer ``i``, negative or past the
    end); the joins are differentiated by :mod:`srcad.compiler.joins`.  None for any
    other statement."""
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr in ('extend', 'insert') and isinstance(call.func.value, ast.Name)
            and kinds.get(call.func.value.id) == 'list' and not call.keywords
            and len(call.args) == (1 if call.func.attr == 'extend' else 2)
            and not any(isinstance(a, ast.Starred) for a in call.args)
            and owner.exprs.builtin('list')):
        return None
    name, before = call.func.value.id, []
    if call.func.attr == 'extend':
        joined = ast.BinOp(ast.Name(name, ast.Load()), ast.Add(),
                           ast.Call(ast.Name('list', ast.Load()), [call.args[0]], []))
    else:
        where = _atom(owner, call.args[0], before, stmt)
        head = ast.Subscript(ast.Name(name, ast.Load()), ast.Slice(None, where, None), ast.Load())
        tail = ast.Subscript(ast.Name(name, ast.Load()), ast.Slice(_copy(where), None, None),
                             ast.Load())
        joined = ast.BinOp(ast.BinOp(head, ast.Add(), ast.List([call.args[1]], ast.Load())),
                           ast.Add(), tail)
    before.append(_at(ast.Assign([ast.Name(name, ast.Store())], joined), stmt))
    return before


def _remove(owner, name, kind, key, stmt, before, check):
    key = _atom(owner, key, before, stmt)
    if check:  # (Python raises KeyError / IndexError there)
        test = ast.Compare(_copy(key), [ast.In()], [ast.Name(name, ast.Load())]) \
            if kind == 'dict' else ast.Compare(
                ast.UnaryOp(ast.USub(), _len(name)), [ast.LtE(), ast.Lt()], [_copy(key), _len(name)])
        message = ast.Constant(f'{name}[{ast.unparse(key)}] is not there')
        before.append(_at(ast.Assert(test, message), stmt))
    k, v = owner.fresh('key'), owner.fresh('entry')
    if kind == 'dict':
        comp = ast.DictComp(ast.Name(k, ast.Load()), ast.Name(v, ast.Load()), [ast.comprehension(
            ast.Tuple([ast.Name(k, ast.Store()), ast.Name(v, ast.Store())], ast.Store()),
            ast.Call(ast.Attribute(ast.Name(name, ast.Load()), 'items', ast.Load()), [], []),
            [ast.Compare(ast.Name(k, ast.Load()), [ast.NotEq()], [_copy(key)])], 0)])
    else:
        where = ast.BinOp(_copy(key), ast.Mod(), _len(name))
        comp = ast.ListComp(ast.Name(v, ast.Load()), [ast.comprehension(
            ast.Tuple([ast.Name(k, ast.Store()), ast.Name(v, ast.Store())], ast.Store()),
            ast.Call(ast.Name('enumerate', ast.Load()), [ast.Name(name, ast.Load())], []),
            [ast.Compare(ast.Name(k, ast.Load()), [ast.NotEq()], [where])], 0)])
    before.append(_at(ast.Assign([ast.Name(name, ast.Store())], comp), stmt))
    return before


def _atom(owner, node, before, stmt):
    if isinstance(node, (ast.Name, ast.Constant)):
        return node
    temp = owner.fresh('key')
    before.append(_at(ast.Assign([ast.Name(temp, ast.Store())], node), stmt))
    return ast.Name(temp, ast.Load())


def _len(name):
    return ast.Call(ast.Name('len', ast.Load()), [ast.Name(name, ast.Load())], [])


def _copy(node):
    from .fastast import copy_tree
    return copy_tree(node)


def _at(new, old):
    for n in ast.walk(new):
        if 'lineno' in n._attributes and not hasattr(n, 'lineno'):
            ast.copy_location(n, old)
    return new
