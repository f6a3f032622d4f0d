"""Memory and time of gradients through long loops (issue 3's figures).

    python benchmarks/loops_memory.py

A 10,000-step scalar loop and a 100-step RNN, each beside a hand-written
NumPy backward pass that keeps exactly what it needs.  Peak memory is what
tracemalloc sees during one gradient call (NumPy included); times are
medians of repeated calls.  srcad's stacks hold only the values its backward
sweep reads, so its memory should grow like the hand-written tape.
"""

from __future__ import annotations

import pathlib
import statistics
import sys
import time
import tracemalloc

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
import srcad  # noqa: E402


def scalar_loop(x):
    y = 1.0
    for i in range(10000):
        y = y - 0.001 * (y * y * y - x)
    return y


def scalar_loop_hand(x):
    ys = []
    y = 1.0
    for i in range(10000):
        ys.append(y)
        y = y - 0.001 * (y * y * y - x)
    y_bar, x_bar = 1.0, 0.0
    for y in reversed(ys):
        x_bar += 0.001 * y_bar
        y_bar *= 1.0 - 0.003 * y * y
    return x_bar


def rnn(Wx, Wh, xs, h0):
    h = h0
    for t in range(len(xs)):
        h = np.tanh(xs[t] @ Wx + h @ Wh)
    return np.mean(h ** 2)


def rnn_hand(Wx, Wh, xs, h0):
    hs = [h0]
    for t in range(len(xs)):
        hs.append(np.tanh(xs[t] @ Wx + hs[-1] @ Wh))
    h_bar = 2.0 * hs[-1] / hs[-1].size
    Wx_bar, Wh_bar = np.zeros_like(Wx), np.zeros_like(Wh)
    for t in reversed(range(len(xs))):
        pre_bar = h_bar * (1.0 - hs[t + 1] ** 2)
        Wx_bar += xs[t].T @ pre_bar
        Wh_bar += hs[t].T @ pre_bar
        h_bar = pre_bar @ Wh.T
    return Wx_bar, Wh_bar


def peak(fn, *args):
    fn(*args)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        fn(*args)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def median_time(fn, *args, repeats=15):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure():
    rng = np.random.default_rng(0)
    rnn_args = (rng.normal(0, 0.3, (8, 32)), rng.normal(0, 0.15, (32, 32)),
                rng.normal(size=(100, 16, 8)), np.zeros((16, 32)))
    cases = [('scalar loop, 10,000 steps', scalar_loop, scalar_loop_hand, (2.0,), 0),
             ('RNN, 100 steps (16x8 -> 32)', rnn, rnn_hand, rnn_args, (0, 1))]
    rows = []
    for name, loss, hand, args, wrt in cases:
        gradient = srcad.grad(loss, wrt=wrt)
        got, want = gradient(*args), hand(*args)
        assert all(np.allclose(a, b) for a, b in zip(np.atleast_1d(got) if wrt == 0 else got,
                                                     np.atleast_1d(want) if wrt == 0 else want))
        rows.append((name, peak(hand, *args), peak(gradient, *args),
                     median_time(hand, *args), median_time(gradient, *args)))
    return rows


def main():
    print(f'{"loop":30s} {"hand peak":>10s} {"srcad peak":>11s} {"ratio":>6s}'
          f' {"hand time":>10s} {"srcad time":>11s} {"ratio":>6s}')
    for name, hm, sm, ht, st in measure():
        print(f'{name:30s} {hm / 1024:8.0f}KB {sm / 1024:9.0f}KB {sm / hm:6.2f}'
              f' {ht * 1e3:8.2f}ms {st * 1e3:9.2f}ms {st / ht:6.2f}')


if __name__ == '__main__':
    main()
