"""Namedtuples and dataclasses as parameters: ``p.W`` is an element of the pytree ``p``.

Reading a field of a namedtuple or a dataclass moves a value without changing
it: the field's adjoint goes back into an adjoint of the same structure as the
object (a namedtuple's adjoint is positional, an :class:`AdjointList`, as for
``p[0]``; a dataclass's is an :class:`AdjointDict` keyed by field name), which
:func:`srcad.runtime.like_input` turns into a gradient of the object's own
type (the namedtuple's type; ``dataclasses.replace`` of the dataclass).  The
tangent of a field is the same field of the object's tangent.

SciPy's result objects (``solve_ivp``'s ``OdeResult``: a dict whose keys are also
attributes) are read like a dict: ``sol.y`` is ``sol['y']``, its adjoint an
:class:`AdjointDict`.  A ``SimpleNamespace`` or a plain class instance built in the
differentiated function (:mod:`srcad.rules.python.attribute_writes`) is read by attribute
name too (a class attribute is a constant).  Other objects have no defined structure
to build a gradient of: differentiating their attributes is refused when the code runs.  An array's attributes without a rule (``x.flat``) are
refused too.
"""

from __future__ import annotations

import dataclasses
import numbers

import numpy as np

from ...errors import RuntimeCheckError
from ...runtime import AdjointDict, AdjointList, _zeros_like
from ...runtime.objects import is_dataclass_instance
from .attribute_writes import attribute_object  # (a module-level name: exported code copies it)
from ..registry import register_helpers


def is_namedtuple(x) -> bool:
    return isinstance(x, tuple) and isinstance(getattr(type(x), '_fields', None), tuple)


def _absent(g) -> bool:
    return g is None or (type(g) in (int, float) and g == 0)


def _where(x, name):
    """``('position', i)`` for a namedtuple's field, ``('field', name)`` for a
    dataclass's; refuses anything else."""
    if isinstance(x, (np.ndarray, np.generic, numbers.Number)):
        raise RuntimeCheckError(
            f'srcad has no derivative rule for the attribute .{name} of a '
            f'{type(x).__name__}', hint='use a NumPy function with a rule instead')
    if is_namedtuple(x):
        fields = type(x)._fields
        if name in fields:
            return 'position', fields.index(name)
        raise RuntimeCheckError(
            f'srcad differentiates the fields of a namedtuple ({", ".join(fields)}), '
            f'not its attribute .{name} of {type(x).__name__}',
            hint='compute the value from the fields inside the differentiated function')
    if is_dataclass_instance(x):
        fields = {f.name: f for f in dataclasses.fields(x)}
        if name in fields and fields[name].init:
            return 'field', name
        raise RuntimeCheckError(
            f'srcad differentiates the fields of a dataclass that __init__ takes '
            f'({", ".join(n for n, f in fields.items() if f.init)}), not .{name} of '
            f'{type(x).__name__}',
            hint='compute the value from the fields inside the differentiated function')
    if isinstance(x, dict) and name in x and hasattr(type(x), '__getattr__'):
        return 'field', name  # SciPy's results (solve_ivp's OdeResult): sol.y is sol['y']
    if attribute_object(x) and name in vars(x):
        return 'field', name  # built in the function (srcad/compiler/attributes.py): keyed by name
    if attribute_object(x) and not hasattr(getattr(type(x), name, None), '__get__') \
            and hasattr(type(x), name):
        return 'class', name  # a class attribute (not a method or property): a constant
    raise RuntimeCheckError(
        f'srcad cannot differentiate the attribute .{name} of a {type(x).__name__}: '
        f'only namedtuples and dataclasses have a structure to build a gradient of',
        hint='hold the parameters in a namedtuple, a dataclass or a dict')




def field(x, name):
    """``x.name`` (the compiled code reads the attribute itself)."""
    return getattr(x, name)


def unfield(g, x, name):
    """The adjoint of ``x`` in ``x.name``: ``g`` at the field, nothing elsewhere."""
    kind, where = _where(x, name)
    if kind == 'position':
        out = AdjointList([0.0] * len(x))
        out[where] = g
        return out
    out = AdjointDict() if kind == 'class' else AdjointDict({where: g})
    out.of = x  # (the adjoint of x: srcad.runtime.objects.adjoint_of)
    return out


def field_tangent(dot, x, name):
    """The tangent of ``x.name``: the same field of ``x``'s tangent."""
    kind, where = _where(x, name)
    if _absent(dot) or kind == 'class':
        return _zeros_like(getattr(x, name))
    if kind == 'position':
        if isinstance(dot, (list, tuple)) and len(dot) == len(x):
            return dot[where]
    elif isinstance(dot, dict):
        return dot[where] if where in dot else _zeros_like(getattr(x, name))
    elif type(dot) is type(x):
        return getattr(dot, where)
    raise RuntimeCheckError(
        f'srcad received a tangent of type {type(dot).__name__} for a '
        f'{type(x).__name__}', hint='pass the tangent with the structure of the input')


PRIMAL = [field]
ADJOINTS = [unfield]
TANGENTS = [field_tangent]
HELPERS = {f.__name__: f for f in PRIMAL + ADJOINTS + TANGENTS}
register_helpers(HELPERS)
