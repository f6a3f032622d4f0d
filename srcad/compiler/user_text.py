"""How a refusal names an expression: in the user's words, not srcad's.

Normalization splits expressions into temporaries (``t6 = hist['loss']``) and
renaming gives reassigned variables versions (``rsx_3``).  A message that
printed the normalized expression would name ``t6.append`` or ``rsx_3.push``;
:func:`user_text` prints ``hist['loss'].append`` and ``rsx.push`` instead.
"""

from __future__ import annotations

import ast

from .fastast import walk

_DEPTH = 4  # temporaries replaced inside temporaries at most this deep
_LONGEST = 80  # characters of a temporary's expression shown before it is elided


def user_text(node: ast.expr, namer, body: list) -> str:
    """``ast.unparse(node)`` with versions named as their variables and temporaries
    replaced by the expressions they hold (found in ``body``).  ``namer``: what tells
    them apart, the program's :class:`~srcad.compiler.names.NameFacts`."""
    definitions = _definitions(body, namer)
    return ast.unparse(_Rewrite(namer, definitions).visit(_copy(node)))


def user_name(name: str, namer, body: list) -> str:
    """:func:`user_text` of one name."""
    return user_text(ast.Name(name, ast.Load()), namer, body)


def _definitions(body: list, namer) -> dict:
    found = {}
    for stmt in body:
        for node in walk(stmt):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                    and isinstance(node.targets[0], ast.Name) \
                    and namer.is_temporary(node.targets[0].id):
                found.setdefault(node.targets[0].id, node.value)
    return found


def _copy(node):
    return ast.parse(ast.unparse(node), mode='eval').body


class _Rewrite(ast.NodeTransformer):
    def __init__(self, namer, definitions, depth: int = 0):
        self.namer, self.definitions, self.depth = namer, definitions, depth

    def visit_Name(self, node):
        name = node.id
        if self.namer.is_temporary(name):
            value = self.definitions.get(name)
            if value is None or self.depth >= _DEPTH:
                return ast.Name('(a value computed here)' if value is None else '(...)', node.ctx)
            inner = _Rewrite(self.namer, self.definitions, self.depth + 1).visit(_copy(value))
            if len(ast.unparse(inner)) > _LONGEST:
                return ast.Name('(...)', node.ctx)
            return inner
        return ast.Name(self.namer.variable(name), node.ctx)
