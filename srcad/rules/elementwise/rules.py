"""Rules of NumPy's elementwise functions, one line of math each.

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
  which ``0.0`` means "no adjoint" (see :func:`srcad.rules.reductions.helpers.entry`).
"""

import numpy as np

# the helper modules whose functions this module's templates call (importing registers them)
from .. import tangents as shared_tangents  # noqa: F401
from ..shapes import helpers as shapes_helpers  # noqa: F401
from ..shapes import value_helpers  # noqa: F401  (np.nan_to_num's)
from . import complex, helpers, kinks, singular, tangents  # noqa: F401  (singular: keep_zero)
from ..reductions import ties  # noqa: F401  (clip_adjoint)
from ..registry import adjoint

# --- elementwise -----------------------------------------------------------
UNARY = {
    np.exp: 'keep_zero(g, g * ans)',  # (keep_zero: a zero adjoint stays zero where ans is inf)
    np.exp2: 'keep_zero(g, g * ans * LN2)',
    np.expm1: 'keep_zero(g, g * (ans + 1))',
    np.log: 'keep_zero(g, g / x)',
    np.log1p: 'keep_zero(g, g / (1 + x))',
    np.log2: 'keep_zero(g, g / (x * LN2))',
    np.log10: 'keep_zero(g, g / (x * LN10))',
    np.sqrt: 'keep_zero(g, g / (2 * ans))',
    np.cbrt: 'keep_zero(g, g / (3 * ans * ans))',
    np.square: 'g * 2 * x',
    np.reciprocal: 'keep_zero(g, -g * ans * ans)',
    np.sin: 'g * np.cos(x)',
    np.cos: '-g * np.sin(x)',
    np.tan: 'g * (1 + ans * ans)',
    np.arcsin: 'keep_zero(g, g / np.sqrt(1 - x * x))',
    np.arccos: 'keep_zero(g, -g / np.sqrt(1 - x * x))',
    np.arctan: 'g / (1 + x * x)',
    np.sinh: 'keep_zero(g, g * np.cosh(x))',
    np.cosh: 'keep_zero(g, g * np.sinh(x))',
    np.tanh: 'g * (1 - ans * ans)',
    np.arcsinh: 'g / np.sqrt(x * x + 1)',
    np.arccosh: 'keep_zero(g, g / np.sqrt(x * x - 1))',
    np.arctanh: 'keep_zero(g, g / (1 - x * x))',
    np.absolute: 'abs_adjoint(g, x)',  # (helpers_complex: its own second derivative)
    np.fabs: 'abs_adjoint(g, x)',  # (its second derivative at 0: kinks)
    np.deg2rad: 'g * (np.pi / 180)',
    np.rad2deg: 'g * (180 / np.pi)',
    np.radians: 'g * (np.pi / 180)',
    np.degrees: 'g * (180 / np.pi)',
    np.sinc: 'sinc_adjoint(g, x)',
    np.conj: 'np.conj(g)',
    np.real: 'g',
    np.imag: 'imag_adjoint(g, x)',
}

#: the rest of the entries of the loop below: forward rules, methods, facts
UNARY_ENTRIES = {
    np.absolute: dict(tangent={'x': 'abs_tangent(dot, x)'}),  # (refuses __abs__; kinks)
    np.fabs: dict(tangent={'x': 'abs_tangent(dot, x)'}),
    np.conjugate: dict(method=('conj', 'conjugate')),
    np.real: dict(tangent={'x': 'np.real(dot)'}),
    np.imag: dict(tangent={'x': 'np.imag(dot)'}),
}
for fn, text in UNARY.items():
    adjoint(fn, 'x', x=text,
            forward='elementwise',
            **UNARY_ENTRIES.get(fn, {}))
adjoint(np.angle, 'z, deg=False', z='angle_adjoint(g, z, deg)',
        tangent={'z': 'np.imag(dot / np.where(z == 0, 1, z)) * (180 / np.pi if deg else 1.0)'})
# each replacement value receives the adjoint of the elements it replaced
_REPLACED = ('nan', 'posinf', 'neginf')
adjoint(np.nan_to_num, 'x, copy=True, nan=0.0, posinf=None, neginf=None',
        x='nan_to_num_x_adjoint(g, x)',
        **{p: f'nan_to_num_adjoint(g, x, {p!r})' for p in _REPLACED},
        forward='elementwise',
        tangent=dict(x='nan_to_num_x_tangent(dot, x)',
                     **{p: f'nan_to_num_tangent(dot, x, {p!r})' for p in _REPLACED}))
BINARY = {
    np.maximum: dict(x='unbroadcast(pick(g, x, y, ans), x)', y='unbroadcast(pick(g, y, x, ans), y)',
                     tangent={'x': 'pick_tangent(dot, x, y, ans)',
                              'y': 'pick_tangent(dot, y, x, ans)'}),  # (ties: kinks)
    # (at x = y = 0, a kink: 0, as abs'(0); ans + (ans == 0) avoids 0 / 0)
    np.hypot: dict(x='unbroadcast(hypot_adjoint(g, x, ans), x)',
                   y='unbroadcast(hypot_adjoint(g, y, ans), y)',
                   tangent={'x': 'hypot_tangent(dot, 0.0, x, y, ans)',
                            'y': 'hypot_tangent(0.0, dot, x, y, ans)'}),
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
# the parameters of BINARY's functions that carry no derivative
BINARY_CONSTANTS = {np.copysign: dict(y='only its sign is read (piecewise constant)'),
                    np.ldexp: dict(y='an integer exponent')}
for fn, rules in BINARY.items():
    adjoint(fn, 'x, y', **rules, forward='elementwise', constants=BINARY_CONSTANTS.get(fn))
adjoint(np.divmod, 'x, y', x='unbroadcast(entry(g, 1, ans[1]), x)',
        y='unbroadcast(-entry(g, 1, ans[1]) * ans[0], y)',
        tangent={'x': 'divmod_tangent(dot, ans, 0)', 'y': 'divmod_tangent(dot, ans, 1)'})
adjoint(np.modf, 'x', x='entry(g, 0, x)',
        tangent={'x': 'TangentTuple((dot, zero_tangent(ans[1])))'})
adjoint(np.frexp, 'x', x='np.ldexp(entry(g, 0, x), -ans[1])',
        tangent={'x': 'TangentTuple((np.ldexp(dot, -ans[1]), zero_tangent(ans[1])))'})
# (NumPy 2's min= and max= too; the tangents keep their shapes: no broadcast_like)
adjoint(np.clip, 'a, a_min=None, a_max=None, out=None, *, min=None, max=None',
        a='clip_adjoint(g, a, a_min if min is None else min, a_max if max is None else max)',
        a_min='unbroadcast(g * ((a < a_min) + 0.5 * (a == a_min)), a_min)',  # (at a bound:
        a_max='unbroadcast(g * ((a > a_max) + 0.5 * (a == a_max)), a_max)',  # half, ties.py)
        min='unbroadcast(g * ((a < min) + 0.5 * (a == min)), min)',
        max='unbroadcast(g * ((a > max) + 0.5 * (a == max)), max)',
        forward='pointwise', method='clip',
        tangent={'a': 'clip_tangent(dot, a, a_min if min is None else min, '
                      'a_max if max is None else max)'})  # (at a bound: kinks)
adjoint(np.where, 'condition, x, y',
        x='unbroadcast(np.where(condition, g, 0), x)',
        y='unbroadcast(np.where(condition, 0, g), y)', forward='elementwise')
adjoint(np.select, 'condlist, choicelist, default=0',
        choicelist='unselect(g, condlist, choicelist)',
        default='unselect_default(g, condlist, default)', forward='linear')
