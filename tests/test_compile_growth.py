"""Compile time grows linearly in nesting and loop bodies: each statement's backward
code is written once (srcad.compiler.backflow), and loops save only what the backward sweep reads.

The timing tests compare growth ratios, not seconds, with generous bounds (the
machine may be loaded); the other tests count what the emitter does directly.
"""

import importlib
import sys
import time

import numpy as np

import srcad
from srcad.compiler.pipeline import compile_gradient
from srcad.compiler.reverse import ReverseEmitter
from srcad.testing import check_grad


def nested_ifs(depth: int) -> str:
    lines = ['import numpy as np', '', '', 'def f(x):', '    t = x']
    for k in range(depth):
        pad = '    ' * (k + 1)
        lines += [f'{pad}if np.sum(t) > {-100 - k}:', f'{pad}    t = t * 0.9 + x']
    return '\n'.join(lines + ['    return np.sum(t)', ''])


def loop_body(n: int) -> str:
    lines = ['import numpy as np', '', '', 'def f(x):', '    t = x', '    for i in range(3):']
    forms = ('t = t * 0.9 + x', 't = np.sin(t) * 0.5 + x')
    lines += [f'        {forms[k % 2]}' for k in range(n)]
    return '\n'.join(lines + ['    return np.sum(t)', ''])


def load(tmp_path, name: str, source: str):
    (tmp_path / f'{name}.py').write_text(source)
    sys.path.insert(0, str(tmp_path))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(tmp_path))


def compile_seconds(tmp_path, name: str, source: str, repeat: int = 3) -> float:
    """The least CPU time of ``repeat`` compiles of the gradient (each from scratch)."""
    fn = load(tmp_path, name, source).f
    best = float('inf')
    for _ in range(repeat):
        started = time.process_time()
        compile_gradient(fn, ['x'])
        best = min(best, time.process_time() - started)
    return best


def test_doubling_the_nesting_of_ifs_about_doubles_the_compile_time(tmp_path):
    """Each branch's backward code used to be written twice (once to learn which
    adjoints it makes), so 12 nested ifs cost 2**12 times one: 6 -> 12 took 40x.
    Linear is 2x; 5x bounds it."""
    small = compile_seconds(tmp_path, 'ifs_6', nested_ifs(6))
    large = compile_seconds(tmp_path, 'ifs_12', nested_ifs(12))
    assert large < 5 * small, (small, large)


def test_four_times_the_loop_body_at_most_about_four_times_the_compile_time(tmp_path):
    """Linear is 4x, quadratic 16x; 8x bounds it (as the straight-line test does)."""
    small = compile_seconds(tmp_path, 'loop_30', loop_body(30))
    large = compile_seconds(tmp_path, 'loop_120', loop_body(120))
    assert large < 8 * small, (small, large)


def test_each_statement_backward_code_is_written_once(tmp_path, monkeypatch):
    """No dry runs: the backward code of every assignment is emitted exactly once,
    however deep the branches and loops around it."""
    source = nested_ifs(8).replace('    return', '    for i in range(2):\n'
                                   '        if np.sum(t) > 0.0:\n'
                                   '            t = np.sin(t) + x\n'
                                   '        else:\n'
                                   '            t = t * 0.5\n'
                                   '    return')
    fn = load(tmp_path, 'once', source).f
    written = {}
    emit = ReverseEmitter.emit_plan

    def counted(self, stmt, adj):
        written[id(stmt)] = written.get(id(stmt), 0) + 1
        return emit(self, stmt, adj)
    monkeypatch.setattr(ReverseEmitter, 'emit_plan', counted)
    compile_gradient(fn, ['x'])
    assert written and max(written.values()) == 1
    check_grad(fn, np.linspace(0.1, 1.0, 4))  # (no sum near 0: no branch flips)


def rnn(x, w):
    h = x
    for i in range(4):
        h = h * 0.9 + w          # its backward reads no value of h
        h = np.tanh(h)           # its backward reads this h (the result)
    return np.sum(h)


def powers(x):
    acc = np.zeros(3)
    term = np.ones(3)
    for k in range(4):
        term = term * x
        acc = acc + term / (k + 1.0)
    return np.sum(acc)


def test_loops_save_only_what_the_backward_sweep_reads():
    x, w = np.linspace(-1.0, 1.0, 3), np.linspace(0.5, 1.0, 3)
    gradient = srcad.grad(rnn, wrt=(0, 1))
    gradient(x, w)
    source = gradient.specialized_source
    # one value per iteration: the tanh's result (its adjoint reads it); the h that
    # ``h * 0.9 + w`` overwrites is never read back, so it is not saved
    assert source.count('.append(') == 1, source
    assert source.count('.pop()') + source.count('in reversed(stack') == 1, source
    check_grad(rnn, x, w, wrt=(0, 1))


def test_no_empty_guards_or_branches_in_the_backward_sweep():
    gradient = srcad.grad(powers)
    x = np.linspace(0.5, 1.5, 3)
    gradient(x)
    for source in (gradient.source, gradient.specialized_source):
        assert 'pass' not in source, source
    check_grad(powers, x)
