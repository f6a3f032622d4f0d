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

from .fastast import walk
from .resolve import Resolver
from .user_text import user_name, user_text


@dataclass(frozen=True)
class Activity:
    """The result of the analysis: two sets of (version) names."""

    varied: frozenset
    useful: frozenset

    def active(self, name: str) -> bool:
        return name in self.varied and name in self.useful


def names_in(node) -> list:
    """Local names read by an atom or a small expression (in order)."""
    if node.__class__ is ast.Name:
        return [node.id]
    return [n.id for n in walk(node) if isinstance(n, ast.Name)]


def flows(body: list, resolver: Resolver):
    """Each assignment as (targets, names a derivative can flow from)."""
    for stmt in _assignments(body):
        yield _flow(stmt, resolver)


def _flow(stmt, resolver: Resolver) -> tuple:
    targets = names_in(stmt.targets[0])
    if isinstance(stmt.targets[0], ast.Tuple):
        return targets, names_in(stmt.value)
    op = resolver.op(stmt.value)
    sources = [n for v in op.differentiable_inputs.values() for n in names_in(v)]
    return targets, sources + callee_names(op)


def callee_names(op) -> list:
    """The local name a call known only at run time calls through: ``step`` in
    ``step(t)``, ``model`` in ``model.predict(x)`` (what it computes may depend on it)."""
    if op.kind != 'dynamic' or not isinstance(op.callee, ast.expr):
        return []
    node = op.callee
    while isinstance(node, ast.Attribute):
        node = node.value
    return [node.id] if isinstance(node, ast.Name) else []


def check_callees(body: list, resolver: Resolver, activity: Activity, src, namer) -> None:
    """Refuse a call of a function value (or a method of an object) that depends on a
    differentiated input, when its result matters: a closure over a differentiated
    value, made by another function and called here, hides that dependence from the
    call's arguments."""
    from ..errors import NoRuleError
    for stmt in _walk_statements(body):
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            op = resolver.op(stmt.value)
            roots = [n for n in callee_names(op) if n in activity.varied]
            if roots:
                user = user_name(roots[0], namer, body)
                what = user_text(stmt.value.func, namer, body)
                raise NoRuleError(
                    f'no derivative rule for {what}(...), called for its effect on '
                    f'{user!r}, which depends on a differentiated input',
                    src.location(stmt), 'build a new value instead (ys = xs + [v], '
                    'np.insert, {**d, ...}) and use that')
    for stmt in _assignments(body):
        op = resolver.op(stmt.value)
        roots = [n for n in callee_names(op) if n in activity.varied]
        targets = names_in(stmt.targets[0])
        if roots and any(activity.active(t) for t in targets):
            user = user_name(roots[0], namer, body)
            what = user_text(op.callee, namer, body)
            raise NoRuleError(
                f'srcad cannot differentiate the call {what}(...): {user!r} depends on a '
                f'differentiated input (a function returned by another function, closing '
                f'over it, or an object holding it), and the derivative through it would be '
                f'lost', src.location(stmt),
                'pass the differentiated value to the function as an argument '
                '(step(a, t) instead of step = make(a); step(t)), or define the closure '
                'inside the differentiated function')


def loop_targets(body: list, stmts=None):
    """``for`` targets: bound from the iterable, so they vary with it (``stmts``:
    :func:`_walk_statements` of ``body``, if known)."""
    for node in _walk_statements(body) if stmts is None else stmts:
        if isinstance(node, ast.For):
            yield names_in(node.target), \
                names_in(node.iter)


def analyze(body: list, wrt: list, resolver: Resolver) -> Activity:
    """Varied and useful names of a normalized body, differentiating ``wrt``."""
    stmts = _walk_statements(body)  # (once, for the three uses below)
    assigns = [s for s in stmts if s.__class__ is ast.Assign]
    loops = list(loop_targets(body, stmts))
    edges = [_flow(stmt, resolver) for stmt in assigns] + loops
    varied = _fixpoint(set(wrt), edges, forward=True)
    outputs = {n for stmt in stmts if isinstance(stmt, ast.Return)
               for n in names_in(stmt.value)}
    useful = _useful(outputs, list(_element_edges(body, resolver, assigns, loops)))
    return Activity(frozenset(varied), frozenset(useful))


ANY = object()  # an edge that fires when the name or any of its elements is useful


def _element_edges(body: list, resolver: Resolver, assigns=None, loops=None):
    """(name, key, source): if ``name`` (or its element ``key``) is useful, so is ``source``.

    Containers are followed element by element where the key is a constant,
    so ``value, aux = f(...)`` makes only ``value``'s inputs useful.
    """
    for stmt in _assignments(body) if assigns is None else assigns:
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
            for n in callee_names(op):
                yield name, ANY, n
    for targets, sources in loop_targets(body) if loops is None else loops:
        for t in targets:
            for n in sources:
                yield t, ANY, n


def _useful(outputs: set, edges: list) -> set:
    """Names whose value (or some element of it) reaches an output.

    A worklist over the edges indexed by name: each fact is learnt once and
    fires only the edges that read it, so the analysis is linear in the edges.
    """
    by_name: dict = {}
    for name, key, source in edges:
        by_name.setdefault(name, []).append((key, source))
    whole, parts, with_parts = set(), set(), set()
    work = []

    def learn(source):
        if isinstance(source, tuple):
            if source in parts:
                return
            parts.add(source)
            if source[0] not in with_parts:
                with_parts.add(source[0])
                work.append((source[0], ANY))
            work.append(source)
        elif source not in whole:
            whole.add(source)
            work.append((source, None))  # every edge of the name fires
    for name in outputs:
        learn(name)
    while work:
        name, key = work.pop()
        for edge_key, source in by_name.get(name, ()):
            if key is None or edge_key is key or (key is not ANY and edge_key == key):
                learn(source)
    return whole | with_parts


def _fixpoint(seed: set, edges, forward: bool) -> set:
    """Names reached from ``seed`` along the edges (all targets of an edge once any
    source is reached; the other way round when not ``forward``), by a worklist."""
    by_name: dict = {}
    for targets, sources in edges:
        src, dst = (sources, targets) if forward else (targets, sources)
        for n in src:
            by_name.setdefault(n, []).append(dst)
    found, work = set(seed), list(seed)
    while work:
        for dst in by_name.get(work.pop(), ()):
            for n in dst:
                if n not in found:
                    found.add(n)
                    work.append(n)
    return found


def _walk_statements(body) -> list:
    """Every statement of ``body``, nested blocks (bodies and ``else`` blocks) right
    after the statement holding them, in order."""
    out = []
    stack = [iter(body)]
    while stack:
        for stmt in stack[-1]:
            out.append(stmt)
            inner = getattr(stmt, 'body', None)
            orelse = getattr(stmt, 'orelse', None)
            if inner or orelse:
                if orelse:
                    stack.append(iter(orelse))
                if inner:
                    stack.append(iter(inner))
                break
        else:
            stack.pop()
    return out


def _assignments(body) -> list:
    return [s for s in _walk_statements(body) if s.__class__ is ast.Assign]
