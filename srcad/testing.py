"""Checking derivatives against finite differences.

Every test of srcad reuses these two checks: :func:`check_grad` for a whole
compiled gradient, :func:`check_rule` for one registered rule.  Both compare
the directional derivative along random directions with a central finite
difference in float64.
"""

from __future__ import annotations

import copy
import functools
import types

import numpy as np


def _as_float_array(x):
    return np.array(x, dtype=np.float64)


def numeric_vjp(fn, args, index, g, eps=1e-6):
    """``<g, d fn(args) / d args[index]>`` along a random direction, and that direction.

    Returns ``(direction, finite-difference directional derivative)``.
    """
    rng = np.random.default_rng(index + 7)
    x = _as_float_array(args[index])
    v = rng.standard_normal(x.shape)

    def at(t):
        moved = list(args)
        moved[index] = x + t * v if x.shape else float(x + t * v)
        return np.sum(np.asarray(fn(*moved), dtype=np.float64) * g)
    return v, (at(eps) - at(-eps)) / (2 * eps)


def assert_close(actual, expected, rtol=1e-5, atol=1e-7, what='derivative'):
    """Fail with both numbers shown unless ``actual`` is close to ``expected``."""
    if not np.allclose(actual, expected, rtol=rtol, atol=atol, equal_nan=False):
        raise AssertionError(f'{what} mismatch:\n  srcad:   {actual!r}\n  numeric: {expected!r}')


def check_grad(f, *args, wrt=0, gradient=None, directions=3, eps=1e-6, rtol=1e-5, atol=1e-7,
               modes=('jvp', 'hvp')):
    """Check ``srcad.grad(f, wrt)`` (or ``gradient``) against finite differences,
    then the other ``modes`` (forward mode and second order by default, see
    :func:`check_derivatives`) at the same point.

    ``wrt`` is one position or name, or a tuple of them; each argument may be a
    float, an array or a pytree (dicts, lists, tuples, namedtuples,
    dataclasses).  For each, the gradient's dot product with ``directions``
    random directions is compared with a central difference of ``f``, and no
    call may change the arguments.  ``modes=()`` checks the gradient only.

    >>> import numpy as np
    >>> check_grad(lambda x: np.sum(np.sin(x) ** 2), np.linspace(0, 1, 4))
    """
    from .api import grad
    from .transforms import _position
    items = tuple(wrt) if isinstance(wrt, (tuple, list)) else (wrt,)
    positions = tuple(_position(f, w) if isinstance(w, str) else w for w in items)
    if gradient is None:
        gradient = grad(f, wrt=items if len(items) > 1 else items[0])
    args = list(args)
    grads = _unchanged(args, lambda: gradient(*args), 'the gradient')
    grads = grads if len(positions) > 1 else (grads,)
    for pos, gx in zip(positions, grads):
        leaves, build = _flatten(args[pos])
        g_leaves, _ = _flatten(gx)
        assert len(g_leaves) == len(leaves) and all(
            np.shape(a) == np.shape(b) for a, b in zip(g_leaves, leaves)), (
            f'gradient {gx!r} does not have the structure and shapes of argument {pos}')
        for k in range(directions):
            rng = np.random.default_rng(1000 * pos + k)
            v = [rng.standard_normal(np.shape(x)) if isinstance(x, np.ndarray)
                 else float(rng.standard_normal()) for x in leaves]

            def at(t):
                moved = copy.deepcopy(args)  # f may write into its arguments
                moved[pos] = build(_moved(leaves, v, t))
                return float(np.real(f(*moved)))
            numeric = (at(eps) - at(-eps)) / (2 * eps)
            assert_close(_dot(g_leaves, v), numeric, rtol, atol,
                         f'd/d(arg {pos}) along a random direction')
        if modes:
            check_derivatives(f, *args, wrt=pos, modes=modes, directions=min(directions, 2),
                              eps=eps, rtol=rtol, atol=atol)


def check_rule(rule, param, args, kwargs=None, eps=1e-6, rtol=1e-5, atol=1e-7):
    """Check one registered rule for ``param`` against finite differences.

    The rule's adjoint expression is evaluated as ordinary NumPy with a random
    output adjoint ``g``; its dot product with a random direction must match
    the finite difference of ``<g, fn(...)>``.
    """
    kwargs = dict(kwargs or {})
    fn = rule.impl
    names = list(rule.signature.params)
    bound = rule.bind_values(args, kwargs)
    ans = fn(*args, **kwargs)
    rng = np.random.default_rng(0)
    g = rng.standard_normal(np.shape(ans))
    g = g if np.shape(ans) else float(g)
    value = bound[param]
    v = rng.standard_normal(np.shape(value))

    def at(t):
        moved = dict(bound)
        moved[param] = np.asarray(value, dtype=np.float64) + t * v
        pos = [moved[n] for n in names[:len(args)] if n in moved]
        kw = {k: moved[k] for k in kwargs}
        if param not in kwargs and names.index(param) >= len(args):
            kw[param] = moved[param]
        return np.sum(np.asarray(fn(*pos, **kw)) * g)
    numeric = (at(eps) - at(-eps)) / (2 * eps)
    analytic = rule.evaluate(param, g, ans, *args, **kwargs)
    assert np.shape(analytic) == np.shape(value) or np.size(analytic) == np.size(value), (
        f'{rule.name}: adjoint of {param} has shape {np.shape(analytic)}, '
        f'expected {np.shape(value)}')
    assert_close(np.sum(np.asarray(analytic) * v), numeric, rtol, atol,
                 f'{rule.name} adjoint of {param!r}')


# --- The oracle: every mode against finite differences, pytrees, mutation ---

class DerivativeMismatch(AssertionError):
    """A derivative srcad returned disagrees with finite differences."""


class InputMutated(AssertionError):
    """A srcad call changed one of the arguments it was given."""


def _flatten(tree):
    """The float leaves of a pytree (arrays, numbers, lists, tuples, dicts,
    namedtuples, dataclasses) in a fixed order, and a function that rebuilds
    the tree from new leaves."""
    if isinstance(tree, dict):
        keys = list(tree)
        parts = [_flatten(tree[k]) for k in keys]
        return ([leaf for p in parts for leaf in p[0]],
                lambda leaves: type(tree)(zip(keys, _rebuild(parts, leaves))))
    if isinstance(tree, (list, tuple)):
        parts = [_flatten(item) for item in tree]

        def build(leaves):
            items = _rebuild(parts, leaves)
            if hasattr(tree, '_fields'):
                return type(tree)(*items)
            return type(tree)(items)
        return [leaf for p in parts for leaf in p[0]], build
    if hasattr(tree, '__dataclass_fields__'):
        import dataclasses
        names = [f.name for f in dataclasses.fields(tree)]
        parts = [_flatten(getattr(tree, n)) for n in names]
        return ([leaf for p in parts for leaf in p[0]],
                lambda leaves: dataclasses.replace(tree, **dict(zip(names,
                                                                    _rebuild(parts, leaves)))))
    if _is_float_leaf(tree):
        return [tree], lambda leaves: leaves[0]
    return [], lambda leaves: tree


def _rebuild(parts, leaves):
    out, at = [], 0
    for flat, build in parts:
        out.append(build(leaves[at:at + len(flat)]))
        at += len(flat)
    return out


def _is_float_leaf(x):
    if isinstance(x, bool):
        return False
    if isinstance(x, (float, np.floating)):
        return True
    return isinstance(x, np.ndarray) and x.dtype.kind == 'f'


def _moved(leaves, direction, t):
    return [np.asarray(x, dtype=np.float64) + t * v if np.ndim(x) or isinstance(x, np.ndarray)
            else float(x + t * v) for x, v in zip(leaves, direction)]


def _dot(a_leaves, b_leaves):
    return float(sum(np.sum(np.asarray(a, dtype=np.float64) * np.asarray(b, dtype=np.float64))
                     for a, b in zip(a_leaves, b_leaves)))


def _same(a, b):
    """Whether two argument snapshots are equal, structure, dtypes and values."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b, equal_nan=True)
    if getattr(type(a), '_srcad_gradient', False):  # (its compiled code is filled in lazily)
        return (a.fn, a.wrt, a.with_value) == (b.fn, b.wrt, b.with_value)
    if isinstance(a, functools.partial):  # (a copy of a partial is not == to it)
        return _same(a.func, b.func) and _same(a.args, b.args) and _same(a.keywords, b.keywords)
    if isinstance(a, types.MethodType):  # (nor is a copy of a bound method)
        return a.__func__ is b.__func__ and _same(a.__self__, b.__self__)
    if hasattr(a, '__dict__') and not isinstance(a, (type, types.FunctionType, types.MethodType,
                                                      types.ModuleType, functools.partial)):
        return _same(vars(a), vars(b))
    try:
        return bool(a == b) or (a != a and b != b)
    except Exception:  # noqa: BLE001  (objects without equality: compare identity)
        return a is b


def _unchanged(args, call, what):
    """Run ``call()``; raise :class:`InputMutated` if it changed any of ``args``."""
    before = copy.deepcopy(args)
    result = call()
    for i, (a, b) in enumerate(zip(before, args)):
        if not _same(a, b):
            raise InputMutated(f'{what} changed argument {i}: before {a!r}, after {b!r}')
    return result


def _scalar(value):
    out = np.asarray(value)
    if out.shape != ():
        raise ValueError(f'the function must return a number, not shape {out.shape}')
    return float(np.real(out))


def check_derivatives(f, *args, wrt=0, modes=('grad', 'value_and_grad', 'vjp', 'jvp', 'hvp'),
                      directions=2, eps=1e-6, rtol=1e-5, atol=1e-7):
    """Check every derivative srcad gives of scalar ``f`` at ``args`` against
    finite differences in float64, along random directions, and check that no
    call changed its arguments.

    ``wrt`` is one position or parameter name; the argument may be a float,
    an array or a pytree (dicts, lists, tuples, namedtuples, dataclasses)
    of them.  ``modes`` picks among ``grad``, ``value_and_grad``, ``vjp``,
    ``jvp`` (forward mode) and ``hvp`` (second order, compared with finite
    differences of the gradient that was just checked).  Raises
    :class:`DerivativeMismatch` or :class:`InputMutated`; srcad's own
    refusals (:class:`srcad.SrcadError`) pass through.

    >>> import numpy as np
    >>> check_derivatives(lambda p: np.sum(p['w'] ** 2) * p['b'],
    ...                   {'w': np.array([1.0, 2.0]), 'b': 3.0})
    """
    from . import api, pullback, transforms
    args = list(args)
    pos = transforms._position(f, wrt) if isinstance(wrt, str) else wrt
    leaves, build = _flatten(args[pos])
    if not leaves:
        raise ValueError(f'argument {wrt!r} holds no floating-point value to differentiate')

    def f_at(new_leaves):
        moved = copy.deepcopy(args)
        moved[pos] = build(new_leaves)
        return _scalar(f(*moved))

    def fd(fun, direction):
        return (fun(_moved(leaves, direction, eps)) - fun(_moved(leaves, direction, -eps))) / (2 * eps)

    rng = np.random.default_rng(12345)
    dirs = [[rng.standard_normal(np.shape(x)) if np.ndim(x) or isinstance(x, np.ndarray)
             else float(rng.standard_normal()) for x in leaves] for _ in range(directions)]
    numeric = [fd(f_at, d) for d in dirs]
    expected_value = _scalar(f(*copy.deepcopy(args)))

    def compare(actual, k, what):
        if not np.isclose(actual, numeric[k], rtol=rtol, atol=atol):
            raise DerivativeMismatch(f'{what} along direction {k}: srcad {actual!r}, '
                                     f'finite differences {numeric[k]!r}')

    def check_gradient(g, what):
        g_leaves, _ = _flatten(g)
        if len(g_leaves) != len(leaves) or any(np.shape(a) != np.shape(b)
                                               for a, b in zip(g_leaves, leaves)):
            raise DerivativeMismatch(f'{what}: gradient {g!r} does not have the structure '
                                     f'and shapes of the argument {args[pos]!r}')
        for k, d in enumerate(dirs):
            compare(_dot(g_leaves, d), k, what)

    gradient = api.grad(f, wrt=wrt)
    for mode in modes:
        if mode == 'grad':
            check_gradient(_unchanged(args, lambda: gradient(*args), 'grad'), 'grad')
        elif mode == 'value_and_grad':
            value, g = _unchanged(args, lambda: api.value_and_grad(f, wrt=wrt)(*args),
                                  'value_and_grad')
            if not np.isclose(_scalar(value), expected_value, rtol=1e-12, atol=1e-12):
                raise DerivativeMismatch(f'value_and_grad value {value!r} != f(...) '
                                         f'{expected_value!r}')
            check_gradient(g, 'value_and_grad')
        elif mode == 'vjp':
            fn, primals, at = _vjp_of_one(f, args, pos)
            out, back = _unchanged(args, lambda: pullback.vjp(fn, *primals), 'vjp')
            if not np.isclose(_scalar(out), expected_value, rtol=1e-12, atol=1e-12):
                raise DerivativeMismatch(f'vjp value {out!r} != f(...) {expected_value!r}')
            check_gradient(_unchanged(args, lambda: back(1.0), 'vjp backward')[at], 'vjp')
        elif mode == 'jvp':
            for k, d in enumerate(dirs):
                tangents = tuple(build(d) if i == pos else _zero_tangent_tree(a)
                                 for i, a in enumerate(args))
                value, tangent = _unchanged(args, lambda: transforms.jvp(f, args, tangents),
                                            'jvp')
                if not np.isclose(_scalar(value), expected_value, rtol=1e-12, atol=1e-12):
                    raise DerivativeMismatch(f'jvp value {value!r} != f(...) {expected_value!r}')
                compare(_scalar(tangent), k, 'jvp')
        elif mode == 'hvp':
            for k, d in enumerate(dirs):
                hv = _unchanged(args, lambda: transforms.hvp(f, args, build(d), wrt=pos), 'hvp')
                hv_leaves, _ = _flatten(hv)
                u = dirs[(k + 1) % len(dirs)]

                def slope(new_leaves):
                    moved = copy.deepcopy(args)
                    moved[pos] = build(new_leaves)
                    return _dot(_flatten(gradient(*moved))[0], u)
                expected = fd(slope, d)
                actual = _dot(hv_leaves, u)
                if not np.isclose(actual, expected, rtol=max(rtol, 1e-4), atol=max(atol, 1e-6)):
                    raise DerivativeMismatch(f'hvp along direction {k}: srcad {actual!r}, '
                                             f'finite differences of the gradient {expected!r}')
        else:
            raise ValueError(f'unknown mode {mode!r}')


def _vjp_of_one(f, args, pos):
    """``(function, primals, index)`` for a vjp with respect to ``args[pos]`` alone:
    ``vjp`` differentiates every primal, so arguments that hold no float (an int
    count, a flag, a string) are bound by name when ``f``'s signature allows it."""
    import inspect
    if all(_flatten(a)[0] for a in args):
        return f, args, pos
    try:
        params = list(inspect.signature(f).parameters.values())
    except (TypeError, ValueError):
        return f, args, pos
    plain = all(p.kind == p.POSITIONAL_OR_KEYWORD for p in params[:len(args)])
    if not plain or len(params) < len(args):
        return f, args, pos
    later = {params[i].name: args[i] for i in range(pos + 1, len(args))}
    return functools.partial(f, *args[:pos], **later), [args[pos]], 0


def _zero_tangent_tree(a):
    leaves, build = _flatten(a)
    if not leaves:
        return _zero_complex(a) if not isinstance(a, (int, np.integer)) else 0.0
    return _zero_complex(build([np.zeros(np.shape(x)) if isinstance(x, np.ndarray) else 0.0
                                for x in leaves]))


def _zero_complex(tree):
    """``tree`` with its complex leaves (which :func:`_flatten` leaves alone) made zeros:
    a complex argument held constant has a zero tangent, not its own value."""
    if isinstance(tree, (complex, np.complexfloating)):
        return type(tree)(0)
    if isinstance(tree, np.ndarray):
        return np.zeros_like(tree) if tree.dtype.kind == 'c' else tree
    if isinstance(tree, dict):
        return type(tree)((k, _zero_complex(v)) for k, v in tree.items())
    if isinstance(tree, (list, tuple)):
        items = [_zero_complex(v) for v in tree]
        return type(tree)(*items) if hasattr(tree, '_fields') else type(tree)(items)
    if hasattr(tree, '__dataclass_fields__') and not isinstance(tree, type):
        import dataclasses
        return dataclasses.replace(tree, **{f.name: _zero_complex(getattr(tree, f.name))
                                            for f in dataclasses.fields(tree) if f.init})
    return tree
