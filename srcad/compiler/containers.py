"""Lists and tuples handed to NumPy.

``np.max([u, v])``, ``np.interp(t, [0, 1], [a, b])``, ``np.linalg.det([[a, b],
[c, d]])``: NumPy converts a list or tuple argument with ``asarray`` before it
computes anything.  srcad differentiates exactly that conversion: before a
NumPy function receives a list the compiler built (a list display, or a list
made by ``list(...)``, ``sorted(...)`` or ``append``), the normalized code
converts it explicitly::

    t2 = [u, t1]              t2 = [u, t1]
    t3 = np.max(t2)     ->    t4 = as_array(t2)
                              t3 = np.max(t4)

so the rule sees the array NumPy would have made, and the conversion's adjoint
(:func:`srcad.runtime.unarray`) routes the array's adjoint back to the entries,
element by element, through any nesting.  Functions that take a *sequence of
arrays* (``np.concatenate``, ``np.stack``, ...) are left alone: their rules
split their adjoint per entry.

A list or tuple that comes in as an argument (also in an entry of a dict
argument, or as the argument of the user's helper that the caller built) is
converted the same way, in code specialized for the call's arguments that are
lists (:func:`sequence_facts`: ``grad`` checks them on every call, ``jvp`` and
``hvp`` pick the code per call); in forward mode the tangent of such a list is
a list too, converted with it.  Lists the compiler still does not see (an
object's attribute holding a list) are handled, in reverse mode, when the code
runs (:func:`srcad.runtime.part` and :func:`srcad.runtime.like_input` route an
array adjoint to the entries).
"""

from __future__ import annotations

import ast
import copy

import numpy as np

from ..errors import RuntimeCheckError
from . import joins
from .ir import ForRange, WhileLoop
from ..rules import registry
from ..runtime import unarray


def as_array(a):
    """What NumPy makes of the list or tuple ``a`` it is given: ``np.asarray(a)``.
    Anything else passes as it is: a parameter that held a list when the code was
    specialized may hold an array or a number in an entry of a nested list."""
    if isinstance(a, (list, tuple)):
        return np.asarray(a)
    return a


def as_operand(a, other):
    """The operand ``a`` of an arithmetic operator as the operator sees it: a list or
    tuple meeting a NumPy array is converted by NumPy (``[a, b] * x``); anywhere else
    Python's meaning stays (``[a] * 3`` repeats the list - refused by the adjoint and
    the tangent -, ``xs + [v]`` joins, left to the operator's rule)."""
    if isinstance(other, np.ndarray) and isinstance(a, (list, tuple)):
        return np.asarray(a)
    return a


def unoperand(g, a, other):
    """The adjoint of :func:`as_operand`: routed back to the entries of a list NumPy
    converted; a list Python repeated or joined passes ``g`` on unchanged (the
    operator's own rule models, or refuses, what Python did with it)."""
    if isinstance(a, (list, tuple)) and isinstance(other, np.ndarray):
        return unarray(g, a)
    _refuse_repetition(a, other)
    return g


def _refuse_repetition(a, other):
    if isinstance(a, (list, tuple)) and isinstance(other, (int, np.integer)):
        raise RuntimeCheckError(
            'srcad cannot differentiate repeating a list (a list times an integer): '
            'Python repeats it, NumPy is not involved',
            hint='build the array with np.full(n, value) or np.repeat / np.tile')


def as_operand_tangent(dot, a, other):
    """The tangent of :func:`as_operand`: converted as its value is."""
    if isinstance(a, (list, tuple)) and isinstance(other, np.ndarray):
        return np.asarray(dot)
    _refuse_repetition(a, other)
    return dot


# functions whose (differentiable) argument is a sequence of arrays, split per entry
SEQUENCE_FUNCTIONS = {
    np.concatenate, np.stack, np.vstack, np.hstack, np.dstack, np.column_stack, np.block,
    np.linalg.multi_dot, np.array, np.asarray, np.asanyarray, np.ascontiguousarray,
    np.asfortranarray, np.meshgrid, np.broadcast_arrays, np.select, np.piecewise,
    np.einsum, np.atleast_1d, np.atleast_2d, np.atleast_3d, as_array,
}
_CONTAINER_BUILDERS = {list, tuple, sorted}
#: (function, parameter) of a NumPy or SciPy function that takes a list or tuple there as
#: it is, without converting it to an array (``odeint(func, y0, t, args=(k, c))``)
SEQUENCE_PARAMETERS: set = set()


def _converts(rule) -> bool:
    """Whether the rule's function is NumPy's (or SciPy's), which converts its array
    arguments with asarray."""
    fn = rule.fn
    if fn in SEQUENCE_FUNCTIONS or isinstance(fn, type):
        return False
    if isinstance(fn, np.ufunc):
        return True
    module = str(getattr(fn, '__module__', None) or '')
    return module.split('.')[0] in ('numpy', 'scipy')


SEQUENCE, NESTED = 'sequence', 'nested sequence'  # what a parameter held (sequence_kind)


def sequence_kind(value):
    """``'sequence'`` for a list or tuple, ``'nested sequence'`` for one whose first
    entry is a list or tuple too, else None: the fact about an argument the
    compiled code may be specialized for (``convert_containers``'s ``sequences``)."""
    kind = type(value)
    if kind is not list and kind is not tuple:
        return None
    if value and type(value[0]) in (list, tuple):
        return NESTED
    return SEQUENCE


def sequence_facts(params, args, kwargs=None) -> tuple:
    """``(parameter, kind)`` for the arguments of a call that are lists or tuples, and
    ``("p['w']", kind)`` for those in the entries of a dict argument: the facts to
    compile for, so that NumPy's conversion of them is differentiated explicitly (in
    forward mode, a list's tangent is a list, which no tangent rule takes)."""
    facts = []
    given = list(zip(params, args))
    given += [(n, v) for n, v in (kwargs or {}).items() if n in params[len(args):]]
    for name, value in given:
        for keys, kind in dict_sequences(value) or ():
            facts.append((name + ''.join(f'[{k!r}]' for k in keys), kind))
    return tuple(facts)


def dict_sequences(value, keys=()):
    """``(keys, kind)`` of the lists and tuples in ``value`` (itself, or an entry of a
    dict, of a dict in a dict...), or None when ``value`` is neither a list, a
    tuple nor a dict."""
    kind = sequence_kind(value)
    if kind:
        return ((keys, kind),)
    if type(value) is not dict:
        return None
    found = ()
    for key, item in value.items():
        if isinstance(key, (str, int)) and not isinstance(key, bool):
            found += dict_sequences(item, keys + (key,)) or ()
    return found


def convert_containers(body: list, resolver, namer, helpers: dict,
                       sequences: dict | None = None) -> tuple:
    """``(body, containers)``: ``body`` with every list or tuple the code builds converted
    explicitly where a NumPy function receives it (see the module's docstring), and the
    names that may hold one, each with its :func:`sequence_kind` (what calls of the
    user's functions are compiled for: :func:`callee_facts`).  ``sequences`` maps
    parameters known to hold a list or tuple to :func:`sequence_kind`'s answer: they
    are converted in the same places (their slices too, and the entries of a nested
    one)."""
    integers = joins.integer_names(_walk_assigns(body), resolver)  # (repetition counts)
    containers = _container_names(body, resolver, helpers, sequences or {}, integers)
    # (what a join may also be of: the results of the user's functions returning lists)
    joinable = set(containers) | joins.sequence_results(_walk_assigns(body), resolver)
    if not joinable:
        return body, containers
    chosen = {}

    def helper_name(name: str) -> str:
        if name not in chosen:
            chosen[name] = namer.derive('', name)
            helpers[chosen[name]] = resolver.helpers[chosen[name]] = \
                joins.HELPERS[name] if name in joins.HELPERS else globals()[name]
        return chosen[name]

    def block(stmts: list) -> list:
        out = []
        for stmt in stmts:
            if isinstance(stmt, ast.Assign):  # (lists joined with +: srcad.compiler.joins)
                out += joins.rewrite(stmt, joinable, integers, resolver, helper_name) or \
                    _convert_assign(stmt, containers, resolver, namer, helper_name)
            else:  # (a statement holding changed ones is a new node: body is left as it was)
                inner = {field: block(getattr(stmt, field)) for field in ('body', 'orelse')
                         if isinstance(getattr(stmt, field, None), list)}
                if any(new != getattr(stmt, field) for field, new in inner.items()):
                    stmt = copy.copy(stmt)
                    for field, new in inner.items():
                        setattr(stmt, field, new)
                out.append(stmt)
        return out
    return block(body), containers


def _walk_assigns(stmts):
    for stmt in stmts:
        if isinstance(stmt, ast.Assign):
            yield stmt
        for field in ('body', 'orelse'):
            inner = getattr(stmt, field, None)
            if isinstance(inner, list) and isinstance(stmt, (ast.If, ForRange, WhileLoop,
                                                             ast.For, ast.While)):
                yield from _walk_assigns(inner)


def callee_facts(op, resolver) -> tuple:
    """The facts to compile a call of the user's function for (``op``, of kind
    ``call``): which of its parameters receive a list or tuple
    (:func:`sequence_facts`), as far as the caller's compiler knows."""
    known = resolver.containers  # (found by containers_to_arrays)
    return tuple((param, known[atom.id]) for param, atom in op.inputs.items()
                 if isinstance(atom, ast.Name) and atom.id in known)


def _container_names(body: list, resolver, helpers: dict, sequences: dict,
                     integers: set = frozenset()) -> dict:
    """Names that may hold a list or tuple the code built or a parameter held (``*args``
    too), each with its :func:`sequence_kind`."""
    from ..rules.python.iteration_helpers import reversed_list, sorted_list
    from ..runtime import copy_containers, list_append, setitem
    names, copies, rows = {p for p in sequences if p.isidentifier()}, [], []
    nested = {p for p in names if sequences[p] == NESTED}
    names |= {joins.vararg_name(resolver)} - {None}  # (*args: a tuple)
    joined = []  # (target, left, right) of a + b: a list when both operands are
    # the entries of dict parameters: p['w'] (sequence_facts names them by their path)
    paths = {p.split('[', 1)[0]: p.split('[', 1)[0] for p in sequences if '[' in p}
    for stmt in _walk_assigns(body):
        target, value = stmt.targets[0], stmt.value
        if not isinstance(target, ast.Name):
            continue
        if isinstance(value, ast.Subscript) and isinstance(value.value, ast.Name) and \
                value.value.id in paths and isinstance(value.slice, ast.Constant):
            path = f'{paths[value.value.id]}[{value.slice.value!r}]'
            paths[target.id] = path
            if path in sequences:
                names.add(target.id)
                if sequences[path] == NESTED:
                    nested.add(target.id)
                continue
        if isinstance(value, (ast.List, ast.Tuple)):
            names.add(target.id)
            if any(isinstance(e, ast.Name) and e.id in names for e in value.elts):
                nested.add(target.id)  # [[a, b], [c, d]]: its rows are lists too
        elif isinstance(value, ast.Name):
            copies.append((target.id, value.id))
        elif isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Add, ast.Mult)):
            if isinstance(value.op, ast.Add):
                joined.append((target.id, value.left, value.right))
            else:  # lst * 2: a list when lst is one
                for seq, count in ((value.left, value.right), (value.right, value.left)):
                    if isinstance(seq, ast.Name) and joins.is_count(count, integers):
                        copies.append((target.id, seq.id))
        elif isinstance(value, ast.Subscript) and isinstance(value.value, ast.Name):
            source = value.value.id  # a slice of a list is a list; a row of a nested one
            if isinstance(value.slice, ast.Slice):
                copies.append((target.id, source))
            else:  # (entries deeper down too: as_array passes what is no list on)
                rows.append((target.id, source))
        elif isinstance(value, ast.Call):
            fn = resolver.callee(value.func) if not (
                isinstance(value.func, ast.Name) and value.func.id in resolver.local) else None
            if fn in _CONTAINER_BUILDERS or fn is list_append or fn is sorted_list:
                names.add(target.id)
            elif joins.sum_start(value, resolver) is not None:  # sum(chunks, []): a list
                start = joins.sum_start(value, resolver)[1]  # when its start is one
                if isinstance(start, ast.Name):
                    copies.append((target.id, start.id))
            elif fn in (setitem, copy_containers, reversed_list) and value.args and \
                    isinstance(value.args[0], ast.Name):  # the list changed, as a value
                copies.append((target.id, value.args[0].id))
    changed = True
    while changed:
        changed = False
        for target, source in copies:
            if source in names and target not in names:
                names.add(target)
                changed = True
            if source in nested and target not in nested:
                nested.add(target)
                changed = True
        for target, source in rows:
            if source in nested and target not in nested:
                names.add(target)
                nested.add(target)
                changed = True
        for target, left, right in joined:
            sides = [s.id for s in (left, right) if isinstance(s, ast.Name)]
            if len(sides) == 2 and all(s in names for s in sides) and target not in names:
                names.add(target)
                changed = True
            if any(s in nested for s in sides) and target in names and target not in nested:
                nested.add(target)
                changed = True
    return {n: NESTED if n in nested else SEQUENCE for n in names}


_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow, ast.MatMult)


def _convert_operands(stmt: ast.Assign, containers: set, resolver, namer, helper) -> list:
    """``[a, b] * x``: the list operand as the operator sees it (:func:`as_operand`)."""
    value = copy.copy(stmt.value)  # (a new statement if changed: ``stmt`` is left as it was)
    before = []
    for side, other in (('left', 'right'), ('right', 'left')):
        atom = getattr(value, side)
        if isinstance(atom, ast.Name) and atom.id in containers:
            fresh = namer.temp()
            resolver.local.add(fresh)
            call = ast.Call(ast.Name(helper('as_operand'), ast.Load()),
                            [ast.Name(atom.id, ast.Load()), getattr(value, other)], [])
            new = ast.Assign([ast.Name(fresh, ast.Store())], call)
            before.append(ast.fix_missing_locations(ast.copy_location(new, stmt)))
            setattr(value, side, ast.copy_location(ast.Name(fresh, ast.Load()), atom))
    if not before:
        return [stmt]
    stmt = copy.copy(stmt)
    stmt.value = value
    return before + [stmt]


def _convert_assign(stmt: ast.Assign, containers: set, resolver, namer, helper) -> list:
    value = stmt.value
    if isinstance(value, ast.BinOp) and isinstance(value.op, _ARITHMETIC):
        return _convert_operands(stmt, containers, resolver, namer, helper)
    if not isinstance(value, ast.Call):
        return [stmt]
    op = resolver.op(value)
    if op.kind != 'rule' or op.rule is None or not _converts(op.rule):
        return [stmt]
    rule = op.rule
    wanted = set(rule.adjoints) | rule.forward_params()
    receiver = value.func.value if isinstance(value.func, ast.Attribute) else None
    before, replaced = [], {}
    for role, atom in op.inputs.items():
        if role not in wanted or role == rule.signature.varargs or atom is receiver \
                or (rule.fn, role) in SEQUENCE_PARAMETERS:
            continue  # a method keeps its receiver (a list has no NumPy methods)
        if isinstance(atom, ast.Name) and atom.id in containers and id(atom) not in replaced:
            fresh = namer.temp()
            resolver.local.add(fresh)
            call = ast.Call(ast.Name(helper('as_array'), ast.Load()),
                            [ast.Name(atom.id, ast.Load())], [])
            new = ast.Assign([ast.Name(fresh, ast.Store())], call)
            before.append(ast.fix_missing_locations(ast.copy_location(new, stmt)))
            replaced[id(atom)] = fresh
    if not replaced:
        return [stmt]
    value = copy.copy(value)  # (the statement is new: ``stmt`` is left as it was)
    value.args = [_swap(a, replaced) for a in value.args]
    value.keywords = [copy.copy(kw) for kw in value.keywords]
    for kw in value.keywords:
        kw.value = _swap(kw.value, replaced)
    stmt = copy.copy(stmt)
    stmt.value = value
    return before + [stmt]


def _swap(node, replaced: dict):
    fresh = replaced.get(id(node))
    return ast.copy_location(ast.Name(fresh, ast.Load()), node) if fresh else node


registry.adjoint(as_array, 'a', a='unarray(g, a)')
registry.linear(as_array, 'a')
registry.adjoint(as_operand, 'a, other', a='unoperand(g, a, other)',
                 namespace={'unoperand': unoperand})
registry.tangent(as_operand, a='as_operand_tangent(dot, a, other)',
                 namespace={'as_operand_tangent': as_operand_tangent})
registry.constant(as_operand, other='only its type is read (whether NumPy converts the list)')
registry.linear(unoperand, 'g', signature='g, a, other')
if hasattr(registry, 'constant'):  # unoperand reads a and other for their types only
    _TYPE_ONLY = 'only its type is read (whether NumPy converts the list)'
    registry.constant(unoperand, a=_TYPE_ONLY, other=_TYPE_ONLY)
