"""srcad's benchmark suite: srcad against a hand-written NumPy gradient and its peers.

    python benchmarks/run.py            # full run; writes docs/benchmarks.png
    python benchmarks/run.py --quick    # smoke run: one sample each, smaller sizes
    python benchmarks/run.py --plot out.png

Everything runs in one process.  For each workload every engine's gradient is
first checked against the hand-written one (np.allclose), then the engines
are timed round-robin: one sample of each engine in turn (the order rotates),
so slow drifts of a noisy machine hit every engine alike.  A sample is many
calls timed together with time.perf_counter; the table shows the median time
per call and its ratio to hand-written.  Peers that are not installed
(autograd, JAX, PyTorch) are skipped with a note.  While srcad cannot yet
differentiate loops, those workloads show "unsupported yet" for srcad.

The exit status is 1 if any engine computed a wrong gradient or failed.
"""

from __future__ import annotations

import argparse
import math
import pathlib
import statistics
import sys
import time
import tracemalloc
import types

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / 'benchmarks')]

import srcad  # noqa: E402
from engines import ENGINES, available_engines, with_numpy  # noqa: E402
from workloads import WORKLOADS, linreg, thirty_lines, thirty_lines_args  # noqa: E402

UNSUPPORTED = 'unsupported yet'


class Settings:
    """How long to measure: a full run or a --quick smoke run."""

    def __init__(self, quick: bool):
        self.quick = quick
        self.samples = 1 if quick else 21          # samples per engine (median of these)
        self.sample_s = 0.0 if quick else 0.05     # minimum duration of one sample
        self.compile_samples = 1 if quick else 21


# --- timing ----------------------------------------------------------------------

def calls_per_sample(step, sample_s):
    """How many calls of ``step`` make one sample of at least ``sample_s`` seconds."""
    if sample_s == 0:
        return 1
    start = time.perf_counter()
    step()
    once = time.perf_counter() - start
    return max(1, math.ceil(sample_s / max(once, 1e-9)))


def time_round_robin(steps: dict, settings: Settings) -> dict:
    """Median seconds per call of each step, sampling the steps in turn."""
    counts = {name: calls_per_sample(step, settings.sample_s) for name, step in steps.items()}
    times = {name: [] for name in steps}
    order = list(steps)
    for sample in range(settings.samples):
        for name in order[sample % len(order):] + order[:sample % len(order)]:
            step, n = steps[name], counts[name]
            start = time.perf_counter()
            for _ in range(n):
                step()
            times[name].append((time.perf_counter() - start) / n)
    return {name: statistics.median(ts) for name, ts in times.items()}


def peak_memory(step) -> int:
    """Peak bytes allocated (as tracemalloc sees them, NumPy included) by one call."""
    step()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        step()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --- one workload ----------------------------------------------------------------

def check(name, prepared, expected):
    """None if ``prepared`` computes ``expected``, else what went wrong."""
    try:
        got = prepared.to_numpy(prepared.step())
    except srcad.UnsupportedSyntaxError:
        if name == 'srcad':
            return UNSUPPORTED
        raise
    if len(got) != len(expected) or not all(
            np.shape(g) == np.shape(e) and np.allclose(g, e, rtol=1e-7, atol=1e-10)
            for g, e in zip(got, expected)):
        return 'WRONG gradient'
    return None


def run_workload(workload, engines, settings, failures):
    """Check every engine, then time the ones that are right; one table row."""
    args = workload.make_args(settings.quick)
    expected = tuple(np.asarray(g) for g in workload.hand(*args))
    row = {'workload': workload.name, 'status': {}, 'time': {}, 'compile': None}
    steps = {}
    for name in engines:
        try:
            prepared = ENGINES[name][1](workload, args)
            problem = check(name, prepared, expected)
        except Exception as exc:  # a failing engine is a result, reported below
            problem = f'error: {type(exc).__name__}: {exc}'.splitlines()[0][:200]
        if problem is None:
            steps[name] = prepared.step
            if prepared.compile_s is not None:
                row['compile'] = prepared.compile_s
        else:
            row['status'][name] = problem
            if problem != UNSUPPORTED:
                failures.append(f'{workload.name} / {name}: {problem}')
    row['time'] = time_round_robin(steps, settings)
    if workload.numpy_bound and 'srcad' in steps:
        row['memory'] = {name: peak_memory(steps[name]) for name in ('hand-written', 'srcad')}
    return row


# --- compile time and call overhead ----------------------------------------------

def fresh_copy(fn):
    """A new function object with ``fn``'s code: srcad compiles it anew."""
    return types.FunctionType(fn.__code__, fn.__globals__, fn.__name__, fn.__defaults__)


def srcad_compile_time(fn, wrt, samples):
    times = []
    for _ in range(samples):
        gradient = srcad.grad(fresh_copy(fn), wrt=wrt)
        start = time.perf_counter()
        gradient.generated  # noqa: B018  (generating and compiling is the point)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def central_difference_ok(fn, args, grads, n_wrt):
    """Does the gradient match a central difference along a random direction?"""
    rng = np.random.default_rng(4)
    dirs = [rng.normal(size=np.shape(a)) for a in args[:n_wrt]]
    h = 1e-6
    plus = fn(*[a + h * d for a, d in zip(args, dirs)], *args[n_wrt:])
    minus = fn(*[a - h * d for a, d in zip(args, dirs)], *args[n_wrt:])
    predicted = sum(np.sum(g * d) for g, d in zip(grads, dirs))
    return math.isclose((plus - minus) / (2 * h), predicted, rel_tol=1e-5, abs_tol=1e-8)


def jit_first_call(fn, args, n_wrt):
    import jax
    jax.config.update('jax_enable_x64', True)
    import jax.numpy as jnp
    jitted = jax.jit(jax.grad(with_numpy(fn, jnp), argnums=tuple(range(n_wrt))))
    start = time.perf_counter()
    jax.block_until_ready(jitted(*args))
    return time.perf_counter() - start


def compile_times(engines, settings, failures):
    """srcad's compile time (and jax.jit's first call) for two straight-line functions."""
    rows = []
    for label, fn, args, n_wrt in [
            ('seed loss (2 lines)', linreg, WORKLOADS[0].make_args(True), 2),
            ('30-line function', thirty_lines, thirty_lines_args(), 2)]:
        wrt = tuple(range(n_wrt))
        if not central_difference_ok(fn, args, srcad.grad(fn, wrt=wrt)(*args), n_wrt):
            failures.append(f'compile time / {label}: srcad gradient disagrees with '
                            f'central differences')
        row = {'function': label, 'srcad': srcad_compile_time(fn, wrt, settings.compile_samples)}
        if 'jax.jit' in engines:
            row['jax.jit'] = jit_first_call(fn, args, n_wrt)
        rows.append(row)
    return rows


trivial = lambda x: x * 2.0  # noqa: E731  (issue 8 measures a lambda)


def trivial_hand(x):
    return 2.0


def call_overhead(settings):
    """Per-call times of a cached srcad gradient, its generated function, and by hand."""
    gradient = srcad.grad(trivial)
    assert gradient(1.5) == trivial_hand(1.5) == 2.0
    generated = gradient.generated
    loops = 1000 if settings.quick else 20000

    def repeated(fn):
        def sample():
            for _ in range(loops):
                fn(1.5)
        return sample
    per_sample = time_round_robin(
        {'grad(trivial)(1.5)': repeated(gradient), '.generated(1.5)': repeated(generated),
         'hand-written(1.5)': repeated(trivial_hand)},
        settings)
    return {name: t / loops for name, t in per_sample.items()}


# --- reporting -------------------------------------------------------------------

def fmt_time(seconds):
    for unit, scale in (('s', 1), ('ms', 1e-3), ('µs', 1e-6)):
        if seconds >= scale:
            return f'{seconds / scale:.3g} {unit}'
    return f'{seconds / 1e-9:.3g} ns'


def results_table(rows, engines):
    """A Markdown table: median time per gradient and ratio to hand-written."""
    head = ['workload'] + engines + (['jax.jit 1st call'] if 'jax.jit' in engines else [])
    lines = ['| ' + ' | '.join(head) + ' |', '|' + '---|' * len(head)]
    for row in rows:
        base = row['time'].get('hand-written')
        cells = [row['workload']]
        for name in engines:
            if name in row['status']:
                cells.append(row['status'][name].split(':')[0])
            elif name == 'hand-written':
                cells.append(f'{fmt_time(base)} (1.00)')
            else:
                t = row['time'][name]
                cells.append(f'{fmt_time(t)} ({t / base:.2f})')
        if 'jax.jit' in engines:
            cells.append(fmt_time(row['compile']) if row['compile'] else '')
        lines.append('| ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines)


def memory_table(rows):
    lines = ['| workload | hand-written peak | srcad peak | ratio |', '|---|---|---|---|']
    for row in rows:
        if 'memory' in row:
            hand, ours = row['memory']['hand-written'], row['memory']['srcad']
            lines.append(f'| {row["workload"]} | {hand / 2**20:.1f} MiB | '
                         f'{ours / 2**20:.1f} MiB | {ours / hand:.2f} |')
    return '\n'.join(lines)


def compile_table(rows):
    lines = ['| function | srcad compile | jax.jit first call |', '|---|---|---|']
    for row in rows:
        jit = fmt_time(row['jax.jit']) if 'jax.jit' in row else 'not installed'
        lines.append(f'| {row["function"]} | {fmt_time(row["srcad"])} | {jit} |')
    return '\n'.join(lines)


def overhead_table(times):
    lines = ['| call | time per call |', '|---|---|']
    lines += [f'| `{name}` | {fmt_time(t)} |' for name, t in times.items()]
    extra = times['grad(trivial)(1.5)'] - times['hand-written(1.5)']
    lines.append(f'| overhead of the cached srcad call over hand-written | {fmt_time(extra)} |')
    return '\n'.join(lines)


def plot(rows, engines, path):
    """Bar chart of each engine's ratio to hand-written (log scale)."""
    try:
        import matplotlib
    except ImportError:
        print('note: matplotlib is not installed; no plot')
        return
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    peers = [name for name in engines if name != 'hand-written']
    width = 0.8 / len(peers)
    fig, ax = plt.subplots(figsize=(11, 5))
    for i, name in enumerate(peers):
        for j, row in enumerate(rows):
            x = j + (i - (len(peers) - 1) / 2) * width
            if name in row['time'] and 'hand-written' in row['time']:
                ratio = row['time'][name] / row['time']['hand-written']
                ax.bar(x, ratio, width, color=f'C{i}', label=name if j == 0 else None)
            elif row['status'].get(name) == UNSUPPORTED:
                ax.text(x, 1.0, UNSUPPORTED, rotation=90, ha='center', va='bottom', fontsize=7)
    ax.axhline(1.0, color='black', linewidth=0.8)
    ax.axhline(1.1, color='gray', linewidth=0.8, linestyle='--', label='target 1.10')
    ax.set_yscale('log')
    ax.set_ylabel('time ÷ hand-written NumPy (log scale; lower is better)')
    ax.set_xticks(range(len(rows)), [row['workload'] for row in rows], rotation=15, ha='right',
                  fontsize=8)
    ax.legend(fontsize=8)
    ax.set_title('srcad and peers, gradient time relative to a hand-written gradient')
    fig.tight_layout()
    pathlib.Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    print(f'plot written to {path}')


# --- the command -----------------------------------------------------------------

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--quick', action='store_true', help='small sizes, few samples')
    parser.add_argument('--plot', metavar='PATH', default=None,
                        help='where to write the PNG plot (default: docs/benchmarks.png; '
                             'no plot with --quick unless given)')
    options = parser.parse_args(argv)
    settings = Settings(options.quick)
    engines = available_engines()
    failures = []
    print(f'srcad benchmarks{" (--quick)" if options.quick else ""}: numpy {np.__version__}, '
          f'Python {sys.version.split()[0]}, engines: {", ".join(engines)}\n')
    if options.quick:
        print('--quick: one sample each and smaller large workloads; '
              'the times below are a smoke test, not a measurement\n')

    rows = [run_workload(w, engines, settings, failures) for w in WORKLOADS]
    print('Median time per gradient (ratio to hand-written; lower is better; '
          'jax.jit 1st call = trace + compile + one run)\n')
    print(results_table(rows, engines))
    print('\nPeak memory of one gradient (tracemalloc)\n')
    print(memory_table(rows))
    print('\nCompile time (median of fresh compiles; jax.jit: trace + compile + one run)\n')
    print(compile_table(compile_times(engines, settings, failures)))
    print('\nCached-call overhead on a trivial function, grad(lambda x: x * 2.0)\n')
    print(overhead_table(call_overhead(settings)))

    path = options.plot or (None if options.quick else ROOT / 'docs' / 'benchmarks.png')
    if path:
        print()
        plot(rows, engines, path)
    for failure in failures:
        print(f'FAILED: {failure}')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
