"""Ties of order statistics and extrema (probe wave 6, family W5): np.sort, np.partition,
np.median / np.percentile / np.quantile, np.clip at a bound, np.max / np.min / np.ptp,
np.std of a constant slice.

Policy (srcad.rules.reductions.ties): where the tied values receive different adjoints,
first order takes the symmetric split np.max and np.maximum take (for a tie of two it is
what central differences give, so the oracle checks it), and second order refuses where
the direction breaks the tie.  (Where they receive the same adjoint every choice is right:
tests/regressions/test_order_statistic_ties_guards.py.)"""

import warnings

import numpy as np
import pytest

import srcad
from srcad.errors import RuntimeCheckError
from srcad.testing import check_derivatives

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
TIE = np.array([0.3, 0.3, -0.2])
V = np.array([1.0, -2.0, 0.5])
W = np.array([1.0, 2.0, 3.0])


def sorted_weighted(x):
    return np.sum(np.sort(x) * W)


def partitioned_weighted(x):
    return np.sum(np.partition(x, 1) * W)


def median_of_tie(x):
    return np.median(np.array([x[0], x[1], x[2], -1.0, 2.0]))


def median_scaled(x):
    return np.median(x * np.array([1.0, 1.0, 1.0, 1.0, 2.0]))


def percentile_of_tie(x):
    return np.percentile(x, 40.0) + 0.1 * np.sum(x)


def quantile_of_tie(x):
    return np.quantile(x, 0.75)


def clip_weighted(x):
    return np.sum(np.clip(x, -1.0, 0.3) * W)


def clip_min_keyword(x):
    return np.sum(np.clip(x, min=0.3) * W)


# (function, point): the tied values receive different adjoints
FIRST_ORDER = {
    'sort': (sorted_weighted, TIE),
    'sort_rows': (lambda X: np.sum(np.sort(X, axis=1) * W), np.array([TIE, [0.1, 0.5, 0.5]])),
    'sort_flat': (lambda X: np.sum(np.sort(X, axis=None) * np.arange(1.0, 5.0)),
                  np.array([[0.2, 0.7], [0.2, -1.0]])),
    'partition': (partitioned_weighted, TIE),
    'median': (median_of_tie, TIE),
    'median_scaled': (median_scaled, np.array([0.3, 0.1, 0.3, -0.5, 0.9])),
    'percentile': (percentile_of_tie, np.array([0.3, 0.3, -0.2, 1.0])),
    'quantile': (quantile_of_tie, np.array([0.1, 0.5, 0.5, -1.0, 2.0])),
    'clip_upper': (clip_weighted, TIE),
    'clip_lower': (clip_weighted, np.array([-1.0, 0.5, 0.0])),
    'clip_min_keyword': (clip_min_keyword, TIE),
}


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', RuntimeWarning)
        return fn(*args, **kwargs)


@pytest.mark.parametrize('name', sorted(FIRST_ORDER))
def test_first_order_at_a_tie_is_the_symmetric_split(name):
    fn, x = FIRST_ORDER[name]
    check_derivatives(fn, x, modes=FIRST)


def test_sort_split_values():
    np.testing.assert_allclose(srcad.grad(sorted_weighted)(TIE), [2.5, 2.5, 1.0])
    np.testing.assert_allclose(srcad.jvp(sorted_weighted, (TIE,), (V,))[1], 2.5 * -1.0 + 0.5)
    np.testing.assert_allclose(srcad.grad(clip_weighted)(TIE), [0.5, 1.0, 3.0])
    np.testing.assert_allclose(srcad.grad(median_of_tie)(TIE), [0.5, 0.5, 0.0])


# (function, point, direction): second order refused where the direction breaks the tie
SECOND_ORDER = {
    'sort': (sorted_weighted, TIE, V, 'np.sort'),
    'partition': (partitioned_weighted, TIE, V, 'np.sort'),
    'median': (median_scaled, np.array([0.3, 0.1, 0.3, -0.5, 0.9]),
               np.array([1.0, 0.0, -1.0, 0.0, 0.0]), 'np.median'),
    'percentile': (percentile_of_tie, np.array([0.3, 0.3, -0.2, 1.0]),
                   np.array([1.0, -1.0, 0.0, 0.0]), 'np.median'),
    'max': (lambda x: np.max(x), TIE, V, 'np.max'),
    'max_squared': (lambda x: np.max(x) ** 2, TIE, V, 'np.max'),
    'min': (lambda x: np.min(-x) * 2.0, TIE, V, 'np.max (np.min)'),
    'amax': (lambda x: np.amax(x) * x[2], TIE, V, 'np.max'),
    'row_max': (lambda X: np.sum(np.max(X, axis=1) ** 2), np.array([[0.3, 0.3], [0.1, 0.5]]),
                np.array([[1.0, -1.0], [0.5, 0.5]]), 'np.max'),
    'max_method': (lambda x: x.max() * 3.0, TIE, V, 'np.max'),
    'ptp': (lambda x: np.ptp(np.array([x[0], -x[1], x[2]])), np.array([0.3, -0.3, 0.1]), V,
            'np.ptp'),
    'std_constant': (lambda x: np.std(x) + np.sum(x ** 2), np.full(3, 0.5), V, 'np.std'),
}


@pytest.mark.parametrize('name', sorted(SECOND_ORDER))
def test_hvp_at_a_tie_is_refused(name):
    fn, x, v, what = SECOND_ORDER[name]
    with pytest.raises(RuntimeCheckError) as info:
        quiet(srcad.hvp, fn, (x,), v)
    assert what in str(info.value), str(info.value)


@pytest.mark.parametrize('name', ['sort', 'max_squared', 'row_max', 'median', 'std_constant'])
def test_hessian_at_a_tie_is_refused(name):
    fn, x, _, _ = SECOND_ORDER[name]
    with pytest.raises(RuntimeCheckError):
        quiet(srcad.hessian(fn), x)


def test_refusal_names_the_users_line():
    def top(x):
        return np.max(x) ** 2 + np.sum(x)
    with pytest.raises(RuntimeCheckError) as info:
        srcad.hvp(top, (TIE,), V)
    text = str(info.value)
    assert 'np.max(x) ** 2' in text and 'tie' in text, text
