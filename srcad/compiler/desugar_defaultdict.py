"""``collections.defaultdict`` as a plain dict (a rewrite of :mod:`.desugar`).

``d = defaultdict(float)`` becomes ``d = {}``, and every statement that reads
``d[k]`` (``d[k] += v``, ``d[k].append(v)``, ``y = d[k]``) gets
``if k not in d: d[k] = 0.0`` before it -- what ``__missing__`` does, at the
same moment.  Done only when that is all the function does with ``d``: ``d``
is assigned once, the factory is ``float``, ``int``, ``list``, ``dict`` or a
``lambda`` returning a constant, the keys are names or constants, every read
``d[k]`` sits where Python always evaluates it (or, when ``d`` is only ever
subscripted and its default is a number, ``d[k]`` in a comprehension becomes
``d[k] if k in d else 0.0``: the key it would insert nobody can see), no
statement reads ``d[k]`` and ``d`` itself, and ``d`` itself is only
iterated, measured (``len``), tested (``k in d``) or read through ``.items()``,
``.keys()``, ``.values()``, ``.get(...)``.  Anything else (``d`` passed to a
function or returned) is left alone, and refused when the code runs (srcad
follows plain dicts only).
"""

from __future__ import annotations

import ast
import collections

from .fastast import walk

_READS = ('items', 'keys', 'values', 'get')
_FACTORIES = {'float': 0.0, 'int': 0}


def lower(owner, tree) -> None:
    """Rewrite each defaultdict of ``tree`` that qualifies, in place."""
    for name, call, default in _candidates(owner, tree):
        if not _plain_uses(tree, name, call):
            continue
        guarded = _Guards(name, default, _only_subscripts(tree, name, call))
        body = guarded.block(tree.body)
        if guarded.failed:
            continue
        tree.body = body
        for read in guarded.lookups:
            # the missing key is not inserted, which nothing can see: d is read only
            # through d[k], and its default is a number
            found = ast.IfExp(ast.Compare(_copy(read.slice), [ast.In()],
                                          [ast.Name(name, ast.Load())]),
                              _copy(read), guarded.default())
            _replace(tree, read, _deep_at(found, read))
        call.srcad_defaultdict = True
        _replace(tree, call, ast.copy_location(ast.Dict([], []), call))
        owner.changed = True


def _candidates(owner, tree):
    stores = collections.Counter(n.id for n in walk(tree) if isinstance(n, ast.Name)
                                 and not isinstance(n.ctx, ast.Load))
    for stmt in walk(tree):
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name) and isinstance(stmt.value, ast.Call)):
            continue
        call, name = stmt.value, stmt.targets[0].id
        if stores[name] != 1 or call.keywords or len(call.args) != 1 \
                or _resolve(owner, call.func) is not collections.defaultdict:
            continue
        default = _default(owner, call.args[0])
        if default is not None:
            yield name, call, default


def _resolve(owner, func):
    path = []
    while isinstance(func, ast.Attribute):
        path.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name) or func.id in owner.stored:
        return None
    try:
        obj = owner.src.resolve(func.id)
    except NameError:
        return owner.imported.get(func.id)
    for attr in reversed(path):
        obj = getattr(obj, attr, None)
    return obj


def _default(owner, factory):
    """The expression a missing key gets, or None."""
    if isinstance(factory, ast.Name) and owner.exprs.builtin(factory.id):
        if factory.id in _FACTORIES:
            return lambda: ast.Constant(_FACTORIES[factory.id])
        if factory.id == 'list':
            return lambda: ast.List([], ast.Load())
        if factory.id == 'dict':
            return lambda: ast.Dict([], [])
    if isinstance(factory, ast.Lambda) and not factory.args.args \
            and isinstance(factory.body, ast.Constant):
        value = factory.body.value
        return lambda: ast.Constant(value)
    return None


def _plain_uses(tree, name, call) -> bool:
    parents = {}
    for node in walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    for node in walk(tree):
        if not (isinstance(node, ast.Name) and node.id == name
                and isinstance(node.ctx, ast.Load)):
            continue
        up = parents.get(id(node))
        if isinstance(up, ast.Subscript) and up.value is node and _key_ok(up.slice):
            continue
        if isinstance(up, ast.Attribute) and up.attr in _READS:
            continue
        if isinstance(up, ast.Compare) and node in up.comparators and all(
                isinstance(op, (ast.In, ast.NotIn)) for op in up.ops):
            continue
        if isinstance(up, (ast.For, ast.comprehension)) and up.iter is node:
            continue
        if isinstance(up, ast.Call) and up.args == [node] and isinstance(up.func, ast.Name) \
                and up.func.id in ('len', 'sorted', 'list'):
            continue
        return False
    return True


def _only_subscripts(tree, name, call) -> bool:
    subscripted = {id(n.value) for n in walk(tree) if isinstance(n, ast.Subscript)}
    return all(id(n) in subscripted for n in walk(tree)
               if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load))


def _deep_at(new, old):
    for n in ast.walk(new):
        if 'lineno' in n._attributes and not hasattr(n, 'lineno'):
            ast.copy_location(n, old)
    return new


def _key_ok(key) -> bool:
    if isinstance(key, ast.Tuple):
        return all(_key_ok(e) for e in key.elts)
    return isinstance(key, (ast.Name, ast.Constant))


class _Guards:
    """Puts ``if k not in d: d[k] = default`` before each statement reading ``d[k]``."""

    def __init__(self, name, default, only_subscripts):
        self.name, self.default, self.failed = name, default, False
        self.only_subscripts = only_subscripts
        self.immutable = isinstance(default(), ast.Constant)
        self.lookups = []  # reads where a guard cannot go (in a comprehension, after and)

    def block(self, stmts):
        out = []
        for stmt in stmts:
            if hasattr(stmt, 'cases'):  # (a match: its blocks are not walked here)
                self.failed = self.failed or any(
                    isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name)
                    and n.value.id == self.name for n in walk(stmt))
            for field in ('body', 'orelse', 'finalbody'):
                inner = getattr(stmt, field, None)
                if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                    setattr(stmt, field, self.block(inner))
            for handler in getattr(stmt, 'handlers', ()):
                handler.body = self.block(handler.body)
            if isinstance(stmt, ast.FunctionDef):
                if self._reads(stmt, everywhere=True):
                    self.failed = True
                out.append(stmt)
                continue
            keys = self._reads(stmt)
            for key in keys:
                out.append(self._guard(key, stmt))
            out.append(stmt)
        return out

    def _reads(self, stmt, everywhere=False):
        """The keys of ``d[k]`` read by ``stmt`` itself (not its nested blocks)."""
        if isinstance(stmt, ast.While) and not everywhere:
            for n in walk(stmt.test):
                if self._is_read(n):
                    if self.only_subscripts and self.immutable:
                        self.lookups.append(n)
                    else:
                        self.failed = True
            return []
        if everywhere:
            parts = [stmt]
        else:
            parts = [getattr(stmt, f) for f in ('value', 'test', 'iter', 'target', 'targets',
                                                'items', 'exc', 'msg')
                     if getattr(stmt, f, None) is not None]
            parts = [p for part in parts for p in (part if isinstance(part, list) else [part])]
            parts = [p.context_expr if isinstance(p, ast.withitem) else p for p in parts]
        keys = []
        for part in parts:
            for n in _unconditional(part):
                if self._is_read(n):
                    keys.append(n.slice)
            for n in walk(part):
                if self._is_read(n) and not any(n.slice is k for k in keys):
                    if self.only_subscripts and self.immutable:
                        self.lookups.append(n)  # (d[k] if k in d else 0.0: see lower)
                    else:
                        self.failed = True  # (read where it may not run: left alone)
        if isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Subscript) \
                and isinstance(stmt.target.value, ast.Name) and stmt.target.value.id == self.name:
            keys.append(stmt.target.slice)
        if keys and not everywhere:
            # d itself read in the same statement (len(d), d.items()...) might see the
            # key inserted before Python would insert it
            bases = {id(n.value) for part in parts for n in walk(part) if self._is_read(n)
                     or isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name)}
            if any(isinstance(n, ast.Name) and n.id == self.name and id(n) not in bases
                   for part in parts for n in walk(part)):
                self.failed = True
        return keys

    def _is_read(self, n) -> bool:
        return isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) \
            and n.value.id == self.name and isinstance(n.ctx, ast.Load)

    def _guard(self, key, stmt):
        test = ast.Compare(_copy(key), [ast.NotIn()], [ast.Name(self.name, ast.Load())])
        fill = ast.Assign([ast.Subscript(ast.Name(self.name, ast.Load()), _copy(key),
                                         ast.Store())], self.default())
        guard = ast.If(test, [fill], [])
        for n in ast.walk(guard):
            if 'lineno' in n._attributes:
                ast.copy_location(n, stmt)
        return guard


def _unconditional(node):
    """The nodes of ``node`` Python always evaluates when it evaluates ``node``."""
    out, todo = [], [node]
    while todo:
        n = todo.pop()
        out.append(n)
        if isinstance(n, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp,
                          ast.GeneratorExp)):
            continue
        if isinstance(n, ast.BoolOp):
            todo.append(n.values[0])
        elif isinstance(n, ast.IfExp):
            todo.append(n.test)
        else:
            todo.extend(ast.iter_child_nodes(n))
    return out


def _copy(node):
    from .fastast import copy_tree
    return copy_tree(node)


def _replace(tree, old, new) -> None:
    for node in walk(tree):
        for field, value in ast.iter_fields(node):
            if value is old:
                setattr(node, field, new)
            elif isinstance(value, list) and any(v is old for v in value):
                setattr(node, field, [new if v is old else v for v in value])
