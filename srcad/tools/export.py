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

How a module's statements are found and read, and import statements written, is
in :mod:`srcad.tools.sources`; :func:`srcad.tools.highlight.gradient_html` shows
generated source in a notebook, with Pygments colours when Pygments is installed.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import importlib.util
import sys
import types

from ..calls import Split
from ..errors import SrcadError
# (source_html and gradient_html are imported from here by tests and srcad.api)
from .highlight import gradient_html, source_html  # noqa: F401
from .sources import (_Table, _free_names, _import_from, _import_module, _is_srcad,
                      _module_table, _not_importable)


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
