"""What the compiler can know about shapes before running anything.

Each name gets a *shape class*: a concrete shape (a tuple; ``()`` for a
number), a symbolic class it shares with other names of provably the same
shape (``t = np.tanh(x)``, ``u = x * 2.0``, ``v = t + u``), or nothing when
nothing is known.  Concrete shapes come from the arguments of the first call
(a gradient specialized for them checks them on every call) and from
constants; they flow through elementwise operations (broadcasting),
reductions, ``@``, transposes, reshapes and constant indexing.  Loops are a
fixpoint, started optimistically and lowered on any disagreement.

The emitter uses this only to drop work that is provably a no-op or to
pick the plain expression a helper would compute (``x.T @ g`` for 2-D
``matmul_dy``).  Unknown always means "keep the general code".
"""

from __future__ import annotations

import ast

import numpy as np

from .. import runtime
from .fastast import walk
from .ir import ForRange, WhileLoop
from .resolve import Resolver
from ..rules.registry import has_fact

SCALAR = ()
TOP = 'top'  # not yet known (the optimistic start of the fixpoint)
_LOOPS = (ForRange, WhileLoop, ast.For, ast.While)


def shape_classes(body: list, params: list, resolver: Resolver, facts=None) -> dict:
    """Name -> shape class for the names of a normalized body (absent: unknown).

    ``facts`` maps parameter names to the concrete shapes the caller guarantees.
    """
    facts = dict(facts or {})
    statements = list(_statements(body))
    assignments = [stmt for stmt in statements if isinstance(stmt, ast.Assign)]
    loops = [stmt for stmt in statements if isinstance(stmt, _LOOPS)]
    # each assignment's latest class; a name's class joins those of its assignments,
    # updated as soon as one changes, so straight-line code settles in one pass
    classes, sites = {}, {}
    for i, stmt in enumerate(assignments):
        target = stmt.targets[0]
        for name in ([target.id] if isinstance(target, ast.Name) else
                     [n.id for n in walk(target) if isinstance(n, ast.Name)]):
            classes[name] = TOP
            sites.setdefault(name, {})[i] = TOP
    classes.update({p: facts.get(p, f'param:{p}') for p in params})
    # names bound by ``for i in range(...)`` loops and nothing else: integers
    indices = frozenset({loop.target.id for loop in loops if isinstance(loop, ForRange)}
                        - set(sites))
    classes.update({name: SCALAR for name in indices})
    # how many of a name's assignments hold each class (its join, without rescanning
    # them all whenever one changes: a loop assigns ``t`` hundreds of times)
    tally = {name: {TOP: len(held)} for name, held in sites.items()}
    # without loops, and with one assignment per name, each name's class is final once
    # its statement is seen (a name read before its only assignment raises when run):
    # the sweep that would confirm it is skipped
    once = not loops and all(len(held) == 1 for held in sites.values())
    for _ in range(50):
        changed = False
        for i, stmt in enumerate(assignments):
            for name, cls in _classes_of(stmt, classes, resolver, indices):
                if name in params or sites[name].get(i) == cls:
                    continue
                counts, old = tally[name], sites[name][i]
                counts[old] -= 1
                if not counts[old]:
                    del counts[old]
                counts[cls] = counts.get(cls, 0) + 1
                sites[name][i] = cls
                joined = _join(counts)
                if joined != classes.get(name):
                    classes[name] = joined
                    changed = True
        if not changed or once:
            break
    else:  # no fixpoint: the optimistic guesses may be wrong, so know nothing
        return dict(facts)
    return {k: v for k, v in classes.items() if v not in (None, TOP)}


def _join(seen):
    """The class of a name whose assignments hold the classes ``seen`` (each once):
    the one they all agree on, TOP while none is known, else None."""
    known = [c for c in seen if c != TOP]
    if not known:
        return TOP
    return known[0] if all(c == known[0] and c is not None for c in known) else None


def _classes_of(stmt: ast.Assign, classes: dict, resolver: Resolver, indices):
    target = stmt.targets[0]
    if not isinstance(target, ast.Name):
        return [(n.id, None) for n in walk(target) if isinstance(n, ast.Name)]
    cls = _class_of_value(target.id, stmt.value, classes, resolver, indices)
    return [(target.id, cls)]


def _atom_class(atom, classes):
    if isinstance(atom, ast.Constant) and type(atom.value) in (int, float):
        return SCALAR
    if isinstance(atom, ast.Name):
        return classes.get(atom.id)
    return None


def _class_of_value(name, value, classes, resolver, indices=frozenset()):
    fresh = f'value:{name}'
    if isinstance(value, (ast.Name, ast.Constant)):
        return _atom_class(value, classes)
    op = resolver.op(value)
    if op.kind == 'index':
        base = classes.get(op.inputs['x'].id)
        return TOP if base == TOP else _or(_indexed(base, op.inputs['index'], indices), fresh)
    if op.kind != 'rule' or op.rule is None:
        return fresh
    if getattr(op.rule, 'elementwise', False):
        operands = [_atom_class(a, classes) for a in op.inputs.values() if not _is_const(a, None)]
        return _or(_broadcast(operands), fresh)
    shapes = {k: _atom_class(a, classes) for k, a in op.inputs.items()}
    if TOP in shapes.values():
        return TOP  # optimistic until its inputs are known
    return _or(_known_op(op, shapes), fresh)


def _or(cls, fallback):
    """``cls`` unless unknown (``()`` is a known shape, though falsy)."""
    return fallback if cls is None else cls


_BROADCAST = {}  # concrete operand shapes -> their broadcast shape (None: they clash)


def _broadcast(operands):
    """The class of an elementwise result, or None when it cannot be told."""
    if TOP in operands:
        return TOP  # optimistic until every operand is known
    if all(isinstance(c, tuple) for c in operands):
        key = tuple(operands)
        if key not in _BROADCAST:  # (the same few shapes, asked once per statement)
            if len(_BROADCAST) > 4096:
                _BROADCAST.clear()
            try:
                _BROADCAST[key] = tuple(np.broadcast_shapes(*operands))
            except ValueError:
                _BROADCAST[key] = None
        return _BROADCAST[key]
    known = [c for c in operands if c not in (SCALAR, TOP)]
    if any(c is None or isinstance(c, tuple) for c in known):
        return None
    return known[0] if known and all(c == known[0] for c in known) else None


def _known_op(op, shapes):
    """Concrete output shapes of a few common non-elementwise operations."""
    fn = op.rule.fn
    if fn is runtime.inplace_result:  # x op= v: t = x op v, unless NumPy raises
        return shapes['t'] if shapes.get('t') == shapes.get('x') else None
    if has_fact(fn, 'reduction'):
        return _reduced(shapes.get('a'), op.inputs)
    if fn in (np.matmul, np.dot) or (isinstance(fn, type) and fn.__name__ == 'MatMult'):
        a, b = (shapes.get(k) for k in (('x', 'y') if 'x' in shapes else ('a', 'b')))
        return _matmul(a, b)
    if fn is np.transpose and _is_const(op.inputs.get('axes'), None) \
            and isinstance(shapes.get('a'), tuple):
        return shapes['a'][::-1]
    return None


def _reduced(shape, inputs):
    axis, keep = inputs.get('axis'), inputs.get('keepdims')
    keepdims = isinstance(keep, ast.Constant) and keep.value is True
    if _is_const(axis, None) and not keepdims:
        return SCALAR
    if not isinstance(shape, tuple) or not isinstance(axis, ast.Constant) \
            or not isinstance(keep, (ast.Constant, type(None))):
        return None
    axes = axis.value if isinstance(axis.value, tuple) else (axis.value,)
    if axis.value is None:
        axes = tuple(range(len(shape)))
    try:
        axes = {a % len(shape) for a in axes}
    except (TypeError, ZeroDivisionError):
        return None
    return tuple(1 if i in axes else n for i, n in enumerate(shape) if keepdims or i not in axes)


def _matmul(a, b):
    if not (isinstance(a, tuple) and isinstance(b, tuple)) or not a or not b:
        return None
    if len(a) == 2 and len(b) == 2 and a[1] == b[0]:
        return (a[0], b[1])
    if len(a) == 1 and len(b) == 2 and a[0] == b[0]:
        return (b[1],)
    if len(a) == 2 and len(b) == 1 and a[1] == b[0]:
        return (a[0],)
    if len(a) == 1 and len(b) == 1 and a == b:
        return SCALAR
    return None


def _indexed(shape, index, indices=frozenset()):
    """The shape of ``x[index]`` for a basic index of a known shape: constants, and
    loop indices (``indices``: integers, whatever their value)."""
    if not isinstance(shape, tuple):
        return None
    try:
        parts = index.elts if isinstance(index, ast.Tuple) else [index]
        key = tuple(_index_part(p, indices) for p in parts)
        return tuple(np.broadcast_to(np.empty(()), shape)[key].shape)
    except (IndexError, ValueError, TypeError):
        return None


def _index_part(part, indices):
    """A constant index part as the Python value it means (TypeError otherwise)."""
    if isinstance(part, ast.Slice):
        return slice(*(None if p is None else _int(p) for p in (part.lower, part.upper,
                                                              part.step)))
    if isinstance(part, ast.Constant) and (part.value is None or part.value is Ellipsis):
        return part.value
    if isinstance(part, ast.Name) and part.id in indices:
        return 0  # an integer: the shape of x[i] does not depend on which
    return _int(part)


def _int(node) -> int:
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node, sign = node.operand, -1
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return sign * node.value
    raise TypeError('not a constant integer')


def _is_const(node, value) -> bool:
    return isinstance(node, ast.Constant) and node.value is value


def _statements(body):
    for stmt in body:
        yield stmt
        for field in ('body', 'orelse'):
            yield from _statements(getattr(stmt, field, []))
