"""Refusals about star-arguments, made once activity is known (the front end,
:mod:`srcad.compiler.starargs`, lowers the calls)."""

from __future__ import annotations

import ast

from .analysis import _assignments, _walk_statements
from ..errors import NoRuleError
from .user_text import user_name


def check_star_calls(body: list, resolver, activity, src, names) -> None:
    """Refuse a differentiated value passed through a star (or a keyword) to a call
    whose binding srcad knows only when it runs, or through a star to a function
    with a derivative rule: the derivative could not be routed back.  ``names``: the
    program's :class:`~srcad.compiler.names.NameFacts` (how messages name values)."""
    calls = [(s, s.value) for s in _assignments(body) if isinstance(s.value, ast.Call)]
    calls += [(s, s.value) for s in _walk_statements(body)
              if isinstance(s, ast.Expr) and isinstance(s.value, ast.Call)]
    for stmt, call in calls:
        op = resolver.op(call)
        if op.kind not in ('dynamic', 'rule', 'unknown'):
            continue
        if isinstance(op.callee, str) and op.callee.endswith('(*...)'):
            varied = [a for a in op.inputs.values()
                      if isinstance(a, ast.Name) and a.id in activity.varied]
            if varied:
                raise NoRuleError(
                    f'srcad cannot apply the derivative rule of {op.callee[:-6]} to a call '
                    f'with *- or **-arguments: which of its parameters receives '
                    f'{user_name(varied[0].id, names, body)!r} is known only when the call runs',
                    src.location(stmt), 'pass the arguments one by one')
            continue
        starred = [a.value for a in call.args if isinstance(a, ast.Starred)]
        starred += [kw.value for kw in call.keywords if kw.arg is None]
        if op.kind == 'dynamic':
            starred += [kw.value for kw in call.keywords if kw.arg is not None]
        for atom in starred:
            if isinstance(atom, ast.Name) and atom.id in activity.varied:
                raise NoRuleError(
                    f'srcad cannot differentiate {ast.unparse(call.func)}(...) with the '
                    f'differentiated {user_name(atom.id, names, body)!r} passed through '
                    f'{"a star or a keyword" if op.kind == "dynamic" else "a star"}: which '
                    f'parameter receives it is known only when the call runs',
                    src.location(stmt), 'pass the arguments one by one, by position')
