"""Calls made for their effect: default-deny for what a dropped call may change.

A call whose result is unused (an expression statement, or an assignment never
read) adds nothing to a derivative, so the emitters drop it: right only when
the call changes nothing srcad cannot see.  A call of the user's (or a library's
Python) function passed a differentiated value is checked here: the function's
body goes through the checks srcad applies to ``f`` itself (its source read,
normalized, the aliasing and argument-write checks, the effect check of every
bare call), with the parameters that receive differentiated values marked, and
every call inside it of another such function checked in turn.  What fails is
refused at the caller's line, naming the function and the statement inside it:
``fill(x, out)`` whose body ends in ``np.ndarray.__setitem__(dst, ..., src)``,
``scipy.ndimage.sobel`` whose ``correlate1d`` writes through a C call,
``heapq.heappush`` in a helper.  ``print``, ``assert`` and logging change no
value and pass (:meth:`srcad.compiler.emitter.Emitter.check_effect`).

Each function is checked once per set of marked parameters (:data:`_CHECKED`),
so a compile stays linear in the calls it meets.
"""

from __future__ import annotations

import ast
import linecache
import weakref

from ..errors import SrcadError
from . import staleness
from .fastast import statements, walk, walk_all

#: function -> {(marked parameters, facts) it was checked for and passed: what it relied on}
_CHECKED = weakref.WeakKeyDictionary()
_WRITES = weakref.WeakKeyDictionary()  # function -> [(parameter, line)] it writes by a call
_RUNNING = set()  # (id(function), key) being checked: a recursive call passes
#: modules whose functions show or check values (log, warn, print, assert, plot) and
#: change none
_NO_VALUE_CHANGED = ('logging', 'warnings', 'pprint', 'numpy.testing', 'unittest',
                     'matplotlib')


def check_effect_calls(body: list, src, ops, activity, norm, helper: bool = False) -> list:
    """Refuse a call whose result is unused that passes a differentiated value to a
    function whose effect srcad cannot show (see the module's doc).  ``helper``:
    ``body`` is a function called for its effect, whose own result nobody reads, so
    every call in it passed a differentiated value is checked.  Returns what the
    answer relied on: the :class:`~.staleness.Dependencies` of each function checked
    (a global it calls rebound to another function: the caller compiles again)."""
    relied = []
    if src.filename.startswith('<srcad '):
        return relied  # (srcad's own generated code)
    reads, emitter = None, None
    for stmt in statements(body):
        if isinstance(stmt, ast.Expr):
            value, target = stmt.value, None
        elif isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name) \
                and isinstance(stmt.value, ast.Call):
            value, target = stmt.value, stmt.targets[0].id
        else:
            continue
        if not isinstance(value, ast.Call):
            continue
        op = ops.op(value)
        if op.kind not in ('call', 'unknown', 'dynamic'):
            continue
        varied = [role for role, atom in op.inputs.items() if role != 'index' and any(
            isinstance(n, ast.Name) and n.id in activity.varied for n in walk(atom))]
        if not varied:
            continue
        if op.kind == 'call' and _shows_only(op.callee):
            continue  # logger.info(...), np.testing.assert_allclose...: read values, change none
        if op.kind == 'call':  # (result used or not: the caller's data would change)
            _check_argument_writes(op, stmt, src)
        if target is not None and not (helper and op.kind == 'call'):
            if reads is None:
                reads = {n.id for n in walk_all(list(body)) if isinstance(n, ast.Name)
                         and isinstance(n.ctx, ast.Load)}
            if target in reads or target in activity.useful:
                continue  # (a result read: split and checked where it is differentiated)
        if op.kind == 'call':
            deps = _check_callee(op, varied, stmt, src, ops)
            if deps is not None:
                relied.append(deps)
        elif target is not None or helper:  # (f's own bare calls: the emitters check them)
            if emitter is None:
                from .emitter import Emitter
                emitter = Emitter(src, norm, ops, activity)
            raise emitter.no_rule(op, stmt)
    return relied


def _shows_only(fn) -> bool:
    """A function of a module that shows or checks values (:data:`_NO_VALUE_CHANGED`)."""
    module = str(getattr(fn, '__module__', None) or '')
    return any(module == m or module.startswith(m + '.') for m in _NO_VALUE_CHANGED)


def _check_argument_writes(op, stmt, src) -> None:
    """Refuse a call of ``fn`` passed a differentiated value when ``fn`` writes into a
    parameter through a call (``np.copyto(dst, v)``, ``np.add(a, b, out=dst)``,
    ``np.fill_diagonal(dst, v)``, ``random.shuffle(lst)``, ``setattr(o, 'w', v)``): as
    :func:`srcad.compiler.argument_writes._check_calls` refuses ``dst[...] = v``."""
    fn = op.callee
    try:
        changes = _WRITES[fn]
    except (KeyError, TypeError):
        from .argument_writes import argument_changes
        changes = [(p, line) for p, line, method in argument_changes(fn, opaque=True)
                   if method is None]
        try:
            _WRITES[fn] = changes
        except TypeError:
            pass
    for param, line in changes:
        atom = op.inputs.get(param)
        if atom is None or (isinstance(atom, ast.Constant) and atom.value is None):
            continue  # (out=None given or left as the default: nothing is written)
        from ..errors import UnsupportedSyntaxError
        name = getattr(fn, '__qualname__', repr(fn))
        raise UnsupportedSyntaxError(
            f'{name} changes its argument {param!r} in place (line {line}); srcad cannot '
            f'show that change to the caller', src.location(stmt),
            f'work on a copy inside {name} ({param} = {param}.copy()) and return the result')


def _check_callee(op, varied: list, stmt, src, ops):
    from .containers import callee_facts
    fn = op.callee
    wrt = tuple(p for p in varied if isinstance(p, str))
    key = (wrt, callee_facts(op, ops))
    try:
        done = _CHECKED.setdefault(fn, {})
    except TypeError:  # (not weakly referable: checked every time)
        done = {}
    running = (id(fn), key)
    if running in _RUNNING or not wrt:
        return None
    deps = done.get(key)
    if deps is not None and deps.hold():  # (checked, and what it called is the same)
        return deps
    _RUNNING.add(running)
    try:
        deps = _check_body(fn, *key)
    except SrcadError as exc:
        raise _at_call(fn, exc, stmt, src) from None
    finally:
        _RUNNING.discard(running)
    done[key] = deps
    return deps


#: the front half of a compile (read .. known values, then activity) of a function:
#: ``(src, prog, ops, activity)``; injected by the driver (:mod:`.pipeline`, which
#: imports this module), so this module does not import the driver
FRONT_HALF = None


def _check_body(fn, wrt: tuple, facts: tuple):
    """The checks of a compile's front half on ``fn``, differentiating ``wrt``, then
    the effect check of each bare call and of each call in it (:func:`check_effect_calls`);
    the :class:`~.staleness.Dependencies` of the answer."""
    from .emitter import Emitter
    src, prog, ops, activity = FRONT_HALF(fn, wrt, facts)
    emitter = Emitter(src, prog, ops, activity)
    for stmt in statements(prog.tree.body):
        if isinstance(stmt, ast.Expr):
            emitter.check_effect(stmt)
    inner = check_effect_calls(prog.tree.body, src, ops, activity, prog, helper=True)
    # what the check relied on (the globals its calls resolved, and what the functions
    # it checked in turn relied on): checked again when one is rebound
    return staleness.record(src, [(root, list(attrs), obj)
                                  for (root, attrs), obj in ops.resolved.items()], inner)


def _at_call(fn, exc: SrcadError, stmt, src) -> SrcadError:
    """``exc``, met inside ``fn``, told at the caller's statement ``stmt``."""
    name = getattr(fn, '__qualname__', None) or getattr(fn, '__name__', repr(fn))
    module = getattr(fn, '__module__', None)
    if module and module != '__main__' and module != getattr(src.fn, '__module__', None):
        name = f'{module}.{name}'
    where = exc.location
    inner = ''
    if where is not None:
        line = linecache.getline(where.filename, where.lineno).strip()
        inner = f' (at {where.filename}:{where.lineno}: {line})' if line else \
            f' (at {where.filename}:{where.lineno})'
    return type(exc)(
        f'{name} is called for its effect on a differentiated value in {src.name}, and srcad '
        f'cannot show that effect: {exc.message}{inner}', src.location(stmt),
        f'return the value from {getattr(fn, "__name__", "the function")} and use what it '
        f'returns (srcad differentiates returned values, not writes through calls it does '
        f'not follow), or pass srcad.stop_gradient(...) of the value if it is a constant there'
        + (f'; {exc.hint}' if exc.hint else ''))
