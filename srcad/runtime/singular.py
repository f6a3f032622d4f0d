"""A zero adjoint (or tangent) stays zero through a derivative that is infinite.

The "safe" idioms of NumPy code compute a function where it is singular and
throw the value away: ``np.where(x > 0, np.sqrt(x), 0.0)``, the sinc
``np.where(x == 0, 1.0, np.sin(x) / x)``, ``np.log1p(np.exp(x))`` masked for
large ``x``, ``np.sqrt(np.maximum(v, 0))``.  The discarded elements receive an
exact zero adjoint (``np.where``'s rule), and the rule of the singular function
multiplies it by an infinite or undefined partial derivative: ``0 / (2 * 0)``,
``0 * inf``, both nan.  The derivative there is zero: a zero cotangent times
anything is zero.

:func:`keep_zero` is how the rules of such functions say so.  ``keep_zero(a, r)``
is ``r`` (the rule's ordinary result, ``a`` times a partial derivative), except
that where ``a`` is exactly zero the result is zero.  It costs one reduction of
``r``: only when ``r`` holds a nan is anything recomputed.
"""

from __future__ import annotations

import functools
import numbers
import re

import numpy as np

from ..errors import Location, RuntimeCheckError
from .kinks import HINT as KINK_HINT, kink_met

_ndarray = np.ndarray
#: sum(|r| ** 2): nan exactly when r holds a nan (its terms are >= 0, so no inf - inf), and
#: the cheapest full reduction NumPy has (BLAS: 10x np.sum's speed on 1e6 elements)
_vdot = np.vdot
_SCALARS = (numbers.Number, np.generic)
_float64 = np.float64


def keep_zero(a, r):
    """``r``, with zeros where the adjoint or tangent ``a`` it was computed from is zero.

    ``r`` is ``a`` times a partial derivative that may be infinite or undefined
    where the function is singular, so where ``a == 0`` ``r`` is ``0`` or nan;
    the nans become zeros.  Values other than NumPy's and Python's numbers come
    back as computed.

    >>> keep_zero(np.array([0.0, 1.0]), np.array([np.nan, 0.5]))
    array([0. , 0.5])
    >>> keep_zero(0.0, float('nan')), keep_zero(1.0, float('nan'))
    (0.0, nan)
    """
    if r.__class__ is _ndarray:
        total = _vdot(r, r)
        if total == total:  # (no nan: the rule's own result)
            return r
        return np.where(a == 0, 0, r)
    cls = r.__class__
    if cls is float or cls is _float64 or isinstance(r, _SCALARS):
        if r == r:
            return r
        if isinstance(a, _SCALARS):
            return cls(0) if a == 0 else r
        return np.where(a == 0, 0, r)
    return r  # (an ndarray subclass, or another type: np.where would drop what it adds)


def keep_zero_tangent(a, a_dot, r_dot):
    """The tangent of ``keep_zero(a, r)``, given the tangents of ``a`` and ``r``.

    Where ``a`` and its tangent are both zero, ``a`` is locally zero (the unselected
    side of ``np.where``) and so is ``keep_zero(a, r) = a * h``: its tangent is zero,
    also where ``r``'s tangent (``a_dot * h + a * h_dot``) is nan.

    >>> keep_zero_tangent(np.zeros(2), np.array([0.0, 1.0]), np.array([np.nan, 2.0]))
    array([0., 2.])
    """
    if r_dot.__class__ is _ndarray:
        total = _vdot(r_dot, r_dot)
        if total == total:
            return r_dot
    elif not isinstance(r_dot, _SCALARS) or r_dot == r_dot:
        return r_dot
    zero = (a == 0) & (a_dot == 0)
    if isinstance(zero, (bool, np.bool_)) and isinstance(r_dot, _SCALARS):
        return r_dot.__class__(0) if zero else r_dot
    return np.where(zero, 0, r_dot)


def smooth_power(y) -> bool:
    """Whether ``x ** (y - 1)`` is finite for every finite ``x``: ``y`` a whole
    number >= 1 (``x ** 2``, ``x ** 3.0``), so the rule of ``x ** y`` needs no
    :func:`keep_zero`.  A constant ``y`` is decided when srcad writes the code
    (:mod:`srcad.compiler.simplify`); an array ``y`` never counts.

    >>> smooth_power(2), smooth_power(2.0), smooth_power(0.5), smooth_power(np.ones(2))
    (True, True, False, False)
    """
    return isinstance(y, (int, float, np.integer, np.floating)) and y >= 1 \
        and float(y).is_integer()


HELPERS = {f.__name__: f for f in (keep_zero, keep_zero_tangent, smooth_power)}


# --- the backstop: never a nan derivative of a finite value, silently -------------------
def has_nan(tree) -> bool:
    """Whether a derivative (an array, a number, or a list, tuple or dict of them, as
    srcad returns derivatives) holds a nan.  One reduction per array.

    >>> has_nan((np.ones(2), {'b': float('nan')})), has_nan([1.0, np.zeros(3)])
    (True, False)
    """
    cls = tree.__class__
    if cls is _ndarray:
        if tree.dtype.kind not in 'fc':
            return False
        total = _vdot(tree, tree)
        return total != total and bool(np.isnan(tree).any())  # (complex inf: inf * 0j)
    if cls is float or cls is np.float64 or cls is np.float32 or cls is complex:
        return tree != tree
    if cls is tuple or cls is list or isinstance(tree, (tuple, list)):
        for t in tree:
            if has_nan(t):
                return True
        return False
    if isinstance(tree, dict):
        return any(has_nan(t) for t in tree.values())
    if isinstance(tree, (np.ndarray, np.generic)):
        return has_nan(np.asarray(tree))
    fields = getattr(tree, '__dataclass_fields__', None)
    if fields is not None:
        return any(has_nan(getattr(tree, name, None)) for name in fields)
    return False


def all_finite(tree) -> bool:
    """Whether every number in a value (an array, a number, or a container of them) is
    finite: the function's value, whose derivative then must not be nan."""
    cls = tree.__class__
    if cls is _ndarray or isinstance(tree, (np.ndarray, np.generic)):
        a = np.asarray(tree)
        return a.dtype.kind not in 'fc' or bool(np.isfinite(a).all())
    if isinstance(tree, (float, complex, int)):
        return bool(np.isfinite(tree))
    if isinstance(tree, (tuple, list)):
        return all(all_finite(t) for t in tree)
    if isinstance(tree, dict):
        return all(all_finite(t) for t in tree.values())
    fields = getattr(tree, '__dataclass_fields__', None)
    if fields is not None:
        return all(all_finite(getattr(tree, name, None)) for name in fields)
    return True


INDETERMINATE_HINT = (
    'nan is 0 * inf: typically sqrt, log or a division at exactly 0 whose input has a zero '
    'derivative there, as np.sqrt(np.sum(d ** 2)) with d == 0 (a distance to itself), or '
    'whose result is read by a function flat there, as np.cbrt(x) ** 3 or np.cos(np.sqrt(x)) '
    'at 0; add a small epsilon inside (np.sqrt(s + 1e-12)), keep the point out (np.where on '
    'the input), write the function without the root, or use np.linalg.norm, which handles '
    '0.  In a second derivative (hvp, hessian) it is '
    'also |x|, np.sign, a norm or np.hypot at exactly 0, whose first derivative jumps there '
    '(srcad.rules.elementwise.kinks): write x * x for np.abs(x) ** 2, np.sum(w * w) or w @ w '
    'for np.linalg.norm(w) ** 2')


def indeterminate(what: str, fn) -> RuntimeCheckError:
    """The refusal of a nan derivative where ``fn``'s value is finite."""
    name = getattr(fn, '__qualname__', None) or getattr(fn, '__name__', None) or repr(fn)
    where = _location_of(fn) or _location_of(getattr(fn, 'fn', None))  # (a Gradient's)
    second = what in ('second derivative', 'Hessian-vector product', 'Jacobian')
    met = kink_met(where.filename) if second and where is not None else None
    if met is not None:  # (a kink's tangent in second order: srcad.runtime.kinks)
        return RuntimeCheckError(
            f'the {what} of {name} is not a number at these arguments: it goes through '
            f'{met[0]}, whose first derivative jumps there (srcad takes 0 for it, '
            f'a subgradient, but the curvature of that choice is not a number)', met[1], KINK_HINT)
    return RuntimeCheckError(
        f'the {what} of {name} is indeterminate (nan) at these arguments, although its value '
        f'is finite: srcad returns no nan derivative of a finite value',
        _location_of(fn), INDETERMINATE_HINT)


def _location_of(fn):
    code = getattr(getattr(fn, 'func', fn), '__code__', None)  # (a functools.partial's too)
    return Location(code.co_filename, code.co_firstlineno) if code is not None else None


def refuse_nan_of_finite(what: str, fn, derivative, value, directions=()) -> None:
    """Raise :func:`indeterminate` when ``derivative`` holds a nan where ``value`` (or
    ``value()``, computed only then) is finite, and the ``directions`` (tangents,
    cotangents) it was taken along are finite.  An array derivative of an array value
    of its shape is compared element by element."""
    if not has_nan(derivative) or not all_finite(directions):
        return
    if callable(value):
        value = value()
    if (derivative.__class__ is _ndarray and value.__class__ is _ndarray
            and derivative.shape == value.shape):
        if not (np.isnan(derivative) & np.isfinite(value)).any():
            return
    elif not all_finite(value):
        return
    raise indeterminate(what, fn)


# --- which generated code needs the check: code that cannot make a nan is not checked -----
#: helpers and functions that make finite numbers of finite numbers (the rest may not:
#: division, sqrt, log, exp, powers, special functions...; a name not listed is checked)
_SAFE_CALLS = frozenset((
    'like_input', 'unbroadcast', 'unreduce', 'matmul_dx', 'matmul_dy', 'dot_da', 'dot_db',
    'reduced_size', 'seed', 'pick', 'index_adjoint', 'add_at', 'unstack', 'untranspose',
    'zeros_like_input', 'zero_tangent', 'broadcast_like', 'matmul_tangent', 'clip_mask',
    'extremum_mask', 'shape_of', 'sum', 'len', 'range', 'float', 'int', 'abs', 'slice',
    'np.where', 'np.sum', 'np.tanh', 'np.sin', 'np.cos', 'np.maximum', 'np.minimum',
    'np.abs', 'np.sign', 'np.zeros', 'np.zeros_like', 'np.ones_like', 'np.dot', 'np.matmul',
    'np.outer', 'np.transpose', 'np.reshape', 'np.broadcast_to', 'np.square', 'np.clip',
    'np.concatenate', 'np.stack', 'np.negative', 'np.add', 'np.subtract', 'np.multiply',
    'np.mean', 'np.max', 'np.min', 'np.amax', 'np.amin',
    '.sum', '.reshape', '.copy', '.transpose', '.ravel', '.dot', '.mean', '.max', '.min'))
_CALLED = re.compile(r'(\.?[A-Za-z_][\w.]*)\(')
_POWER = re.compile(r'\*\*\s*(\S+)')


@functools.lru_cache(maxsize=4096)
def plainly_finite(source: str, helpers: tuple, functions: int = 1) -> bool:
    """Whether a generated function (its ``source``, the names of the ``helpers`` it binds,
    how many ``functions`` were generated with it) surely makes no nan of finite numbers:
    only ``+ - *``, whole powers and the calls of :data:`_SAFE_CALLS`.  Such code needs no
    check of its result (the check costs a call of a tiny function a third more).

    >>> plainly_finite('def f_grad(x):\\n    return like_input(2 * x, x)', ('like_input',))
    True
    >>> plainly_finite('def f_grad(x):\\n    return like_input(0.5 / x, x)', ('like_input',))
    False
    """
    if functions != 1 or not set(helpers) <= _SAFE_CALLS:
        return False
    code = '\n'.join(line.split('#', 1)[0] for line in source.splitlines()[1:])
    if '/' in code:  # (a division: the one operator that makes inf of finite numbers)
        return False
    if any(not m.group(1).isdigit() for m in _POWER.finditer(code)):
        return False
    for m in _CALLED.finditer(code):
        name = m.group(1)
        if not name.startswith(('np.', '.')) and '.' in name:
            name = name[name.rindex('.'):]  # (a method: t.sum)
        if name not in _SAFE_CALLS:
            return False
    return True
