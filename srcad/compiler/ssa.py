"""Give every assignment outside loops a name of its own (static single assignment).

In straight-line code (and ``if`` outside loops) a reassigned variable gets a
new version, ``x`` -> ``x_1`` -> ``x_2``, so the backward sweep can read every
value the forward sweep computed without saving anything.  Where the two
branches of an ``if`` end in different versions, each branch finishes with a
copy into one shared name (or, when the branch binds its version on some paths
only, names it that shared name instead: a copy would read it where it is
unbound).  Inside a loop a variable keeps one name for the
whole loop (its values are overwritten, and the reverse pass saves what it
needs); that is the only place overwriting remains.
"""

from __future__ import annotations

import ast

from .fastast import copy_tree, walk
from .ir import ForRange, WhileLoop
from .names import Namer, assigned_names, live_in


class Versions(dict):
    """Variable -> its current version, and the variables bound on some paths only."""

    def __init__(self, versions=(), unsure=(), looped=frozenset(), made=None, unjoined=None):
        super().__init__(versions)
        self.unsure = set(unsure)
        self.looped = looped  # variables some loop assigns
        self.made = {} if made is None else made  # every version made -> its variable
        # variables an ``if`` rebinds while they may be unbound before it (see rename)
        self.unjoined = set() if unjoined is None else unjoined

    def copy(self) -> 'Versions':
        return Versions(self, self.unsure, self.looped, self.made, self.unjoined)


def rename(body: list, params: list, namer: Namer) -> tuple:
    """The body with straight-line reassignments renamed to fresh versions, and the
    versions made: ``(version, variable)`` pairs (``x_1`` is a version of ``x``)."""
    looped = frozenset(n for stmt in _all_loops(body) for n in assigned_names(stmt.body))
    state = namer.snapshot()
    current = Versions({p: p for p in params}, looped=looped)
    out = _block(body, current, namer)
    if current.unjoined:
        # an ``if`` rebinds, on one of its paths, a variable that may be unbound before
        # it (``if a: v = ...`` then ``if b: v = ...``; a loop's ``break`` path and its
        # ``else``): the value after it is either version, and a copy joining them could
        # read an unbound one.  Such variables start as None instead (where the user's
        # code would read them unbound, it gets None, not an UnboundLocalError), so each
        # path binds them and the join copies as for any variable.
        namer.restore(state)
        first = body[0] if body else None
        body = [_bound_to_none(name, first) for name in sorted(current.unjoined)] + body
        current = Versions({p: p for p in params}, looped=looped)
        out = _block(body, current, namer)
    return out, tuple(current.made.items())


def _bound_to_none(name, where) -> ast.Assign:
    node = ast.Assign([ast.Name(name, ast.Store())], ast.Constant(None))
    return ast.fix_missing_locations(ast.copy_location(node, where) if where else node)


def _all_loops(stmts):
    for stmt in stmts:
        if isinstance(stmt, (ForRange, WhileLoop)):
            yield stmt
        for field in ('body', 'orelse'):
            yield from _all_loops(getattr(stmt, field, []))


def _block(stmts, current, namer) -> list:
    out = []
    for stmt in stmts:
        out.extend(_statement(stmt, current, namer))
    return out


def _statement(stmt, current, namer) -> list:
    if isinstance(stmt, ast.If):
        return [_if(stmt, current, namer)]
    if isinstance(stmt, (ForRange, WhileLoop)):
        return _loop(stmt, current, namer)
    stmt = copy_tree(stmt)
    names = [node for node in walk(stmt) if node.__class__ is ast.Name]
    for node in names:  # reads first: they read the versions before the statement
        if isinstance(node.ctx, ast.Load):
            node.id = current.get(node.id, node.id)
    for node in names:
        if isinstance(node.ctx, ast.Store):
            node.id = _new_version(node.id, current, namer)
    return [stmt]


def _new_version(name, current, namer, made=None) -> str:
    version = namer.fresh(name) if name in current else name
    namer.taken.add(version)
    if version != name:
        (current.made if made is None else made)[version] = name
    current[name] = version
    if isinstance(current, Versions):
        current.unsure.discard(name)
    return version


def _if(stmt, current, namer) -> ast.If:
    test = _loads(stmt.test, current)
    left, right = current.copy(), current.copy()
    body = _block(stmt.body, left, namer)
    orelse = _block(stmt.orelse, right, namer)
    assigned = None
    for name in sorted(_changed(left, current) | _changed(right, current)):
        a, b = _bound(left, name, current), _bound(right, name, current)
        if a == b:
            if a is not None:
                current[name] = a
            if name in left.unsure or name in right.unsure:
                current.unsure.add(name)
        elif (a is None or b is None) and name in current.looped and name not in current:
            # bound on one path only, and a loop assigns it later: the other path binds
            # None, so the loop's version can start as a copy (a loop that does not run
            # keeps the value; reading it where the user's code left it unbound gives
            # None instead of an UnboundLocalError)
            version = a or b
            (orelse if a is not None else body).append(
                ast.fix_missing_locations(ast.copy_location(
                    ast.Assign([ast.Name(version, ast.Store())], ast.Constant(None)), stmt)))
            current[name] = version
            binding = left if a is not None else right
            if name in binding.unsure:  # bound on some paths of that branch only
                current.unsure.add(name)
            else:
                current.unsure.discard(name)
        elif a is None or b is None:
            if name in current:  # (maybe bound before: both versions reach the join)
                current.unjoined.add(name)
            current[name] = a or b  # bound on one path only, as in the user's code
            current.unsure.add(name)
        else:
            if name in left.unsure or name in right.unsure:
                current.unsure.add(name)
            else:
                current.unsure.discard(name)
            if assigned is None:  # (each branch walked once, for all the names joined)
                assigned = assigned_names(body), assigned_names(orelse)
            join = a if a != current.get(name) and a not in assigned[1] else \
                b if b != current.get(name) and b not in assigned[0] else \
                _new_version(name, dict(current), namer, current.made)
            for branch, version, state in ((body, a, left), (orelse, b, right)):
                if version == join:
                    continue
                if name in state.unsure and version != current.get(name):
                    # bound on some paths of this branch only: a copy would read it
                    # where it is unbound, so the branch names it ``join`` instead
                    _rename(branch, version, join)
                else:
                    branch.append(_copy(join, version, stmt))
            current[name] = join
    return ast.copy_location(ast.If(test, body or [ast.Pass()], orelse), stmt)


def _changed(branch: Versions, before: Versions) -> set:
    """The variables whose version or sureness a branch changed (the others need no
    join: their version and sureness after the ``if`` are those before it)."""
    names = {n for n, v in branch.items() if before.get(n) != v}
    return names | (branch.unsure ^ before.unsure)


def _bound(branch: Versions, name, before: Versions):
    """``name``'s version after a branch, or None when it may be unbound there."""
    version = branch.get(name)
    if version is not None and name in branch.unsure and version == before.get(name):
        return None  # not assigned in this branch, and maybe unbound before it
    return version


def _loop(stmt, current, namer) -> list:
    """A loop keeps one name per variable; a variable it does not carry in from
    before (it assigns it before any read) gets a version of its own, which
    starts as a copy of the value before the loop (the loop may not run, or
    not assign it)."""
    header = [value for field, value in ast.iter_fields(stmt)
              if field != 'body' and isinstance(value, ast.AST)]
    carried = live_in(stmt.body) | {n.id for part in header for n in walk(part)
                                     if isinstance(n, ast.Name)}
    # the loop's copy, whose names are renamed to their versions below (one walk)
    loop = copy_tree(stmt)
    names = [n for n in walk(loop) if n.__class__ is ast.Name]
    copies = []
    for name in sorted({n.id for n in names if isinstance(n.ctx, ast.Store)}):
        if name in current and name not in carried:
            before, sure = current[name], name not in current.unsure
            version = _new_version(name, current, namer)
            if sure:
                copies.append(_copy(version, before, stmt))
            current.unsure.add(name) if not sure else None
        else:
            if name not in current:
                current.unsure.add(name)  # the loop may not run
            current.setdefault(name, name)
    for n in names:
        n.id = current.get(n.id, n.id)
    return copies + [loop]


def _rename(stmts, old, new) -> None:
    """Rename the version ``old`` (bound only in ``stmts``) to ``new`` there, in place."""
    for stmt in stmts:
        for node in walk(stmt):
            if isinstance(node, ast.Name) and node.id == old:
                node.id = new


def _copy(target, source, where) -> ast.Assign:
    node = ast.Assign([ast.Name(target, ast.Store())], ast.Name(source, ast.Load()))
    return ast.fix_missing_locations(ast.copy_location(node, where))


def _loads(node, current, stores=False):
    """A copy of ``node`` whose names read their current versions."""
    node = copy_tree(node)
    for sub in walk(node):
        if isinstance(sub, ast.Name) and (stores or isinstance(sub.ctx, ast.Load)):
            sub.id = current.get(sub.id, sub.id)
    return node
