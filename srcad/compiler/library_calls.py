"""NumPy functions that call the user's functions, written out where they are called:

* ``np.piecewise(x, condlist, [f0, f1, ...], *args, **kw)`` becomes
  ``piecewise_join(x, condlist, n, [f0(piecewise_part(x, condlist, 0, n), *args, **kw),
  ...])``: each function applied to the elements its condition selects (the last
  one, when there is one function more than conditions, to the elements no
  condition selects), as NumPy does; a value in the list instead of a function is
  written where its condition holds;
* ``np.apply_along_axis(f, axis, arr, *args, **kw)`` becomes
  ``along_axis_join([f(r, *args, **kw) for r in along_axis_rows(arr, axis)], arr, axis)``.

The functions (lambdas, nested defs, functions of a module, NumPy's) are then called
like any other call, so their derivatives are those of ordinary code; the helpers'
rules are in :mod:`srcad.rules.everyday.callbacks`.  A function list srcad cannot
read where it is written (a variable, a comprehension) is refused.

A mixin-free helper of :class:`srcad.compiler.normalize._Flattener` (``expr_Call``).
"""

from __future__ import annotations

import ast

import numpy as np

from ..errors import UnsupportedSyntaxError
from .comprehensions import _caller, _fresh_local, _placed, lower


_NAMES = frozenset({'piecewise', 'apply_along_axis'})


def lower_call(flat, node: ast.Call, out):
    """The value expression of a call of ``np.piecewise`` or ``np.apply_along_axis``,
    or None for any other call."""
    func = node.func
    spelled = func.attr if isinstance(func, ast.Attribute) else getattr(func, 'id', None)
    if spelled not in _NAMES:  # (most calls: no name lookup)
        return None
    callee = flat.global_callee(func)
    if callee is not np.piecewise and callee is not np.apply_along_axis:
        return None
    name = 'np.piecewise' if callee is np.piecewise else 'np.apply_along_axis'
    if any(isinstance(a, ast.Starred) for a in node.args) \
            or any(kw.arg is None for kw in node.keywords):
        raise UnsupportedSyntaxError(
            f'srcad writes {name}(...) out where it is called, and needs its arguments '
            f'written out (no *args or **kwargs)', flat.src.location(node),
            'pass the arguments one by one')
    from ..rules.everyday import callbacks
    first = ('x', 'condlist', 'funclist') if callee is np.piecewise else ('func1d', 'axis', 'arr')
    bound = dict(zip(first, node.args))
    extra = list(node.args[3:])
    keywords = []
    for kw in node.keywords:
        if kw.arg in first and kw.arg not in bound:
            bound[kw.arg] = kw.value
        else:
            keywords.append(kw)
    if len(bound) != 3:
        raise UnsupportedSyntaxError(f'{name}(...) takes {", ".join(first)}',
                                     flat.src.location(node), 'pass all three')
    extra = [flat.expr(a, out) for a in extra]  # (evaluated once, as NumPy does)
    keywords = [ast.keyword(kw.arg, flat.expr(kw.value, out)) for kw in keywords]

    def helper(fn):
        chosen = flat.namer.derive('', fn.__name__)
        flat.helpers[chosen] = fn
        return ast.Name(chosen, ast.Load())

    def called(f, arg):
        call = _caller(flat, f, out)([arg] + extra)
        call.keywords = list(keywords)
        return call

    if callee is np.apply_along_axis:
        arr, axis = flat.expr(bound['arr'], out), flat.expr(bound['axis'], out)
        row = _fresh_local(flat, 'row')
        rows = ast.Call(helper(callbacks.along_axis_rows), [arr, axis], [])
        comp = ast.ListComp(called(bound['func1d'], ast.Name(row, ast.Load())),
                            [ast.comprehension(ast.Name(row, ast.Store()), rows, [], 0)])
        results = lower(flat, _placed(comp, node), out)
        join = ast.Call(helper(callbacks.along_axis_join), [results, arr, axis], [])
        return flat.expr(_placed(join, node), out)

    funcs = bound['funclist']
    if not isinstance(funcs, (ast.List, ast.Tuple)) or any(
            isinstance(f, ast.Starred) for f in funcs.elts):
        raise UnsupportedSyntaxError(
            'srcad writes np.piecewise(...) out where it is called, and needs its list of '
            'functions written in the call', flat.src.location(node),
            'write the list in the call: np.piecewise(x, [c0, c1], [f0, f1])')
    x, conds = flat.expr(bound['x'], out), flat.expr(bound['condlist'], out)
    n = ast.Constant(len(funcs.elts))
    part, values = helper(callbacks.piecewise_part), []
    for i, f in enumerate(funcs.elts):
        if _is_value(flat, f):
            values.append(f)
            continue
        if not _is_function(flat, f):
            raise UnsupportedSyntaxError(
                f'srcad cannot tell whether {ast.unparse(f)} in the function list of '
                f'np.piecewise is a function or a value', flat.src.location(f),
                'write the lambda or the function name itself in the list')
        piece = ast.Call(part, [x, conds, ast.Constant(i), n], [])
        values.append(called(f, piece))
    join = ast.Call(helper(callbacks.piecewise_join),
                    [x, conds, n, ast.List(values, ast.Load())], [])
    return flat.expr(_placed(join, node), out)


def _is_value(flat, f) -> bool:
    """A number written in the function list (``np.piecewise(x, [c], [0.0, f])``)."""
    if isinstance(f, ast.Constant):
        return True
    if isinstance(f, ast.UnaryOp) and isinstance(f.operand, ast.Constant):
        return True
    obj = flat.global_callee(f) if isinstance(f, (ast.Name, ast.Attribute)) else None
    return isinstance(obj, (int, float, complex, np.number))


def _is_function(flat, f) -> bool:
    if isinstance(f, ast.Lambda) or (isinstance(f, ast.Name) and f.id in flat.functions):
        return True
    return isinstance(f, (ast.Name, ast.Attribute)) and callable(flat.global_callee(f))
