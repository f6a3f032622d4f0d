"""Rule templates instantiated by shape: a rule's mapping of names and numbers keyed by
which values are the same name, their shape classes and the constants, so the adjoint
expression built for one statement is reused (names filled in) by every statement of
the same key (:meth:`srcad.compiler.reverse_statements.StatementAdjoints.rule_contribution`).
"""

from __future__ import annotations

import ast

from .fastast import walk


_PLACE = '\x00'  # placeholder names start with it: no Python name does
_PLACES = [f'{_PLACE}{i}' for i in range(64)]


def _slots(mapping: dict, shapes: dict):
    """``(key, names)`` for a rule's mapping whose values are names and numbers: the key
    says which values are the same name, each name's shape class and each constant;
    ``names`` are the distinct names in order (the i-th stands for placeholder i).
    None for another kind of value (or too many names)."""
    keys, names, slot = [], [], {}
    for role, value in mapping.items():
        cls = value.__class__
        if cls is ast.Name:
            i = slot.get(value.id)
            if i is None:
                if len(names) == len(_PLACES):
                    return None
                i = slot[value.id] = len(names)
                names.append(value.id)
            keys.append((role, i, shapes.get(value.id)))
        elif cls is ast.Constant and value.value.__class__ in _NUMBERS:
            keys.append((role, value.value.__class__, repr(value.value),
                         getattr(value, 'kind', None)))
        else:
            return None
    return tuple(keys), names


def _placeholders(mapping: dict, names: list) -> dict:
    """The mapping with each name replaced by its placeholder (see :func:`_slots`)."""
    slot = {n: i for i, n in enumerate(names)}
    return {role: ast.Name(_PLACES[slot[value.id]], ast.Load()) if value.__class__ is ast.Name
            else value for role, value in mapping.items()}


_NUMBERS = (int, float, bool, type(None), str)


def _filled(node, names: list):
    """A copy of an expression with each placeholder replaced by its name."""
    cls = node.__class__
    if cls is ast.Name:
        if node.id[:1] == _PLACE:
            return ast.Name(names[int(node.id[1:])], ast.Load())
        return ast.Name(node.id, node.ctx)
    if cls is ast.Constant:
        return ast.Constant(node.value, getattr(node, 'kind', None))
    fields = {}
    for field in cls._fields:
        value = getattr(node, field, None)
        if isinstance(value, ast.AST):
            if not isinstance(value, _SHARED):
                value = _filled(value, names)
        elif value.__class__ is list:
            value = [_filled(v, names) if isinstance(v, ast.AST) and not isinstance(v, _SHARED)
                     else v for v in value]
        fields[field] = value
    return cls(**fields)


_SHARED = (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)


def _fixed_callees(expr) -> list | None:
    """The :func:`_callee_key` of each call of a placeholder expression, or None when a
    callee reads a placeholder (:meth:`StatementAdjoints.rule_contribution`)."""
    calls = [n.func for n in walk(expr) if n.__class__ is ast.Call]
    if any(n.__class__ is ast.Name and n.id[:1] == _PLACE for f in calls for n in walk(f)):
        return None
    return [_callee_key(f) for f in calls]


def _callee_key(func) -> str | None:
    """``np.cos`` -> ``'np.cos'``; None for a callee that is not a dotted name (a key
    that stands for every such callee: a prefilter of :func:`optimize.reuse_forward`)."""
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        root = _callee_key(func.value)
        return None if root is None else f'{root}.{func.attr}'
    return None
