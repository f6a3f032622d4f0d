"""Turning a rule's one-line expression into code for one statement.

The rule ``x="unbroadcast(g * y, x)"`` for ``t3 = t2 * w`` becomes
``unbroadcast(t3_bar * w, t2)``: names substituted, constants folded
(:mod:`srcad.compiler.simplify`), trailing default arguments of helpers dropped.
"""

from __future__ import annotations

import ast

from .simplify import simplify


def instantiate(template: ast.expr, mapping: dict, helpers: dict) -> ast.expr:
    """``template`` with mapped names replaced, folded and tidied."""
    return _drop_default_arguments(simplify(substitute(template, mapping)), helpers)


def substitute(template: ast.expr, mapping: dict) -> ast.expr:
    """A copy of ``template`` with each mapped name replaced by (a copy of) its expression."""
    if isinstance(template, ast.Name):
        new = mapping.get(template.id)
        return clone(new) if new is not None else ast.Name(template.id, ast.Load())
    fields = {}
    for field, value in ast.iter_fields(template):
        if isinstance(value, ast.AST):
            value = substitute(value, mapping)
        elif isinstance(value, list):
            value = [substitute(v, mapping) if isinstance(v, ast.AST) else v for v in value]
        fields[field] = value
    return type(template)(**fields)


def clone(node):
    """A copy of an expression tree (much cheaper than ``copy.deepcopy``)."""
    if not isinstance(node, ast.AST):
        return node
    fields = {}
    for field, value in ast.iter_fields(node):
        if isinstance(value, ast.AST):
            value = clone(value)
        elif isinstance(value, list):
            value = [clone(v) for v in value]
        fields[field] = value
    return type(node)(**fields)


def _drop_default_arguments(expr: ast.expr, helpers: dict) -> ast.expr:
    """``unreduce(g, x, None, False)`` -> ``unreduce(g, x)``: trailing defaults go."""
    for node in ast.walk(expr):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and callable(helpers.get(node.func.id)) and not node.keywords:
            defaults = _positional_defaults(helpers[node.func.id])
            while node.args and len(node.args) - 1 in defaults and _is_constant(
                    node.args[-1], defaults[len(node.args) - 1]):
                node.args.pop()
    return expr


def _positional_defaults(fn) -> dict:
    """Position -> default value of a plain Python helper's parameters."""
    code = getattr(fn, '__code__', None)
    if code is None or not fn.__defaults__:
        return {}
    first = code.co_argcount - len(fn.__defaults__)
    return {first + i: d for i, d in enumerate(fn.__defaults__)}


def _is_constant(node, value) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is type(value) \
        and node.value == value


def index_value(index: ast.expr) -> ast.expr:
    """An index as a value that can be passed to a helper (slices become ``slice(...)``)."""
    if isinstance(index, ast.Slice):
        parts = [p if p is not None else ast.Constant(None)
                 for p in (index.lower, index.upper, index.step)]
        while len(parts) > 2 and isinstance(parts[-1], ast.Constant) and parts[-1].value is None:
            parts.pop()
        return ast.Call(ast.Name('slice', ast.Load()), parts, [])
    if isinstance(index, ast.Tuple):
        return ast.Tuple([index_value(e) for e in index.elts], ast.Load())
    return index
