"""Writes through a view or an entry, written back into what it came from.

``grid[i][j] = v`` in Python reads ``grid[i]`` (a row of a 2-D array is a view of its
data; the entry of a list or dict is the object itself) and writes into it: ``grid``
sees the change.  srcad computes element writes as new values (``t = setitem(t, j,
v)``), so the change is written back, but only where NumPy's semantics say it shows
(:func:`srcad.runtime.writes_back`, decided when the code runs: a view by a basic index,
a list's entry by an integer, a dict's entry; not an advanced index's copy, a list's
slice, or a number)::

    t1 = grid[i]
    t1 = setitem(t1, j, v)
    t2 = writes_back(grid, i)
    if t2:
        t3 = setitem(grid, i, t1)
        grid = t3

The mutation check (:mod:`.mutation`) knows the pattern (:func:`written_back`): the
name written back into sees the change, no other name does.
"""

from __future__ import annotations

import ast

from .. import runtime
from .fastast import statements
from .templates import index_value


def chain(target: ast.Subscript, local) -> list | None:
    """``[grid, i, j]`` for ``grid[i][j]`` (a chain of subscripts on a local name), or None."""
    indices = []
    node = target
    while isinstance(node, ast.Subscript):
        indices.append(node.slice)
        node = node.value
    if not isinstance(node, ast.Name) or node.id not in local or len(indices) < 2:
        return None
    return [node.id] + indices[::-1]


def write_through(flattener, target: ast.Subscript, value, out) -> bool:
    """Emit ``grid[i][j] = value`` (any depth) as reads, one element write and the
    writes back; False when ``target`` is not such a chain."""
    parts = chain(target, flattener.local)
    if parts is None:
        return False
    base, *indices = parts
    value = flattener.expr(value, out)  # (Python evaluates the value first)
    if not flattener.is_atom(value):
        value = flattener.expr(value, out, dest=flattener.namer.temp())
    holders, atoms = [base], []
    for index in indices[:-1]:
        atom = _atom(flattener, index, out)
        atoms.append(atom)
        part = flattener.namer.temp()
        out.append(ast.Assign([ast.Name(part, ast.Store())],
                              ast.Subscript(ast.Name(holders[-1], ast.Load()), atom,
                                            ast.Load())))
        holders.append(part)
    last = _atom(flattener, indices[-1], out)
    write = ast.Call(flattener.runtime('setitem'),
                     [ast.Name(holders[-1], ast.Load()), last, value], [])
    flattener.into(holders[-1], ast.copy_location(write, target), out)
    return True  # (each holder written back in turn: srcad.compiler.view_writes)


def write_back(flattener, holder: str, atom, part: str) -> list:
    """``if writes_back(holder, atom): holder = setitem(holder, atom, part)``, normalized;
    ``holder = part`` for ``atom`` None (``part = holder`` was another name for it)."""
    flag = flattener.namer.temp()
    test = ast.Assign([ast.Name(flag, ast.Store())],
                      ast.Call(flattener.runtime('writes_back'),
                               [ast.Name(holder, ast.Load()),
                                ast.Constant(Ellipsis) if atom is None else atom], []))
    if atom is None:
        rebind = ast.Assign([ast.Name(holder, ast.Store())], ast.Name(part, ast.Load()))
        return [test, ast.If(ast.Name(flag, ast.Load()), [rebind], [])]
    new = flattener.namer.temp()  # (never x = f(x) in one statement: a loop's backward
    store = ast.Assign([ast.Name(new, ast.Store())],  # sweep reads the old x)
                       ast.Call(flattener.runtime('setitem'),
                                [ast.Name(holder, ast.Load()), atom,
                                 ast.Name(part, ast.Load())], []))
    rebind = ast.Assign([ast.Name(holder, ast.Store())], ast.Name(new, ast.Load()))
    return [test, ast.If(ast.Name(flag, ast.Load()), [store, rebind], [])]


def _atom(flattener, index, out):
    atom = flattener.expr(index_value(index), out)
    if not flattener.is_atom(atom):
        atom = flattener.expr(atom, out, dest=flattener.namer.temp())
    return atom


def written_back(stmts: list, targets, variable, callee, before=()) -> set:
    """The variables an element write or in-place change of ``targets[0]`` (whose new value
    the statement binds to ``targets[1]``) is written back into by the statements ``stmts``
    right after it, in program order as the mutation check walks them (skipping the
    rebinding ``row = t5`` of an in-place operator and the flag of :func:`write_back`);
    through a chain ``grid[i][j][k] = v``, each holder in turn."""
    names = {variable(t) for t in targets}
    found = set()
    inside = set()  # the statements of a write back's ``if`` (walked after it)
    flags = {}  # flag variable -> (helper, holder variable, index) of writes_back(holder, index)
    for stmt in before:  # t8 = same_object(z, y), right before the change of z
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call) \
                and callee(stmt.value.func) is runtime.same_object \
                and len(stmt.value.args) == 2 \
                and all(isinstance(a, ast.Name) for a in stmt.value.args) \
                and variable(stmt.value.args[0].id) in names:
            flags[variable(stmt.targets[0].id)] = (runtime.same_object,
                                                   variable(stmt.value.args[1].id),
                                                   ast.dump(ast.Constant(Ellipsis)))
    for stmt in stmts:
        if id(stmt) in inside:
            continue
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 \
                and isinstance(stmt.targets[0], ast.Name):
            value = stmt.value
            if isinstance(value, ast.Name) and variable(value.id) in names:
                names.add(variable(stmt.targets[0].id))
                continue
            if _index_value(value):  # (the index of a write back: slice(1, None), (t4, 0))
                continue
            if isinstance(value, ast.Call) and callee(value.func) in (runtime.writes_back,
                                                                      runtime.views) \
                    and len(value.args) == 2 and isinstance(value.args[0], ast.Name):
                flags[variable(stmt.targets[0].id)] = (callee(value.func),
                                                       variable(value.args[0].id),
                                                       ast.dump(value.args[1]))
                continue
            break
        again = _read_again(stmt, names, flags, variable)
        if again is not None:  # a view of the array written, read again: it sees the write
            found.add(again)
            inside |= {id(s) for s in stmt.body + stmt.orelse}
            continue
        back = _stored_back(stmt, names, flags, variable, callee)
        if back is None:
            break
        found.add(back)
        names.add(back)
        inside |= {id(s) for s in stmt.body + stmt.orelse}
    return found


def _index_value(value) -> bool:
    if isinstance(value, ast.Tuple):
        return all(isinstance(e, (ast.Name, ast.Constant)) for e in value.elts)
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Name) \
        and value.func.id == 'slice' and not value.keywords \
        and all(isinstance(a, (ast.Name, ast.Constant)) for a in value.args)


def _read_again(stmt, names, flags, variable):
    """``v`` for ``if flag: v = X[i]`` with ``X`` one of ``names`` and ``flag = views(X, i)``
    (:meth:`srcad.compiler.view_writes._Views._refresh`)."""
    if not (isinstance(stmt, ast.If) and len(stmt.body) == 1
            and isinstance(stmt.test, ast.Name) and variable(stmt.test.id) in flags):
        return None
    read = stmt.body[0]
    if isinstance(read, ast.Assign) and isinstance(read.value, ast.Subscript) \
            and isinstance(read.value.value, ast.Name) \
            and variable(read.value.value.id) in names \
            and flags[variable(stmt.test.id)] == (runtime.views, variable(read.value.value.id),
                                                  ast.dump(read.value.slice)):
        return variable(read.targets[0].id)
    return None


def _stored_back(stmt, names, flags, variable, callee):
    """``X`` for ``if flag: t = setitem(X, i, part); X = t`` with ``part`` one of
    ``names`` and ``flag = writes_back(X, i)``."""
    if not (isinstance(stmt, ast.If) and len(stmt.body) in (1, 2)
            and isinstance(stmt.test, ast.Name) and variable(stmt.test.id) in flags):
        return None
    if len(stmt.body) == 1:  # if flag: x = v (v = x was another name for x)
        rebind = stmt.body[0]
        if isinstance(rebind, ast.Assign) and isinstance(rebind.value, ast.Name) \
                and variable(rebind.value.id) in names and flags[variable(stmt.test.id)] in (
                    (kind, variable(rebind.targets[0].id), ast.dump(ast.Constant(Ellipsis)))
                    for kind in (runtime.writes_back, runtime.same_object)):
            return variable(rebind.targets[0].id)
        return None
    store, rebind = stmt.body
    if not (isinstance(store, ast.Assign) and isinstance(store.value, ast.Call)
            and callee(store.value.func) is runtime.setitem and len(store.value.args) == 3
            and all(isinstance(a, ast.Name) for a in (store.value.args[0], store.value.args[2]))
            and variable(store.value.args[2].id) in names):
        return None
    holder = variable(store.value.args[0].id)
    if not (isinstance(rebind, ast.Assign) and isinstance(rebind.value, ast.Name)
            and rebind.value.id == store.targets[0].id
            and variable(rebind.targets[0].id) == holder
            and flags[variable(stmt.test.id)] == (runtime.writes_back, holder,
                                                  ast.dump(store.value.args[1]))):
        return None
    return holder


def back_parts(body, variable, callee) -> dict:
    """``id(store) -> part`` for the stores ``t = setitem(X, i, part)`` of the writes back in
    ``body`` (:func:`write_back`): the view ``part`` already holds what the store writes."""
    flags, found = {}, {}
    for stmt in statements(body):
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call) \
                and callee(stmt.value.func) is runtime.writes_back \
                and len(stmt.value.args) == 2 and isinstance(stmt.value.args[0], ast.Name):
            flags[variable(stmt.targets[0].id)] = (runtime.writes_back,
                                                   variable(stmt.value.args[0].id),
                                                   ast.dump(stmt.value.args[1]))
        part = stmt.body[0].value.args[2].id if _stored_back(
            stmt, _Any(), flags, variable, callee) and len(stmt.body) == 2 else None
        if part is not None:
            found[id(stmt.body[0])] = part
    return found


class _Any:
    def __contains__(self, item):
        return True


def seeing(order, k, target, variable, resolver, part=None) -> set:
    """The names that see a write into ``target`` at ``order[k]`` as Python's would (the
    mutation check's ``(statement, loops)`` walk): those of the variables it is written
    back into right after it, of the views of the array written that are read again
    (:func:`written_back`) and, for the store of a write back, of the view ``part``
    written back (it holds what the store writes already)."""
    stmt = order[k][0]
    back = written_back([s for s, _ in order[k + 1:k + 40]], (target, stmt.targets[0].id),
                        variable, resolver.callee, [s for s, _ in order[max(k - 1, 0):k]])
    if part is not None:
        back.add(variable(part))
    return {n for n in resolver.local if variable(n) in back} if back else set()
