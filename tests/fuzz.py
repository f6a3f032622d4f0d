"""Random differentiable programs, to check srcad against finite differences.

Hypothesis draws whole Python modules: a function ``f`` of arrays and floats,
with helper functions beside it, built from straight-line NumPy and ``math``
code, branches on data, ``for`` and ``while`` loops that overwrite and
accumulate, ``break``/``continue``, several returns, helper calls (recursive
ones too), nested defs and named lambdas, subscript reads and writes, list
appends and tuple unpacking.  Inputs stay in every function's domain by
construction (``log`` of a square plus one, ``arcsin`` of a scaled ``tanh``).
On top of that classic menu, :data:`CONSTRUCTS` are the statement families of
issue 13, where srcad once returned silently wrong derivatives: Python
containers of active values, containers handed to NumPy, iteration over
containers, aliases written in place, views written in place, element writes
with repeated indices, and casts; and those of srcad's second wave
(:data:`WAVE2_CONSTRUCTS`, in ``tests/fuzz_language.py`` and
``tests/fuzz_libraries.py``): comprehensions, lambdas with map/filter/reduce,
star-arguments, assert/with/try/for-else, scipy.stats, scipy.linalg,
convolutions, ufunc methods and reductions with where=/initial=.  A program
that uses one may be refused.

Each program is written to a real file and imported (srcad reads source from
files), then :func:`check` asserts that

* ``srcad.grad`` matches central finite differences in float64 along random
  directions (several step sizes, so a branch boundary near the point is not
  mistaken for a bug);
* ``srcad.jvp`` agrees with the reverse mode: ``jvp(f, x, v)`` is ``<grad f(x), v>``;
* ``value_and_grad`` returns ``f``'s value and the same gradient, and a second
  (cached) call returns the same numbers;
* the arguments are bitwise unchanged after the gradient and jvp calls.

From the command line, a long run that keeps going past failures, saving each
failing program to a file that ``--replay`` checks again::

    python -m tests.fuzz --examples 2000 --seed 1 --hvp --jvp
    python -m tests.fuzz --replay fuzz-failures/failure-001.py --hvp --jvp
"""

from __future__ import annotations

import argparse
import ast
import copy
import hashlib
import importlib.util
import json
import pathlib
import re
import sys
import tempfile
import time
import traceback
import warnings
from dataclasses import dataclass

import numpy as np

from .fuzz_language import LANGUAGE_CONSTRUCTS, LanguageConstructs
from .fuzz_libraries import LIBRARY_CONSTRUCTS, SCIPY_CONSTRUCTS, LibraryConstructs

# hypothesis is a test-only dependency: imported where programs are drawn, so that
# importing tests.fuzz (to replay or minimize a saved program) never needs it.

S, V, M = 's', 'v', 'm'   # the kinds of values: scalar, vector (n,), matrix (n, n)
RANK = {S: 0, V: 1, M: 2}

try:  # scipy.special joins the menu when it is installed
    import scipy.special  # noqa: F401
    HAVE_SCIPY = True
except ImportError:  # pragma: no cover
    HAVE_SCIPY = False


# -- the menu ------------------------------------------------------------------
@dataclass(frozen=True)
class Form:
    """An expression template: ``{0}``, ``{1}`` are operands of ``kinds``, ``{n}``
    the vector length.  ``fresh`` is False when the result may share the
    operands' data (a view or the operand itself)."""

    template: str
    kinds: tuple
    fresh: bool = True


def _forms(kind_in, templates, fresh=True):
    return [Form(t, kind_in, fresh) for t in templates]


# Elementwise, any kind; every argument is kept inside the function's domain.
UNARY = [
    'np.sin({0})', 'np.cos({0})', 'np.tanh({0})', 'np.arctan({0})', 'np.arcsinh({0})',
    'np.exp(np.tanh({0}))', 'np.exp(-np.square({0}))', 'np.log({0} ** 2 + 1.0)',
    'np.log1p({0} ** 2)', 'np.sqrt({0} * {0} + 1.0)', 'np.cosh(np.tanh({0}))',
    'np.sinh(np.sin({0}))', 'np.expm1(np.sin({0}))', 'np.square({0})', '{0} ** 2', '{0} ** 3',
    '-{0}', 'np.abs({0})', 'np.arcsin(0.9 * np.tanh({0}))', 'np.arccos(0.5 * np.sin({0}))',
    'np.arctanh(0.5 * np.tanh({0}))', 'np.arccosh({0} ** 2 + 1.5)', 'np.hypot({0}, 1.0)',
    'np.cbrt({0} ** 2 + 1.0)', 'np.exp2(np.sin({0}))', 'np.log2({0} ** 2 + 2.0)',
    'np.log10({0} ** 2 + 1.0)', 'np.reciprocal({0} ** 2 + 1.0)',
    '1.0 / (1.0 + np.exp(-np.tanh({0})))', 'np.logaddexp({0}, 0.0)', 'np.sinc({0})',
    'np.tan(0.5 * np.tanh({0}))', 'np.clip({0}, -0.5, 0.5)', 'np.maximum({0}, 0.1)',
    'np.fabs({0})', 'np.power({0} ** 2 + 1.0, 0.75)', 'np.deg2rad({0})', 'np.negative({0})',
    '0.5 * {0}', '{0} / 3.0', '2.0 - {0}', 'np.float_power({0} ** 2 + 1.0, 1.5)',
    'np.where({0} > 0.0, {0}, 0.1 * {0})', 'np.real({0})', 'np.i0({0})',
]
SCIPY_UNARY = ['scipy.special.expit({0})', 'scipy.special.erf({0})',
               'scipy.special.gammaln({0} ** 2 + 1.0)', 'scipy.special.log_expit({0})',
               'scipy.special.xlogy({0} ** 2 + 0.5, {0} ** 2 + 0.5)']
# Python floats: the math module and builtins.
SCALAR_UNARY = [
    'math.sin({0})', 'math.cos({0})', 'math.tanh({0})', 'math.atan({0})',
    'math.exp(math.tanh({0}))', 'math.log({0} ** 2 + 1.0)', 'math.sqrt({0} ** 2 + 1.0)',
    'math.log1p({0} ** 2)', 'math.erf({0})', 'math.erfc({0})', 'math.hypot({0}, 1.0)',
    'math.asinh({0})', 'math.expm1(math.sin({0}))', 'math.cosh(math.tanh({0}))', 'abs({0})',
    'float({0})', 'pow({0}, 2)', 'math.pow({0} ** 2 + 1.0, 0.5)', 'math.log2({0} ** 2 + 1.0)',
    'math.log10({0} ** 2 + 1.0)', 'math.degrees({0})', 'math.radians({0})',
    'math.asin(0.5 * math.tanh({0}))', 'math.acos(0.5 * math.tanh({0}))',
    'math.atanh(0.5 * math.tanh({0}))', 'math.acosh({0} ** 2 + 1.5)', 'math.fabs({0})',
    'math.tan(0.5 * math.tanh({0}))',
]
BINARY = [
    '{0} + {1}', '{0} - {1}', '{0} * {1}', '{0} / ({1} ** 2 + 1.0)', 'np.maximum({0}, {1})',
    'np.minimum({0}, {1})', 'np.hypot({0}, {1})', 'np.logaddexp({0}, {1})',
    'np.arctan2({0}, {1} ** 2 + 1.0)', 'np.where({0} > {1}, {0}, {1})', 'np.add({0}, {1})',
    'np.multiply({0}, {1})', 'np.subtract({0}, {1})', 'np.divide({0}, {1} ** 2 + 0.5)',
    'np.power({0} ** 2 + 1.0, np.tanh({1}))', 'np.fmax({0}, {1})', 'np.fmin({0}, {1})',
    '({0} ** 2 + 1.0) ** np.sin({1})', 'np.logaddexp2({0}, {1})', '{0} * np.tanh({1})',
    'np.sqrt({0} ** 2 + {1} ** 2 + 1.0)', 'np.true_divide({0}, np.cosh(np.tanh({1})))',
]
SCALAR_BINARY = ['max({0}, {1})', 'min({0}, {1})', 'math.hypot({0}, {1})',
                 'math.atan2({0}, {1} ** 2 + 1.0)', 'pow({0} ** 2 + 1.0, {1})',
                 'math.pow({0} ** 2 + 1.0, math.tanh({1}))', 'sum([{0}, {1}, {0} * {1}])']
VECTOR_TO_SCALAR = [
    'np.sum({0})', 'np.mean({0})', '{0}.sum()', '{0}.mean()', 'np.max({0})', 'np.min({0})',
    '{0}.max()', '{0}.min()', 'np.prod({0})', '{0}.prod()', 'np.linalg.norm({0})',
    'np.std({0})', 'np.var({0})', '{0}.std()', 'np.median({0})',
    'np.log(np.sum(np.exp(np.tanh({0}))))', 'sum({0})', 'np.ptp({0})', 'np.amax({0})',
    'np.nansum({0})', 'np.average({0})', 'np.cumsum({0})[-1]', 'np.sort({0})[0]',
    'np.quantile({0}, 0.3)', 'np.polyval({0}, 0.5)', '{0}[0]', '{0}[-1]', 'float({0}[1])',
    'np.sum({0}[{0} > 0.0])', 'np.sum({0}[[0, 0, 1]] * np.array([1.0, 2.0, 3.0]))',
    'np.take({0}, [1, 1, 0]).sum()',
]
SCIPY_VECTOR_TO_SCALAR = ['scipy.special.logsumexp({0})']
TWO_VECTORS_TO_SCALAR = [
    'np.dot({0}, {1})', '{0} @ {1}', 'np.inner({0}, {1})', 'np.vdot({0}, {1})',
    'np.sum({0} * {1})', "np.einsum('i,i->', {0}, {1})", 'np.tensordot({0}, {1}, axes=1)',
    'np.average({0}, weights={1} ** 2 + 1.0)', '{0}.dot({1})',
]
MATRIX_TO_SCALAR = [
    'np.sum({0})', 'np.trace({0})', '{0}.trace()', 'np.linalg.det({0})',
    'np.linalg.norm({0})', 'np.mean({0})', 'np.max({0})', '{0}[0, 1]', '{0}[-1][0]',
    'np.linalg.slogdet({0} @ {0}.T + np.eye({n}))[1]', 'np.sum(np.linalg.eigvalsh({0} + {0}.T))',
    "np.einsum('ij,ij->', {0}, {0})",
]
MATRIX_TO_VECTOR = [
    'np.sum({0}, axis=0)', 'np.mean({0}, axis=1)', '{0}.sum(axis=1)', 'np.max({0}, axis=0)',
    'np.linalg.eigvalsh({0} + {0}.T)', 'np.std({0}, axis=0)', 'np.prod({0}, axis=1)',
    'np.cumsum({0}, axis=0)[-1]', 'np.min({0}, axis=1)', 'np.linalg.norm({0}, axis=1)',
    '{0}[1] * 1.0', '{0}[:, 0] + 0.0',
]
MATRIX_VIEWS_TO_VECTOR = ['np.diagonal({0})', '{0}[0]', '{0}[:, 1]', '{0}[-1]']
MATRIX_VECTOR_TO_VECTOR = [
    '{0} @ {1}', '{1} @ {0}', 'np.dot({0}, {1})', 'np.matmul({0}, {1})',
    'np.linalg.solve({0} @ {0}.T + np.eye({n}), {1})', "np.einsum('ij,j->i', {0}, {1})",
    'np.tensordot({0}, {1}, axes=1)', '{0}.dot({1})',
]
VECTOR_TO_VECTOR = [
    'np.cumsum({0})', 'np.roll({0}, 1)', 'np.sort({0})', 'np.concatenate([{0}[1:], {0}[:1]])',
    'np.cumprod(np.tanh({0}) + 1.0)', 'np.exp(np.tanh({0})) / np.sum(np.exp(np.tanh({0})))',
    '{0} - np.mean({0})', '{0} / (np.linalg.norm({0}) + 1.0)',
    "np.convolve({0}, np.array([0.5, 0.25]), mode='same')",
    'np.diff(np.concatenate([np.zeros(1), {0}]))', 'np.append({0}[1:], 0.5)',
    'np.pad({0}[1:], (1, 0))', 'np.repeat({0}[:1], {n})', 'np.tile({0}[-1:], {n})',
    '{0}.copy()', 'np.copy({0})', 'np.array({0})', 'np.ravel(np.outer({0}, {0}))[:{n}]',
    'np.real(np.fft.ifft(np.fft.fft({0})))', '{0}[::-1] * 1.0', 'np.cumsum({0}[::-1])',
]
VECTOR_VIEWS = ['np.flip({0})', '{0}[::-1]', 'np.asarray({0})', '{0}.reshape({n})']
TWO_VECTORS_TO_MATRIX = ['np.outer({0}, {1})', '{0}[:, None] * {1}[None, :]',
                         "np.einsum('i,j->ij', {0}, {1})"]
VECTOR_TO_MATRIX = ['np.diag({0})', 'np.tile({0}, ({n}, 1))', 'np.outer({0}, np.ones({n}))']
MATRIX_TO_MATRIX = [
    'np.tril({0})', 'np.triu({0})', 'np.linalg.inv({0} @ {0}.T + np.eye({n}))',
    'np.cumsum({0}, axis=1)', 'np.linalg.matrix_power({0}, 2)', '({0} + {0}.T) * 0.5',
    'np.linalg.cholesky({0} @ {0}.T + np.eye({n}))', 'np.sort({0}, axis=1)',
    '{0} - np.mean({0}, axis=0)', '{0}.T @ {0}',
    'np.exp(np.tanh({0})) / np.sum(np.exp(np.tanh({0})), axis=1, keepdims=True)',
    'np.transpose({0}) * 1.0',
]
MATRIX_VIEWS = ['{0}.T', 'np.transpose({0})', 'np.flip({0}, axis=0)', 'np.swapaxes({0}, 0, 1)']


def _broadcast_binary(kind):
    """Binary forms whose result has ``kind``: operands of that kind or lower."""
    pairs = [(kind, kind)] + [p for lower in (S, V) if RANK[lower] < RANK[kind]
                              for p in ((kind, lower), (lower, kind))]
    return [Form(t, p) for p in pairs for t in BINARY]


FORMS = {
    S: (_forms((S,), UNARY + SCALAR_UNARY + (SCIPY_UNARY if HAVE_SCIPY else []))
        + _broadcast_binary(S) + _forms((S, S), SCALAR_BINARY)
        + _forms((V,), VECTOR_TO_SCALAR + (SCIPY_VECTOR_TO_SCALAR if HAVE_SCIPY else []))
        + _forms((V, V), TWO_VECTORS_TO_SCALAR) + _forms((M,), MATRIX_TO_SCALAR)),
    V: (_forms((V,), UNARY + (SCIPY_UNARY if HAVE_SCIPY else []) + VECTOR_TO_VECTOR)
        + _forms((V,), VECTOR_VIEWS, fresh=False) + _broadcast_binary(V)
        + _forms((M,), MATRIX_TO_VECTOR) + _forms((M,), MATRIX_VIEWS_TO_VECTOR, fresh=False)
        + _forms((M, V), MATRIX_VECTOR_TO_VECTOR)
        + _forms((V, S), ['np.ones({n}) * {1}', '{1} * np.linspace(0.0, 1.0, {n})',
                          'np.clip({0}, -abs({1}) - 0.5, abs({1}) + 0.5)'])),
    M: (_forms((M,), UNARY + MATRIX_TO_MATRIX) + _forms((M,), MATRIX_VIEWS, fresh=False)
        + _broadcast_binary(M) + _forms((V, V), TWO_VECTORS_TO_MATRIX)
        + _forms((V,), VECTOR_TO_MATRIX) + _forms((M, M), ['{0} @ {1}',
                                                           "np.einsum('ij,jk->ik', {0}, {1})"])),
}
# Functions that keep magnitudes in check, for values overwritten in loops.
SQUASH = ['np.tanh({0})', 'np.sin({0})', 'np.cos({0})', 'np.arctan({0})',
          '{0} / (1.0 + {0} * {0})', '0.5 * np.tanh({0})', 'np.exp(-{0} * {0})']


# -- scopes and expressions ---------------------------------------------------------
@dataclass(frozen=True)
class Expr:
    """Generated expression text, and the names whose data it may share."""

    text: str
    shares: frozenset = frozenset()


@dataclass(frozen=True)
class Callable:
    """A function the generated code may call: parameter kinds and return kinds."""

    name: str
    params: tuple
    returns: tuple           # one kind, or several for a tuple
    keyword: str = ''        # an optional float keyword parameter


class Scope:
    """What a point in a generated function can read, rebind and write into.

    ``values`` maps readable expressions (names, ``p['w']``) to kinds;
    ``ints`` maps integer names to their (low, high) range; ``shared`` (one
    set for the whole function) holds names whose data another name may see,
    which are never written into in place.
    """

    def __init__(self, values, assignable, callables, shared=None):
        self.values = dict(values)
        self.ints = {}
        self.assignable = set(assignable)
        self.callables = list(callables)
        self.shared = set() if shared is None else shared
        self.frozen = set()   # names that see a module global's data (shared with children)
        self.loop = False
        self.depth = 0
        self.lists = []   # list parameters, to loop over
        self.seqs = {}    # list/tuple names -> (element kind or 'any', length)
        self.dicts = {}   # dict names -> value kind or 'any'

    def child(self, loop=None):
        inner = Scope(self.values, self.assignable, self.callables, self.shared)
        inner.ints = dict(self.ints)
        inner.loop = self.loop if loop is None else loop
        inner.depth = self.depth + 1
        inner.lists, inner.frozen = self.lists, self.frozen
        inner.seqs, inner.dicts = dict(self.seqs), dict(self.dicts)
        return inner

    def names(self, kind, assignable=False, writable=False):
        found = [n for n, k in self.values.items() if k == kind]
        if assignable or writable:
            found = [n for n in found if n in self.assignable]
        if writable:
            found = [n for n in found if n not in self.shared]
        return found

    def bind(self, name, kind, expr=None):
        self.values[name] = kind
        self.assignable.add(name)
        if expr is not None and expr.shares:
            self.shared |= {name, *expr.shares}
            if expr.shares & set(GLOBALS):
                self.frozen.add(name)   # never written, even by a risky program

    def risky_names(self, kind):
        """Names a risky program may write into although their data is shared."""
        return [n for n in self.names(kind, assignable=True) if n not in self.frozen]


def _base(text):
    """The name an expression like ``p['w']`` or ``x`` reads."""
    return text.split('[')[0].split('.')[0]


def _integers(low, high):
    from hypothesis import strategies as st
    return st.integers(low, high)


class Generator(LanguageConstructs, LibraryConstructs):
    """Draws one module from hypothesis choices (so failing programs shrink).

    ``constructs`` names the extra statement families (:data:`CONSTRUCTS`) the
    generator may use besides the classic menu; ``used`` collects those it did.
    """

    def __init__(self, draw, n, constructs=()):
        self.draw, self.n = draw, n
        self.counter = 0
        self.statements_left = 0
        self.risky = False
        self.constructs = tuple(constructs)
        self.used = set()
        self.force = False   # the next statement is one of the constructs
        self.results = []    # (name, kind) of what the constructs computed
        self.imports = set()        # import lines the constructs need
        self.module_chunks = []     # module-level functions the constructs define

    # drawing primitives: every one shrinks towards its first / simplest choice
    def pick(self, options):
        return options[self.draw(_integers(0, len(options) - 1))]

    def chance(self, percent):
        return self.draw(_integers(0, 99)) >= 100 - percent

    def between(self, low, high):
        return self.draw(_integers(low, high))

    def fresh(self, prefix):
        self.counter += 1
        return f'{prefix}{self.counter}'

    def constant(self):
        return self.pick(['0.5', '1.5', '-0.3', '2.0', '0.1', '-1.2', '0.75'])

    # expressions
    def index(self, scope, size):
        options = [str(self.between(-size, size - 1))]
        for name, (low, high) in scope.ints.items():
            if -size <= low and high < size:
                options.append(name)
                if -size <= low - 1:
                    options.append(f'{name} - 1')
            else:
                options.append(f'{name} % {size}')
        return self.pick(options)

    def leaf(self, kind, scope):
        n = self.n
        options = [lambda name=name: Expr(name, frozenset({_base(name)}))
                   for name in scope.names(kind)]
        if kind == S:
            options.insert(0, lambda: Expr(self.constant()))
            options += [lambda v=v: Expr(f'{v}[{self.index(scope, n)}]') for v in scope.names(V)]
            options += [lambda m=m: Expr(f'{m}[{self.index(scope, n)}, {self.index(scope, n)}]')
                        for m in scope.names(M)]
            options += [lambda i=i: Expr(f'({i} * 0.5)') for i in scope.ints]
        elif kind == V:
            options.append(lambda: Expr(f'np.linspace(-1.0, 1.0, {n})'))
            options += [lambda m=m: Expr(f'{m}[{self.index(scope, n)}]', frozenset({_base(m)}))
                        for m in scope.names(M)]
        else:
            options.append(lambda: Expr(f'np.eye({n})'))
        names = scope.names(kind)
        if names and self.chance(60):  # mostly data, so that most code is active
            name = self.pick(names)
            return Expr(name, frozenset({_base(name)}))
        return self.pick(options)()

    def expr(self, kind, scope, depth=2):
        if depth <= 0 or self.chance(25):
            return self.leaf(kind, scope)
        callables = [c for c in scope.callables if c.returns == (kind,)]
        if callables and self.chance(15):
            return self.call(self.pick(callables), scope, depth - 1)
        if self.chance(4):
            a, b = self.expr(kind, scope, depth - 1), self.expr(kind, scope, depth - 1)
            return Expr(f'(({a.text}) if {self.condition(scope)} else ({b.text}))',
                        a.shares | b.shares)
        form = self.pick(FORMS[kind])
        operands = [self.expr(k, scope, depth - 1) for k in form.kinds]
        text = form.template.format(*[f'({o.text})' for o in operands], n=self.n)
        shares = frozenset().union(*(o.shares for o in operands)) if not form.fresh else frozenset()
        return Expr(text, shares)

    def call(self, fn, scope, depth):
        args = [self.expr(k, scope, depth) for k in fn.params]
        parts = [a.text for a in args]
        if fn.keyword and self.chance(50):
            parts.append(f'{fn.keyword}={self.constant()}')
        # a function may return (part of) its argument: the result may share its data
        return Expr(f'{fn.name}({", ".join(parts)})',
                    frozenset().union(*(a.shares for a in args)))

    def squash(self, expr):
        return self.pick(SQUASH).format(f'({expr.text})')

    def condition(self, scope):
        options = [lambda: f'{self.expr(S, scope, 1).text} > {self.constant()}',
                   lambda: f'{self.expr(S, scope, 1).text} < {self.expr(S, scope, 1).text}',
                   lambda: f'np.sum({self.expr(V, scope, 1).text}) > {self.constant()}',
                   lambda: f'np.any({self.expr(V, scope, 0).text} > {self.constant()})']
        for i in scope.ints:
            options += [lambda i=i: f'{i} % 2 == 0', lambda i=i: f'{i} > {self.between(0, 3)}']
        text = self.pick(options)()
        if self.chance(10):
            text = f'not ({text})'
        if self.chance(10):
            text = f'({text}) {self.pick(["and", "or"])} ({self.pick(options)()})'
        return text

    # statements: each returns a list of lines (nested blocks indented)
    def block(self, scope, count, returns):
        lines = []
        for _ in range(count):
            if self.statements_left <= 0:
                break
            self.statements_left -= 1
            lines += self.statement(scope, returns)
        if scope.depth and self.chance(8):
            lines += self.return_(scope, returns)
        return lines or ['pass']

    def statement(self, scope, returns):
        if self.constructs and (self.force or self.chance(30)):
            self.force = False
            construct = self.pick(list(self.constructs))
            self.used.add(construct)
            return getattr(self, 'c_' + construct)(scope, returns)
        kinds = [self.assign_new, self.assign_new, self.overwrite, self.augment,
                 self.unpack, self.write]
        if scope.depth < 2:
            kinds += [self.if_, self.for_, self.while_, self.list_loop, self.buffer]
        if scope.depth == 0:
            kinds += [self.nested_def]
        if scope.loop:
            kinds += [self.break_continue, self.break_continue]
        kinds += [self.guarded_return]
        return self.pick(kinds)(scope, returns)

    def assign_new(self, scope, returns):
        kind = self.pick([S, V, M])
        expr = self.expr(kind, scope)
        name = self.fresh('t')
        scope.bind(name, kind, expr)
        return [f'{name} = {expr.text}']

    def overwrite(self, scope, returns):
        kind = self.pick([S, V, M])
        names = scope.names(kind, assignable=True)
        if not names:
            return self.assign_new(scope, returns)
        name = self.pick(names)
        expr = self.expr(kind, scope)
        if scope.loop:  # keep values bounded however often the loop runs
            text = self.pick([self.squash(expr), f'0.5 * {name} + {self.squash(expr)}'])
            expr = Expr(text)
        scope.bind(name, kind, expr)
        return [f'{name} = {expr.text}']

    def augment(self, scope, returns):
        kind = self.pick([S, V, M])
        names = scope.names(kind, assignable=True)
        if kind != S:  # += on an array writes into it
            names = [n for n in names if n not in scope.shared] or (
                scope.risky_names(kind) if self.chance(3) and self._risky() else [])
        if not names:
            return self.assign_new(scope, returns)
        name = self.pick(names)
        value = self.expr(self.pick([k for k in (S, V, M) if RANK[k] <= RANK[kind]]), scope)
        op = self.pick(['+=', '-=', '*='])
        text = (f'(1.0 + 0.5 * np.tanh({value.text}))' if op == '*='
                else self.squash(value) if scope.loop else value.text)
        return [f'{name} {op} {text}']

    def _risky(self):
        self.risky = True   # a refusal to write into shared data is then acceptable
        return True

    def unpack(self, scope, returns):
        tuples = [c for c in scope.callables if len(c.returns) > 1]
        if tuples and self.chance(50):
            fn = self.pick(tuples)
            call = self.call(fn, scope, 1)
            names = [self.fresh('u') for _ in fn.returns]
            for name, kind in zip(names, fn.returns):
                scope.bind(name, kind, call)
                scope.shared.add(name)  # srcad cannot tell the parts of a result apart
            return [f'{", ".join(names)} = {call.text}']
        kinds = [self.pick([S, V, M]) for _ in range(2)]
        candidates = [scope.names(k, assignable=True) for k in kinds]
        if all(candidates) and candidates[0] != candidates[1] and self.chance(30):
            a, b = self.pick(candidates[0]), self.pick(candidates[1])  # a swap
            if a != b and kinds[0] == kinds[1]:
                scope.shared |= {a, b} if kinds[0] != S else set()
                return [f'{a}, {b} = {b}, {a}']
        exprs = [self.expr(k, scope) for k in kinds]
        names = [self.fresh('u') for _ in kinds]
        for name, kind, expr in zip(names, kinds, exprs):
            scope.bind(name, kind, expr)
        return [f'{names[0]}, {names[1]} = {exprs[0].text}, {exprs[1].text}']

    def write(self, scope, returns):
        kind = self.pick([V, M])
        names = scope.names(kind, writable=True)
        if not names and scope.names(kind, assignable=True) and self.chance(5):
            names = scope.risky_names(kind) if self._risky() else []
        if not names:
            return self.assign_new(scope, returns)
        return [self.element_write(self.pick(names), kind, scope)]

    def element_write(self, name, kind, scope):
        n = self.n
        i, j = self.index(scope, n), self.index(scope, n)
        low = self.between(0, n - 1)
        high = self.between(low + 1, n)
        if kind == V:
            forms = [f'{name}[{i}] = {self.expr(S, scope).text}',
                     f'{name}[{i}] += {self.expr(S, scope).text}',
                     f'{name}[{low}:{high}] = ({self.expr(V, scope).text})[{low}:{high}]',
                     f'{name}[{low}:{high}] *= {self.constant()}',
                     f'{name}[{name} > {self.constant()}] = {self.constant()}',
                     f'{name}[{i}] *= {self.expr(S, scope).text}',
                     f'{name}[[0, 1]] = ({self.expr(V, scope).text})[:2]',
                     f'{name}[[1, 0]] += {self.expr(S, scope).text}']
        else:
            forms = [f'{name}[{i}, {j}] = {self.expr(S, scope).text}',
                     f'{name}[{i}] = {self.expr(V, scope).text}',
                     f'{name}[:, {j}] = {self.expr(V, scope).text}',
                     f'{name}[{i}] += {self.expr(V, scope).text}',
                     f'{name}[{low}:{high}, {i}] -= {self.expr(S, scope).text}']
        return self.pick(forms)

    def if_(self, scope, returns):
        lines = [f'if {self.condition(scope)}:']
        lines += _indent(self.block(scope.child(), self.between(1, 3), returns))
        if self.chance(30):
            lines.append(f'elif {self.condition(scope)}:')
            lines += _indent(self.block(scope.child(), self.between(1, 2), returns))
        if self.chance(60):
            lines.append('else:')
            lines += _indent(self.block(scope.child(), self.between(1, 2), returns))
        return lines

    def for_(self, scope, returns):
        inner = scope.child(loop=True)
        n, trips = self.n, self.between(0, 4)
        i = self.fresh('i')
        heads = [(f'for {i} in range({trips}):', {i: (0, trips - 1)}),
                 (f'for {i} in range(1, {trips + 1}):', {i: (1, trips)}),
                 (f'for {i} in reversed(range({trips})):', {i: (0, trips - 1)}),
                 (f'for {i} in range({trips}, 0, -1):', {i: (1, trips)}),
                 (f'for {i} in range(0, {2 * trips}, 2):', {i: (0, 2 * trips - 2)})]
        vectors, matrices = scope.names(V), scope.names(M)
        if vectors:
            v = self.pick(vectors)
            heads.append((f'for {i} in range(len({v})):', {i: (0, n - 1)}))
            heads.append((f'for {i} in {v}:', {i: S}))
            w = self.pick(vectors)
            heads.append((f'for {i}, {i}b in zip({v}, {w}):', {i: S, f'{i}b': S}))
        for name in scope.lists:
            heads.append((f'for {i} in {name}:', {i: V}))
        if matrices:
            m = self.pick(matrices)
            heads.append((f'for {i} in {m}:', {i: V}))
            heads.append((f'for {i}, {i}r in enumerate({m}):', {i: (0, n - 1), f'{i}r': V}))
            heads.append((f'for {i} in reversed({m}):', {i: V}))
            if m in scope.assignable:
                scope.shared.add(m)
        head, targets = self.pick(heads)
        if vectors and head in (f'for {i} in {v}:', f'for {i}, {i}b in zip({v}, {w}):'):
            # the loop reads the vector's data each round: writing into it inside is
            # refused (the change would show through the iteration), so it is not written
            inner.shared |= {v, w} if 'zip' in head else {v}
        for name, what in targets.items():
            if isinstance(what, tuple):
                inner.ints[name] = what
            else:
                inner.values[name] = what
                inner.shared.add(name)
        return [head] + _indent(self.block(inner, self.between(1, 3), returns))

    def while_(self, scope, returns):
        k, trips = self.fresh('k'), self.between(1, 4)
        test = f'{k} < {trips}'
        if self.chance(40):
            test += f' and ({self.condition(scope)})'
        inner = scope.child(loop=True)
        inner.ints[k] = (1, trips)
        body = [f'{k} = {k} + 1'] + self.block(inner, self.between(1, 3), returns)
        return [f'{k} = 0', f'while {test}:'] + _indent(body)

    def list_loop(self, scope, returns):
        kind, trips = self.pick([V, S]), self.between(1, 4)
        items, i = self.fresh('items'), self.fresh('i')
        inner = scope.child(loop=True)
        inner.ints[i] = (0, trips - 1)
        item = self.expr(kind, inner)
        if item.shares:
            scope.shared |= set(item.shares)
        first = self.expr(kind, scope)
        start = self.pick(['[]', f'[{first.text}]'])
        if start != '[]' and first.shares:
            scope.shared |= set(first.shares)
        body = [f'{items}.append({item.text})']
        body += self.block(inner, self.between(0, 2), returns) if self.chance(50) else []
        result, out = self.fresh('t'), S
        if kind == V:
            reduce = self.pick([f'np.sum(np.stack({items}), axis=0)', f'{items}[-1]',
                                f'np.mean(np.array({items}), axis=0)', f'{items}[0] * {items}[-1]',
                                f'np.stack({items}).max(axis=0)'])
            out = V
            if reduce == f'{items}[-1]':
                scope.shared |= {result, *item.shares}
        else:
            reduce = self.pick([f'sum({items})', f'np.mean(np.array({items}))',
                                f'np.prod({items})', f'{items}[-1]', f'np.sum(np.stack({items}))'])
        scope.bind(result, out)
        return ([f'{items} = {start}', f'for {i} in range({trips}):'] + _indent(body)
                + [f'{result} = {reduce}'])

    def buffer(self, scope, returns):
        n, name = self.n, self.fresh('buf')
        kind = self.pick([V, M])
        if kind == V:
            init = self.pick([f'np.zeros({n})', f'{self.expr(V, scope).text} * 1.0',
                              f'np.copy({self.expr(V, scope).text})',
                              f'np.ones({n}) * ({self.expr(S, scope).text})'])
        else:
            init = self.pick([f'np.zeros(({n}, {n}))', f'{self.expr(M, scope).text} + 0.0'])
        lines = [f'{name} = {init}']
        inner = scope.child(loop=True)
        inner.bind(name, kind)
        i = self.fresh('i')
        start = self.between(0, 1)
        inner.ints[i] = (start, n - 1)
        if self.chance(60):
            if kind == V:
                value = self.pick([f'{self.expr(S, inner).text}',
                                   f'{name}[{i} - 1] * 0.5 + {self.squash(self.expr(S, inner))}'])
                body = [f'{name}[{i}] = {value}']
            else:
                body = [f'{name}[{i}] = {self.squash(self.expr(V, inner))}']
            lines += [f'for {i} in range({start}, {n}):'] + _indent(body)
        else:
            del inner.ints[i]
            lines += [self.element_write(name, kind, inner)
                      for _ in range(self.between(1, 3))]
        scope.bind(name, kind)
        return lines

    def nested_def(self, scope, returns):
        name, param = self.fresh('inner'), self.fresh('a')
        kind, out = self.pick([V, S]), self.pick([V, S])
        body_scope = scope.child()
        body_scope.values[param] = kind
        expr = self.expr(out, body_scope)
        if self.chance(30):
            lines = [f'{name} = lambda {param}: {expr.text}']
        else:
            lines = [f'def {name}({param}):', f'    return {expr.text}']
        scope.callables.append(Callable(name, (kind,), (out,)))
        return lines

    def break_continue(self, scope, returns):
        return [f'if {self.condition(scope)}:', f'    {self.pick(["break", "continue"])}']

    def guarded_return(self, scope, returns):
        return [f'if {self.condition(scope)}:'] + _indent(self.return_(scope, returns))

    def return_(self, scope, returns):
        parts = [self.expr(k, scope).text for k in returns]
        if returns == (S,):   # what the constructs computed flows into f's value
            terms = [self.reduce(name, kind) for name, kind in self.results
                     if scope.values.get(name) == kind]
            if terms:
                parts = [' + '.join([f'({parts[0]})'] + [f'0.5 * {t}' for t in terms])]
        return [f'return {", ".join(parts)}']

    # -- the constructs of issue 13: each a short, self-contained group of statements
    # that ends by reading what it built into a fresh name.  NumPy's own execution
    # is the specification; values stay away from ties and kinks by construction.
    def reduce(self, text, kind):
        """A scalar that reads ``text`` (of ``kind``, or 'any': S or an array)."""
        if kind == S:
            return self.pick([text, f'{text} * {text}', f'np.sin({text})',
                              f'2.0 * np.tanh({text})', f'{text} ** 3'])
        options = [f'np.sum({text} ** 2)', f'np.sum(np.sin({text}))',
                   f'np.mean(np.tanh({text}))', f'np.sum({text} * {text} * {text})']
        if kind == V:
            options.append(f'np.dot({text}, OFFSET)')
        return self.pick(options)

    def operand(self, kind, scope):
        """An expression of ``kind`` that usually reads the data (so is active)."""
        names = scope.names(kind)
        if kind == S and scope.names(V) and self.chance(30):
            return Expr(f'{self.pick(scope.names(V))}[{self.index(scope, self.n)}]')
        if names and self.chance(50):
            name = self.pick(names)
            return Expr(name, frozenset({_base(name)}))
        expr = self.expr(kind, scope, 1)
        return Expr(f'({expr.text})', expr.shares)

    def item(self, kind, scope, constant=25):
        """An element for a container literal: an expression, or now and then a constant."""
        if self.chance(constant):
            return (self.constant() if kind == S else
                    self.pick([f'np.ones({self.n}) * {self.constant()}', 'OFFSET',
                               f'np.linspace(0.5, 1.5, {self.n})']))
        return self.operand(kind, scope).text

    def fresh_array(self, kind, scope):
        """Text of a new array of ``kind`` that shares no data."""
        text = self.operand(kind, scope).text
        return self.pick([f'({text}) * 1.0', f'np.array({text})', f'({text}).copy()',
                          f'({text}) + 0.0'])

    def base_array(self, kind, scope):
        """(lines, name): an array to alias or view: fresh, or an unshared local."""
        names = scope.names(kind, writable=True)
        if names and self.chance(30):
            return [], self.pick(names)
        name = self.fresh('b')
        return [f'{name} = {self.fresh_array(kind, scope)}'], name

    def finish(self, scope, lines, text, kind=S, shares=frozenset()):
        """Bind ``text`` to a fresh name of ``kind``: the construct's result."""
        name = self.fresh('t')
        scope.bind(name, kind, Expr(text, frozenset(shares)))
        self.results.append((name, kind))
        return lines + [f'{name} = {text}']

    def c_containers(self, scope, returns):
        """Python lists, tuples and dicts of active values: literals, append, reads."""
        n, form = self.n, self.between(0, 6)
        if form <= 1:   # a list of scalars or of vectors
            kind = (S, V)[form]
            name = self.fresh('L')
            items = [self.item(kind, scope) for _ in range(self.between(1, 3))]
            lines = [f'{name} = [{", ".join(items)}]']
            extra = self.pick(['', 'append', 'append', 'extend', 'insert', 'plus', 'setitem'])
            new = self.operand(kind, scope).text
            lines += {'': [], 'append': [f'{name}.append({new})'],
                      'extend': [f'{name}.extend([{new}, {self.item(kind, scope, 60)}])'],
                      'insert': [f'{name}.insert(0, {new})'], 'plus': [f'{name} += [{new}]'],
                      'setitem': [f'{name}[0] = {new}']}[extra]
            length = len(items) + {'': 0, 'extend': 2, 'setitem': 0}.get(extra, 1)
            reads = [f'sum({name})', f'{name}[0] * {name}[-1]', f'{name}[-1] * len({name})',
                     f'sum({name}[1:]) + {name}[0]' if kind == S else f'{name}[-1] - {name}[0]']
            if kind == S:
                reads += [f'max({name})', f'{name}[-1] / (1.0 + {name}[0] ** 2)']
            scope.seqs[name] = (kind, length)
            scope.values[f'{name}[0]'] = kind
            return self.finish(scope, lines, self.pick(reads), kind)
        if form == 2:   # a tuple of a vector and a scalar
            name = self.fresh('T')
            lines = [f'{name} = ({self.item(V, scope)}, {self.item(S, scope)})']
            if self.chance(50):
                a, b = self.fresh('u'), self.fresh('u')
                lines.append(f'{a}, {b} = {name}')
                text = self.pick([f'np.tanh({a}) * {b}', f'{a} * {name}[1] + {b}'])
            else:
                text = self.pick([f'{name}[0] * {name}[1]', f'{name}[-2] + {name}[-1] ** 2'])
            scope.seqs[name] = ('any', 2)
            return self.finish(scope, lines, text, V)
        if form in (3, 4):   # a dict of scalars, or of a vector and a scalar
            name = self.fresh('d')
            if form == 3:
                pairs = [(k, self.item(S, scope)) for k in ('u', 'v')]
                kind = S
            else:
                pairs = [('w', self.item(V, scope)), ('b', self.item(S, scope))]
                kind = 'any'
            if self.chance(30):
                keys = ', '.join(repr(k) for k, _ in pairs)
                lines = [f'{name} = dict(zip([{keys}], [{", ".join(v for _, v in pairs)}]))']
            else:
                lines = [f'{name} = {{{", ".join(f"{k!r}: {v}" for k, v in pairs)}}}']
            first = pairs[0][0] if form == 3 else 'b'   # a scalar entry
            extra = self.between(0, 3)
            if extra == 1:
                lines.append(f"{name}['z'] = {self.operand(S, scope).text}")
            elif extra == 2:
                lines.append(f"{name}[{first!r}] = {name}[{first!r}] * 0.5 + "
                             f"{self.operand(S, scope).text}")
            elif extra == 3:
                lines.append(f"{name}.update({{{first!r}: {self.operand(S, scope).text}}})")
            if form == 3:
                text = self.pick([f"{name}['u'] * {name}['v']",
                                  f"{name}['u'] + {name}.get('z', 0.5) ** 2",
                                  f"sum({name}.values())"])
                out = S
            else:
                text = self.pick([f"np.tanh({name}['w']) * {name}['b']",
                                  f"{name}['w'] + {name}.get('z', 1.0)"])
                out = V
            scope.dicts[name] = kind
            return self.finish(scope, lines, text, out)
        if form == 5:   # a list of (vector, scalar) pairs
            name = self.fresh('P')
            items = [f'({self.item(V, scope)}, {self.item(S, scope)})'
                     for _ in range(self.between(1, 3))]
            lines = [f'{name} = [{", ".join(items)}]']
            if self.chance(50):
                lines.append(f'{name}.append(({self.operand(V, scope).text}, '
                             f'{self.operand(S, scope).text}))')
            text = self.pick([f'{name}[0][0] * {name}[-1][1]', f'{name}[-1][0] - {name}[0][1]'])
            return self.finish(scope, lines, text, V)
        # a list grown in a loop, then read back whole
        name, i = self.fresh('L'), self.fresh('i')
        kind = self.pick([S, V])
        inner = scope.child(loop=True)
        inner.ints[i] = (0, 2)
        lines = [f'{name} = []', f'for {i} in range(3):',
                 f'    {name}.append({self.squash(self.expr(kind, inner, 1))})']
        read = self.pick([f'sum({name})', f'{name}[1] * {name}[2]', f'{name}[-1] + {name}[0]'])
        scope.seqs[name] = (kind, 3)
        return self.finish(scope, lines, read, kind)

    def c_np_containers(self, scope, returns):
        """Lists of active values and constants handed to NumPy."""
        n, form = self.n, self.between(0, 9)
        scalars = [self.item(S, scope) for _ in range(self.between(2, 3))]
        slist = f'[{", ".join(scalars)}]'
        if form <= 2:
            fn = self.pick([['np.sum', 'np.mean', 'np.prod'], ['np.max', 'np.min', 'np.amax'],
                            ['np.linalg.norm', 'np.array', 'np.asarray']][form])
            text = f'{fn}({slist})'
            if fn in ('np.array', 'np.asarray'):
                text = f'np.sum({text} ** 2)'
            return self.finish(scope, [], text, S)
        if form == 3:   # a vector of length n built from scalars
            parts = [self.item(S, scope) for _ in range(n)]
            fn = self.pick(['np.array', 'np.asarray', 'np.hstack', 'np.stack'])
            return self.finish(scope, [], f'{fn}([{", ".join(parts)}])', V)
        v, w = self.operand(V, scope).text, self.item(V, scope)
        if form == 4:   # stack a vector with a list row mixing elements and constants
            row = [self.pick([f'({v})[{k}]', self.constant(), f'2.0 * ({v})[{k}]'])
                   for k in range(n)]
            fn = self.pick(['np.stack', 'np.vstack', 'np.array'])
            m = f'{fn}([{v}, [{", ".join(row)}]])'
            return self.finish(scope, [], *self.pick([
                (f'np.sum({m} ** 3)', S), (f'{m}[1] * {m}[0]', V), (f'np.sum({m}, axis=0)', V)]))
        if form == 5:   # concatenate a vector with a list holding its total
            extra = self.pick([f'np.sum({v})', self.constant(), f'({v})[0] * 2.0'])
            fn = self.pick(['np.concatenate', 'np.hstack', 'np.append'])
            y = (f'np.append({v}, [{extra}])' if fn == 'np.append'
                 else f'{fn}([{v}, [{extra}]])')
            return self.finish(scope, [], *self.pick([
                (f'np.sum({y} * {y})', S), (f'({y})[1:] * 1.0', V), (f'({y})[-1] * ({y})[0]', S)]))
        if form == 6:   # reductions over a list of vectors
            fn = self.pick(['np.sum', 'np.mean', 'np.max', 'np.min'])
            return self.finish(scope, [], f'{fn}([{v}, {w}], axis=0)', V)
        if form == 7:   # a matrix from a nested list of scalars
            a, b = self.item(S, scope), self.item(S, scope)
            m = f'np.array([[{a}, 1.0], [{b}, {a} * {b}]])'
            return self.finish(scope, [], self.pick([f'np.sum({m} ** 2)', f'np.trace({m} @ {m})',
                                                     f'np.linalg.det({m} + 3.0 * np.eye(2))']))
        if form == 8:   # a list with a dot product or matmul
            return self.finish(scope, [], self.pick([
                f'np.dot({slist}, {[0.5, -1.0, 2.0][:len(scalars)]})',
                f'np.array({slist}) @ np.array({[1.5, 0.5, -0.3][:len(scalars)]})',
                f'np.dot({slist}, {slist})']))
        lst = self.fresh('L')   # built with append, then handed over whole
        lines = [f'{lst} = [{v}]', f'{lst}.append({w})']
        fn = self.pick(['np.stack', 'np.array', 'np.vstack'])
        return self.finish(scope, lines, self.pick([f'{fn}({lst}).mean(axis=0)',
                                                    f'{fn}({lst})[1] * {fn}({lst})[0]']), V)

    def seq_source(self, scope):
        """(lines, text, element kind, length): something to iterate over."""
        n = self.n
        options = [('inline', S), ('inline', V)]
        options += [('seq', name) for name in scope.seqs]
        options += [('vector', name) for name in scope.names(V)]
        options += [('rows', name) for name in scope.names(M)]
        how, what = self.pick(options)
        if how == 'inline':
            name = self.fresh('L')
            items = [self.item(what, scope) for _ in range(self.between(2, 3))]
            return [f'{name} = [{", ".join(items)}]'], name, what, len(items)
        if how == 'seq':
            return [], what, *scope.seqs[what]
        return [], what, S if how == 'vector' else V, n

    def c_iteration(self, scope, returns):
        """Loops over containers: enumerate (also start=1), zip, reversed, dict views, list()."""
        acc, e, i = self.fresh('acc'), self.fresh('e'), self.fresh('i')
        form = self.between(0, 7)
        if form >= 6 and (scope.dicts or self.chance(50)):   # a dict's items or values
            if scope.dicts and self.chance(60):
                d = self.pick(list(scope.dicts))
                lines, kind = [], scope.dicts[d]
            else:
                d, kind = self.fresh('d'), S
                lines = [f"{d} = {{'b': {self.item(S, scope)}, 'a': {self.item(S, scope)}}}"]
            k = self.fresh('k')
            head, body = self.pick([
                (f'for {k}, {e} in {d}.items():', f'{acc} = {acc} + {self.reduce(e, "any")}'),
                (f'for {k}, {e} in sorted({d}.items()):',
                 f'{acc} = {acc} * 0.5 + {self.reduce(e, "any")}'),
                (f'for {e} in {d}.values():', f'{acc} = {acc} * 0.5 + {self.reduce(e, "any")}'),
                (f'for {i}, ({k}, {e}) in enumerate({d}.items()):',
                 f'{acc} = {acc} + ({i} + 1) * {self.reduce(e, "any")}'),
                (f'for {e}, {k} in zip({d}.values(), [2.0, 3.0, 0.5]):',
                 f'{acc} = {acc} + {k} * {self.reduce(e, "any")}')])
            if form == 7 and self.chance(50):
                vals = self.fresh('vals')
                text = f'{self.reduce(f"{vals}[0]", "any")} * {self.reduce(f"{vals}[-1]", "any")}'
                return self.finish(scope, lines + [f'{vals} = list({d}.values())'], text)
            return self.finish(scope, lines + [f'{acc} = 0.0', head, '    ' + body], acc)
        lines, seq, kind, length = self.seq_source(scope)
        if form == 5:   # a copy by list() / tuple(), read by index
            copy_ = self.fresh('L')
            lines.append(f'{copy_} = {self.pick(["list", "tuple"])}({seq})')
            text = f'{self.reduce(f"{copy_}[0]", kind)} + {self.reduce(f"{copy_}[-1]", kind)}'
            return self.finish(scope, lines, text)
        inner = scope.child(loop=True)
        targets = {e: kind}
        if form == 0:
            head = f'for {i}, {e} in enumerate({seq}):'
            step = f'{acc} = {acc} * 0.5 + ({i} + 1) * {self.reduce(e, kind)}'
            inner.ints[i] = (0, length - 1)
        elif form == 1:
            head = f'for {i}, {e} in enumerate({seq}, start=1):'
            step = f'{acc} = {acc} + {i} * {self.reduce(e, kind)}'
            inner.ints[i] = (1, length)
        elif form == 2:
            head = f'for {e} in reversed({seq}):'
            step = f'{acc} = 0.5 * {acc} + {self.reduce(e, kind)}'
        else:   # zip with constants, or with another sequence
            g = self.fresh('g')
            others = [str([0.5, -1.5, 2.0, 0.25][:self.between(1, 4)])]
            others += [name for name, (k, _) in scope.seqs.items() if k == kind and name != seq]
            if kind == S:
                others += scope.names(V)
            other = self.pick(others)
            if form == 4:
                head = f'for {i}, ({e}, {g}) in enumerate(zip({seq}, {other})):'
                step = f'{acc} = {acc} + ({i} + 1) * {self.reduce(f"{e} * {g}", "any")}'
                inner.ints[i] = (0, length - 1)
            else:
                head = f'for {e}, {g} in zip({seq}, {other}):'
                step = f'{acc} = {acc} + {self.reduce(f"{e} * {g}", "any")}'
        body = []
        if kind in (S, V) and self.chance(40):
            inner.values[e] = kind
            inner.shared.add(e)   # a row or an element of the container
            body = self.block(inner, self.between(1, 2), returns)
        lines += [f'{acc} = 0.0', head] + _indent(body + [step])
        return self.finish(scope, lines, acc)

    def c_alias(self, scope, returns):
        """A second name for the same data, then an in-place update through one name."""
        form = self.between(0, 5)
        y = self.fresh('y')
        if form == 0 or form == 1:   # y = x; x += ... (or out = x; out += f(x))
            kind = self.pick([V, M])
            lines, x = self.base_array(kind, scope)
            value = self.operand(self.pick([S, kind]), scope)
            op = self.pick(['+=', '-=', '*=', '/='] if form == 0 else ['+=', '-=', '*='])
            if form == 1:   # out = x; out += tanh(x)
                value = Expr(f'{self.pick(["np.tanh", "np.sin"])}({x})')
            text = (f'(1.0 + 0.5 * np.tanh({value.text}))' if op in ('*=', '/=')
                    else value.text)
            lines += [f'{y} = {x}', f'{x if form == 0 else y} {op} {text}']
            read = self.pick([self.reduce(y, kind),
                              f'{self.reduce(y, kind)} + {self.reduce(x, kind)}',
                              f'np.sum({x} * {y})'])
            scope.shared |= {x, y}
            scope.bind(y, kind, Expr(y, frozenset({x})))
            return self.finish(scope, lines, read)
        if form == 2:   # floats are immutable: b = a; a += ... leaves b
            a = self.fresh('s')
            lines = [f'{a} = {self.operand(S, scope).text}', f'{y} = {a}',
                     f'{a} += {self.operand(S, scope).text}']
            return self.finish(scope, lines, f'{y} * {a}')
        if form == 3:   # rebinding is not writing: y = x; x = x + ...
            kind = self.pick([V, M])
            lines, x = self.base_array(kind, scope)
            lines += [f'{y} = {x}', f'{x} = {x} + {self.operand(kind, scope).text}']
            scope.bind(x, kind)
            return self.finish(scope, lines, f'{self.reduce(y, kind)} * {self.reduce(x, kind)}')
        if form == 4:   # a list under two names, appended through one
            lst = self.fresh('L')
            lines = [f'{lst} = [{self.item(S, scope)}, {self.item(S, scope)}]', f'{y} = {lst}',
                     f'{lst}.append({self.operand(S, scope).text})']
            return self.finish(scope, lines, self.pick([f'sum({y})', f'{y}[-1] * len({y})']))
        # an array inside a list, updated in place through another name
        lst, w = self.fresh('L'), self.fresh('w')
        lines = [f'{w} = {self.fresh_array(V, scope)}', f'{lst} = [{w}, {self.item(V, scope)}]',
                 f'{y} = {lst}[0]', f'{y} += {self.operand(self.pick([S, V]), scope).text}']
        scope.shared |= {w, y}
        return self.finish(scope, lines, f'{self.reduce(f"{lst}[0]", V)} + {self.reduce(w, V)}')

    def c_views(self, scope, returns):
        """A view (slice, reshape, ravel, .T, a row) written in place, then the base read."""
        n, kind = self.n, self.pick([V, M])
        lines, base = self.base_array(kind, scope)
        w = self.fresh('w')
        s = self.operand(S, scope).text
        updates = [f'{w} += {s}', f'{w} *= 1.0 + 0.5 * np.tanh({s})', f'{w} -= 0.5 * np.tanh({w})',
                   f'{w} /= 1.0 + {s} ** 2', f'{w}[0] = {s}', f'{w} **= 2']
        if kind == V:
            view = self.pick([f'{base}[1:]', f'{base}[:-1]', f'{base}[::2]', f'{base}[::-1]',
                              f'{base}[:]', f'{base}.reshape(1, {n})', f'{base}.reshape({n}, 1)',
                              f'{base}.ravel()', f'{base}[None, :]', f'np.asarray({base})',
                              f'{base}.reshape(-1)'])
            lines += [f'{w} = {view}', self.pick(updates)]
        elif self.chance(35):   # every row of a matrix, in place
            row, i = self.fresh('row'), self.fresh('i')
            v = self.operand(V, scope).text
            head = self.pick([f'for {row} in {base}:', f'for {i}, {row} in enumerate({base}):'])
            factor = f'({i} + 1) * 0.5' if 'enumerate' in head else '1.5'
            lines += [head, '    ' + self.pick([
                f'{row} /= np.sum({row} ** 2) + 1.0', f'{row} -= {row}.mean()',
                f'{row} *= {factor}', f'{row} += {v}', f'{row}[0] = np.sum({row})',
                f'{row} *= np.tanh({s})'])]
        else:
            view = self.pick([f'{base}.T', f'np.transpose({base})', f'{base}[0]', f'{base}[:, 1]',
                              f'{base}[1:, :]', f'{base}.ravel()', f'{base}.reshape({n * n})',
                              f'{base}.reshape(-1)', f'{base}[::-1]', f'{base}[:, ::-1]'])
            more = [f'{w} += {self.operand(V, scope).text}'] if view in (
                f'{base}.T', f'np.transpose({base})', f'{base}[0]', f'{base}[::-1]') else []
            lines += [f'{w} = {view}', self.pick(updates + more)]
        scope.shared.add(base)
        scope.bind(base, kind, Expr(base, frozenset({base})))
        read = self.reduce(base, kind)
        if f'{w} = ' in '\n'.join(lines) and self.chance(40):
            read += f' + {self.reduce(w, "any")}'
        return self.finish(scope, lines, read)

    def c_repeated_index(self, scope, returns):
        """Element writes whose integer index repeats: NumPy's buffered semantics."""
        n, kind = self.n, self.pick([V, V, M])
        z = self.fresh('z')
        lines = [f'{z} = {self.fresh_array(kind, scope)}']
        s = self.operand(S, scope).text
        v = self.operand(V, scope).text
        if kind == V:
            lines.append(self.pick([
                f'{z}[[0, 0]] += {s}', f'{z}[[1, 1]] = ({v})[:2]', f'{z}[[0, 0]] = {s}',
                f'{z}[[0, 1, 0]] += {s}', f'{z}[[1, 0, 1]] *= 1.5', f'{z}[[0, 0]] -= ({v})[:2]',
                f'{z}[np.array([1, 1])] += {s}', f'{z}[[-1, {n - 1}]] += {s}',
                f'{z}[[0, 0]] = ({v})[[1, 0]]', f'np.add.at({z}, [0, 0, 1], {s})',
                f'{z}[[1, 1]] += ({v})[:2]']))
        else:
            lines.append(self.pick([
                f'{z}[[0, 0]] += {v}', f'{z}[[0, 0], [1, 1]] += {s}', f'{z}[[1, 1]] = {v}',
                f'{z}[:, [0, 0]] += {s}', f'{z}[[1, 0, 1]] -= {v}']))
        scope.bind(z, kind)
        return self.finish(scope, lines, self.reduce(z, kind))

    def c_casts(self, scope, returns):
        """Casts and conversions: astype(int), int(), float(), np.asarray, bool masks.

        Integer casts read values inside a band away from every integer
        (``c + 0.4 * tanh(...)`` with ``c`` a half-integer), so no kink is near.
        """
        n, form = self.n, self.between(0, 6)
        c = self.pick(['1.5', '2.5', '-1.5', '0.5'])
        s = self.operand(S, scope).text
        if form == 0:   # int() of a scalar, then used as a factor or an index
            k = self.fresh('k')
            cast = self.pick(['int', 'math.floor', 'round', 'math.trunc'])
            band = f'{c} + 0.4 * np.tanh({s})'
            value = {'int': int, 'math.floor': lambda x: int(np.floor(x)),
                     'round': lambda x: int(round(x)), 'math.trunc': int}[cast](float(c) + 0.1)
            if cast == 'round':   # round's band sits around an integer
                band, value = f'{float(c) + 0.5} + 0.4 * np.tanh({s})', int(float(c) + 0.5)
            lines = [f'{k} = {cast}({band})']
            scope.ints[k] = (value, value)
            v = self.operand(V, scope).text
            return self.finish(scope, lines, self.pick([
                f'{self.operand(S, scope).text} * {k}', f'({v})[{k} % {n}] * 2.0',
                f'{self.reduce(v, V)} * ({k} + 0.5)']))
        if form == 1:   # astype(int) of an array, as weights or as an index
            kv = self.fresh('k')
            v = self.operand(V, scope).text
            ramp = self.pick(['', f' + np.arange({n})'])
            if c in ('1.5', '2.5') or not ramp:
                lines = [f'{kv} = ({c} + 0.4 * np.tanh({v})).astype(int){ramp}']
            else:
                lines = [f'{kv} = (0.5 + 0.4 * np.tanh({v})).astype(int){ramp}']
            w = self.operand(V, scope).text
            options = [f'np.sum(({w}) * {kv})', f'({w}) * {kv}']
            if ramp:
                options.append(f'({w})[{kv}[::-1] % {n}]')
            text = self.pick(options)
            return self.finish(scope, lines, text, S if text.startswith('np.sum') else V)
        if form == 2:   # float() and np.float64() of scalars
            text = self.pick([f'float({s})', f'np.float64({s})',
                              f'float(({self.operand(V, scope).text})[{self.index(scope, n)}])',
                              f'float(np.sum({self.operand(V, scope).text}))'])
            return self.finish(scope, [], f'{text} * {self.operand(S, scope).text}')
        if form == 3:   # np.asarray / astype(float) / np.array(..., dtype=float)
            v = self.operand(V, scope)
            conv = self.pick([f'np.asarray({v.text})', f'np.asarray({v.text}, dtype=float)',
                              f'({v.text}).astype(float)', f'np.array({v.text}, dtype=np.float64)',
                              f'({v.text}).astype(np.float64)', f'np.asarray({v.text}).copy()'])
            shares = v.shares if conv.startswith('np.asarray') and 'copy' not in conv else ()
            return self.finish(scope, [], conv, V, shares)
        if form == 4:   # np.asarray of a list of scalars
            parts = [self.item(S, scope) for _ in range(n)]
            return self.finish(scope, [], f'np.asarray([{", ".join(parts)}])', V)
        if form == 5:   # a boolean mask cast to float
            v = self.operand(V, scope).text
            mask = self.pick([f'({v} > {self.constant()}).astype(float)',
                              f'np.asarray({v} < {self.constant()}, dtype=float)'])
            return self.finish(scope, [], f'np.sum(({self.operand(V, scope).text}) * {mask})')
        k = self.fresh('k')   # an int array from np.asarray of ints
        lines = [f'{k} = np.asarray([int({c} + 0.4 * np.tanh({s})), 1, 0])']
        return self.finish(scope, lines, f'np.sum(({self.operand(V, scope).text})[:1] * {k}[0])'
                           if n < 3 else f'np.sum(({self.operand(V, scope).text})[:3] * {k})')

    # functions and modules
    def function(self, name, params, returns, callables, size, keyword='', writes=True):
        values = {p: k for p, k in params if k in (S, V, M)}
        readable = {}
        for p, k in params:
            if k == 'dict':
                readable.update({f"{p}['w']": V, f"{p}['b']": S})
            elif k == 'tuple':
                readable.update({f'{p}[0]': V, f'{p}[1]': S})
            elif k == 'list':
                readable.update({f'{p}[0]': V, f'{p}[-1]': V})
        readable.update(GLOBALS)
        scope = Scope({**values, **readable}, values, callables)
        scope.lists = [p for p, k in params if k == 'list']
        scope.seqs.update({p: (V, 2) for p, k in params if k == 'list'})
        scope.seqs.update({p: ('any', 2) for p, k in params if k == 'tuple'})
        scope.dicts.update({p: 'any' for p, k in params if k == 'dict'})
        scope.shared |= {p for p, k in params if k in ('dict', 'tuple', 'list') or not writes}
        if keyword:
            scope.values[keyword] = S
        self.statements_left = size
        body = self.block(scope, size, returns) + self.return_(scope, returns)
        args = [p for p, _ in params] + ([f'{keyword}=0.5'] if keyword else [])
        return [f'def {name}({", ".join(args)}):'] + _indent(body)

    def helper(self, callables):
        name = self.fresh('helper')
        kinds = [self.pick([V, S]) for _ in range(self.between(1, 2))]
        params = [(self.fresh('a'), k) for k in kinds]
        returns = (self.pick([S, V]),) if self.chance(75) else (S, V)
        keyword = self.fresh('scale') if self.chance(25) else ''
        # a helper writes into its caller's arrays only in a risky program
        lines = self.function(name, params, returns, callables, self.between(1, 4), keyword,
                              writes=False)
        return lines, Callable(name, tuple(kinds), returns, keyword)

    def recursive_helper(self):
        name = self.fresh('recurse')
        step = self.pick(SQUASH).format('a')
        lines = [f'def {name}(a, depth):', '    if depth == 0:', '        return a',
                 f'    return {name}(0.5 * a + {step}, depth - 1)']
        return lines, Callable(name, (V,), (V,))


def _indent(lines):
    return ['    ' + line for line in lines]


@dataclass(frozen=True)
class Program:
    """A generated module (``f`` is the function to differentiate) and its inputs."""

    source: str
    params: tuple   # ((name, kind), ...): kinds 's', 'v', 'm', 'dict', 'tuple', 'list'
    wrt: tuple      # positions differentiated
    n: int          # vector length; matrices are n by n
    seed: int       # inputs and directions
    risky: bool = False   # may write into shared data; a refusal is then fine
    constructs: tuple = ()   # the CONSTRUCTS it uses: any refusal is then acceptable

    def meta(self):
        return json.dumps({'params': self.params, 'wrt': self.wrt, 'n': self.n,
                           'seed': self.seed, 'risky': self.risky,
                           'constructs': self.constructs})

    def __repr__(self):
        return f'Program({self.meta()})\n{self.source}'


PARAM_MENU = [('y', V), ('c', S), ('A', M), ('p', 'dict'), ('pair', 'tuple'), ('ws', 'list')]
#: Module-level names every function may read (globals resolve live).
GLOBALS = {'SCALE': S, 'OFFSET': V}
#: The statement families of issue 13 (where srcad once gave silently wrong
#: derivatives), each a ``Generator.c_<name>`` method; ``programs(constructs=...)``
#: and ``--constructs`` choose which ones join the classic menu.
ISSUE13_CONSTRUCTS = ('containers', 'np_containers', 'iteration', 'alias', 'views',
                      'repeated_index', 'casts')
#: The constructs srcad learned in its second wave (tests/fuzz_language.py and
#: tests/fuzz_libraries.py; the SciPy ones only when SciPy is installed).
WAVE2_CONSTRUCTS = LANGUAGE_CONSTRUCTS + tuple(
    c for c in LIBRARY_CONSTRUCTS if HAVE_SCIPY or c not in SCIPY_CONSTRUCTS)
CONSTRUCTS = ISSUE13_CONSTRUCTS + WAVE2_CONSTRUCTS


def programs(max_statements=8, constructs=CONSTRUCTS):
    """A hypothesis strategy of random differentiable programs.

    With ``constructs`` (a subset of :data:`CONSTRUCTS`), ``f`` starts with one of
    them and about a third of all statements are drawn from them.
    """
    from hypothesis import strategies as st
    unknown = set(constructs) - set(CONSTRUCTS)
    if unknown:
        raise ValueError(f'unknown constructs {sorted(unknown)}; known: {CONSTRUCTS}')
    return st.composite(_draw_program)(max_statements, tuple(constructs))


def _draw_program(draw, max_statements, constructs):
    from hypothesis import strategies as st
    n = draw(st.sampled_from([3, 2, 4]))
    gen = Generator(draw, n)
    params = [('x', V)] + [p for p in PARAM_MENU if gen.chance(35)]
    chunks, callables = [], []
    for _ in range(gen.between(0, 2)):
        lines, fn = gen.helper(callables)
        chunks.append(lines)
        callables.append(fn)
    if gen.chance(15):
        lines, fn = gen.recursive_helper()
        chunks.append(lines)
        callables.append(fn)
    gen.constructs, gen.force = constructs, bool(constructs)   # not in helpers
    main = gen.function('f', params, (S,), callables, gen.between(1, max_statements))
    chunks.append(main)
    chunks += gen.module_chunks   # helpers with *args, **kwargs
    source = _tidy(chunks, callables, n, gen.imports)
    wrt = tuple(i for i in range(len(params)) if i == 0 or gen.chance(70))
    if gen.chance(15) and len(params) > 1:
        wrt = tuple(i for i in range(1, len(params)))  # x itself a constant
    seed = draw(st.integers(0, 2 ** 31 - 1))
    used = tuple(c for c in CONSTRUCTS if c in gen.used)
    return Program(source, tuple(params), wrt, n, seed, gen.risky, used)


def _tidy(chunks, callables, n, imports=()):
    """Module text, with redundant parentheses removed (via ``ast.unparse``)."""
    texts = []
    for lines in chunks:
        text = '\n'.join(lines) + '\n'
        text = _fix_recursive_calls(text, callables)
        texts.append(ast.unparse(ast.parse(text)))
    header = 'import math\n\nimport numpy as np\n'
    if HAVE_SCIPY:
        header += 'import scipy.special\n'
    header += ''.join(f'{line}\n' for line in sorted(imports, key=lambda i: (i[0] == 'f', i)))
    header += f'\nSCALE = 0.7\nOFFSET = np.linspace(-0.5, 0.5, {n})\n'
    return header + '\n\n' + '\n\n\n'.join(texts) + '\n'


def _fix_recursive_calls(text, callables):
    """A recursive helper takes its depth: ``recurseN(v)`` -> ``recurseN(v, 2)``."""
    tree = ast.parse(text)
    recursive = {c.name for c in callables if c.name.startswith('recurse')}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in recursive and len(node.args) == 1):
            node.args.append(ast.Constant(2))
    return ast.unparse(tree)


# -- inputs, as pytrees of floats and arrays -------------------------------------
def make_inputs(program):
    """The arguments of ``f``: standard normal floats, vectors and matrices."""
    rng = np.random.default_rng(program.seed)
    n = program.n
    make = {S: lambda: float(rng.uniform(-1.5, 1.5)), V: lambda: rng.standard_normal(n),
            M: lambda: rng.standard_normal((n, n)) * 0.7,
            'dict': lambda: {'w': rng.standard_normal(n), 'b': float(rng.uniform(-1, 1))},
            'tuple': lambda: (rng.standard_normal(n), float(rng.uniform(-1, 1))),
            'list': lambda: [rng.standard_normal(n), rng.standard_normal(n)]}
    return [make[kind]() for _, kind in program.params]


def _map(fn, *trees):
    first = trees[0]
    if isinstance(first, dict):
        return {k: _map(fn, *(t[k] for t in trees)) for k in first}
    if isinstance(first, (tuple, list)):
        return type(first)(_map(fn, *parts) for parts in zip(*trees))
    return fn(*trees)


def _leaves(tree):
    if isinstance(tree, dict):
        return [leaf for k in tree for leaf in _leaves(tree[k])]
    if isinstance(tree, (tuple, list)):
        return [leaf for part in tree for leaf in _leaves(part)]
    return [tree]


def _moved(x, t, v):
    """``x + t * v`` as a new value of ``x``'s type (floats stay floats)."""
    return _map(lambda a, d: float(a + t * d) if isinstance(a, float) else a + t * d, x, v)


def _dot(a, b):
    return float(sum(np.sum(np.asarray(p, dtype=float) * np.asarray(q, dtype=float))
                     for p, q in zip(_leaves(a), _leaves(b))))


def _identical(a, b):
    la, lb = _leaves(a), _leaves(b)
    return len(la) == len(lb) and all(
        type(p) is type(q) and np.shape(p) == np.shape(q)
        and np.array_equal(p, q, equal_nan=True) for p, q in zip(la, lb))


# -- checking one program -----------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """How one program fared: ``ok``, ``skip`` (outside the checkable region),
    ``refused`` (an acceptable refusal), ``invalid`` (a generator mistake) or
    ``fail`` (a srcad bug), with the stage and the message."""

    status: str
    stage: str = ''
    message: str = ''
    gaps: tuple = ()   # functions without a forward-mode rule (jvp not checked)

    @property
    def signature(self):
        """Failures with the same signature are probably the same bug: the stage and
        the leading words of the message, up to the first quoted or code-like word."""
        first = self.message.strip().splitlines()[0] if self.message.strip() else ''
        words = []
        for word in first.split()[:10]:
            if any(c in word for c in '()[]\'"<>=.,') and words:
                break
            words.append(re.sub(r'\d+', 'N', word))   # helper3 and helper8 alike
        return f'{self.stage}: {" ".join(words)}'

    @property
    def category(self):
        """``ok``, ``refused``, ``wrong`` (a wrong number), ``crash`` (an exception
        other than a SrcadError), ``mutated`` (an argument changed), ``refused!``
        (a refusal of a classic program: a regression), ``inconclusive``, ``skip``
        or ``invalid``."""
        if self.stage == 'inconclusive':
            return 'inconclusive'
        if self.status != 'fail':
            return self.status
        if 'changed its inputs' in self.stage:
            return 'mutated'
        if self.stage.endswith('raised') or self.stage == 'result':
            return 'crash'
        if self.stage.endswith('refused'):
            return 'refused!'
        return 'wrong'


class Failure(AssertionError):
    """A srcad bug found in a generated program (the message shows the program)."""


def load(program, directory):
    """Write the program to a real file in ``directory`` and import it."""
    digest = hashlib.sha1(program.source.encode()).hexdigest()[:12]
    name = f'srcad_fuzz_{digest}'
    path = pathlib.Path(directory) / f'{name}.py'
    path.write_text(program.source)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    with warnings.catch_warnings():   # the minimizer's candidates, like 1.0[:2]
        warnings.simplefilter('ignore', SyntaxWarning)
        spec.loader.exec_module(module)
    return module


def check(program, directory, hvp=False, jvp=False) -> Outcome:
    """Run every check on one program; never raises for a srcad bug, returns it.

    With ``hvp``, also check Hessian-vector products (forward over reverse)
    against finite differences of the gradient; with ``jvp``, check forward mode
    against finite differences first, on its own (also where grad refuses).
    A program that uses one of :data:`CONSTRUCTS` may be refused (a SrcadError
    in any mode): its outcome is then ``refused``, with the stage.
    """
    outcome = _check(program, directory, hvp, jvp)
    if (outcome.status == 'fail' and outcome.stage.endswith('refused')
            and program.constructs):
        return Outcome('refused', outcome.stage, outcome.message, outcome.gaps)
    return outcome


def _check(program, directory, hvp, jvp):
    import srcad
    try:
        f = load(program, directory).f
    except Exception:  # noqa: BLE001 - a generator mistake
        return Outcome('invalid', 'import', traceback.format_exc(limit=1))
    args = make_inputs(program)
    try:
        value = f(*copy.deepcopy(args))
    except Exception:  # noqa: BLE001
        return Outcome('invalid', 'primal', traceback.format_exc(limit=2))
    if np.asarray(value).dtype.kind != 'f' or np.shape(value) != ():
        return Outcome('invalid', 'primal', f'f returned {type(value).__name__}')
    if not np.isfinite(value) or abs(value) > 1e6:
        return Outcome('skip', 'primal', f'f = {value!r}')
    try:
        return _check_derivatives(srcad, program, f, args, float(value), hvp, jvp)
    except Failure as exc:
        return Outcome('fail', *exc.args)
    except Exception as exc:  # noqa: BLE001 - e.g. a result of the wrong type
        return Outcome('fail', 'result', f'{type(exc).__name__}: {exc}\n'
                                         f'{traceback.format_exc(limit=-3)}')


def _run(stage, call):
    import srcad
    try:
        return call()
    except srcad.SrcadError as exc:
        raise Failure(f'{stage} refused', f'{type(exc).__name__}: {exc}') from None
    except Exception as exc:  # noqa: BLE001
        tb = traceback.format_exc(limit=-3)
        raise Failure(f'{stage} raised', f'{type(exc).__name__}: {exc}\n{tb}') from None


def _check_derivatives(srcad, program, f, args, value, hvp=False, jvp=False):
    wrt = program.wrt
    pristine = copy.deepcopy(args)
    spec = wrt if len(wrt) > 1 else wrt[0]
    forward = _check_jvp_alone(srcad, program, f, args, pristine, value) if jvp else ''
    try:
        grads = srcad.grad(f, wrt=spec)(*args)
    except srcad.SrcadError as exc:
        if program.risky and ('same data' in str(exc) or 'in place' in str(exc)):
            return Outcome('refused', 'grad', str(exc))
        note = ('\n(jvp answered, and matched finite differences)'
                if jvp and forward == 'answered' else '')
        raise Failure('grad refused', f'{type(exc).__name__}: {exc}{note}') from None
    except Exception as exc:  # noqa: BLE001
        raise Failure('grad raised', f'{type(exc).__name__}: {exc}\n'
                                     f'{traceback.format_exc(limit=-3)}') from None
    if not _identical(args, pristine):
        raise Failure('grad changed its inputs', 'an argument differs after srcad.grad')
    grads = grads if len(wrt) > 1 else (grads,)
    for pos, g in zip(wrt, grads):
        shapes = [np.shape(leaf) for leaf in _leaves(g)]
        expected = [np.shape(leaf) for leaf in _leaves(args[pos])]
        if shapes != expected:
            raise Failure('gradient shape', f'arg {pos}: gradient shapes {shapes}, '
                                            f'inputs {expected}')
    rng = np.random.default_rng(program.seed + 1)
    checked = []
    for _ in range(2):
        directions = [_map(lambda a: rng.standard_normal(np.shape(a)), arg) if i in wrt
                      else _map(lambda a: np.zeros(np.shape(a)), arg)
                      for i, arg in enumerate(args)]
        analytic = sum(_dot(g, directions[pos]) for pos, g in zip(wrt, grads))
        _check_finite_differences(f, args, directions, analytic, value)
        checked.append((directions, analytic))
    _check_value_and_grad(srcad, f, args, spec, grads, value, wrt)
    _check_vjp(srcad, f, args, pristine, grads, value, wrt)
    if hvp:
        _check_hvp(srcad, f, args, pristine, wrt[0], checked[0][0][wrt[0]])
    for directions, analytic in checked:  # last: forward mode is checked against reverse
        gaps = _check_jvp(srcad, f, args, pristine, directions, analytic, value)
        if gaps:
            return Outcome('ok', gaps=tuple(gaps))
    return Outcome('ok')


def _check_jvp_alone(srcad, program, f, args, pristine, value):
    """``jvp`` against finite differences, independently of reverse mode.

    Returns ``'answered'`` or ``'refused'``; raises :class:`Failure` for a wrong
    tangent or value, a crash or a changed argument.
    """
    rng = np.random.default_rng(program.seed + 2)
    directions = [_map(lambda a: rng.standard_normal(np.shape(a)), arg) if i in program.wrt
                  else _map(lambda a: np.zeros(np.shape(a)), arg)
                  for i, arg in enumerate(args)]
    try:
        primal, tangent = srcad.jvp(f, tuple(args), tuple(directions))
    except srcad.SrcadError:
        return 'refused'
    except Exception as exc:  # noqa: BLE001
        raise Failure('jvp raised', f'{type(exc).__name__}: {exc}\n'
                                    f'{traceback.format_exc(limit=-3)}') from None
    if not _identical(args, pristine):
        raise Failure('jvp changed its inputs', 'an argument differs after srcad.jvp')
    if not _close(float(primal), value, 1e-9, 1e-12):
        raise Failure('jvp value', f'jvp returns another value: {primal!r}, f gives {value!r}')
    _check_finite_differences(f, args, directions, float(tangent), value, 'jvp')
    return 'answered'


def _close(a, b, rtol, atol):
    return bool(np.isfinite(a) and np.isfinite(b)
                and abs(a - b) <= atol + rtol * max(abs(a), abs(b)))


def _check_finite_differences(f, args, directions, analytic, value, mode='gradient'):
    def at(t):
        return float(f(*[_moved(a, t, d) for a, d in zip(args, directions)]))

    estimates = []
    for h, five_point in ((1e-3, True), (1e-4, True), (1e-6, False)):
        if five_point:
            estimates.append((at(-2 * h) - 8 * at(-h) + 8 * at(h) - at(2 * h)) / (12 * h))
        else:
            estimates.append((at(h) - at(-h)) / (2 * h))
        if _close(analytic, estimates[-1], 1e-5, 1e-7 * (1 + abs(value))):
            return
    smooth = all(_close(e, estimates[0], 1e-3, 1e-5 * (1 + abs(value))) for e in estimates)
    if smooth or not np.isfinite(analytic):
        what = '<grad, v>' if mode == 'gradient' else 'jvp tangent'
        raise Failure(f'{mode} mismatch' if mode == 'gradient' else 'jvp mismatch (fd)',
                      f'srcad and finite differences disagree: {what} = {analytic!r}, '
                      f'differences {estimates!r}')
    raise Failure('inconclusive', f'f is not smooth here: finite differences '
                                  f'{estimates!r}, <grad, v> = {analytic!r}')


def _check_jvp(srcad, f, args, pristine, directions, analytic, value):
    """Forward mode against reverse; returns the missing forward rules, if any."""
    try:
        result = _run('jvp', lambda: srcad.jvp(f, tuple(args), tuple(directions)))
    except Failure as exc:
        missing = re.match(r'NoRuleError: (?:no forward-mode rule for|srcad has no '
                           r'forward-mode derivative of) (\S+)', exc.args[1])
        if missing:  # a known gap rather than a wrong answer
            return [missing.group(1)]
        raise
    if not _identical(args, pristine):
        raise Failure('jvp changed its inputs', 'an argument differs after srcad.jvp')
    primal, tangent = result
    if not _close(float(primal), value, 1e-9, 1e-12):
        raise Failure('jvp value', f'jvp returns another value: {primal!r}, f gives {value!r}')
    if not _close(float(tangent), analytic, 1e-6, 1e-9 * (1 + abs(value) + abs(analytic))):
        raise Failure('jvp mismatch', f'jvp and grad disagree: tangent {tangent!r}, '
                                      f'<grad, v> = {analytic!r}')
    return []


def _check_value_and_grad(srcad, f, args, spec, grads, value, wrt):
    both = _run('value_and_grad', lambda: srcad.value_and_grad(f, wrt=spec)(*args))
    again = _run('grad (cached)', lambda: srcad.grad(f, wrt=spec)(*args))
    again = again if len(wrt) > 1 else (again,)
    if not _close(float(both[0]), value, 1e-9, 1e-12):
        raise Failure('value_and_grad value', f'value_and_grad returns another value: '
                                              f'{both[0]!r}, f gives {value!r}')
    theirs = both[1] if len(wrt) > 1 else (both[1],)
    for label, other in (('value_and_grad', theirs), ('a second grad call', again)):
        for a, b in zip(_leaves(list(grads)), _leaves(list(other))):
            if not np.allclose(a, b, rtol=1e-9, atol=1e-12, equal_nan=True):
                raise Failure(f'{label} gradient', f'{label} returns another gradient: '
                                                   f'{b!r}, grad gave {a!r}')


def _check_vjp(srcad, f, args, pristine, grads, value, wrt):
    """``vjp(f, *args)`` pulled back from 1.0 gives the gradient (every argument)."""
    out, back = _run('vjp', lambda: srcad.vjp(f, *args))
    pulled = _run('vjp backward', lambda: back(1.0))
    if not _identical(args, pristine):
        raise Failure('vjp changed its inputs', 'an argument differs after srcad.vjp')
    if not _close(float(out), value, 1e-9, 1e-12):
        raise Failure('vjp value', f'vjp returns another value: {out!r}, f gives {value!r}')
    for pos, g in zip(wrt, grads):
        for a, b in zip(_leaves(g), _leaves(pulled[pos])):
            if not np.allclose(a, b, rtol=1e-9, atol=1e-12, equal_nan=True):
                raise Failure('vjp gradient', f'vjp and grad disagree: argument {pos}: '
                                              f'vjp gives {b!r}, grad {a!r}')


def _check_hvp(srcad, f, args, pristine, pos, direction):
    """``hvp`` (forward over reverse) against differences of the gradient."""
    product = _run('hvp', lambda: srcad.hvp(f, tuple(args), direction, wrt=pos))
    if not _identical(args, pristine):
        raise Failure('hvp changed its inputs', 'an argument differs after srcad.hvp')
    gradient = srcad.grad(f, wrt=pos)
    probe = _map(lambda d: np.random.default_rng(3).standard_normal(np.shape(d)), direction)
    analytic = _dot(product, probe)

    def at(t):
        moved = list(args)
        moved[pos] = _moved(args[pos], t, direction)
        return _dot(gradient(*moved), probe)
    estimates = []
    for h in (1e-3, 1e-4):
        estimates.append((at(-2 * h) - 8 * at(-h) + 8 * at(h) - at(2 * h)) / (12 * h))
        if _close(analytic, estimates[-1], 1e-5, 1e-7 * (1 + abs(estimates[-1]))):
            return
    if _close(estimates[0], estimates[1], 1e-3, 1e-5):
        raise Failure('hvp mismatch', f'hvp and the gradient disagree: <hvp, u> = '
                                      f'{analytic!r}, differences of the '
                                      f'gradient give {estimates!r}')
    raise Failure('inconclusive', f'the gradient is not smooth here: {estimates!r}')


def assert_ok(program, directory):
    """For tests: raise :class:`Failure` (showing the program) unless it checks out.

    Skipped programs call ``hypothesis.reject()``.
    """
    outcome = check(program, directory)
    if outcome.status in ('skip', 'inconclusive') or outcome.stage == 'inconclusive':
        from hypothesis import reject
        reject()
    if outcome.status != 'ok' and outcome.status != 'refused':
        raise Failure(f'{outcome.status} at {outcome.stage}:\n{outcome.message}\n'
                      f'--- program ---\n{program!r}')


# -- the long run ------------------------------------------------------------------
class Summary:
    """Counts, the first program of each failure signature, and progress lines."""

    def __init__(self, out, every):
        self.out, self.every = pathlib.Path(out), every
        self.counts, self.failures, self.signatures, self.gaps = {}, [], {}, {}
        self.per_construct = {}   # construct (or 'classic') -> category -> count
        self.refusals = {}        # construct -> refusal signature -> count
        self.split = []           # saved programs refused in one mode only
        self.start = time.monotonic()

    def record(self, program, outcome):
        status = 'inconclusive' if outcome.stage == 'inconclusive' else outcome.status
        self.counts[status] = self.counts.get(status, 0) + 1
        for name in outcome.gaps:
            self.gaps[name] = self.gaps.get(name, 0) + 1
        for construct in program.constructs or ('classic',):
            row = self.per_construct.setdefault(construct, {})
            for key in ('programs', outcome.category):
                row[key] = row.get(key, 0) + 1
            if outcome.status == 'refused':
                sigs = self.refusals.setdefault(construct, {})
                sigs[outcome.signature] = sigs.get(outcome.signature, 0) + 1
        if outcome.status == 'refused' and outcome.stage not in ('grad', 'grad refused'):
            # grad answered (correctly) but another mode refused: worth a look
            self.split.append(save(program, outcome,
                                   self.out / f'refused-{len(self.split) + 1:03d}.py'))
        if status in ('fail', 'invalid'):
            self.signatures.setdefault(outcome.signature, []).append(self._save(program, outcome))
        total = sum(self.counts.values())
        if self.every and total % self.every == 0:
            rate = total / (time.monotonic() - self.start)
            print(f'[{total:6d}] {self._counts()}  ({rate:.1f} programs/s)', flush=True)

    def _save(self, program, outcome):
        path = save(program, outcome, self.out / f'failure-{len(self.failures) + 1:03d}.py')
        self.failures.append(path)
        return path

    def _counts(self):
        return ', '.join(f'{k} {v}' for k, v in sorted(self.counts.items()))

    def report(self):
        total = sum(self.counts.values())
        lines = [f'tests.fuzz: {total} programs in {time.monotonic() - self.start:.0f} s: '
                 f'{self._counts()}']
        for signature, paths in sorted(self.signatures.items(), key=lambda s: -len(s[1])):
            lines.append(f'  {len(paths):4d} x {signature}')
            lines.append(f'         first: {paths[0]}')
        if self.gaps:
            gaps = sorted(self.gaps.items(), key=lambda item: -item[1])
            lines.append('  jvp not checked (no forward-mode rule): '
                         + ', '.join(f'{name} ({count})' for name, count in gaps))
        if set(self.per_construct) - {'classic'}:
            lines += ['per construct (a program counts under each construct it uses):',
                      self.table()]
            if self.split:
                lines.append(f'  refused after grad answered (saved): {len(self.split)}, '
                             f'first: {self.split[0]}')
            for construct, sigs in sorted(self.refusals.items()):
                top = sorted(sigs.items(), key=lambda item: -item[1])[:3]
                lines.append(f'  {construct} refusals: '
                             + '; '.join(f'{count} x {sig}' for sig, count in top))
        return '\n'.join(lines)

    COLUMNS = ('programs', 'ok', 'refused', 'wrong', 'crash', 'mutated', 'refused!',
               'inconclusive', 'skip', 'invalid')

    def table(self):
        """Counts per construct, one row each (``refused!``: a classic program refused)."""
        rows = [('construct',) + self.COLUMNS]
        for construct in sorted(self.per_construct):
            row = self.per_construct[construct]
            rows.append((construct,) + tuple(str(row.get(c, 0)) for c in self.COLUMNS))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        return '\n'.join('  ' + '  '.join(cell.rjust(w) for cell, w in zip(r, widths))
                         for r in rows)


def save(program, outcome, path):
    """Write a failing program with what went wrong and how to check it again."""
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = [f'# tests.fuzz {outcome.status} at {outcome.stage}', f'# fuzz: {program.meta()}']
    header += ['# ' + line for line in outcome.message.strip().splitlines()]
    path.write_text('\n'.join(header) + '\n' + program.source)
    return path


def read_saved(path):
    """The :class:`Program` in a file written by a long run."""
    text = pathlib.Path(path).read_text()
    meta = next(json.loads(line[len('# fuzz: '):]) for line in text.splitlines()
                if line.startswith('# fuzz: '))
    source = '\n'.join(line for line in text.splitlines() if not line.startswith('#')).lstrip()
    return Program(source + '\n', tuple(tuple(p) for p in meta['params']),
                   tuple(meta['wrt']), meta['n'], meta['seed'], meta.get('risky', False),
                   tuple(meta.get('constructs', ())))


def replay(path, hvp=False, jvp=False):
    """Check a program saved by a long run again; returns its :class:`Outcome`."""
    with tempfile.TemporaryDirectory() as directory:
        return check(read_saved(path), directory, hvp, jvp)


# -- minimizing a failing program ---------------------------------------------------------
def minimize(program, directory, budget=400, hvp=False, jvp=False):
    """A smaller program that fails the same way (same :attr:`Outcome.signature`).

    Greedy: drop statements (helpers included), replace a compound statement by
    its body, replace a call or an operation by one of its operands, keep every
    change after which the program still fails the same way.
    """
    target = check(program, directory, hvp, jvp)
    if target.status != 'fail':
        return program
    tree, tries = ast.parse(program.source), [0]

    def same(candidate):
        if not _well_formed(candidate):
            return None
        tries[0] += 1
        try:
            source = ast.unparse(ast.fix_missing_locations(candidate)) + '\n'
        except Exception:  # noqa: BLE001
            return None
        smaller = Program(source, program.params, program.wrt, program.n, program.seed,
                          program.risky, program.constructs)
        outcome = _time_limited(30, lambda: check(smaller, directory, hvp, jvp))
        if outcome is None:
            return None
        return smaller if outcome.status == 'fail' and \
            outcome.signature == target.signature else None

    best, improved = program, True
    while improved and tries[0] < budget:
        improved = False
        for candidate in _smaller_trees(tree):
            found = same(candidate)
            if found is not None:
                best, tree, improved = found, candidate, True
                break
            if tries[0] >= budget:
                break
    return best


def _well_formed(module):
    """No function reads a local name before some statement above could bind it
    (the minimizer must not trade a srcad bug for a NameError in dead code)."""
    import builtins
    known = set(dir(builtins))
    for stmt in module.body:
        known |= {stmt.name} if isinstance(stmt, ast.FunctionDef) else _bound_by(stmt)
    return all(_reads_bound(f.body, known | {a.arg for a in f.args.args + f.args.kwonlyargs}
                            | {a.arg for a in (f.args.vararg, f.args.kwarg) if a})
               for f in module.body if isinstance(f, ast.FunctionDef))


def _bound_by(stmt):
    """Names a statement (with its nested blocks) may bind."""
    names = {n.id for n in ast.walk(stmt) if isinstance(n, ast.Name)
             and isinstance(n.ctx, ast.Store)}
    names |= {n.name for n in ast.walk(stmt) if isinstance(n, ast.FunctionDef)}
    names |= {a.asname or a.name.split('.')[0] for n in ast.walk(stmt)
              if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
    return names


def _reads_bound(body, bound):
    bound = set(bound)
    for stmt in body:
        if isinstance(stmt, ast.FunctionDef):
            bound.add(stmt.name)   # its body may read names bound later (late binding)
            continue
        heads = ([stmt.test] if isinstance(stmt, (ast.If, ast.While)) else
                 [stmt.iter] if isinstance(stmt, ast.For) else
                 [item.context_expr for item in stmt.items] if isinstance(stmt, ast.With)
                 else [] if isinstance(stmt, ast.Try) else [stmt])
        for head in heads:
            reads = {n.id for n in ast.walk(head) if isinstance(n, ast.Name)
                     and isinstance(n.ctx, ast.Load)}
            lambdas = {n.id for lam in ast.walk(head) if isinstance(lam, ast.Lambda)
                       for n in ast.walk(lam) if isinstance(n, ast.Name)}
            lambdas |= {n.id for comp in ast.walk(head) if isinstance(comp, ast.comprehension)
                        for n in ast.walk(comp.target) if isinstance(n, ast.Name)}
            if not (reads - lambdas) <= bound:
                return False
        if isinstance(stmt, (ast.If, ast.For, ast.While)):
            inner = bound | (_bound_by(stmt.target) if isinstance(stmt, ast.For) else set())
            if not (_reads_bound(stmt.body, inner) and _reads_bound(stmt.orelse, bound)):
                return False
        elif isinstance(stmt, ast.With):
            if not _reads_bound(stmt.body, bound | _bound_by(stmt)):
                return False
        elif isinstance(stmt, ast.Try):
            after = bound | {n for s in stmt.body for n in _bound_by(s)}
            if not (_reads_bound(stmt.body, bound) and _reads_bound(stmt.orelse, after)
                    and _reads_bound(stmt.finalbody, bound)
                    and all(_reads_bound(h.body, bound | {h.name}) for h in stmt.handlers)):
                return False
        bound |= _bound_by(stmt)
    return True


def _time_limited(seconds, call):
    """``call()``, or None when it takes longer than ``seconds`` (main thread only)."""
    import signal
    import threading
    if threading.current_thread() is not threading.main_thread():
        return call()

    def stop(signum, frame):
        raise TimeoutError
    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        outcome = call()
    except TimeoutError:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return None if 'TimeoutError' in outcome.message else outcome


def _loop_counters(tree):
    """Statements that advance a ``while`` loop's counter: never edited, so that a
    smaller program still terminates."""
    counters = set()
    for loop in ast.walk(tree):
        if isinstance(loop, ast.While):
            tested = {n.id for n in ast.walk(loop.test) if isinstance(n, ast.Name)}
            counters |= {id(node) for stmt in loop.body if isinstance(stmt, ast.Assign)
                         and {t.id for t in stmt.targets if isinstance(t, ast.Name)} & tested
                         for node in ast.walk(stmt)}
    return counters


def _smaller_trees(tree):
    """Each tree with one statement removed, unnested, or one expression simplified."""
    counters = _loop_counters(tree)
    bodies = [(node, field) for node in ast.walk(tree)
              for field in ('body', 'orelse') if isinstance(getattr(node, field, None), list)]
    for node_index, (node, field) in enumerate(bodies):
        for i, stmt in enumerate(getattr(node, field)):
            if isinstance(stmt, (ast.Import, ast.ImportFrom)) or id(stmt) in counters:
                continue
            replacements = [[]]
            if isinstance(stmt, (ast.If, ast.For, ast.While)):
                replacements += [stmt.body, stmt.orelse]
            elif isinstance(stmt, ast.With):
                replacements.append(stmt.body)
            elif isinstance(stmt, ast.Try):
                replacements += [stmt.body + stmt.orelse] + [h.body for h in stmt.handlers]
            for replacement in replacements:
                yield _edited(tree, node_index, field, i, replacement)
    expressions = [n for n in ast.walk(tree) if isinstance(n, (ast.Call, ast.BinOp, ast.IfExp))]
    for k, node in enumerate(expressions):
        if id(node) in counters:
            continue
        parts = (node.args if isinstance(node, ast.Call) else [node.left, node.right]
                 if isinstance(node, ast.BinOp) else [node.body, node.orelse])
        for j in range(len(parts)):
            yield _replaced_expression(tree, k, j)


def _edited(tree, node_index, field, i, replacement):
    new = copy.deepcopy(tree)
    bodies = [(node, f) for node in ast.walk(new)
              for f in ('body', 'orelse') if isinstance(getattr(node, f, None), list)]
    node, name = bodies[node_index]
    block = getattr(node, name)
    block[i:i + 1] = copy.deepcopy(replacement)
    if not block and name == 'body':
        block.append(ast.Pass())
    return new


def _replaced_expression(tree, k, j):
    new = copy.deepcopy(tree)
    nodes = [n for n in ast.walk(new) if isinstance(n, (ast.Call, ast.BinOp, ast.IfExp))]
    node = nodes[k]
    parts = (node.args if isinstance(node, ast.Call) else [node.left, node.right]
             if isinstance(node, ast.BinOp) else [node.body, node.orelse])
    operand = parts[j]

    class Swap(ast.NodeTransformer):
        def visit(self, n):
            return operand if n is node else super().visit(n)
    return Swap().visit(new)


def minimize_saved(paths, hvp=False, jvp=False):
    """Minimize saved failing programs, each into ``NAME.min.py`` beside it."""
    written = []
    with tempfile.TemporaryDirectory() as directory:
        for path in paths:
            program = read_saved(path)
            smaller = minimize(program, directory, hvp=hvp, jvp=jvp)
            target = pathlib.Path(path).with_suffix('.min.py')
            written.append(save(smaller, check(smaller, directory, hvp, jvp), target))
    return written


def run(examples, seed, out='fuzz-failures', every=100, max_statements=8, hvp=False,
        jvp=False, constructs=CONSTRUCTS):
    """Check ``examples`` random programs, keeping going past failures."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed
    summary = Summary(out, every)
    with tempfile.TemporaryDirectory() as directory:
        @hypothesis_seed(seed)
        @settings(max_examples=examples, database=None, deadline=None,
                  phases=[Phase.generate], suppress_health_check=list(HealthCheck))
        @given(programs(max_statements=max_statements, constructs=constructs))
        def one(program):
            summary.record(program, check(program, directory, hvp, jvp))
        one()
    return summary


def main(argv=None):
    """``python -m tests.fuzz --examples N --seed S``."""
    parser = argparse.ArgumentParser(prog='python -m tests.fuzz', description=__doc__.split(
        '\n\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--examples', type=int, default=1000, help='programs to try')
    parser.add_argument('--seed', type=int, default=0, help='hypothesis seed')
    parser.add_argument('--out', default='fuzz-failures', help='where failing programs go')
    parser.add_argument('--every', type=int, default=100, help='progress line every N programs')
    parser.add_argument('--max-statements', type=int, default=8,
                        help='statements per function, at most')
    parser.add_argument('--replay', nargs='+', metavar='FILE',
                        help='check saved failing programs again instead')
    parser.add_argument('--hvp', action='store_true',
                        help='also check Hessian-vector products (forward over reverse)')
    parser.add_argument('--jvp', action='store_true',
                        help='also check jvp against finite differences on its own, '
                             'before and independently of reverse mode')
    parser.add_argument('--constructs', default='all',
                        help="comma-separated constructs to add to the classic menu: 'all' "
                             f"(default), 'classic' (none), or of {', '.join(CONSTRUCTS)}")
    parser.add_argument('--minimize', action='store_true',
                        help='after the run (or with --replay), shrink the first failing '
                             'program of each kind into FILE.min.py')
    options = parser.parse_args(argv)
    constructs = (CONSTRUCTS if options.constructs == 'all' else () if options.constructs
                  == 'classic' else tuple(c.strip() for c in options.constructs.split(',')))
    if options.replay:
        failed = 0
        for path in options.replay:
            outcome = replay(path, options.hvp, options.jvp)
            failed += outcome.status == 'fail'
            print(f'{path}: {outcome.status} {outcome.stage}\n{outcome.message}'.rstrip())
        if options.minimize:
            for path in minimize_saved(options.replay, options.hvp, options.jvp):
                print(f'minimized: {path}')
        return 1 if failed else 0
    summary = run(options.examples, options.seed, options.out, options.every,
                  options.max_statements, options.hvp, options.jvp, constructs)
    print(summary.report())
    if options.minimize and summary.signatures:
        firsts = [paths[0] for paths in summary.signatures.values()]
        for path in minimize_saved(firsts, options.hvp, options.jvp):
            print(f'minimized: {path}')
    return 1 if summary.failures else 0


if __name__ == '__main__':
    sys.exit(main())
