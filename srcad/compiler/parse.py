"""Read a function's source and the names it resolves.

The first pass: from a live function object to its syntax tree (with line and
column numbers that match the user's file) and the three scopes its names
resolve in: module globals (kept live), closure cells, and builtins.  A
lambda becomes an equivalent ``def`` so later passes see one shape.
"""

from __future__ import annotations

import ast
import inspect
import linecache
import textwrap
import types
from dataclasses import dataclass

from .fastast import walk
from ..errors import Location, SourceUnavailableError, UnsupportedSyntaxError


@dataclass(frozen=True)
class FunctionSource:
    """A user function, parsed: its tree plus where its names come from."""

    fn: types.FunctionType
    tree: ast.FunctionDef
    filename: str
    globals: dict
    closure: dict  # free variable name -> cell

    @property
    def name(self) -> str:
        return self.tree.name

    def location(self, node: ast.AST) -> Location:
        """Where ``node`` sits in the user's file."""
        return Location(self.filename, getattr(node, 'lineno', self.tree.lineno),
                        getattr(node, 'col_offset', 0))

    def resolve(self, name: str):
        """The object a free name means to the function now (closure, global, builtin)."""
        if name in self.closure:
            return self.closure[name].cell_contents
        if name in self.globals:
            return self.globals[name]
        builtins = self.globals.get('__builtins__', __builtins__)
        builtins = builtins if isinstance(builtins, dict) else vars(builtins)
        if name in builtins:
            return builtins[name]
        raise NameError(name)


def read_function(fn) -> FunctionSource:
    """Parse ``fn`` (a ``def`` or a ``lambda``) into a :class:`FunctionSource`."""
    if not isinstance(fn, types.FunctionType):
        what = type(fn).__name__
        raise SourceUnavailableError(
            f'srcad can only differentiate Python functions, not {what} {fn!r}',
            hint='wrap it in a def, or register a derivative rule with srcad.adjoint')
    code = fn.__code__
    filename = code.co_filename
    tree = _lambda_tree(fn) if fn.__name__ == '<lambda>' else _def_tree(fn)
    closure = dict(zip(code.co_freevars, fn.__closure__ or ()))
    return FunctionSource(fn, tree, filename, fn.__globals__, closure)


def _unavailable(fn, why) -> SourceUnavailableError:
    return SourceUnavailableError(
        f'cannot read the source of {fn.__qualname__} ({why})',
        Location(fn.__code__.co_filename, fn.__code__.co_firstlineno),
        hint='define the function in a file (not in an interactive prompt, '
             'exec or eval), or register a rule for it with srcad.adjoint')


def _def_tree(fn) -> ast.FunctionDef:
    found = _plain_def(fn)
    if found is not None:
        module, first, indent = found
    else:
        try:  # (of the code object: a function made by functools.wraps is not the one
            # it wraps)
            lines, first = inspect.getsourcelines(fn.__code__)
        except (OSError, TypeError) as exc:
            raise _unavailable(fn, exc) from None
        text = ''.join(lines)
        indent = len(text) - len(text.lstrip(' \t'))
        try:
            module = ast.parse(textwrap.dedent(text))
        except SyntaxError as exc:
            raise _unavailable(fn, f'its source does not parse: {exc.msg}') from None
    node = module.body[0]
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        raise _unavailable(fn, 'the source found is not a def')
    if isinstance(node, ast.AsyncFunctionDef):
        raise UnsupportedSyntaxError(
            f'async function {fn.__qualname__} cannot be differentiated',
            Location(fn.__code__.co_filename, first, indent), hint='use a plain def')
    _shift(node, first - 1, indent)
    node.decorator_list = []
    return node


def _plain_def(fn):
    """``(module, first line, indent)`` of an undecorated ``def`` read straight from its
    file's lines (the lines indented under it), or None: then :mod:`inspect` finds it
    (its tokenizer costs more than the rest of compiling a small function).  A block
    cut short parses to an error (an open bracket, string or continuation), never to
    another function, so nothing but a whole ``def`` of that name is taken."""
    code = fn.__code__
    linecache.checkcache(code.co_filename)
    lines = linecache.getlines(code.co_filename, fn.__globals__)
    first = code.co_firstlineno
    if not 0 < first <= len(lines):
        return None
    head = lines[first - 1]
    indent = len(head) - len(head.lstrip(' \t'))
    if not head[indent:].startswith('def '):
        return None  # decorated, async, or not what the code says: inspect decides
    block = [head[indent:]]
    for line in lines[first:]:
        stripped = line.strip()
        width = len(line) - len(line.lstrip(' \t'))
        if stripped and not stripped.startswith('#') and width <= indent:
            break
        if stripped and line[:indent] != head[:indent]:
            return None
        block.append(line[indent:] if stripped else '\n')
    try:
        module = ast.parse(''.join(block))
    except SyntaxError:
        return None
    node = module.body[0] if len(module.body) == 1 else None
    if not isinstance(node, ast.FunctionDef) or node.name != fn.__code__.co_name:
        return None
    return module, first, indent


def _lambda_tree(fn) -> ast.FunctionDef:
    code = fn.__code__
    lines = linecache.getlines(code.co_filename, fn.__globals__)
    if not lines:
        raise _unavailable(fn, 'no source file')
    try:
        module = ast.parse(''.join(lines))
    except SyntaxError as exc:
        raise _unavailable(fn, f'its file does not parse: {exc.msg}') from None
    params = list(code.co_varnames[:code.co_argcount + code.co_kwonlyargcount])
    found = [n for n in ast.walk(module) if isinstance(n, ast.Lambda)
             and n.lineno == code.co_firstlineno
             and [a.arg for a in n.args.posonlyargs + n.args.args + n.args.kwonlyargs] == params]
    if len(found) > 1:
        found = _narrow_by_column(found, code)
    if len(found) != 1:
        raise _unavailable(fn, 'several lambdas with the same parameters share its line'
                           if found else 'the lambda was not found in its file')
    lam = found[0]
    body = ast.Return(lam.body)
    ast.copy_location(body, lam.body)
    tree = ast.FunctionDef('<lambda>', lam.args, [body], [], None, None)
    ast.copy_location(tree, lam)
    if hasattr(tree, 'type_params'):
        tree.type_params = []
    return tree


def _narrow_by_column(found, code):
    """Among lambdas on one line, keep the one whose code this is.

    Python 3.11+ records columns; before that, each candidate is compiled and
    its bytecode compared.
    """
    positions = getattr(code, 'co_positions', None)
    if positions is not None:
        cols = {p[2] for p in positions() if p[0] == code.co_firstlineno and p[2] is not None}
        narrowed = [n for n in found if n.body.col_offset in cols]
        if len(narrowed) == 1:
            return narrowed
    return [n for n in found if _same_code(n, code)] or found


def _same_code(lam: ast.Lambda, code) -> bool:
    """Whether compiling this lambda gives the bytecode and constants of ``code``."""
    try:
        compiled = compile(ast.fix_missing_locations(ast.Expression(lam)), code.co_filename,
                           'eval')
    except (SyntaxError, ValueError):
        return False
    inner = [c for c in compiled.co_consts if hasattr(c, 'co_code')]
    return bool(inner) and inner[0].co_code == code.co_code and \
        [c for c in inner[0].co_consts if not hasattr(c, 'co_code')] == \
        [c for c in code.co_consts if not hasattr(c, 'co_code')]


def _shift(tree: ast.AST, lines: int, cols: int) -> None:
    """Move every node's position by whole lines and (dedented) columns."""
    for node in walk(tree):  # (contexts and operators, which it leaves out, have no position)
        if hasattr(node, 'lineno'):
            node.lineno += lines
            node.end_lineno = (node.end_lineno or node.lineno) + lines
            node.col_offset += cols
            node.end_col_offset = (node.end_col_offset or 0) + cols
