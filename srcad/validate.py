"""The supported-language check.

Runs before any transformation so that a refusal always points at the
user's own line and column and says what to do, instead of surfacing later as
a confusing failure inside the compiler.  The supported language is data (the
tables below), so the docs and this check cannot drift apart.
"""

from __future__ import annotations

import ast

from .errors import UnsupportedSyntaxError
from .parse import FunctionSource

#: Syntax srcad differentiates (statements, expressions and their parts).
SUPPORTED = (
    ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return, ast.Expr, ast.Pass,
    ast.If, ast.For, ast.While, ast.Break, ast.Continue, ast.IfExp,
    ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.Call, ast.keyword,
    ast.Attribute, ast.Subscript, ast.Slice, ast.Name, ast.Constant,
    ast.Tuple, ast.List, ast.Dict, ast.JoinedStr, ast.FormattedValue,
    ast.Load, ast.Store, ast.operator, ast.unaryop, ast.cmpop, ast.boolop,
    ast.arguments, ast.arg, ast.FunctionDef,
)

#: Refused constructs with what to do instead.
HINTS = {
    ast.Try: 'move the try/except outside the differentiated function',
    ast.With: 'move the with-block outside the differentiated function',
    ast.Raise: 'check inputs before calling the gradient',
    ast.Global: 'pass the value as an argument instead of writing a global',
    ast.Nonlocal: 'return the value instead of writing an enclosing variable',
    ast.Delete: 'leave the name bound (del is not needed for differentiation)',
    ast.Import: 'import at module level',
    ast.ImportFrom: 'import at module level',
    ast.ClassDef: 'define the class at module level',
    ast.AsyncFunctionDef: 'use a plain def',
    ast.Await: 'use a plain def',
    ast.Yield: 'return a list or array instead of yielding',
    ast.YieldFrom: 'return a list or array instead of yielding',
    ast.Lambda: 'assign the lambda to a name first (f = lambda x: ...) or use a def',
    ast.ListComp: 'write the loop out, appending to a list',
    ast.DictComp: 'write the loop out',
    ast.SetComp: 'write the loop out',
    ast.GeneratorExp: 'write the loop out',
    ast.NamedExpr: 'assign in a statement of its own',
    ast.Starred: 'pass the arguments one by one',
    ast.Set: 'use a list or tuple',
    ast.Assert: 'check inputs before calling the gradient',
}
if hasattr(ast, 'Match'):
    HINTS[ast.Match] = 'rewrite the match as if/elif'

DESCRIPTIONS = {
    ast.ListComp: 'a list comprehension', ast.GeneratorExp: 'a generator expression',
    ast.Lambda: 'a lambda inside the function', ast.Starred: 'star-unpacking',
    ast.NamedExpr: 'an assignment expression (:=)',
}


def check(src: FunctionSource) -> None:
    """Raise :class:`UnsupportedSyntaxError` at the first unsupported construct."""
    tree = src.tree
    named_lambdas = {id(s.value) for s in ast.walk(tree) if isinstance(s, ast.Assign)
                     and isinstance(s.value, ast.Lambda) and len(s.targets) == 1
                     and isinstance(s.targets[0], ast.Name)}
    for stmt in tree.body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.FunctionDef) and node.decorator_list:
                _refuse(src, node, 'a decorated nested def', 'define it at module level')
            if isinstance(node, ast.Lambda) and id(node) in named_lambdas:
                continue
            if not isinstance(node, SUPPORTED):
                kind = type(node)
                what = DESCRIPTIONS.get(kind, f'{kind.__name__!r} syntax')
                _refuse(src, node, what, HINTS.get(kind))
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                _refuse(src, node, 'assignment to an attribute',
                        'build a new value and return it instead')


def _refuse(src: FunctionSource, node: ast.AST, what: str, hint: str | None):
    raise UnsupportedSyntaxError(
        f'srcad does not support {what} in {src.name}', src.location(node), hint)
