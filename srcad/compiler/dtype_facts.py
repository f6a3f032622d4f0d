"""What dtype some values surely have: for dropping NumPy's in-place checks where
nothing can differ (:mod:`srcad.compiler.inplace_elision`).

A name's *dtype fact* is a ``numpy.dtype`` (an array or a numpy scalar of that
dtype) or a Python number's type (:data:`WEAK`: ``int``, ``float``, ``complex``,
which NumPy's promotion treats as weak: ``x32 + 1.0`` stays float32).  Facts come
from constants, ``len`` and ``range`` indices, the array makers (``np.zeros(n)`` is
float64, ``np.ones(n, dtype=np.float32)``), copies, casts, indexing of an array,
element writes, and arithmetic, ufuncs and a few reductions of known operands,
whose result dtype NumPy itself computes on small stand-in values.  Parameters and
anything else are unknown (absent).  Flow-insensitive like
:func:`srcad.compiler.value_kinds.value_kinds`: every assignment of a name must
agree; loops are a fixpoint started optimistically.
"""

from __future__ import annotations

import ast

import numpy as np

from .. import runtime
from ..runtime.joins import join_add
from .flatten_nodes import is_global_path
from .ir import ForRange
from .value_kinds import _in_order, _is_array, _own_nodes

WEAK = {int: 'int', float: 'float', complex: 'complex'}
_SAMPLES = {'int': 1, 'float': 1.0, 'complex': 1.0 + 1.0j}
_UNSET = type('Unset', (), {'__repr__': lambda self: 'UNSET'})()  # (not yet known)
_OPERATORS = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply,
              ast.Div: np.true_divide, ast.FloorDiv: np.floor_divide, ast.Mod: np.remainder,
              ast.Pow: np.power, ast.MatMult: np.matmul}
_PYTHON = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
           ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b}
_MAKERS = {np.zeros: 1, np.ones: 1, np.empty: 1}  # the dtype's position (default float64)
_LIKE = {np.zeros_like, np.ones_like, np.empty_like, np.copy}
_REDUCTIONS = {np.sum, np.mean, np.prod, np.max, np.min, np.amax, np.amin, np.dot, np.vdot}
_REDUCING_METHODS = {'sum': np.sum, 'mean': np.mean, 'prod': np.prod, 'max': np.max,
                     'min': np.min, 'copy': np.copy}


def dtype_facts(body: list, resolver, kinds: dict) -> dict:
    """Name -> dtype fact for the names of a normalized body whose every value surely
    has it (``kinds``: :func:`~srcad.compiler.value_kinds.value_kinds`'s answer)."""
    found, named = {}, []
    for stmt, _ in _in_order(body, loops=()):
        if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name):
            named.append((stmt, len(found.setdefault(stmt.targets[0].id, []))))
            found[stmt.targets[0].id].append(_UNSET)
        elif isinstance(stmt, ForRange) and isinstance(stmt.target, ast.Name):
            found.setdefault(stmt.target.id, []).append('int')
        else:  # anything else binding a name (unpacking, a for over a list...): unknown
            for node in _own_nodes(stmt):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    found.setdefault(node.id, []).append(None)
    facts = {name: _agreed(seen) for name, seen in found.items()}
    for _ in range(100):
        changed = False
        for stmt, slot in named:
            name = stmt.targets[0].id
            fact = _fact_of(stmt.value, facts, kinds, resolver)
            if not same(fact, found[name][slot]) and fact is not found[name][slot]:
                found[name][slot] = fact
                facts[name] = _agreed(found[name])
                changed = True
        if not changed:
            return {n: f for n, f in facts.items() if f is not None and f is not _UNSET}
    return {}


def promoted(op, left, right):
    """The dtype fact of ``left op right`` (operator ``op``, an ``ast`` operator
    class) for two dtype facts, as NumPy computes it, or None."""
    if left is _UNSET or right is _UNSET:
        return _UNSET
    if left is None or right is None or op not in _OPERATORS:
        return None
    if isinstance(left, str) and isinstance(right, str):  # Python's own arithmetic
        if op not in _PYTHON:
            return None  # (2 ** -1 is a float, 7 // 2.0 and % may differ: not followed)
        return _outcome(_PYTHON[op], [left, right])
    return _outcome(_OPERATORS[op], [left, right])


def _outcome(fn, facts):
    """The dtype fact of ``fn`` run on stand-ins of the given facts, or None."""
    samples = [_SAMPLES[f] if isinstance(f, str) else np.ones(2, f) for f in facts]
    try:
        with np.errstate(all='ignore'):
            result = fn(*samples)
    except Exception:  # (NumPy refuses these dtypes: the code would raise: not followed)
        return None
    if type(result) in WEAK:
        return WEAK[type(result)]
    if isinstance(result, (np.ndarray, np.generic)) and result.dtype.kind in 'biufc':
        return result.dtype
    return None


def same(a, b) -> bool:
    """Two dtype facts are the same (``np.dtype('float64') == 'float'`` is True, and
    ``== None`` too: compared by type first)."""
    return a is b or (a is not None and a is not _UNSET and type(a) is type(b) and a == b)


def _agreed(seen):
    known = [f for f in seen if f is not _UNSET]
    if not known:
        return _UNSET
    return known[0] if all(same(f, known[0]) for f in known) else None


def _atom(atom, facts, resolver):
    if isinstance(atom, ast.UnaryOp) and isinstance(atom.op, (ast.USub, ast.UAdd)):
        atom = atom.operand
    if isinstance(atom, ast.Constant):
        return WEAK.get(type(atom.value))
    if isinstance(atom, ast.Name) and atom.id in resolver.local:
        return facts.get(atom.id)
    if isinstance(atom, (ast.Name, ast.Attribute)) and is_global_path(atom, resolver.local):
        obj = resolver.callee(atom)  # (np.pi, a module's constant)
        if type(obj) in WEAK:
            return WEAK[type(obj)]
        if isinstance(obj, np.generic) and obj.dtype.kind in 'biufc':
            return obj.dtype
    return None


def _dtype(node, resolver):
    """The numeric dtype a ``dtype=`` argument names (a constant string or a global
    path such as ``np.float32``), or None."""
    obj = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else \
        resolver.callee(node) if isinstance(node, (ast.Name, ast.Attribute)) else None
    if obj is None:
        return None
    try:
        dtype = np.dtype(obj)
    except TypeError:
        return None
    return dtype if dtype.kind in 'biufc' else None


def _fact_of(value, facts, kinds, resolver):
    if isinstance(value, (ast.Name, ast.Constant, ast.Attribute)) and not (
            isinstance(value, ast.Attribute) and value.attr == 'T'):
        return _atom(value, facts, resolver)
    if isinstance(value, ast.UnaryOp) and isinstance(value.op, (ast.USub, ast.UAdd)):
        return _atom(value.operand, facts, resolver)
    if isinstance(value, ast.BinOp):
        return promoted(type(value.op), _atom(value.left, facts, resolver),
                        _atom(value.right, facts, resolver))
    if isinstance(value, (ast.Subscript, ast.Attribute)):  # x[i], x.T of an array
        base = value.value
        if isinstance(base, ast.Name) and _is_array(kinds.get(base.id)):
            fact = facts.get(base.id)
            return fact if fact is _UNSET or isinstance(fact, np.dtype) else None
        return None
    if isinstance(value, ast.Call):
        return _call_fact(value, facts, kinds, resolver)
    return None


def _call_fact(call, facts, kinds, resolver):
    args, keywords = call.args, {kw.arg: kw.value for kw in call.keywords}
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
            and func.value.id in resolver.local:  # a method of a local array
        if not _is_array(kinds.get(func.value.id)):
            return None
        if func.attr == 'astype' and len(args) == 1 and not keywords:
            return _dtype(args[0], resolver)
        fn = _REDUCING_METHODS.get(func.attr)
        return _known_call(fn, [func.value] + list(args), keywords, facts, resolver)
    callee = resolver.callee(func)
    if callee is len and len(args) == 1 and not keywords:
        return 'int'
    if callee in (float, int) and len(args) == 1 and not keywords:
        return WEAK[callee]
    if callee is runtime.setitem and args and isinstance(args[0], ast.Name) \
            and _is_array(kinds.get(args[0].id)):
        return facts.get(args[0].id)  # (the value written is cast to the array's dtype)
    if callee is runtime.inplace_result and len(args) == 3:
        x, t = _atom(args[1], facts, resolver), _atom(args[0], facts, resolver)
        if isinstance(args[1], ast.Name) and _is_array(kinds.get(args[1].id)):
            return x  # (an array keeps its dtype, or NumPy raises)
        return _UNSET if t is _UNSET or x is _UNSET else t if same(t, x) else None
    if callee is runtime.astype and len(args) == 2 and not keywords:
        return _dtype(args[1], resolver)
    if callee in _MAKERS and 1 <= len(args) <= 2 and set(keywords) <= {'dtype', 'order'}:
        dtype = args[1] if len(args) == 2 else keywords.get('dtype')
        return np.dtype(float) if dtype is None else _dtype(dtype, resolver)
    return _known_call(callee, args, keywords, facts, resolver)


def _known_call(fn, args, keywords, facts, resolver):
    """A ufunc, a copy or a full reduction of operands of known dtypes: its result's."""
    try:
        plain = isinstance(fn, np.ufunc) and fn.nout == 1 or fn in _LIKE or fn in _REDUCTIONS
    except TypeError:  # (an unhashable callee)
        return None
    if not plain or keywords or not args:
        return None
    found = [_atom(a, facts, resolver) for a in args]
    if any(f is _UNSET for f in found):
        return _UNSET
    if any(f is None for f in found):
        return None
    return _outcome(fn, found)


def non_arrays(body: list, resolver, kinds: dict) -> set:
    """Names surely holding no ndarray on any binding: a Python number or a numpy
    scalar (a constant, a number of :mod:`~srcad.compiler.value_kinds`, ``len``,
    arithmetic of such: NumPy gives a scalar, not a 0-d array, for an operation on
    scalars), a list or a tuple (a display, ``list(...)``, a join of two such, an
    append), or ``x op= v`` of such.  The greatest fixpoint: names are dropped until
    every binding of those left is proven."""
    bindings, unknown = {}, set()
    for stmt, _ in _in_order(body, loops=()):
        if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name):
            bindings.setdefault(stmt.targets[0].id, []).append(stmt.value)
        elif isinstance(stmt, ForRange) and isinstance(stmt.target, ast.Name):
            continue  # (an index of a range: an int)
        else:
            unknown |= {n.id for n in _own_nodes(stmt)
                        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    names = set(bindings) - unknown

    def scalar(atom) -> bool:
        if isinstance(atom, ast.UnaryOp) and isinstance(atom.op, (ast.USub, ast.UAdd)):
            atom = atom.operand
        if isinstance(atom, ast.Constant):
            return type(atom.value) in WEAK
        return isinstance(atom, ast.Name) and (
            atom.id in names or kinds.get(atom.id) in ('int', 'number'))

    def proven(value) -> bool:
        if isinstance(value, ast.BinOp):
            return type(value.op) in _OPERATORS and scalar(value.left) and scalar(value.right)
        if isinstance(value, ast.Call) and resolver.callee(value.func) is runtime.inplace_result:
            return len(value.args) == 3 and scalar(value.args[0]) and scalar(value.args[1])
        if isinstance(value, (ast.List, ast.Tuple)):
            return True
        callee = resolver.callee(value.func) if isinstance(value, ast.Call) else None
        if callee in (len, list, tuple):
            return True
        if callee is join_add or callee is runtime.list_append:  # (list + array: an array)
            return bool(value.args) and all(scalar(a) for a in value.args[:2])
        return scalar(value)

    changed = True
    while changed:
        changed = False
        for name in sorted(names):
            if not all(proven(v) for v in bindings[name]):
                names.discard(name)
                changed = True
    return names
