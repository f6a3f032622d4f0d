"""Refuse element writes whose effect srcad would not reproduce.

srcad compiles ``x[i] = v`` as ``x = setitem(x, i, v)``: a new value for the
name ``x``, leaving the old buffer alone (so the caller's arrays are never
modified and the backward sweep can read the old values).  In Python the
write changes the buffer itself, visible through every other name for it: a
copy ``y = x``, a view ``y = x[1:]``, ``x.T``, ``x.reshape(...)``, a list
holding ``x``.  When such another name is read after the write, the two
semantics differ, and srcad refuses with a clear error instead of computing
a different function.
"""

from __future__ import annotations

import ast

import numpy as np

from . import runtime
from .errors import UnsupportedSyntaxError
from .ir import ForRange, WhileLoop
from .names import assigned_names, live_in
from .parse import FunctionSource

VIEW_METHODS = {'reshape', 'ravel', 'transpose', 'squeeze', 'swapaxes', 'view', 'diagonal',
                'T', 'real', 'imag', 'flat'}
VIEW_FUNCTIONS = {np.reshape, np.ravel, np.transpose, np.squeeze, np.expand_dims,
                  np.swapaxes, np.moveaxis, np.broadcast_to, np.asarray, np.atleast_1d,
                  np.atleast_2d, np.atleast_3d, np.diagonal, np.asanyarray}


def check_writes(body: list, src: FunctionSource, resolver, same_variable=None) -> None:
    """Raise if a written array is read afterwards through another name.

    One pass in program order tracks which names may share a buffer with
    which (a copy or a view shares; anything else makes a new buffer).
    """
    same_variable = same_variable or (lambda a, b: a == b)
    _check_calls(body, src, resolver)
    order = list(_in_order(body, loops=()))
    buffer = {}  # name -> token of the data it may refer to
    packs = {}   # name of a tuple or list built here -> the atoms it holds
    for k, (stmt, loops) in enumerate(order):
        if not isinstance(stmt, ast.Assign):
            continue
        target = _written(stmt, resolver)
        if target is not None:
            _check_one(stmt, target, buffer, order[k + 1:], loops, src, same_variable)
        if isinstance(stmt.value, (ast.Tuple, ast.List)):
            packs[stmt.targets[0].id] = stmt.value.elts
        pairs = _alias_pairs(stmt, resolver, packs, buffer)
        for _, source in pairs:
            buffer.setdefault(source, source)  # a parameter: its own data
        for name in assigned_names([stmt]):
            sources = [buffer.get(b, b) for a, b in pairs if a == name]
            buffer[name] = sources[0] if sources else ('new', k, name)


def _check_one(stmt, target, buffer, after, loops, src, same_variable):
    token = buffer.get(target, target)
    others = sorted(n for n, t in buffer.items() if t == token and n != target
                    and not same_variable(n, target))  # x_1 is srcad's own name for x
    later = [s for s, _ in after]
    for other in others:
        next_round = any(other in live_in(loop.body)
                         and any(_reads(s, other) for s in _flat(loop.body)) for loop in loops)
        if next_round or _read_before_rebound(later, other):
            raise UnsupportedSyntaxError(
                f'srcad does not support writing into {target!r} while {other!r} '
                f'refers to the same data and is read afterwards', src.location(stmt),
                f'copy first (e.g. {target} = {target}.copy()) so the write '
                f'changes only {target!r}')


def _written(stmt, resolver):
    """The array name ``stmt`` writes into (``x = setitem(x, ...)``), if any."""
    value = getattr(stmt, 'value', None)
    if isinstance(stmt, ast.Assign) and isinstance(value, ast.Call) \
            and resolver.callee(value.func) is runtime.setitem \
            and isinstance(value.args[0], ast.Name):
        return value.args[0].id
    return None


def _alias_pairs(stmt, resolver, packs=None, buffer=None):
    targets = [n.id for n in ast.walk(stmt.targets[0]) if isinstance(n, ast.Name)]
    value = stmt.value
    sources = []
    if isinstance(stmt.targets[0], ast.Tuple) and isinstance(value, ast.Name):
        # unpacking: each name is an element; of a tuple built here, that element's atom
        held = (packs or {}).get(value.id)
        if held is None:  # a function's result: shares data only with what the call did
            token = (buffer or {}).get(value.id)
            fresh = isinstance(token, tuple) and token[0] == 'new'
            return [] if fresh else [(t, value.id) for t in targets]
        return [(t.id, a.id) for t, a in zip(stmt.targets[0].elts, held)
                if isinstance(t, ast.Name) and isinstance(a, ast.Name)]
    if isinstance(value, ast.Name):
        sources = [value]
    elif isinstance(value, ast.Subscript):
        sources = [value.value]
    elif isinstance(value, (ast.Tuple, ast.List)):
        sources = list(value.elts)
    elif isinstance(value, ast.Dict):
        sources = list(value.values)
    elif isinstance(value, ast.Attribute) and value.attr in VIEW_METHODS:
        sources = [value.value]
    elif isinstance(value, ast.Call):
        func = value.func
        if isinstance(func, ast.Attribute) and func.attr in VIEW_METHODS \
                and resolver.callee(func) is None:
            sources = [func.value]
        elif resolver.callee(func) in VIEW_FUNCTIONS and value.args:
            sources = [value.args[0]]
        elif resolver.callee(func) is runtime.list_append:
            sources = list(value.args)
        elif resolver.op(value).kind in ('call', 'dynamic') and _may_return_an_argument(
                resolver.callee(func)):
            sources = list(value.args) + [kw.value for kw in value.keywords]
    return [(t, s.id) for t in targets for s in sources if isinstance(s, ast.Name)]


def _check_calls(body, src, resolver) -> None:
    """Refuse calls of the user's functions that change their arguments in place.

    Python would show the change to the caller; srcad runs a called function on
    its own values, so the caller's array would not change (and the gradient
    would not be of the same program).
    """
    for stmt, _ in _in_order(body, loops=()):
        value = getattr(stmt, 'value', None)
        if not isinstance(value, ast.Call) or resolver.op(value).kind != 'call':
            continue
        callee = resolver.op(value).callee
        changed = changes_an_argument(callee)
        if changed is not None:
            raise UnsupportedSyntaxError(
                f'{callee.__qualname__} changes its argument {changed[0]!r} in place '
                f'(line {changed[1]}); srcad cannot show that change to the caller',
                src.location(stmt),
                f'work on a copy inside {callee.__qualname__} ({changed[0]} = '
                f'{changed[0]}.copy()) and return the result')


MUTATING_METHODS = {'append', 'extend', 'insert', 'pop', 'remove', 'clear', 'sort', 'reverse',
                    'update', 'setdefault', 'popitem', 'fill', 'resize', 'put', 'itemset',
                    'setfield', 'partition'}


def changes_an_argument(fn):
    """``(parameter, line)`` where ``fn`` changes a parameter's data in place, or None.

    Read from its source: an element write ``p[i] = v`` / ``p[i] += v``, an
    in-place ``p += v``, or a mutating method ``p.append(v)`` on a parameter
    not rebound before.
    """
    import inspect
    import textwrap
    fn = getattr(fn, '__func__', fn)
    try:
        lines, first = inspect.getsourcelines(fn)
        tree = ast.parse(textwrap.dedent(''.join(lines)))
    except (OSError, TypeError, SyntaxError):
        return None
    node = tree.body[0]
    if not isinstance(node, ast.FunctionDef):
        return None
    params = {a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs}
    top_level = {id(s) for s in node.body}
    rebound = set()  # parameters surely rebound (a top-level assignment) before
    candidates = sorted((n for n in ast.walk(node) if isinstance(n, (ast.Assign, ast.AugAssign,
                                                                      ast.Call))),
                        key=lambda n: (n.lineno, n.col_offset))
    for stmt in candidates:
        target = None
        if isinstance(stmt, ast.Assign):
            for t in stmt.targets:
                if isinstance(t, ast.Name) and id(stmt) in top_level:
                    rebound.add(t.id)
                elif isinstance(t, ast.Subscript):
                    target = t.value
        elif isinstance(stmt, ast.AugAssign):
            target = stmt.target.value if isinstance(stmt.target, ast.Subscript) else stmt.target
        elif isinstance(stmt, ast.Call) and isinstance(stmt.func, ast.Attribute) \
                and stmt.func.attr in MUTATING_METHODS:
            target = stmt.func.value
        if isinstance(target, ast.Name) and target.id in params and target.id not in rebound:
            return target.id, first + stmt.lineno - 1
    return None


def _may_return_an_argument(fn) -> bool:
    """Whether a function may hand back (part of) an argument rather than new data.

    Read from its source: a returned bare name, element, attribute or view
    might be an argument; returned arithmetic or library results are new.
    Unknown functions (no source) might.
    """
    import inspect
    import textwrap
    fn = getattr(fn, '__func__', fn)
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return True
    for node in ast.walk(tree):
        if isinstance(node, (ast.Return, ast.Lambda)):
            value = node.value if isinstance(node, ast.Return) else node.body
            parts = value.elts if isinstance(value, (ast.Tuple, ast.List)) else [value]
            for part in parts:
                if part is None or isinstance(part, (ast.Name, ast.Subscript, ast.Attribute,
                                                     ast.Starred)):
                    return True
                if isinstance(part, ast.Call) and isinstance(part.func, ast.Attribute) \
                        and part.func.attr in VIEW_METHODS | {'reshape', 'ravel', 'transpose',
                                                              'squeeze', 'asarray'}:
                    return True
    return False


def _in_order(stmts, loops):
    for stmt in stmts:
        yield stmt, loops
        inner = loops + (stmt,) if isinstance(stmt, (ForRange, WhileLoop)) else loops
        for field in ('body', 'orelse'):
            yield from _in_order(getattr(stmt, field, []), inner)


def _flat(stmts):
    for stmt, _ in _in_order(stmts, ()):
        yield stmt


def _read_before_rebound(stmts, name) -> bool:
    for stmt in stmts:
        if _reads(stmt, name):
            return True
        if isinstance(stmt, ast.Assign) and name in assigned_names([stmt]):
            return False
    return False


def _reads(stmt, name) -> bool:
    own = [stmt.test] if isinstance(stmt, ast.If) else [stmt] if not hasattr(stmt, 'body') \
        else []
    return any(isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id == name
               for part in own for n in ast.walk(part))
