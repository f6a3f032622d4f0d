"""Per-row shifts whose adjoint is provably zero (srcad/compiler/shifts.py): the stable
softmax's max.  Every case is checked against finite differences, those where
the shift cancels and those where it does not."""

import numpy as np
import pytest

from srcad import grad
from srcad.testing import check_grad

R = np.random.default_rng(21)


def log_softmax_loss(x, y):
    z = x - np.max(x, axis=1, keepdims=True)
    lse = np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -np.mean(np.sum(y * (z - lse), axis=1))


def softmax_loss(x, y):
    e = np.exp(x - np.max(x, axis=1, keepdims=True))
    p = e / np.sum(e, axis=1, keepdims=True)
    return -np.sum(y * np.log(p))


def mean_shift(x, y):
    z = x - np.mean(x, axis=0, keepdims=True)
    lse = np.log(np.sum(np.exp(z), axis=0, keepdims=True))
    return np.sum(y * (z - lse))


def scaled_logits(x, y):
    z = (x - np.max(x, axis=1, keepdims=True)) * 0.5
    e = np.exp(z)
    return np.sum(y * (e / e.sum(axis=1, keepdims=True)))


# the shift reaches the output: its adjoint must be computed
def shift_reaches_the_output(x, y):
    z = x - np.max(x, axis=1, keepdims=True)
    return np.sum(y * z)


def exp_of_the_shift_summed(x, y):
    z = x - np.max(x, axis=1, keepdims=True)
    return np.sum(np.exp(z) * y)


def sum_along_another_axis(x, y):
    z = x - np.max(x, axis=1, keepdims=True)
    lse = np.log(np.sum(np.exp(z), axis=0, keepdims=True))
    return np.sum(y * (z - lse))


def lse_without_keepdims(x, y):
    z = x - np.max(x, axis=1, keepdims=True)
    lse = np.log(np.sum(np.exp(z), axis=1))
    return np.sum(y[:, 0] * lse)


def broadcast_against_a_bigger_array(x, y):
    z = x - np.max(x, axis=1, keepdims=True)
    w = z + y[None]          # shape (2, n, k): "axis 1" now means another axis
    lse = np.log(np.sum(np.exp(w), axis=1, keepdims=True))
    return np.sum(w - lse)


CANCELS = [log_softmax_loss, softmax_loss, mean_shift, scaled_logits]
LEAKS = [shift_reaches_the_output, exp_of_the_shift_summed, sum_along_another_axis,
         lse_without_keepdims, broadcast_against_a_bigger_array]


def args():
    x = R.standard_normal((5, 4))
    y = np.eye(4)[R.integers(0, 4, 5)]
    return x, y


@pytest.mark.parametrize('fn', CANCELS + LEAKS, ids=lambda f: f.__name__)
def test_gradients_match_finite_differences(fn):
    g = grad(fn)
    check_grad(fn, *args(), gradient=g)
    check_grad(fn, *args(), gradient=g)  # the specialized code, on new values


@pytest.mark.parametrize('fn', CANCELS, ids=lambda f: f.__name__)
def test_a_cancelled_shift_costs_nothing(fn):
    assert 'extremum' not in grad(fn).source  # the max's adjoint: mask, count, spread


@pytest.mark.parametrize('fn', LEAKS, ids=lambda f: f.__name__)
def test_a_shift_that_may_reach_the_output_is_differentiated(fn):
    assert 'extremum' in grad(fn).source
