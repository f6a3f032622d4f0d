"""Rules for the Python language itself: element writes, list building,
``math`` on floats, and :func:`stop_gradient`.

Element writes ``x[i] = v`` and ``xs.append(v)`` are normalized into calls
of :func:`srcad.runtime.setitem` and :func:`srcad.runtime.list_append`, so
they are differentiated by ordinary rules like any other call.
"""

import math

from ... import runtime
from ..registry import JOINT, adjoint, nondifferentiable
from ..shapes.value_helpers import setitem_tangent


def stop_gradient(x):
    """``x`` itself, seen by differentiation as a constant.

    >>> import numpy as np
    >>> from srcad import grad, stop_gradient
    >>> def f(x):
    ...     return x * stop_gradient(x)
    >>> grad(f)(3.0)
    3.0
    """
    return x


nondifferentiable(stop_gradient)
nondifferentiable(runtime.array_only)  # a check: no value, no derivative
nondifferentiable(runtime.diagonal_index)  # an index

# x[idx] = v: the old x[idx] no longer reaches the output; v's adjoint is read there.
# (x[i] = v into an array of integers truncates v: the tangent reads the dtype)
adjoint(runtime.setitem, 'x, idx, v',
        x='zero_at(g, idx)', v='value_adjoint(g, idx, v)', forward='linear',
        tangent={JOINT: 'setitem_tangent(x__dot, idx, v__dot, ans)'},
        namespace={'setitem_tangent': setitem_tangent})
# a gradient's own copy of its container arguments (before it changes them in place)
adjoint(runtime.copy_containers, 'x', x='g', forward=('linear', 'x'))
# xs.append(x): the last entry of the list's adjoint belongs to x.
adjoint(runtime.list_append, 'xs, x', xs='unappend(g, len(g) - 1)', x='g[-1]', forward='linear')

MATH = {
    math.exp: 'g * ans', math.expm1: 'g * (ans + 1.0)',
    math.log1p: 'g / (1.0 + x)', math.log2: 'g / (x * 0.6931471805599453)',
    math.log10: 'g / (x * 2.302585092994046)', math.sqrt: 'g / (2.0 * ans)',
    math.sin: 'g * math.cos(x)', math.cos: '-g * math.sin(x)',
    math.tan: 'g * (1.0 + ans * ans)', math.asin: 'g / math.sqrt(1.0 - x * x)',
    math.acos: '-g / math.sqrt(1.0 - x * x)', math.atan: 'g / (1.0 + x * x)',
    math.sinh: 'g * math.cosh(x)', math.cosh: 'g * math.sinh(x)',
    math.tanh: 'g * (1.0 - ans * ans)', math.asinh: 'g / math.sqrt(x * x + 1.0)',
    math.acosh: 'g / math.sqrt(x * x - 1.0)', math.atanh: 'g / (1.0 - x * x)',
    math.fabs: 'g * np.sign(x)', math.erf: 'g * 1.1283791670955126 * math.exp(-x * x)',
    math.erfc: '-g * 1.1283791670955126 * math.exp(-x * x)',
    math.degrees: 'g * 57.29577951308232', math.radians: 'g * 0.017453292519943295',
}
for fn, text in MATH.items():
    adjoint(fn, 'x', namespace={'math': math}, x=text, forward='elementwise')
adjoint(math.pow, 'x, y', namespace={'math': math},
        x='g * y * math.pow(x, y - 1.0)', y='g * ans * math.log(x) if x > 0 else 0.0',
        forward='elementwise')
adjoint(math.atan2, 'y, x', y='g * x / (x * x + y * y)', x='-g * y / (x * x + y * y)',
        forward='elementwise')
adjoint(math.log, 'x, base=None', namespace={'math': math},
        x='g / x if base is None else g / (x * math.log(base))',
        base='-g * ans / (base * math.log(base))', forward='elementwise')
adjoint(math.hypot, 'x=None, y=None, z=None, w=None',  # (up to four coordinates)
        **{c: f'g * {c} / ans if ans != 0 else 0.0' for c in 'xyzw'}, forward='elementwise')
adjoint(math.copysign, 'x, y', x='g * math.copysign(1.0, x) * math.copysign(1.0, ans)',
        namespace={'math': math}, forward='elementwise',
        constants=dict(y='only its sign is read (piecewise constant)'))
nondifferentiable(math.floor, math.ceil, math.trunc, math.isnan, math.isinf,
                  math.isfinite, math.factorial, math.gcd)
