"""The checks the mutation check leaves to run time.

Where only the argument's type decides whether ``p op= v`` changes data in
place (an array or a list does, a number does not), the statement is kept and
:func:`insert_guards` puts a check before it: :func:`rebinds_argument` for a
parameter of a called function, :func:`writes_shared_data` for an augmented
assignment to a name that shares data with another (or for a write into a dict
a loop goes over).  Both raise srcad's error, naming the place, when the value
would change in place.
"""

from __future__ import annotations

import ast
import copy

import numpy as np

from ..errors import UnsupportedSyntaxError
from ..rules.registry import nondifferentiable
from .view_calls import no_shared_data


def insert_guards(body: list, guards: list, namer, *helper_maps) -> list:
    """``body`` with ``rebinds_argument(a, ...)`` before each call that :func:`_check_calls`
    left to a check when the code runs; the helper's name goes into each of
    ``helper_maps`` (the names generated code can call)."""
    if not guards:
        return body
    helper = namer.derive('', 'rebinds_argument')
    for helpers in helper_maps:
        helpers[helper] = rebinds_argument
    before = {}
    aliased = [g for g in guards if g[0] == 'alias']
    if aliased:
        check_alias = namer.derive('', 'writes_shared_data')
        for helpers in helper_maps:
            helpers[check_alias] = writes_shared_data
    for _, stmt, atom, method, name, other, where, *argument in aliased:
        check = ast.Call(ast.Name(check_alias, ast.Load()),
                         [atom] + [copy.deepcopy(c) if isinstance(c, ast.AST) else ast.Constant(c)
                                   for c in (method, name, other, where, *argument)], [])
        before.setdefault(id(stmt), []).append(
            ast.fix_missing_locations(ast.copy_location(ast.Expr(check), stmt)))
    after = {}  # y = np.diag(v) taken for a new array: checked right after (view_calls.py)
    fresh = [g for g in guards if g[0] == 'fresh']
    if fresh:
        check_fresh = namer.derive('', 'no_shared_data')
        for helpers in helper_maps:
            helpers[check_fresh] = no_shared_data
    for _, stmt, result, names, what, where in fresh:
        check = ast.Call(ast.Name(check_fresh, ast.Load()),
                         [ast.Name(result, ast.Load()), ast.Constant(what), ast.Constant(where)]
                         + [ast.Name(n, ast.Load()) for n in names], [])
        after.setdefault(id(stmt), []).append(
            ast.fix_missing_locations(ast.copy_location(ast.Expr(check), stmt)))
    grouped = {}  # one check per argument: (statement, parameter) -> its atom, methods...
    for stmt, atom, function, param, method, line in (g for g in guards
                                                      if g[0] not in ('alias', 'fresh')):
        key = (id(stmt), param)
        if key not in grouped:
            grouped[key] = (stmt, atom, function, [], line)
        if method not in grouped[key][3]:
            grouped[key][3].append(method)
    for (_, param), (stmt, atom, function, methods, line) in grouped.items():
        constants = (tuple(methods), function, param, line)
        check = ast.Call(ast.Name(helper, ast.Load()),
                         [atom] + [ast.Constant(c) for c in constants], [])
        before.setdefault(id(stmt), []).append(
            ast.fix_missing_locations(ast.copy_location(ast.Expr(check), stmt)))

    def block(stmts):
        """New lists; a loop or branch holding a guarded statement is a new (shallow)
        copy with new bodies: the statements given are left as they were."""
        out = []
        for stmt in stmts:
            out += before.get(id(stmt), [])
            fields = {field: block(getattr(stmt, field)) for field in ('body', 'orelse')
                      if isinstance(getattr(stmt, field, None), list)}
            if any(new != getattr(stmt, field) for field, new in fields.items()):
                stmt = copy.copy(stmt)
                for field, new in fields.items():
                    setattr(stmt, field, new)
            out.append(stmt)
            out += after.get(id(stmt), [])
        return out
    return block(body)


def rebinds_argument(value, methods, function, param, line):
    """Check, when the code runs, that ``param op= v`` in ``function`` rebinds its
    parameter: ``value``, the argument, has none of the in-place ``methods``
    (``__imul__``...), as numbers do not.  An array or a list would change in the
    caller's hands."""
    for method in methods:
        if not hasattr(type(value), method):
            continue
        kind = type(value).__name__
        raise UnsupportedSyntaxError(
            f'{function} changes its argument {param!r} in place (line {line}: the '
            f'argument is a {kind}, which {AUGMENTED.get(method, method)} changes in place); '
            f'srcad cannot show that change to the caller', None,
            f'work on a copy inside {function} ({param} = {param}.copy()) and return the '
            f'result, or pass a number')


nondifferentiable(rebinds_argument)  # a check: no value, no derivative


def writes_shared_data(value, method, name, other, where, argument=False, container=None,
                       keys=False, attribute=False):
    """Check, when the code runs, that ``name op= v`` (compiled as ``name = name op v``)
    makes a new value: ``value`` has no in-place ``method`` (``__iadd__``...), as numbers
    do not.  An array or a list would change in place, and ``other``, which shares its
    data and is read afterwards, would see the change (with ``argument``: ``other`` is
    the parameter whose argument would change).  For ``xs[i] op= v``, ``value`` is the
    entry and ``container`` is ``xs``: an array's element write is checked as a write into
    the array, and with ``keys``, ``other`` is the variable of a loop over ``container``,
    which for a dict is a key, sharing nothing.  With ``attribute`` (the attribute's
    name), ``name`` is ``obj.attr`` of ``obj.attr op= v`` and ``container`` is ``obj``;
    ``other`` is None when no other name is known to share the value: only a class's
    attribute (not the instance's own, shared by every instance) is refused."""
    if attribute and hasattr(type(value), method) \
            and attribute not in getattr(container, '__dict__', {attribute: None}):
        raise UnsupportedSyntaxError(
            f'srcad does not support {name} {AUGMENTED.get(method, method)} ... on a '
            f'{type(value).__name__} that belongs to the class, not to the object ({where}): '
            f'Python would change the class\'s {type(value).__name__} in place, shared by '
            f'every instance', None,
            f'write {name} = {name} {AUGMENTED.get(method, method)[:-1]} ... for a new '
            f'{type(value).__name__} of the object\'s own')
    if other is None:
        return
    if isinstance(container, np.ndarray) or keys and isinstance(container, dict):
        return
    if method == ITERATED:  # ``argument``: the key written
        if not isinstance(value, dict) or argument not in value:
            raise UnsupportedSyntaxError(
                f'srcad does not support writing into {name!r} while a loop goes over it '
                f'({where}): the loop would see the change (or Python would refuse a new key)',
                None,
                f'loop over a copy ({name}.copy()) or over range(len({name}))')
        return
    if argument and hasattr(type(value), method):
        raise UnsupportedSyntaxError(
            f'srcad does not support {name} {AUGMENTED.get(method, method)} ... on a '
            f'{type(value).__name__} that refers to the data of the argument {other!r} '
            f'({where}): NumPy would change the caller\'s {other!r} in place', None,
            f'copy first ({name} = {name}.copy()) or write {name} = {name} '
            f'{AUGMENTED.get(method, method)[:-1]} ... for a new value')
    if hasattr(type(value), method) and attribute:  # obj.attr op= v
        raise UnsupportedSyntaxError(
            f'srcad does not support {name} {AUGMENTED.get(method, method)} ... on a '
            f'{type(value).__name__} attribute while {other!r} refers to the same data and is '
            f'read afterwards ({where}): it changes the {type(value).__name__} in place, and '
            f'the change would show through {other!r}', None,
            f'write {name} = {name} {AUGMENTED.get(method, method)[:-1]} ... for a new '
            f'{type(value).__name__}')
    if hasattr(type(value), method) and container is not None:  # xs[i] op= v
        raise UnsupportedSyntaxError(
            f'srcad does not support {name} {AUGMENTED.get(method, method)} ... on a '
            f'{type(value).__name__} entry ({where}): it changes that {type(value).__name__} '
            f'in place, and {other!r} also refers to it and is read afterwards (in Python the '
            f'change would show through {other!r})', None,
            f'write {name} = {name} {AUGMENTED.get(method, method)[:-1]} ... for a new '
            f'{type(value).__name__}')
    if hasattr(type(value), method):
        raise UnsupportedSyntaxError(
            f'srcad does not support {name} {AUGMENTED.get(method, method)} ... on a '
            f'{type(value).__name__} while {other!r} refers to the same data and is read '
            f'afterwards ({where}): the change would show through {other!r}', None,
            f'copy first ({name} = {name}.copy()) or write {name} = {name} '
            f'{AUGMENTED.get(method, method)[:-1]} ... for a new value')


nondifferentiable(writes_shared_data)  # a check: no value, no derivative


ITERATED = 'iterated'  # writes_shared_data's check of a write into what a loop goes over
AUGMENTED = {'__iadd__': '+=', '__isub__': '-=', '__imul__': '*=', '__imatmul__': '@=',
             '__itruediv__': '/=', '__ifloordiv__': '//=', '__imod__': '%=', '__ipow__': '**=',
             '__ilshift__': '<<=', '__irshift__': '>>=', '__ior__': '|=', '__ixor__': '^=',
             '__iand__': '&='}
