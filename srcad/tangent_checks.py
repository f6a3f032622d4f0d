"""The tangents given to :func:`srcad.jvp` and :func:`srcad.hvp`, checked against
their primals before any code runs: the same structure (lists, tuples, dicts,
dataclasses entry by entry), the same shape, a numeric dtype.  A tangent that
does not fit its primal would otherwise meet NumPy's broadcasting in the
generated code, and fail there with a bare NumPy error or, worse, broadcast.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from .errors import InputError

_NUMBERS = (bool, int, float, complex, np.ndarray, np.generic)


def check_tangents(fn, primals, tangents, what: str = 'tangent') -> None:
    """Raise :class:`InputError` naming the argument whose tangent does not fit it."""
    for i, (p, t) in enumerate(zip(primals, tangents)):
        why = _misfit(p, t, '')
        if why is not None:
            _refuse(fn, i, why, f'the {what} of', 'a tangent')


def check_vector(fn, position: int, primal, vector) -> None:
    """:func:`check_tangents` for the ``vector`` of ``hvp`` at argument ``position``."""
    why = _misfit(primal, vector, '')
    if why is not None:
        _refuse(fn, position, why, 'the vector given to hvp for', 'a vector')


def _refuse(fn, position: int, why, what: str, thing: str):
    names = _names(fn)  # (only now: reading the signature costs more than the check)
    label = f'argument {position}' + (f' ({names[position]})' if 0 <= position < len(names)
                                      else '')
    path, reason = why
    raise InputError(f'{what} {label}{path} does not fit the argument: {reason}',
                     hint=f'give {thing} shaped like the argument (the same lists, tuples, '
                          'dicts and array shapes), e.g. np.ones_like(x)')


def _names(fn) -> list:
    try:
        from .api import HigherGradient, Gradient, _unwrap
        from .wrt import param_names_of
        while isinstance(fn, HigherGradient):
            fn = fn.inner
        if isinstance(fn, Gradient):
            target, prefix = fn.target, fn._prefix
        else:
            target, prefix, _ = _unwrap(fn)
        return param_names_of(target)[len(prefix):]
    except Exception:  # (a callable without a code object: numbered only)
        return []


def _misfit(p, t, path):
    """``(where, why)`` the tangent ``t`` does not fit the primal ``p``, or None."""
    if type(p) is np.ndarray and type(t) is np.ndarray and p.dtype.kind in 'fc':
        if t.dtype.kind not in 'biufc':  # (the common case, without the general walk)
            return path, f'its dtype is {t.dtype}, not a number'
        return None if t.shape == p.shape else (path, f'shape {t.shape} for shape {p.shape}')
    if t is None or not _carries(p):
        return None  # an integer, a string, an object: its tangent is not read
    if isinstance(p, (list, tuple)) and isinstance(t, (list, tuple)):
        if len(p) != len(t):
            return path, f'{len(t)} entries for {len(p)}'
        for i, (pi, ti) in enumerate(zip(p, t)):
            why = _misfit(pi, ti, f'{path}[{i}]')
            if why is not None:
                return why
        return None
    if isinstance(p, dict):
        if not isinstance(t, dict):
            return path, f'a {type(t).__name__} for a dict'
        extra = [k for k in t if k not in p]
        if extra:
            return path, f'key {extra[0]!r} is not in the argument'
        for k in p:
            if k not in t:
                if _carries(p[k]):
                    return path, f'key {k!r} is missing'
                continue
            why = _misfit(p[k], t[k], f'{path}[{k!r}]')
            if why is not None:
                return why
        return None
    if dataclasses.is_dataclass(p) and not isinstance(p, type):
        if type(t) is not type(p):
            return path, f'a {type(t).__name__} for a {type(p).__name__}'
        for f in dataclasses.fields(p):
            why = _misfit(getattr(p, f.name), getattr(t, f.name), f'{path}.{f.name}')
            if why is not None:
                return why
        return None
    if not isinstance(p, _NUMBERS + (list, tuple)):
        return None  # (an object with attributes: checked where it is read)
    if isinstance(t, dict) or dataclasses.is_dataclass(t):
        return path, f'a {type(t).__name__} for {_kind(p)}'
    try:
        tshape, kind = np.shape(t), np.asarray(t).dtype.kind
    except (ValueError, TypeError):
        return path, f'a ragged {type(t).__name__}'
    if kind not in 'biufc':
        return path, f'its dtype is {np.asarray(t).dtype}, not a number'
    try:
        pshape = np.shape(p)
    except ValueError:
        return None  # (a ragged list: its entries were not compared)
    if tshape != pshape:
        return path, f'shape {tshape} for shape {pshape}'
    return None


def _carries(p) -> bool:
    """Whether the primal holds a floating-point value (a tangent flows into it)."""
    if isinstance(p, (list, tuple)):
        return any(_carries(v) for v in p)
    if isinstance(p, dict):
        return any(_carries(v) for v in p.values())
    if dataclasses.is_dataclass(p) and not isinstance(p, type):
        return any(_carries(getattr(p, f.name)) for f in dataclasses.fields(p))
    if isinstance(p, (float, complex, np.ndarray, np.generic)):
        return np.asarray(p).dtype.kind in 'fc'
    return not isinstance(p, (bool, int, str, bytes)) and p is not None


def _kind(p) -> str:
    return f'an array of shape {np.shape(p)}' if isinstance(p, np.ndarray) else \
        f'a {type(p).__name__}'
