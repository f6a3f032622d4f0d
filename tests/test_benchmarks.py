"""The benchmark suite runs in --quick mode and every engine's gradient is right.

Only the peers that are installed take part (none in CI).  Nothing here looks
at timings: ``run.main`` returns 1 when an engine computes a gradient that
disagrees with the hand-written one, or fails; a workload srcad cannot
differentiate yet (loops) is reported as "unsupported yet" and is not a failure.
"""

import importlib.util
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def load_runner():
    spec = importlib.util.spec_from_file_location('benchmarks_run', ROOT / 'benchmarks' / 'run.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quick_benchmark_gradients_are_correct(capsys):
    status = load_runner().main(['--quick'])
    out = capsys.readouterr().out
    assert 'FAILED' not in out, out
    assert status == 0, out
    assert 'seed linreg step' in out and 'Cached-call overhead' in out
