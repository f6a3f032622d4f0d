"""Ties where the tied values receive the same adjoint (or the direction keeps the tie):
every choice gives the same, right answer, in every mode, second order included
(srcad.rules.reductions.ties).  These pass before and after the W5 fix
(tests/regressions/test_order_statistic_ties.py); they keep its refusals narrow."""

import warnings

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives

TIE = np.array([0.3, 0.3, -0.2])


def log_softmax_picked(z):
    s = z - np.max(z)
    return s[0] - np.log(np.sum(np.exp(s)))


def logsumexp_one_max(x):
    m = np.max(x)
    return m + np.log(np.sum(np.exp(x - m)))


def logsumexp_two_max_calls(x):
    # the adjoints of the two np.max calls are -1 and 1: their jumps at the tie cancel
    return np.log(np.sum(np.exp(x - np.max(x)))) + np.max(x)


def row_log_softmax(X):
    s = X - np.max(X, axis=1, keepdims=True)
    return np.sum((s - np.log(np.sum(np.exp(s), axis=1, keepdims=True))) * np.arange(6.0).reshape(2, 3))


SMOOTH = {
    'log_softmax': (log_softmax_picked, TIE),
    'log_softmax_all_tied': (log_softmax_picked, np.zeros(3)),
    'logsumexp': (logsumexp_one_max, TIE),
    'logsumexp_two_max_calls': (logsumexp_two_max_calls, TIE),
    'row_log_softmax': (row_log_softmax, np.array([TIE, [1.0, -1.0, 1.0]])),
    'sum_of_sorted': (lambda x: np.sum(np.sort(x)), TIE),
    'sorted_same_weight': (lambda x: np.sum(np.sort(x) * np.array([1.0, 2.0, 2.0])), TIE),
    'top2_sum': (lambda x: np.sum(np.sort(x)[-2:]) + np.sum(x ** 2), TIE),
    'median_even_middle_tie': (lambda x: np.median(x) + np.sum(x ** 3),
                               np.array([0.3, 0.3, -0.2, 1.0])),
    'median_tie_elsewhere': (lambda x: np.median(x) * x[3], np.array([1.0, 1.0, -0.2, 0.1, 0.5])),
    'clip_off_bound': (lambda x: np.sum(np.clip(x, -1.0, 1.0) ** 2), TIE),
    'std_of_varied': (lambda x: np.std(x) + np.sum(x ** 2), TIE),
    'max_minus_max': (lambda x: np.max(x) - np.max(x) + np.sum(x ** 2), TIE),
}


@pytest.mark.parametrize('name', sorted(SMOOTH))
def test_every_mode_where_the_tie_does_not_matter(name):
    fn, x = SMOOTH[name]
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', RuntimeWarning)
        check_derivatives(fn, x)


@pytest.mark.parametrize('name', ['logsumexp_two_max_calls', 'log_softmax', 'sum_of_sorted'])
def test_hessian_where_the_tie_does_not_matter(name):
    fn, x = SMOOTH[name]
    h = srcad.hessian(fn)(x)
    cols = np.array([srcad.hvp(fn, (x,), e) for e in np.eye(x.size)]).T
    np.testing.assert_allclose(h, cols, atol=1e-12)
    assert np.all(np.isfinite(h))


def test_a_direction_that_keeps_the_tie():
    # along (1, 1, 0) the tie of max(x) stays: the second derivative exists there
    hv = srcad.hvp(lambda x: np.max(x) ** 2, (TIE,), np.array([1.0, 1.0, 0.0]))
    np.testing.assert_allclose(hv, [1.0, 1.0, 0.0])
