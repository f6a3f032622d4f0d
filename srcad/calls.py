"""Calls from differentiated code into the user's other Python functions.

A call ``t = helper(x, w)`` whose result matters is split in two: the forward
sweep runs ``helper_vjp.forward(x, w)``, which returns the value and what its
backward sweep will read; the backward sweep runs ``helper_vjp.backward(saved,
t_bar)``, which returns the adjoints of the arguments.  Both halves are
generated from ``helper``'s own source by the same compiler, once per set of
differentiated parameters, and compiled lazily on first use — so a recursive
helper refers to itself without compiling forever.
"""

from __future__ import annotations

import threading
import types
import weakref

from .compiler import staleness
from .errors import ORIGINS, Location, SrcadError

_LOCK = threading.RLock()
_SPLITS = weakref.WeakKeyDictionary()   # fn -> {wrt: Split}
_COMPILER = []  # the driver's compile_gradient, given by link() (never imported from here)


def link(compile_gradient) -> None:
    """Give this module the compiler that differentiates the user's other functions.

    The driver (:mod:`srcad.compiler.pipeline`) calls this once when it is imported: the
    one recursion into the compiler is injected, so nothing here imports it.
    """
    _COMPILER[:] = [compile_gradient]


class _Generated:
    """Derivative code of one function, generated and compiled on first use."""

    mode = ''
    kind = ''

    def __init__(self, fn, wrt, facts=()):
        self.fn, self.wrt, self.facts = fn, tuple(wrt), tuple(facts)
        self._compiled = None
        self.forward = self._compile_forward

    @property
    def compiled(self):
        """The :class:`srcad.compiler.codegen.Compiled` code (generated on first use, and again
        when what it was compiled from changed: srcad.compiler.staleness)."""
        compiled = self._compiled
        if compiled is None or not compiled.deps.hold():
            compile_gradient = _COMPILER[0]
            with _LOCK:
                compiled = self._compiled
                if compiled is None or not compiled.deps.hold():
                    compiled = self._compiled = compile_gradient(
                        self.fn, list(self.wrt), mode=self.mode, facts=self.facts)
        return compiled

    @property
    def source(self) -> str:
        """The generated source."""
        return self.compiled.source

    def install(self):
        """Compile now, and call the generated functions from here on (each call first
        checks that what they were compiled from has not changed)."""
        compiled = self.compiled
        self.forward = staleness.guarded(compiled.deps, compiled.fn, self._compile_forward)

    def _compile_forward(self, *args, **kwargs):
        try:
            self.install()
        except SrcadError as exc:  # a refusal inside a library's own Python source
            raise _at_user_call(self.fn, exc) from None
        return self.forward(*args, **kwargs)

    def __repr__(self):
        return f'<srcad {self.kind} of {self.fn.__qualname__} wrt {self.wrt}>'


class Split(_Generated):
    """The forward and backward halves of a function's reverse-mode derivative.

    ``forward(*args)`` returns ``(value, saved)``; ``backward(saved, value_bar)``
    returns the adjoints of the parameters named in ``wrt`` (a tuple when
    there are several).  Both are generated functions, compiled on first use.
    """

    mode, kind = 'vjp', 'split'

    def __init__(self, fn, wrt, facts=()):
        super().__init__(fn, wrt, facts)
        self.backward = self._compile_backward

    def install(self):
        compiled = self.compiled
        fns = list(compiled.functions.values())
        # the backward half reads what the forward half saved: only the forward checks
        self.forward = staleness.guarded(compiled.deps, fns[0], self._compile_forward)
        self.backward = fns[1]

    def _compile_backward(self, saved, value_bar):
        self.install()
        return self.backward(saved, value_bar)


class Jvp(_Generated):
    """The forward-mode derivative of a function: ``forward(tangents, *args)``
    returns ``(value, tangent)`` for the parameters named in ``wrt``."""

    mode, kind = 'jvp', 'jvp'


def split(fn, wrt, facts=()) -> Split:
    """The (cached) :class:`Split` of ``fn`` with respect to parameters ``wrt``
    (specialized for ``facts``: which parameters hold lists, see
    :func:`srcad.compiler.containers.sequence_facts`)."""
    with _LOCK:
        per_fn = _SPLITS.setdefault(fn, {})
        key = (tuple(wrt), tuple(facts)) if facts else tuple(wrt)
        if key not in per_fn:
            per_fn[key] = Split(fn, tuple(wrt), facts)
        return per_fn[key]


_JVPS = weakref.WeakKeyDictionary()


def jvp_of(fn, wrt, facts=()) -> Jvp:
    """The (cached) :class:`Jvp` of ``fn`` with respect to parameters ``wrt``
    (specialized for ``facts``: which parameters hold lists, see
    :func:`srcad.compiler.containers.sequence_facts`)."""
    with _LOCK:
        per_fn = _JVPS.setdefault(fn, {})
        key = (tuple(wrt), tuple(facts)) if facts else tuple(wrt)
        if key not in per_fn:
            per_fn[key] = Jvp(fn, tuple(wrt), facts)
        return per_fn[key]


def _library_file(filename: str) -> bool:
    """Whether ``filename`` is a library's source (the standard library, site-packages)."""
    import os
    import sysconfig
    if 'site-packages' in filename or 'dist-packages' in filename:
        return True
    roots = {sysconfig.get_paths().get(k) for k in ('stdlib', 'platstdlib', 'purelib', 'platlib')}
    path = os.path.abspath(filename)
    return any(r and path.startswith(os.path.abspath(r) + os.sep) for r in roots)


def _at_user_call(fn, exc: SrcadError) -> SrcadError:
    """``exc``, raised in a library's own Python source ``fn`` srcad followed, told at
    the user's call of it (the generated code calling ``fn``'s derivative is on the
    stack): what it met there, and what to do instead."""
    where = exc.location
    if where is None or not _library_file(where.filename):
        return exc
    import linecache
    import sys
    user = None
    frame = sys._getframe(2)
    while frame is not None and user is None:
        found = (frame.f_code.co_filename, frame.f_lineno)
        while found[0] in ORIGINS:  # generated code (of generated code): the user's line
            user_file, lines = ORIGINS[found[0]]
            if not lines.get(found[1]):
                break
            found = (user_file, lines[found[1]])
        if found[0] not in ORIGINS and found[0] != frame.f_code.co_filename \
                and not _library_file(found[0]):  # (not a library calling a library)
            line = linecache.getline(*found)
            user = Location(*found, len(line) - len(line.lstrip()))
        frame = frame.f_back
    name = f'{getattr(fn, "__module__", None) or "?"}.{getattr(fn, "__qualname__", fn)}'
    short = getattr(fn, '__name__', 'fn')
    return type(exc)(
        f'srcad cannot differentiate {name}, library code this call reaches: '
        f'{exc.message} (in {where.filename}:{where.lineno})', user or where,
        f'declare the derivative of the function you call here with srcad.adjoint '
        f'(srcad.adjoint({short}, "...", ...) for this one), or pass it a constant '
        f'(srcad.stop_gradient(x))')


def _compiled_half(obj):
    """``helper_vjp.forward`` in generated code means the generated function itself,
    even before its first call compiled it (so srcad can differentiate its own output)."""
    owner = getattr(obj, '__self__', None)
    install = getattr(owner, 'install', None)
    if isinstance(obj, types.MethodType) and install is not None:
        install()
        obj = getattr(owner, obj.__name__.replace('_compile_', ''))
    # the generated function itself, not the check of its dependencies around it
    return getattr(obj, '__srcad_unguarded__', obj)
