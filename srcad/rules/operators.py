"""Rules of Python's operators (``+ - * / ** @ %`` and unary ``-``/``+``).

Operators are keyed by their ``ast`` class; the same rule also serves the
NumPy ufunc that does the same arithmetic (``np.add`` for ``+`` ...).
"""

import ast
import operator

import numpy as np

from . import helpers  # noqa: F401  (registers power_log_term, which Pow's rule calls)
from .registry import OPERATOR_FUNCTIONS, adjoint, nondifferentiable

BINARY = {
    (ast.Add, np.add): dict(x='unbroadcast(g, x)', y='unbroadcast(g, y)'),
    (ast.Sub, np.subtract): dict(x='unbroadcast(g, x)', y='unbroadcast(-g, y)'),
    (ast.Mult, np.multiply): dict(x='unbroadcast(g * y, x)', y='unbroadcast(g * x, y)'),
    (ast.Div, np.divide): dict(x='unbroadcast(g / y, x)', y='unbroadcast(-g * ans / y, y)'),
    (ast.Pow, np.power): dict(
        x='unbroadcast(g * y * x ** (y - 1), x)',
        y='unbroadcast(power_log_term(g, ans, x, y), y)'),
    (ast.Mod, np.mod): dict(x='unbroadcast(g, x)',
                            y='unbroadcast(-g * np.floor_divide(x, y), y)'),
    (ast.MatMult, np.matmul): dict(x='matmul_dx(g, x, y)', y='matmul_dy(g, x, y)'),
}

for keys, rules in BINARY.items():
    for key in keys:
        adjoint(key, 'x, y', **rules)

adjoint(ast.USub, 'x', x='-g')
adjoint(np.negative, 'x', x='-g')
adjoint(ast.UAdd, 'x', x='g')
adjoint(np.positive, 'x', x='g')
adjoint(np.float_power, 'x, y', **BINARY[(ast.Pow, np.power)])
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
