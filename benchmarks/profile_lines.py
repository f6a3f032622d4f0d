"""Where does a gradient spend its time?  Line-by-line timing of generated code.

    python benchmarks/profile_lines.py

For the seed linear-regression step and the small MLP, prints the median cost
of every line of srcad's generated gradient, next to the same breakdown of the
hand-written gradient.  Each statement is wrapped in two ``perf_counter``
calls (their own cost, measured on an empty statement, is subtracted), so the
numbers say which runtime helper or which extra temporary costs what.
"""

from __future__ import annotations

import ast
import inspect
import pathlib
import statistics
import sys
import textwrap
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / 'benchmarks')]

import srcad  # noqa: E402
from workloads import WORKLOADS  # noqa: E402


def timed_copy(source: str, namespace: dict):
    """Compile ``source`` (one def) with every top-level statement timed into ``_acc``."""
    func = ast.parse(textwrap.dedent(source)).body[0]
    labels, body = [], []
    for stmt in [ast.Pass()] + func.body:          # statement 0 measures the timer itself
        if isinstance(stmt, ast.Return):
            stmt = ast.parse(f'_out = {ast.unparse(stmt.value)}').body[0]
        i = len(labels)
        labels.append(ast.unparse(stmt).splitlines()[0])
        body += ast.parse('_t = _clock()').body + [stmt] + ast.parse(
            f'_acc[{i}].append(_clock() - _t)').body
    func.body = body + ast.parse('return _out').body
    func.decorator_list = []
    acc = [[] for _ in labels]
    scope = dict(namespace, _clock=time.perf_counter, _acc=acc, _out=None)
    exec(compile(ast.fix_missing_locations(ast.Module([func], [])), '<timed>', 'exec'), scope)
    return scope[func.name], labels, acc


def line_report(title, source, namespace, args, calls):
    fn, labels, acc = timed_copy(source, namespace)
    for _ in range(calls):
        fn(*args)
    timer = statistics.median(acc[0])
    costs = [max(statistics.median(a) - timer, 0.0) for a in acc[1:]]
    print(f'\n{title}: {sum(costs) * 1e6:.1f} µs in its lines')
    for label, cost in zip(labels[1:], costs):
        print(f'  {cost * 1e6:7.2f} µs  {label}')


def profile(workload, calls=3000):
    args = workload.make_args(False)
    compiled = srcad.grad(workload.loss, wrt=tuple(range(workload.n_wrt))).compiled
    print(f'=== {workload.name}')
    line_report('srcad (generated)', compiled.source,
                dict(workload.loss.__globals__, **compiled.helpers), args, calls)
    line_report('hand-written', inspect.getsource(workload.hand),
                workload.hand.__globals__, args, calls)


if __name__ == '__main__':
    for workload in WORKLOADS:
        if workload.name.startswith(('seed', 'small MLP')):
            profile(workload)
