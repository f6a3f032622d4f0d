"""CPU-time ratios, srcad against hand-written NumPy, for comparing two srcad trees.

    python benchmarks/cpu_ratios.py                       # this tree
    python benchmarks/cpu_ratios.py --root /tmp/wt_base   # another tree (a git worktree)
    python benchmarks/cpu_ratios.py --only 'X.sum' --reps 9 --json out.json

``run.py`` times with the wall clock inside one process, which on a shared
machine mostly measures the neighbours.  This script measures the CPU time
of the process (``time.process_time``), takes the best of ``--reps`` samples
(each at least 20 ms of CPU), alternates hand-written and srcad sample by
sample, and runs in a fresh interpreter per tree, so two trees can be run
one after the other, in turns, and compared (benchmarks/RESULTS.md).  Set
``OPENBLAS_NUM_THREADS=1``: process time adds up every BLAS thread.

Besides ``run.py``'s workloads it times the cases issue 14 asked about: a
method named like an ndarray method (``X.sum()``, ``X.mean(axis=0)``) on a
parameter that is not differentiated, in the code specialized for the first
call and in the general code (a call with other shapes), and the cached-call
overhead on tiny functions.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent


# --- issue 14's extra cases (defined in a file: srcad reads their source) ------

def data_sum(w, X):
    return np.sum((X @ w) ** 2) / X.sum()


def data_sum_hand(w, X):
    return (2.0 * X.T @ (X @ w) / X.sum(),)


def data_mean(w, X):
    Xc = X - X.mean(axis=0)
    return np.sum((Xc @ w) ** 2)


def data_mean_hand(w, X):
    Xc = X - X.mean(axis=0)
    return (2.0 * Xc.T @ (Xc @ w),)


def small_args(quick=False):
    rng = np.random.default_rng(5)
    return rng.normal(size=3), rng.normal(size=(4, 3))


def tiny(x):
    return np.sum(x * x)


def tiny_hand(x):
    return (2.0 * x,)


def trivial(x):
    return x * 2.0


def trivial_hand(x):
    return (2.0,)


# --- timing ------------------------------------------------------------------------

def calls_for(step, clock):
    """How many calls of ``step`` take at least 20 ms of CPU."""
    n = 1
    while True:
        start = clock()
        for _ in range(n):
            step()
        if clock() - start > 0.02:
            return n
        n *= 2


def best_times(steps: dict, reps: int) -> dict:
    clock = time.process_time
    counts = {name: calls_for(step, clock) for name, step in steps.items()}
    best = dict.fromkeys(steps, float('inf'))
    order = list(steps)
    for r in range(reps):
        for name in order if r % 2 == 0 else order[::-1]:
            step, n = steps[name], counts[name]
            start = clock()
            for _ in range(n):
                step()
            best[name] = min(best[name], (clock() - start) / n)
    return best


def cases(workloads):
    out = [(w.name, w.loss, w.hand, w.make_args(False), w.n_wrt, None) for w in workloads]
    other_shape = (np.ones(3), np.ones((2, 3)))  # a first call with other shapes
    out += [('X.sum() on a data parameter', data_sum, data_sum_hand, small_args(), 1, None),
            ('X.mean(axis=0) on a data parameter', data_mean, data_mean_hand, small_args(), 1,
             None),
            ('X.sum(), general code (2nd shape)', data_sum, data_sum_hand, small_args(), 1,
             other_shape),
            ('tiny np.sum(x*x), 3 floats', tiny, tiny_hand, (np.array([1.0, 2.0, 3.0]),), 1,
             None),
            ('trivial x*2.0 on a float', trivial, trivial_hand, (1.5,), 1, None)]
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--root', default=str(HERE.parent), help='the srcad tree to time')
    parser.add_argument('--reps', type=int, default=7)
    parser.add_argument('--only', default='', help='only the cases whose name has this')
    parser.add_argument('--json', default=None, help='also write the times here')
    options = parser.parse_args(argv)
    root = str(pathlib.Path(options.root).resolve())
    sys.path[:0] = [root, root + '/benchmarks']
    import srcad
    if not srcad.__file__.startswith(root):
        raise SystemExit(f'srcad came from {srcad.__file__}, not from {root}')
    from workloads import WORKLOADS

    results, failed = {}, False
    for name, loss, hand, args, n_wrt, first in cases(WORKLOADS):
        if options.only not in name:
            continue
        gradient = srcad.grad(loss, wrt=0 if n_wrt == 1 else tuple(range(n_wrt)))
        if first is not None:
            gradient(*first)
        got = gradient(*args)
        got = got if isinstance(got, tuple) else (got,)
        ok = all(np.allclose(a, b) for a, b in zip(got, hand(*args)))
        failed |= not ok
        best = best_times({'hand': lambda: hand(*args), 'srcad': lambda: gradient(*args)},
                          options.reps)
        ratio = best['srcad'] / best['hand']
        results[name] = dict(best, ratio=ratio, ok=ok)
        print(f"{name:40s} hand {best['hand'] * 1e6:10.2f} us  srcad "
              f"{best['srcad'] * 1e6:10.2f} us  ratio {ratio:.3f}{'' if ok else '  WRONG'}",
              flush=True)
    if options.json:
        pathlib.Path(options.json).write_text(json.dumps(results, indent=1))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
