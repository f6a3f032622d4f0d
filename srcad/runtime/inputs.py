"""The two ends of a gradient: the seed of the output's adjoint, and each input's
finished gradient in the input's own shape, dtype and structure.

Plain NumPy, safe to export with the generated code.
"""

from __future__ import annotations

import dataclasses as _dataclasses

import numpy as np

from ..errors import RuntimeCheckError
from .containers import GRADIENT_RECORDS, as_adjoint
from .objects import adjoint_of
from .shapes import _ndarray, shape_of

_float64 = np.float64


def seed(ans):
    """The adjoint seed ``1`` for a scalar output, in the output's dtype.

    Raises unless ``ans`` is a float scalar or a float array of size 1.
    """
    t = type(ans)
    if t is float or t is np.float64:
        return 1.0
    if t is np.float32:
        return np.float32(1.0)
    if t is complex or (t is _ndarray or isinstance(ans, np.generic)) and ans.dtype.kind == 'c':
        raise RuntimeCheckError(
            'grad needs a real output, but the function returned a complex value (the '
            'gradient of a complex function is not defined; srcad has no holomorphic mode)',
            hint='differentiate a real function of it (np.real, np.abs, np.abs(z) ** 2), '
                 'or use srcad.jvp, or srcad.vjp with a complex cotangent')
    if t is _ndarray or isinstance(ans, np.generic):
        if ans.size == 1 and ans.dtype.kind == 'f':
            return np.ones_like(ans)
        if ans.size != 1:
            raise RuntimeCheckError(
                f'grad needs a scalar output, but the function returned an array '
                f'of shape {ans.shape}',
                hint='reduce it (np.sum, np.mean) or use srcad.vjp for vector outputs')
    if isinstance(ans, (int, bool, np.integer, np.bool_)):
        raise RuntimeCheckError(
            f'grad needs a floating-point output, but the function returned '
            f'{type(ans).__name__} {ans!r}',
            hint='make the computation floating point (e.g. pass float inputs)')
    raise RuntimeCheckError(
        f'grad needs a scalar float output, but the function returned a '
        f'{type(ans).__name__}', hint='return a float or a size-1 float array')


def like_input(g, x):
    """The finished gradient for input ``x``: its shape and dtype, never a view.

    Lists, tuples and dicts come back with the structure of ``x``.  Raises
    for an input that is not floating point (an int, a bool, an object).
    """
    t = type(x)
    if t is float:
        tg = type(g)
        if tg is float:
            return g
        if tg is _float64 or tg is int:
            return float(g)
    if g is None:  # no adjoint arrived on the path that ran
        g = 0.0
    if t is _ndarray:
        if x.dtype.kind not in 'fc':  # (an integer input's gradient would be an integer array)
            raise _not_float(x)
        if (type(g) is _ndarray and g.dtype == x.dtype and g.shape == x.shape
                and g.base is None):
            return g
        if x.dtype.kind == 'f' and np.iscomplexobj(g):
            g = np.real(g)  # a real input's adjoint is real (complex intermediates)
        return np.array(np.broadcast_to(g, x.shape), dtype=x.dtype)
    if t is float:
        return float(np.real(g)) if np.iscomplexobj(g) else float(g)
    if isinstance(x, (list, tuple)):
        entries = _entries(g, len(x))
        if len(entries) != len(x):
            raise RuntimeCheckError(
                f'srcad received an adjoint of {len(entries)} entries for an input of '
                f'{len(x)}', hint='keep the input\'s length fixed inside the function')
        items = [like_input(0.0 if gi is None else gi, xi) for gi, xi in zip(entries, x)]
        return t(items) if t in (list, tuple) else type(x)(*items)
    if isinstance(x, dict):
        if g is None or not isinstance(g, dict) and np.ndim(g) == 0 and not np.any(g):
            g = {}  # no adjoint reached this dict
        elif not isinstance(g, dict):
            raise RuntimeCheckError(
                f'srcad received an adjoint of type {type(g).__name__} for a dict input',
                hint='read the dict\'s entries by key rather than converting the dict')
        return type(x)((k, like_input(g.get(k, 0.0), v)) for k, v in x.items())
    if isinstance(x, (np.floating, np.complexfloating)):
        if np.ndim(g) != 0:
            raise RuntimeCheckError(f'srcad received an adjoint of shape {shape_of(g)} for '
                                    f'a scalar input')
        if x.dtype.kind == 'f' and np.iscomplexobj(g):
            g = np.real(g)
        return x.dtype.type(g)
    if t is complex:
        return complex(g)
    if x is None:  # a None leaf (a field left unset) passes through
        return None
    if _dataclasses.is_dataclass(x) and not isinstance(x, type):
        return record_adjoint(g, x)  # the same dataclass, its fields' gradients in place
    for convert in INPUT_ADJOINTS:  # an object built inside, passed on (attribute_writes)
        found = convert(g, x)
        if found is not None:
            return found
    raise _not_float(x)


#: More inputs ``like_input`` converts: ``convert(g, x)`` returns the gradient, or None
#: for an ``x`` it is not for (registered by :mod:`srcad.rules.python.attribute_writes`).
INPUT_ADJOINTS = []


def record_adjoint(g, x):
    """The gradient for a dataclass input ``x`` from its adjoint ``g`` (an
    :class:`AdjointDict` by field name; ``like_input`` converts each field's)."""
    if g is None or (type(g) in (int, float) and g == 0):
        g = {}
    elif type(g) is type(x) and GRADIENT_RECORDS.get(id(g)) is g:
        g = as_adjoint(g)  # (the gradient a called function's backward half returned)
    elif isinstance(g, dict):
        adjoint_of(g, x)  # (not another object's: `1.0 + p` of its own __radd__)
    else:
        raise _converted(g, x)
    fields = _dataclasses.fields(x)
    init = {f.name for f in fields if f.init}
    stray = [k for k in g if k not in init]
    if stray:
        raise RuntimeCheckError(f'srcad received an adjoint for .{stray[0]} of the '
                                f'dataclass {type(x).__name__}, which __init__ does not take')
    out = _dataclasses.replace(x, **{
        f.name: _field_gradient(g.get(f.name, 0.0), getattr(x, f.name))
        for f in fields if f.init})
    try:
        GRADIENT_RECORDS[id(out)] = out
    except TypeError:  # (a dataclass with __slots__: no weak reference, not read back)
        pass
    return out


def _field_gradient(g, v):
    """A dataclass field's gradient: a string field (``act='tanh'``) that no adjoint
    reached passes through, as a None field does."""
    if isinstance(v, str) and (g is None or type(g) in (int, float) and g == 0):
        return v
    return like_input(g, v)


def _converted(g, x):
    """The refusal of an array or number adjoint ``g`` received for the object ``x``:
    an operator or a NumPy function made ``x`` a value (its own ``__radd__``, ``__array__``,
    ``__float__``...), whose derivative srcad does not know."""
    return RuntimeCheckError(
        f'srcad received an adjoint of type {type(g).__name__} for a {type(x).__name__}: '
        f'an operator, a conversion or a NumPy function ran its own __add__, __array__, '
        f'__float__... (the derivative of which is unknown to srcad)',
        hint=f'call a plain method of {type(x).__name__} (its source is differentiated), '
             f'or compute with the arrays it holds (its attributes)')


def _not_float(x):
    kind = getattr(getattr(x, 'dtype', None), 'name', type(x).__name__)
    return RuntimeCheckError(f'cannot differentiate with respect to an input of type {kind}',
                             hint='pass floating-point values')


def _entries(g, n):
    if isinstance(g, (list, tuple)):
        return g
    if isinstance(g, (_ndarray, np.generic)) and g.ndim:
        if len(g) != n:  # not the array NumPy made of this list
            raise RuntimeCheckError(
                f'srcad received an array adjoint of shape {g.shape} for a list or '
                f'tuple of {n} entries', hint='convert it with np.array(...) first')
        return list(g)
    if g is None or np.ndim(g) == 0 and not np.any(g):
        return [0.0] * n
    raise RuntimeCheckError(
        f'srcad received an adjoint of shape {shape_of(g)} for a list or tuple of '
        f'{n} entries', hint='convert it with np.array(...) first')


def zeros_like_input(x):
    """The gradient of an input the output does not depend on."""
    return like_input(0.0, x)
