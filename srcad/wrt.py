"""Which inputs a gradient is taken with respect to, and the checks on them.

``wrt`` names parameters by position or name (:func:`_wrt_names`); a bound
method or a ``functools.partial`` fixes leading arguments (:func:`_unwrap`).
Integer, boolean and object inputs are refused at the function's ``def``
(:func:`check_float_inputs`), as are record fields that would read as ndarray
attributes (:func:`_check_record_fields`).
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import types

import numpy as np

from .errors import InputError, Location, WrtError
from .compiler.names import param_names
from .compiler.parse import read_function
from .rules.python.attribute_writes import attribute_object


_ndarray = np.ndarray
_SPECIAL = (np.matrix, np.ma.MaskedArray)


def _unwrap(fn):
    """A plain function, and the arguments a bound method or partial fixes."""
    if isinstance(fn, types.MethodType):
        return fn.__func__, (fn.__self__,), {}
    if isinstance(fn, functools.partial):
        target, prefix, keywords = _unwrap(fn.func)
        return target, prefix + tuple(fn.args), {**keywords, **fn.keywords}
    return fn, (), {}


def check_float_inputs(fn, target, names, args, kwargs, strict=False) -> None:
    """Refuse (:class:`InputError`, at ``fn``'s ``def``) to differentiate with respect to
    an integer or boolean input (an array, a NumPy scalar or a Python number, also
    inside lists, tuples and dicts); with ``strict``, any input that is not floating
    point (an object array, a string...).  Every transform asks this of its
    differentiated inputs, so an integer input gets the same answer in grad, vjp,
    jvp, hvp and the Jacobians."""
    check_subclass_inputs(target, names, args, kwargs)
    try:
        bad = _first_non_float(target, names, args, kwargs, strict)
        _check_record_fields(target, names, args, kwargs)
    except TypeError:  # the arguments do not fit the signature: the call will say so
        return
    if bad is None:
        return
    name, value = bad
    code = getattr(target, '__code__', None)
    where = Location(code.co_filename, code.co_firstlineno) if code else None
    kind = getattr(getattr(value, 'dtype', None), 'name', type(value).__name__)
    label = repr(name) if name.isidentifier() else name
    qualname = getattr(fn, '__qualname__', getattr(target, '__qualname__', repr(fn)))
    raise InputError(
        f'cannot differentiate {qualname} with respect to {label}: '
        f'it is {kind}, not floating point', where,
        f'pass {name} as floats, e.g. np.asarray({name}, dtype=float), '
        f'or leave it out of wrt')


# attributes srcad reads with the ndarray's own rule (p.T transposes, p.size has no
# derivative: srcad.rules.registry.ATTRIBUTES): a record field of one of these names would
# be read wrongly (p.data, p.flat, p.base are read as fields: srcad.compiler.resolve_calls)
ARRAY_ATTRIBUTE_NAMES = frozenset({'T', 'mT', 'real', 'imag', 'shape', 'ndim', 'size',
                                   'dtype'})


def _check_record_fields(fn, names, args, kwargs) -> None:
    """Refuse a differentiated namedtuple or dataclass with a field named like an
    ndarray attribute: srcad would read ``p.size`` as an array's size (no derivative)."""
    bound = inspect.signature(fn, follow_wrapped=False).bind(*args, **kwargs)
    bound.apply_defaults()
    for name in names:
        for path, leaf in _leaves(bound.arguments[name], name):
            if attribute_object(leaf):  # (srcad reads its attributes only when built inside)
                code = getattr(fn, '__code__', None)
                raise InputError(
                    f'cannot differentiate {fn.__qualname__} with respect to {path}: a '
                    f'{type(leaf).__name__} has no structure srcad builds a gradient of',
                    Location(code.co_filename, code.co_firstlineno) if code else None,
                    'hold the parameters in a namedtuple, a dataclass or a dict')
            field_name = path.rsplit('.', 1)[-1] if '.' in path else ''
            if field_name in ARRAY_ATTRIBUTE_NAMES:
                code = getattr(fn, '__code__', None)
                where = Location(code.co_filename, code.co_firstlineno) if code else None
                raise InputError(
                    f'cannot differentiate {fn.__qualname__} with respect to {path}: a field '
                    f'named {field_name!r} reads as the ndarray attribute of that name',
                    where, f'rename the field (for example {field_name}_)')
        for path, record in _records(bound.arguments[name], name):
            _check_record_class(fn, path, record)


def _check_record_class(fn, path, record) -> None:
    """Refuse a differentiated record whose class has a property (or a method) named
    like an ndarray attribute: ``p.size`` would read as the array's (no derivative)."""
    for attr in ARRAY_ATTRIBUTE_NAMES:
        found = getattr(type(record), attr, None)
        if found is None or not hasattr(found, '__get__') or isinstance(found, type):
            continue  # (a class attribute holding a value is read as it is: a constant)
        code = getattr(fn, '__code__', None)
        raise InputError(
            f'cannot differentiate {fn.__qualname__} with respect to {path}: its class '
            f'{type(record).__name__} has a {type(found).__name__} .{attr}, which srcad reads '
            f'as the ndarray attribute of that name', Location(code.co_filename,
                                                             code.co_firstlineno) if code else None,
            f'rename it (for example {attr}_)')


def _records(value, path):
    """``(path, record)`` of the namedtuples and dataclasses in nested lists, tuples,
    dicts and records."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _records(item, f'{path}[{key!r}]')
    elif isinstance(value, (list, tuple)):
        fields = getattr(type(value), '_fields', None)
        if isinstance(fields, tuple):
            yield path, value
        for i, item in enumerate(value):
            yield from _records(item, f'{path}.{fields[i]}' if isinstance(fields, tuple)
                                and i < len(fields) else f'{path}[{i}]')
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield path, value
        for f in dataclasses.fields(value):
            yield from _records(getattr(value, f.name), f'{path}.{f.name}')


def refuse_array_subclasses(fn, args, kwargs=None) -> None:
    """Refuse an ``np.matrix`` or a masked array among the arguments (or the entries
    of a list or tuple argument), differentiated or not: ``*`` of a matrix is a matrix
    product and its reductions keep two dimensions, a masked array's operations skip
    its masked entries; srcad's rules are NumPy's for plain ndarrays."""
    for value in (*args, *(kwargs or {}).values()):
        t = type(value)
        if t is _ndarray or t is float:
            continue
        if t is list or t is tuple:
            for item in value:
                if type(item) is not _ndarray and isinstance(item, _SPECIAL):
                    _refuse_special(fn, item)
        elif isinstance(value, _SPECIAL):
            _refuse_special(fn, value)


def _refuse_special(fn, value):
    fn = _unwrap(getattr(fn, 'fn', fn))[0]  # (a Gradient's function; a bound method's)
    code = getattr(fn, '__code__', None)
    qualname = getattr(fn, '__qualname__', repr(fn))
    if isinstance(value, np.matrix):
        why = ("its * is a matrix product and its reductions keep two dimensions, unlike "
               "the ndarrays srcad's rules are written for")
        hint = 'pass np.asarray(m) (and write m @ x for the product)'
    else:
        why = ("its operations skip the masked entries, which srcad's rules (NumPy's for "
               "plain ndarrays) do not model")
        hint = ('pass m.filled(value) or np.asarray(m), and write the mask with '
                'np.where(mask, ..., ...)')
    raise InputError(f'an argument of {qualname} is a {type(value).__name__}: {why}',
                     Location(code.co_filename, code.co_firstlineno) if code else None, hint)


def check_subclass_inputs(fn, names, args, kwargs) -> None:
    """Refuse a differentiated ndarray subclass among the inputs ``names``."""
    try:
        bound = inspect.signature(fn, follow_wrapped=False).bind(*args, **kwargs)
    except TypeError:  # the arguments do not fit the signature: the call will say so
        return
    bound.apply_defaults()
    for name in names:
        for path, leaf in _leaves(bound.arguments[name], name):
            if isinstance(leaf, _ndarray) and type(leaf) is not _ndarray:
                _refuse_subclass(fn, path, leaf)


def _refuse_subclass(fn, path, leaf):
    """Refuse a differentiated ndarray subclass: reverse mode builds gradients of plain
    ndarrays; forward mode would run the subclass's own operators on tangents."""
    if isinstance(leaf, _SPECIAL):
        _refuse_special(fn, leaf)
    code = getattr(fn, '__code__', None)
    raise InputError(
        f'cannot differentiate {fn.__qualname__} with respect to {path}: a '
        f'{type(leaf).__name__} (an ndarray subclass, whose own methods and operators '
        f'srcad does not differentiate)',
        Location(code.co_filename, code.co_firstlineno) if code else None,
        f'pass np.asarray({path})')


def _first_non_float(fn, names, args, kwargs, strict=True):
    import numpy as np
    bound = inspect.signature(fn, follow_wrapped=False).bind(*args, **kwargs)
    bound.apply_defaults()
    for name in names:
        for path, leaf in _leaves(bound.arguments[name], name):
            if strict:
                if np.asarray(leaf).dtype.kind not in 'fc':
                    return path, leaf
            elif isinstance(leaf, (bool, int, np.integer, np.bool_)) or (
                    isinstance(leaf, np.ndarray) and leaf.dtype.kind in 'biu'):
                return path, leaf
    return None


def _leaves(value, path):
    """``(path, leaf)`` of nested lists, tuples and dicts: ``params['w']``, ``xs[0]``."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f'{path}[{key!r}]')
    elif isinstance(value, (list, tuple)):
        fields = getattr(type(value), '_fields', None)  # a namedtuple: p.W
        for i, item in enumerate(value):
            yield from _leaves(item, f'{path}.{fields[i]}' if isinstance(fields, tuple)
                               and i < len(fields) else f'{path}[{i}]')
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if not isinstance(getattr(value, f.name), str):  # (act='tanh' passes through)
                yield from _leaves(getattr(value, f.name), f'{path}.{f.name}')
    elif value is not None:  # (a None field passes through a gradient as it is)
        yield path, value


def _wrt_names(fn, wrt, skip=0):
    """Parameter names for ``wrt`` (a position, a name, or a tuple of them).

    ``skip`` leading parameters are fixed (``self`` of a method, a partial's
    arguments); positions count from after them.
    """
    if not isinstance(fn, types.FunctionType):
        read_function(fn)  # raises the error that explains what srcad can differentiate
    params = param_names_of(fn)[skip:]
    single = not isinstance(wrt, (tuple, list))
    items = [wrt] if single else list(wrt)
    if not items:
        raise WrtError('wrt is empty: name at least one parameter to differentiate')
    names = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (int, str)):
            raise WrtError(f'wrt entries are parameter positions or names, not {item!r}')
        if isinstance(item, int):
            if not -len(params) <= item < len(params):
                raise WrtError(f'wrt={item} but {fn.__qualname__} has {len(params)} '
                               f'positional parameter(s): {params}')
            name = params[item]
        else:
            name = item
            if name not in param_names(fn_args(fn)):
                raise WrtError(f'wrt={name!r} is not a parameter of {fn.__qualname__}; '
                               f'its parameters are {param_names(fn_args(fn))}')
        if name in names:
            raise WrtError(f'wrt names {name!r} twice')
        names.append(name)
    return names, single


def param_names_of(fn) -> list:
    """Positional parameter names of a plain function."""
    code = fn.__code__
    return list(code.co_varnames[:code.co_argcount])


def fn_args(fn):
    """The ``ast.arguments``-like view used to list every parameter name."""
    import ast
    code = fn.__code__
    names = code.co_varnames
    n, k = code.co_argcount, code.co_kwonlyargcount
    return ast.arguments(posonlyargs=[], args=[ast.arg(a) for a in names[:n]], vararg=None,
                         kwonlyargs=[ast.arg(a) for a in names[n:n + k]], kw_defaults=[],
                         kwarg=None, defaults=[])
