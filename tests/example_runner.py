"""Running the examples as scripts, shared by the example tests."""

import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / 'examples'))  # (the tests import the examples as modules too)


def run_script(script, *args):
    """Run an example as a script, with srcad importable even when not installed."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT)] + [p for p in [os.environ.get('PYTHONPATH')] if p]), MPLBACKEND='Agg')
    done = subprocess.run([sys.executable, str(ROOT / 'examples' / script), *args],
                          capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def has_matplotlib():
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True
