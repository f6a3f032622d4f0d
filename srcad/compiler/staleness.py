"""What generated code took for granted when it was compiled, checked when it runs.

Compiling a derivative resolves names once: a global alias (``ACT = np.tanh``)
to the rule of ``np.tanh``, a helper to its generated halves, a method to its
function, the defaults to their values, the function to its ``__code__``.  A
notebook cell run again, ``ACT = np.sin``, a monkeypatched method, a reloaded
module or ``f.__code__ = ...`` changes what the user's code means; the
derivative must follow.  So each compile records its dependencies:

* ``(function -> __code__, __defaults__, __kwdefaults__)`` for the function
  itself and every user function its code calls by name;
* ``(global name -> object)``, ``(closure cell -> object)`` for every name a
  call resolved, and ``(attribute path -> object)`` below the user's own
  modules and objects (NumPy's and the standard library's are taken as fixed);

and every call of the compiled code first checks them, as one generated
straight-line boolean expression (a few dict lookups and identity tests),
recompiling when one no longer holds.
"""

from __future__ import annotations

import sys
import types

#: top-level packages whose module attributes srcad takes as fixed
_LIBRARIES = frozenset({'numpy', 'scipy', 'srcad', 'builtins'}) | frozenset(
    getattr(sys, 'stdlib_module_names', ('math', 'cmath', 'functools', 'operator',
                                         'itertools', 'builtins')))


class _Missing:
    def __repr__(self):
        return '<missing>'


MISSING = _Missing()


class Dependencies:
    """The facts one compile relied on, as a boolean expression over named constants.

    ``expr`` is Python source valid in ``space``; :meth:`hold` evaluates it.
    """

    def __init__(self):
        self.terms = []        # source of each test
        self.space = {'_M': MISSING}
        self._ids = {}         # id(object) -> its name in ``space``
        self._seen = set()
        self._hold = None

    def const(self, obj) -> str:
        key = id(obj)
        if key not in self._ids:
            name = f'_d{len(self._ids)}'
            self._ids[key] = name
            self.space[name] = obj
        return self._ids[key]

    def add(self, term: str):
        if term not in self._seen:
            self._seen.add(term)
            self.terms.append(term)

    @property
    def expr(self) -> str:
        return ' and '.join(self.terms) or 'True'

    def hold(self) -> bool:
        """Whether everything still is as it was at compile time."""
        if self._hold is None:
            text = f'def hold():\n    try:\n        return {self.expr}\n' \
                   f'    except Exception:\n        return False\n'
            space = dict(self.space)
            exec(compile(text, '<srcad dependencies>', 'exec'), space)
            self._hold = space['hold']
        return self._hold()

    def prune(self) -> None:
        """Drop tests that fail already (an attribute made afresh at each access, a
        property): relying on them would compile again at every call."""
        def holds(term):
            try:
                return eval(term, dict(self.space)) is True
            except Exception:
                return False
        self.terms = [t for t in self.terms if holds(t)]
        self._hold = None

    # -- recording -------------------------------------------------------------
    def function(self, fn) -> None:
        """``fn`` keeps its code, defaults and keyword defaults."""
        fn = getattr(fn, '__func__', fn)
        if not isinstance(fn, types.FunctionType):
            return
        f = self.const(fn)
        self.add(f'{f}.__code__ is {self.const(fn.__code__)}')
        self.add(f'{f}.__defaults__ is {self.const(fn.__defaults__)}')
        self.add(f'{f}.__kwdefaults__ is {self.const(fn.__kwdefaults__)}')

    def name(self, src, name: str, obj) -> None:
        """The free name ``name`` of ``src``'s function still means ``obj``."""
        if name in src.closure:
            self.add(f'{self.const(src.closure[name])}.cell_contents is {self.const(obj)}')
        elif name in src.globals:
            self.add(f'{self.const(src.globals)}.get({name!r}, _M) is {self.const(obj)}')
        else:  # a builtin: as long as no global of that name hides it
            self.add(f'{self.const(src.globals)}.get({name!r}, _M) is _M')

    def real(self, src, name: str, test) -> None:
        """The free name ``name`` of ``src``'s function still holds what ``test`` finds
        real (a global rebound to a complex value: compiled again)."""
        if name in src.closure:
            value = f'{self.const(src.closure[name])}.cell_contents'
        elif name in src.globals:
            value = f'{self.const(src.globals)}.get({name!r}, _M)'
        else:
            return
        self.add(f'{self.const(test)}({value})')
        self._hold = None

    def path(self, base, attrs: list, obj) -> None:
        """``base.a.b`` still means ``obj`` (for the user's modules and objects)."""
        if not attrs or _library(base):
            return
        access = f'{self.const(base)}.' + '.'.join(attrs)
        if isinstance(obj, types.MethodType):
            self.add(f'{access}.__func__ is {self.const(obj.__func__)}')
            self.add(f'{access}.__self__ is {self.const(obj.__self__)}')
        elif isinstance(obj, types.BuiltinMethodType) and not isinstance(
                getattr(obj, '__self__', None), types.ModuleType):
            return  # a method of some array: made afresh at each access
        else:
            self.add(f'{access} is {self.const(obj)}')

    def callee(self, obj) -> None:
        """A user function (or method, or callable object) the code calls by name."""
        if isinstance(obj, (types.FunctionType, types.MethodType)):
            self.function(obj)
            return
        call = getattr(type(obj), '__call__', None)
        if isinstance(call, types.FunctionType) and not _library(obj):
            self.add(f'type({self.const(obj)}).__call__ is {self.const(call)}')
            self.function(call)


def _library(obj) -> bool:
    if isinstance(obj, types.ModuleType):
        module = obj.__name__
    else:
        module = str(getattr(type(obj), '__module__', None) or '')
    return module.split('.')[0] in _LIBRARIES


def record(src, resolved, relied=()) -> Dependencies:
    """The dependencies of one compile of ``src``'s function, from the callees its
    resolver resolved: ``(root name, [attributes], object)``, and ``relied``, other
    :class:`Dependencies` the compile relied on (functions checked for their effect:
    :mod:`.effects`)."""
    deps = Dependencies()
    for other in relied:
        deps.add(f'{deps.const(other)}.hold()')
    deps.function(src.fn)
    for root, attrs, obj in resolved:
        try:
            base = src.resolve(root)
        except NameError:
            continue
        deps.name(src, root, base)
        deps.path(base, attrs, obj)
        if not _library(obj):
            deps.callee(obj)
    deps.prune()
    return deps


def guard_source(deps: Dependencies, call: str, stale: str, indent: str = '    ') -> str:
    """Lines that run ``call`` when ``deps`` hold, else ``stale`` (same arguments)."""
    return (f'{indent}try:\n{indent}    ok = {deps.expr}\n'
            f'{indent}except Exception:\n{indent}    ok = False\n'
            f'{indent}if not ok:\n{indent}    return {stale}\n')


def guarded(deps: Dependencies, fn, stale):
    """``fn``, checking ``deps`` before each call (``stale(*args)`` when they fail)."""
    text = 'def call(*args, **kw):\n' + guard_source(deps, 'fn(*args, **kw)',
                                                     'stale(*args, **kw)') + \
        '    return fn(*args, **kw)\n'
    space = dict(deps.space, fn=fn, stale=stale)
    exec(compile(text, '<srcad dependency check>', 'exec'), space)
    space['call'].__srcad_unguarded__ = fn
    return space['call']
