"""Compiling straight-line code: one compile on the first call, no quadratic pass, no
deep recursion, and the fast tree helpers (srcad.compiler.fastast) agree with the ast module's."""

import ast
import copy
import importlib
import pathlib
import sys

import numpy as np
import pytest

import srcad
import srcad.api
from srcad.compiler import fastast
from srcad import grad
from srcad.compiler.names import Namer
from srcad.testing import check_grad


def load(tmp_path, name: str, source: str):
    (tmp_path / f'{name}.py').write_text(source)
    sys.path.insert(0, str(tmp_path))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(tmp_path))


def halving_chain(n: int) -> str:
    body = '\n'.join('    t = t * 0.5 + x' for _ in range(n))
    return f'import numpy as np\n\n\ndef f(x):\n    t = x\n{body}\n    return np.sum(t)\n'


@pytest.mark.parametrize('n', [300, 1000])
def test_a_long_chain_with_an_array_input_compiles(tmp_path, n):
    """It used to raise RecursionError from 249 statements on (shapes of the folded
    reduction seeds were computed recursively along the chain)."""
    f = load(tmp_path, f'halving_{n}', halving_chain(n)).f
    x = np.linspace(0.0, 1.0, 5)
    # t_n = 0.5 t_(n-1) + x, t_0 = x: each entry's derivative is 2 - 0.5 ** n
    np.testing.assert_allclose(grad(f)(x), np.full(5, 2.0 - 0.5 ** n))


def loss(w, b, X, y):
    pred = X @ w + b
    return np.mean((pred - y) ** 2) + np.sum(np.tanh(w) * 0.1)


def test_the_first_call_compiles_only_the_specialized_code(monkeypatch):
    compiled = []
    real = srcad.api.compile_gradient

    def counting(fn, wrt, *args, facts=(), **kwargs):
        compiled.append(facts)
        return real(fn, wrt, *args, facts=facts, **kwargs)
    rng = np.random.default_rng(3)
    args = (rng.standard_normal((3, 1)), 0.2, rng.standard_normal((5, 3)),
            rng.standard_normal((5, 1)))
    again = (args[0], 0.2, rng.standard_normal((7, 3)), rng.standard_normal((7, 1)))
    for call in (args, again):
        check_grad(loss, *call, wrt=(0, 1))
    expected = [grad(loss, wrt=(0, 1))(*call) for call in (args, args, again)]
    monkeypatch.setattr(srcad.api, 'compile_gradient', counting)
    srcad.api._CACHE.clear()
    g = grad(loss, wrt=(0, 1))
    got = [g(*args)]
    assert len(compiled) == 1 and compiled[0]  # specialized for the first call's shapes
    got.append(g(*args))
    assert len(compiled) == 1
    got.append(g(*again))  # other shapes: the general code, compiled now
    assert len(compiled) == 2 and compiled[1] == ()
    for mine, right in zip(got, expected):
        for a, b in zip(mine, right):
            np.testing.assert_allclose(a, b)


def test_fresh_names_are_the_first_free_ones():
    """Namer.fresh resumes its search per base but hands out what a search from
    ``x_1`` would: the first name not taken."""
    namer = Namer({'x', 'x_1', 'x_3', 'y'})
    assert [namer.fresh('x') for _ in range(3)] == ['x_2', 'x_4', 'x_5']
    namer.taken.add('x_6')
    assert namer.fresh('x') == 'x_7'
    assert namer.fresh('z') == 'z' and namer.fresh('z') == 'z_1'
    state = namer.snapshot()
    assert namer.fresh('x') == 'x_8'
    namer.restore(state)  # names given back are handed out again
    assert namer.fresh('x') == 'x_8'


SOURCES = [pathlib.Path(srcad.__file__).parent / name
           for name in ('compiler/ssa.py', 'compiler/names.py', 'api.py')]


@pytest.mark.parametrize('path', SOURCES, ids=lambda p: p.name)
def test_fast_tree_helpers_agree_with_the_ast_module(path):
    tree = ast.parse(path.read_text())
    assert fastast.walk(tree) == [n for n in ast.walk(tree) if not isinstance(
        n, (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop))]
    copied = fastast.copy_tree(tree)
    assert ast.dump(copied, include_attributes=True) == ast.dump(tree, include_attributes=True)
    assert not any(a is b for a, b in zip(fastast.walk(copied), fastast.walk(tree)))
    for k, node in enumerate(ast.walk(tree)):  # positions missing here and there
        if k % 3 == 0 and 'lineno' in node.__dict__:
            del node.lineno, node.end_lineno
        if k % 5 == 0 and 'col_offset' in node.__dict__:
            del node.col_offset
    ours, theirs = copy.deepcopy(tree), copy.deepcopy(tree)
    fastast.fix_missing_locations(ours)
    ast.fix_missing_locations(theirs)
    assert ast.dump(ours, include_attributes=True) == ast.dump(theirs, include_attributes=True)


def test_a_copy_keeps_a_mark_on_the_node_it_names():
    """A statement marked with a node inside it (normalize's ``srcad_in_place``) is
    copied with the mark naming the copy of that node, as copy.deepcopy does."""
    stmt = ast.parse('y = x + v').body[0]
    stmt.srcad_in_place = stmt.value.left
    copied = fastast.copy_tree(stmt)
    assert copied.srcad_in_place is copied.value.left
    assert copied.value.left is not stmt.value.left
