"""Calls that write into an argument in a way srcad does not follow, refused at their line.

``np.nan_to_num(y, copy=False)`` replaces ``y``'s values in place and returns ``y``; SciPy's
``overwrite_a=True`` (``scipy.linalg.solve``, ``cholesky``, ``lu_factor``...) lets the call
use ``a``'s data as scratch space.  srcad computes on the original values, so a later read
of the array (or of another name for its data) would differ from Python: refused.  An
array nothing reads afterwards (a temporary, a scratch copy) is fine.
"""

from __future__ import annotations

import ast

import numpy as np

from .view_calls import _argument, _every_argument, _surely, _viewed


def refuse_calls(statements, src, resolver, order, variable) -> None:
    """Refuse a call that changes an argument in a way srcad does not follow, at its line:
    ``np.nan_to_num(y, copy=False)`` (:func:`refusal`), and SciPy's ``overwrite_a=True``
    when the array it may overwrite is read afterwards.  ``order``: a function giving the
    statements in program order with a loop's body twice (``[(statement, loops)]``);
    ``variable``: the variable a renamed version belongs to."""
    from ..errors import UnsupportedSyntaxError
    for stmt in statements:
        value = getattr(stmt, 'value', None)
        if not isinstance(value, ast.Call) or not _suspect(value):
            continue
        callee = resolver.callee(value.func)
        why = refusal(value, callee)
        if why is not None:
            raise UnsupportedSyntaxError(why[0], src.location(stmt), why[1])
        for flag, name in _overwritten(value, callee):
            if _read_after(stmt, name, order(), variable) or _may_share(
                    name, src, resolver, order(), variable):
                raise UnsupportedSyntaxError(
                    f'srcad does not support {flag}=True here: SciPy may overwrite the data of '
                    f'{name!r}, which is read afterwards or shared with another name (srcad '
                    f'computes on the original values)',
                    src.location(stmt), f'drop {flag}= (the result is the same) or pass a copy')


def _suspect(call) -> bool:
    """Whether :func:`refuse_calls` must look at ``call`` (a cheap syntactic test first)."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, 'id', '')
    return name == 'nan_to_num' or any(kw.arg and kw.arg.startswith('overwrite_')
                                       for kw in call.keywords)


def _overwritten(call, callee) -> list:
    """``(flag, name)`` for each ``overwrite_x=`` of a SciPy call not surely False, with the
    name of the array given for ``x``."""
    flags = [kw for kw in call.keywords if kw.arg and kw.arg.startswith('overwrite_')
             and not _surely(kw.value, False, 0)]
    if not flags:
        return []
    import inspect
    try:
        params = list(inspect.signature(callee).parameters)
    except (TypeError, ValueError):
        params = []
    found = []
    for kw in flags:
        param = kw.arg[len('overwrite_'):]
        given = _argument(call, params.index(param) if param in params else None, param)
        if isinstance(given, ast.Name):
            found.append((kw.arg, given.id))
        elif given is None or not isinstance(given, ast.Constant):
            found.extend((kw.arg, n.id) for n in _every_argument(call))
    return found


def _may_share(name, src, resolver, order, variable) -> bool:
    """Whether ``name`` may share its data with another name: a parameter, or assigned a
    name, an element, an attribute or a view somewhere."""
    from .names import param_names
    from .sharing import VIEW_METHODS
    if any(variable(p) == variable(name) for p in param_names(src.tree.args)):
        return True
    for stmt, _ in order:
        if not (isinstance(stmt, ast.Assign) and any(
                isinstance(t, ast.Name) and variable(t.id) == variable(name)
                for t in stmt.targets)):
            continue
        value = stmt.value
        if isinstance(value, (ast.Name, ast.Subscript, ast.Attribute)) \
                or not isinstance(value, ast.Call) and not isinstance(value, (
                    ast.BinOp, ast.UnaryOp, ast.Constant)):
            return True
        if isinstance(value, ast.Call):
            callee = resolver.callee(value.func)
            method = isinstance(value.func, ast.Attribute) and callee is None \
                and value.func.attr in VIEW_METHODS
            if method or _viewed(value, callee):
                return True
    return False


def _read_after(stmt, name, order, variable) -> bool:
    """Whether a version of ``name``'s variable is read after ``stmt`` (in ``order``)."""
    from .fastast import walk
    seen = False
    for other, _ in order:
        if seen:
            own = [other] if not hasattr(other, 'body') else [  # (a loop's or if's own parts)
                part for field in other._fields if field not in ('body', 'orelse')
                for part in (lambda v: v if isinstance(v, list) else [v])(getattr(other, field))
                if isinstance(part, ast.AST)]
            if any(isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
                   and variable(n.id) == variable(name) for part in own for n in walk(part)):
                return True
        seen = seen or other is stmt
    return False


def refusal(call: ast.Call, callee):
    """Why srcad refuses ``call`` outright (None for most): it changes an argument in
    place, in a way the derivative does not follow."""
    if callee is np.nan_to_num:
        flag = _argument(call, 1, 'copy')
        if flag is not None and not _surely(flag, True):
            return ('srcad does not support np.nan_to_num(..., copy=False): NumPy replaces '
                    'the values in its argument in place and hands back the argument itself',
                    'drop copy=False (y = np.nan_to_num(y) gives the same values)')
    return None
