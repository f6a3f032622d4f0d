"""``p.size`` of a value that may be the user's object: checked when the code runs.

srcad reads ``p.shape``, ``p.size``, ``p.ndim`` and ``p.dtype`` as NumPy's: a shape,
with no derivative.  That is right for an array or a number, silently wrong for the
user's object with a field of that name (``Particle.size``): ``p = make(r); p.size ** 2``
would have derivative zero, and since the read has no derivative, nothing else would
look at ``make``.  Objects built in the differentiated function are refused where the field is
stored (:mod:`srcad.compiler.array_named_fields`) and differentiated inputs at entry
(:mod:`srcad.wrt`); an object returned by another function (or a method, or read from
a container) is known only when the code runs.  So where such a read of a varied value
that may be an object reaches the output, :func:`guard_reads` puts a check before it:
:func:`array_attribute_read` passes an array or a number, and for another object passes
only a value that carries no derivative (an integer, a tuple of integers, a dtype);
anything else is srcad's located refusal.  A receiver known to be an array or a number
(a differentiated input, a NumPy function's result, an element of either) has no check:
``x.shape[0]`` stays free.
"""

from __future__ import annotations

import ast
import copy
import os

import numpy as np

from ..rules.registry import nondifferentiable
from ..runtime.objects import array_attribute_read
from .fastast import walk, walk_all
from .analysis import Activity, _assignments, _walk_statements, loop_targets, names_in
from .resolve import Resolver

# read as a shape, with no derivative: the read cuts the receiver off from the output, so
# nothing else refuses the function that built it.  (``.T``, ``.real``... have rules with
# derivatives: the receiver is differentiated, and what stored a differentiated value
# under such a name is refused where it stored it.)
SHAPES = frozenset({'shape', 'size', 'ndim', 'dtype'})
_ATTRIBUTE = ast.Attribute
_SRCAD_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


nondifferentiable(array_attribute_read)  # a check: no value, no derivative


def known_arrays(body: list, wrt, ops: Resolver) -> set:
    """Names surely holding an array or a number (or an element of a differentiated
    input, whose fields :mod:`srcad.wrt` checked): the differentiated inputs, the
    results of NumPy's (and SciPy's) functions and of operators, and copies, elements
    and fields of those."""
    from ..rules.python.object_helpers import field
    from .. import runtime
    defs: dict = {}
    for stmt in _assignments(body):
        target = stmt.targets[0]
        if isinstance(target, ast.Tuple):
            for n in names_in(target):
                defs.setdefault(n, []).append(('of', names_in(stmt.value)))
            continue
        op = ops.op(stmt.value)
        if op.kind == 'const':  # (not varied: no derivative to lose)
            defs.setdefault(target.id, []).append(('of', []))
        elif op.kind in ('copy', 'index'):
            defs.setdefault(target.id, []).append(('of', names_in(op.inputs['x'])))
        elif op.kind == 'rule' and op.rule is not None and (
                op.rule.fn is field or op.rule.fn is runtime.setitem):  # p.w, x[i] = v
            defs.setdefault(target.id, []).append(('of', names_in(op.inputs['x'])))
        elif op.kind == 'rule' and op.rule is not None and _array_function(op.rule.fn):
            defs.setdefault(target.id, []).append(('of', []))
        else:
            defs.setdefault(target.id, []).append(('no', []))
    for targets, sources in loop_targets(body):
        for n in targets:
            defs.setdefault(n, []).append(('of', sources))
    safe = set(wrt) | {n for n, ds in defs.items() if all(k == 'of' for k, _ in ds)}
    changed = True
    while changed:  # (a fixpoint: a name is known when all it is made from is)
        changed = False
        for n in list(safe):
            if n in wrt:
                continue
            if not all(all(s in safe for s in sources) for _, sources in defs.get(n, ())):
                safe.discard(n)
                changed = True
    return safe


# the modules of functions returning arrays or numbers: NumPy's, SciPy's, and srcad's
# array helpers (x.reshape(...) is srcad.runtime.shapes.reshape_method); not srcad's
# helpers of Python containers and objects (srcad.rules.python, srcad.runtime.containers)
_ARRAY_MODULES = ('numpy', 'scipy', 'srcad.runtime.shapes', 'srcad.runtime.products',
                  'srcad.runtime.indexing', 'srcad.runtime.singular', 'srcad.rules.elementwise',
                  'srcad.rules.linalg', 'srcad.rules.products', 'srcad.rules.reductions',
                  'srcad.rules.shapes', 'srcad.rules.everyday', 'srcad.rules.tangents')


def _array_function(fn) -> bool:
    if isinstance(fn, np.ufunc) or (isinstance(fn, type) and fn.__module__ == 'ast'):
        return True  # a ufunc, an operator (a + b)
    module = getattr(fn, '__module__', None)
    return isinstance(module, str) and any(
        module == m or module.startswith(m + '.') for m in _ARRAY_MODULES)


def guard_reads(body: list, ops: Resolver, activity: Activity, wrt, src, namer,
                helpers: dict, name_facts) -> tuple:
    """``(body, namer, helpers)``: ``body`` with :func:`array_attribute_read` before each
    statement reading ``p.size`` (... :data:`SHAPES`) of a varied ``p`` that may be the
    user's object, when the statement's result reaches the output, and copies of the name
    generator and the helpers that know the check (the ones given when nothing is
    checked).  ``body`` is left as it was (the statements holding a checked one are new
    nodes).  ``name_facts()``: the program's :class:`~srcad.compiler.names.NameFacts`."""
    from .user_text import user_text
    if src.filename.startswith(('<srcad ', _SRCAD_DIR)):
        return body, namer, helpers  # (srcad's own code: generated, or its rules' source)
    if not any(n.__class__ is _ATTRIBUTE and n.attr in SHAPES for n in walk_all(list(body))):
        return body, namer, helpers  # (most functions: one pass over the nodes)
    safe = names = None
    before = {}
    helper = None
    for stmt in _walk_statements(body):
        if stmt.__class__ is not ast.Assign:
            continue
        if not any(n in activity.useful for n in names_in(stmt.targets[0])):
            continue
        for node in walk(stmt.value):
            if not (node.__class__ is ast.Attribute and node.attr in SHAPES
                    and isinstance(node.value, ast.Name) and node.value.id in activity.varied):
                continue
            if safe is None:
                safe = known_arrays(body, wrt, ops)
            if node.value.id in safe:
                continue
            if helper is None:
                namer, helpers, names = namer.copy(), dict(helpers), name_facts()
                helper = namer.derive('', 'array_attribute_read')
                helpers[helper] = array_attribute_read
            check = ast.Call(ast.Name(helper, ast.Load()), [
                ast.Name(node.value.id, ast.Load()), ast.Constant(node.attr),
                ast.Constant(user_text(node, names, body))], [])
            before.setdefault(id(stmt), []).append(
                ast.fix_missing_locations(ast.copy_location(ast.Expr(check), stmt)))
    return (_with_checks(body, before), namer, helpers) if before else (body, namer, helpers)


def _with_checks(stmts: list, before: dict) -> list:
    out = []
    for stmt in stmts:
        out += before.get(id(stmt), [])
        fields = {f: _with_checks(getattr(stmt, f), before) for f in ('body', 'orelse')
                  if isinstance(getattr(stmt, f, None), list)}
        if any(new != getattr(stmt, f) for f, new in fields.items()):
            stmt = copy.copy(stmt)
            for f, new in fields.items():
                setattr(stmt, f, new)
        out.append(stmt)
    return out


__all__ = ['array_attribute_read', 'guard_reads', 'known_arrays']
