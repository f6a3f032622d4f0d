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

from .fastast import walk
from .. import runtime
from ..errors import UnsupportedSyntaxError
from .ir import ForRange, WhileLoop
from .names import assigned_names, live_in, param_names
from .normalize import is_global_path
from .parse import FunctionSource
from ..rules.registry import METHODS, has_fact, nondifferentiable
from ..rules.attribute_writes import set_attribute

VIEW_METHODS = {'reshape', 'ravel', 'transpose', 'squeeze', 'swapaxes', 'view', 'diagonal',
                'T', 'real', 'imag', 'flat'}


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
    params = param_names(src.tree.args)
    kinds = value_kinds(body, resolver, params)
    _check_calls(body, src, resolver, guards, kinds)
    order = list(_in_order(body, loops=()))
    own = {}    # name -> tokens of the objects (array data, lists) it may be, or view
    held = {}   # name -> tokens of the objects it may hold (a list's entries...)
    packs = {}  # name of a tuple or list built here -> the atoms it holds
    numeric = set()  # names of arithmetic's or numpy's results: never a list or a dict
    iterated = set()  # the sequences loops go over (runtime.sequence(x))

    def shown(name):  # the user's name for srcad's version x_1 of x
        import re
        base = re.sub(r'_\d+$', '', name)
        return base if base != name and same_variable(name, base) else name

    for k, (stmt, loops) in enumerate(order):
        if not isinstance(stmt, ast.Assign):
            continue
        target = _written(stmt, resolver)
        if target is not None:
            other = _shared_and_read(target, own, held, order[k + 1:], loops, same_variable)
            if other in iterated and guards is not None \
                    and resolver.callee(stmt.value.func) is runtime.setitem:
                # for k in d: d[k] = ...: a dict's loop goes over its keys, which a write
                # to an existing key leaves alone; a list's or an array's loop would see it
                other = _shared_and_read(target, own, held, order[k + 1:], loops,
                                         same_variable, exclude=iterated)
                if other is None:
                    where = src.location(stmt)
                    guards.append(('alias', stmt, ast.Name(target, ast.Load()), ITERATED,
                                   shown(target), shown(target),
                                   f'{where.filename}:{where.lineno}:{where.col + 1}',
                                   stmt.value.args[1]))  # the key: must be in the dict
            if other is not None:
                raise _write_error(shown(target), shown(other), src.location(stmt),
                                   resolver.callee(stmt.value.func) is set_attribute)
            param = _argument_seen(target, own, params, same_variable)
            if param is not None:
                raise _argument_error(shown(target), param, src.location(stmt))
        written = _in_place(stmt, kinds)
        if written is not None:
            name, method = written
            other = _shared_and_read(name, own, held, order[k + 1:], loops, same_variable)
            param = _argument_seen(name, own, params, same_variable) if other is None else None
            if other is not None or param is not None:
                if guards is None or _is_array(kinds.get(name)) or method not in AUGMENTED:
                    raise _write_error(shown(name), shown(other), src.location(stmt)) \
                        if other is not None else \
                        _argument_error(shown(name), param, src.location(stmt))
                where = src.location(stmt)
                guards.append(('alias', stmt, ast.Name(name, ast.Load()), method, shown(name),
                               shown(other) if other is not None else param,
                               f'{where.filename}:{where.lineno}:{where.col + 1}',
                               other is None))
        if isinstance(stmt.value, (ast.Tuple, ast.List)):
            packs[stmt.targets[0].id] = stmt.value.elts
        for node in walk(stmt.value):  # a parameter (or a name bound later): its own
            if isinstance(node, ast.Name) and node.id in resolver.local:
                own.setdefault(node.id, {node.id})
        flows = _flows(stmt, resolver, packs, own, held, kinds, written, numeric)
        if isinstance(stmt.targets[0], ast.Name) and _numeric_value(stmt.value, resolver, kinds,
                                                                      numeric):
            numeric.add(stmt.targets[0].id)
        if isinstance(stmt.value, ast.Call) and resolver.callee(stmt.value.func) is \
                runtime.sequence and isinstance(stmt.targets[0], ast.Name):
            iterated.add(stmt.targets[0].id)
        for name in assigned_names([stmt]):
            made, holding = flows.get(name, (set(), set()))
            own[name], held[name] = made or {('new', k, name)}, holding


def _write_error(target, other, location, attribute=False):
    if attribute:  # obj.attr = v (srcad/compiler/attributes.py)
        return UnsupportedSyntaxError(
            f'srcad does not support assigning an attribute of {target!r} while {other!r} '
            f'refers to the same object and is read afterwards (Python would change it '
            f'through both names)', location,
            f'read what you need from {other!r} before the assignment, or build a separate '
            f'object for each name')
    return UnsupportedSyntaxError(
        f'srcad does not support writing into {target!r} while {other!r} '
        f'refers to the same data and is read afterwards', location,
        f'copy first (e.g. {target} = {target}.copy()) so the write '
        f'changes only {target!r}')


def _argument_error(target, param, location):
    return UnsupportedSyntaxError(
        f'srcad does not support writing into {target!r}, which refers to the data of the '
        f'argument {param!r}: NumPy would change the caller\'s {param!r} in place, and a '
        f'gradient call never changes its arguments', location,
        f'copy first ({target} = {target}.copy()) so the write changes only {target!r}')


def _argument_seen(target, own, params, same_variable):
    """The parameter whose object (the caller's argument, or an entry of it) a write into
    ``target`` would change, when ``target`` is another name for it (a view ``w = x[1:]``,
    an alias ``y = x``, an entry ``w = Ws[0]``), or None.  A write through the parameter's
    own name (``x += 1``, ``x[0] = v``) is computed as a new value, as before."""
    mine = own.get(target, {target})
    for param in params:
        if (param in mine or ('in', param) in mine) and not same_variable(target, param):
            return param
    return None


def _shared_and_read(target, own, held, after, loops, same_variable, exclude=()):
    """A name other than ``target`` (and those in ``exclude``) that may see a write into
    ``target``'s object (the same object, a view of its data, or a container holding it)
    and is read after the write (or in the next round of a loop around it), or None."""
    mine = own.get(target, {target})
    others = sorted((n for n in set(own) | set(held)
                     if n != target and not same_variable(n, target) and n not in exclude
                     and _inside_too(own.get(n, {n}) | held.get(n, set())) & mine),
                    key=lambda n: (_temporary(n), n))  # a user's name first, for the message
    later = [s for s, _ in after]
    for other in others:
        next_round = any(other in live_in(loop.body)
                         and any(_reads(s, other) for s in _flat(loop.body)) for loop in loops)
        if next_round or _read_before_rebound(later, other):
            return other
    return None


def _inside(tokens) -> set:
    """The tokens of what an object's attributes may be (``h = obj.h``): ``('in', t)``
    for each token ``t`` of the object (flat: an attribute of an attribute is inside too)."""
    return {t if isinstance(t, tuple) and t[0] == 'in' else ('in', t) for t in tokens}


def _inside_too(tokens) -> set:
    return tokens | _inside(tokens)


def _temporary(name) -> bool:
    import re
    return re.fullmatch(r't\d+(_\d+)?', name) is not None


def _in_place(stmt, kinds):
    """``(name, method)`` when ``stmt`` changes ``name``'s object in place: an augmented
    assignment ``x += v`` (normalized to ``x = x + v``, its operand marked; method
    ``'__iadd__'``), or ``x.sort()`` (``x = np.sort(x)``; method ``'sort'``).  Not for a
    name surely a number or a tuple (there ``x += v`` makes a new value)."""
    marked = getattr(stmt, 'srcad_in_place', None)
    for node in ([marked] if marked is not None else walk(stmt.value)):
        mark = getattr(node, 'srcad_in_place', None)
        if mark is not None and isinstance(node, ast.Name):
            if isinstance(mark, str):
                return node.id, mark
            kind = kinds.get(node.id)
            if kind in (INT, NUMBER) or (isinstance(kind, tuple) and kind[0] == 'tuple'):
                return None
            return node.id, IN_PLACE.get(mark, '__iadd__')
    return None


def _numeric_value(value, resolver, kinds, numeric) -> bool:
    """Whether an (ANF) expression's value is surely no list, tuple or dict: arithmetic
    on numbers or arrays, or a numpy function's result."""
    if isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Add, ast.Mult)):
        # xs + ys joins lists, xs * 2 repeats one: not with a float or an array operand
        def sure(a):
            kind = _atom_kind(a, kinds)
            return _is_array(kind) or kind == NUMBER or (
                isinstance(a, ast.Constant) and type(a.value) in (float, complex))
        both = all(isinstance(a, ast.Name) and a.id in numeric
                   for a in (value.left, value.right))
        return both or sure(value.left) or sure(value.right)
    if isinstance(value, (ast.BinOp, ast.UnaryOp)):
        return True
    if isinstance(value, ast.Call) and not _is_method(value.func, resolver):
        module = getattr(resolver.callee(value.func), '__module__', None) or ''
        return module.split('.')[0] == 'numpy'
    return False


def _flows(stmt, resolver, packs, own, held, kinds, written, numeric=frozenset()) -> dict:
    """Name bound by ``stmt`` -> (the objects it may be, the objects it may hold)."""
    def is_(n):
        return own.get(n, {n})

    def holds(n):
        return held.get(n, set())

    def every(n):
        return is_(n) | holds(n)

    def names(nodes):
        return [n.id for n in nodes if isinstance(n, ast.Name)]

    target, value = stmt.targets[0], stmt.value
    if isinstance(target, ast.Tuple):
        found = {}
        if isinstance(value, ast.Name):
            atoms = packs.get(value.id)
            if atoms is not None:
                for t, a in zip(target.elts, atoms):
                    if isinstance(t, ast.Name) and isinstance(a, ast.Name):
                        found[t.id] = (is_(a.id), holds(a.id))
                return found
            fresh = not holds(value.id) and all(isinstance(tok, tuple) and tok[0] == 'new'
                                                 for tok in is_(value.id))
            if fresh:  # a function's result: shares data only with what the call did
                return {}
            return {n.id: (every(value.id), holds(value.id)) for n in walk(target)
                    if isinstance(n, ast.Name)}
        sources = names(walk(value))
        both = set().union(*(every(n) for n in sources)) if sources else set()
        return {n.id: (both, both) for n in walk(target) if isinstance(n, ast.Name)}
    name = target.id
    if written is not None:  # x += v: x's object, now also holding what a list += adds
        other = [n for n in names(walk(value)) if n != written[0] and n in held]
        return {name: (is_(written[0]), holds(written[0]).union(*(holds(n) for n in other)))}
    if isinstance(value, ast.Name):
        return {name: (is_(value.id), holds(value.id))}
    if isinstance(value, ast.Subscript):
        if _number_of_an_array(value, kinds) or not isinstance(value.value, ast.Name):
            return {}
        return {name: (every(value.value.id), holds(value.value.id))}  # a view, or an entry
    if isinstance(value, (ast.Tuple, ast.List, ast.Dict)):
        parts = names(value.values if isinstance(value, ast.Dict) else value.elts)
        return {name: (set(), set().union(*(every(n) for n in parts)))}
    if isinstance(value, ast.Attribute) and value.attr in VIEW_METHODS \
            and isinstance(value.value, ast.Name):
        return {name: (every(value.value.id), holds(value.value.id))}
    if isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name) \
            and value.value.id in resolver.local and getattr(np.ndarray, value.attr, None) is None:
        # obj.h: what obj holds, or something inside obj (not obj: obj.h = v rebinds only obj)
        base = value.value.id
        return {name: (holds(base) | _inside(is_(base)), holds(base))}
    if not isinstance(value, ast.Call):
        return {}
    func, callee = value.func, resolver.callee(value.func)
    first = value.args[0] if value.args and isinstance(value.args[0], ast.Name) else None
    parts = names(list(value.args) + [kw.value for kw in value.keywords])
    if _holding(callee):  # a new container of the argument's entries (or its rows)
        return {name: (set(), set().union(*(every(n) for n in parts)))}
    if _handing_an_entry(callee):  # one of the entries itself
        both = set().union(*(every(n) for n in parts)) if parts else set()
        return {name: (both, both)}
    receiver = func.value if isinstance(func, ast.Attribute) and callee is None \
        and isinstance(func.value, ast.Name) and func.value.id in resolver.local else None
    if receiver is not None and func.attr == 'copy' and not value.args \
            and not _is_array(kinds.get(receiver.id)) and receiver.id not in numeric:
        # a dict's or list's copy is new but holds the same entries (an array's holds none)
        return {name: (set(), every(receiver.id))}
    if callee in (runtime.setitem, runtime.list_append, set_attribute) and first is not None:
        # the same object, changed; a list (not an array) keeps the value put in
        rest = set() if _is_array(kinds.get(first.id)) else \
            set().union(*(every(n) for n in names(value.args[1 if callee is runtime.list_append
                                                                else 2:])))
        return {name: (is_(first.id), holds(first.id) | rest)}
    view = (isinstance(func, ast.Attribute) and func.attr in VIEW_METHODS and callee is None
            and isinstance(func.value, ast.Name)) and func.value
    if not view and (has_fact(callee, 'view') or callee is runtime.sequence) and first:
        view = first
    if view:
        return {name: (every(view.id), holds(view.id))}
    kind = resolver.op(value).kind
    if kind == 'pack':  # Point(a, b), SimpleNamespace(h=a): holds them
        return {name: (set(), set().union(*(every(n) for n in parts)))}
    if kind in ('call', 'dynamic', 'unknown') \
            and _may_return_an_argument(callee):
        if receiver is not None:  # d.pop(k), d.setdefault(k, v), obj.method(): its parts
            parts = parts + [receiver.id]
        both = set().union(*(every(n) for n in parts)) if parts else set()
        return {name: (both, both)}
    return {}


def _helper(name):
    from ..rules import helpers_iteration
    return getattr(helpers_iteration, name, None)


def _holding(fn) -> bool:
    """``list(xs)``, ``tuple(d.values())``, ``sorted(xs)``, ``copy_containers(p)``...: a new
    container holding the entries of its argument (a list of an array's rows: views)."""
    return fn is not None and (fn in (list, tuple, runtime.copy_containers) or any(
        fn is _helper(h) for h in ('dict_values', 'dict_items', 'dict_keys', 'zip_list',
                                   'enumerate_list', 'reversed_list', 'sorted_list',
                                   'make_dict')))


def _handing_an_entry(fn) -> bool:
    """``d.get(k)``, ``max(xs)``, ``xs.pop()``, ``next(it)``: one of the argument's entries,
    the object itself."""
    return fn is not None and (fn in (max, min, next, runtime.list_pop) or fn is _helper(
        'dict_get'))


def _written(stmt, resolver):
    """The object ``stmt`` writes into (``x = setitem(x, ...)``, ``xs = list_append(xs, v)``),
    if any."""
    value = getattr(stmt, 'value', None)
    if isinstance(stmt, ast.Assign) and isinstance(value, ast.Call) \
            and resolver.callee(value.func) in (runtime.setitem, runtime.list_append,
                                                set_attribute) \
            and value.args and isinstance(value.args[0], ast.Name):
        return value.args[0].id
    return None


# -- what some values surely are ------------------------------------------------
# A name's *kind*: ('array', ndim) for a numeric ndarray with that many dimensions,
# INT for a Python int, NUMBER for a Python float or complex, ('tuple', length, all
# ints) for a tuple; None (or absent) when nothing is sure.
INT, NUMBER, _UNSET = 'int', 'number', 'unset'
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
                yield from walk(part)


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
                sources = {n.id for n in walk(stmt.value) if isinstance(n, ast.Name)}
            for node in walk(stmt.targets[0]):
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
    return {n.id for n in walk(value) if isinstance(n, ast.Name) and n.id in resolver.local}


def _numeric_operands(node, kinds) -> bool:
    operands = [node.left, node.right] if isinstance(node, ast.BinOp) else \
        [node.operand] if isinstance(node, ast.UnaryOp) else [node.left, *node.comparators]
    return all(_atom_kind(a, kinds) in (INT, NUMBER) or _is_array(_atom_kind(a, kinds))
               for a in operands)


def _escaping(node, resolver, kinds) -> set:
    """The names in an (ANF) expression that code other than numpy's may get hold of."""
    def names(*parts):
        return {n.id for p in parts if p is not None for n in walk(p)
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
    if has_fact(fn, 'calls_back'):
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
    if not keywords and ((has_fact(fn, 'reduction') and len(arrays) == 1) or (
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
    if has_fact(callee, 'array_maker') and 1 <= len(args) <= 2 and set(keywords) <= {'dtype', 'order'}:
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
        return inspect.signature(fn, follow_wrapped=False).parameters[param].default
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
    before = {}
    aliased = [g for g in guards if g[0] == 'alias']
    if aliased:
        check_alias = namer.derive('', 'writes_shared_data')
        for helpers in helper_maps:
            helpers[check_alias] = writes_shared_data
    for _, stmt, atom, method, name, other, where, *argument in aliased:
        check = ast.Call(ast.Name(check_alias, ast.Load()),
                         [atom] + [c if isinstance(c, ast.AST) else ast.Constant(c)
                                   for c in (method, name, other, where, *argument)], [])
        before.setdefault(id(stmt), []).append(
            ast.fix_missing_locations(ast.copy_location(ast.Expr(check), stmt)))
    grouped = {}  # one check per argument: (statement, parameter) -> its atom, methods...
    for stmt, atom, function, param, method, line in (g for g in guards if g[0] != 'alias'):
        key = (id(stmt), param)
        if key not in grouped:
            grouped[key] = (stmt, atom, function, [], line)
        if method not in grouped[key][3]:
            grouped[key][3].append(method)
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


def writes_shared_data(value, method, name, other, where, argument=False):
    """Check, when the code runs, that ``name op= v`` (compiled as ``name = name op v``)
    makes a new value: ``value`` has no in-place ``method`` (``__iadd__``...), as numbers
    do not.  An array or a list would change in place, and ``other``, which shares its
    data and is read afterwards, would see the change (with ``argument``: ``other`` is
    the parameter whose argument would change)."""
    if method == ITERATED:  # ``argument``: the key written
        if not isinstance(value, dict) or argument not in value:
            raise UnsupportedSyntaxError(
                f'srcad does not support writing into {name!r} while a loop goes over it '
                f'({where}): the loop would see the change (or Python would refuse a new key)',
                None,
                f'loop over a copy ({name}.copy()) or over range(len({name}))')
        return
    if argument and hasattr(type(value), method):
        raise UnsupportedSyntaxError(
            f'srcad does not support {name} {AUGMENTED.get(method, method)} ... on a '
            f'{type(value).__name__} that refers to the data of the argument {other!r} '
            f'({where}): NumPy would change the caller\'s {other!r} in place', None,
            f'copy first ({name} = {name}.copy()) or write {name} = {name} '
            f'{AUGMENTED.get(method, method)[:-1]} ... for a new value')
    if hasattr(type(value), method):
        raise UnsupportedSyntaxError(
            f'srcad does not support {name} {AUGMENTED.get(method, method)} ... on a '
            f'{type(value).__name__} while {other!r} refers to the same data and is read '
            f'afterwards ({where}): the change would show through {other!r}', None,
            f'copy first ({name} = {name}.copy()) or write {name} = {name} '
            f'{AUGMENTED.get(method, method)[:-1]} ... for a new value')


nondifferentiable(writes_shared_data)  # a check: no value, no derivative


ITERATED = 'iterated'  # writes_shared_data's check of a write into what a loop goes over
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
    candidates = sorted((n for n in walk(node) if isinstance(n, (ast.Assign, ast.AugAssign,
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
    for node in walk(tree):
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
               for part in own for n in walk(part))
