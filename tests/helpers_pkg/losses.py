"""A module of helpers that tests import, to differentiate across modules."""

import numpy as np


def softplus(x):
    return np.log1p(np.exp(x))


def weighted_mse(pred, y, weight=1.0):
    diff = pred - y
    return weight * np.mean(diff * diff)
