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

import dataclasses as _dataclasses
import numbers

import numpy as np

from ..errors import RuntimeCheckError
from .containers import AdjointDict
from .dtypes import FOLLOWED, refuse_dtype
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


def is_dataclass_instance(x) -> bool:
    """An instance of a dataclass (not the class itself)."""
    return _dataclasses.is_dataclass(x) and not isinstance(x, type)


def object_tangent(dot, of=None):
    """The tangent of the plain object ``of``, built as an object of its class holding
    its attributes' tangents, as an :class:`ObjectTangent` (that remembers ``of``)."""
    if isinstance(dot, dict) or not hasattr(dot, '__dict__'):
        return dot
    out = ObjectTangent(vars(dot))
    out.kind, out.of = type(dot).__name__, of
    return out


def input_tangent(dot, x):
    """The tangent ``dot`` of a dataclass input ``x``, as an :class:`ObjectTangent` of
    ``x`` (its fields' tangents, dataclass fields converted alike): an operator on
    ``x`` (its own ``__radd__``...) or on the tangent is then refused, as for objects
    built inside (:func:`tangent_for`); anything else is ``dot`` as given."""
    if dot is None or type(dot) is ObjectTangent or type(x) is _ndarray:
        return dot
    if isinstance(x, (list, tuple)) and isinstance(dot, (list, tuple)) \
            and len(dot) == len(x):  # (the records in a list, a tuple, a namedtuple)
        items = [input_tangent(d, v) for d, v in zip(dot, x)]
        return type(dot)(*items) if hasattr(type(dot), '_fields') else type(dot)(items)
    if isinstance(x, dict) and isinstance(dot, dict):
        return type(dot)((k, input_tangent(d, x.get(k))) for k, d in dot.items())
    if not (_dataclasses.is_dataclass(x) and not isinstance(x, type)):
        return dot
    if isinstance(dot, dict):
        parts = dict(dot)
    elif type(dot) is type(x):
        parts = {f.name: getattr(dot, f.name) for f in _dataclasses.fields(x)}
    else:
        return dot  # (misfit tangents are srcad.tangent_checks's to refuse)
    out = ObjectTangent({k: input_tangent(v, getattr(x, k, None)) for k, v in parts.items()})
    out.kind, out.of = type(x).__name__, x
    return out


def output_tangent(dot, value):
    """``dot``, the tangent of the output ``value``, with each :class:`ObjectTangent` of
    a dataclass input back as a dataclass (the tangent the user passed in has the
    input's type); refused when it is the tangent of another object than ``value``
    (``float(p)`` of the class's own ``__float__``, ``1.0 + p`` of its ``__radd__``)."""
    t = type(dot)
    if t is _ndarray or t is float:
        return dot
    if t is ObjectTangent and dot.of is not None:
        tangent_for(dot, value)
        if not _dataclasses.is_dataclass(dot.of):
            return dot  # (an object built inside: its tangent as before)
        fields = {f.name for f in _dataclasses.fields(dot.of) if f.init}
        return _dataclasses.replace(dot.of, **{
            k: output_tangent(v, getattr(value, k, None)) for k, v in dot.items()
            if k in fields})
    if t in (tuple, list) and type(value) is t and len(value) == len(dot):
        return t(output_tangent(d, v) for d, v in zip(dot, value))
    return dot


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


_PLAIN = (float, int, complex, bool, list, tuple)


def own_dunder(x, dunder: str) -> bool:
    """Whether ``x``'s class brings its own ``dunder`` (Python code srcad does not
    differentiate): not for NumPy arrays, numbers, NumPy scalars, lists and tuples; for
    an ndarray subclass, when it overrides NumPy's (``np.matrix``'s ``*`` is ``@``, a
    masked array's operators skip masked entries)."""
    t = type(x)
    if t is _ndarray or t in _PLAIN or isinstance(x, np.generic):
        return False
    if isinstance(x, _ndarray):
        return isinstance(x, (np.matrix, np.ma.MaskedArray)) \
            or getattr(t, dunder, None) is not getattr(_ndarray, dunder, None)
    if str(t.__module__).split('.')[0] == 'srcad':  # (srcad's own adjoints and tangents)
        return False
    for base in (list, tuple, dict):  # (a namedtuple, a subclass keeping the base's)
        if isinstance(x, base):
            return getattr(t, dunder, None) is not getattr(base, dunder, None)
    return getattr(t, dunder, None) is not None


def plain_operand(x, what: str, dunder: str):
    """``x``, refused when its class brings its own ``dunder`` for ``what`` (``abs(x)``,
    ``round(x)``...): its derivative is unknown to srcad."""
    if own_dunder(x, dunder):
        raise _refusal(what, type(x).__name__, dunder)
    return x


def adjoint_of(g, x):
    """``g``, the adjoint received for the object ``x``: refused when it holds the
    adjoints of another object's attributes.  ``t = 1.0 + p`` runs ``p``'s own
    ``__radd__``: the adjoint of ``t`` (``t.v``'s) passed through ``+`` to ``p`` as if
    they were arrays is not ``p``'s (reverse mode's :func:`tangent_for`)."""
    of = g.of if type(g) is AdjointDict else None
    if of is not None and of is not x:
        what = 'two objects' if type(of).__name__ == 'Mixed' else f'a {type(of).__name__}'
        raise RuntimeCheckError(
            f'a {type(x).__name__} given to an operator or a NumPy function (its own '
            f'__add__, __radd__, __array__...) or computed by one: the derivative of '
            f'{what} computed from it is unknown to srcad',
            hint=f'call a plain method of {type(x).__name__} (its source is '
                 f'differentiated), or compute with the arrays it holds (its attributes)')
    return g


def index_tangent(dot, x, idx):
    """The tangent of ``x[idx]``: ``dot[idx]``, for ``x`` a NumPy array, a number, a
    list, a tuple or a dict; another ``x`` runs its own ``__getitem__``: refused, as is
    an array of a dtype srcad does not follow (object, named fields: :mod:`.dtypes`)."""
    if type(x) is _ndarray and x.dtype.kind in FOLLOWED:
        return dot[idx]
    if type(x) is range:  # (integers: no derivative, whatever tangent a stack gave it)
        return 0.0 if isinstance(idx, (int, np.integer)) else np.zeros(len(x[idx]))
    if isinstance(x, (_ndarray, np.generic)) and x.dtype.kind not in FOLLOWED:
        refuse_dtype(x.dtype, 'x[...] read from an array')
    if isinstance(x, (_ndarray, np.generic, list, tuple, dict)) \
            or type(x).__module__ == 'builtins':  # (a range in srcad's own loops)
        return dot[idx]
    raise _refusal('x[...]', type(x).__name__, '__getitem__')


# --- p.size of a value that may be the user's object (srcad.compiler.array_attribute_reads)
def array_attribute_read(obj, name, shown):
    """Check, when the code runs, that ``obj.name`` is what srcad took it for: an
    array's (or a number's) attribute, or, on another object, a value without a
    derivative (for ``.shape``, ``.size``, ``.ndim``, ``.dtype``)."""
    if isinstance(obj, (np.ndarray, np.generic, numbers.Number)):
        return
    value = getattr(obj, name)
    if _no_derivative(value):
        return
    raise RuntimeCheckError(
        f'srcad cannot differentiate {shown}: the attribute .{name} of a '
        f'{type(obj).__name__} holds a {type(value).__name__}, and srcad reads .{name} as '
        f'the ndarray attribute of that name (a shape: no derivative), so the derivative '
        f'through it would be lost', None,  # (the line: found from the traceback)
        f'an attribute of your object named like an ndarray attribute: rename it '
        f'(for example {name}_)')


def _no_derivative(value) -> bool:
    """Whether a value surely carries no derivative: an integer, a string, a dtype,
    None, an integer or boolean array, or a tuple or list of those."""
    if value is None or isinstance(value, (bool, int, np.integer, np.bool_, str, np.dtype,
                                           type)):
        return True
    if isinstance(value, np.ndarray):
        return value.dtype.kind in 'biu'
    if isinstance(value, (tuple, list)):
        return all(_no_derivative(v) for v in value)
    return False
