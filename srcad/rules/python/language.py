"""Rules for the Python language itself: element writes, list building,
``math`` on floats, and :func:`stop_gradient`.

Element writes ``x[i] = v`` and ``xs.append(v)`` are normalized into calls
of :func:`srcad.runtime.setitem` and :func:`srcad.runtime.list_append`, so
they are differentiated by ordinary rules like any other call.
"""

import math

from ... import runtime
from ..elementwise import kinks  # noqa: F401  (abs_tangent)
from ...runtime.singular import keep_zero
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
nondifferentiable(runtime.inplace_check)  # NumPy's checks of x[i] op= v (shape, same_kind cast)
# x op= v is x = inplace_result(x op v, x, op): x op v cast back to x's dtype (a rounding,
# derivative 1; the adjoint is read in the dtype it arrives in, cast by like_input in the end)
IN_PLACE = {'inplace_tangent': runtime.inplace_tangent}
adjoint(runtime.inplace_result, 't, x, op', IN_PLACE, t='g',
        tangent={'t': 'inplace_tangent(dot, x)'},
        constants=dict(x="only its shape and dtype are read (its derivative flows through t)",
                       op='an operator'))
adjoint(runtime.inplace_tangent, 'dot, x', IN_PLACE, dot='g',
        tangent={'dot': 'inplace_tangent(dot, x)'}, constants=dict(x='only its dtype is read'))
nondifferentiable(runtime.diagonal_index)  # an index
nondifferentiable(runtime.writes_back)  # whether x[i] changed in place shows in x: a bool
nondifferentiable(runtime.views)  # whether x[i] is a view of x's data: a bool
nondifferentiable(runtime.same_object)  # whether z is y (a change through z shows in y)
nondifferentiable(runtime.iterated_itself)  # a check: no value, no derivative

# x[idx] = v: the old x[idx] no longer reaches the output; v's adjoint is read there.
# (x[i] = v into an array of integers truncates v: the adjoint and the tangent read the
# dtype of the array written, ans, when the code runs; srcad.runtime.dtypes)
adjoint(runtime.setitem, 'x, idx, v',
        x='zero_at(g, idx)', v='value_adjoint(g, idx, v, ans)', forward='linear',
        tangent={JOINT: 'setitem_tangent(x__dot, idx, v__dot, ans)'},
        namespace={'setitem_tangent': setitem_tangent})
# a gradient's own copy of its container arguments (before it changes them in place)
adjoint(runtime.copy_containers, 'x', x='g', forward=('linear', 'x'))
# xs.append(x): the last entry of the list's adjoint belongs to x.
adjoint(runtime.list_append, 'xs, x', xs='unappend(g, len(g) - 1)', x='g[-1]', forward='linear')

# (Python floats divide by zero with an exception: the singular ones compute in NumPy's
# float64, inf or nan as np.sqrt's rule gives, kept at zero where the adjoint is: keep_zero)
MATH = {
    math.exp: 'g * ans', math.expm1: 'g * (ans + 1.0)',
    math.log1p: 'keep_zero(g, g / (1.0 + np.float64(x)))',
    math.log2: 'keep_zero(g, g / (np.float64(x) * 0.6931471805599453))',
    math.log10: 'keep_zero(g, g / (np.float64(x) * 2.302585092994046))',
    math.sqrt: 'keep_zero(g, g / (2.0 * np.float64(ans)))',
    math.sin: 'g * math.cos(x)', math.cos: '-g * math.sin(x)',
    math.tan: 'g * (1.0 + ans * ans)', math.atan: 'g / (1.0 + x * x)',
    math.asin: 'keep_zero(g, g / np.sqrt(1.0 - np.float64(x) * x))',
    math.acos: 'keep_zero(g, -g / np.sqrt(1.0 - np.float64(x) * x))',
    math.sinh: 'g * math.cosh(x)', math.cosh: 'g * math.sinh(x)',
    math.tanh: 'g * (1.0 - ans * ans)', math.asinh: 'g / math.sqrt(x * x + 1.0)',
    math.acosh: 'keep_zero(g, g / np.sqrt(np.float64(x) * x - 1.0))',
    math.atanh: 'keep_zero(g, g / (1.0 - np.float64(x) * x))',
    math.fabs: 'abs_adjoint(g, x)', math.erf: 'g * 1.1283791670955126 * math.exp(-x * x)',
    math.erfc: '-g * 1.1283791670955126 * math.exp(-x * x)',
    math.degrees: 'g * 57.29577951308232', math.radians: 'g * 0.017453292519943295',
}
# their tangents at a kink (exactly 0) in second order: srcad.rules.elementwise.kinks
MATH_TANGENTS = {math.fabs: 'abs_tangent(dot, x)'}
for fn, text in MATH.items():
    adjoint(fn, 'x', namespace={'math': math, 'keep_zero': keep_zero}, x=text,
            forward='elementwise',
            **(dict(tangent={'x': MATH_TANGENTS[fn]}) if fn in MATH_TANGENTS else {}))
adjoint(math.pow, 'x, y', namespace={'math': math, 'keep_zero': keep_zero},
        x='keep_zero(g, g * y * np.float64(x) ** (y - 1.0))',
        y='g * ans * math.log(x) if x > 0 else 0.0',
        forward='elementwise')
adjoint(math.atan2, 'y, x', namespace={'keep_zero': keep_zero},
        y='keep_zero(g, g * x / np.float64(x * x + y * y))',
        x='keep_zero(g, -g * y / np.float64(x * x + y * y))', forward='elementwise')
adjoint(math.log, 'x, base=None', namespace={'math': math, 'keep_zero': keep_zero},
        x='keep_zero(g, g / np.float64(x) if base is None else '
          'g / (np.float64(x) * math.log(base)))',
        base='-g * ans / (base * math.log(base))', forward='elementwise')
adjoint(math.hypot, 'x=None, y=None, z=None, w=None',  # (up to four coordinates)
        **{c: f'g * {c} / ans if ans != 0 else 0.0' for c in 'xyzw'}, forward='elementwise')
adjoint(math.copysign, 'x, y', x='g * math.copysign(1.0, x) * math.copysign(1.0, ans)',
        namespace={'math': math}, forward='elementwise',
        constants=dict(y='only its sign is read (piecewise constant)'))
nondifferentiable(math.floor, math.ceil, math.trunc, math.isnan, math.isinf,
                  math.isfinite, math.factorial, math.gcd)
