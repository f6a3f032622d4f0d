"""Rules of NumPy functions and ndarray methods, one line of math each.

Conventions: at a kink the derivative is the average of the two sides where
that is natural (``maximum``/``minimum`` split ties, ``max``/``min`` share
the adjoint among tied elements) and 0 for ``abs`` at 0 (``np.sign``).
"""

import builtins

import numpy as np

from .. import runtime
from .registry import adjoint, attribute, method, nondifferentiable

# --- elementwise -----------------------------------------------------------
UNARY = {
    np.exp: 'g * ans',
    np.exp2: 'g * ans * np.log(2)',
    np.expm1: 'g * (ans + 1)',
    np.log: 'g / x',
    np.log1p: 'g / (1 + x)',
    np.log2: 'g / (x * np.log(2))',
    np.log10: 'g / (x * np.log(10))',
    np.sqrt: 'g / (2 * ans)',
    np.cbrt: 'g / (3 * ans ** 2)',
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
    np.absolute: 'g * np.sign(x)',
    np.fabs: 'g * np.sign(x)',
    np.deg2rad: 'g * (np.pi / 180)',
    np.rad2deg: 'g * (180 / np.pi)',
    np.sinc: 'g * np.where(x == 0, 0.0, (np.cos(np.pi * x) - ans) / np.where(x == 0, 1, x))',
}
for fn, text in UNARY.items():
    adjoint(fn, 'x', x=text)
adjoint(np.radians, 'x', x=UNARY[np.deg2rad])
adjoint(np.degrees, 'x', x=UNARY[np.rad2deg])
adjoint(builtins.abs, 'x', x='g * np.sign(x)')

adjoint(np.maximum, 'x, y',
        x='unbroadcast(g * ((x > y) + 0.5 * (x == y)), x)',
        y='unbroadcast(g * ((y > x) + 0.5 * (x == y)), y)')
adjoint(np.minimum, 'x, y',
        x='unbroadcast(g * ((x < y) + 0.5 * (x == y)), x)',
        y='unbroadcast(g * ((y < x) + 0.5 * (x == y)), y)')
adjoint(np.clip, 'a, a_min=None, a_max=None',
        a='g * clip_mask(a, a_min, a_max)',
        a_min='unbroadcast(g * (a < a_min), a_min)',
        a_max='unbroadcast(g * (a > a_max), a_max)')
adjoint(np.where, 'condition, x, y',
        x='unbroadcast(np.where(condition, g, 0), x)',
        y='unbroadcast(np.where(condition, 0, g), y)')
adjoint(np.hypot, 'x, y', x='unbroadcast(g * x / ans, x)', y='unbroadcast(g * y / ans, y)')
adjoint(np.arctan2, 'x1, x2',
        x1='unbroadcast(g * x2 / (x1 * x1 + x2 * x2), x1)',
        x2='unbroadcast(-g * x1 / (x1 * x1 + x2 * x2), x2)')
adjoint(np.logaddexp, 'x, y',
        x='unbroadcast(g * np.exp(x - ans), x)', y='unbroadcast(g * np.exp(y - ans), y)')

# --- reductions ------------------------------------------------------------
REDUCE = 'a, axis=None, dtype=None, keepdims=False'
adjoint(np.sum, REDUCE, a='unreduce(g, a, axis, keepdims)')
adjoint(np.mean, REDUCE, a='unreduce(g / reduced_size(a, axis), a, axis, keepdims)')
adjoint(np.prod, REDUCE, a='unreduce(g, a, axis, keepdims) * prod_others(a, axis)')
for fn in (np.max, np.min, np.amax, np.amin):
    adjoint(fn, 'a, axis=None, keepdims=False',
            a='unreduce(g, a, axis, keepdims) * extremum_mask(a, ans, axis, keepdims)')
adjoint(np.var, 'a, axis=None, dtype=None, ddof=0, keepdims=False',
        a='unreduce(2 * g / (reduced_size(a, axis) - ddof), a, axis, keepdims)'
          ' * (a - np.mean(a, axis=axis, keepdims=True))')
adjoint(np.std, 'a, axis=None, dtype=None, ddof=0, keepdims=False',
        a='unreduce(g / ((reduced_size(a, axis) - ddof) * ans), a, axis, keepdims)'
          ' * (a - np.mean(a, axis=axis, keepdims=True))')
adjoint(builtins.sum, 'iterable, start=0', iterable='unarray(np.broadcast_to(g, (len(iterable),) + np.shape(g)), iterable)',
        start='g')

# --- products and shapes ---------------------------------------------------
adjoint(np.dot, 'a, b', a='dot_da(g, a, b)', b='dot_db(g, a, b)')
adjoint(np.transpose, 'a, axes=None', a='untranspose(g, axes)')
adjoint(np.reshape, 'a, shape=None, order="C"', a='np.reshape(g, np.shape(a))')
adjoint(np.ravel, 'a, order="C"', a='np.reshape(g, np.shape(a))')
adjoint(np.array, 'object, dtype=None, copy=True', object='unarray(g, object)')
adjoint(np.asarray, 'a, dtype=None', a='unarray(g, a)')
adjoint(np.copy, 'a', a='g')
adjoint(np.concatenate, 'arrays, axis=0', arrays='unconcatenate(g, arrays, axis)')
adjoint(np.stack, 'arrays, axis=0', arrays='unstack(g, len(arrays), axis)')
adjoint(runtime.reshape_method, 'a, *shape', a='np.reshape(g, np.shape(a))')
adjoint(runtime.transpose_method, 'a, *axes', a='untranspose(g, axes[0] if len(axes) == 1 else (axes or None))')
adjoint(runtime.astype, 'a, dtype, copy=True', a='uncast(g, a)')
adjoint(builtins.float, 'x', x='g')

# --- methods and attributes of arrays: x.sum() means np.sum(x) ---------------
for name, fn in {
    'sum': np.sum, 'mean': np.mean, 'prod': np.prod, 'max': np.max, 'min': np.min,
    'var': np.var, 'std': np.std, 'dot': np.dot, 'clip': np.clip, 'copy': np.copy,
    'ravel': np.ravel, 'flatten': np.ravel, 'reshape': runtime.reshape_method,
    'transpose': runtime.transpose_method, 'astype': runtime.astype,
    'argmax': np.argmax, 'argmin': np.argmin, 'argsort': np.argsort,
}.items():
    method(name, fn)
attribute('T', np.transpose)
for name in ('shape', 'ndim', 'size', 'dtype'):
    attribute(name, getattr(np, name) if name != 'dtype' else np.result_type)

nondifferentiable(
    np.argmax, np.argmin, np.argsort, np.sign, np.floor, np.ceil, np.round, np.rint,
    np.trunc, np.fix, np.shape, np.ndim, np.size, np.result_type,
    np.zeros_like, np.ones_like, np.empty_like, np.full_like, np.zeros, np.ones,
    np.empty, np.full, np.arange, np.linspace, np.eye, np.identity,
    np.isnan, np.isinf, np.isfinite, np.allclose, np.isclose, np.array_equal,
    np.logical_and, np.logical_or, np.logical_not, np.logical_xor,
    np.equal, np.not_equal, np.less, np.less_equal, np.greater, np.greater_equal,
    np.any, np.all, np.count_nonzero, np.nonzero, np.flatnonzero,
    np.heaviside, np.searchsorted, np.unique, np.bincount, np.digitize,
    builtins.len, builtins.range, builtins.int, builtins.bool, builtins.isinstance,
    builtins.print, builtins.round, builtins.enumerate, builtins.zip,
    builtins.tuple, builtins.list)
