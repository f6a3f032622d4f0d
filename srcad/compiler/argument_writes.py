"""Calls of the user's functions that change their arguments in place.

Read from the called function's source (:func:`argument_changes`): an element
or attribute write into a parameter, a mutating method called on it, or
``p op= v`` (in place only for an argument whose type has the in-place method:
an array or a list, not a number).  :func:`_check_calls` refuses such a call,
or, where only the argument's type decides, leaves a check for run time
(:mod:`srcad.compiler.mutation_guards`).
"""

from __future__ import annotations

import ast

from .fastast import walk
from ..errors import UnsupportedSyntaxError
from .names import param_names
from .value_kinds import INT, NUMBER, _in_order, value_kinds


def _check_calls(body, src, resolver, guards=None, kinds=None) -> None:
    """Refuse calls of the user's functions that change their arguments in place.

    Python would show the change to the caller; srcad runs a called function on
    its own values, so the caller's array would not change (and the gradient
    would not be of the same program).  An augmented assignment ``p *= 2.0`` to
    a parameter changes the argument only when it is mutable (an array, a
    list); for a number it rebinds ``p``.  Such a call is fine when the argument
    is surely a number here; else, given a ``guards`` list, the call is kept and
    ``(statement, argument, function, parameter, method, line)`` is added to it
    for a check when the code runs (see :func:`insert_guards`); without one, it
    is refused.
    """
    for stmt, _ in _in_order(body, loops=()):
        value = getattr(stmt, 'value', None)
        if not isinstance(value, ast.Call) or resolver.op(value).kind != 'call':
            continue
        op = resolver.op(value)
        callee = op.callee
        for param, line, method in dict.fromkeys(argument_changes(callee)):
            atom = op.inputs.get(param)
            if method is not None:
                if atom is None:  # the default: one object shared by every call
                    default = _default_of(callee, param)
                    if not hasattr(type(default), method):
                        continue
                elif isinstance(atom, ast.Constant) and not hasattr(type(atom.value), method):
                    continue
                else:
                    if kinds is None:
                        kinds = value_kinds(body, resolver, param_names(src.tree.args))
                    if isinstance(atom, ast.Name) and kinds.get(atom.id) in (INT, NUMBER):
                        continue  # a number: p op= v rebinds p
                    if guards is not None and atom is not None:
                        guards.append((stmt, atom, callee.__qualname__, param, method, line))
                        continue
            raise UnsupportedSyntaxError(
                f'{callee.__qualname__} changes its argument {param!r} in place '
                f'(line {line}); srcad cannot show that change to the caller',
                src.location(stmt),
                f'work on a copy inside {callee.__qualname__} ({param} = '
                f'{param}.copy()) and return the result')


def _default_of(fn, param):
    import inspect
    try:
        return inspect.signature(fn, follow_wrapped=False).parameters[param].default
    except (KeyError, TypeError, ValueError):
        return []  # unknown: as if mutable


MUTATING_METHODS = {'append', 'extend', 'insert', 'pop', 'remove', 'clear', 'sort', 'reverse',
                    'update', 'setdefault', 'popitem', 'fill', 'resize', 'put', 'itemset',
                    'setfield', 'partition'}
IN_PLACE = {ast.Add: '__iadd__', ast.Sub: '__isub__', ast.Mult: '__imul__',
            ast.MatMult: '__imatmul__', ast.Div: '__itruediv__', ast.FloorDiv: '__ifloordiv__',
            ast.Mod: '__imod__', ast.Pow: '__ipow__', ast.LShift: '__ilshift__',
            ast.RShift: '__irshift__', ast.BitOr: '__ior__', ast.BitXor: '__ixor__',
            ast.BitAnd: '__iand__'}


def changes_an_argument(fn):
    """``(parameter, line)`` where ``fn`` surely changes a parameter's data in place
    (whatever the argument), or None.  See :func:`argument_changes`."""
    for param, line, method in argument_changes(fn):
        if method is None:
            return param, line
    return None


def argument_changes(fn, opaque: bool = False) -> list:
    """``(parameter, line, method)`` for each place ``fn`` may change a parameter's data.

    Read from its source: an element or attribute write ``p[i] = v`` / ``p[i] += v``
    / ``p.a = v``, or a mutating method ``p.append(v)``, on a parameter not rebound
    before (``method`` None: in place whatever the argument); an augmented
    assignment ``p += v`` (``method`` ``'__iadd__'``: in place only for an argument
    whose type has that method, as arrays and lists do and numbers do not).  With
    ``opaque``, also a call that writes into a parameter (``np.copyto(p, v)``,
    ``out=p``, ``random.shuffle(p)``: :func:`srcad.compiler.call_writes.written_by_call`).
    """
    import inspect
    import textwrap
    fn = getattr(fn, '__func__', fn)
    try:
        lines, first = inspect.getsourcelines(fn)
        tree = ast.parse(textwrap.dedent(''.join(lines)))
    except (OSError, TypeError, SyntaxError):
        return []
    node = tree.body[0]
    if not isinstance(node, ast.FunctionDef):
        return []
    params = {a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs}
    top_level = {id(s) for s in node.body}
    rebound = set()  # parameters surely rebound (a top-level assignment) before
    candidates = sorted((n for n in walk(node) if isinstance(n, (ast.Assign, ast.AugAssign,
                                                                      ast.Call))),
                        key=lambda n: (n.lineno, n.col_offset))
    found = []
    for stmt in candidates:
        targets, method = [], None
        if isinstance(stmt, ast.Assign):
            for t in stmt.targets:
                if isinstance(t, ast.Name) and id(stmt) in top_level:
                    rebound.add(t.id)
                elif isinstance(t, (ast.Subscript, ast.Attribute)):
                    targets.append(_root(t))
        elif isinstance(stmt, ast.AugAssign):
            targets.append(_root(stmt.target))
            if isinstance(stmt.target, ast.Name):
                method = IN_PLACE.get(type(stmt.op))  # None: in place, unknown
        elif isinstance(stmt, ast.Call) and isinstance(stmt.func, ast.Attribute) \
                and stmt.func.attr in MUTATING_METHODS:
            targets.append(_root(stmt.func.value))
        if opaque and isinstance(stmt, ast.Call):  # np.copyto(p, v), out=p, shuffle(p)
            from .call_writes import written_by_call
            targets.extend(written_by_call(stmt, fn))
        for target in targets:
            if isinstance(target, ast.Name) and target.id in params \
                    and target.id not in rebound:
                found.append((target.id, first + stmt.lineno - 1, method))
    return found


def _root(node):
    """``p`` of ``p``, ``p[i][j]``, ``p.a[i]``."""
    while isinstance(node, (ast.Subscript, ast.Attribute)):
        node = node.value
    return node
