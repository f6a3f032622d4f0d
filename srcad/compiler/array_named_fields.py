"""Refuse a differentiated value stored under a name an ndarray attribute has.

srcad reads ``p.size``, ``p.shape``, ``p.ndim`` and ``p.dtype`` as an array's shape
(no derivative), ``p.T`` as a transpose, ``p.real``/``p.imag`` as an array's parts
(``p.data``, ``p.flat``, ``p.base`` of a user's object are read as its fields): the
reason "a shape carries no derivative" holds for arrays and numbers, not for a field
of the user's own object.  An object srcad builds itself (a plain class whose
``__init__`` is compiled in place, a dataclass, a namedtuple, a SimpleNamespace)
that stores a value depending on a differentiated input under such a name is
refused at the line that stores it (``self.size = r``), whether or not the read that
would lose the derivative comes later.  Differentiated *inputs* with such fields are
refused at entry (:mod:`srcad.wrt`); a read of such an attribute of an object another
function built is checked when it runs (:mod:`srcad.compiler.array_attribute_reads`).
An integer, a shape or a dtype stored under these names (``self.shape = (3, 4)``) is
not varied and stays free.
"""

from __future__ import annotations

import ast

from ..errors import NoRuleError
from .analysis import Activity, _assignments, names_in
from .resolve import Resolver
from .resolve_calls import _field_name, _record_class


def _stored(stmt, ops: Resolver):
    """(object shown to the user, attribute name, stored value) of each attribute a
    statement stores: ``set_attribute(p, 'size', v)`` or a record built from fields."""
    value = stmt.value
    if not isinstance(value, ast.Call):
        return
    func = value.func
    fn = ops.callee(func)
    if getattr(fn, '__name__', '') == 'set_attribute' and len(value.args) == 3 \
            and isinstance(value.args[1], ast.Constant):
        from ..rules.python.attribute_writes import set_attribute
        if fn is set_attribute:
            yield value.args[0], value.args[1].value, value.args[2]
        return
    if _record_class(fn):
        op = ops.op(value)
        if op.kind == 'unknown':  # a field named like an array attribute (resolve_calls)
            for name, v in op.inputs.items():
                if isinstance(name, str):
                    yield func, name, v


def check_array_named_fields(body: list, ops: Resolver, activity: Activity, src,
                             names) -> None:
    """A located refusal for ``obj.size = v`` (and ``Record(size=v)``) where ``v``
    depends on a differentiated input."""
    from .user_text import user_text
    for stmt in _assignments(body):
        for obj, name, v in _stored(stmt, ops) or ():
            if _field_name(name) or name.startswith('__'):
                continue
            if not any(n in activity.varied for n in names_in(v)):
                continue
            shown = user_text(obj, names, body) if isinstance(obj, ast.expr) else '?'
            raise NoRuleError(
                f'srcad cannot differentiate the attribute {name!r} of {shown}: it holds a '
                f'value that depends on a differentiated input, and .{name} reads as the '
                f'ndarray attribute of that name (no derivative), so the derivative through '
                f'it would be lost', src.location(stmt),
                f'rename the attribute (for example {name}_)')


__all__ = ['check_array_named_fields']
