"""Ties of order statistics and extrema (family W5, srcad.rules.reductions.ties): first order
takes the tie's mean where the tied values' adjoints differ (as np.max / np.maximum; central
differences agree for a tie of two); second order refuses where the direction breaks such a
tie; where the adjoints agree every mode gives the number."""

import numpy as np

from ..case import case

tie = np.array([0.3, 0.3, -0.2])
tie4 = np.array([0.3, 0.3, -0.2, 1.0])
FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')


@case(tie, modes=FIRST)
def sorted_weighted_first_order(x):
    return np.sum(np.sort(x) * np.array([1.0, 2.0, 3.0]))


@case(tie, expect='refused', why='np.partition at a tie of differently weighted places')
def partition_weighted_at_tie(x):
    return np.sum(np.partition(x, 1) * np.array([1.0, 2.0, 3.0]))


@case(tie4, modes=FIRST)
def percentile_at_tie_first_order(x):
    return np.percentile(x, 40.0) + 0.1 * np.sum(x)


@case(tie4, expect='refused', why='np.percentile between tied order statistics of different weights')
def percentile_at_tie(x):
    return np.percentile(x, 40.0) + 0.1 * np.sum(x)


@case(tie4)
def median_of_even_count_middle_tie(x):
    # the two middle values tie and each gets half: no kink
    return np.median(x) + np.sum(x ** 3)


@case(np.array([-1.0, 0.5, 0.3]), modes=FIRST)
def clip_at_both_bounds_first_order(x):
    return np.sum(np.clip(x, -1.0, 0.3) * np.array([1.0, 2.0, 3.0]))


@case(tie, expect='refused', why='np.min at a tie, squared: no second derivative')
def min_squared_at_tie(x):
    return np.min(-x) ** 2


@case(tie, expect='refused', why='np.nanmax at a tie: no second derivative')
def nanmax_at_tie(x):
    return np.nanmax(x) * 2.0 + x[2]


@case(np.array([[0.3, 0.3, -0.2], [1.0, -1.0, 1.0]]))
def row_log_softmax_at_ties(x):
    s = x - np.max(x, axis=1, keepdims=True)
    p = s - np.log(np.sum(np.exp(s), axis=1, keepdims=True))
    return np.sum(p * np.arange(6.0).reshape(2, 3))


@case(tie)
def softmax_cross_entropy_at_tie(x):
    e = np.exp(x - np.max(x))
    p = e / np.sum(e)
    return -np.log(p[0]) + np.max(x) - np.max(x)


@case(tie)
def sorted_squares_same_weights(x):
    return np.sum(np.sort(x) * np.array([0.5, 2.0, 2.0])) + np.sum(x ** 2)
