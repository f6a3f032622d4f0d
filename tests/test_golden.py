"""Golden files pin the generated source: deterministic, readable, minimal.

Regenerate after an intended change with ``SRCAD_UPDATE_GOLDEN=1 python -m pytest
tests/test_golden.py`` and review the diff like any other code change.
"""

import os
import pathlib

import numpy as np
import pytest

import golden_functions as gf
from srcad import grad
from srcad.compiler.pipeline import compile_gradient
from srcad.testing import check_grad

GOLDEN = pathlib.Path(__file__).parent / 'golden'
CASES = {
    'mse': (gf.mse, ['w', 'b']),
    'overwrite': (gf.overwrite, ['x', 'y']),
    'softmax_xent': (gf.softmax_xent, ['logits']),
    'indexing': (gf.indexing, ['x']),
    'branch': (gf.branch, ['x', 'y']),
    'for_loop': (gf.for_loop, ['x', 'w']),
    'while_loop': (gf.while_loop, ['x']),
}


@pytest.mark.parametrize('name', sorted(CASES))
def test_generated_source_matches_golden_file(name):
    fn, wrt = CASES[name]
    source = compile_gradient(fn, wrt).source
    path = GOLDEN / f'{name}.py'
    if os.environ.get('SRCAD_UPDATE_GOLDEN'):
        path.write_text(source)
    assert source == path.read_text()


def test_golden_functions_are_correct():
    r = np.random.default_rng(3)
    X, y = r.standard_normal((5, 3)), r.standard_normal((5, 1))
    check_grad(gf.mse, r.standard_normal((3, 1)), 0.2, X, y, wrt=(0, 1))
    check_grad(gf.overwrite, r.standard_normal(4), r.standard_normal(4), wrt=(0, 1))
    labels = np.eye(3)[[0, 2, 1, 1]]
    check_grad(gf.softmax_xent, r.standard_normal((4, 3)), labels)
    check_grad(gf.indexing, r.standard_normal((3, 4)), np.array([2, 0, 2]))
    assert grad(gf.indexing)(np.ones((3, 4)), np.array([1])).shape == (3, 4)
    for sign in (1.0, -1.0):
        check_grad(gf.branch, sign * np.abs(r.standard_normal(3)), r.standard_normal(3),
                   wrt=(0, 1))
    check_grad(gf.for_loop, r.standard_normal(3), r.standard_normal(4), wrt=(0, 1))
    check_grad(gf.while_loop, r.standard_normal(3))
