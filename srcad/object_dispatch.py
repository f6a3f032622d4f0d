"""``object_call(name, obj, *args)``: a call of an object that holds differentiated values
(``layer(x)``, ``model.predict(x)``, ``self.fc1(x)``), decided when the code runs.

The compiler (:mod:`srcad.compiler.object_calls`) writes such a call so that ``obj`` is
an argument of the call like the others, and :mod:`srcad.dynamic` asks
:func:`object_target` what to run:

- ``type(obj).name``, the user's own Python function (``__call__`` for ``obj(x)``):
  run with ``obj`` as its ``self``, differentiated in it as in the other arguments;
- ``obj.name`` an attribute holding a callable (``self.fc1 = Linear(...)``, ``self.act =
  np.tanh``): a small generated function ``part = obj.fc1; return part(a0)``
  (:func:`attribute_caller`), which srcad differentiates like the user's own, so the
  derivative reaches ``obj.fc1`` by attribute;
- a function that holds no differentiated value (``np.tanh``, a module-level ``def``
  without closure) called: the function, the receiver's adjoint zero;
- anything else as :func:`srcad.method_dispatch.method_target` says, the receiver's
  derivative refused when it is needed (a closure over a differentiated value, a
  library's object): never a silent zero.
"""

from __future__ import annotations

import builtins
import dataclasses
import functools
import inspect
import linecache
import types

import numpy as np

from .errors import RuntimeCheckError
from .method_dispatch import method_call, method_target


def object_call(name, obj, *args, **kwargs):
    """``obj.name(*args, **kwargs)`` (``obj(*args)`` for ``name == '__call__'``)."""
    if name == '__call__':
        return obj(*args, **kwargs)
    return getattr(obj, name)(*args, **kwargs)


_LIBRARIES = ('numpy', 'scipy', 'srcad', 'builtins', 'functools', 'types', 'collections')


def user_method(obj, name):
    """The user's Python function ``type(obj).name`` that ``obj.name(...)`` runs (``obj``
    passed as its ``self``), or None: a static or class method, a property, an instance
    attribute of that name, a library's class."""
    cls = type(obj)
    module = getattr(cls, '__module__', None)
    if not isinstance(module, str) or module.split('.')[0] in _LIBRARIES \
            or isinstance(obj, (type, types.FunctionType, types.ModuleType)):
        return None
    fn = inspect.getattr_static(cls, name, None)
    if not isinstance(fn, types.FunctionType):
        return None
    if name != '__call__' and name in _own(obj):
        return None  # (an instance attribute of the name: what obj.name reads)
    return fn


def _static_method(obj, name):
    """The user's function of the ``@staticmethod`` that ``obj.name(...)`` runs, or None."""
    cls = type(obj)
    module = getattr(cls, '__module__', None)
    if not isinstance(module, str) or module.split('.')[0] in _LIBRARIES \
            or isinstance(obj, (type, types.FunctionType, types.ModuleType)) \
            or name in _own(obj):
        return None
    found = inspect.getattr_static(cls, name, None)
    if isinstance(found, staticmethod) and isinstance(found.__func__, types.FunctionType):
        return found.__func__
    return None


def _own(obj) -> dict:
    """The instance attributes of ``obj`` (a dataclass's fields, a plain object's dict)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    return getattr(obj, '__dict__', None) or {}


def holds_no_derivative(fn) -> bool:
    """Whether calling ``fn`` can carry no derivative of its own: a NumPy ufunc, a
    builtin, a class, the user's function without closure cells or defaults holding
    floating-point values, a partial of such with such arguments."""
    if isinstance(fn, (np.ufunc, types.BuiltinFunctionType, type)):
        return True
    if isinstance(fn, types.FunctionType):
        cells = [c.cell_contents for c in fn.__closure__ or () if _filled(c)]
        return not _is_floating(cells) and not _is_floating(list(fn.__defaults__ or ())) \
            and not _is_floating(dict(fn.__kwdefaults__ or {}))
    if isinstance(fn, functools.partial):
        return holds_no_derivative(fn.func) and not _is_floating(list(fn.args)) \
            and not _is_floating(dict(fn.keywords))
    return False


def surely_constant(x, depth=0) -> bool:
    """Whether ``x`` surely holds no floating-point value (so its tangent is zero): None,
    strings, integers and integer arrays, functions holding none, and the user's
    objects, lists, tuples and dicts holding only such values (looked into 20 deep)."""
    if depth > 20:
        return False
    if x is None or isinstance(x, (bool, int, str, np.integer, np.bool_)):
        return True
    if isinstance(x, np.ndarray):
        return x.dtype.kind in 'biuSU'
    if isinstance(x, (list, tuple)):
        return all(surely_constant(v, depth + 1) for v in x)
    if isinstance(x, dict):
        return all(surely_constant(v, depth + 1) for v in x.values())
    if callable(x) and holds_no_derivative(x):
        return True
    from .rules.python.attribute_writes import attribute_object
    if dataclasses.is_dataclass(x) and not isinstance(x, type) or attribute_object(x):
        return all(surely_constant(v, depth + 1) for v in _own(x).values())
    return False


def _filled(cell) -> bool:
    try:
        cell.cell_contents
    except ValueError:
        return False
    return True


def object_target(args, kwargs=None):
    """``(function, number of leading arguments it does not take, receiver refusal)``
    for ``object_call(*args, **kwargs)`` (see the module docstring)."""
    name, obj = args[0], args[1]
    fn = user_method(obj, name)
    if fn is not None:
        return fn, 1, None
    fn = _static_method(obj, name)
    if fn is not None:  # self.horner(c, t) of a @staticmethod: obj is not passed
        return fn, 2, None
    if name == '__call__':
        if holds_no_derivative(obj):
            return obj, 2, None
        return obj, 2, RuntimeCheckError(
            f'srcad cannot differentiate a call of {obj!r}: it holds a differentiated value '
            f'(a closure over it, a partial of it, or a library object), and the derivative '
            f'through it would be lost',
            hint='pass the differentiated value to the function as an argument, or call a '
                 'method of your own class holding it')
    own = _own(obj)
    if name in own and not kwargs and callable(own[name]) and (
            user_method(own[name], '__call__') is not None
            or holds_no_derivative(own[name])):
        return attribute_caller(name, len(args) - 2), 1, None
    return method_target(args)


_CALLERS = {}


def attribute_caller(name: str, n: int):
    """``def call_name(obj, a0, ..., a{n-1}): part = obj.name; return part(a0, ...)``, one
    function per name and count (srcad differentiates it as the user's own)."""
    key = (name, n)
    fn = _CALLERS.get(key)
    if fn is None:
        params = ''.join(f', a{i}' for i in range(n))
        text = (f'def call_{name}(obj{params}):\n    part = obj.{name}\n'
                f'    return part({params[2:]})\n')
        filename = f'<srcad-object-call {name} {n}>'
        linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
        namespace = {'__builtins__': builtins}
        exec(compile(text, filename, 'exec'), namespace)
        fn = _CALLERS[key] = namespace[f'call_{name}']
    return fn


def dispatch(fn, args, kwargs=None):
    """``(target, lead, refusal)`` for a call of ``method_call`` or ``object_call``."""
    if fn is method_call:
        return method_target(args)
    return object_target(args, kwargs)


def _is_floating(x, objects=True) -> bool:
    """Whether ``x`` holds a floating-point value: a number, an array, a container of
    them, and (with ``objects``) a dataclass or an object of a plain class holding one
    (``self`` bound to a method the call runs is a constant: not with ``objects``)."""
    t = type(x)
    if t is float or t is complex:
        return True
    if isinstance(x, (np.ndarray, np.generic)):
        return x.dtype.kind in 'fc'
    if isinstance(x, (list, tuple)):
        return any(_is_floating(v) for v in x)
    if isinstance(x, dict):
        return any(_is_floating(v) for v in x.values())
    if objects and t is not type:  # (a dataclass or a plain object holding one)
        return _object_floating(x, set())
    return False


def _dataclass_or_object(x) -> bool:
    from .rules.python.attribute_writes import attribute_object, is_dataclass_instance
    return is_dataclass_instance(x) or attribute_object(x)


def _object_floating(x, seen: set) -> bool:
    """:func:`_is_floating` of a dataclass or a plain object (objects that refer to each
    other, as a node to its parent, are looked at once)."""
    if id(x) in seen or not _dataclass_or_object(x):
        return False
    seen.add(id(x))
    values = [getattr(x, f.name) for f in dataclasses.fields(x)] \
        if dataclasses.is_dataclass(x) else list(vars(x).values())
    return any(_object_floating(v, seen) if _dataclass_or_object(v) else _is_floating(v)
               for v in values)
