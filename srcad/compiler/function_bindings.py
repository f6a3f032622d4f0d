"""Which ``def`` (or named lambda) a call of a local function name means.

srcad writes a nested function out where it is called, choosing it by name at compile
time (:meth:`srcad.compiler.flatten_calls.CallLowering.inline`): the ``def`` the
flattener passed last.  Python calls the binding that ran last, which depends on the
branch taken and the loop round.  For each function scope (the differentiated
function, each nested def and lambda) and each name it binds by a ``def`` or
``name = lambda``, :func:`mark` finds, for each read of the name, the binding that
surely ran last before it: the last one before it in an enclosing statement list, with
no binding between them on any path (none in a statement between them, none in a loop
around the read inside that list, none in a ``try`` body before a handler).  ``name =
value`` counts as a binding (the call then calls that value).  A read in a nested
function may mean any binding of a name bound only by statements of the scope's own
body, in order (the flattener follows them where it writes the nested function out).

The check (:func:`inlines`, :func:`entering`) compares the key of the binding the
read means with the ``def`` the flattener is about to write out; a mismatch (a read
before the ``def``; a nested function's own ``def act`` written out in between) is
refused.  A read whose binding is not sure (``if c: def act ... else: def act``, a
``def`` overridden in an ``if``, a lambda rebound later in a loop) is, in the
differentiated function itself, a call that tests which binding is live
(:mod:`srcad.compiler.function_dispatch`); elsewhere (a nested function, whose names are
renamed each time it is written out; a name also a parameter, imported, rebound by
``nonlocal``...) it is refused.
"""

from __future__ import annotations

import ast
import dataclasses
import itertools
from dataclasses import dataclass

from ..errors import UnsupportedSyntaxError
from .fastast import children, walk_all
from .nested_scopes import own_names

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_ids = itertools.count(1)
HINT = ('bind the name once (a def or a lambda before its calls, in the same block), '
        'or give each function a name of its own and choose by calling: '
        '`y = act_a(x) if c else act_b(x)`')


@dataclass(frozen=True)
class Binding:
    """On a ``def``'s (or named lambda's) ``args``: which binding it is, why calls of
    its name that carry no :class:`Read` are refused (None: they are not), and whether
    it assigns its name a token (:mod:`srcad.compiler.function_dispatch`)."""
    key: int
    why: str | None
    token: bool = False


@dataclass(frozen=True)
class Read:
    """On a read of a local function name: the bindings of its scope it may mean; for
    a call that tests which one is live, ``functions`` ((key, binding statement) pairs)
    and ``values`` (global functions also assigned to the name)."""
    keys: frozenset
    why: str | None
    functions: tuple = ()
    values: tuple = ()
    name: str = ''  # (as the user wrote it: a nested function's locals are renamed)


def mark(tree, top: bool = False) -> None:
    """Mark the bindings and reads of the local function names of ``tree`` (a def or
    lambda) and of every function nested in it; once per tree.  ``top``: ``tree`` is
    the differentiated function (its names are never renamed), where a read srcad
    cannot resolve becomes a test of which binding is live instead of a refusal."""
    if getattr(tree, 'srcad_bindings_marked', False):
        return
    tree.srcad_bindings_marked = True
    body = tree.body if isinstance(tree.body, list) else [tree.body]
    inner = [n for n in walk_all(list(body)) if isinstance(n, _SCOPES)]
    if not inner:
        return  # (no def, no lambda: nothing to mark, most functions)
    for scope in [tree] + inner:
        scope.srcad_bindings_marked = True
        _mark_scope(scope, top and scope is tree)


def inlines(flat, node) -> bool:
    """Whether the call ``node`` (of a name) calls a local function the flattener
    writes out (else it calls the value the name holds); refused when srcad cannot
    tell which one runs (see the module docstring)."""
    name = node.func.id
    read = getattr(node.func, 'srcad_read', None)
    if read is not None and read.why is None and not read.keys:
        return False  # (name = np.tanh last: a call of that value)
    fn = flat.functions.get(name)
    if fn is None and read is None:
        return False
    _check(flat, fn, node)
    return True


def entering(flat, fn, call) -> None:
    """Before ``fn`` is written out at ``call``: mark its own nested functions, and
    refuse if ``call`` may mean another function of the name."""
    mark(fn)
    if isinstance(call, ast.Call) and isinstance(call.func, ast.Name):
        _check(flat, fn, call)


def _check(flat, fn, node) -> None:
    name = node.func.id
    binding = getattr(fn.args, 'srcad_binding', None) if fn is not None else None
    read = getattr(node.func, 'srcad_read', None)
    if read is None:
        why = binding.why if binding is not None else None
    elif read.why is not None:
        why = read.why
    elif binding is None or binding.key not in read.keys:
        why = (f'the call of {name} may run before its def, or a def of {name} in '
               f'another function was the last srcad wrote out')
    else:
        why = None
    if why is not None:
        name = read.name if read is not None and read.name else name
        raise UnsupportedSyntaxError(
            f'srcad writes the local function {name} out where it is called, choosing '
            f'it by name, and cannot tell which function this call runs: {why}',
            flat.src.location(node), HINT)


# -- the analysis -------------------------------------------------------------------
def _own_nodes(stmts):
    """The nodes of ``stmts`` in their own scope (a nested function's defaults and
    decorators, not its body)."""
    todo = list(stmts)
    while todo:
        node = todo.pop()
        yield node
        if isinstance(node, _SCOPES):
            a = node.args
            todo.extend(a.defaults + [d for d in a.kw_defaults if d is not None])
            todo.extend(getattr(node, 'decorator_list', []))
            continue
        todo.extend(children(node))


def _inner_nodes(scope):
    """Every node inside ``scope``, nested functions' bodies included."""
    return walk_all(list(scope.body) if isinstance(scope.body, list) else [scope.body])


def _blocks_of(stmt) -> list:
    """The statement lists directly inside ``stmt`` (none for a nested function)."""
    if isinstance(stmt, _SCOPES + (ast.ClassDef,)):
        return []
    out = [getattr(stmt, f) for f in ('body', 'orelse', 'finalbody')
           if isinstance(getattr(stmt, f, None), list) and getattr(stmt, f)]
    out += [h.body for h in getattr(stmt, 'handlers', [])]
    out += [c.body for c in getattr(stmt, 'cases', [])]
    return out


def _reads(block, chain=()):
    """``(read, chain)`` for each read of a name in ``block``'s own scope, ``chain`` the
    ``(statement list, index)`` pairs from ``block`` down to the statement holding it."""
    for j, stmt in enumerate(block):
        here = chain + ((block, j),)
        inner = _blocks_of(stmt)
        skip = {id(s) for b in inner for s in b}
        todo = [stmt]
        while todo:
            node = todo.pop()
            if id(node) in skip:
                continue
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                yield node, here
            if isinstance(node, _SCOPES):
                a = node.args
                todo.extend(a.defaults + [d for d in a.kw_defaults if d is not None])
                todo.extend(getattr(node, 'decorator_list', []))
                continue
            todo.extend(children(node))
        for b in inner:
            yield from _reads(b, here)


def _function_binding(stmt) -> str | None:
    if isinstance(stmt, ast.FunctionDef):
        return stmt.name
    if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Lambda) \
            and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
        return stmt.targets[0].id
    return None


def _value_binding(stmt) -> str | None:
    """``name = value`` (one name, not a lambda): the name then holds that value."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 \
            and isinstance(stmt.targets[0], ast.Name) and not isinstance(stmt.value, ast.Lambda):
        return stmt.targets[0].id
    return None


def _all_blocks(block):
    yield block
    for stmt in block:
        for b in _blocks_of(stmt):
            yield from _all_blocks(b)


def _mark_scope(scope, top) -> None:
    if not isinstance(scope.body, list):
        return  # (a lambda binds nothing a def could be among)
    sites = {}  # name -> {id(statement): key or None (a value)} of its bindings
    for block in _all_blocks(scope.body):
        for stmt in block:
            name = _function_binding(stmt)
            if name is not None:
                sites.setdefault(name, {})[id(stmt)] = next(_ids)
    if not sites:
        return
    for block in _all_blocks(scope.body):
        for stmt in block:
            name = _value_binding(stmt)
            if name in sites:
                sites[name][id(stmt)] = None
    own = list(_own_nodes(scope.body))
    others = _other_bindings(scope, sites, own)
    reads = {}
    for node, chain in _reads(scope.body):
        if node.id in sites:
            reads.setdefault(node.id, []).append((node, chain))
    for name, keys in sites.items():
        holds = set()
        _containing(scope.body, keys, holds)
        marks = [(node, _reaching(name, keys, holds, chain, others.get(name)))
                 for node, chain in reads.get(name, [])]
        inner = [node for fn in own if isinstance(fn, _SCOPES)
                 for node in _free_reads(fn, name)]
        nested = _nested_read(scope, name, keys, others.get(name)) if inner else None
        why = next((r.why for _, r in marks + [(None, nested)] if r and r.why), None)
        token = bool(top and why and not others.get(name))
        if token:  # (each unresolved read tests which binding is live)
            test = _tested(scope, name, keys, own)
            marks = [(node, test if read.why else read) for node, read in marks]
            nested = test if nested else None  # (its def no longer kept by name)
        for node, read in marks:
            node.srcad_read = dataclasses.replace(read, name=name)
        for node in inner:
            node.srcad_read = dataclasses.replace(nested, name=name)
        for stmt in own:
            key = keys.get(id(stmt))
            if key is not None:
                target = stmt.value if isinstance(stmt, ast.Assign) else stmt
                target.args.srcad_binding = Binding(key, why, token)


def _other_bindings(scope, sites, own) -> dict:
    """name -> what else binds it in ``scope`` (a parameter, ``for name in``...)."""
    out = {}
    a = scope.args
    for p in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg]:
        if p is not None and p.arg in sites:
            out[p.arg] = f'{p.arg} is also a parameter'
    targets = set()  # (the targets of the bindings themselves)
    for node in own:
        if isinstance(node, ast.Assign) \
                and (_function_binding(node) or _value_binding(node)) in sites:
            targets.add(id(node.targets[0]))
    for node in own:
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load) \
                and node.id in sites and id(node) not in targets:
            out.setdefault(node.id, f'{node.id} is also bound at line {node.lineno}')
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            for n in node.names:
                if n in sites:
                    out.setdefault(n, f'{n} is declared {type(node).__name__.lower()}')
        elif isinstance(node, (ast.AsyncFunctionDef, ast.ClassDef)) and node.name in sites:
            out.setdefault(node.name, f'{node.name} is also defined at line {node.lineno}')
        elif isinstance(node, ast.alias) and (node.asname or node.name) in sites:
            out.setdefault(node.asname or node.name, 'it is also imported')
        elif isinstance(node, ast.ExceptHandler) and node.name in sites:
            out.setdefault(node.name, f'{node.name} also names an exception')
    for node in _inner_nodes(scope):  # nonlocal name in a nested function: rebinds it
        if isinstance(node, ast.Nonlocal):
            for n in node.names:
                if n in sites:
                    out.setdefault(n, f'a nested function rebinds {n} (nonlocal, line '
                                      f'{node.lineno})')
    return out


def _containing(block, keys, holds) -> bool:
    """Add to ``holds`` each statement of ``block`` that is or holds a binding among
    ``keys`` (bindings are statements: found through the statement lists)."""
    found = False
    for stmt in block:
        inside = [_containing(b, keys, holds) for b in _blocks_of(stmt)]
        if id(stmt) in keys or any(inside):
            holds.add(id(stmt))
            found = True
    return found


def _binds(stmts, holds) -> bool:
    return any(id(s) in holds for s in stmts)


def _reaching(name, keys, holds, chain, other) -> Read:
    """What the read at the end of ``chain`` means: the one binding that surely ran last
    before it, or why srcad cannot tell."""
    if other:
        return Read(frozenset(), other)
    for k in range(len(chain) - 1, -1, -1):
        block, j = chain[k]
        before = [i for i in range(j) if id(block[i]) in keys]
        if before:
            break
    else:
        return Read(frozenset(), f'{name} is read where no def of it has surely run')
    i = before[-1]
    reach = block[i]
    maybe = f'{name} may have been bound again, on another path, since line ' \
            f'{block[i].lineno}'
    if _binds(block[i + 1:j], holds):
        return Read(frozenset(), maybe)
    for level in range(k, len(chain)):
        block, j = chain[level]
        stmt = block[j]
        if level > k and _binds(block[:j], holds):
            return Read(frozenset(), maybe)
        if level + 1 == len(chain) and not isinstance(stmt, (ast.For, ast.While)):
            break
        inner = chain[level + 1][0] if level + 1 < len(chain) else None
        if isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)):
            if _binds([stmt], holds):  # (a binding later in the loop: the next round)
                return Read(frozenset(), f'{name} is bound again inside the loop at line '
                                         f'{stmt.lineno}, around this read')
        elif not isinstance(stmt, ast.If) and any(
                _binds(b, holds) for b in _blocks_of(stmt) if b is not inner):
            return Read(frozenset(), maybe)  # (try: its body may have run, in part)
    key = keys[id(reach)]
    return Read(frozenset() if key is None else frozenset([key]), None)


def _nested_read(scope, name, keys, other) -> Read:
    """What a read of ``name`` in a nested function means (it may be called anywhere
    after its def): any of the bindings when all are statements of ``scope``'s own body
    (which one, srcad's flattener follows in order), else refused."""
    if other:
        return Read(frozenset(), other)
    top = {id(s) for s in scope.body}
    if any(k not in top for k in keys):
        return Read(frozenset(), f'a nested function reads {name}, which is bound inside '
                                 f'a block (it may be called where another binding, or '
                                 f'none, is live)')
    if any(v is None for v in keys.values()):
        return Read(frozenset(), f'a nested function reads {name}, which is not always '
                                 f'a def')
    return Read(frozenset(keys.values()), None)


def _tested(scope, name, keys, own) -> Read:
    """The :class:`Read` of a call that tests which binding of ``name`` is live."""
    stmts = {id(s): s for s in own if id(s) in keys}
    local = own_names(scope)
    functions = tuple((key, stmts[i]) for i, key in keys.items() if key is not None)
    values = []
    for i, key in keys.items():
        value = stmts[i].value if key is None else None
        root = value
        while isinstance(root, ast.Attribute):
            root = root.value
        if isinstance(root, ast.Name) and root.id not in local \
                and not any(ast.dump(value) == ast.dump(v) for v in values):
            values.append(value)  # (name = np.tanh: a global function)
    return Read(frozenset(k for k, _ in functions), None, functions, tuple(values))


def _free_reads(fn, name):
    """The reads of ``name`` in ``fn`` (and functions nested in it) that mean the
    enclosing scope's ``name``."""
    if name in own_names(fn):
        return
    body = fn.body if isinstance(fn.body, list) else [fn.body]
    for node in _own_nodes(body):
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load):
            yield node
        elif isinstance(node, _SCOPES):
            yield from _free_reads(node, name)
