"""Getting generated code out of srcad: a standalone module, or highlighted text.

:func:`export_source` writes a gradient as a Python module that needs NumPy
but not srcad.  The generated code calls a few runtime helpers by name
(``unbroadcast``, ``seed``, ...); the module carries their source, copied
verbatim from srcad, together with every module-level function, class,
constant and import they use in turn (``unbroadcast`` calls ``shape_of``,
``seed`` raises ``RuntimeCheckError``...).  Names the gradient takes from the
user's module are imported: modules by their own name, functions and
classes from the module that defines them, other globals from the user's
module.  A call into another of the
user's functions comes with that function's generated forward and backward
halves.  Closure variables cannot be written into a module, so a gradient
that needs them is refused.

:func:`gradient_html` shows generated source in a notebook, with Pygments
colours when Pygments is installed.
"""

from __future__ import annotations

import ast
import builtins
import html
import importlib
import importlib.util
import inspect
import sys
import types

from ..calls import Split
from ..errors import SrcadError


class ExportError(SrcadError):
    """The gradient cannot be written as a standalone module."""


# -- the module as a whole ----------------------------------------------------

def export_source(gradient, command: str | None = None) -> str:
    """The source of a standalone module defining ``gradient``'s generated function.

    ``command`` (optional) is shown in the module docstring as the way to
    regenerate the file.

    >>> import numpy as np, srcad
    >>> from srcad.tools.export import export_source
    >>> def f(x):
    ...     return np.sum(x ** 2)
    >>> text = export_source(srcad.grad(f))
    >>> namespace = {}
    >>> exec(compile(text, 'f_grad.py', 'exec'), namespace)
    >>> namespace['f_grad'](np.array([1.0, 2.0]))
    array([2., 4.])
    """
    copy = _Copy()
    name = copy.generated_code(gradient.compiled, gradient.fn, 'the gradient')
    return _assemble(copy, name, gradient.fn, command)


def _user_name(copy: _Copy, name: str, fn, generated: str) -> None:
    """Bind a name the generated code takes from the user's function's scope."""
    if name in fn.__code__.co_freevars:
        raise ExportError(
            f'cannot export {generated}: it uses {name!r}, a closure variable of '
            f'{fn.__qualname__}, and closure values cannot be written into a module',
            hint=f'make {name} a module-level global or a parameter of {fn.__qualname__}')
    if name in fn.__globals__:
        copy.user_global(name, fn.__globals__[name], fn.__module__, generated)
    elif not hasattr(builtins, name):
        raise ExportError(f'cannot export {generated}: it uses {name!r}, which is not '
                          f'defined in module {fn.__module__}')


def _assemble(copy: _Copy, generated: str, fn, command) -> str:
    doc = [f'"""{generated}: the gradient of {fn.__module__}.{fn.__qualname__}, exported by '
           'srcad.', '', 'It needs NumPy (and the modules imported below), not srcad: the '
           'runtime', "helpers it calls are copied from srcad's source."]
    if command:
        doc += ['', f'Regenerate with:  {command}']
    parts = ['\n'.join(doc) + '\n"""', 'from __future__ import annotations',
             '\n'.join(copy.import_lines()), f'__all__ = [{generated!r}]']
    blocks = [_section(module, texts) for module, texts in copy.sections()]
    blocks += ['\n'.join(copy.aliases)] if copy.aliases else []
    return '\n\n'.join(p for p in parts if p) + '\n\n\n' + '\n\n\n'.join(
        blocks + copy.generated) + '\n'


def _section(module: str, texts: list) -> str:
    return f'# --- from {module} ---\n\n' + '\n\n\n'.join(texts)


# -- copying srcad's helpers ------------------------------------------------

def _is_srcad(module_name: str) -> bool:
    return module_name == 'srcad' or module_name.startswith('srcad.')


class _Copy:
    """What the exported module binds at top level, and where each came from."""

    def __init__(self):
        self.bound = {}        # name -> (object, where it came from)
        self.imports = set()   # import statements, as text
        self.statements = {}   # module name -> {line number: statement text}
        self.module_deps = {}  # module name -> modules its copied code uses
        self.visited = set()   # (module name, name) already copied
        self.aliases = []      # 'unbroadcast_1 = unbroadcast' for renamed helpers
        self.generated = []    # blocks of generated source, the callees' first

    def generated_code(self, compiled, fn, what: str) -> str:
        """Bind what generated code uses, then queue its source; returns its name."""
        tree = ast.parse(compiled.source)
        names = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
        for name in names:
            self.bind(name, (compiled.functions or {}).get(name, compiled.fn),
                      f'the generated {name}')
        for name in sorted(set().union(*map(_free_names, tree.body)) - set(names)):
            if name in compiled.helpers:
                self.helper(name, compiled.helpers[name])
            else:
                _user_name(self, name, fn, names[0])
        lines = compiled.source.splitlines()
        texts = ['\n'.join(lines[node.lineno - 1:node.end_lineno]) for node in tree.body]
        self.generated.append(f'# --- {what}, generated by srcad from {fn.__module__}.'
                              f'{fn.__qualname__} ---\n\n' + '\n\n\n'.join(texts))
        return names[0]

    def split(self, name: str, split: Split) -> None:
        """Bind a call into another user function: its two generated halves."""
        self.bind(name, split, f'the split of {split.fn.__qualname__}')
        self.bind('SimpleNamespace', types.SimpleNamespace, 'types.SimpleNamespace')
        self.imports.add('from types import SimpleNamespace')
        forward, backward = list(split.compiled.functions)
        self.generated_code(split.compiled, split.fn, 'a function the gradient calls, in '
                            'two halves')
        self.generated[-1] += (f'\n\n\n{name} = SimpleNamespace(forward={forward}, '
                               f'backward={backward})')

    def bind(self, name: str, obj, origin: str) -> None:
        if name in self.bound and self.bound[name][0] is not obj:
            raise ExportError(
                f'cannot export: the gradient needs two different things called '
                f'{name!r} ({self.bound[name][1]} and {origin})',
                hint=f'rename {name} in your module')
        self.bound.setdefault(name, (obj, origin))

    def helper(self, name: str, obj) -> None:
        """Bind a helper (runtime function, NumPy, split callee) under its name in the code."""
        if name in self.bound and self.bound[name][0] is obj:
            return  # bound already (NumPy, or a function that calls itself)
        if isinstance(obj, types.ModuleType):
            self.module(name, obj)
        elif isinstance(obj, Split):
            self.split(name, obj)
        else:
            self.runtime_function(name, obj)

    def runtime_function(self, name: str, obj) -> None:
        """Copy a helper from srcad's source, or import it from where it is defined."""
        home, own = _srcad_home(name, obj)
        if home is not None:
            self.copy(home, own)
            if own != name:
                self.bind(name, obj, f'srcad helper {own}')
                self.aliases.append(f'{name} = {own}')
            return
        line = _import_from(name, obj)
        if line is None:
            raise ExportError(f'cannot export: the helper {name!r} ({obj!r}) is neither '
                              f"srcad's nor importable from a module")
        self.bind(name, obj, line)
        self.imports.add(line)

    def user_global(self, name: str, obj, user_module: str, generated: str) -> None:
        """Bind a global of the user's module: import it from where it lives."""
        if isinstance(obj, types.ModuleType):
            self.module(name, obj)
            return
        line = _import_from(name, obj)
        if line is None:
            reason = _not_importable(user_module)
            if reason:
                raise ExportError(
                    f'cannot export {generated}: it uses the global {name!r} of '
                    f'{user_module}, and {reason}',
                    hint=f'put {name} in an importable module, or pass it as an argument')
            line = f'from {user_module} import {name}'
        self.bind(name, obj, f'a global of {user_module}')
        self.imports.add(line)

    def module(self, name: str, module: types.ModuleType) -> None:
        if _is_srcad(module.__name__) or module.__name__ == '__main__':
            raise ExportError(f'cannot export: the gradient uses the module {name!r} '
                              f'({module.__name__}), which is not importable on its own')
        self.bind(name, module, f'module {module.__name__}')
        self.imports.add(_import_module(name, module.__name__))

    # -- copying source ------------------------------------------------------
    def copy(self, module: types.ModuleType, name: str) -> None:
        """Copy the statements of ``module`` that bind ``name``, and what they use."""
        if (module.__name__, name) in self.visited:
            return
        self.visited.add((module.__name__, name))
        table = _module_table(module)
        if name not in table.binders:
            self._copy_value(module, name)
        for index in table.binders.get(name, ()):
            node = table.tree.body[index]
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                self._copy_import(module, node, name)
            else:
                self._copy_statement(module, table, node, name)

    def _copy_statement(self, module, table: _Table, node: ast.stmt, name: str) -> None:
        self.bind(name, getattr(module, name, None), f'{module.__name__}.{name}')
        self.statements.setdefault(module.__name__, {})[node.lineno] = table.text(node)
        for used in sorted(_free_names(node)):
            if used in table.binders:
                self.copy(module, used)

    def _copy_import(self, module, node, name: str) -> None:
        if isinstance(node, ast.Import):
            self.module(name, getattr(module, name))
            return
        alias = next(a for a in node.names if (a.asname or a.name) == name)
        source = importlib.util.resolve_name('.' * node.level + (node.module or ''),
                                             module.__package__)
        if not _is_srcad(source):
            self.bind(name, getattr(module, name), f'{source}.{alias.name}')
            self.imports.add(ast.unparse(ast.ImportFrom(source, [alias], 0)))
            return
        if source == 'srcad.errors':  # the runtime's one error, without srcad's machinery
            self._error_class(alias.name)
        else:
            self.module_deps.setdefault(module.__name__, []).append(source)
            self.copy(importlib.import_module(source), alias.name)
        if alias.name != name:
            self.aliases.append(f'{name} = {alias.name}')

    def _error_class(self, name: str) -> None:
        """A plain stand-in for the error srcad's runtime helpers raise: exported code
        raises it with the same message, and needs nothing of srcad's error reporting."""
        from .. import errors
        self.bind(name, getattr(errors, name), f'srcad.errors.{name}')
        self.statements.setdefault('srcad.errors', {})[0] = (
            f'class {name}(ValueError):\n'
            f'    """A runtime check of srcad failed: the gradient met a value it was not '
            f'written for."""')

    def _copy_value(self, module, name: str) -> None:
        value = getattr(module, name)
        if not isinstance(value, types.ModuleType):
            raise ExportError(f'cannot export: {module.__name__}.{name} is not defined by '
                              f'a statement srcad can copy')
        self.module(name, value)

    # -- the result ------------------------------------------------------------
    def import_lines(self) -> list:
        plain = sorted(line for line in self.imports if line.startswith('import '))
        other = sorted(line for line in self.imports if not line.startswith('import '))
        return plain + ([''] if plain and other else []) + other

    def sections(self) -> list:
        """``(module name, [statement text])`` with each module after those it uses."""
        order = []
        for name in self.statements:
            _post_order(name, self.module_deps, order, set())
        return [(m, [text for _, text in sorted(self.statements[m].items())])
                for m in dict.fromkeys(order) if m in self.statements]


def _srcad_home(name: str, obj):
    """The srcad module that defines helper ``obj``, and its name there (or None)."""
    home = getattr(obj, '__module__', None)
    own = getattr(obj, '__name__', None)
    if isinstance(home, str) and _is_srcad(home) and isinstance(own, str):
        return sys.modules[home], own
    for module_name in sorted(m for m in list(sys.modules) if _is_srcad(m)):
        module = sys.modules[module_name]  # a constant such as LN2: find its definition
        if module is not None and vars(module).get(name, _MISSING) is obj and any(
                not isinstance(_module_table(module).tree.body[i], (ast.Import, ast.ImportFrom))
                for i in _module_table(module).binders.get(name, ())):
            return module, name
    return None, None


_MISSING = object()


def _post_order(name: str, deps: dict, order: list, seen: set) -> None:
    if name in seen:
        return
    seen.add(name)
    for dep in deps.get(name, ()):
        _post_order(dep, deps, order, seen)
    order.append(name)


# -- reading a module's top-level statements ------------------------------------

class _Table:
    """A module's syntax tree, its text and which top-level statements bind each name."""

    def __init__(self, module: types.ModuleType):
        self.source = inspect.getsource(module)
        self.lines = self.source.splitlines()
        self.tree = ast.parse(self.source)
        self.binders = {}
        for index, node in enumerate(self.tree.body):
            for name in _bound_names(node):
                self.binders.setdefault(name, []).append(index)

    def text(self, node: ast.stmt) -> str:
        first = min([node.lineno] + [d.lineno for d in getattr(node, 'decorator_list', [])])
        return '\n'.join(self.lines[first - 1:node.end_lineno])


_TABLES = {}


def _module_table(module: types.ModuleType) -> _Table:
    if module.__name__ not in _TABLES:
        _TABLES[module.__name__] = _Table(module)
    return _TABLES[module.__name__]


def _bound_names(node: ast.stmt) -> list:
    """Names a top-level statement binds (``from __future__`` binds none)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.ImportFrom) and node.module == '__future__':
        return []
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [a.asname or a.name.split('.')[0] for a in node.names]
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return [n.id for t in targets for n in ast.walk(t)
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]
    if isinstance(node, (ast.If, ast.Try, ast.With)):
        return [name for child in ast.iter_child_nodes(node) if isinstance(child, ast.stmt)
                for name in _bound_names(child)]
    return []


def _free_names(node: ast.AST) -> set:
    """Names a statement reads but does not bind itself, ignoring annotations."""
    loads, stores = set(), set()
    for child in _walk_without_annotations(node):
        if isinstance(child, ast.Name):
            (loads if isinstance(child.ctx, ast.Load) else stores).add(child.id)
        elif isinstance(child, ast.arg):
            stores.add(child.arg)
    if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
        stores.discard(node.name)
    return loads - stores


def _walk_without_annotations(node: ast.AST):
    yield node
    for field, value in ast.iter_fields(node):
        if field in ('annotation', 'returns'):
            continue
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, ast.AST):
                yield from _walk_without_annotations(child)


# -- import statements ------------------------------------------------------------

def _import_module(name: str, module_name: str) -> str:
    if name == module_name:
        return f'import {name}'
    return f'import {module_name} as {name}'


def _import_from(name: str, obj) -> str | None:
    """``from home import own as name`` when ``obj`` can be found there, else None."""
    home = getattr(obj, '__module__', None)
    own = getattr(obj, '__qualname__', None) or getattr(obj, '__name__', None)
    if not isinstance(home, str) or not isinstance(own, str) or '.' in own:
        return None
    if _is_srcad(home) or _not_importable(home) or getattr(
            sys.modules.get(home), own, None) is not obj:
        return None
    return f'from {home} import {own}' + ('' if own == name else f' as {name}')


def _not_importable(module_name: str) -> str | None:
    """Why ``module_name`` cannot be imported by name (None when it can)."""
    if module_name == '__main__':
        return 'a script run as __main__ cannot be imported by name'
    if not all(part.isidentifier() for part in module_name.split('.')):
        return f'{module_name!r} is not a module name Python can import'
    try:
        found = importlib.util.find_spec(module_name)
    except (ImportError, ValueError):
        found = None
    return None if found is not None else f'{module_name!r} cannot be imported'


# -- showing source to a person -------------------------------------------------------

def source_html(source: str) -> str:
    """``source`` as self-contained HTML: Pygments colours inline, or a plain ``<pre>``.

    >>> source_html('x = 1 < 2\\n').count('&lt;')
    1
    """
    try:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import PythonLexer
    except ImportError:
        return f'<pre>{html.escape(source)}</pre>'
    return highlight(source, PythonLexer(), HtmlFormatter(noclasses=True))


def gradient_html(gradient) -> str:
    """What a notebook shows for a gradient: its source, or why it has none."""
    try:
        return source_html(gradient.source)
    except SrcadError as exc:
        return f'<pre>{html.escape(repr(gradient))}\n{html.escape(str(exc))}</pre>'
