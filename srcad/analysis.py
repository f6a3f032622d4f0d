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
    useful = _fixpoint(outputs, edges, forward=False)
    return Activity(frozenset(varied), frozenset(useful))


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
