"""The benchmark workloads: each a loss written once, plus its gradient by hand.

Every loss uses the global name ``np`` and nothing else, so the same function
serves every engine: srcad reads it as is, and the peers get a copy whose
``np`` is rebound to ``autograd.numpy``, ``jax.numpy`` or a small torch shim
(see ``engines.py``).  The differentiated parameters come first in every
signature; the data follows.

The hand-written gradients are the reference (ratio 1.00).  They are plain,
straightforward NumPy, the way a careful person writes a gradient: no
in-place tricks, no ``out=`` buffers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Workload:
    """A loss, its hand-written gradient, and how to make its inputs."""

    name: str
    loss: Callable          # loss(*params, *data) -> float
    hand: Callable          # hand(*params, *data) -> tuple of gradients
    make_args: Callable     # make_args(quick: bool) -> tuple of arguments
    n_wrt: int              # the first n_wrt arguments are differentiated
    numpy_bound: bool = False   # big arrays: also measure peak memory


# --- the seed linear-regression step -------------------------------------------

def linreg(w, b, X, y):
    pred = X @ w + b
    return np.mean((pred - y) ** 2)


def linreg_hand(w, b, X, y):
    r = X @ w + b - y
    g = 2.0 * r / r.size
    return X.T @ g, float(np.sum(g))


def linreg_args(quick):
    X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    y = np.array([[2.0], [4.0], [6.0]])
    return np.array([[0.5], [-0.25]]), 0.1, X, y


# --- a pure-Python scalar loop ----------------------------------------------------

def scalar_loop(x):
    y = 1.0
    for i in range(200):
        y = y - 0.1 * (y * y * y - x)
    return y


def scalar_loop_hand(x):
    ys = []
    y = 1.0
    for i in range(200):
        ys.append(y)
        y = y - 0.1 * (y * y * y - x)
    y_bar, x_bar = 1.0, 0.0
    for y in reversed(ys):
        x_bar += 0.1 * y_bar
        y_bar *= 1.0 - 0.3 * y * y
    return (x_bar,)


def scalar_loop_args(quick):
    return (2.0,)


# --- MLP: tanh hidden layer, softmax cross-entropy ------------------------------

def mlp(W1, b1, W2, b2, X, Y):
    h = np.tanh(X @ W1 + b1)
    logits = h @ W2 + b2
    z = logits - np.max(logits, axis=1, keepdims=True)
    lse = np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -np.mean(np.sum(Y * (z - lse), axis=1))


def mlp_hand(W1, b1, W2, b2, X, Y):
    h = np.tanh(X @ W1 + b1)
    logits = h @ W2 + b2
    e = np.exp(logits - np.max(logits, axis=1, keepdims=True))
    p = e / np.sum(e, axis=1, keepdims=True)
    d_logits = (p - Y) / len(X)     # rows of Y are one-hot
    d_pre = (d_logits @ W2.T) * (1.0 - h * h)
    return X.T @ d_pre, d_pre.sum(axis=0), h.T @ d_logits, d_logits.sum(axis=0)


def mlp_args(batch, n_in, hidden, n_out):
    rng = np.random.default_rng(0)
    W1 = rng.normal(0, n_in ** -0.5, (n_in, hidden))
    W2 = rng.normal(0, hidden ** -0.5, (hidden, n_out))
    X = rng.normal(size=(batch, n_in))
    Y = np.eye(n_out)[rng.integers(0, n_out, batch)]
    return W1, np.zeros(hidden), W2, np.zeros(n_out), X, Y


def small_mlp_args(quick):
    return mlp_args(64, 32, 64, 10)


def large_mlp_args(quick):
    return mlp_args(64, 64, 128, 10) if quick else mlp_args(512, 784, 1024, 10)


# --- RNN over 50 time steps ------------------------------------------------------

def rnn(Wx, Wh, b, xs, h0):
    h = h0
    for t in range(len(xs)):
        h = np.tanh(xs[t] @ Wx + h @ Wh + b)
    return np.mean(h ** 2)


def rnn_hand(Wx, Wh, b, xs, h0):
    hs = [h0]
    for t in range(len(xs)):
        hs.append(np.tanh(xs[t] @ Wx + hs[-1] @ Wh + b))
    h_bar = 2.0 * hs[-1] / hs[-1].size
    Wx_bar, Wh_bar, b_bar = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    for t in reversed(range(len(xs))):
        pre_bar = h_bar * (1.0 - hs[t + 1] ** 2)
        Wx_bar += xs[t].T @ pre_bar
        Wh_bar += hs[t].T @ pre_bar
        b_bar += pre_bar.sum(axis=0)
        h_bar = pre_bar @ Wh.T
    return Wx_bar, Wh_bar, b_bar


def rnn_args(quick):
    rng = np.random.default_rng(1)
    steps, batch, n_in, hidden = 50, 16, 8, 32
    return (rng.normal(0, n_in ** -0.5, (n_in, hidden)),
            rng.normal(0, hidden ** -0.5, (hidden, hidden)),
            np.zeros(hidden),
            rng.normal(size=(steps, batch, n_in)),
            np.zeros((batch, hidden)))


# --- a long elementwise chain on a million elements -----------------------------

def chain(x):
    a = np.sin(x)
    b = np.cos(x)
    c = a * b
    d = np.exp(-c * c)
    e = np.tanh(d + x)
    f = e * e + 1.0
    g = np.log(f)
    return np.sum(g * a)


def chain_hand(x):
    a = np.sin(x)
    b = np.cos(x)
    c = a * b
    d = np.exp(-c * c)
    e = np.tanh(d + x)
    f = e * e + 1.0
    g = np.log(f)
    pre_bar = (a / f) * 2.0 * e * (1.0 - e * e)     # through g = log(f), f = e*e+1, tanh
    c_bar = pre_bar * d * (-2.0 * c)
    x_bar = g * b + pre_bar + c_bar * (b * b - a * a)
    return (x_bar,)


def chain_args(quick):
    return (np.random.default_rng(2).uniform(-2, 2, 10_000 if quick else 1_000_000),)


WORKLOADS = [
    Workload('seed linreg step', linreg, linreg_hand, linreg_args, 2),
    Workload('scalar loop (200 steps)', scalar_loop, scalar_loop_hand, scalar_loop_args, 1),
    Workload('small MLP (64x32-64-10)', mlp, mlp_hand, small_mlp_args, 4),
    Workload('large MLP (512x784-1024-10)', mlp, mlp_hand, large_mlp_args, 4,
             numpy_bound=True),
    Workload('RNN (50 steps, 16x8-32)', rnn, rnn_hand, rnn_args, 3),
    Workload('elementwise chain (1e6)', chain, chain_hand, chain_args, 1, numpy_bound=True),
]


# --- for the compile-time measurement: a 30-line straight-line function ---------

def thirty_lines(w, x):
    a1 = x @ w
    a2 = np.tanh(a1)
    a3 = a2 * a2
    a4 = np.exp(-a3)
    a5 = a4 + a1
    a6 = np.sin(a5)
    a7 = np.cos(a6) * a5
    a8 = a7 / (1.0 + a3)
    a9 = np.log(1.0 + a8 * a8)
    a10 = a9 - np.mean(a9, axis=0)
    a11 = a10 ** 2
    a12 = np.sqrt(a11 + 1.0)
    a13 = a12 * a2 + a4
    a14 = np.maximum(a13, 0.0)
    a15 = a14 + 0.5 * a13
    a16 = np.sum(a15, axis=1, keepdims=True)
    a17 = a15 / a16
    a18 = a17 * a6 - a7
    a19 = np.exp(-np.abs(a18))
    a20 = a19 @ w.T
    a21 = a20 * x
    a22 = np.tanh(a21) + a21
    a23 = a22.T @ a22
    a24 = a23 / (1.0 + np.abs(a23))
    a25 = np.sum(a24 * a24)
    a26 = a25 + np.sum(a3)
    a27 = a26 * 0.5 + np.mean(a12)
    a28 = a27 - np.max(a5)
    a29 = a28 ** 2
    return a29 + np.sum(w * w)


def thirty_lines_args():
    rng = np.random.default_rng(3)
    return rng.normal(size=(4, 3)), rng.normal(size=(5, 4))
