"""Functions whose reverse-mode code beyond straight-line ``grad`` is pinned by the
golden files in ``tests/golden/modes/`` (tests/test_golden_modes.py)."""

import numpy as np


def affine_tanh(W, b, x):
    """Pinned as the code specialized to a first call's shapes."""
    h = np.tanh(W @ x + b)
    return np.sum(h * h) + 0.5 * np.sum(b ** 2)


def rows_softplus(W, x):
    """A vector output: pinned as ``vjp`` (a forward and a backward function)."""
    z = W @ x
    return np.log1p(np.exp(-np.abs(z))) + np.maximum(z, 0.0)


def mlp(params, X, y):
    """``params`` is a list of ``(W, b)`` tuples."""
    h = X
    for W, b in params[:-1]:
        h = np.tanh(h @ W + b)
    W, b = params[-1]
    out = h @ W + b
    return np.mean((out - y) ** 2)


def ridge(w, X, y, lam):
    """Pinned as ``value_and_grad``."""
    r = X @ w - y
    return np.dot(r, r) / len(y) + lam * np.dot(w, w)


def grid_clip(x, w):
    """Nested loops with an ``if`` inside."""
    s = 0.0
    for i in range(x.shape[0]):
        for j in range(w.shape[0]):
            v = x[i] * w[j]
            if v > 0:
                s = s + np.sin(v)
            else:
                s = s - 0.5 * v
    return s


def make_scaled_loss(scale, offset):
    """A closure: ``loss`` reads ``scale`` and calls ``shift`` from its enclosing scope."""
    def shift(z):
        return z - offset

    def loss(w, x):
        return np.sum(scale * shift(w * x) ** 2)
    return loss


scaled_loss = make_scaled_loss(np.array([1.0, 2.0, 0.5]), 0.25)
