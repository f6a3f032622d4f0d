"""Golden files for reverse-mode code beyond straight-line ``grad``: the code
specialized to a first call's shapes, ``vjp`` of a vector output, a list of
``(W, b)`` parameters, ``value_and_grad``, nested loops with a branch, a closure.

Regenerate after an intended change with ``SRCAD_UPDATE_GOLDEN=1 python -m pytest
tests/test_golden_modes.py`` and review the diff like any other code change.
(Forward mode, ``jvp`` and ``hvp``, is pinned by tests/test_golden_forward.py.)
"""

import os
import pathlib

import numpy as np
import pytest

import golden_modes_functions as gm
from golden_functions import same_generated_source
import srcad
from srcad.compiler.pipeline import compile_gradient
from srcad.testing import check_derivatives

GOLDEN = pathlib.Path(__file__).parent / 'golden' / 'modes'
R = np.random.default_rng(7)
MLP_PARAMS = [(R.standard_normal((4, 5)), R.standard_normal(5)),
              (R.standard_normal((5, 3)), R.standard_normal(3)),
              (R.standard_normal((3, 1)), R.standard_normal(1))]

# name -> (function, arguments, wrt)
ARGS = {
    'affine_tanh': (gm.affine_tanh, (R.standard_normal((3, 4)), R.standard_normal(3),
                                     R.standard_normal(4)), (0, 1)),
    'rows_softplus': (gm.rows_softplus, (R.standard_normal((3, 4)), R.standard_normal(4)),
                      (0, 1)),
    'mlp': (gm.mlp, (MLP_PARAMS, R.standard_normal((6, 4)), R.standard_normal((6, 1))), 0),
    'ridge': (gm.ridge, (R.standard_normal(3), R.standard_normal((5, 3)),
                         R.standard_normal(5), 0.1), 0),
    'grid_clip': (gm.grid_clip, (R.standard_normal(3), R.standard_normal(4)), (0, 1)),
    'scaled_loss': (gm.scaled_loss, (R.standard_normal(3), R.standard_normal(3)), 0),
}


def _specialized(name):
    """The code the first call of ``grad`` compiles and runs: specialized to its shapes
    (and to which arguments are lists)."""
    fn, args, wrt = ARGS[name]
    g = srcad.grad(fn, wrt=wrt)
    g(*args)
    return g.specialized_source


def _mode(name, mode, wrt):
    return lambda: compile_gradient(ARGS[name][0], wrt, mode).source


# golden file name -> how its source is made
SOURCES = {
    'affine_tanh_specialized': lambda: _specialized('affine_tanh'),
    'rows_softplus_vjp': _mode('rows_softplus', 'vjp', ['W', 'x']),
    'mlp_params_list_specialized': lambda: _specialized('mlp'),
    'ridge_value_and_grad': _mode('ridge', 'value_and_grad', ['w']),
    'grid_clip_nested_loops': _mode('grid_clip', 'grad', ['x', 'w']),
    'scaled_loss_closure': _mode('scaled_loss', 'grad', ['w']),
}


@pytest.mark.parametrize('name', sorted(SOURCES))
def test_generated_source_matches_golden_file(name):
    source = SOURCES[name]()
    path = GOLDEN / f'{name}.py'
    if os.environ.get('SRCAD_UPDATE_GOLDEN'):
        path.parent.mkdir(exist_ok=True)
        path.write_text(source)
    assert same_generated_source(source, path.read_text()), source


def test_specialized_code_differs_from_the_general_code():
    """The pinned specialized code is what the first call runs, not the general code."""
    fn, args, wrt = ARGS['affine_tanh']
    g = srcad.grad(fn, wrt=wrt)
    g(*args)
    assert g.specialized_source != g.source
    assert same_generated_source(g.specialized_source,
                                 (GOLDEN / 'affine_tanh_specialized.py').read_text())


@pytest.mark.parametrize('name', sorted(set(ARGS) - {'rows_softplus'}))
def test_pinned_functions_are_correct(name):
    fn, args, wrt = ARGS[name]
    for position in (wrt if isinstance(wrt, tuple) else (wrt,)):
        check_derivatives(fn, *args, wrt=position, modes=('grad', 'value_and_grad', 'vjp'))


def test_vjp_of_the_vector_output_is_correct():
    """``vjp`` with both parameters (the pinned code) against central differences, and
    through a scalar projection with check_derivatives."""
    W, x = ARGS['rows_softplus'][1]
    cot = R.standard_normal(3)
    value, back = srcad.vjp(gm.rows_softplus, W, x)
    np.testing.assert_allclose(value, gm.rows_softplus(W, x))
    grads = back(cot)
    eps = 1e-6
    for i, arg in enumerate((W, x)):
        d = R.standard_normal(arg.shape)
        moved = [[W, x], [W, x]]
        moved[0][i], moved[1][i] = arg + eps * d, arg - eps * d
        fd = (cot @ gm.rows_softplus(*moved[0]) - cot @ gm.rows_softplus(*moved[1])) / (2 * eps)
        np.testing.assert_allclose(np.sum(grads[i] * d), fd, rtol=1e-5, atol=1e-8)
    for position in (0, 1):
        check_derivatives(lambda W, x: cot @ gm.rows_softplus(W, x), W, x, wrt=position,
                          modes=('grad', 'vjp'))


def test_branches_of_grid_clip_both_taken():
    """Both branches of the ``if`` run for the pinned arguments (so the check covers both)."""
    _, (x, w), _ = ARGS['grid_clip']
    products = np.multiply.outer(x, w)
    assert (products > 0).any() and (products <= 0).any()
