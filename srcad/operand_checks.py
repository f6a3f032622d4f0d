"""Arguments given to a Python operator in the function, checked when a call starts.

``s + w``, ``-s`` or ``s * w`` with ``s`` an argument runs ``s``'s own ``__add__``,
``__neg__``, ``__mul__`` when ``s`` is an instance of the user's class (or of an
ndarray subclass overriding NumPy's operator): Python code srcad does not
differentiate, which the generated code would read as NumPy's ``+``.  Which
parameters the function's source hands to an operator is read once per function
(:func:`operator_params`); each call whose arguments are not plain arrays or floats
checks those arguments (:func:`refuse_operator_objects`), so the code specialized
for arrays never pays for it.  Uses after a statement of the function's body that
assigns the parameter anew are left out (``s = np.asarray(s)`` makes it a plain
array; ``s = s * 2`` is still checked), and so is ``@``: its runtime helpers
check their operands themselves (a sparse matrix is welcome there).
"""

from __future__ import annotations

import ast
import numbers
import weakref

import numpy as np

from .compiler.parse import read_function
from .errors import NoRuleError, SrcadError
from .runtime.objects import own_dunder

_DUNDERS = {
    ast.Add: ('__add__', '__radd__', '+'), ast.Sub: ('__sub__', '__rsub__', '-'),
    ast.Mult: ('__mul__', '__rmul__', '*'), ast.Div: ('__truediv__', '__rtruediv__', '/'),
    ast.FloorDiv: ('__floordiv__', '__rfloordiv__', '//'), ast.Mod: ('__mod__', '__rmod__', '%'),
    ast.Pow: ('__pow__', '__rpow__', '**'), ast.USub: ('__neg__', None, 'unary -'),
    ast.UAdd: ('__pos__', None, 'unary +'),
}
_KNOWN = weakref.WeakKeyDictionary()  # fn -> {parameter: [(dunder, symbol, node)]}, src
_PLAIN = (float, int, complex, bool, str, list, tuple, dict, type(None))


def operator_params(fn):
    """``({parameter: [(dunder, symbol, node)]}, source)``: the parameters ``fn``'s
    source gives to a Python operator, and the dunder each use runs."""
    known = _KNOWN.get(fn)
    if known is None:
        known = _KNOWN[fn] = _scan(fn)
    return known


def _scan(fn):
    try:
        src = read_function(fn)
    except (SrcadError, TypeError, OSError):
        return {}, None
    args = src.tree.args
    params = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
    # a parameter assigned anew by a statement of the function's own body (not in a loop
    # or a branch) is another value after it: the uses up to that statement's end count
    rebound = {}
    for stmt in src.tree.body:
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                for n in ast.walk(target):
                    if isinstance(n, ast.Name) and n.id in params:
                        rebound.setdefault(n.id, stmt.end_lineno)
    found = {}

    def note(operand, dunder, symbol, node):
        if isinstance(operand, ast.Name) and operand.id in params and dunder and \
                node.lineno <= rebound.get(operand.id, node.lineno):
            found.setdefault(operand.id, []).append((dunder, symbol, node))
    for node in ast.walk(src.tree):
        if isinstance(node, ast.BinOp) and type(node.op) in _DUNDERS:
            mine, reflected, symbol = _DUNDERS[type(node.op)]
            note(node.left, mine, symbol, node)
            note(node.right, reflected, symbol, node)
        elif isinstance(node, ast.UnaryOp) and type(node.op) in _DUNDERS:
            mine, _, symbol = _DUNDERS[type(node.op)]
            note(node.operand, mine, symbol, node)
    return found, src


def refuse_operator_objects(target, names, args, kwargs=None) -> None:
    """Refuse, at the operator's line, an argument (``args`` for the parameters
    ``names``, then ``kwargs``) whose class brings its own dunder for an operator the
    function applies to it."""
    found, src = operator_params(target)
    if not found:
        return
    given = list(zip(names, args)) + list((kwargs or {}).items())
    for name, value in given:
        uses = found.get(name)
        if not uses or type(value) is np.ndarray or isinstance(value, _PLAIN) \
                or isinstance(value, (np.generic, numbers.Number)):  # (a Fraction too)
            continue
        for dunder, symbol, node in uses:
            if own_dunder(value, dunder):
                cls = type(value).__name__
                raise NoRuleError(
                    f'`{symbol}` of the argument {name}, a {cls}: it runs the class\'s own '
                    f'{dunder}, whose derivative is unknown to srcad',
                    src.location(node),
                    f'pass the arrays {cls} holds (np.asarray(...), its attributes), or '
                    f'call a function srcad differentiates')
