"""Turning a rule's one-line expression into code for one statement.

The rule ``x="unbroadcast(g * y, x)"`` for ``t3 = t2 * w`` becomes
``unbroadcast(t3_bar * w, t2)``: names substituted, constants folded
(:mod:`srcad.compiler.simplify`), trailing default arguments of helpers dropped.
"""

from __future__ import annotations

import ast

from .simplify import _FOLDS, simplify  # noqa: F401

_AST = ast.AST
#: contexts and operators carry nothing: shared, not copied
_SHARED = (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)
_EMPTY = {}


def instantiate(template: ast.expr, mapping: dict, helpers: dict) -> ast.expr:
    """``template`` with mapped names replaced, folded and tidied.

    The same as ``_drop_default_arguments(simplify(substitute(template, mapping)),
    helpers)``, in one walk: each node is built, folded and tidied after its
    children (folding never makes or removes a call's arguments, so dropping
    defaults as each call is built gives what dropping them at the end gave)."""
    return _build(template, mapping, helpers, True)


def _build(node, mapping: dict, helpers: dict, template: bool):
    cls = node.__class__
    if cls is ast.Name:
        if template:
            new = mapping.get(node.id)
            if new is None:
                return ast.Name(node.id, ast.Load())
            return _build(new, _EMPTY, helpers, False)
        return ast.Name(node.id, node.ctx)
    if cls is ast.Constant:
        return ast.Constant(node.value, getattr(node, 'kind', None))
    fields = {}
    for field in cls._fields:
        value = getattr(node, field, None)
        if isinstance(value, _AST):
            if not isinstance(value, _SHARED):
                value = _build(value, mapping, helpers, template)
        elif value.__class__ is list:
            value = [_build(v, mapping, helpers, template) if isinstance(v, _AST)
                     and not isinstance(v, _SHARED) else v for v in value]
        fields[field] = value
    new = cls(**fields)
    if cls is ast.Call:
        _drop_defaults(new, helpers)
    fold = _FOLDS.get(cls)
    if fold is not None:
        return fold(new)
    return new


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
        if isinstance(node, ast.Call):
            _drop_defaults(node, helpers)
    return expr


def _drop_defaults(node: ast.Call, helpers: dict) -> None:
    if isinstance(node.func, ast.Name) and callable(helpers.get(node.func.id)) \
            and not node.keywords:
        defaults = _positional_defaults(helpers[node.func.id])
        while node.args and len(node.args) - 1 in defaults and _is_constant(
                node.args[-1], defaults[len(node.args) - 1]):
            node.args.pop()


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
