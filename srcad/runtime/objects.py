"""Forward mode through the user's objects: their tangents, and indexing them.

The tangent of a plain object the function builds (``p = Layer(w)``, compiled
attribute by attribute) is an :class:`ObjectTangent`: the tangents of its
attributes by name.  Reading an attribute (``p.w``) reads its tangent; the
object's own methods, called as methods, are differentiated from their source.
What srcad cannot differentiate is the object's *operators* (``p[k]``, ``p + q``,
``p @ q``, ``np.asarray(p)``, ``float(p)``, ``for v in p``, ``p(x)``): they
run the class's own ``__getitem__``, ``__add__``... whose derivative is
unknown.  Reverse mode refuses them; a tangent that ran the class's own code
on tangents would be right only when that code is linear, so here too every
one of them is refused when it runs.

Plain NumPy, safe to export with the generated code.
"""

from __future__ import annotations

import numpy as np

from ..errors import RuntimeCheckError
from .shapes import _ndarray


def _refusal(what: str, kind: str, dunder: str) -> RuntimeCheckError:
    return RuntimeCheckError(
        f'{what} on a {kind}, not a NumPy array, list, tuple or dict: the derivative of '
        f'its own {dunder} is unknown to srcad',
        hint=f'call a plain method of {kind} (its source is differentiated), or compute '
             f'with the arrays it holds (its attributes)')


def _refuses(what: str, dunder: str):
    def refuse(self, *args, **kwargs):
        raise _refusal(what, self.kind, dunder)
    refuse.__name__ = dunder
    return refuse


class ObjectTangent(dict):
    """The tangent of a plain object: its attributes' tangents keyed by name.

    A dict, as the attribute helpers read it; ``kind`` is the object's class
    name.  Every operator refuses (see the module's docstring).
    """

    kind, of = 'object', None

    __array_priority__ = 1e9  # (NumPy defers its operators to this class)

    def __array__(self, *args, **kwargs):
        raise _refusal('a NumPy function (np.asarray(x), np.sum(x)...)', self.kind,
                       '__array__')

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        raise _refusal(f'np.{ufunc.__name__} (or an operator)', self.kind, 'operators')

    def __array_function__(self, func, types, args, kwargs):
        raise _refusal(f'np.{func.__name__}', self.kind, '__array__')


for _dunder, _what in {
        '__add__': '+', '__radd__': '+', '__sub__': '-', '__rsub__': '-', '__mul__': '*',
        '__rmul__': '*', '__truediv__': '/', '__rtruediv__': '/', '__floordiv__': '//',
        '__rfloordiv__': '//', '__mod__': '%', '__rmod__': '%', '__pow__': '**',
        '__rpow__': '**', '__matmul__': '@', '__rmatmul__': '@', '__neg__': 'unary -',
        '__pos__': 'unary +', '__abs__': 'abs(x)', '__float__': 'float(x)',
        '__complex__': 'complex(x)', '__int__': 'int(x)', '__iter__': 'iterating (for v in x)',
        '__reversed__': 'reversed(x)', '__call__': 'a call x(...)'}.items():
    setattr(ObjectTangent, _dunder, _refuses(_what, _dunder))
del _dunder, _what


def object_tangent(dot, of=None):
    """The tangent of the plain object ``of``, built as an object of its class holding
    its attributes' tangents, as an :class:`ObjectTangent` (that remembers ``of``)."""
    if isinstance(dot, dict) or not hasattr(dot, '__dict__'):
        return dot
    out = ObjectTangent(vars(dot))
    out.kind, out.of = type(dot).__name__, of
    return out


def tangent_for(dot, x):
    """``dot``, the tangent read for the object ``x`` (``x.name``): refused when it is
    the tangent of another object.  ``t = 1.0 + p`` runs ``p``'s own ``__radd__``: the
    tangent passed through ``+`` as if ``t`` were an array is ``p``'s, not ``t``'s."""
    of = getattr(dot, 'of', None) if type(dot) is ObjectTangent else None
    if of is not None and of is not x:
        raise RuntimeCheckError(
            f'a {type(x).__name__} computed from a {dot.kind} by an operator or a NumPy '
            f'function (its own __add__, __radd__, __array__...): its derivative is '
            f'unknown to srcad',
            hint=f'call a plain method of {dot.kind} (its source is differentiated), or '
                 f'compute with the arrays it holds (its attributes)')
    return dot


def index_tangent(dot, x, idx):
    """The tangent of ``x[idx]``: ``dot[idx]``, for ``x`` a NumPy array, a number, a
    list, a tuple or a dict; another ``x`` runs its own ``__getitem__``: refused."""
    if type(x) is _ndarray or isinstance(x, (_ndarray, np.generic, list, tuple, dict)) \
            or type(x).__module__ == 'builtins':  # (a range in srcad's own loops)
        return dot[idx]
    raise _refusal('x[...]', type(x).__name__, '__getitem__')
