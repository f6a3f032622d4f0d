"""What the compiler can know about shapes without running anything.

Each name gets a *shape class*: ``SCALAR`` (shape ``()``: a number), a class
it shares with other names of provably the same shape (``t = np.tanh(x)``,
``u = x * 2.0``, ``v = t + u``), or ``None`` when nothing is known.
Elementwise operations keep their operands' class; reductions over every
axis are scalars; a parameter known to be a Python float (a gradient
specialized at its first call) is a scalar.

The emitter uses this only to drop work that is provably a no-op:
``unbroadcast(e, x)`` when the result has the shape of ``x``,
``unreduce(g, x)`` of a scalar, the check in ``seed`` of a scalar output.
Unknown always means "keep the general code", so a wrong guess is impossible.
"""

from __future__ import annotations

import ast

import numpy as np

from .resolve import Resolver

SCALAR = 'scalar'
TOP = 'top'  # not yet known (optimistic start of the fixpoint)
FULL_REDUCTIONS = {np.sum, np.mean, np.prod, np.max, np.min, np.amax, np.amin, np.var, np.std,
                   np.nansum, np.nanmean, np.linalg.det}


def shape_classes(body: list, params: list, resolver: Resolver, scalars=()) -> dict:
    """Name -> shape class for the names of a normalized body (absent: unknown)."""
    assignments = list(_assignments(body))
    classes = {n.id: TOP for stmt in assignments for n in ast.walk(stmt.targets[0])
               if isinstance(n, ast.Name)}
    classes.update({p: (SCALAR if p in scalars else f'param:{p}') for p in params})
    for _ in range(50):  # a fixpoint, from optimistic to proven: loops carry classes around
        new = dict(classes)
        found = {}
        for stmt in assignments:
            for name, cls in _classes_of(stmt, classes, resolver):
                found.setdefault(name, []).append(cls)
        for name, seen in found.items():
            if name not in params:
                new[name] = _join(seen)
        if new == classes:
            break
        classes = new
    return {k: v for k, v in classes.items() if v not in (None, TOP)}


def _join(seen):
    known = [c for c in seen if c != TOP]
    if not known:
        return TOP
    return known[0] if all(c == known[0] and c is not None for c in known) else None


def _classes_of(stmt: ast.Assign, classes: dict, resolver: Resolver):
    target = stmt.targets[0]
    if not isinstance(target, ast.Name):
        return [(n.id, None) for n in ast.walk(target) if isinstance(n, ast.Name)]
    return [(target.id, _class_of_value(target.id, stmt.value, classes, resolver))]


def _atom_class(atom, classes):
    if isinstance(atom, ast.Constant) and type(atom.value) in (int, float):
        return SCALAR
    if isinstance(atom, ast.Name):
        return classes.get(atom.id)
    return None


def _class_of_value(name, value, classes, resolver):
    if isinstance(value, (ast.Name, ast.Constant)):
        return _atom_class(value, classes)
    op = resolver.op(value)
    if op.kind != 'rule' or op.rule is None:
        return f'value:{name}'
    if op.rule.fn in FULL_REDUCTIONS:
        axis, keep = op.inputs.get('axis'), op.inputs.get('keepdims')
        if _is_const(axis, None) and (keep is None or _is_const(keep, False)):
            return SCALAR
        return f'value:{name}'
    if getattr(op.rule, 'elementwise', False):
        operands = [_atom_class(a, classes) for a in op.inputs.values()
                    if not _is_const(a, None)]
        known = [c for c in operands if c not in (SCALAR, TOP)]
        if any(c is None for c in known):
            return f'value:{name}'
        if not known:
            return TOP if TOP in operands else SCALAR
        return known[0] if all(c == known[0] for c in known) else f'value:{name}'
    return f'value:{name}'


def _is_const(node, value) -> bool:
    return isinstance(node, ast.Constant) and node.value is value


def _assignments(body):
    for stmt in body:
        if isinstance(stmt, ast.Assign):
            yield stmt
        for field in ('body', 'orelse'):
            yield from _assignments(getattr(stmt, field, []))
