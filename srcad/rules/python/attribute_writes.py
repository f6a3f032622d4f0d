"""``obj.attr = v`` on an object the differentiated function builds itself.

:mod:`srcad.compiler.attributes` compiles ``obj.attr = v`` as ``obj = set_attribute(obj, 'attr', v)``:
a new value for the name ``obj`` (a shallow copy with the attribute rebound), as
``x[i] = v`` is compiled as ``x = setitem(x, i, v)``.  The old object stays as it was
for the backward sweep; :mod:`srcad.compiler.mutation` refuses the write when another name for
the same object is read afterwards.  An instance of a plain class is made by
``new_object(cls)`` (its ``__init__`` is compiled in place by :mod:`srcad.compiler.attributes`).

The adjoint of an object is an :class:`AdjointDict` keyed by attribute name (as a
dataclass's is, :mod:`srcad.rules.python.object_helpers`): ``set_attribute``'s adjoint takes
the attribute's entry for ``v`` and the rest for the old object.  The tangent of an
object is an object of the same type holding the attributes' tangents.
"""

from __future__ import annotations

import copy
import dataclasses
import types

import numpy as np

from ...errors import RuntimeCheckError
from ...runtime import INPUT_ADJOINTS, AdjointDict, like_input, zero_tangent
from ...runtime.inputs import _converted  # (one function of the name, for export)
from ...runtime.objects import adjoint_of, is_dataclass_instance
from ..registry import JOINT, adjoint, linear, nondifferentiable, register_helpers

_LIBRARIES = ('numpy', 'scipy', 'srcad', 'builtins', 'types', 'collections', 'dataclasses')


def _absent(g) -> bool:
    return g is None or (type(g) in (int, float) and g == 0)


def attribute_object(x) -> bool:
    """A SimpleNamespace or an instance of a plain class: the objects whose attributes
    srcad reads and assigns by name (their adjoints are keyed by attribute)."""
    return type(x) is types.SimpleNamespace or plain_class(type(x))


def plain_class(cls) -> bool:
    """A user's class whose instances are a ``__dict__`` of attributes and nothing else:
    no custom ``__new__``, ``__setattr__``, ``__getattr__``, ``__slots__`` or copying."""
    if not isinstance(cls, type) or issubclass(cls, (tuple, list, dict, np.ndarray)) \
            or dataclasses.is_dataclass(cls) or type(cls) is not type:
        return False
    if str(cls.__module__ or '').split('.')[0] in _LIBRARIES:
        return False
    plain = object.__dict__
    return (cls.__new__ is object.__new__ and cls.__setattr__ is plain['__setattr__']
            and cls.__getattribute__ is plain['__getattribute__']
            and cls.__reduce_ex__ is plain['__reduce_ex__']
            and cls.__reduce__ is plain['__reduce__']
            and not hasattr(cls, '__getattr__') and not hasattr(cls, '__copy__')
            and not any('__slots__' in vars(k) for k in cls.__mro__[:-1]))


def assignable(x) -> bool:
    """An object whose attributes ``set_attribute`` may rebind on a copy."""
    if type(x) is types.SimpleNamespace:
        return True
    if is_dataclass_instance(x):
        cls = type(x)
        return (not cls.__dataclass_params__.frozen and hasattr(x, '__dict__')
                and cls.__setattr__ is object.__dict__['__setattr__'])
    return plain_class(type(x))


def _check_assignable(x, name):
    if not assignable(x):
        raise RuntimeCheckError(
            f'srcad assigns attributes of a SimpleNamespace, a dataclass or a plain class '
            f'instance built in the function, not of a {type(x).__name__}',
            hint='build the object inside the function, or return the new value instead')
    found = getattr(type(x), name, None)
    if hasattr(found, '__set__'):  # a property or another descriptor: code would run
        raise RuntimeCheckError(
            f'srcad does not assign .{name} of a {type(x).__name__}: it is a property '
            f'(or another descriptor) of the class, whose setter would run',
            hint='store the value in a plain attribute')


def set_attribute(x, name, v):
    """``x.name = v``, as a new object: a shallow copy of ``x`` with ``name`` rebound."""
    _check_assignable(x, name)
    new = copy.copy(x)
    setattr(new, name, v)
    return new


def plain_dataclass(cls) -> bool:
    """A dataclass whose instances are a ``__dict__`` of attributes assigned plainly
    (built attribute by attribute: :mod:`srcad.compiler.dataclass_inits`)."""
    plain = object.__dict__
    return (isinstance(cls, type) and dataclasses.is_dataclass(cls) and type(cls) is type
            and not cls.__dataclass_params__.frozen and cls.__new__ is object.__new__
            and cls.__setattr__ is plain['__setattr__']
            and cls.__getattribute__ is plain['__getattribute__']
            and not hasattr(cls, '__getattr__')
            and not any('__slots__' in vars(k) for k in cls.__mro__[:-1]))


def new_object(cls):
    """An instance of the plain class ``cls`` without attributes (``__init__`` is compiled
    in place by :mod:`srcad.compiler.attributes`), or of a plain dataclass."""
    if not plain_class(cls) and not plain_dataclass(cls):
        raise RuntimeCheckError(f'srcad cannot build a {getattr(cls, "__name__", cls)} '
                                f'attribute by attribute', hint='define a plain class')
    return object.__new__(cls)


def _by_name(g):
    """An object's adjoint keyed by attribute: an :class:`AdjointDict`, or the gradient a
    called function returned for it (a dataclass, ``like_input``'s record)."""
    if not isinstance(g, dict) and (assignable(g) or is_dataclass_instance(g)) \
            and hasattr(g, '__dict__'):
        return AdjointDict(vars(g))
    return g


def object_adjoint(g, x):
    """``like_input`` for a SimpleNamespace or a plain instance ``x`` (an object built in
    a differentiated function and passed to another): its adjoint by attribute name, each
    converted like the attribute's value; None for any other ``x``."""
    if not attribute_object(x):
        return None
    g = AdjointDict() if _absent(g) else _by_name(g)
    if not isinstance(g, dict):
        raise _converted(g, x)
    adjoint_of(g, x)
    own = vars(x)
    out = AdjointDict({k: like_input(v, own[k]) for k, v in g.items()
                       if k in own and not _absent(v) and not _integer(own[k])})
    out.of = x
    return out


def _integer(v) -> bool:
    """An integer or boolean attribute (``self.n += 1``): it carries no derivative."""
    return isinstance(v, (bool, int, np.integer, np.bool_)) or \
        isinstance(v, np.ndarray) and v.dtype.kind in 'biu'


def attribute_part(g, x, name, ans=None):
    """The adjoint of ``v`` in ``ans = set_attribute(x, name, v)``: the entry ``name`` of
    ``g``, ``ans``'s adjoint (refused when it is another object's: ``adjoint_of``)."""
    g = _by_name(g)
    if _absent(g):
        return 0.0
    if isinstance(g, dict):
        return adjoint_of(g, ans if ans is not None else g.of).get(name, 0.0)
    raise _converted(g, x)


def attribute_rest(g, x, name, ans=None):
    """The adjoint of the old object ``x``: ``g`` without the entry ``name``."""
    g = _by_name(g)
    if _absent(g):
        return g
    if isinstance(g, dict):
        adjoint_of(g, ans if ans is not None else g.of)
        out = AdjointDict({k: v for k, v in g.items() if k != name})
        out.of = x
        return out
    raise _converted(g, x)


def set_attribute_tangent(x, dot, name, v, v_dot):
    """The tangent of ``set_attribute(x, name, v)``: ``x``'s tangent (an object of its
    type, zeros where absent) with ``v``'s tangent at ``name``."""
    _check_assignable(x, name)
    if _absent(dot):
        new = copy.copy(x)
        for key, value in vars(x).items():
            setattr(new, key, zero_tangent(value))
    elif isinstance(dot, dict):
        new = copy.copy(x)
        for key, value in vars(x).items():
            setattr(new, key, dot[key] if key in dot else zero_tangent(value))
    elif type(dot) is type(x):
        new = copy.copy(dot)
    else:
        raise RuntimeCheckError(f'srcad received a tangent of type {type(dot).__name__} for '
                                f'a {type(x).__name__}', hint='report this as a bug in srcad')
    setattr(new, name, zero_tangent(v) if _absent(v_dot) else v_dot)
    return new


INPUT_ADJOINTS.append(object_adjoint)  # like_input of an object passed on
register_helpers({f.__name__: f for f in (set_attribute, new_object,
                                          attribute_part, attribute_rest,
                                          set_attribute_tangent)})

adjoint(set_attribute, 'x, name, v', x='attribute_rest(g, x, name, ans)',
        v='attribute_part(g, x, name, ans)', constants=dict(name='the name of an attribute'),
        forward=('linear', 'x', 'v'),
        tangent={JOINT: 'set_attribute_tangent(x, x__dot, name, v, v__dot)'})

nondifferentiable(new_object, why='a new object without attributes')

# the adjoint helpers are linear in g (second order: forward over reverse)
linear(adjoint_of, 'g', signature='g, x',
       constants=dict(x='the object, read only for its identity'))
for _fn in (attribute_part, attribute_rest):
    linear(_fn, 'g', signature='g, x, name, ans=None',
           constants=dict(x='read only for its type', name='the name of an attribute',
                          ans='the object built, read only for its identity'))
