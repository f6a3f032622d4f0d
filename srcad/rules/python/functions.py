"""Rules of Python's built-in functions on numbers and sequences: ``sum``,
``max``, ``min``, ``abs``, ``list``, ``tuple``..."""

import builtins
import numpy as np

# the helper modules whose functions this module's templates call (importing registers them)
from ..elementwise import complex  # noqa: F401
from ..reductions import helpers as reductions_helpers  # noqa: F401
from ..shapes import helpers as shapes_helpers, tangents  # noqa: F401
from ..registry import adjoint

# --- Python builtins ----------------------------------------------------------
adjoint(builtins.abs, 'x', x='abs_adjoint(g, x)',
        forward='elementwise', tangent={'x': 'np.real(dot * np.conj(np.sign(x)))'})

# np.sign: piecewise constant for reals; a complex value's sign is refused when it runs
adjoint(np.sign, 'x', x='sign_adjoint(g, x)', forward='elementwise')
adjoint(builtins.sum, 'iterable, start=0',
        iterable='unarray(np.broadcast_to(g, (len(iterable),) + np.shape(g)), iterable)',
        start='g', forward='linear')
adjoint(builtins.float, 'x', x='g', forward='elementwise')
adjoint(builtins.pow, 'base, exp, mod=None',
        base='unbroadcast(g * exp * base ** (exp - 1), base)',
        exp='unbroadcast(power_log_term(g, ans, base, exp), exp)', forward='elementwise')
for fn in (builtins.max, builtins.min):   # max(a, b, ...) or max(iterable)
    adjoint(fn, 'a, b=None, c=None, d=None, *, key=None, default=None',
            **{x: f'extreme_adjoint(g, ans, {i}, a, b, c, d)' for i, x in enumerate('abcd')},
            tangent={'a': 'extreme_tangent(dot, ans, 0, a, b, c, d)',
                     'b': 'extreme_tangent(dot, ans, 1, a, b, c, d)',
                     'c': 'extreme_tangent(dot, ans, 2, a, b, c, d)',
                     'd': 'extreme_tangent(dot, ans, 3, a, b, c, d)'})
for fn in (builtins.list, builtins.tuple):
    adjoint(fn, 'iterable=()', iterable='unlist(g, iterable)', forward='linear')
