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


def branch(x, y):
    if np.sum(x) > 0:
        z = x * y
    else:
        z = np.sin(x)
    return np.sum(z)


def for_loop(x, w):
    s = 0.0
    for i in range(len(w)):
        s = s + np.tanh(x * w[i])
    return np.sum(s)


def while_loop(x):
    n = 0
    while n < 5:
        x = x * 0.5 + np.cos(x)
        n += 1
    return np.sum(x)


def same_generated_source(generated: str, pinned: str) -> bool:
    """Whether generated code matches its golden file: the text itself on Python 3.11+
    (where the files were written); on 3.10, whose ``ast.unparse`` puts parentheses
    around tuple targets (``(a, b) = t``), the same program (comments aside)."""
    import ast
    import sys
    if sys.version_info >= (3, 11):
        return generated == pinned
    return ast.dump(ast.parse(generated)) == ast.dump(ast.parse(pinned))
