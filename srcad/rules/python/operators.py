"""Rules of Python's operators (``+ - * / ** @ %`` and unary ``-``/``+``).

Operators are keyed by their ``ast`` class; the same rule also serves the
NumPy ufunc that does the same arithmetic (``np.add`` for ``+`` ...).
"""

import ast
import operator

import numpy as np

# the helper modules whose functions this module's templates call (importing registers them)
from ..reductions import helpers  # noqa: F401
from ..elementwise import singular  # noqa: F401  (keep_zero, smooth_power)
from ...runtime.products import matmul_tangent, product_tangent
from ..registry import OPERATOR_FUNCTIONS, adjoint, nondifferentiable, register_helpers

register_helpers({'matmul_tangent': matmul_tangent,  # (the tangent of ``@``)
                  'product_tangent': product_tangent})  # (of np.matmul, np.dot: checks operands)

# (keep_zero, smooth_power: srcad.runtime.singular; a zero adjoint stays zero where the
# partial derivative is infinite: 1 / 0, 0.5 * 0 ** -0.5 -- not where x ** (y - 1) is finite)
POW_DX = ('{g} * y * x ** (y - 1) if smooth_power(y) else '
          'keep_zero({g}, {g} * y * np.power(x, y - 1))')  # (0.0 ** -0.5 raises; NumPy: inf)
POW_TANGENT = {'x': POW_DX.format(g='dot'), 'y': 'power_log_term(dot, ans, x, y)'}
#: the binary operators and the NumPy functions they mean: one entry for both
BINARY = {
    (ast.Add, np.add): dict(x='unbroadcast(g, x)', y='unbroadcast(g, y)', forward='elementwise'),
    (ast.Sub, np.subtract): dict(x='unbroadcast(g, x)', y='unbroadcast(-g, y)',
                                 forward='elementwise'),
    (ast.Mult, np.multiply): dict(x='unbroadcast(g * y, x)', y='unbroadcast(g * x, y)',
                                  forward='elementwise'),
    (ast.Div, np.divide): dict(x='unbroadcast(keep_zero(g, g / y), x)',
                               y='unbroadcast(keep_zero(g, -g * ans / y), y)',
                               forward='elementwise'),
    (ast.Pow, np.power): dict(
        x=f'unbroadcast({POW_DX.format(g="g")}, x)',
        y='unbroadcast(power_log_term(g, ans, x, y), y)',
        forward='elementwise', tangent=POW_TANGENT),  # (elementwise for its shapes)
    (ast.Mod, np.mod): dict(x='unbroadcast(g, x)',
                            y='unbroadcast(-g * np.floor_divide(x, y), y)', forward='elementwise'),
    # ``@`` through matmul_tangent: an operand with its own __matmul__ is refused, as in reverse
    (ast.MatMult,): dict(x='matmul_dx(g, x, y)', y='matmul_dy(g, x, y)',
                         tangent={'x': 'matmul_tangent(dot, y)', 'y': 'matmul_tangent(x, dot)'}),
    (np.matmul,): dict(x='matmul_dx(g, x, y)', y='matmul_dy(g, x, y)',
                       tangent={'x': 'product_tangent(np.matmul, dot, y)',
                                'y': 'product_tangent(np.matmul, x, dot)'}),
}
for keys, rules in BINARY.items():
    for key in keys:
        adjoint(key, 'x, y', **rules)

adjoint(ast.USub, 'x', x='-g', forward='elementwise')
adjoint(np.negative, 'x', x='-g', forward='elementwise')
adjoint(ast.UAdd, 'x', x='g', forward='elementwise')
adjoint(np.positive, 'x', x='g', forward='elementwise')
adjoint(np.float_power, 'x, y', **BINARY[(ast.Pow, np.power)])
if np.true_divide is not np.divide:  # (an alias of np.divide in NumPy 2)
    adjoint(np.true_divide, 'x, y', **BINARY[(ast.Div, np.divide)])

nondifferentiable(
    ast.FloorDiv, np.floor_divide, ast.Not, ast.Invert, ast.BitAnd, ast.BitOr,
    ast.BitXor, ast.LShift, ast.RShift,
    ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Is, ast.IsNot,
    ast.In, ast.NotIn, ast.And, ast.Or)

OPERATOR_FUNCTIONS.update({
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.Pow: operator.pow, ast.Mod: operator.mod,
    ast.MatMult: operator.matmul, ast.USub: operator.neg, ast.UAdd: operator.pos,
    ast.FloorDiv: operator.floordiv,
})
