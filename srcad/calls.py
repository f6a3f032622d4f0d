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
import weakref

from . import staleness

_LOCK = threading.RLock()
_SPLITS = weakref.WeakKeyDictionary()   # fn -> {wrt: Split}
_COMPILER = []  # the driver's compile_gradient, given by link() (never imported from here)


def link(compile_gradient) -> None:
    """Give this module the compiler that differentiates the user's other functions.

    The driver (:mod:`srcad.pipeline`) calls this once when it is imported: the
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
        """The :class:`srcad.codegen.Compiled` code (generated on first use, and again
        when what it was compiled from changed: srcad.staleness)."""
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
        self.install()
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
    :func:`srcad.containers.sequence_facts`)."""
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
    :func:`srcad.containers.sequence_facts`)."""
    with _LOCK:
        per_fn = _JVPS.setdefault(fn, {})
        key = (tuple(wrt), tuple(facts)) if facts else tuple(wrt)
        if key not in per_fn:
            per_fn[key] = Jvp(fn, tuple(wrt), facts)
        return per_fn[key]
