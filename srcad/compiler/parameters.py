"""Every parameter a differentiated value reaches is covered, or the call is refused.

A rule classifies each of its parameters (:meth:`srcad.rules.registry.Rule.classify`):
it has an adjoint (a tangent, in forward mode), or it cannot carry a derivative for a
stated reason (an axis, a shape, a dtype, an index, a flag...), or neither.  This
pass runs after activity analysis, in reverse and forward mode alike, and refuses,
at the call's location, any call where a differentiated value reaches a parameter
of the third kind while the call's result matters: ``np.quantile(x, q)`` with ``q``
computed from the input is refused, never differentiated as if ``q`` were fixed.

A ``dtype=`` srcad cannot read from the source (``x.dtype``, a variable) is refused
the same way, except by the casting functions, whose rules check it when they run.
"""

from __future__ import annotations

import ast

from .analysis import Activity, _assignments, names_in
from .fastast import walk
from ..errors import NoRuleError
from .normalize import is_global_path
from .resolve import Resolver, _NO_DERIVATIVE_KINDS
from ..rules.catalog import public_names
from ..rules.registry import CHECKED_AT_RUN_TIME
from ..runtime import setitem


def check_parameters(body: list, resolver: Resolver, activity: Activity, src, namer,
                     forward: bool = False) -> None:
    """Raise :class:`NoRuleError` where a differentiated value reaches a parameter
    that has no derivative rule (in this mode) and no reason to carry none."""
    for stmt in _assignments(body):
        targets = names_in(stmt.targets[0])
        if not any(t in activity.useful for t in targets):
            continue
        op = resolver.op(stmt.value)
        if op.kind != 'rule':
            continue
        varied = {}  # param -> the first differentiated name passed there
        for param, atom in op.inputs.items():
            found = [n for n in names_in(atom) if n in activity.varied]
            if found:
                varied[param] = found[0]
        if not varied:
            continue
        rule = op.rule
        for param, name in varied.items():
            kind, _ = rule.classify(param, forward)
            if kind == 'refused':
                raise _refusal(rule, param, _shown(name, namer), stmt, src, forward)
        dtype = op.inputs.get('dtype')
        if dtype is not None and not rule.helper and rule.fn not in CHECKED_AT_RUN_TIME and any(
                rule.classify(p, forward)[0] == 'derivative' for p in varied):
            kind = resolver.dtype_kind(dtype)
            if kind is None or kind in _NO_DERIVATIVE_KINDS:
                raise NoRuleError(
                    f'{rule.name}: srcad cannot tell from the source whether '
                    f'dtype={ast.unparse(dtype)} is a floating-point type, and a cast to '
                    f'an integer type would have no derivative',
                    src.location(stmt),
                    'write the dtype out (dtype=float, np.float32...), or cast afterwards '
                    'with .astype(...)')


def _shown(name: str, namer) -> str:
    """How a refusal names a value: the user's variable, or what a temporary is."""
    if namer.is_temporary(name):
        return 'the value passed there'
    return repr(namer.variable(name)) + ', passed there,'


def _public_name(rule) -> str:
    """``scipy.special.zeta`` rather than ``scipy.special._basic.zeta``."""
    try:
        names = public_names(rule.fn)
    except TypeError:
        names = []
    return names[0] if names else rule.name


def _refusal(rule, param, name, stmt, src, forward) -> NoRuleError:
    label = _public_name(rule)
    mode = 'forward-mode ' if forward else ''
    other = rule.classify(param, not forward)[0] == 'derivative'
    note = (f' (it has one in {"reverse" if forward else "forward"} mode only)'
            if other else '')
    return NoRuleError(
        f'srcad has no {mode}derivative of {label} with respect to its parameter '
        f'{param!r}{note}, and {name} depends on a differentiated '
        f'input: srcad refuses rather than treat it as a constant',
        src.location(stmt),
        f'if {param} should be held constant, pass srcad.stop_gradient(...) of it; '
        f'otherwise register a rule with srcad.adjoint({label}, ...)')


# --- arrays that hold integers -----------------------------------------------------------
def integer_arrays(body: list, resolver: Resolver, params) -> set:
    """Names that surely hold integer (or boolean) arrays: every assignment to them
    makes one (``np.zeros(n, dtype=int)``, ``x.astype(int)``, an element write into
    one, a copy of one).  A value written into such an array is truncated: it carries
    no derivative (``k = np.zeros(3, dtype=int); k[0] = x``)."""
    import numpy as np
    stored, plain = {}, {}
    for stmt in body:
        for node in walk(stmt):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                stored[node.id] = stored.get(node.id, 0) + 1
    values = {}
    for stmt in _assignments(body):
        if isinstance(stmt.targets[0], ast.Name):
            name = stmt.targets[0].id
            plain[name] = plain.get(name, 0) + 1
            values.setdefault(name, []).append(stmt.value)
    names = {n for n, count in plain.items() if stored.get(n) == count} - set(params)

    def integer(value) -> bool:
        if isinstance(value, ast.Name):
            return value.id in names
        if not isinstance(value, ast.Call):
            return False
        func = value.func
        if isinstance(func, ast.Name) and func.id in resolver.helpers:
            fn = resolver.helpers[func.id]
            if fn is setitem:
                return bool(value.args) and integer(value.args[0])
            return False
        if isinstance(func, ast.Attribute) and not _global(func, resolver):
            if func.attr == 'astype' and value.args:
                return _kind(resolver, value.args[0]) in _NO_DERIVATIVE_KINDS
            if func.attr == 'copy' and not value.args:
                return integer(func.value)
            return False
        fn = resolver.callee(func)
        place = _CREATORS.get(fn) if _hashable(fn) else None
        if place is None:
            return fn is np.copy and bool(value.args) and integer(value.args[0])
        dtype = next((kw.value for kw in value.keywords if kw.arg == 'dtype'), None)
        if dtype is None and place < len(value.args):
            dtype = value.args[place]
        return dtype is not None and _kind(resolver, dtype) in _NO_DERIVATIVE_KINDS

    changed = True
    while changed:  # the greatest fixpoint: drop names some assignment does not prove
        changed = False
        for name in sorted(names):
            if not all(integer(v) for v in values[name]):
                names.discard(name)
                changed = True
    integer = None  # (the recursive closure's cycle broken: the collector need not free it)
    return names


def _global(func, resolver) -> bool:
    return is_global_path(func, resolver.local)


def _kind(resolver, node):
    return resolver.dtype_kind(node)


def _hashable(fn) -> bool:
    try:
        hash(fn)
        return True
    except TypeError:
        return False


def _creators() -> dict:
    import numpy as np
    return {np.zeros: 1, np.ones: 1, np.empty: 1, np.full: 2, np.zeros_like: 1,
            np.ones_like: 1, np.empty_like: 1, np.full_like: 2, np.array: 1, np.asarray: 1,
            np.eye: 3, np.identity: 1, np.arange: 3}


#: array-making functions -> the position of their ``dtype`` argument
_CREATORS = _creators()
