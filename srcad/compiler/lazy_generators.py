"""Generator expressions where Python evaluates them lazily, one element at a time.

:func:`srcad.compiler.comprehensions.lower` reads a generator expression as the
list of its values.  That is exact only where the consumer takes every value before
anything else happens (``sum``, ``max``, ``list``, ``sorted``, ...).  Elsewhere the
elements are computed lazily, interleaved with what the consumer does:

- ``for T in (E for a in A if c): BODY`` becomes ``for a in A: if c: T = E; BODY``
  (nested loops for several ``for`` clauses; a ``break`` of ``BODY`` sets a flag
  that ends the outer loops too; the ``else`` goes on the outermost loop), so each
  element is computed just before the body that uses it and never after a
  ``break``.  ``enumerate(gen)`` counts alongside.
- ``any``/``all``/``next`` over a generator whose elements have effects (a call of
  anything but a known-pure NumPy/math/builtin function, a walrus) become such a
  loop with a ``break`` at the first deciding value (Python's short circuit); pure
  ones stay the list they are (same values, no loop).
- ``for T in zip(A, gen, B)`` loops over the generator's own iterables too, reading
  the partners by index and stopping where zip stops (a partner before the
  generator is checked before its element is computed, one after it after).
- where srcad cannot keep the order (a generator with effects passed to ``zip``
  outside a ``for`` loop, to ``map``/``filter``, ``next`` without a default; a
  module-level generator function with effects -- srcad reads what it yields as a
  list -- consumed by ``any``/``all``/``next``/``zip`` or a loop that stops early or
  has effects), a located refusal.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import math
import textwrap

from ..errors import UnsupportedSyntaxError
from .flatten_iteration import _built
from .lambdas import _fresh_local, _placed

_PURE_BUILTINS = {abs, len, min, max, sum, int, float, bool, complex, round, range, pow,
                  divmod, isinstance, str, tuple, list, sorted, reversed, enumerate, zip, any,
                  all, hash, repr, type, slice}

#: methods that read their receiver without changing it or anything else
_PURE_METHODS = {'sum', 'mean', 'max', 'min', 'prod', 'dot', 'reshape', 'copy', 'astype', 'item',
                 'ravel', 'flatten', 'transpose', 'conj', 'conjugate', 'std', 'var', 'all', 'any',
                 'argmax', 'argmin', 'cumsum', 'cumprod', 'get', 'keys', 'values', 'items',
                 'count', 'index', 'squeeze', 'tolist', 'trace', 'diagonal', 'swapaxes',
                 'startswith', 'endswith', 'lower', 'upper', 'strip', 'format', 'split', 'join'}


def _pure_callee(flat, call) -> bool:
    func = call.func
    obj = flat.global_callee(func)
    if obj is None:
        # a method of a local value (xs.sum()) or a local function (unknown effects)
        return isinstance(func, ast.Attribute) and func.attr in _PURE_METHODS \
            and not (isinstance(func.value, ast.Name) and func.value.id not in flat.local)
    return _pure_object(obj)


def _pure_object(obj) -> bool:
    if any(obj is b for b in _PURE_BUILTINS):
        return True
    if getattr(obj, '__self__', None) is math or getattr(obj, '__module__', None) == 'math':
        return True
    module = getattr(obj, '__module__', None) or ''
    if type(obj).__name__ == 'ufunc':
        return True
    return module.split('.')[0] == 'numpy' and not module.startswith('numpy.random') \
        and 'random' not in module and callable(obj) and not isinstance(obj, type(math))


def _lazy_parts(gen: ast.GeneratorExp) -> list:
    """The parts of ``gen`` evaluated lazily (all but the first iterable)."""
    parts = [gen.elt]
    for i, comp in enumerate(gen.generators):
        parts += list(comp.ifs) + ([comp.iter] if i else [])
    return parts


def effectful(flat, gen) -> bool:
    """Whether computing the elements of the generator expression ``gen`` may have
    effects (so how many are computed, and when, matters)."""
    for part in _lazy_parts(gen):
        for n in ast.walk(part):
            if isinstance(n, (ast.NamedExpr, ast.Yield, ast.YieldFrom, ast.Await)):
                return True
            if isinstance(n, ast.Call) and not _pure_callee(flat, n):
                return True
    return False


def _generator_effects(flat, node) -> bool:
    """Whether ``node`` calls a module-level generator function (srcad reads what it
    yields as a list) whose body calls something not known to be pure."""
    if not isinstance(node, ast.Call):
        return False
    fn = flat.global_callee(node.func)
    if not inspect.isgeneratorfunction(fn):
        return False
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return True
    scope = getattr(fn, '__globals__', {})
    for n in ast.walk(tree.body[0]):
        if isinstance(n, (ast.NamedExpr, ast.Await)):
            return True
        if not isinstance(n, ast.Call):
            continue
        func, parts = n.func, []
        while isinstance(func, ast.Attribute):
            parts.append(func.attr)
            func = func.value
        obj = scope.get(func.id, getattr(builtins, func.id, None)) \
            if isinstance(func, ast.Name) else None
        for part in reversed(parts):
            obj = getattr(obj, part, None)
        if obj is not None and _pure_object(obj):
            continue
        if obj is None and isinstance(n.func, ast.Attribute) and n.func.attr in _PURE_METHODS:
            continue
        return True
    return False


def refuse_generator_call(flat, node, consumer: str):
    """Refuse ``node``, a call of a generator function with effects, consumed lazily
    (by ``consumer``): srcad computes everything it yields first."""
    if _generator_effects(flat, node):
        raise UnsupportedSyntaxError(
            f'srcad reads what the generator function {ast.unparse(node.func)} yields as a '
            f'list, all computed at once; its body has effects (a call srcad does not know '
            f'to be pure) and {consumer} takes its values one at a time, so the order of '
            f'those effects would differ from Python\'s', flat.src.location(node),
            'make the generator function return a list (computing all values first), or '
            'write its loop out here')


def _quiet(flat, body) -> bool:
    """Whether a loop body surely runs to its end without effects other than appends."""
    for stmt in body:
        for n in ast.walk(stmt):
            if isinstance(n, (ast.Break, ast.Return, ast.Raise, ast.Yield, ast.NamedExpr)):
                return False
            if isinstance(n, ast.Call) and not _pure_callee(flat, n) and not (
                    isinstance(n.func, ast.Attribute) and n.func.attr == 'append'):
                return False
    return True


def _load(name):
    return ast.Name(name, ast.Load())


def _store(name):
    return ast.Name(name, ast.Store())


def _breaks(body) -> bool:
    """Whether ``body`` has a ``break`` of its own loop (not of loops inside it)."""
    for stmt in body:
        if isinstance(stmt, ast.Break):
            return True
        if isinstance(stmt, (ast.For, ast.While)):
            if _breaks(stmt.orelse):
                return True
            continue
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for field in ('body', 'orelse', 'handlers', 'finalbody'):
            inner = getattr(stmt, field, None)
            if isinstance(inner, list) and _breaks(inner):
                return True
        for case in getattr(stmt, 'cases', []):
            if _breaks(case.body):
                return True
    return False


def _flag_breaks(body, flag):
    """``body`` with ``flag = True`` before each ``break`` of its own loop."""
    out = []
    for stmt in body:
        if isinstance(stmt, ast.Break):
            out += [ast.Assign([_store(flag)], ast.Constant(True)), stmt]
            continue
        if isinstance(stmt, (ast.For, ast.While)):
            stmt.orelse = _flag_breaks(stmt.orelse, flag)
        elif not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for field in ('body', 'orelse', 'handlers', 'finalbody'):
                inner = getattr(stmt, field, None)
                if isinstance(inner, list) and inner:
                    setattr(stmt, field, _flag_breaks(inner, flag))
            for case in getattr(stmt, 'cases', []):
                case.body = _flag_breaks(case.body, flag)
        out.append(stmt)
    return out


def _unrolled(flat, stmt, gen) -> list:
    """``for T in gen: BODY else: ELSE`` as loops over ``gen``'s own iterables."""
    body = [ast.Assign([stmt.target], gen.elt)] + list(stmt.body)
    flag = None
    if len(gen.generators) > 1 and _breaks(stmt.body):
        flag = _fresh_local(flat, 'stop')
        body = _flag_breaks(body, flag)
    for depth, comp in reversed(list(enumerate(gen.generators))):
        for cond in reversed(comp.ifs):
            body = [ast.If(cond, body, [])]
        loop = ast.For(comp.target, comp.iter, body, stmt.orelse if depth == 0 else [])
        body = [loop]
        if flag and depth:
            body.append(ast.If(_load(flag), [ast.Break()], []))
    first = [ast.Assign([_store(flag)], ast.Constant(False))] if flag else []
    return [_placed(s, stmt) for s in first + body]


def for_loop(flat, stmt, out) -> bool:
    """Lower ``for T in <generator expression>`` (or ``enumerate`` of one) lazily
    into ``out``; False if ``stmt`` iterates over something else."""
    it = stmt.iter
    if not _quiet(flat, stmt.body):  # (else computing all values first changes nothing)
        refuse_generator_call(flat, it, 'a for loop that has effects or stops early')
    if isinstance(it, ast.Call) and flat.builtin(it) in (zip, enumerate):
        for arg in it.args:
            refuse_generator_call(flat, arg, f'{it.func.id}() in a for loop')
    if isinstance(it, ast.GeneratorExp):
        if any(comp.is_async for comp in it.generators):
            return False  # (comprehensions.lower refuses)
        for new in _unrolled(flat, stmt, it):
            out.extend(flat.statement(new))
        return True
    if not isinstance(it, ast.Call) or it.keywords or not 1 <= len(it.args) <= 2 \
            or not isinstance(it.args[0], ast.GeneratorExp):
        if isinstance(it, ast.Call) and flat.builtin(it) is zip \
                and _zip_loop(flat, stmt, it, out):
            return True
        if isinstance(it, ast.Call):
            _check_zip(flat, stmt, it)
        return False
    if flat.builtin(it) is zip and _zip_loop(flat, stmt, it, out):
        return True
    if flat.builtin(it) is not enumerate:
        _check_zip(flat, stmt, it)
        return False
    gen = it.args[0]
    count, item = _fresh_local(flat, 'count'), _fresh_local(flat, 'item')
    first = gen.generators[0]
    pre = []
    if len(it.args) == 2:  # the first iterable is evaluated before the start
        held = _fresh_local(flat, 'items')
        pre.append(ast.Assign([_store(held)], first.iter))
        first.iter = _load(held)
    pre.append(ast.Assign([_store(count)], it.args[1] if len(it.args) == 2 else ast.Constant(0)))
    body = [ast.Assign([stmt.target], ast.Tuple([_load(count), _load(item)], ast.Load())),
            ast.Assign([_store(count)], ast.BinOp(_load(count), ast.Add(), ast.Constant(1)))]
    loop = ast.For(_store(item), gen, body + list(stmt.body), stmt.orelse)
    for new in pre + [loop]:
        out.extend(flat.statement(_placed(new, stmt)))
    return True


def _zip_loop(flat, stmt, call, out) -> bool:
    """``for T in zip(A, gen, B): BODY else: ELSE`` with one generator expression:
    its loops, each element computed when zip asks for it (after checking the
    partners before it, before those after it), partners read by index."""
    gens = [j for j, a in enumerate(call.args) if isinstance(a, ast.GeneratorExp)]
    if call.keywords or len(gens) != 1 or any(isinstance(a, ast.Starred) for a in call.args) \
            or any(c.is_async for c in call.args[gens[0]].generators):
        return False
    i = gens[0]
    gen = call.args[i]
    walks = {}
    for j, arg in enumerate(call.args):
        if j == i:  # (the generator is made here: its first iterable is evaluated)
            held = _fresh_local(flat, 'items')
            out.extend(flat.statement(_placed(
                ast.Assign([_store(held)], gen.generators[0].iter), stmt)))
            gen.generators[0].iter = _load(held)
        else:
            walks[j] = flat.walker(arg, out)
    k, item, ended = (_fresh_local(flat, n) for n in ('k', 'item', 'ended'))
    broke = _fresh_local(flat, 'broke')

    def check(lengths):
        if not lengths:
            return []
        n = lengths[0] if len(lengths) == 1 else ast.Call(_load('min'), lengths, [])
        return [ast.If(ast.Compare(_load(k), [ast.GtE()], [n]),
                       [ast.Assign([_store(ended)], ast.Constant(True)), ast.Break()], [])]
    before = check([walks[j].length for j in range(i)])
    parts = [_built(walks[j].element(_load(k))) if j != i else _load(item)
             for j in range(len(call.args))]
    body = [ast.Assign([_store(item)], gen.elt)] + check(
        [walks[j].length for j in range(i + 1, len(call.args))]) + [
        ast.Assign([stmt.target], ast.Tuple(parts, ast.Load())),
        ast.Assign([_store(k)], ast.BinOp(_load(k), ast.Add(), ast.Constant(1)))]
    body += _flag_breaks(list(stmt.body), broke)
    for depth, comp in reversed(list(enumerate(gen.generators))):
        for cond in reversed(comp.ifs):
            body = [ast.If(cond, body, [])]
        body = [ast.For(comp.target, comp.iter, before + body, [])]
        if depth:
            body.append(ast.If(ast.BoolOp(ast.Or(), [_load(broke), _load(ended)]),
                               [ast.Break()], []))
    stmts = [ast.Assign([_store(n)], ast.Constant(v)) for n, v in
             ((k, 0), (broke, False), (ended, False))] + body
    if stmt.orelse:
        stmts.append(ast.If(ast.UnaryOp(ast.Not(), _load(broke)), stmt.orelse, []))
    for new in stmts:
        out.extend(flat.statement(_placed(new, stmt)))
    return True


def _check_zip(flat, stmt, call):
    """Refuse ``for ... in zip(..., gen, ...)`` (or enumerate) where a generator's
    elements have effects and srcad cannot compute them one at a time."""
    if flat.builtin(call) not in (zip, enumerate):
        return
    for arg in call.args:
        if isinstance(arg, ast.GeneratorExp) and effectful(flat, arg):
            raise UnsupportedSyntaxError(
                'srcad computes a generator expression inside zip()/enumerate() all at '
                'once, but its elements have effects (a call srcad does not know to be '
                'pure): Python computes them one at a time, only as many as zip takes',
                flat.src.location(arg),
                'loop over the generator\'s own iterable and compute each element in the '
                'loop body, stopping where the shorter partner ends')


def short_circuit(flat, callee, node, out):
    """``any(gen)``, ``all(gen)``, ``next(gen[, default])`` of a generator with
    effects, as a loop that stops at the deciding element; None if not such a call."""
    if node.args and callee in (any, all, next):
        refuse_generator_call(flat, node.args[0], f'{callee.__name__}()')
    if node.keywords or not node.args or not isinstance(node.args[0], ast.GeneratorExp):
        return None
    gen = node.args[0]
    refuse_generator_call(flat, gen.generators[0].iter, f'{callee.__name__}()')
    if callee in (any, all) and len(node.args) == 1:
        if not effectful(flat, gen):
            return None
        found, item = _fresh_local(flat, 'found'), _fresh_local(flat, 'item')
        test = _load(item) if callee is any else ast.UnaryOp(ast.Not(), _load(item))
        decide = ast.If(test, [ast.Assign([_store(found)], ast.Constant(callee is any)),
                               ast.Break()], [])
        stmts = [ast.Assign([_store(found)], ast.Constant(callee is all)),
                 ast.For(_store(item), gen, [decide], [])]
        for new in stmts:
            out.extend(flat.statement(_placed(new, node)))
        return _load(found)
    if callee is next and len(node.args) == 2:
        if not effectful(flat, gen):
            return None
        value, held = _fresh_local(flat, 'value'), _fresh_local(flat, 'items')
        first = gen.generators[0]
        stmts = [ast.Assign([_store(held)], first.iter),
                 ast.Assign([_store(value)], node.args[1])]
        first.iter = _load(held)
        stmts.append(ast.For(_store(value), gen, [ast.Break()], []))
        for new in stmts:
            out.extend(flat.statement(_placed(new, node)))
        return _load(value)
    if callee is next and effectful(flat, gen):
        raise UnsupportedSyntaxError(
            'srcad supports next() of a generator expression whose elements have effects '
            'only with a default: next(gen, default)', flat.src.location(node),
            'give next() a default value, or write the loop out with a break')
    return None


def refuse_effects(flat, node):
    """Refuse the generator expression ``node`` (read as a whole list) when its
    elements have effects and its consumer reads it lazily (``map``, ``filter``,
    ``zip``, ``enumerate`` outside a ``for`` loop, ...)."""
    consumer = getattr(node, 'srcad_consumer', None)
    if consumer in _WHOLE:
        return
    refuse_generator_call(flat, node.generators[0].iter, f'{consumer}()')
    if not effectful(flat, node):
        return
    raise UnsupportedSyntaxError(
        'srcad computes this generator expression all at once, but its elements have '
        'effects (a call srcad does not know to be pure) and Python computes them one '
        'at a time, as its consumer asks', flat.src.location(node),
        'write a list comprehension [...] if all elements should be computed first, or '
        'write the loop out')


#: consumers that take every element before anything else happens
_WHOLE = {'sum', 'max', 'min', 'sorted', 'tuple', 'list', 'dict', 'set', 'frozenset', 'fsum',
          'prod', 'reduce', 'join', 'any', 'all', 'for'}
