"""The compiler's fast paths give exactly what the general code they replace gives.

Compile time was spent in general machinery (``ast.unparse``, ``ast.NodeTransformer``,
``ast.walk``, building every rule expression anew); the fast paths below must not
change one character of the generated code:

* :mod:`srcad.compiler.unparse` writes what ``ast.unparse`` writes;
* :func:`srcad.compiler.templates.instantiate` (one walk) equals substituting,
  folding and dropping default arguments in three;
* :func:`srcad.compiler.fastast.fix_missing_locations` equals ``ast``'s;
* the reverse emitter's cache of rule contributions (statements alike get the
  expression built once, with their own names) gives the code built without it.
"""

import ast
import copy
import pathlib
import random

import pytest

import golden_functions as gf
from srcad.compiler import fastast, reverse_statements, unparse
from srcad.compiler.pipeline import compile_gradient
from srcad.compiler.simplify import simplify
from srcad.compiler.templates import _drop_default_arguments, instantiate, substitute
from srcad.rules.registry import helper_functions

HERE = pathlib.Path(__file__).parent
SOURCES = sorted((HERE / 'golden').rglob('*.py')) + [  # (goldens of each mode included)
    HERE.parent / 'srcad' / 'compiler' / 'reverse_statements.py',
    HERE.parent / 'benchmarks' / 'workloads.py']


def _names(node):
    return ast.Name(node, ast.Load())


SYNTHETIC = [
    ast.BinOp(ast.Constant(-1), ast.Pow(), _names('x')),
    ast.BinOp(ast.UnaryOp(ast.USub(), _names('x')), ast.Pow(), ast.Constant(2)),
    ast.Attribute(ast.Constant(3), 'real', ast.Load()),
    ast.Attribute(ast.Constant(True), 'real', ast.Load()),
    ast.Call(ast.BinOp(_names('a'), ast.Add(), _names('b')), [], []),
    ast.Tuple([_names('a')], ast.Load()),
    ast.Tuple([], ast.Load()),
    ast.Constant('it\'s "quoted"'),
    ast.Constant(1e-300),
    ast.Constant(-0.0),
    ast.UnaryOp(ast.Not(), ast.BinOp(_names('a'), ast.Add(), _names('b'))),
    ast.BinOp(_names('a'), ast.Sub(), ast.BinOp(_names('b'), ast.Sub(), _names('c'))),
    ast.BinOp(_names('a'), ast.Pow(), ast.BinOp(_names('b'), ast.Pow(), _names('c'))),
    ast.BinOp(ast.BinOp(_names('a'), ast.Pow(), _names('b')), ast.Pow(), _names('c')),
    ast.Subscript(ast.BinOp(_names('a'), ast.Add(), _names('b')), ast.Constant(0), ast.Load()),
    ast.UnaryOp(ast.USub(), ast.UnaryOp(ast.USub(), _names('x'))),
    ast.UnaryOp(ast.USub(), ast.Constant(-2)),
    ast.Call(_names('f'), [_names('x')], [ast.keyword('axis', ast.Constant(None))]),
]


@pytest.mark.parametrize('node', SYNTHETIC, ids=ast.unparse)
def test_unparse_of_built_expressions(node):
    assert unparse.expression(node, set()) == ast.unparse(node)


@pytest.mark.parametrize('path', SOURCES, ids=lambda p: p.name)
def test_unparse_of_every_statement_and_expression(path):
    written = 0
    for node in ast.walk(ast.parse(path.read_text())):
        names = set()
        if isinstance(node, ast.stmt):
            text = unparse.statement(node, names)
        elif isinstance(node, ast.expr):
            text = unparse.expression(node, names)
        else:
            continue
        if text is not None:
            written += 1
            assert text == ast.unparse(node)
            assert names <= {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    assert written > 10


def _mappings(template, rng):
    """Mappings for a template's free names: names, numbers, None, booleans."""
    free = sorted({n.id for n in ast.walk(template) if isinstance(n, ast.Name)})
    choices = [_names('t1'), _names('t2'), ast.Constant(0), ast.Constant(1), ast.Constant(2.0),
               ast.Constant(None), ast.Constant(True), ast.Constant(False),
               ast.UnaryOp(ast.USub(), ast.Constant(1))]
    for _ in range(3):
        yield {name: copy.deepcopy(rng.choice(choices)) for name in free if rng.random() < 0.8}


def test_instantiate_equals_substitute_simplify_drop():
    from srcad.rules.registry import RULES
    rng = random.Random(0)
    helpers = dict(helper_functions())
    checked = 0
    for rule in list(RULES.values()):
        for template in list(rule.adjoints.values()) + list(rule.tangents.values()):
            if not isinstance(template, ast.AST):
                continue
            for mapping in _mappings(template, rng):
                slow = _drop_default_arguments(simplify(substitute(template, mapping)), helpers)
                assert ast.dump(instantiate(template, mapping, helpers)) == ast.dump(slow)
                checked += 1
    assert checked > 100


@pytest.mark.parametrize('path', SOURCES, ids=lambda p: p.name)
def test_fix_missing_locations_equals_ast(path):
    rng = random.Random(1)
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        for attr in ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'):
            if attr in node.__dict__ and rng.random() < 0.3:
                if attr.startswith('end') and rng.random() < 0.5:
                    setattr(node, attr, None)
                else:
                    delattr(node, attr)
    ours, theirs = copy.deepcopy(tree), copy.deepcopy(tree)
    fastast.fix_missing_locations(ours)
    ast.fix_missing_locations(theirs)
    assert ast.dump(ours, include_attributes=True) == ast.dump(theirs, include_attributes=True)


@pytest.mark.parametrize('fn, wrt', [(gf.mse, ['w', 'b']), (gf.overwrite, ['x', 'y']),
                                     (gf.softmax_xent, ['logits']), (gf.indexing, ['x']),
                                     (gf.branch, ['x', 'y']), (gf.for_loop, ['x', 'w']),
                                     (gf.while_loop, ['x'])])
def test_cached_contributions_give_the_same_code(fn, wrt, monkeypatch):
    cached = compile_gradient(fn, wrt)
    monkeypatch.setattr(reverse_statements, '_slots', lambda mapping, shapes: None)
    built = compile_gradient(fn, wrt)
    assert cached.source == built.source


def test_cached_contributions_in_long_code(monkeypatch, tmp_path):
    lines = ['    t = t * 0.9 + x', '    t = np.sin(t) * 0.5 + x', '    u = t * t - x',
             '    t = np.sum(u, axis=0, keepdims=True) + t * u']
    body = '\n'.join(lines[i % len(lines)] for i in range(40))
    path = tmp_path / 'long_chain_module.py'
    path.write_text(f'import numpy as np\n\n\ndef f(x):\n    t = x\n{body}\n'
                    f'    return np.sum(t)\n')
    namespace = {}
    exec(compile(path.read_text(), str(path), 'exec'), namespace)
    f = namespace['f']
    facts = (('x', (3, 4)),)
    cached = [compile_gradient(f, ['x']).source, compile_gradient(f, ['x'], facts=facts).source]
    monkeypatch.setattr(reverse_statements, '_slots', lambda mapping, shapes: None)
    built = [compile_gradient(f, ['x']).source, compile_gradient(f, ['x'], facts=facts).source]
    assert cached == built
