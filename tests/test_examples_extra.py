"""The digits MLP and the projectile examples learn, and their gradients are right.

Both run in their quick modes (a few seconds together).  The digits example
needs scikit-learn: without it, its tests are skipped; with it, they run.
"""

import math
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

from srcad import grad, value_and_grad
from srcad.testing import check_grad

from example_runner import ROOT, has_matplotlib, run_script  # noqa: E402,F401

import projectile  # noqa: E402


# -- projectile ------------------------------------------------------------------
def test_projectile_gradient_through_the_loop_matches_finite_differences():
    check_grad(projectile.miss, 10.0, 10.0, *projectile.TARGET, wrt=(0, 1), rtol=1e-5)


def test_projectile_one_descent_step_agrees_with_central_differences():
    value, (dvx, dvy) = value_and_grad(projectile.miss, wrt=('vx', 'vy'))(
        12.0, 8.0, *projectile.TARGET)
    eps = 1e-5
    for k, analytic in enumerate((dvx, dvy)):
        up, down = [12.0, 8.0], [12.0, 8.0]
        up[k] += eps
        down[k] -= eps
        numeric = (projectile.miss(*up, *projectile.TARGET)
                   - projectile.miss(*down, *projectile.TARGET)) / (2 * eps)
        assert analytic == pytest.approx(numeric, rel=1e-6)
    assert value == pytest.approx(projectile.miss(12.0, 8.0, *projectile.TARGET))


def test_projectile_quick_run_hits_the_target(tmp_path, capsys):
    plot = tmp_path / 'flight.png'
    source = tmp_path / 'miss_grad.py'
    vx, vy, history = projectile.main(['--quick', '--plot', str(plot), '--source', str(source)])
    assert len(history) == 11
    assert all(b < a for a, b in zip(history, history[1:]))  # the miss shrinks every step
    assert math.sqrt(history[-1]) < 0.05 < 20.0 < math.sqrt(history[0])  # metres
    xs, ys = projectile.trajectory(vx, vy)  # the plotted flight ends where miss says
    assert math.hypot(xs[-1] - projectile.TARGET[0], ys[-1] - projectile.TARGET[1]) \
        == pytest.approx(math.sqrt(history[-1]), abs=1e-9)
    out = capsys.readouterr().out
    assert 'def miss_value_and_grad(vx, vy, target_x, target_y' in out
    assert 'for _ in reversed(' in out  # the loop, replayed backwards
    assert source.read_text() == value_and_grad(projectile.miss, wrt=('vx', 'vy')).source
    pytest.importorskip('matplotlib')
    assert plot.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'


# -- digits MLP --------------------------------------------------------------------
@pytest.fixture(scope='module')
def digits():
    pytest.importorskip('sklearn', reason='the digits example needs scikit-learn')
    import digits_mlp
    return digits_mlp


def test_digits_gradient_of_a_dict_matches_finite_differences(digits):
    X_train, _, y_train, _ = digits.load()
    X, Y = X_train[:16], np.eye(10)[y_train[:16]]
    params = digits.init_params(np.random.default_rng(1))
    grads = grad(digits.loss)(params, X, Y)
    assert set(grads) == set(params)
    rng = np.random.default_rng(2)
    direction = {k: rng.standard_normal(v.shape) for k, v in params.items()}
    eps = 1e-6

    def moved(t):
        return digits.loss({k: params[k] + t * direction[k] for k in params}, X, Y)
    numeric = (moved(eps) - moved(-eps)) / (2 * eps)
    analytic = sum(np.sum(grads[k] * direction[k]) for k in params)
    assert analytic == pytest.approx(numeric, rel=1e-6)
    for k in params:
        assert grads[k].shape == params[k].shape


def test_digits_quick_run_learns(digits, tmp_path, capsys):
    plot = tmp_path / 'loss.png'
    params, history = digits.main(['--quick', '--plot', str(plot)])
    assert history['step_loss'][0] > 2.0  # about log(10) at the start
    assert history['train_loss'][-1] < history['train_loss'][0] < 0.6 * history['step_loss'][0]
    assert history['test_accuracy'][-1] > 0.85
    out = capsys.readouterr().out
    assert 'def loss_value_and_grad(params, X, Y' in out
    assert 'test accuracy on 450 held-out images' in out
    pytest.importorskip('matplotlib')
    assert plot.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'


def test_projectile_runs_as_a_script(tmp_path):
    out = run_script('projectile.py', '--quick', '--plot', str(tmp_path / 'p.png'))
    assert 'def miss_value_and_grad' in out and 'misses the target by' in out
