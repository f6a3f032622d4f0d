"""Reading srcad's modules for export (:mod:`srcad.tools.export`): which top-level
statement binds each name, which names a statement uses, and the import statement
that brings an object into the exported module.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import sys
import types


def _is_srcad(module_name: str) -> bool:
    return module_name == 'srcad' or module_name.startswith('srcad.')


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
