"""Names that hold a frozen ``scipy.stats`` distribution: ``d = norm(mu, s)``.

``d.logpdf(x)`` is then the rule of the frozen method (:mod:`srcad.rules.scipy.stats`),
which passes a derivative back to ``d`` and from it to ``mu`` and ``s``.  A name
counts only when every assignment to it calls a distribution object (or copies
such a name); anything else (a function's parameter, an element of a list) calls
its methods at run time as before, and srcad refuses the call if the object
depends on a differentiated input (:func:`srcad.compiler.analysis.check_callees`).
"""

from __future__ import annotations

import ast
import sys


def frozen_distributions(body: list, resolver, params, generated: bool = False) -> dict:
    """``{name: distribution object}`` for the names surely holding frozen distributions.

    In srcad's own gradients (``generated``, differentiated again for second order) a
    name is also set to ``None`` before a loop and restored from the tape
    (``d = list_pop(stack)``) after: those restore a value the name held before."""
    if 'scipy.stats' not in sys.modules:
        return {}
    from ..rules import registry
    from ..rules.scipy import stats as scipy_stats
    from .analysis import _assignments
    stored, values = {}, {}
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                stored[node.id] = stored.get(node.id, 0) + 1
    for stmt in _assignments(body):
        if isinstance(stmt.targets[0], ast.Name):
            values.setdefault(stmt.targets[0].id, []).append(stmt.value)
    names = {n: None for n, vs in values.items()
             if stored.get(n) == len(vs) and n not in params}

    def restore(value) -> bool:
        # (``None``: also what the other branch of an ``if`` gives a name only one branch
        # sets; ``None.logpdf(x)`` would raise as in Python)
        return isinstance(value, ast.Constant) and value.value is None or generated and (
            isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
            and value.func.id == 'list_pop' and len(value.args) == 1)

    def source(value):
        if isinstance(value, ast.Name):
            return names.get(value.id)
        if not isinstance(value, ast.Call) or (isinstance(value.func, ast.Name)
                                               and value.func.id in resolver.local):
            return None
        obj = resolver.callee(value.func)
        if obj is None or not str(type(obj).__module__).startswith('scipy.stats'):
            return None
        registry.lookup(obj)   # (loads the rules of scipy.stats)
        return obj if scipy_stats.generator(obj) else None

    changed = True
    while changed:
        changed = False
        for name in list(names):
            found = {id(d): d for d in map(source, [v for v in values[name]
                                                    if not restore(v)])}
            dist = next(iter(found.values())) if len(found) == 1 else None
            if dist is not names[name]:
                names[name] = dist
                changed = True
    return {n: d for n, d in names.items() if d is not None}
