"""Golden files pin the generated forward-mode code: ``jvp`` of everyday functions
and ``hvp`` (forward mode over the generated gradient), as tests/test_golden.py pins
reverse mode.

Regenerate after an intended change with ``SRCAD_UPDATE_GOLDEN=1 python -m pytest
tests/test_golden_forward.py`` and review the diff like any other code change.
"""

import os
import pathlib

import numpy as np
import pytest

import golden_forward_functions as gff
import golden_functions as gf
from golden_functions import same_generated_source
from srcad import grad
from srcad.calls import jvp_of
from srcad.compiler.containers import sequence_facts
from srcad.compiler.pipeline import compile_gradient
from srcad.testing import check_derivatives

GOLDEN = pathlib.Path(__file__).parent / 'golden' / 'forward'


def _mlp_args(r):
    params = [r.standard_normal((3, 4)), r.standard_normal(4),
              r.standard_normal((4, 2)), r.standard_normal(2)]
    return params, r.standard_normal((5, 3)), r.standard_normal((5, 2))


def jvp_source(fn, wrt, args=None):
    """The source ``srcad.jvp`` runs (the code for the arguments that are lists)."""
    facts = sequence_facts(['params', 'x', 'y'], args) if args else ()
    return compile_gradient(fn, wrt, mode='jvp', facts=facts).source


def hvp_source(fn, wrt):
    """The source ``srcad.hvp`` runs: forward mode over the generated gradient."""
    return jvp_of(grad(fn, wrt=wrt).compiled.fn, [wrt]).source


CASES = {
    'jvp_mse': lambda: jvp_source(gf.mse, ['w', 'b']),
    'jvp_softmax_xent': lambda: jvp_source(gf.softmax_xent, ['logits']),
    'jvp_for_loop': lambda: jvp_source(gf.for_loop, ['x', 'w']),
    'jvp_mlp_list': lambda: jvp_source(gff.mlp, ['params'],
                                       _mlp_args(np.random.default_rng(0))),
    'hvp_mse': lambda: hvp_source(gf.mse, 'w'),
    'hvp_loop': lambda: hvp_source(gff.loop, 'x'),
}


@pytest.mark.parametrize('name', sorted(CASES))
def test_generated_forward_source_matches_golden_file(name):
    source = CASES[name]()
    path = GOLDEN / f'{name}.py'
    if os.environ.get('SRCAD_UPDATE_GOLDEN'):
        path.write_text(source)
    assert same_generated_source(source, path.read_text()), source


def test_golden_forward_functions_are_correct():
    r = np.random.default_rng(5)
    X, y = r.standard_normal((5, 3)), r.standard_normal((5, 1))
    w = r.standard_normal((3, 1))
    check_derivatives(gf.mse, w, 0.2, X, y, wrt=0)
    check_derivatives(gf.mse, w, 0.2, X, y, wrt=1)
    labels = np.eye(3)[[0, 2, 1, 1]]
    check_derivatives(gf.softmax_xent, r.standard_normal((4, 3)), labels)
    check_derivatives(gf.for_loop, r.standard_normal(3), r.standard_normal(4), wrt=0)
    check_derivatives(gf.for_loop, r.standard_normal(3), r.standard_normal(4), wrt=1)
    check_derivatives(gff.mlp, *_mlp_args(r), modes=('grad', 'vjp', 'jvp'))
    check_derivatives(gff.loop, r.standard_normal(3))


# -- the tidying of forward-mode code (srcad/compiler/forward_tidy.py) ---------------------
def _methods(x):
    return x.mean() + x.sum(axis=0).sum() + np.sum(x.T ** 2)


def _keywords(x):
    m = x > 0.1
    return np.mean(x ** 2, where=m) + np.sum(np.concatenate([x, 2 * x], axis=0) ** 2)


def _positional(x):
    return np.sum(np.sum(x ** 2, 1, keepdims=True)) + np.sum(np.cumsum(x, axis=1) ** 2)


def _same_shapes(x, y):
    t = x
    for i in range(3):
        t = np.sin(t) * 0.5 + x
    return np.sum(t * y)


@pytest.mark.parametrize('fn, expected', [
    (_methods, ['np.mean(x_dot)', 'np.sum(x_dot, axis=0)']),
    (_keywords, ['np.mean(x_dot * 2 * x, where=m)', 'np.concatenate(t4_dot, axis=0)']),
    (_positional, ['np.sum(x_dot * 2 * x, 1, keepdims=True)', 'np.cumsum(x_dot, axis=1)']),
])
def test_linear_tangents_read_as_the_call(fn, expected):
    """A linear function's tangent is the user's call of it on the tangent (or the
    call without its default arguments), never every default spelled out."""
    source = jvp_source(fn, ['x'])
    for line in expected:
        assert line in source, source
    assert 'None, None' not in source and 'False)' not in source
    check_derivatives(fn, np.random.default_rng(1).standard_normal((3, 4)),
                      modes=('jvp', 'hvp'))


def test_broadcast_like_only_where_shapes_may_differ():
    """``x + c * x`` has x's shape (shapeinfo proves it): no broadcast_like; ``t * y``
    with y of another shape class keeps its general tangent."""
    source = jvp_source(_same_shapes, ['x', 'y'])
    assert 'broadcast_like' not in source, source
    r = np.random.default_rng(2)
    check_derivatives(_same_shapes, r.standard_normal(3), r.standard_normal((2, 3)), wrt=0)
    check_derivatives(_same_shapes, r.standard_normal(3), r.standard_normal((2, 3)), wrt=1)


def test_hvp_differentiates_along_its_vector_only():
    """hvp's code carries tangents for the differentiated argument only: the data
    (X, y) held fixed get none."""
    source = hvp_source(gf.mse, 'w')
    assert 'X_dot' not in source and 'y_dot' not in source and 'b_dot' not in source
