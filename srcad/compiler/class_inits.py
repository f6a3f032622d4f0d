"""``super().__init__(...)`` in an ``__init__`` srcad compiles in place.

``class Child(Base): def __init__(self, w, b): super().__init__(w); self.b = b``:
``Child(x, 0.5)`` is compiled in place (:func:`srcad.compiler.classes.lower_construction`)
with the parent's ``__init__`` written where ``super().__init__(w)`` stands: its
parameters bound to the arguments, its statements on the same ``self``.  The parent is
the class after the one defining this ``__init__`` in the built class's method
resolution order, as Python's ``super()`` finds it; its ``__init__`` must itself be
one srcad compiles in place (:func:`srcad.compiler.classes.init_plan`).  Any other use
of ``super`` in ``__init__`` is refused with the reason.
"""

from __future__ import annotations

import ast
import copy
import types

from .fastast import walk
from .names import assigned_names


def expand_super(src, cls, init, body: list, self_name: str, classes):
    """``body`` with each ``super().__init__(...)`` statement replaced by the parent's
    ``__init__`` written out, or why not (a :class:`srcad.compiler.classes._Why`).
    ``classes`` is :mod:`srcad.compiler.classes`'s ``(_Renamer, _why, init_plan)``,
    passed in by its caller (so this module does not import it back)."""
    _Renamer, _why, init_plan = classes
    cells = dict(zip(init.__code__.co_freevars, init.__closure__ or ()))
    try:
        defining = cells['__class__'].cell_contents
    except (KeyError, ValueError):
        return _why(f'{cls.__name__}.__init__ reads a variable of an enclosing function')
    mro = cls.__mro__
    if defining not in mro:
        return _why(f'super() in {cls.__name__}.__init__ names another class')
    parent = next((k for k in mro[mro.index(defining) + 1:] if '__init__' in vars(k)), object)
    mine = {p.arg for p in ast.walk(ast.Module(body, [])) if isinstance(p, ast.arg)}
    mine |= assigned_names(body) | {self_name}
    out = []
    for stmt in body:
        call = _super_init(stmt)
        if call is None:
            if any(isinstance(n, ast.Name) and n.id in ('super', '__class__')
                   for n in ast.walk(stmt)):
                return _why(f'srcad compiles {cls.__name__}(...) in place when its __init__ '
                            f'uses super() only as super().__init__(...)')
            out.append(stmt)
            continue
        if parent is object:
            if call.args or call.keywords:
                return _why('object.__init__ takes no arguments')
            continue
        plan = init_plan(src, cls, call, init=vars(parent)['__init__'])
        if isinstance(plan, str):
            return plan
        pbody, pself, params, defaults, ptree = plan
        positional = [p.arg for p in ptree.args.args[1:]]
        given = dict(zip(positional, call.args))
        given.update({kw.arg: kw.value for kw in call.keywords})
        if ptree.args.vararg or len(call.args) > len(positional) \
                or any(kw.arg is None or kw.arg not in params for kw in call.keywords) \
                or any(p not in given and p not in defaults for p in params):
            return _why(f'super().__init__(...) in {cls.__name__}.__init__ does not bind '
                        f'{parent.__name__}.__init__\'s parameters one by one')
        free = {n.id for s in pbody for n in ast.walk(s) if isinstance(n, ast.Name)} \
            - set(params) - assigned_names(pbody) - {pself}
        if free & mine:
            return _why(f'{parent.__name__}.__init__ reads a global that '
                        f'{cls.__name__}.__init__ names otherwise')
        suffix = f'__{parent.__name__.lower()}'
        rename = {pself: self_name}
        rename.update({p: p + suffix for p in params + sorted(
            assigned_names(pbody) - set(params) - {pself})})
        for p in params:
            value = given[p] if p in given else defaults[p]
            out.append(ast.copy_location(
                ast.Assign([ast.Name(rename[p], ast.Store())], value), stmt))
        out.extend(_Renamer(rename).visit(copy.deepcopy(s)) for s in pbody)
    return out


def _super_init(stmt):
    """The call of ``super().__init__(...)`` when ``stmt`` is just that, else None."""
    if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)):
        return None
    func = stmt.value.func
    if isinstance(func, ast.Attribute) and func.attr == '__init__' \
            and isinstance(func.value, ast.Call) and isinstance(func.value.func, ast.Name) \
            and func.value.func.id == 'super' and not func.value.args \
            and not func.value.keywords:
        return stmt.value
    return None


def self_stores(cls) -> set:
    """The attributes any method of ``cls`` (but ``__init__``) may assign on ``self``."""
    found = set()
    for klass in cls.__mro__[:-1]:
        for key, value in vars(klass).items():
            if key == '__init__' or not isinstance(value, types.FunctionType):
                continue
            tree = _tree(value)
            if tree is None:
                continue
            for n in walk(tree):
                if isinstance(n, ast.Attribute) and isinstance(n.ctx, (ast.Store, ast.Del)):
                    found.add(n.attr)
    return found


def _tree(method):
    from .parse import read_function
    try:
        return read_function(method).tree
    except Exception:  # noqa: BLE001  (no source: not written out)
        return None
