"""The examples run, and the training example learns like a hand-written gradient."""

import pathlib
import subprocess
import sys

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / 'examples'))

import basics  # noqa: E402
import linear_regression  # noqa: E402


def test_basics_gives_two_x():
    np.testing.assert_allclose(basics.main(), [2.0, 4.0, 6.0])


def hand_written_step(w, b, X, y):
    r = X @ w + b - y
    d = 2.0 * r / r.size
    return np.mean(r ** 2), X.T @ d, np.sum(d)


def test_linear_regression_matches_hand_written_training():
    w, b, history = linear_regression.train(verbose=False)
    X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    y = np.array([[2.0], [4.0], [6.0]])
    hw, hb, hand = np.zeros((2, 1)), 0.0, []
    for _ in range(100):
        value, dw, db = hand_written_step(hw, hb, X, y)
        hw, hb = hw - 0.01 * dw, hb - 0.01 * db
        hand.append(value)
    np.testing.assert_allclose(history, hand, rtol=1e-12)
    np.testing.assert_allclose(w, hw, rtol=1e-12)
    assert history[-1] < history[0] / 100


def test_examples_run_as_scripts():
    for script in ('basics.py', 'linear_regression.py'):
        done = subprocess.run([sys.executable, str(ROOT / 'examples' / script)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert 'def ' in done.stdout  # each example prints its generated gradient
