"""Small AST builders and predicates shared by the normalizer's modules.

:mod:`srcad.compiler.normalize` and its mixins (``flatten_*.py``) build the
normalized statement shapes with these: a loaded or stored name, a plain
assignment, a loop's iteration count, the renamed copy of a nested function's
body, the facts of in-place writes, and the test whether an attribute chain
is a path into a global (``np.linalg.norm``) rather than a local's attribute.
"""

from __future__ import annotations

import ast


def is_global_path(node: ast.expr, local: set) -> bool:
    """``np``, ``np.linalg.norm``: a name (or attribute chain) not bound locally."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name) and node.id not in local


def _renamed(stmts, names: dict) -> list:
    """Copies of ``stmts`` with the mapped names (loads and stores) renamed (not where a
    nested function or lambda has its own variable of the name: :mod:`.nested_scopes`)."""
    from .nested_scopes import renamed
    return renamed(stmts, names)


def _mark_in_place(out: list, written: ast.Name, marks: list, mark) -> None:
    """Note in ``marks`` the statement that reads ``written`` (the operand of ``x += v``)
    as a write into ``written``'s data (``mark``: the operator, or the method such as
    ``'sort'``); :func:`in_place_facts` turns the notes into the normalized record's data."""
    for stmt in reversed(out):
        if isinstance(stmt, ast.Assign) and any(n is written for n in ast.walk(stmt.value)):
            marks.append((stmt, written.id, mark))
            return


def statement_position(stmt) -> tuple:
    """Where the user wrote a statement: what survives the passes that copy or
    rename it (with its target's variable, the key of an in-place fact)."""
    return (getattr(stmt, 'lineno', None), getattr(stmt, 'col_offset', None),
            getattr(stmt, 'end_lineno', None), getattr(stmt, 'end_col_offset', None))


def in_place_facts(marks: list) -> frozenset:
    """The normalized record's in-place facts, from the flattener's notes ``(statement,
    operand, mark)``: ``((position, target, operand), mark)`` pairs.  ``operand`` is the
    name whose data ``x += v``, ``x.sort()`` or ``np.add.at(x, ...)`` changes; it is None
    for the read ``t = xs[i]`` of ``xs[i] += v`` (mark: ``(operator, text)``).  Names
    are the normalized code's: a later pass's version ``x_2`` of ``x`` matches ``x``."""
    return frozenset(((statement_position(stmt), stmt.targets[0].id, operand), mark)
                     for stmt, operand, mark in marks
                     if isinstance(stmt.targets[0], ast.Name))


def _out_argument(call: ast.Call):
    """The array a call writes its result into (``out=o`` or ``out=(o,)``), or None."""
    for kw in call.keywords:
        if kw.arg != 'out' or (isinstance(kw.value, ast.Constant) and kw.value.value is None):
            continue
        value = kw.value
        if isinstance(value, ast.Tuple) and len(value.elts) == 1:
            value = value.elts[0]
        return value
    return None


def _is_method(call, method, local, nargs) -> bool:
    """``xs.<method>(...)`` with ``nargs`` arguments on a local name."""
    return (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr == method and isinstance(call.func.value, ast.Name)
            and call.func.value.id in local and len(call.args) == nargs and not call.keywords)


def _is_names(target, attributes=False) -> bool:
    """A tuple of names (nested); with ``attributes``, ``obj.attr`` entries too."""
    return isinstance(target, (ast.Tuple, ast.List)) and all(
        isinstance(e, ast.Name) or _is_names(e, attributes) or attributes and isinstance(
            e, ast.Attribute) and isinstance(e.value, ast.Name) for e in target.elts)


def _same_length(stmt) -> bool:
    value, target = stmt.value, stmt.targets[0]
    return (isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts)
            and all(isinstance(e, ast.Name) for e in target.elts))


def _name(id_: str) -> ast.Name:
    return ast.Name(id_, ast.Load())


def _store(id_: str) -> ast.Name:
    return ast.Name(id_, ast.Store())


def _increment(name: str) -> ast.Assign:
    """``n = n + 1``: a loop's iteration count (already in normalized form)."""
    return _assign(name, ast.BinOp(_name(name), ast.Add(), ast.Constant(1)))


def _assign(target: str, value: ast.expr) -> ast.Assign:
    return ast.Assign([_store(target)], value)
