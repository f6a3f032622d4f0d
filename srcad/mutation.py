"""Refuse element writes whose effect srcad would not reproduce.

srcad compiles ``x[i] = v`` as ``x = setitem(x, i, v)``: a new value for the
name ``x``, leaving the old buffer alone (so the caller's arrays are never
modified and the backward sweep can read the old values).  In Python the
write changes the buffer itself, visible through every other name for it: a
copy ``y = x``, a view ``y = x[1:]``, ``x.T``, ``x.reshape(...)``, a list
holding ``x``.  When such another name is read after the write, the two
semantics differ, and srcad refuses with a clear error instead of computing
a different function.

One element ``t = x[i, j]`` of a numeric array shares nothing (numpy hands
out a copy, a number) -- when the checker can tell that ``x`` is such an
array with that many dimensions (made here by ``np.zeros((2, 3))`` and the
like, and never handed to code that could change it in place); else it
assumes a view.
"""

from __future__ import annotations

import ast
import types

import numpy as np

from . import runtime
from .errors import UnsupportedSyntaxError
from .ir import ForRange, WhileLoop
from .names import assigned_names, live_in, param_names
from .normalize import is_global_path
from .parse import FunctionSource
from .rules.registry import METHODS, nondifferentiable

VIEW_METHODS = {'reshape', 'ravel', 'transpose', 'squeeze', 'swapaxes', 'view', 'diagonal',
                'T', 'real', 'imag', 'flat'}
VIEW_FUNCTIONS = {np.reshape, np.ravel, np.transpose, np.squeeze, np.expand_dims,
                  np.swapaxes, np.moveaxis, np.broadcast_to, np.asarray, np.atleast_1d,
                  np.atleast_2d, np.atleast_3d, np.diagonal, np.asanyarray}


def check_writes(body: list, src: FunctionSource, resolver, same_variable=None,
                 guards: list | None = None) -> None:
    """Raise if a written array is read afterwards through another name, or if a
    called function changes an argument in place.

    One pass in program order tracks which names may share a buffer with
    which (a copy or a view shares; anything else makes a new buffer).  With a
    ``guards`` list, calls that change an argument only if it is mutable are
    added to it instead of refused (to be checked when the code runs: see
    :func:`insert_guards`).
    """
    same_variable = same_variable or (lambda a, b: a == b)
    kinds = value_kinds(body, resolver, param_names(src.tree.args))
    _check_calls(body, src, resolver, guards, kinds)
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
        pairs = _alias_pairs(stmt, resolver, packs, buffer, kinds)
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


def _alias_pairs(stmt, resolver, packs=None, buffer=None, kinds=None):
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
        if not _number_of_an_array(value, kinds or {}):  # a number is a copy; all else may share
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


# -- what some values surely are ------------------------------------------------
# A name's *kind*: ('array', ndim) for a numeric ndarray with that many dimensions,
# INT for a Python int, NUMBER for a Python float or complex, ('tuple', length, all
# ints) for a tuple; None (or absent) when nothing is sure.
INT, NUMBER, _UNSET = 'int', 'number', 'unset'
CALLING_BACK = {np.apply_along_axis, np.apply_over_axes, np.vectorize, np.frompyfunc,
                np.piecewise}  # numpy functions that hand arrays to the caller's functions
ARRAY_MAKERS = {np.zeros, np.ones, np.empty}   # (shape, dtype=float, order='C')
REDUCTIONS = {np.sum, np.mean, np.prod, np.max, np.min, np.amax, np.amin, np.var, np.std,
              np.median, np.ptp}  # of a whole numeric array: a number
ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow)
INT_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod)


def value_kinds(body: list, resolver, params) -> dict:
    """Name -> kind, for the names whose every value is surely of that kind.

    Flow-insensitive: all assignments of a name (and its being a parameter, or
    a ``for ... in range`` index) must agree; loops are a fixpoint started
    optimistically.  Only a few forms are understood (``np.zeros(shape)`` and its
    siblings, ``setitem``, copies, arithmetic, ``len``, tuples, constants); anything
    else makes the name unknown.  An array that may reach code able to change its
    shape in place (``a.resize(...)``, a call of the user's function, a list) is
    unknown too.
    """
    distrusted = set()
    while True:
        kinds = _kinds(body, resolver, set(params) | distrusted)
        more = _may_change_in_place(body, resolver, kinds) - distrusted
        if not more:
            return kinds
        distrusted |= more


def _kinds(body, resolver, unknown) -> dict:
    fixed = {name: [None] for name in unknown}  # names of one kind whatever their values
    named = []
    for stmt, _ in _in_order(body, loops=()):
        if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name):
            named.append(stmt)
        elif isinstance(stmt, ForRange) and isinstance(stmt.target, ast.Name):
            fixed.setdefault(stmt.target.id, []).append(INT)  # an index of a range
        else:  # anything else binding a name (unpacking...): unknown
            for node in _own_nodes(stmt):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    fixed.setdefault(node.id, []).append(None)
    found = {name: list(seen) for name, seen in fixed.items()}  # each binding's kind
    slots = []
    for stmt in named:
        slots.append(len(found.setdefault(stmt.targets[0].id, [])))
        found[stmt.targets[0].id].append(_UNSET)
    kinds = {name: _agreed(seen) for name, seen in found.items()}
    for _ in range(100):  # in program order, each binding seeing the latest kinds
        changed = False
        for stmt, slot in zip(named, slots):
            name = stmt.targets[0].id
            kind = _kind_of(stmt.value, kinds, resolver)
            if kind != found[name][slot]:
                found[name][slot] = kind
                kinds[name] = _agreed(found[name])
                changed = True
        if not changed:
            return {name: kind for name, kind in kinds.items() if kind not in (None, _UNSET)}
    return {}


def _own_nodes(stmt):
    """The nodes of a statement itself, not of the statements nested in it."""
    for field, value in ast.iter_fields(stmt):
        if field in ('body', 'orelse'):
            continue
        for part in value if isinstance(value, list) else [value]:
            if isinstance(part, ast.AST):
                yield from ast.walk(part)


def _may_change_in_place(body, resolver, kinds) -> set:
    """Names that may refer to an object handed to code that could change an array's
    shape or type in place: a method other than numpy's own, a function not from
    numpy, math or the builtins, a container, an operator with an operand of unknown
    type.  Numbers and tuples are immutable: left out.

    A flow-insensitive points-to analysis: each name may refer to the objects made
    where it is assigned and to those its value may be (a copy, a view, an element,
    ``x`` after ``x[i] = v``, a result of unknown code).
    """
    arrays = {n for n, k in kinds.items() if _is_array(k)}
    if not arrays:
        return set()
    immutable = {n for n, k in kinds.items() if k in (INT, NUMBER) or k[0] == 'tuple'}
    bindings, escaped = [], set()  # (target, the array it makes or None, names it may be)
    for k, (stmt, _) in enumerate(_in_order(body, loops=())):
        if isinstance(stmt, ast.Assign):
            if isinstance(stmt.targets[0], ast.Name):
                sources = _may_be(stmt.value, resolver, kinds)
                escaped |= _escaping(stmt.value, resolver, kinds)
            else:  # unpacking: each name may be any part of the value
                sources = {n.id for n in ast.walk(stmt.value) if isinstance(n, ast.Name)}
            for node in ast.walk(stmt.targets[0]):
                if isinstance(node, ast.Name) and node.id not in immutable:
                    made = k if node.id in arrays else None
                    bindings.append((node.id, made, sources - immutable))
        elif isinstance(stmt, (ast.If, WhileLoop, ast.Return, ast.Expr)):
            part = stmt.test if isinstance(stmt, (ast.If, WhileLoop)) else stmt.value
            escaped |= _escaping(part, resolver, kinds) if part is not None else set()
        elif not isinstance(stmt, ForRange):
            escaped |= {n.id for n in _own_nodes(stmt) if isinstance(n, ast.Name)}
    if not escaped:
        return set()
    # only the arrays made here matter (an array's value may only be other arrays)
    points_to = {}
    changed = True
    while changed:
        changed = False
        for target, made, sources in bindings:
            new = set() if made is None else {made}
            new = new.union(*(points_to.get(n, ()) for n in sources))
            if not new <= points_to.get(target, set()):
                points_to[target] = points_to.get(target, set()) | new
                changed = True
    gone = set().union(*(points_to.get(n, ()) for n in escaped))
    return {n for n in arrays if points_to.get(n, set()) & gone}


def _may_be(value, resolver, kinds) -> set:
    """The local names whose object the value of an (ANF) expression may be, or be
    part of (a view, an element, the same object)."""
    if isinstance(value, ast.Subscript) or (isinstance(value, ast.Attribute)
                                            and isinstance(value.value, ast.Name)):
        value = value.value
    elif isinstance(value, ast.Call) and resolver.callee(value.func) is runtime.setitem \
            and value.args:
        value = value.args[0]  # x[i] = v changes x: the same object
    elif isinstance(value, (ast.BinOp, ast.UnaryOp, ast.Compare)):
        if _numeric_operands(value, kinds):
            return set()  # numpy's arithmetic: a new value
    return {n.id for n in ast.walk(value) if isinstance(n, ast.Name) and n.id in resolver.local}


def _numeric_operands(node, kinds) -> bool:
    operands = [node.left, node.right] if isinstance(node, ast.BinOp) else \
        [node.operand] if isinstance(node, ast.UnaryOp) else [node.left, *node.comparators]
    return all(_atom_kind(a, kinds) in (INT, NUMBER) or _is_array(_atom_kind(a, kinds))
               for a in operands)


def _escaping(node, resolver, kinds) -> set:
    """The names in an (ANF) expression that code other than numpy's may get hold of."""
    def names(*parts):
        return {n.id for p in parts if p is not None for n in ast.walk(p)
                if isinstance(n, ast.Name) and n.id in resolver.local}

    if node is None or isinstance(node, (ast.Name, ast.Constant)):
        return set()
    if isinstance(node, ast.Subscript):
        return _escaping(node.slice, resolver, kinds) if not isinstance(node.slice, ast.Name) \
            else set()
    if isinstance(node, ast.Slice):
        return set()  # its parts are atoms
    if isinstance(node, ast.Tuple) and all(_atom_kind(e, kinds) in (INT, NUMBER)
                                           for e in node.elts):
        return set()
    if isinstance(node, (ast.BinOp, ast.UnaryOp, ast.Compare)):
        # an object's operator may do anything with the other operands
        return set() if _numeric_operands(node, kinds) else names(node)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return set() if _is_array(kinds.get(node.value.id)) else names(node)
    if isinstance(node, ast.Call):
        func, parts = node.func, list(node.args) + [kw.value for kw in node.keywords]
        if _is_method(func, resolver):
            if func.attr in METHODS and _is_array(_atom_kind(func.value, kinds)):
                return set()  # x.sum(), x.copy(), x.reshape(...): numpy's own, pure
            return names(func, *parts)
        callee = resolver.callee(func)
        if callee is runtime.setitem and node.args and isinstance(node.args[0], ast.Name):
            # into an array the value is copied; into a list it is kept
            return set() if _is_array(kinds.get(node.args[0].id)) else names(*node.args[2:])
        if _library_function(callee):
            return set()
        return names(func, *parts)
    return names(node)


def _library_function(fn) -> bool:
    """A function of numpy, math or the builtins (none changes an array's shape or
    type in place; ``ndarray.resize`` is a method)."""
    if fn is None or isinstance(fn, (types.MethodDescriptorType, types.MethodType)):
        return False
    if fn in CALLING_BACK:
        return False
    module = getattr(fn, '__module__', None) or ''
    return module.split('.')[0] in ('numpy', 'math') or (
        module == 'builtins' and fn in (len, abs, min, max, print, isinstance, range, int,
                                        float, complex, bool, round, sum))


def _agreed(found):
    known = [k for k in found if k != _UNSET]
    if not known:
        return _UNSET
    return known[0] if all(k == known[0] for k in known) else None


def _atom_kind(atom, kinds):
    if isinstance(atom, ast.UnaryOp) and isinstance(atom.op, (ast.USub, ast.UAdd)):
        atom = atom.operand
        if not isinstance(atom, ast.Constant):
            return None
    if isinstance(atom, ast.Constant):
        return INT if type(atom.value) is int else \
            NUMBER if type(atom.value) in (float, complex) else None
    if isinstance(atom, ast.Name):
        return kinds.get(atom.id)
    return None


def _kind_of(value, kinds, resolver):
    if isinstance(value, (ast.Name, ast.Constant)):
        return _atom_kind(value, kinds)
    if isinstance(value, ast.Tuple):
        parts = [_atom_kind(e, kinds) for e in value.elts]
        if _UNSET in parts:
            return _UNSET
        return ('tuple', len(parts), all(p == INT for p in parts))
    if isinstance(value, ast.UnaryOp) and isinstance(value.op, (ast.USub, ast.UAdd)):
        kind = _atom_kind(value.operand, kinds)
        return kind if kind in (INT, NUMBER, _UNSET) or _is_array(kind) else None
    if isinstance(value, ast.BinOp) and isinstance(value.op, ARITHMETIC):
        return _arithmetic(value.op, _atom_kind(value.left, kinds),
                           _atom_kind(value.right, kinds))
    if isinstance(value, ast.Subscript):
        return _indexed_kind(value, kinds)
    if isinstance(value, ast.Call):
        return _call_kind(value, kinds, resolver)
    return None


def _indexed_kind(value: ast.Subscript, kinds):
    """``x[i, j]`` of an array ``x``: a number when the integers index every dimension,
    else an array of the dimensions left (basic indexing: integers and slices)."""
    base = _atom_kind(value.value, kinds)
    if base == _UNSET:
        return _UNSET
    if not _is_array(base):
        return None
    index = value.slice
    if isinstance(index, ast.Tuple):
        parts = [INT if isinstance(e, ast.Slice) and _plain_slice(e) else _atom_kind(e, kinds)
                 for e in index.elts]
        slices = sum(isinstance(e, ast.Slice) for e in index.elts)
    elif isinstance(index, ast.Slice):
        parts, slices = ([INT], 1) if _plain_slice(index) else ([None], 1)
    else:
        kind = _atom_kind(index, kinds)
        parts, slices = ([INT] * kind[1], 0) if isinstance(kind, tuple) and \
            kind[0] == 'tuple' and kind[2] else ([kind], 0)
    if _UNSET in parts:
        return _UNSET
    if any(p != INT for p in parts) or len(parts) > base[1]:
        return None  # an array index, None, ..., a name of unknown value
    left = base[1] - len(parts) + slices
    return ('array', left) if left else NUMBER


def _plain_slice(node: ast.Slice) -> bool:
    return all(p is None or isinstance(p, (ast.Constant, ast.Name, ast.UnaryOp))
               for p in (node.lower, node.upper, node.step))


def _arithmetic(op, left, right):
    if _UNSET in (left, right):
        return _UNSET
    if left == INT and right == INT:
        return INT if isinstance(op, INT_ARITHMETIC) else None
    if not all(k in (INT, NUMBER) or _is_array(k) for k in (left, right)):
        return None
    ndim = max(k[1] if _is_array(k) else 0 for k in (left, right))
    if ndim == 0:  # numbers (or a 0-d array: numpy gives a scalar)
        return None
    return ('array', ndim)


def _is_method(func, resolver) -> bool:
    """``x.name`` called on a local object ``x`` (not ``np.name``)."""
    return isinstance(func, ast.Attribute) and not is_global_path(func, resolver.local)


def _call_kind(call, kinds, resolver):
    method = _is_method(call.func, resolver)
    callee = None if method else resolver.callee(call.func)
    args, keywords = call.args, {kw.arg: kw.value for kw in call.keywords}
    if callee is runtime.setitem and args and isinstance(args[0], ast.Name):
        kind = kinds.get(args[0].id)
        return kind if kind == _UNSET or _is_array(kind) else None
    if callee is len and len(args) == 1 and not keywords:
        return INT
    fn, arrays = callee, list(args)
    if method:  # x.sum() means np.sum(x)
        fn, arrays = METHODS.get(call.func.attr), [call.func.value] + arrays
    if not keywords and ((fn in REDUCTIONS and len(arrays) == 1) or (
            fn is np.vdot and len(arrays) == 2)):
        found = [_atom_kind(a, kinds) for a in arrays]
        return _UNSET if _UNSET in found else \
            NUMBER if all(_is_array(k) for k in found) else None
    copied = None
    if callee is np.copy and len(args) == 1 and not keywords:
        copied = args[0]
    elif method and call.func.attr == 'copy' and isinstance(call.func.value, ast.Name) \
            and not args and not keywords:
        copied = call.func.value
    if copied is not None:
        kind = _atom_kind(copied, kinds)
        return kind if kind == _UNSET or _is_array(kind) else None
    if callee in ARRAY_MAKERS and 1 <= len(args) <= 2 and set(keywords) <= {'dtype', 'order'}:
        dtype = args[1] if len(args) == 2 else keywords.get('dtype')
        if dtype is not None and not _numeric_dtype(dtype, resolver):
            return None  # an object array holds (and hands out) the objects themselves
        shape = _atom_kind(args[0], kinds)
        if shape == _UNSET:
            return _UNSET
        if shape == INT:
            return ('array', 1)
        if isinstance(shape, tuple) and shape[0] == 'tuple' and shape[2]:
            return ('array', shape[1])
    return None


def _numeric_dtype(node, resolver) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        obj = node.value
    elif isinstance(node, (ast.Name, ast.Attribute)):
        obj = resolver.callee(node)
        if obj is None:
            return False
    else:
        return False
    try:
        return np.dtype(obj).kind in 'biufc'
    except TypeError:
        return False


def _is_array(kind) -> bool:
    return isinstance(kind, tuple) and kind[0] == 'array'


def _number_of_an_array(value: ast.Subscript, kinds) -> bool:
    """Whether ``x[i, j]`` surely is one number of a numeric array (a copy, sharing
    nothing): ``x`` has as many dimensions as there are integer indices."""
    return _indexed_kind(value, kinds) == NUMBER


def _check_calls(body, src, resolver, guards=None, kinds=None) -> None:
    """Refuse calls of the user's functions that change their arguments in place.

    Python would show the change to the caller; srcad runs a called function on
    its own values, so the caller's array would not change (and the gradient
    would not be of the same program).  An augmented assignment ``p *= 2.0`` to
    a parameter changes the argument only when it is mutable (an array, a
    list); for a number it rebinds ``p``.  Such a call is fine when the argument
    is surely a number here; else, given a ``guards`` list, the call is kept and
    ``(statement, argument, function, parameter, method, line)`` is added to it
    for a check when the code runs (see :func:`insert_guards`); without one, it
    is refused.
    """
    for stmt, _ in _in_order(body, loops=()):
        value = getattr(stmt, 'value', None)
        if not isinstance(value, ast.Call) or resolver.op(value).kind != 'call':
            continue
        op = resolver.op(value)
        callee = op.callee
        for param, line, method in dict.fromkeys(argument_changes(callee)):
            atom = op.inputs.get(param)
            if method is not None:
                if atom is None:  # the default: one object shared by every call
                    default = _default_of(callee, param)
                    if not hasattr(type(default), method):
                        continue
                elif isinstance(atom, ast.Constant) and not hasattr(type(atom.value), method):
                    continue
                else:
                    if kinds is None:
                        kinds = value_kinds(body, resolver, param_names(src.tree.args))
                    if isinstance(atom, ast.Name) and kinds.get(atom.id) in (INT, NUMBER):
                        continue  # a number: p op= v rebinds p
                    if guards is not None and atom is not None:
                        guards.append((stmt, atom, callee.__qualname__, param, method, line))
                        continue
            raise UnsupportedSyntaxError(
                f'{callee.__qualname__} changes its argument {param!r} in place '
                f'(line {line}); srcad cannot show that change to the caller',
                src.location(stmt),
                f'work on a copy inside {callee.__qualname__} ({param} = '
                f'{param}.copy()) and return the result')


def _default_of(fn, param):
    import inspect
    try:
        return inspect.signature(fn).parameters[param].default
    except (KeyError, TypeError, ValueError):
        return []  # unknown: as if mutable


def insert_guards(body: list, guards: list, namer, *helper_maps) -> list:
    """``body`` with ``rebinds_argument(a, ...)`` before each call that :func:`_check_calls`
    left to a check when the code runs; the helper's name goes into each of
    ``helper_maps`` (the names generated code can call)."""
    if not guards:
        return body
    helper = namer.derive('', 'rebinds_argument')
    for helpers in helper_maps:
        helpers[helper] = rebinds_argument
    grouped = {}  # one check per argument: (statement, parameter) -> its atom, methods...
    for stmt, atom, function, param, method, line in guards:
        key = (id(stmt), param)
        if key not in grouped:
            grouped[key] = (stmt, atom, function, [], line)
        if method not in grouped[key][3]:
            grouped[key][3].append(method)
    before = {}
    for (_, param), (stmt, atom, function, methods, line) in grouped.items():
        constants = (tuple(methods), function, param, line)
        check = ast.Call(ast.Name(helper, ast.Load()),
                         [atom] + [ast.Constant(c) for c in constants], [])
        before.setdefault(id(stmt), []).append(
            ast.fix_missing_locations(ast.copy_location(ast.Expr(check), stmt)))

    def block(stmts):
        out = []
        for stmt in stmts:
            out += before.get(id(stmt), [])
            for field in ('body', 'orelse'):
                if isinstance(getattr(stmt, field, None), list):
                    setattr(stmt, field, block(getattr(stmt, field)))
            out.append(stmt)
        return out
    return block(body)


def rebinds_argument(value, methods, function, param, line):
    """Check, when the code runs, that ``param op= v`` in ``function`` rebinds its
    parameter: ``value``, the argument, has none of the in-place ``methods``
    (``__imul__``...), as numbers do not.  An array or a list would change in the
    caller's hands."""
    for method in methods:
        if not hasattr(type(value), method):
            continue
        kind = type(value).__name__
        raise UnsupportedSyntaxError(
            f'{function} changes its argument {param!r} in place (line {line}: the '
            f'argument is a {kind}, which {AUGMENTED.get(method, method)} changes in place); '
            f'srcad cannot show that change to the caller', None,
            f'work on a copy inside {function} ({param} = {param}.copy()) and return the '
            f'result, or pass a number')


nondifferentiable(rebinds_argument)  # a check: no value, no derivative


MUTATING_METHODS = {'append', 'extend', 'insert', 'pop', 'remove', 'clear', 'sort', 'reverse',
                    'update', 'setdefault', 'popitem', 'fill', 'resize', 'put', 'itemset',
                    'setfield', 'partition'}
IN_PLACE = {ast.Add: '__iadd__', ast.Sub: '__isub__', ast.Mult: '__imul__',
            ast.MatMult: '__imatmul__', ast.Div: '__itruediv__', ast.FloorDiv: '__ifloordiv__',
            ast.Mod: '__imod__', ast.Pow: '__ipow__', ast.LShift: '__ilshift__',
            ast.RShift: '__irshift__', ast.BitOr: '__ior__', ast.BitXor: '__ixor__',
            ast.BitAnd: '__iand__'}
AUGMENTED = {'__iadd__': '+=', '__isub__': '-=', '__imul__': '*=', '__imatmul__': '@=',
             '__itruediv__': '/=', '__ifloordiv__': '//=', '__imod__': '%=', '__ipow__': '**=',
             '__ilshift__': '<<=', '__irshift__': '>>=', '__ior__': '|=', '__ixor__': '^=',
             '__iand__': '&='}


def changes_an_argument(fn):
    """``(parameter, line)`` where ``fn`` surely changes a parameter's data in place
    (whatever the argument), or None.  See :func:`argument_changes`."""
    for param, line, method in argument_changes(fn):
        if method is None:
            return param, line
    return None


def argument_changes(fn) -> list:
    """``(parameter, line, method)`` for each place ``fn`` may change a parameter's data.

    Read from its source: an element or attribute write ``p[i] = v`` / ``p[i] += v``
    / ``p.a = v``, or a mutating method ``p.append(v)``, on a parameter not rebound
    before (``method`` None: in place whatever the argument); an augmented
    assignment ``p += v`` (``method`` ``'__iadd__'``: in place only for an argument
    whose type has that method, as arrays and lists do and numbers do not).
    """
    import inspect
    import textwrap
    fn = getattr(fn, '__func__', fn)
    try:
        lines, first = inspect.getsourcelines(fn)
        tree = ast.parse(textwrap.dedent(''.join(lines)))
    except (OSError, TypeError, SyntaxError):
        return []
    node = tree.body[0]
    if not isinstance(node, ast.FunctionDef):
        return []
    params = {a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs}
    top_level = {id(s) for s in node.body}
    rebound = set()  # parameters surely rebound (a top-level assignment) before
    candidates = sorted((n for n in ast.walk(node) if isinstance(n, (ast.Assign, ast.AugAssign,
                                                                      ast.Call))),
                        key=lambda n: (n.lineno, n.col_offset))
    found = []
    for stmt in candidates:
        targets, method = [], None
        if isinstance(stmt, ast.Assign):
            for t in stmt.targets:
                if isinstance(t, ast.Name) and id(stmt) in top_level:
                    rebound.add(t.id)
                elif isinstance(t, (ast.Subscript, ast.Attribute)):
                    targets.append(_root(t))
        elif isinstance(stmt, ast.AugAssign):
            targets.append(_root(stmt.target))
            if isinstance(stmt.target, ast.Name):
                method = IN_PLACE.get(type(stmt.op))  # None: in place, unknown
        elif isinstance(stmt, ast.Call) and isinstance(stmt.func, ast.Attribute) \
                and stmt.func.attr in MUTATING_METHODS:
            targets.append(_root(stmt.func.value))
        for target in targets:
            if isinstance(target, ast.Name) and target.id in params \
                    and target.id not in rebound:
                found.append((target.id, first + stmt.lineno - 1, method))
    return found


def _root(node):
    """``p`` of ``p``, ``p[i][j]``, ``p.a[i]``."""
    while isinstance(node, (ast.Subscript, ast.Attribute)):
        node = node.value
    return node


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
