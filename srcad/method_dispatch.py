"""``obj.name(...)`` where ``name`` is also an array method (``get``, ``mean``, ``sum``...)
and ``obj`` may not be an array: decided by ``obj``'s type when the code runs.

The compiler (:mod:`srcad.compiler.method_calls`) writes such a call as
``method_call('mean', obj, x)``, a call known only at run time
(:mod:`srcad.dynamic`).  :func:`method_target` says what it is then: the
array method's rule (``np.mean(obj, x)``) for an array, a number or a builtin
container, else ``obj``'s own method (the user's, differentiated from its
source) or a module's function (``xp.sum`` of ``xp = np``).
"""

from __future__ import annotations

import types

import numpy as np

from .errors import RuntimeCheckError
from .runtime.containers import Adjoints


def method_call(name, obj, *args, **kwargs):
    """``obj.name(*args, **kwargs)``, as the user wrote it."""
    return getattr(obj, name)(*args, **kwargs)


def _array_like(obj) -> bool:
    return isinstance(obj, (np.ndarray, np.generic, float, int, complex, list, tuple, dict))


def method_target(args):
    """``(function, number of leading arguments it does not take, receiver refusal)``
    for ``method_call(*args)``: the receiver's adjoint is 0 for a module, carried by the
    rule for an array, and refused (a RuntimeCheckError, raised when it is read) for
    another object, whose method srcad differentiates in its arguments only."""
    name, obj = args[0], args[1]
    if type(obj) is np.ndarray or _array_like(obj) and type(obj).__module__ in (
            'builtins', 'numpy'):
        containers, methods = _TABLES or _tables()
        found = containers.get(name) or methods.get(name)
        if found is not None:
            return found, 1, None
    if isinstance(obj, types.ModuleType):
        return getattr(obj, name), 2, None
    return getattr(obj, name), 2, RuntimeCheckError(
        f'srcad cannot differentiate .{name}(...) in the object it is called on '
        f'({type(obj).__name__}), which here holds a differentiated value',
        hint='pass the differentiated values to the method as arguments')


_TABLES = []  # [container_methods(), the registry's METHODS]: looked up on first use


def _tables():
    from .rules.registry import METHODS
    _TABLES[:] = [container_methods(), METHODS]
    return _TABLES


def container_methods() -> dict:
    """The methods the normalizer writes as calls of a helper with a rule: ``d.get(k)``
    as ``dict_get(d, k)``, ``x.tolist()`` as ``tolist(x)``."""
    from .rules.python.iteration_helpers import dict_get, tolist
    return {'get': dict_get, 'tolist': tolist}


def shifted(inner, lead, refusal):
    """The adjoints of ``method_call``'s arguments from those of its target's."""
    out = Adjoints((0.0,) * lead + tuple(inner))
    refused = {i + lead: e for i, e in getattr(inner, 'refused', {}).items()}
    if refusal is not None:
        refused[1] = refusal
    out.refused = refused
    return out
