"""srcad's modules form no import cycle, not even through imports inside functions,
and the runtime that generated code calls imports nothing from the compiler."""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1] / 'srcad'


def _modules() -> dict:
    out = {}
    for path in ROOT.rglob('*.py'):
        parts = path.relative_to(ROOT.parent).with_suffix('').parts
        name = '.'.join(parts[:-1] if parts[-1] == '__init__' else parts)
        out[name] = path
    return out


def _imported(module: str, path: pathlib.Path, modules: dict) -> set:
    """Every srcad module ``module`` imports, at its top or inside a function."""
    package = module if path.name == '__init__.py' else module.rpartition('.')[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ''
            if node.level:
                parts = package.split('.')[:len(package.split('.')) - node.level + 1]
                base = '.'.join(parts + ([node.module] if node.module else []))
            for alias in node.names:
                full = f'{base}.{alias.name}'
                found.add(full if full in modules else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in modules and m != module}


def _graph() -> dict:
    modules = _modules()
    return {m: _imported(m, p, modules) for m, p in modules.items()}


def _cycle(graph: dict) -> list:
    """One import cycle of ``graph`` (a list of modules), or []."""
    state = {}  # module -> 1 while on the path, 2 when done

    def visit(m, path):
        state[m] = 1
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                return path[path.index(n):] + [n]
            if n not in state:
                found = visit(n, path + [n])
                if found:
                    return found
        state[m] = 2
        return []

    for m in sorted(graph):
        if m not in state:
            found = visit(m, [m])
            if found:
                return found
    return []


def test_no_import_cycles():
    cycle = _cycle(_graph())
    assert not cycle, ' -> '.join(cycle)


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({'a': {'b'}, 'b': {'c'}, 'c': {'a'}}) == ['a', 'b', 'c', 'a']
    assert _cycle({'a': {'b'}, 'b': set()}) == []


def test_the_runtime_imports_nothing_from_the_compiler():
    """Every module of the runtime package (what exported code carries) imports, of
    srcad, only srcad.errors and the runtime's own modules."""
    graph = _graph()
    runtime = {m for m in graph if m == 'srcad.runtime' or m.startswith('srcad.runtime.')}
    assert {'srcad.runtime', 'srcad.runtime.shapes', 'srcad.runtime.containers'} <= runtime
    for module in sorted(runtime):
        assert graph[module] <= {'srcad.errors'} | runtime, module
    assert graph['srcad.errors'] == set()


def test_function_level_imports_are_seen():
    graph = _graph()
    assert 'srcad.rules.scipy.linalg' in graph['srcad.rules.scipy.loader']  # inside load()
