"""Deterministic fresh names for generated code.

Temporaries are ``t1, t2, ...``, adjoints ``x_bar``, tangents ``x_dot``,
versions of a reassigned variable ``x_1, x_2``.  Every name is checked
against all names the user's function mentions, so generated names never
shadow or capture the user's.  Nothing depends on ``id()`` or randomness:
the same function always gives byte-identical code.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import re
import types

from .fastast import walk

_TEMPORARY = re.compile(r'[tnk]\d+')  # what Namer.temp hands out (t3; n2, k4: loop counters)


class Namer:
    """Hands out fresh names that collide with nothing already taken."""

    def __init__(self, taken):
        self.taken = set(taken) | set(dir(builtins))  # never shadow a builtin
        self.count = 0
        self.derived = {}  # (name, suffix) -> its derived name: the same every time
        self._next = {}  # base -> n: base_1 ... base_(n-1) are all taken (see fresh)

    def copy(self) -> 'Namer':
        """A namer with the same names taken, handing out the same names next: a pass
        takes names from a copy, so the record it was given keeps its own."""
        new = Namer.__new__(Namer)
        new.taken, new.count, new.derived = set(self.taken), self.count, dict(self.derived)
        new._next = dict(self._next)
        return new

    def snapshot(self):
        """The state to :meth:`restore` when names handed out since are given back."""
        return set(self.taken), self.count, dict(self.derived)

    def restore(self, state) -> None:
        taken, self.count, derived = state
        self.taken, self.derived = set(taken), dict(derived)
        self._next = {}  # names were given back: count from the start again

    def _claim(self, name: str) -> str:
        self.taken.add(name)
        return name

    def temp(self, prefix: str = 't') -> str:
        """The next free temporary ``t1``, ``t2``, ... (a new ``prefix`` goes into
        ``_TEMPORARY`` too: :meth:`NameFacts.is_temporary` tells temporaries by it)."""
        while True:
            self.count += 1
            name = f'{prefix}{self.count}'
            if name not in self.taken:
                return self._claim(name)

    def fresh(self, base: str) -> str:
        """``base`` itself if free, else ``base_1``, ``base_2``, ..."""
        if base not in self.taken:
            return self._claim(base)
        # taken names are only ever added (until restore): the search resumes where
        # the last one for this base stopped, and finds the same name as from 1
        n = self._next.get(base, 1)
        name = f'{base}_{n}'
        while name in self.taken:
            n += 1
            name = f'{base}_{n}'
        self._next[base] = n + 1
        return self._claim(name)

    def derive(self, name: str, suffix: str) -> str:
        """The stable derived name of ``name`` (``x`` -> ``x_bar``), same every time."""
        key = (name, suffix)
        if key not in self.derived:
            self.derived[key] = self.fresh(f'{name}_{suffix}' if name else suffix)
        return self.derived[key]

    def bar(self, name: str) -> str:
        """The adjoint's name: ``x`` -> ``x_bar``."""
        return self.derive(name, 'bar')

    def dot(self, name: str) -> str:
        """The tangent's name: ``x`` -> ``x_dot``."""
        return self.derive(name, 'dot')


@dataclasses.dataclass(frozen=True)
class NameFacts:
    """What the program's names are, as data the passes return (not the name
    generator's state): the user's own names (normalize), the versions renaming
    made (``x_1`` of ``x``: the rename pass) and, in emitted code, the names derived
    from others (``t3_bar`` of ``t3``).  Messages and the emitter read it."""

    user_names: frozenset = frozenset()
    versions: types.MappingProxyType = dataclasses.field(
        default_factory=lambda: types.MappingProxyType({}))
    derived_from: types.MappingProxyType = dataclasses.field(
        default_factory=lambda: types.MappingProxyType({}))

    @staticmethod
    def of(prog, namer=None) -> 'NameFacts':
        """The facts of a program record; with ``namer`` (an emitter's), the names
        it derived too."""
        derived = {} if namer is None else {made: base for (base, _), made
                                            in namer.derived.items()}
        return NameFacts(prog.user_names, types.MappingProxyType(dict(prog.versions)),
                         types.MappingProxyType(derived))

    def variable(self, name: str) -> str:
        """The variable a version belongs to (itself when it is not a version)."""
        return self.versions.get(name, name)

    def is_temporary(self, name: str) -> bool:
        """A temporary (``t3``) or a name derived from one (``t3_bar``), not a user's
        name (:meth:`Namer.temp` skips the user's names: a ``t3`` the user did not
        write is one of its temporaries)."""
        return self._temporary(name) or self._temporary(self.derived_from.get(name))

    def _temporary(self, name) -> bool:
        return name is not None and _TEMPORARY.fullmatch(name) is not None \
            and name not in self.user_names


def mentioned_names(tree: ast.AST) -> set:
    """Every identifier a tree mentions (names, parameters, attributes' roots)."""
    names = set()
    for node in walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.Lambda)) and hasattr(node, 'name'):
            names.add(node.name)
    return names


def assigned_names(stmts) -> set:
    """Names bound by assignment (or loop targets) anywhere in ``stmts``."""
    names = set()
    for stmt in stmts:
        for node in walk(stmt):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    return names


def param_names(args: ast.arguments) -> list:
    """The parameter names of a function, in signature order."""
    names = [a.arg for a in args.posonlyargs + args.args]
    if args.vararg:
        names.append(args.vararg.arg)
    names += [a.arg for a in args.kwonlyargs]
    if args.kwarg:
        names.append(args.kwarg.arg)
    return names


def live_in(stmts) -> set:
    """Names a block may read before assigning them (a loop body's carried values)."""
    assigned, live = set(), set()
    for stmt in stmts:
        live |= _reads(stmt) - assigned
        assigned |= surely_assigned([stmt])
    return live


def surely_assigned(stmts) -> set:
    """Names every path through ``stmts`` assigns (loops may run zero times)."""
    names = set()
    for stmt in stmts:
        if isinstance(stmt, ast.Assign):
            names |= {n.id for n in walk(stmt.targets[0]) if isinstance(n, ast.Name)}
        elif isinstance(stmt, ast.If):
            names |= surely_assigned(stmt.body) & surely_assigned(stmt.orelse)
    return names


def _reads(stmt) -> set:
    """Names a statement may read before it assigns them itself."""
    body = getattr(stmt, 'body', None)
    if body is None or not isinstance(body, list):
        return {n.id for n in walk(stmt)
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    header = {n.id for field, value in ast.iter_fields(stmt) if field not in ('body', 'orelse')
              for node in (value if isinstance(value, list) else [value])
              if isinstance(node, ast.AST)
              for n in walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return header | live_in(body) | live_in(getattr(stmt, 'orelse', []))


def bindings(tree) -> tuple:
    """``(parameters, name -> another binding, name -> the calls bound to it)``: the
    names of ``tree`` (nested functions too) bound only as ``name = f(...)`` appear only
    in the last."""
    params, others, made = set(), {}, {}
    for node in walk(tree):  # (contexts and operators, which it leaves out, bind nothing)
        if isinstance(node, (ast.FunctionDef, ast.Lambda)):
            a = node.args
            params |= {p.arg for p in a.posonlyargs + a.args + a.kwonlyargs}
            params |= {p.arg for p in (a.vararg, a.kwarg) if p is not None}
        if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Call):
            made.setdefault(node.targets[0].id, []).append(node.value)
            continue
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) \
                and isinstance(node.value, ast.Call):  # s: State = State(...)
            made.setdefault(node.target.id, []).append(node.value)
            continue
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            for name in node.names:
                others.setdefault(name, node)
        for target in _binding_targets(node):
            for n in walk(target):
                if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
                    others.setdefault(n.id, node)
        if isinstance(node, ast.ExceptHandler) and node.name:
            others.setdefault(node.name, node)
    return params, others, made


def _binding_targets(node) -> list:
    if isinstance(node, (ast.Assign, ast.Delete)):
        return node.targets
    if isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.comprehension)):
        return [node.target]
    if isinstance(node, ast.With):
        return [item.optional_vars for item in node.items if item.optional_vars is not None]
    return []


def made_names(nodes) -> frozenset:
    """The names bound as ``name = f(...)`` (or ``name: T = f(...)``) anywhere in the
    tree: the keys of :func:`bindings`' last answer."""
    out = set()
    for n in nodes:
        if n.__class__ is ast.Assign:
            if len(n.targets) == 1 and isinstance(n.targets[0], ast.Name) \
                    and isinstance(n.value, ast.Call):
                out.add(n.targets[0].id)
        elif n.__class__ is ast.AnnAssign:
            if isinstance(n.target, ast.Name) and isinstance(n.value, ast.Call):
                out.add(n.target.id)
    return frozenset(out)
