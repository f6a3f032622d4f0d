"""Functions whose generated gradients pin the lowering of with, try and star-arguments
(tests/test_star_args_statements.py compares them with files in tests/golden/)."""

import numpy as np


def with_block(x):
    with np.errstate(divide='ignore'):
        y = np.log(x * x)
    return np.sum(y)


def try_block(a):
    try:
        chol = np.linalg.cholesky(a @ a.T + np.eye(2))
    except np.linalg.LinAlgError:
        chol = np.eye(2)
    return np.sum(chol)


def _weighted(w, *parts):
    total = 0.0
    for p in parts:
        total = total + np.sum(w * p)
    return total


def star_args_call(w, x):
    parts = (x, x ** 2)
    return _weighted(w, *parts) + _weighted(w, x, 1.0 - x)
