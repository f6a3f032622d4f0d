"""Functions whose generated gradients are pinned by golden files."""

import numpy as np


def mse(w, b, X, y):
    pred = X @ w + b
    return np.mean((pred - y) ** 2)


def overwrite(x, y):
    z = x * y
    z = np.sin(z) + x
    z += 1.0
    return np.sum(z ** 2)


def softmax_xent(logits, labels):
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    logp = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return -np.mean(np.sum(labels * logp, axis=1))


def indexing(x, idx):
    a, b = x[0], x[idx]
    return np.sum(a * b[:, ::-1]) + x[..., 1].sum()
