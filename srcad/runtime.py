"""The few helpers that generated derivative code calls.

Shape bookkeeping (broadcasting, reductions, indexing with repeated indices)
lives here, once, in small named functions that are tested on their own.
Rules call these helpers instead of repeating the bookkeeping, and the
generated code calls them by name, so a reader meets the same few words
everywhere.  Every helper is plain NumPy and safe to export with the
generated code.
"""

from __future__ import annotations

import math

import numpy as np

from .errors import RuntimeCheckError

_ndarray = np.ndarray
_float64 = np.float64


def shape_of(x):
    """The shape of an array or scalar, fast for the common cases."""
    t = type(x)
    if t is _ndarray:
        return x.shape
    if t is float or t is int:
        return ()
    return np.shape(x)


def unbroadcast(g, x):
    """Sum the adjoint ``g`` down to the shape of ``x`` (undoing broadcasting).

    >>> unbroadcast(np.ones((2, 3)), np.zeros(3))
    array([2., 2., 2.])
    """
    xs = shape_of(x)
    gs = shape_of(g)
    if gs == xs:
        return g
    if isinstance(x, (list, tuple)):
        raise RuntimeCheckError('srcad cannot differentiate joining lists with +',
                                hint='build the list with append, or use np.concatenate')
    if not xs:
        return g.sum() if type(g) is _ndarray else np.sum(g)
    lead = len(gs) - len(xs)
    if lead < 0:  # g is smaller than x: it stands for a broadcast array
        return np.broadcast_to(g, xs)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, n in enumerate(xs) if n == 1 and gs[lead + i] != 1)
    g = np.add.reduce(g, axis=axes) if axes else g
    return np.reshape(g, xs) if shape_of(g) != xs else g


def _normalize_axes(axis, ndim):
    axes = (axis,) if np.ndim(axis) == 0 else tuple(axis)
    return tuple(sorted(a % ndim if ndim else 0 for a in axes))


def unreduce(g, x, axis=None, keepdims=False):
    """Broadcast the adjoint of a reduction of ``x`` back to the shape of ``x``.

    >>> unreduce(np.array([1., 2.]), np.zeros((2, 3)), axis=1)
    array([[1., 1., 1.],
           [2., 2., 2.]])
    """
    xs = shape_of(x)
    if axis is None and type(x) is _ndarray and x.size <= _SMALL:
        return np.full(xs, g)  # cheaper than a broadcast view for small arrays
    if axis is not None and not keepdims and xs:
        g = np.expand_dims(g, _normalize_axes(axis, len(xs)))
    return np.broadcast_to(g, xs)


_SMALL = 4096


def reduced_size(x, axis=None):
    """How many elements of ``x`` a reduction over ``axis`` combines."""
    if axis is None:
        return x.size if type(x) is _ndarray else int(np.size(x))
    xs = shape_of(x)
    return math.prod(xs[a] for a in _normalize_axes(axis, len(xs)))


def expand_reduced(y, x, axis=None, keepdims=False):
    """Reshape a reduction result ``y`` so it broadcasts against ``x``."""
    if axis is None or keepdims or not shape_of(x):
        return y
    return np.expand_dims(y, _normalize_axes(axis, len(shape_of(x))))


def extremum_mask(x, ans, axis=None, keepdims=False):
    """Where ``x`` attains its max/min, with ties sharing the adjoint equally."""
    hit = (x == expand_reduced(ans, x, axis, keepdims))
    return hit / np.sum(hit, axis=axis, keepdims=True)


def prod_others(x, axis=None):
    """Product of all other elements along ``axis`` (safe when ``x`` holds zeros)."""
    x = np.asarray(x)
    if axis is None:
        return np.reshape(prod_others(np.ravel(x), 0), np.shape(x))
    if np.ndim(axis) != 0:
        axes = _normalize_axes(axis, x.ndim)
        moved = np.moveaxis(x, axes, range(len(axes)))
        flat = np.reshape(moved, (-1,) + moved.shape[len(axes):])
        out = np.reshape(prod_others(flat, 0), moved.shape)
        return np.moveaxis(out, range(len(axes)), axes)
    x = np.moveaxis(x, axis, -1)
    ones = np.ones(x.shape[:-1] + (1,), dtype=x.dtype)
    before = np.cumprod(np.concatenate([ones, x[..., :-1]], axis=-1), axis=-1)
    after = np.cumprod(np.concatenate([ones, x[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
    return np.moveaxis(before * after, -1, axis)


def _is_basic_index(idx):
    parts = idx if type(idx) is tuple else (idx,)
    for p in parts:
        if p is None or p is Ellipsis or type(p) is slice:
            continue
        if isinstance(p, (int, np.integer)) and not isinstance(p, (bool, np.bool_)):
            continue
        return False
    return True


def index_adjoint(g, x, idx):
    """The adjoint of ``x[idx]``: zeros shaped like ``x`` with ``g`` added at ``idx``.

    Repeated integer indices accumulate, as they must.

    >>> index_adjoint(np.ones(3), np.zeros(2), np.array([0, 0, 1]))
    array([2., 1.])
    """
    if isinstance(x, (list, tuple)):
        out = AdjointList([0.0] * len(x))
        out[idx] = g
        return out
    if isinstance(x, dict):
        return AdjointDict({idx: g})
    out = np.zeros(shape_of(x), dtype=np.result_type(x, g))
    if _is_basic_index(idx):
        out[idx] = g
    else:
        np.add.at(out, idx, g)
    return out


def add_at(x_bar, x, idx, g):
    """Add ``g`` into ``x_bar[idx]`` in place (``x_bar`` is owned by the caller).

    ``x_bar`` may be None: then this is :func:`index_adjoint`.
    """
    if x_bar is None:
        return index_adjoint(g, x, idx)
    if isinstance(x_bar, dict):
        x_bar[idx] = x_bar[idx] + g if idx in x_bar else g
    elif isinstance(x_bar, list):
        x_bar[idx] = x_bar[idx] + g
    elif _is_basic_index(idx):
        x_bar[idx] += g
    else:
        np.add.at(x_bar, idx, g)
    return x_bar


def unstack(g, n, axis=0):
    """Split the adjoint of ``np.stack`` into the adjoints of its ``n`` inputs."""
    return AdjointList(np.moveaxis(g, axis, 0)[i] for i in range(n))


def unconcatenate(g, arrays, axis=0):
    """Split the adjoint of ``np.concatenate`` into pieces shaped like ``arrays``."""
    if axis is None:
        sizes = np.cumsum([np.size(a) for a in arrays])[:-1]
        return AdjointList(np.reshape(p, np.shape(a))
                           for p, a in zip(np.split(g, sizes), arrays))
    sizes = np.cumsum([np.shape(a)[axis] for a in arrays])[:-1]
    return AdjointList(np.split(g, sizes, axis=axis))


def part(g, key, like):
    """Entry ``key`` of a container's adjoint ``g``, for the element ``like``.

    A missing entry (the placeholder ``0.0``, or a ``g`` that is itself zero)
    becomes zeros shaped like the element, so every rule downstream sees an
    adjoint of the right shape.
    """
    if isinstance(g, dict):
        value = g.get(key, 0.0)
    elif isinstance(g, (list, tuple)):
        value = g[key]
    else:
        value = 0.0
    if type(value) is float and value == 0.0 and type(like) is not float:
        return _zeros_like(like)
    return value


def _zeros_like(x):
    if isinstance(x, (list, tuple)):
        return AdjointList(_zeros_like(v) for v in x)
    if isinstance(x, dict):
        return AdjointDict((k, _zeros_like(v)) for k, v in x.items())
    if isinstance(x, (np.ndarray, np.generic)) and x.dtype.kind in 'fc':
        return np.zeros_like(x)
    return 0.0


def zero_tangent(x):
    """The tangent of a value that does not vary: zeros shaped like it."""
    if x is None or isinstance(x, list) and not x:
        return type(x)() if x is not None else None
    return _zeros_like(x)


def tangent_parts(dot, x):
    """The tangents of the parts of an unpacked value."""
    if isinstance(dot, (list, tuple)):
        return dot
    return [zero_tangent(v) for v in x]


def setitem(x, idx, v):
    """``x`` with ``x[idx] = v``, as a new array or list (``x`` is left alone).

    Generated code writes elements through this, so a gradient never
    modifies the caller's arrays.
    """
    if isinstance(x, list):
        out = list(x)
    elif isinstance(x, dict):
        out = dict(x)
    else:
        out = np.array(x, copy=True)
    out[idx] = v
    return out


def zero_at(g, idx):
    """A copy of the adjoint ``g`` with the overwritten elements ``g[idx]`` zeroed."""
    if isinstance(g, (list, dict)):
        out = type(g)(g)
        out[idx] = 0.0
        return out
    out = np.array(g, copy=True)
    out[idx] = 0
    return out


def take_at(g, idx):
    """``g[idx]`` of an adjoint that may be a list, a dict or an array."""
    return g[idx] if isinstance(g, (list, dict)) else np.asarray(g)[idx]


def list_append(xs, x):
    """``xs.append(x)`` as a value: the list, now one longer."""
    xs.append(x)
    return xs


def dynamic_forward(fn, *args, **kwargs):
    """Call ``fn`` (known only now) and keep what its backward needs.

    A function with a rule runs as is; the user's Python function runs its
    generated forward half (differentiating its floating-point arguments).
    """
    import functools as _functools
    import types as _types
    from .rules.registry import lookup
    if isinstance(fn, _functools.partial):
        ans, saved = dynamic_forward(fn.func, *fn.args, *args, **{**fn.keywords, **kwargs})
        return ans, ('partial', saved, len(fn.args))
    rule = lookup(fn)
    if rule is not None and rule.adjoints:
        ans = fn(*args, **kwargs)
        return ans, ('rule', rule, args, kwargs, ans)
    target, bound = _unbound(fn)
    if isinstance(target, _types.FunctionType):
        from .calls import split
        code = target.__code__
        names = code.co_varnames[:code.co_argcount]
        full = bound + args
        wrt = [i for i, a in enumerate(full) if i < len(names) and _is_floating(a)]
        if not wrt:
            return fn(*args, **kwargs), ('constant', len(args))
        halves = split(target, [names[i] for i in wrt])
        ans, saved = halves.forward(*full, **kwargs)
        return ans, ('split', halves, saved, [i - len(bound) for i in wrt], len(args))
    raise RuntimeCheckError(f'no derivative rule for {fn!r}, called on a differentiated value',
                            hint='register one with srcad.adjoint')


def dynamic_backward(saved, g):
    """The adjoints of the positional arguments of a :func:`dynamic_forward` call."""
    kind = saved[0]
    if kind == 'constant':
        return (0.0,) * saved[1]
    if kind == 'partial':
        return dynamic_backward(saved[1], g)[saved[2]:]
    if kind == 'rule':
        _, rule, args, kwargs, ans = saved
        params = rule.signature.params
        return tuple(rule.evaluate(params[i], g, ans, *args, **kwargs)
                     if i < len(params) and params[i] in rule.adjoints else 0.0
                     for i in range(len(args)))
    _, halves, inner, positions, n = saved
    grads = halves.backward(inner, g)
    grads = grads if len(positions) > 1 else (grads,)
    out = [0.0] * n
    for i, value in zip(positions, grads):
        if i >= 0:
            out[i] = value
    return tuple(out)


def dynamic_jvp(fn, tangents, *args, **kwargs):
    """Forward mode through a callable known only now: ``(value, tangent)``."""
    import functools as _functools
    import types as _types
    from .rules.registry import lookup
    if isinstance(fn, _functools.partial):
        return dynamic_jvp(fn.func, (None,) * len(fn.args) + tuple(tangents), *fn.args, *args,
                           **{**fn.keywords, **kwargs})
    rule = lookup(fn)
    if rule is not None and rule.tangents:
        ans = fn(*args, **kwargs)
        params = rule.signature.params
        total = None
        for i, dot in enumerate(tangents):
            if dot is None or i >= len(params) or params[i] not in rule.tangents:
                continue
            part = rule.evaluate_tangent(params[i], dot, ans, *args, **kwargs)
            total = part if total is None else total + part
        return ans, zero_tangent(ans) if total is None else total
    target, bound = _unbound(fn)
    if isinstance(target, _types.FunctionType):
        from .calls import jvp_of
        code = target.__code__
        names = code.co_varnames[:code.co_argcount]
        dots = (None,) * len(bound) + tuple(tangents)
        full = bound + args
        wrt = [i for i, d in enumerate(dots) if d is not None and i < len(names)]
        if not wrt:
            ans = fn(*args, **kwargs)
            return ans, zero_tangent(ans)
        return jvp_of(target, [names[i] for i in wrt]).forward(
            tuple(dots[i] for i in wrt), *full, **kwargs)
    raise RuntimeCheckError(f'no forward-mode rule for {fn!r}')


def _unbound(fn):
    """A plain function and the ``self`` it is bound to (methods, callable objects)."""
    import types as _types
    if isinstance(fn, _types.MethodType):
        return fn.__func__, (fn.__self__,)
    call = getattr(type(fn), '__call__', None)
    library = type(fn).__module__.split('.')[0] in ('numpy', 'scipy', 'srcad', 'builtins')
    if isinstance(call, _types.FunctionType) and not library \
            and not isinstance(fn, (type, _types.FunctionType)):
        return call, (fn,)
    return fn, ()


def _is_floating(x) -> bool:
    if isinstance(x, (list, tuple)):
        return any(_is_floating(v) for v in x)
    if isinstance(x, dict):
        return any(_is_floating(v) for v in x.values())
    if type(x) is float or type(x) is complex:
        return True
    return isinstance(x, (_ndarray, np.generic)) and x.dtype.kind in 'fc'


def sequence(x):
    """What a ``for`` loop walks: ``x`` itself, or the keys of a dict (or set...)."""
    if isinstance(x, (list, tuple, range, _ndarray)):
        return x
    return list(x)


def list_pop(xs):
    """``xs.pop()``: removes and returns the last entry."""
    return xs.pop()


def unappend(g, n):
    """The adjoint of the list before ``append``: all but the last entry."""
    return AdjointList(g[:n]) if g is not None else None


class AdjointList(list):
    """A list adjoint: ``+`` adds elementwise, as adjoint accumulation needs."""

    def __add__(self, other):
        if isinstance(other, (int, float)) and other == 0:
            return self
        return AdjointList(a + b for a, b in zip(self, other))

    __radd__ = __add__


class AdjointDict(dict):
    """A dict adjoint: ``+`` adds the values of shared keys."""

    def __add__(self, other):
        if isinstance(other, (int, float)) and other == 0:
            return self
        out = AdjointDict(self)
        for key, value in other.items():
            out[key] = out[key] + value if key in out else value
        return out

    __radd__ = __add__


def seed(ans):
    """The adjoint seed ``1`` for a scalar output, in the output's dtype.

    Raises unless ``ans`` is a float scalar or a float array of size 1.
    """
    t = type(ans)
    if t is float or t is np.float64:
        return 1.0
    if t is np.float32:
        return np.float32(1.0)
    if t is _ndarray or isinstance(ans, np.generic):
        if ans.size == 1 and ans.dtype.kind in 'fc':
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
    if t is complex:
        return 1.0
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
        if (type(g) is _ndarray and g.dtype == x.dtype and g.shape == x.shape
                and g.base is None):
            return g
        if x.dtype.kind not in 'fc':
            raise _not_float(x)
        if x.dtype.kind == 'f' and np.iscomplexobj(g):
            g = np.real(g)  # a real input's adjoint is real (complex intermediates)
        return np.array(np.broadcast_to(g, x.shape), dtype=x.dtype)
    if t is float:
        return float(np.real(g)) if np.iscomplexobj(g) else float(g)
    if isinstance(x, (list, tuple)):
        items = [like_input(0.0 if gi is None else gi, xi)
                 for gi, xi in zip(_entries(g, len(x)), x)]
        return t(items) if t in (list, tuple) else type(x)(*items)
    if isinstance(x, dict):
        g = g if isinstance(g, dict) else {}
        return type(x)((k, like_input(g.get(k, 0.0), v)) for k, v in x.items())
    if isinstance(x, (np.floating, np.complexfloating)):
        return x.dtype.type(g)
    if t is complex:
        return complex(g)
    raise _not_float(x)


def _not_float(x):
    kind = getattr(getattr(x, 'dtype', None), 'name', type(x).__name__)
    return RuntimeCheckError(f'cannot differentiate with respect to an input of type {kind}',
                             hint='pass floating-point values')


def _entries(g, n):
    if isinstance(g, (list, tuple)):
        return g
    return [0.0] * n


def zeros_like_input(x):
    """The gradient of an input the output does not depend on."""
    return like_input(0.0, x)


#: The names generated code may use, mapped to what they mean.
HELPERS = {
    name: obj for name, obj in globals().items()
    if name in {
        'unbroadcast', 'unreduce', 'reduced_size', 'expand_reduced',
        'extremum_mask', 'prod_others', 'index_adjoint', 'add_at', 'unstack',
        'setitem', 'zero_at', 'take_at', 'list_append', 'unappend', 'part',
        'zero_tangent', 'tangent_parts', 'list_pop', 'sequence', 'dynamic_forward',
        'dynamic_backward', 'dynamic_jvp',
        'unconcatenate', 'seed', 'like_input',
        'zeros_like_input', 'AdjointList', 'AdjointDict', 'shape_of'}
}
HELPERS['np'] = np


def _swap(a):
    return np.swapaxes(a, -1, -2)


def _promote_matmul(g, x, y):
    """View ``x @ y`` with 1-D operands promoted to matrices, as NumPy does."""
    x, y = np.asarray(x), np.asarray(y)
    xp = x[None, :] if x.ndim == 1 else x
    yp = y[:, None] if y.ndim == 1 else y
    gp = np.asarray(g)
    if y.ndim == 1:
        gp = gp[..., None]
    if x.ndim == 1:
        gp = gp[..., None, :]
    return gp, xp, yp


def matmul_dx(g, x, y):
    """The adjoint of ``x`` in ``x @ y`` (1-D, 2-D and batched operands)."""
    if type(x) is _ndarray and type(y) is _ndarray and x.ndim == 2 and y.ndim == 2:
        return g @ y.T
    gp, xp, yp = _promote_matmul(g, x, y)
    return np.reshape(unbroadcast(gp @ _swap(yp), xp), np.shape(x))


def matmul_dy(g, x, y):
    """The adjoint of ``y`` in ``x @ y`` (1-D, 2-D and batched operands)."""
    if type(x) is _ndarray and type(y) is _ndarray and x.ndim == 2 and y.ndim == 2:
        return x.T @ g
    gp, xp, yp = _promote_matmul(g, x, y)
    return np.reshape(unbroadcast(_swap(xp) @ gp, yp), np.shape(y))


def dot_da(g, a, b):
    """The adjoint of ``a`` in ``np.dot(a, b)`` for every operand rank."""
    if np.ndim(a) == 0 or np.ndim(b) == 0:
        return unbroadcast(g * b, a)
    if np.ndim(b) <= 2:
        return matmul_dx(g, a, b)
    a_nd, b_nd = np.ndim(a), np.ndim(b)
    b_axes = [i for i in range(b_nd) if i != b_nd - 2]
    return np.tensordot(g, b, axes=(list(range(a_nd - 1, np.ndim(g))), b_axes))


def dot_db(g, a, b):
    """The adjoint of ``b`` in ``np.dot(a, b)`` for every operand rank."""
    if np.ndim(a) == 0 or np.ndim(b) == 0:
        return unbroadcast(g * a, b)
    if np.ndim(b) <= 2:
        return matmul_dy(g, a, b)
    lead = list(range(np.ndim(a) - 1))
    return np.moveaxis(np.tensordot(a, g, axes=(lead, lead)), 0, -2)


def untranspose(g, axes=None):
    """The adjoint of ``np.transpose(a, axes)``."""
    return np.transpose(g, None if axes is None else np.argsort(axes))


def clip_mask(a, a_min, a_max):
    """1 where ``np.clip`` passes ``a`` through, 0 where it clips."""
    inside = np.ones(np.shape(a), dtype=bool)
    if a_min is not None:
        inside &= a >= a_min
    if a_max is not None:
        inside &= a <= a_max
    return inside


def unarray(g, obj):
    """The adjoint of ``np.array(obj)``: ``g`` split back into ``obj``'s nesting."""
    if isinstance(obj, (list, tuple)):
        return AdjointList(unarray(g[i], o) for i, o in enumerate(obj))
    return unbroadcast(g, obj)


def reshape_method(a, *shape, order='C'):
    """``a.reshape(*shape)``, which accepts the shape spread out or as a tuple."""
    return np.reshape(a, shape[0] if len(shape) == 1 else shape, order=order)


def transpose_method(a, *axes):
    """``a.transpose(*axes)``, which accepts the axes spread out or as a tuple."""
    return np.transpose(a, (axes[0] if len(axes) == 1 else axes) or None)


def astype(a, dtype, copy=True):
    """``a.astype(dtype)``; the adjoint casts back to ``a``'s dtype."""
    return np.asarray(a).astype(dtype, copy=copy)


def uncast(g, a):
    """Cast an adjoint back to the dtype of the value it belongs to."""
    return np.asarray(g).astype(np.result_type(a), copy=False)


HELPERS.update({f.__name__: f for f in (
    matmul_dx, matmul_dy, dot_da, dot_db, untranspose, clip_mask, unarray,
    reshape_method, transpose_method, astype, uncast)})
