"""The supported-language check.

Runs before any transformation so that a refusal always points at the
user's own line and column and says what to do, instead of surfacing later as
a confusing failure inside the compiler.  The supported language is data (the
tables below), so the docs and this check cannot drift apart.
"""

from __future__ import annotations

import ast

from . import attributes
from ..errors import UnsupportedSyntaxError
from .fastast import walk
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
    # lowered by srcad/compiler/statements.py (star-arguments: normalize.call, srcad/compiler/starargs.py)
    ast.Assert, ast.Raise, ast.Delete, ast.Global, ast.Nonlocal, ast.With, ast.withitem,
    ast.Try, ast.ExceptHandler, ast.Starred, ast.Del,
    ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.comprehension, ast.Lambda,
)

#: Refused constructs with what to do instead.
HINTS = {
    ast.Import: 'import at module level (or do not assign the imported name elsewhere)',
    ast.ImportFrom: 'import at module level (or do not assign the imported name elsewhere)',
    ast.ClassDef: 'define the class at module level',
    ast.AsyncFunctionDef: 'use a plain def',
    ast.Await: 'use a plain def',
    ast.Yield: 'return a list instead (a generator with while, try, with or x = yield '
               'is refused: it might never end)',
    ast.YieldFrom: 'return a list instead (a generator with while, try, with or x = yield '
                   'is refused: it might never end)',
    ast.NamedExpr: "assign in a statement of its own (srcad cannot move := out of an "
                   "if-expression's branch, a lambda, or a statement that reads the name "
                   "before it)",
    ast.Set: 'use a list or tuple',
}
# (Python 3.10 has no except*: a stand-in class its parser never produces keeps the table alike)
HINTS[getattr(ast, 'TryStar', None) or type('TryStar', (ast.stmt,), {})] = (
    'catch the exception group outside the differentiated function')
if hasattr(ast, 'Match'):
    HINTS[ast.Match] = ('rewrite the match as if/elif (srcad lowers literal, capture, | '
                        'and guarded patterns only)')

DESCRIPTIONS = {
    ast.ListComp: 'a list comprehension', ast.GeneratorExp: 'a generator expression',
    ast.Lambda: 'a lambda inside the function', ast.Starred: 'star-unpacking',
    ast.NamedExpr: 'an assignment expression (:=)',
}


def check(src: FunctionSource) -> None:
    """Raise :class:`UnsupportedSyntaxError` at the first unsupported construct.
    (srcad's own generated code, differentiated again for ``hvp``, is in the
    language by construction.)"""
    if src.filename.startswith('<srcad '):
        return
    tree = src.tree
    named_lambdas = {id(s.value) for s in walk(tree) if isinstance(s, ast.Assign)
                     and isinstance(s.value, ast.Lambda) and len(s.targets) == 1
                     and isinstance(s.targets[0], ast.Name)}
    writable = None  # (found when the function assigns an attribute at all)
    for stmt in tree.body:
        # (contexts and operators, which the walk leaves out, are all supported)
        for node in walk(stmt):
            if isinstance(node, ast.FunctionDef) and node.decorator_list:
                _refuse(src, node, 'a decorated nested def', 'define it at module level')
            if isinstance(node, ast.Lambda) and id(node) in named_lambdas:
                continue
            if not isinstance(node, SUPPORTED):
                kind = type(node)
                what = DESCRIPTIONS.get(kind, f'{kind.__name__!r} syntax')
                _refuse(src, node, what, HINTS.get(kind))
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                if writable is None:
                    writable = attributes.writable_targets(tree)
                if id(node) in writable:  # obj.attr = v: srcad/compiler/attributes.py
                    continue
                raise UnsupportedSyntaxError(
                    f'srcad does not support assigning {ast.unparse(node)} in {src.name}: it '
                    f'assigns attributes of a local name only (obj.attr = v, obj.attr += v)',
                    src.location(node), attributes.NESTED_HINT)
    if writable is not None:  # (else there is no attribute write to check)
        attributes.check(src)


def _refuse(src: FunctionSource, node: ast.AST, what: str, hint: str | None):
    raise UnsupportedSyntaxError(
        f'srcad does not support {what} in {src.name}', src.location(node), hint)
