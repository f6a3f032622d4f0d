"""Shifts that cancel: reductions whose adjoint is exactly zero.

The stable softmax and log-softmax subtract a per-row maximum first::

    m = np.max(x, axis=1, keepdims=True)
    z = x - m
    lse = np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    out = z - lse

``out`` does not depend on ``m`` at all: shifting ``z`` by a per-row
constant ``c`` multiplies ``np.exp(z)`` and its row sums by ``e**c``, adds
``c`` to ``lse``, and cancels in ``z - lse``.  So the adjoint of ``m`` is zero,
and the backward sweep need not compute it (it would cost a mask, a count
and two broadcasts, to add numbers that round to zero).

This module proves that, by following how ``m`` spreads forward.  Each value
that depends on ``m`` is ``base + k*m`` (additive, ``k`` a number) or
``base * exp(k*m)`` (multiplicative), per row along the reduced axis:

* ``a ± b``, ``-a``, ``a * 2.0``, and ``max``/``min``/``mean`` along that
  axis (keepdims) keep a value additive;
* ``np.exp`` turns additive into multiplicative, ``np.log`` back;
* ``a * b``, ``a / b`` and ``np.sum`` along that axis (keepdims) keep a
  value multiplicative, and ``max``/``min``/``mean`` too (the scale is
  positive);
* a value with ``k == 0`` no longer depends on ``m``.

Any other use of a value with ``k != 0`` (a return, a call, a sum over
another axis, a product of two additive values) ends the proof: the shift
may reach the output, and the adjoint of ``m`` is computed as usual.
"""

from __future__ import annotations

import ast

import numpy as np

from .fastast import walk
from .resolve import Resolver
from ..rules.registry import has_fact



def cancelled_shifts(body: list, resolver: Resolver) -> frozenset:
    """Names of per-row reductions in ``body`` that the output provably does not
    depend on (their adjoint is zero)."""
    # (the per-row reductions first: a function without one needs no counting)
    candidates = []
    for i, stmt in enumerate(body):
        name = _single_target(stmt)
        if name is not None:
            axis = _row_axis(resolver.op(stmt.value))
            if axis is not None:
                candidates.append((i, name, axis))
    if not candidates:
        return frozenset()
    stores, loads = _counts(body)
    found = set()
    for i, name, axis in candidates:
        if stores.get(name) == 1 and _cancels(body, i, name, axis, resolver, stores, loads):
            found.add(name)
    return frozenset(found)


def _cancels(body, start, shift, axis, resolver, stores, loads) -> bool:
    reduced = resolver.op(body[start].value).inputs.get('a')
    base = reduced.id if isinstance(reduced, ast.Name) else None
    coef = {shift: ('add', 1.0)}  # name -> (kind, k): base + k*m, or base * exp(k*m)
    pending = loads.get(shift, 0)  # reads of shifted values not yet accounted for
    for stmt in body[start + 1:]:
        reads = [n.id for n in ast.walk(stmt) if isinstance(n, ast.Name)
                 and isinstance(n.ctx, ast.Load) and n.id in coef]
        if not reads:
            continue
        target = _single_target(stmt)
        if target is None or stores.get(target) != 1:
            return False
        result = _propagate(resolver.op(stmt.value), coef, axis, base)
        if result is None:
            return False
        pending -= len(reads)
        if result[1] != 0.0:
            coef[target] = result
            pending += loads.get(target, 0)
    return pending == 0  # every read of a shifted value was followed


def _propagate(op, coef, axis, base):
    """The (kind, k) of an operation's result, or None if the shift may leak."""
    if op.kind == 'copy':
        return coef.get(op.inputs['x'].id)
    if op.kind != 'rule' or op.rule is None:
        return None
    fn = op.rule.fn

    def of(role):
        atom = op.inputs.get(role)
        if isinstance(atom, ast.Name) and atom.id in coef:
            return coef[atom.id]
        return 'free', 0.0

    if fn in (ast.Add, ast.Sub, ast.Mult, ast.Div):
        result = _binary(fn, op, of)
        if result is None or result[1] == 0.0:
            return result
        # a shifted result only beside numbers or the reduced array itself: another
        # array could broadcast new axes in front, and "along the axis" would then
        # mean another axis
        if all(isinstance(a, ast.Constant) or a.id in coef or a.id == base
               for a in (op.inputs['x'], op.inputs['y'])):
            return result
        return None
    if fn is ast.USub:
        kind, k = of('x')
        return (kind, -k) if kind == 'add' else (kind, k)
    if fn is np.exp:
        kind, k = of('x')
        return ('mul', k) if kind == 'add' else None
    if fn is np.log:
        kind, k = of('x')
        return ('add', k) if kind == 'mul' else None
    if _row_axis(op, {np.sum}) == axis:
        kind, k = of('a')
        return ('mul', k) if kind == 'mul' else None
    if _row_axis(op) == axis:
        return of('a')
    return None


def _binary(fn, op, of):
    (ka, a), (kb, b) = of('x'), of('y')
    kinds = {kind for kind, k in ((ka, a), (kb, b)) if k != 0.0}
    if fn in (ast.Add, ast.Sub):
        return ('add', a + b if fn is ast.Add else a - b) if kinds <= {'add'} else None
    if kinds <= {'mul'}:
        return 'mul', a + b if fn is ast.Mult else a - b
    if fn is ast.Mult and kinds == {'add'}:  # additive times a number
        other = op.inputs['y'] if a != 0.0 else op.inputs['x']
        if isinstance(other, ast.Constant) and type(other.value) in (int, float):
            return 'add', (a + b) * other.value
    return None


def _row_axis(op, fns=None):
    """The axis of ``fn(a, axis=<int>, keepdims=True)`` for ``fn`` in ``fns``, or by
    default a per-row value (max, min, mean: the entries of :mod:`srcad.rules`); else None."""
    if op.kind != 'rule' or op.rule is None:
        return None
    if not (op.rule.fn in fns if fns is not None else has_fact(op.rule.fn, 'row_value')):
        return None
    axis, keep = op.inputs.get('axis'), op.inputs.get('keepdims')
    if isinstance(axis, ast.Constant) and type(axis.value) is int \
            and isinstance(keep, ast.Constant) and keep.value is True:
        return axis.value
    return None


def _single_target(stmt):
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 \
            and isinstance(stmt.targets[0], ast.Name):
        return stmt.targets[0].id
    return None


def _counts(body):
    stores, loads = {}, {}
    for stmt in body:
        for node in walk(stmt):
            if isinstance(node, ast.Name):
                table = loads if isinstance(node.ctx, ast.Load) else stores
                table[node.id] = table.get(node.id, 0) + 1
    return stores, loads
