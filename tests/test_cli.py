"""The ``srcad`` command line (show, export) and the notebook view of a gradient.

Each command runs as ``python -m srcad`` in a subprocess, with the srcad under
test on PYTHONPATH and the function's file in a temporary folder.  Commands
that only read that folder run together, once per module, to keep the suite
fast.  An exported module is imported by a fresh, isolated interpreter in
which srcad cannot be imported, and must agree with ``srcad.grad``.
"""

import html
import importlib.util
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

import srcad
from srcad.tools import cli
from srcad.tools.export import source_html

SRCAD_ROOT = pathlib.Path(srcad.__file__).resolve().parent.parent

MODEL = '''\
import numpy as np

SCALE = 0.5


def loss(w, b, X, y):
    pred = X @ w + b
    return np.mean((pred - y) ** 2)


def scaled(x, c):
    m = np.max(x, axis=1)
    return SCALE * np.sum(m ** 2) + np.sum(x * c) / np.sum(c, axis=None)


def cube(x):
    return x * square(x)


def square(x):
    return x * x


def calls(x):
    return np.sum(cube(x) + square(x))


def make(k):
    def closed(x):
        return k * np.sum(x ** 2)
    return closed


closed = make(3.0)


async def not_differentiable(x):
    return x
'''

DECORATED = '''\
import numpy as np
import srcad


@srcad.grad(wrt="b")
def loss(w, b):
    return np.sum(w * b)
'''


def run(*args, cwd):
    """``python -m srcad ARGS`` in ``cwd``, with the srcad under test importable."""
    return run_all([args], cwd)[0]


def run_all(commands, cwd):
    """Run several ``python -m srcad`` commands at once (the suite stays fast)."""
    env = dict(os.environ, PYTHONPATH=str(SRCAD_ROOT))
    started = [subprocess.Popen([sys.executable, '-m', 'srcad', *map(str, args)], cwd=cwd,
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True) for args in commands]
    done = []
    for args, process in zip(commands, started):
        stdout, stderr = process.communicate(timeout=60)
        done.append(subprocess.CompletedProcess(args, process.returncode, stdout, stderr))
    return done


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope='module')
def folder(tmp_path_factory):
    """A folder of input files, shared by the tests of this module."""
    path = tmp_path_factory.mktemp('cli')
    (path / 'model.py').write_text(MODEL)
    (path / 'my-model.py').write_text(MODEL)
    (path / 'decorated.py').write_text(DECORATED)
    (path / 'broken.py').write_text('def f(x):\n    return x +\n')
    (path / 'crashes.py').write_text('def f(x):\n    return x\n\n1 / 0\n')
    return path


# -- show -------------------------------------------------------------------

SHOW = {
    'w,b': ('show', 'model.py:loss', '--wrt', 'w,b'),
    'b': ('show', 'model.py:loss', '--wrt', 'b'),
    '1': ('show', 'model.py:loss', '--wrt', '1'),
    'decorated': ('show', 'decorated.py:loss'),
    'color': ('show', 'model.py:loss', '--color', 'always'),
}


@pytest.fixture(scope='module')
def shown(folder):
    return dict(zip(SHOW, run_all(list(SHOW.values()), cwd=folder)))


def test_show_prints_plain_source_when_not_a_terminal(folder, shown):
    done = shown['w,b']
    loss = load(folder / 'model.py', 'model_show').loss
    expected = srcad.grad(loss, wrt=('w', 'b')).source
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected
    assert '\x1b[' not in done.stdout and done.stderr == ''


def test_show_wrt_by_position_and_by_name_agree(shown):
    assert all(done.returncode == 0 for done in shown.values())
    assert shown['b'].stdout == shown['1'].stdout
    assert 'return like_input(b_bar, b)' in shown['b'].stdout


def test_show_uses_the_wrt_of_a_function_decorated_with_grad(shown):
    assert 'return like_input(b_bar, b)' in shown['decorated'].stdout


def test_show_color_always_highlights(shown):
    pytest.importorskip('pygments')
    assert '\x1b[' in shown['color'].stdout and 'loss_grad' in shown['color'].stdout


# -- export -----------------------------------------------------------------

FRESH_CHECK = '''\
import importlib.abc, importlib.util, sys

class NoSrcad(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition('.')[0] == 'srcad':
            raise ImportError('the exported module must not need srcad')

sys.meta_path.insert(0, NoSrcad())
sys.path.insert(0, sys.argv[1])   # where the user's module lives, for its globals
import numpy as np
spec = importlib.util.spec_from_file_location('exported', sys.argv[2])
exported = importlib.util.module_from_spec(spec)
spec.loader.exec_module(exported)
data = np.load(sys.argv[3])
args = [data[f'arg{i}'] for i in range(int(data['nargs']))]
got = getattr(exported, sys.argv[4])(*args)
got = got if isinstance(got, tuple) else (got,)
for i, value in enumerate(got):
    np.testing.assert_allclose(value, data[f'out{i}'], rtol=1e-12, atol=1e-12)
assert 'srcad' not in sys.modules, sorted(m for m in sys.modules if 'srcad' in m)
print('agrees')
'''


def check_in_fresh_interpreter(tmp_path, user_folder, exported, name, args, expected):
    """Import ``exported`` with ``python -I`` (srcad unimportable) and compare."""
    expected = expected if isinstance(expected, tuple) else (expected,)
    arrays = {f'arg{i}': np.asarray(a) for i, a in enumerate(args)}
    arrays['nargs'] = np.asarray(len(args))
    arrays.update({f'out{i}': np.asarray(e) for i, e in enumerate(expected)})
    np.savez(tmp_path / 'data.npz', **arrays)
    (tmp_path / 'fresh_check.py').write_text(FRESH_CHECK)
    done = subprocess.run(
        [sys.executable, '-I', str(tmp_path / 'fresh_check.py'), str(user_folder),
         str(exported), str(tmp_path / 'data.npz'), name],
        cwd=tmp_path.anchor, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == 'agrees'


def test_export_runs_without_srcad_and_matches_grad(folder, tmp_path, rng):
    out = tmp_path / 'grad_loss.py'
    done = run('export', 'model.py:loss', '--wrt', 'w,b', '-o', out, cwd=folder)
    assert done.returncode == 0, done.stderr
    text = out.read_text()
    assert 'def loss_grad(w, b, X, y):' in text and 'def unbroadcast(g, x):' in text
    assert 'srcad import' not in text and 'import srcad' not in text
    args = (rng.normal(size=(3, 1)), 0.3, rng.normal(size=(5, 3)), rng.normal(size=(5, 1)))
    loss = load(folder / 'model.py', 'model_export').loss
    expected = srcad.grad(loss, wrt=('w', 'b'))(*args)
    check_in_fresh_interpreter(tmp_path, folder, out, 'loss_grad', args, expected)


def test_export_imports_the_globals_of_the_users_module(folder, tmp_path, rng):
    out = tmp_path / 'grad_scaled.py'
    done = run('export', 'model.py:scaled', '--wrt', 'x,c', '-o', out, cwd=folder)
    assert done.returncode == 0, done.stderr
    assert 'from model import SCALE' in out.read_text()
    args = (rng.normal(size=(4, 3)), rng.uniform(1, 2, size=3))
    scaled = load(folder / 'model.py', 'model_scaled').scaled
    expected = srcad.grad(scaled, wrt=('x', 'c'))(*args)
    check_in_fresh_interpreter(tmp_path, folder, out, 'scaled_grad', args, expected)


def test_export_carries_the_users_functions_it_calls(folder, tmp_path, rng):
    out = tmp_path / 'grad_calls.py'
    done = run('export', 'model.py:calls', '-o', out, cwd=folder)
    assert done.returncode == 0, done.stderr
    assert 'square_vjp = SimpleNamespace(' in out.read_text()
    args = (rng.normal(size=4),)
    expected = srcad.grad(load(folder / 'model.py', 'model_calls').calls)(*args)
    check_in_fresh_interpreter(tmp_path, folder, out, 'calls_grad', args, expected)


def test_export_without_output_writes_to_stdout(folder):
    done = run('export', 'model.py:loss', cwd=folder)
    assert done.returncode == 0, done.stderr
    namespace = {}
    exec(compile(done.stdout, 'exported.py', 'exec'), namespace)
    assert namespace['__all__'] == ['loss_grad']
    assert 'return like_input(w_bar, w)' in done.stdout   # wrt: the first parameter


# -- errors: one line, a non-zero status, never a traceback -------------------------

ERRORS = [
    # (arguments, exit status, words the line must contain)
    (['show', 'missing.py:loss'], 1, ['missing.py', 'no such file']),
    (['show', 'model.py'], 2, ['FILE.py:FUNCTION']),
    (['show', 'model.py:nope'], 1, ["no function 'nope'", 'loss']),
    (['show', 'broken.py:f'], 1, ['broken.py:2:', 'syntax error']),
    (['show', 'crashes.py:f'], 1, ['crashes.py', 'ZeroDivisionError']),
    (['show', 'model.py:not_differentiable'], 1, ['model.py:', 'async']),
    (['show', 'model.py:loss', '--wrt', 'v'], 1, ["'v'", 'parameters']),
    (['export', 'model.py:closed'], 1, ["'k'", 'closure']),
    (['export', 'my-model.py:scaled'], 1, ["'SCALE'", 'my-model']),
]
FORWARD = ['show', 'model.py:loss', '--mode', 'forward']


@pytest.fixture(scope='module')
def failed(folder):
    commands = [args for args, _, _ in ERRORS] + [FORWARD]
    return {' '.join(args): done for args, done in zip(commands, run_all(commands, cwd=folder))}


@pytest.mark.parametrize('args, status, words', ERRORS, ids=[' '.join(a) for a, _, _ in ERRORS])
def test_errors_are_one_line(failed, args, status, words):
    assert_one_line_error(failed[' '.join(args)], status, words)


def assert_one_line_error(done, status, words):
    command = ' '.join(map(str, done.args))
    assert done.returncode == status, (command, done.stderr)
    assert 'Traceback' not in done.stderr and done.stdout == '', (command, done.stderr)
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith('srcad: error: '), (command, done.stderr)
    for word in words:
        assert word in lines[0], (command, lines[0])


def test_forward_mode_shows_the_generated_jvp(failed):
    done = failed[' '.join(FORWARD)]
    assert done.returncode == 0, done.stderr
    assert 'def loss_jvp(' in done.stdout and '_dot' in done.stdout


def test_wrt_accepts_names_and_positions():
    assert cli.parse_wrt('w') == 'w' and cli.parse_wrt('1') == 1
    assert cli.parse_wrt('w, 0,-1') == ('w', 0, -1)
    with pytest.raises(cli.CliError) as error:
        cli.parse_wrt('w,,b')
    assert error.value.status == 2


# -- help and version -------------------------------------------------------

def help_text(capsys, *argv):
    with pytest.raises(SystemExit) as exit:
        cli.main(list(argv))
    assert exit.value.code == 0
    return capsys.readouterr().out


def test_help_documents_every_option(capsys):
    top = help_text(capsys, '--help')
    show = help_text(capsys, 'show', '--help')
    export = help_text(capsys, 'export', '--help')
    assert 'show' in top and 'export' in top and '--version' in top
    for option in ('FILE.py:FUNCTION', '--wrt', '--mode', '--traceback'):
        assert option in show and option in export
    assert '--color' in show and '--output' in export


def test_version(capsys, folder):
    assert help_text(capsys, '--version').strip() == f'srcad {srcad.__version__}'
    done = run('--version', cwd=folder)
    assert done.returncode == 0 and done.stdout.strip() == f'srcad {srcad.__version__}'


# -- notebooks --------------------------------------------------------------

def mse(w, b, X, y):
    pred = X @ w + b
    return np.mean((pred - y) ** 2)


def test_repr_html_highlights_the_source():
    pytest.importorskip('pygments')
    page = srcad.grad(mse, wrt=('w', 'b'))._repr_html_()
    assert page.startswith('<div') and 'style=' in page and 'class=' in page
    assert 'mse_grad' in page and '<pre' in page


def test_repr_html_without_pygments_is_an_escaped_pre(monkeypatch):
    monkeypatch.setitem(sys.modules, 'pygments', None)   # import pygments now fails
    gradient = srcad.grad(mse)
    assert gradient._repr_html_() == f'<pre>{html.escape(gradient.source)}</pre>'
    assert source_html('a < b\n') == '<pre>a &lt; b\n</pre>'


def test_repr_html_of_a_function_srcad_refuses_shows_why():
    namespace = {}
    exec('def f(x):\n    return x\n', namespace)   # a function without a source file
    page = srcad.grad(namespace['f'])._repr_html_()
    assert page.startswith('<pre>') and 'cannot read the source of f' in page
