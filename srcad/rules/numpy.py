"""Rules of NumPy's elementwise functions and reductions, of ndarray methods,
and of Python builtins, one line of math each.

Importing this module also registers the rules of shape and product
functions (:mod:`.shapes`), ``np.linalg`` (:mod:`.linalg`), ``np.fft``
(:mod:`.fft`) and, when SciPy is installed, ``scipy.special`` and
``scipy.linalg`` (:mod:`.scipy_special`, :mod:`.scipy_linalg`).

Conventions:

* Ties share equally: ``np.maximum(x, y)`` gives each of ``x`` and ``y`` half
  of the adjoint where they are equal, and ``np.max`` splits its adjoint
  equally among the elements that attain the maximum (also ``min``, ``ptp``,
  ``fmax``, ``fmin``, the ``inf`` norms).
* ``abs'(0) = 0`` (``np.sign``), a norm at 0 and ``np.std`` of a constant
  slice have gradient 0: all are subgradients.
* Order statistics (``median``, ``quantile``, ``sort``) send the adjoint to
  the element(s) that hold the chosen rank; among exactly tied elements one
  receives it.
* Adjoints keep float32 float32: every constant in a rule is a Python float.
* Complex numbers: for a real loss ``L`` the adjoint of a complex ``z`` is
  ``dL/dRe(z) - 1j * dL/dIm(z)``, so holomorphic functions use their plain
  derivative (``g * np.cos(x)`` for ``np.sin``) and ``np.conj`` maps
  ``g`` to ``np.conj(g)``.
* Functions with several outputs receive ``g`` as a tuple of adjoints in
  which ``0.0`` means "no adjoint" (see :func:`.helpers.entry`).
"""

import builtins

import numpy as np

from .. import runtime
from . import helpers, helpers_complex, helpers_shapes  # noqa: F401  (register helpers)
from .registry import adjoint, attribute, method, nondifferentiable

# --- elementwise -----------------------------------------------------------
UNARY = {
    np.exp: 'g * ans',
    np.exp2: 'g * ans * LN2',
    np.expm1: 'g * (ans + 1)',
    np.log: 'g / x',
    np.log1p: 'g / (1 + x)',
    np.log2: 'g / (x * LN2)',
    np.log10: 'g / (x * LN10)',
    np.sqrt: 'g / (2 * ans)',
    np.cbrt: 'g / (3 * ans * ans)',
    np.square: 'g * 2 * x',
    np.reciprocal: '-g * ans * ans',
    np.sin: 'g * np.cos(x)',
    np.cos: '-g * np.sin(x)',
    np.tan: 'g * (1 + ans * ans)',
    np.arcsin: 'g / np.sqrt(1 - x * x)',
    np.arccos: '-g / np.sqrt(1 - x * x)',
    np.arctan: 'g / (1 + x * x)',
    np.sinh: 'g * np.cosh(x)',
    np.cosh: 'g * np.sinh(x)',
    np.tanh: 'g * (1 - ans * ans)',
    np.arcsinh: 'g / np.sqrt(x * x + 1)',
    np.arccosh: 'g / np.sqrt(x * x - 1)',
    np.arctanh: 'g / (1 - x * x)',
    np.absolute: 'abs_adjoint(g, x)',  # (helpers_complex: its own second derivative)
    np.fabs: 'g * np.sign(x)',
    np.deg2rad: 'g * (np.pi / 180)',
    np.rad2deg: 'g * (180 / np.pi)',
    np.radians: 'g * (np.pi / 180)',
    np.degrees: 'g * (180 / np.pi)',
    np.sinc: 'sinc_adjoint(g, x)',
    np.conj: 'np.conj(g)',
    np.real: 'g',
    np.imag: 'imag_adjoint(g, x)',
}
for fn, text in UNARY.items():
    adjoint(fn, 'x', x=text)
adjoint(np.angle, 'z, deg=False', z='angle_adjoint(g, z, deg)')
adjoint(np.nan_to_num, 'x, copy=True, nan=0.0, posinf=None, neginf=None',
        x='np.where(np.isfinite(x), g, 0)')

BINARY = {
    np.maximum: dict(x='unbroadcast(pick(g, x, y, ans), x)', y='unbroadcast(pick(g, y, x, ans), y)'),
    # (at x = y = 0, a kink: 0, as abs'(0); ans + (ans == 0) avoids 0 / 0)
    np.hypot: dict(x='unbroadcast(g * x / (ans + (ans == 0)), x)',
                   y='unbroadcast(g * y / (ans + (ans == 0)), y)'),
    np.arctan2: dict(x='unbroadcast(g * y / (x * x + y * y), x)',
                     y='unbroadcast(-g * x / (x * x + y * y), y)'),
    np.logaddexp: dict(x='unbroadcast(g * np.exp(x - ans), x)',
                       y='unbroadcast(g * np.exp(y - ans), y)'),
    np.logaddexp2: dict(x='unbroadcast(g * np.exp2(x - ans), x)',
                        y='unbroadcast(g * np.exp2(y - ans), y)'),
    np.fmod: dict(x='unbroadcast(g, x)', y='unbroadcast(-g * np.trunc(x / y), y)'),
    np.copysign: dict(x='unbroadcast(g * np.sign(x) * np.sign(ans), x)'),
    np.ldexp: dict(x='unbroadcast(np.ldexp(g, y), x)'),
}
for fn in (np.minimum, np.fmax, np.fmin):
    BINARY[fn] = BINARY[np.maximum]
for fn, rules in BINARY.items():
    adjoint(fn, 'x, y', **rules)

adjoint(np.divmod, 'x, y', x='unbroadcast(entry(g, 1, ans[1]), x)',
        y='unbroadcast(-entry(g, 1, ans[1]) * ans[0], y)')
adjoint(np.modf, 'x', x='entry(g, 0, x)')
adjoint(np.frexp, 'x', x='np.ldexp(entry(g, 0, x), -ans[1])')
adjoint(np.clip, 'a, a_min=None, a_max=None, out=None',
        a='g * clip_mask(a, a_min, a_max)',
        a_min='unbroadcast(g * (a < a_min), a_min)',
        a_max='unbroadcast(g * (a > a_max), a_max)')
adjoint(np.where, 'condition, x, y',
        x='unbroadcast(np.where(condition, g, 0), x)',
        y='unbroadcast(np.where(condition, 0, g), y)')
adjoint(np.select, 'condlist, choicelist, default=0',
        choicelist='unselect(g, condlist, choicelist)',
        default='unselect_default(g, condlist, default)')

# --- reductions ------------------------------------------------------------
REDUCE = 'a, axis=None, dtype=None, out=None, keepdims=False'
EXTREMUM = 'a, axis=None, out=None, keepdims=False'
VARIANCE = 'a, axis=None, dtype=None, out=None, ddof=0, keepdims=False'
adjoint(np.sum, REDUCE, a='unreduce(g, a, axis, keepdims)')
adjoint(np.mean, REDUCE, a='unreduce(g / reduced_size(a, axis), a, axis, keepdims)')
adjoint(np.prod, REDUCE, a='unreduce(g, a, axis, keepdims) * prod_others(a, axis)')
for fn in (np.max, np.min, np.amax, np.amin, np.nanmax, np.nanmin):
    adjoint(fn, EXTREMUM,
            a='unreduce(g, a, axis, keepdims) * extremum_share(a, ans, axis, keepdims)')
adjoint(np.ptp, EXTREMUM, a='unreduce(g, a, axis, keepdims) * ptp_share(a, axis)')
adjoint(np.var, VARIANCE,
        a='unreduce(2 * g / (reduced_size(a, axis) - ddof), a, axis, keepdims)'
          ' * (a - np.mean(a, axis=axis, keepdims=True))')
adjoint(np.std, VARIANCE,
        a='unreduce(g / ((reduced_size(a, axis) - ddof) * np.where(ans == 0, np.inf, ans)),'
          ' a, axis, keepdims)'
          ' * (a - np.mean(a, axis=axis, keepdims=True))')
adjoint(np.nansum, REDUCE, a='np.where(np.isnan(a), 0, unreduce(g, a, axis, keepdims))')
adjoint(np.nanmean, REDUCE,
        a='np.where(np.isnan(a), 0, unreduce(g, a, axis, keepdims) / count_valid(a, axis))')
adjoint(np.nanprod, REDUCE, a='nanprod_adjoint(g, a, axis, keepdims)')
adjoint(np.nanvar, VARIANCE,
        a='np.where(np.isnan(a), 0, unreduce(2 * g, a, axis, keepdims)'
          ' * (a - np.nanmean(a, axis=axis, keepdims=True)) / (count_valid(a, axis) - ddof))')
adjoint(np.nanstd, VARIANCE,
        a='np.where(np.isnan(a), 0, unreduce(g / np.where(ans == 0, np.inf, ans), a, axis, keepdims)'
          ' * (a - np.nanmean(a, axis=axis, keepdims=True)) / (count_valid(a, axis) - ddof))')
adjoint(np.average, 'a, axis=None, weights=None, returned=False, *, keepdims=False',
        a='average_adjoint(g, a, axis, weights, returned, keepdims, 0)',
        weights='average_adjoint(g, a, axis, weights, returned, keepdims, 1)')
MEDIAN = 'a, axis=None, out=None, overwrite_input=False, keepdims=False'
adjoint(np.median, MEDIAN, a='median_adjoint(g, a, axis, keepdims)')
adjoint(np.nanmedian, MEDIAN, a='median_adjoint(g, a, axis, keepdims, True)')
QUANTILE = 'a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False'
adjoint(np.quantile, QUANTILE, a='quantile_adjoint(g, a, q, axis, keepdims, method)')
adjoint(np.nanquantile, QUANTILE, a='quantile_adjoint(g, a, q, axis, keepdims, method, True)')
adjoint(np.percentile, QUANTILE, a='percentile_adjoint(g, a, q, axis, keepdims, method)')
adjoint(np.nanpercentile, QUANTILE,
        a='percentile_adjoint(g, a, q, axis, keepdims, method, True)')

CUMULATE = 'a, axis=None, dtype=None, out=None'
adjoint(np.cumsum, CUMULATE, a='uncumsum(g, a, axis)')
adjoint(np.cumprod, CUMULATE, a='uncumprod(g, a, ans, axis)')
adjoint(np.nancumsum, CUMULATE, a='np.where(np.isnan(a), 0, uncumsum(g, a, axis))')
adjoint(np.nancumprod, CUMULATE,
        a='np.where(np.isnan(a), 0, uncumprod(g, np.where(np.isnan(a), 1, a), ans, axis))')
CUMULATIVE = 'x, /, *, axis=None, dtype=None, out=None, include_initial=False'
adjoint(np.cumulative_sum, CUMULATIVE, x='uncumulative_sum(g, x, axis, include_initial)')
adjoint(np.cumulative_prod, CUMULATIVE,
        x='uncumulative_prod(g, x, ans, axis, include_initial)')
adjoint(np.diff, 'a, n=1, axis=-1, prepend=None, append=None',
        a='undiff_parts(g, a, n, axis, prepend, append)[1]',
        prepend='undiff_parts(g, a, n, axis, prepend, append)[0]',
        append='undiff_parts(g, a, n, axis, prepend, append)[2]')
# linear in the sampled values; the sample points and spacings have no rule (constants)
adjoint(np.trapezoid, 'y, x=None, dx=1.0, axis=-1', y='trapezoid_adjoint(g, y, x, dx, axis)')
adjoint(np.gradient, 'f, *varargs, axis=None, edge_order=1',
        f='gradient_adjoint(g, f, varargs, axis, edge_order)')
adjoint(np.ediff1d, 'ary, to_end=None, to_begin=None',
        ary='unediff1d(g, ary, to_end, to_begin)[0]',
        to_end='unediff1d(g, ary, to_end, to_begin)[1]',
        to_begin='unediff1d(g, ary, to_end, to_begin)[2]')
adjoint(np.sort, 'a, axis=-1, kind=None, order=None, *, stable=None',
        a='unpermute(g, a, ans, axis)')
adjoint(np.partition, 'a, kth, axis=-1, kind="introselect", order=None',
        a='unpermute(g, a, ans, axis)')

# --- Python builtins ----------------------------------------------------------
adjoint(builtins.abs, 'x', x='abs_adjoint(g, x)')
# np.sign: piecewise constant for reals; a complex value's sign is refused when it runs
adjoint(np.sign, 'x', x='sign_adjoint(g, x)')
adjoint(builtins.sum, 'iterable, start=0',
        iterable='unarray(np.broadcast_to(g, (len(iterable),) + np.shape(g)), iterable)',
        start='g')
adjoint(builtins.float, 'x', x='g')
adjoint(builtins.pow, 'base, exp, mod=None',
        base='unbroadcast(g * exp * base ** (exp - 1), base)',
        exp='unbroadcast(power_log_term(g, ans, base, exp), exp)')
for fn in (builtins.max, builtins.min):   # max(a, b, ...) or max(iterable)
    adjoint(fn, 'a, b=None, c=None, d=None, *, key=None, default=None',
            **{x: f'extreme_adjoint(g, ans, {i}, a, b, c, d)' for i, x in enumerate('abcd')})
for fn in (builtins.list, builtins.tuple):
    adjoint(fn, 'iterable=()', iterable='unlist(g, iterable)')

# --- the rest of the library ----------------------------------------------------
from . import shapes, linalg, fft  # noqa: E402,F401  (SciPy's rules load on demand)

# --- methods and attributes of arrays: x.sum() means np.sum(x) ---------------
for name, fn in {
    'sum': np.sum, 'mean': np.mean, 'prod': np.prod, 'max': np.max, 'min': np.min,
    'var': np.var, 'std': np.std, 'dot': np.dot, 'clip': np.clip, 'copy': np.copy,
    'ravel': np.ravel, 'flatten': np.ravel, 'reshape': runtime.reshape_method,
    'transpose': runtime.transpose_method, 'astype': runtime.astype,
    'cumsum': np.cumsum, 'cumprod': np.cumprod, 'squeeze': np.squeeze,
    'swapaxes': np.swapaxes, 'repeat': np.repeat, 'take': np.take, 'trace': np.trace,
    'diagonal': np.diagonal, 'conj': np.conj, 'conjugate': np.conjugate,
    'compress': helpers_shapes.compress_method, 'item': helpers_shapes.item,
    'argmax': np.argmax, 'argmin': np.argmin, 'argsort': np.argsort,
    'argpartition': np.argpartition, 'nonzero': np.nonzero, 'round': np.round,
    'all': np.all, 'any': np.any, 'searchsorted': np.searchsorted,
}.items():
    method(name, fn)
attribute('T', np.transpose)
attribute('mT', np.matrix_transpose)
attribute('real', np.real)
attribute('imag', np.imag)
for name in ('shape', 'ndim', 'size', 'dtype'):
    attribute(name, getattr(np, name) if name != 'dtype' else np.result_type)

nondifferentiable(
    np.argmax, np.argmin, np.argsort, np.argpartition, np.nanargmax, np.nanargmin,
    np.argwhere, np.lexsort, np.signbit, np.floor, np.ceil, np.round, np.around,
    np.rint, np.trunc, np.fix, np.spacing, np.gcd, np.lcm,
    np.shape, np.ndim, np.size, np.result_type, np.broadcast_shapes, np.promote_types,
    np.can_cast, np.issubdtype, np.iscomplexobj, np.isrealobj, np.isscalar,
    np.iscomplex, np.isreal, np.zeros_like, np.ones_like, np.empty_like,
    np.zeros, np.ones, np.empty, np.eye, np.identity, np.tri, np.indices, np.tril_indices,
    np.triu_indices, np.diag_indices, np.unravel_index, np.ravel_multi_index,
    np.isnan, np.isinf, np.isfinite, np.isposinf, np.isneginf, np.allclose, np.isclose,
    np.array_equal, np.array_equiv, np.logical_and, np.logical_or, np.logical_not,
    np.logical_xor, np.equal, np.not_equal, np.less, np.less_equal, np.greater,
    np.greater_equal, np.any, np.all, np.count_nonzero, np.nonzero, np.flatnonzero,
    np.searchsorted, np.digitize, np.isin, np.bitwise_and, np.bitwise_or,
    np.bitwise_xor, np.invert, np.left_shift, np.right_shift, np.linalg.matrix_rank,
    builtins.len, builtins.range, builtins.isinstance, builtins.print, builtins.round)
# np.full, np.linspace, np.heaviside... take values, and int(x), bool(x) are casts:
# their rules are in srcad.rules.values
# (enumerate, zip, reversed, sorted move values: srcad.rules.iteration routes them)
