"""Train a linear regression with gradients from srcad instead of a tape.

The same training loop a PyTorch user writes with ``requires_grad`` and
``loss.backward()``: here ``grad(loss)`` is generated NumPy code, printed
once below, and every step simply calls it.
"""

import numpy as np

from srcad import value_and_grad


def loss(w, b, X, y):
    pred = X @ w + b
    return np.mean((pred - y) ** 2)


def train(steps=100, lr=0.01, verbose=True):
    X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    y = np.array([[2.0], [4.0], [6.0]])
    w = np.zeros((2, 1))
    b = 0.0
    step = value_and_grad(loss, wrt=('w', 'b'))
    if verbose:
        print(step.source)
    history = []
    for i in range(steps):
        value, (dw, db) = step(w, b, X, y)
        w = w - lr * dw
        b = b - lr * db
        history.append(value)
        if verbose and i % 10 == 0:
            print(f'step {i:3d}  loss {value:.6f}')
    if verbose:
        print(f'final loss {loss(w, b, X, y):.6f}  w {w.ravel()}  b {b:.4f}')
    return w, b, history


if __name__ == '__main__':
    train()
