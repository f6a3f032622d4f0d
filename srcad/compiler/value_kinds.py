"""What some values surely are, for the mutation check: a numeric array with a
known number of dimensions, a Python int or number, a tuple.

One element ``t = x[i, j]`` of such an array is a number, a copy sharing
nothing with ``x``.  What the analysis cannot be sure of is unknown (and the
mutation check then assumes a view), and so is an array handed to code that
might change its shape in place (:func:`_may_change_in_place`).  Also here: the
walk of a normalized body in program order that the mutation modules share
(:func:`_in_order`).
"""

from __future__ import annotations

import ast
import types

import numpy as np

from .fastast import walk
from .. import runtime
from .flatten_nodes import is_global_path
from .ir import ForRange, WhileLoop
from ..rules.registry import METHODS, has_fact


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
        if callee is runtime.inplace_result:  # x op= v: reads x's dtype and shape only
            return set()
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
    module = str(getattr(fn, '__module__', None) or '')
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
    if callee is runtime.inplace_result and len(args) == 3:  # x op= v (flatten_inplace.py)
        t, x = _atom_kind(args[0], kinds), _atom_kind(args[1], kinds)
        if _UNSET in (t, x):
            return _UNSET
        # a number's (a tuple's) is t, Python's x op v; an array keeps its dimensions
        return t if x in (INT, NUMBER) or (isinstance(x, tuple) and x[0] == 'tuple') else \
            x if _is_array(x) and t == x else None
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


def _in_order(stmts, loops):
    for stmt in stmts:
        yield stmt, loops
        inner = loops + (stmt,) if isinstance(stmt, (ForRange, WhileLoop)) else loops
        for field in ('body', 'orelse'):
            yield from _in_order(getattr(stmt, field, []), inner)
