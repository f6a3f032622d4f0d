"""``g.sigma`` of an object passed in (a dataclass parameter, ``self`` in a method),
where ``sigma`` is a ``@property`` of one of the user's classes.

Only when the code runs is the object's class known.  Where the function's module holds
classes with a property of that name (one property object: defined once, perhaps
inherited), srcad compiles the read as Python would run it for either kind of object::

    if holds_property(g, Gauss, 'sigma'):   # type(g) has Gauss's very property
        t = Gauss.sigma.fget(g)             # the user's function, differentiated
    else:
        t = g.sigma                                  # a field or an attribute, as before

so the property's getter is differentiated in ``g`` like any of the user's functions
(:func:`srcad.compiler.classes.method_call`), and every other object reads as before.
A getter that assigns attributes of ``self`` is left alone (refused when it matters).
"""

from __future__ import annotations

import ast
import inspect
import types

import numpy as np

from ..rules.registry import nondifferentiable
from .classes import _changes_self, _helper

_LIBRARIES = ('numpy', 'scipy', 'srcad', 'builtins', 'collections', 'typing', 'enum',
              'dataclasses', 'types', 'functools', 'abc')


def holds_property(obj, cls, name) -> bool:
    """Whether ``obj.name`` runs the property ``name`` of the class ``cls`` (``obj``'s
    class has that very one)."""
    return inspect.getattr_static(type(obj), name, None) is inspect.getattr_static(cls, name)


nondifferentiable(holds_property, why='a test of the class: no value, no derivative')
nondifferentiable(type, why='a class (type(self).SCALE reads a constant of it)')


def lower_read(flat, node: ast.Attribute, out):
    """The atom holding ``obj.attr`` read as described in the module docstring, or None
    when ``attr`` is no property of a class of the module (or ``obj`` no local name)."""
    if not (isinstance(node.ctx, ast.Load) and isinstance(node.value, ast.Name)
            and node.value.id in flat.local and node.value.id not in flat.functions):
        return None
    owner = _module_property(flat, node.attr)
    if owner is None:
        return None
    obj = ast.Name(node.value.id, ast.Load())
    test = flat.expr(ast.copy_location(ast.Call(
        _helper(flat, holds_property),
        [obj, ast.Name(owner, ast.Load()), ast.Constant(node.attr)], []), node), out)
    result = flat.namer.fresh(node.attr)
    flat.local.add(result)
    getter = ast.Attribute(ast.Attribute(ast.Name(owner, ast.Load()), node.attr, ast.Load()),
                           'fget', ast.Load())
    then = []
    flat.expr(ast.copy_location(ast.Call(getter, [obj], []), node), then, dest=result)
    plain = ast.copy_location(ast.Assign([ast.Name(result, ast.Store())],
                                         ast.Attribute(obj, node.attr, ast.Load())), node)
    out.append(ast.fix_missing_locations(ast.copy_location(ast.If(test, then, [plain]), node)))
    return ast.Name(result, ast.Load())


def _module_property(flat, name: str):
    """The global name of a class of the module's globals whose property ``name`` is the
    only property of that name there (a plain getter of the user's that assigns
    nothing), or None.  Names of array attributes (``x.shape``, ``x.T``) are left alone."""
    index = getattr(flat, '_module_properties', None)
    if index is None:
        index = flat._module_properties = _properties(flat)
    found = index.get(name)
    if not found or len(found) != 1 or hasattr(np.ndarray, name):
        return None
    (prop, owners), = found.items()
    if type(prop) is not property or not isinstance(prop.fget, types.FunctionType) \
            or _changes_self(prop.fget):
        return None
    return min(owners)  # (deterministic: any class holding it reads it)


def _properties(flat) -> dict:
    """name -> {property: the global names of the module's classes that have it}."""
    index = {}
    for key, value in list(flat.src.globals.items()):
        if not isinstance(value, type) or key in flat.local or \
                str(value.__module__ or '').split('.')[0] in _LIBRARIES:
            continue
        for klass in value.__mro__[:-1]:
            for attr, prop in vars(klass).items():
                if isinstance(prop, property) and \
                        inspect.getattr_static(value, attr, None) is prop:
                    index.setdefault(attr, {}).setdefault(prop, set()).add(key)
    return index
