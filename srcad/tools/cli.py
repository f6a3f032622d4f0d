"""The ``srcad`` command: show or export the derivative of a function in a file.

    python -m srcad show model.py:loss --wrt w,b
    python -m srcad export model.py:loss --wrt w,b -o loss_grad.py

The file is loaded by path (with :mod:`importlib`, so srcad can read the
function's source) the way Python runs a script: its folder goes first on
``sys.path``, so its own imports work.  A file inside a package gets its
dotted name, and the folder above the package goes first instead.  Every
failure, whether a bad path, a missing function, a syntax error or a
function srcad refuses, is one line on stderr starting ``srcad: error:``
and a non-zero exit status; a traceback only shows with ``--traceback``.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import pathlib
import shlex
import sys
import types

import srcad
from ..errors import SrcadError
from .export import export_source

USAGE_ERROR = 2   # the exit status argparse uses for a bad command line


class CliError(Exception):
    """A failure to report as one line, with the exit status to use."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


def main(argv: list | None = None) -> int:
    """Run the command line; returns the exit status (0 on success)."""
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (CliError, SrcadError) as exc:
        if args.traceback:
            raise
        _error(_one_line(exc))
        return getattr(exc, 'status', 1)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # a bug in srcad: say so in one line
        if args.traceback:
            raise
        _error(f'internal error: {type(exc).__name__}: {_flat(str(exc))} '
               f'(rerun with --traceback and please report it)')
        return 1


def _error(line: str) -> None:
    print(f'srcad: error: {line}', file=sys.stderr)


# -- the command line ---------------------------------------------------------

def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog='srcad', description='Show or export the derivative srcad generates for a '
        'Python function, as plain Python source.',
        epilog='Exit status: 0 on success, 1 when the file, the function or srcad '
        'fails, 2 for a bad command line or an unavailable --mode.')
    parser.add_argument('--version', action='version', version=f'srcad {srcad.__version__}')
    commands = parser.add_subparsers(dest='command', required=True, metavar='COMMAND')
    show = commands.add_parser('show', help='print the generated derivative source',
                               description='Print the source of the derivative srcad '
                               'generates for FILE.py:FUNCTION.')
    _common_options(show)
    show.add_argument('--color', choices=('auto', 'always', 'never'), default='auto',
                      help='syntax highlighting (needs Pygments); auto: only when '
                      'stdout is a terminal (default: %(default)s)')
    show.set_defaults(run=run_show)
    export = commands.add_parser('export', help='write the derivative as a standalone '
                                 'module that needs only NumPy',
                                 description='Write a Python module holding the generated '
                                 'derivative of FILE.py:FUNCTION and the srcad runtime '
                                 'helpers it calls, so it runs without srcad.')
    _common_options(export)
    export.add_argument('-o', '--output', metavar='OUT.py',
                        help='file to write (default: standard output)')
    export.set_defaults(run=run_export)
    return parser


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument('target', metavar='FILE.py:FUNCTION',
                        help='the file and the function in it to differentiate '
                        '(FUNCTION may be dotted, e.g. Model.loss)')
    parser.add_argument('--wrt', metavar='W[,W...]',
                        help='parameters to differentiate with respect to: names or '
                        'positions (0 is the first), comma separated; several give a '
                        'tuple of gradients (default: the first parameter)')
    parser.add_argument('--mode', choices=('reverse', 'forward'), default='reverse',
                        help='reverse mode (grad) or forward mode (jvp, tangents '
                        'carried alongside the values) (default: %(default)s)')
    parser.add_argument('--traceback', action='store_true',
                        help='show the full Python traceback on errors (for bug reports)')


def run_show(args) -> int:
    """``srcad show``: print the generated source."""
    source = _derivative(args).source
    color = args.color == 'always' or (args.color == 'auto' and sys.stdout.isatty())
    sys.stdout.write(highlight_terminal(source) if color else source)
    return 0


def highlight_terminal(source: str) -> str:
    """``source`` with ANSI colours when Pygments is installed, else unchanged.

    >>> highlight_terminal('x = 1\\n').count('x')
    1
    """
    try:
        from pygments import highlight
        from pygments.formatters import TerminalFormatter
        from pygments.lexers import PythonLexer
    except ImportError:
        return source
    return highlight(source, PythonLexer(), TerminalFormatter())


def run_export(args) -> int:
    """``srcad export``: write a standalone module."""
    derivative = _derivative(args)
    if not hasattr(derivative, 'compiled'):
        raise CliError(f'--mode {args.mode} gives no compiled code to export', USAGE_ERROR)
    text = export_source(derivative, command=_command(args))
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        pathlib.Path(args.output).write_text(text)
    except OSError as exc:
        raise CliError(f'cannot write {args.output}: {exc.strerror or exc}') from None
    return 0


def _command(args) -> str:
    words = ['python', '-m', 'srcad', args.command, args.target]
    if args.wrt is not None:
        words += ['--wrt', args.wrt]
    if args.output:
        words += ['-o', args.output]
    return shlex.join(words)


def _derivative(args):
    """The ``Gradient`` (or forward-mode object) for the command's target."""
    fn, default_wrt = load_function(args.target)
    if args.wrt is not None:
        wrt = parse_wrt(args.wrt)
    else:
        wrt = 0 if default_wrt is None else default_wrt
    if args.mode == 'forward':
        return _forward(fn, wrt)
    derivative = srcad.grad(fn, wrt=wrt)
    derivative.compiled  # noqa: B018  (compile now, so refusals surface here)
    return derivative


def _forward(fn, wrt):
    """The forward-mode (jvp) derivative of ``fn`` with respect to ``wrt``."""
    from ..api import _wrt_names
    from ..calls import jvp_of
    names, _ = _wrt_names(fn, wrt)
    made = jvp_of(fn, names)
    made.compiled  # noqa: B018  (compile now, so refusals surface here)
    return made


def parse_wrt(text: str):
    """``"w,b"`` -> ``("w", "b")``; ``"0"`` -> ``0``; positions become ints.

    >>> parse_wrt('w'), parse_wrt('0,b'), parse_wrt('-1')
    ('w', (0, 'b'), -1)
    """
    items = [item.strip() for item in text.split(',')]
    if not all(items):
        raise CliError(f'--wrt {text!r}: expected parameter names or positions separated '
                       f'by commas, e.g. --wrt w,b or --wrt 0,1', USAGE_ERROR)
    values = [int(i) if i.lstrip('-').isdigit() else i for i in items]
    return values[0] if len(values) == 1 else tuple(values)


# -- loading FILE.py:FUNCTION ---------------------------------------------------

def load_function(target: str):
    """The function named by ``FILE.py:FUNCTION``, and its ``wrt`` if it is a ``grad``."""
    path, sep, qualname = target.rpartition(':')
    if not sep or not path or not qualname:
        raise CliError(f'{target!r}: expected FILE.py:FUNCTION, e.g. model.py:loss',
                       USAGE_ERROR)
    if not os.path.isfile(path):
        what = 'is a directory' if os.path.isdir(path) else 'no such file'
        raise CliError(f'{path}: {what}')
    module = load_module(path)
    obj = module
    for part in qualname.split('.'):
        if not hasattr(obj, part):
            raise CliError(f'{path} has no function {qualname!r}{_defined_in(module)}')
        obj = getattr(obj, part)
    if isinstance(obj, srcad.Gradient):  # a function decorated with @grad
        return obj.fn, obj.wrt
    return obj, None


def _defined_in(module: types.ModuleType) -> str:
    names = sorted(name for name, value in vars(module).items()
                   if isinstance(value, types.FunctionType)
                   and value.__module__ == module.__name__)
    return f' (its functions: {", ".join(names)})' if names else ' (it defines no functions)'


def load_module(path: str) -> types.ModuleType:
    """Run the file at ``path`` as a module, importable by name where it can be."""
    root, name = _module_name(pathlib.Path(path).resolve())
    sys.path.insert(0, str(root))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        if '.' in name and not name.startswith('<'):  # a module inside a package
            importlib.import_module(name.rpartition('.')[0])
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        sys.modules.pop(name, None)
        raise CliError(f'{exc.filename or path}:{exc.lineno}:{exc.offset or 0}: '
                       f'syntax error: {exc.msg}') from None
    except (Exception, SystemExit) as exc:
        sys.modules.pop(name, None)
        raise CliError(f'running {path} failed: {type(exc).__name__}: {_flat(str(exc))}') \
            from None
    return module


def _module_name(path: pathlib.Path):
    """The folder to put on ``sys.path`` and the dotted name ``path`` imports as there.

    A file inside packages (folders with ``__init__.py``) gets its dotted
    name.  A name Python could not import it by (``my-model``), or one
    another loaded module already has (``json``), is kept in angle brackets
    so an export knows the module cannot be imported by name.
    """
    parts, folder = [path.stem], path.parent
    while (folder / '__init__.py').is_file() and folder.parent != folder:
        parts.insert(0, folder.name)
        folder = folder.parent
    name = '.'.join(parts)
    taken = sys.modules.get(name)
    clash = taken is not None and getattr(taken, '__file__', None) != str(path)
    if clash or not all(part.isidentifier() for part in parts):
        return path.parent, f'<{path.name}>'
    return folder, name


# -- one-line messages ---------------------------------------------------------

def _flat(text: str) -> str:
    return ' '.join(line.strip() for line in text.splitlines() if line.strip())


def _one_line(exc: Exception) -> str:
    """An error as one line: ``file:line:col: message (hint: ...)``."""
    if not isinstance(exc, SrcadError):
        return _flat(str(exc))
    text = _flat(exc.message)
    where = exc.location
    if where is not None:
        text = f'{where.filename}:{where.lineno}:{where.col + 1}: {text}'
    if exc.hint:
        text += f' (hint: {_flat(exc.hint)})'
    return text
