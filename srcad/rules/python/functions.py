"""Rules of Python's built-in functions on numbers and sequences: ``sum``,
``max``, ``min``, ``abs``, ``list``, ``tuple``..."""

import builtins
import numpy as np

# the helper modules whose functions this module's templates call (importing registers them)
from ..elementwise import complex, kinks  # noqa: F401
from ..reductions import helpers as reductions_helpers  # noqa: F401
from ..shapes import helpers as shapes_helpers, tangents  # noqa: F401
from ...runtime.objects import plain_operand
from ..registry import adjoint, nondifferentiable, register_helpers
from ..rule import JOINT
from ...runtime.joins import summed_tangent


def summed_length(x):
    """``len(x)`` of what ``sum(x)`` added up: a list, a tuple or an array (an object
    iterated by its own ``__iter__`` is refused: its entries' derivatives are unknown)."""
    t = type(x)
    if t is not list and t is not tuple and t is not np.ndarray:
        plain_operand(x, 'sum(x)', '__iter__')
    return len(x)


register_helpers({'summed_length': summed_length, 'summed_tangent': summed_tangent})
nondifferentiable(summed_length, why='a length')

# --- Python builtins ----------------------------------------------------------
adjoint(builtins.abs, 'x', x='abs_adjoint(g, x)',  # (abs_adjoint refuses a class's own __abs__)
        forward='elementwise', tangent={'x': 'abs_tangent(dot, x)'})

# np.sign: piecewise constant for reals; a complex value's sign is refused when it runs
adjoint(np.sign, 'x', x='sign_adjoint(g, x)', forward='elementwise',
        tangent={'x': 'sign_tangent_kink(dot, x)'})  # (sign'(0): srcad.rules.elementwise.kinks)
adjoint(builtins.sum, 'iterable, start=0',
        iterable='unarray(np.broadcast_to(g, (summed_length(iterable),) + np.shape(g)), '
                 'iterable)',
        start='g', forward='linear',  # (tangents added as the values were: a range's none)
        tangent={JOINT: 'summed_tangent(iterable__dot, start__dot, iterable, start, ans)'})
adjoint(builtins.float, 'x', x='g', forward='elementwise')
adjoint(builtins.pow, 'base, exp, mod=None',
        base='unbroadcast(g * exp * base ** (exp - 1), base)',
        exp='unbroadcast(power_log_term(g, ans, base, exp), exp)', forward='elementwise',
        constants=dict(mod='an integer modulus (pow with three arguments takes integers)'))
for fn in (builtins.max, builtins.min):   # max(a, b, ...) or max(iterable)
    adjoint(fn, 'a, b=None, c=None, d=None, *, key=None, default=None',
            **{x: f'extreme_adjoint(g, ans, {i}, a, b, c, d)' for i, x in enumerate('abcd')},
            tangent={'a': 'extreme_tangent_kink(dot, ans, 0, a, b, c, d)',
                     'b': 'extreme_tangent_kink(dot, ans, 1, a, b, c, d)',
                     'c': 'extreme_tangent_kink(dot, ans, 2, a, b, c, d)',
                     'd': 'extreme_tangent_kink(dot, ans, 3, a, b, c, d)'})
