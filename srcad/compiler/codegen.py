"""From a generated syntax tree to source text, a code object and a live function.

The generated function is wrapped in a small factory whose parameters are the
runtime helpers and the user's closure variables; the function is then built
with the user's own globals dict and the user's own closure cells, so module
globals stay live, closures come through, and helpers are fast closure
lookups that can never collide with the user's names.  The source is
registered in :mod:`linecache`, so tracebacks, ``pdb`` and
``inspect.getsource`` all show the generated lines.
"""

from __future__ import annotations

import ast
import hashlib
import linecache
import types
from dataclasses import dataclass

from ..errors import ORIGINS
from .fastast import walk
from .ir import Comment
from .parse import FunctionSource
from .statements import render_try_blocks
from .unparse import expression as unparse_expression, statement as unparse_statement


@dataclass(frozen=True)
class Compiled:
    """A generated function, with its source and the file name it lives under."""

    fn: types.FunctionType
    source: str       # the generated function alone, as users read it
    filename: str
    helpers: dict     # name in the generated code -> runtime helper (or numpy)
    functions: dict = None  # every generated function by name (the main one first)
    deps: object = None     # what the code relied on when compiled (srcad.compiler.staleness)


def render(stmts: list, indent: int = 0) -> list:
    """Source lines for statements, with comments and nested blocks."""
    return [text for text, _ in render_with_origins(stmts, indent)]


def render_with_origins(stmts: list, indent: int = 0, state=None) -> list:
    """``(line, the user's line number it comes from)`` for generated statements.

    Forward statements keep their user's line; backward ones belong to the
    line named by the latest ``# grad of:`` comment.  ``state['names']``, when
    given, collects the names the code reads or binds.
    """
    state = {'backward': False, 'line': None} if state is None else state
    names = state.setdefault('names', set())
    pad = '    ' * indent
    out = []

    def block(body):
        return _filled(render_with_origins(body, indent + 1, state), pad)

    def unparse(node):
        text = unparse_expression(node, names)
        if text is None:
            names.update(n.id for n in walk(node) if isinstance(n, ast.Name))
            text = ast.unparse(node)
        return text
    for stmt in stmts:
        if stmt.__class__ in _SIMPLE:  # (the common case first)
            text = unparse_statement(stmt, names)
            if text is not None:
                origin = state['line'] if state['backward'] else getattr(stmt, 'lineno', None)
                out.append((pad + text, origin))
                continue
        origin = state['line'] if state['backward'] else getattr(stmt, 'lineno', None)
        if isinstance(stmt, Comment):
            if stmt.text.startswith('backward sweep'):
                state['backward'] = True
            if getattr(stmt, 'lineno', None) and stmt.text.startswith('grad of'):
                state['line'] = origin = stmt.lineno  # (the others are srcad's own)
            out.append((f'{pad}# {" ".join(stmt.text.split())}', origin))
        elif isinstance(stmt, ast.FunctionDef):
            state.update(backward=False, line=None)
            names.update(n.id for n in walk(stmt.args) if isinstance(n, ast.Name))
            out.append((f'{pad}def {stmt.name}({ast.unparse(stmt.args)}):', None))
            out += block(stmt.body)
        elif isinstance(stmt, ast.If):
            out += _render_if(stmt, indent, state)
        elif isinstance(stmt, ast.Try):  # (srcad.compiler.statements.render_try_blocks)
            out.append((f'{pad}try:', origin))
            out += block(stmt.body)
            for handler in stmt.handlers:
                out.append((f'{pad}except {unparse(handler.type)}:', origin))
                out += block(handler.body)
        elif isinstance(stmt, (ast.For, ast.While)):
            head = (f'for {unparse(stmt.target)} in {unparse(stmt.iter)}:'
                    if isinstance(stmt, ast.For) else f'while {unparse(stmt.test)}:')
            out.append((pad + head, origin))
            out += block(stmt.body)
        else:
            names.update(n.id for n in walk(stmt) if isinstance(n, ast.Name))
            out += [(pad + line, origin) for line in ast.unparse(stmt).split('\n')]
    return out


_SIMPLE = (ast.Assign, ast.Expr, ast.Return)


def _render_if(stmt: ast.If, indent: int, state, keyword: str = 'if') -> list:
    pad = '    ' * indent
    origin = state['line'] if state['backward'] else getattr(stmt, 'lineno', None)
    test = unparse_expression(stmt.test, state['names'])
    if test is None:
        state['names'].update(n.id for n in walk(stmt.test) if isinstance(n, ast.Name))
        test = ast.unparse(stmt.test)
    lines = [(f'{pad}{keyword} {test}:', origin)]
    lines += _filled(render_with_origins(stmt.body, indent + 1, state), pad)
    orelse = stmt.orelse
    if len(orelse) == 1 and isinstance(orelse[0], ast.If):
        lines += _render_if(orelse[0], indent, state, 'elif')
    elif orelse:
        rendered = render_with_origins(orelse, indent + 1, state)
        if rendered:
            rendered = _filled(rendered, pad)
            lines.append((f'{pad}else:', origin))
            lines += rendered
    return lines


def _filled(lines: list, pad: str) -> list:
    """A block's lines, with ``pass`` when it holds no statement (only comments,
    say: an adjoint that copy propagation removed)."""
    if any(not text.lstrip().startswith('#') for text, _ in lines):
        return lines
    return lines + [(pad + '    pass', None)]


def build(trees: list, helpers: dict, src: FunctionSource) -> Compiled:
    """Compile generated functions into live functions bound to the user's scopes.

    ``trees`` are one or more generated ``def`` statements; the first is the
    main one.  Each is built with the user's globals dict and closure cells.
    Only the helpers the code reads are bound.
    """
    # (``try`` blocks moved into place change no helper's use: the names the code
    # reads are collected as it is written, then only the helpers it reads are bound)
    trees = render_try_blocks(trees, helpers)
    state = {'backward': False, 'line': None, 'names': set()}
    pairs = []
    for tree in trees:
        state.update(backward=False, line=None)
        pairs += render_with_origins([tree], 0, state) + [('', None)]
    pairs.pop()
    helpers = {name: obj for name, obj in helpers.items() if name in state['names']}
    inner = [text for text, _ in pairs]
    free = sorted(set(helpers) | set(src.closure))
    header = f'def make_{trees[0].name}({", ".join(free)}):'
    names = ', '.join(t.name for t in trees)
    text = '\n'.join([header] + [('    ' + line).rstrip() for line in inner]
                     + [f'    return {names}', ''])
    digest = hashlib.sha1(text.encode()).hexdigest()[:10]
    filename = f'<srcad {src.fn.__module__}.{src.fn.__qualname__} {digest}>'
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    ORIGINS[filename] = (src.filename, {k + 2: line for k, (_, line) in enumerate(pairs) if line})
    module = compile(text, filename, 'exec')
    factory = next(c for c in module.co_consts if isinstance(c, types.CodeType))
    codes = {c.co_name: c for c in factory.co_consts if isinstance(c, types.CodeType)}
    fns = {t.name: _function(codes[t.name], t, helpers, src) for t in trees}
    return Compiled(fns[trees[0].name], '\n'.join(inner) + '\n', filename, dict(helpers), fns)


def _function(code, tree, helpers, src) -> types.FunctionType:
    cells = tuple(src.closure[n] if n in src.closure else types.CellType(helpers[n])
                  for n in code.co_freevars)
    same_signature = _takes_user_parameters(tree.args, src.tree.args)
    fn = types.FunctionType(code, src.globals, tree.name,
                            src.fn.__defaults__ if same_signature else None, cells)
    if same_signature:
        fn.__kwdefaults__ = src.fn.__kwdefaults__
    fn.__qualname__ = tree.name
    fn.__module__ = src.fn.__module__
    return fn


def _takes_user_parameters(made: ast.arguments, user: ast.arguments) -> bool:
    """Whether a generated function takes the user's own parameters, after leading
    positional ones of its own (``jvp``'s ``tangents``): then it takes their defaults.

    Decided by names, not by the identity of the AST lists: the front end may work on a
    copy of the user's tree (a helper called with a default left out, ``cond_adjoint(g,
    x)`` for ``cond_adjoint(g, x, p=None)``, would otherwise miss ``p``).  Names the
    compiler makes (``saved``, ``t3_bar``) never equal a user's parameter name."""
    def names(args):
        return [a.arg for a in args]
    theirs = names(user.posonlyargs + user.args)
    ours = names(made.posonlyargs + made.args)
    return (len(ours) >= len(theirs) and ours[len(ours) - len(theirs):] == theirs
            and names(made.kwonlyargs) == names(user.kwonlyargs)
            and [a and a.arg for a in (made.vararg, made.kwarg)]
            == [a and a.arg for a in (user.vararg, user.kwarg)])
