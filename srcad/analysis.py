"""Activity analysis: which values need an adjoint at all.

A value is *active* when it depends on a differentiated input (it is
*varied*) and the output depends on it (it is *useful*).  Only active values
get adjoint code; integers, shapes, indices, loop counters and everything
computed from data alone are constants from the start.  Both sets are
fixpoints over the whole body, so values carried around loops come out
right.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from .resolve import Resolver


@dataclass(frozen=True)
class Activity:
    """The result of the analysis: two sets of (version) names."""

    varied: frozenset
    useful: frozenset

    def active(self, name: str) -> bool:
        return name in self.varied and name in self.useful


def names_in(node) -> list:
    """Local names read by an atom or a small expression (in order)."""
    return [n.id for n in ast.walk(node) if isinstance(n, ast.Name)]


def flows(body: list, resolver: Resolver):
    """Each assignment as (targets, names a derivative can flow from)."""
    for stmt in _assignments(body):
        targets = [n.id for n in ast.walk(stmt.targets[0]) if isinstance(n, ast.Name)]
        if isinstance(stmt.targets[0], ast.Tuple):
            yield targets, names_in(stmt.value)
            continue
        op = resolver.op(stmt.value)
        sources = [n for v in op.differentiable_inputs.values() for n in names_in(v)]
        yield targets, sources


def loop_targets(body: list):
    """``for`` targets: bound from the iterable, so they vary with it."""
    for node in _walk_statements(body):
        if isinstance(node, ast.For):
            yield [n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)], \
                names_in(node.iter)


def analyze(body: list, wrt: list, resolver: Resolver) -> Activity:
    """Varied and useful names of a normalized body, differentiating ``wrt``."""
    edges = list(flows(body, resolver)) + list(loop_targets(body))
    varied = _fixpoint(set(wrt), edges, forward=True)
    outputs = {n for stmt in _walk_statements(body) if isinstance(stmt, ast.Return)
               for n in names_in(stmt.value)}
    useful = _useful(outputs, list(_element_edges(body, resolver)))
    return Activity(frozenset(varied), frozenset(useful))


ANY = object()  # an edge that fires when the name or any of its elements is useful


def _element_edges(body: list, resolver: Resolver):
    """(name, key, source): if ``name`` (or its element ``key``) is useful, so is ``source``.

    Containers are followed element by element where the key is a constant,
    so ``value, aux = f(...)`` makes only ``value``'s inputs useful.
    """
    for stmt in _assignments(body):
        target = stmt.targets[0]
        if isinstance(target, ast.Tuple):
            for i, elt in enumerate(target.elts):
                for n in names_in(elt):
                    yield n, ANY, (stmt.value.id, i) if isinstance(stmt.value, ast.Name) \
                        else stmt.value
            continue
        name, op = target.id, resolver.op(stmt.value)
        if op.kind == 'pack':
            for key, atom in op.inputs.items():
                for n in names_in(atom):
                    yield name, key, n
        elif op.kind == 'index' and isinstance(op.inputs['index'], ast.Constant):
            yield name, ANY, (op.inputs['x'].id, op.inputs['index'].value)
        else:
            for atom in op.differentiable_inputs.values():
                for n in names_in(atom):
                    yield name, ANY, n
    for targets, sources in loop_targets(body):
        for t in targets:
            for n in sources:
                yield t, ANY, n


def _useful(outputs: set, edges: list) -> set:
    """Names whose value (or some element of it) reaches an output."""
    whole, parts, with_parts = set(outputs), set(), set()

    def fires(name, key):
        if name in whole:
            return True
        return name in with_parts if key is ANY else (name, key) in parts
    changed = True
    while changed:
        changed = False
        for name, key, source in edges:
            if not fires(name, key):
                continue
            found = parts if isinstance(source, tuple) else whole
            if source not in found:
                found.add(source)
                if isinstance(source, tuple):
                    with_parts.add(source[0])
                changed = True
    return whole | with_parts


def _fixpoint(seed: set, edges, forward: bool) -> set:
    found = set(seed)
    changed = True
    while changed:
        changed = False
        for targets, sources in edges:
            src, dst = (sources, targets) if forward else (targets, sources)
            if any(n in found for n in src) and not all(n in found for n in dst):
                found.update(dst)
                changed = True
    return found


def _walk_statements(body):
    for stmt in body:
        yield stmt
        for field in ('body', 'orelse'):
            yield from _walk_statements(getattr(stmt, field, []))


def _assignments(body):
    return (s for s in _walk_statements(body) if isinstance(s, ast.Assign))
