"""``p._replace(W=v)`` of a namedtuple and ``dataclasses.replace(d, W=v)``: a new record
equal to the old one with some fields replaced (:mod:`srcad.compiler.resolve` reads both as
``record_replace(p, 'W', v)``; the generated code still calls them as written).

The adjoint of the record goes back to ``p`` with the replaced fields removed, and
each replaced field's part to its new value.  Adjoints of records are positional for
a namedtuple (an :class:`AdjointList`, as ``p.W`` makes them) and keyed by field name
for a dataclass (an :class:`AdjointDict`).  The tangent is the old record's tangent
with the new values' tangents in place.  Up to :data:`MAX_FIELDS` fields by keyword;
other calls are refused when they carry a derivative.
"""

from __future__ import annotations

import dataclasses

from ...errors import RuntimeCheckError
from ...runtime import AdjointDict, AdjointList, zero_tangent
from .object_helpers import _absent, is_dataclass_instance, is_namedtuple
from ..registry import JOINT, adjoint, linear, register_helpers

MAX_FIELDS = 4


def record_replace(x, n0=None, v0=None, n1=None, v1=None, n2=None, v2=None, n3=None, v3=None):
    """``x`` with field ``n0`` set to ``v0``, ... (a namedtuple or a dataclass)."""
    given = {n: v for n, v in ((n0, v0), (n1, v1), (n2, v2), (n3, v3)) if n is not None}
    if is_namedtuple(x):
        return x._replace(**given)
    return dataclasses.replace(x, **given)


def _check_record(x):
    if not (is_namedtuple(x) or is_dataclass_instance(x)):
        raise RuntimeCheckError(f'srcad differentiates _replace/dataclasses.replace of a '
                                f'namedtuple or a dataclass, not of a {type(x).__name__}',
                                hint='hold the values in a namedtuple or a dataclass')
    if is_dataclass_instance(x) and not _fields_only(type(x)):
        raise RuntimeCheckError(
            f'srcad differentiates dataclasses.replace of a dataclass built from its fields '
            f'alone, and {type(x).__name__} has a __post_init__, its own __init__ or fields '
            f'__init__ does not take (what replace builds is not just the fields given)',
            hint=f'build the new {type(x).__name__}(...) yourself with every field')


def _fields_only(cls) -> bool:
    """A dataclass whose generated ``__init__`` only stores the fields it takes."""
    init = vars(cls).get('__init__')
    return (not hasattr(cls, '__post_init__') and isinstance(init, type(_fields_only))
            and init.__code__.co_filename == '<string>'
            and all(f.init for f in dataclasses.fields(cls)))


def replaced_part(g, x, name):
    """The adjoint of the new value of field ``name``: that field's part of ``g``."""
    _check_record(x)
    if _absent(g):
        return 0.0
    if is_namedtuple(x):
        return g[type(x)._fields.index(name)]
    return g.get(name, 0.0) if isinstance(g, dict) else getattr(g, name)


def unreplace(g, x, names):
    """The adjoint of the old record: ``g`` without the replaced fields."""
    _check_record(x)
    if _absent(g):
        return g
    names = [n for n in names if n is not None]
    if is_namedtuple(x):
        out = AdjointList(list(g))
        for n in names:
            out[type(x)._fields.index(n)] = 0.0
        return out
    if isinstance(g, dict):
        return AdjointDict({k: v for k, v in g.items() if k not in names})
    return AdjointDict({f.name: getattr(g, f.name) for f in dataclasses.fields(x)
                        if f.name not in names})


def replace_tangent(x, dot, names, values, dots):
    """The tangent of ``record_replace(x, ...)``: ``x``'s tangent (a record of its type,
    zeros where absent) with the new values' tangents in place."""
    _check_record(x)
    fields = (list(type(x)._fields) if is_namedtuple(x)
              else [f.name for f in dataclasses.fields(x)])
    if _absent(dot):
        parts = {f: zero_tangent(getattr(x, f)) for f in fields}
    elif isinstance(dot, dict):
        parts = {f: dot.get(f, zero_tangent(getattr(x, f))) for f in fields}
    elif isinstance(dot, (list, tuple)) and not is_namedtuple(dot) and is_namedtuple(x):
        parts = dict(zip(fields, dot))
    else:
        parts = {f: getattr(dot, f) for f in fields}
    for n, v, d in zip(names, values, dots):
        if n is not None:
            parts[n] = zero_tangent(v) if _absent(d) else d
    if is_namedtuple(x):
        return type(x)(**parts)
    return dataclasses.replace(x, **{f.name: parts[f.name] for f in dataclasses.fields(x)
                                     if f.init})


register_helpers({f.__name__: f for f in (record_replace, replaced_part, unreplace,
                                          replace_tangent)})

_N = [f'n{k}' for k in range(MAX_FIELDS)]
_V = [f'v{k}' for k in range(MAX_FIELDS)]
adjoint(record_replace, 'x, ' + ', '.join(f'{n}=None, {v}=None' for n, v in zip(_N, _V)),
        x=f'unreplace(g, x, ({", ".join(_N)},))',
        **{v: f'replaced_part(g, x, {n})' for n, v in zip(_N, _V)},
        constants={n: 'the name of a field' for n in _N}, forward=('linear', 'x', *_V),
        tangent={JOINT: f'replace_tangent(x, x__dot, ({", ".join(_N)},), ({", ".join(_V)},), '
                        f'({", ".join(v + "__dot" for v in _V)},))'})

# the adjoint helpers are linear in g (second order: forward over reverse)
linear(replaced_part, 'g', signature='g, x, name',
       constants=dict(x='read only for its structure', name='the name of a field'))
linear(unreplace, 'g', signature='g, x, names',
       constants=dict(x='read only for its structure', names='the names of fields'))
