"""Forward-mode (tangent) rules for the operators, the core NumPy functions
and the runtime helpers that generated gradients call.

Most tangents need no new math: a function linear in an argument (``sum``,
``reshape``, ``@`` in each operand, the adjoint helpers in ``g``) has the
function itself as its tangent (:func:`linear`), and an elementwise function
has its adjoint with ``g`` read as the tangent (:func:`elementwise`).  The
rest are written out with :func:`tangent`.  Covering the runtime helpers is
what lets srcad differentiate its own gradients (forward over reverse).
"""

import ast
import builtins
import math

import numpy as np

from .. import runtime as rt
from . import helpers_tangents  # noqa: F401  (registers broadcast_like, TangentTuple...)
from .language import MATH
from .numpy import UNARY
from ..runtime.products import matmul_tangent
from .registry import (elementwise, linear, lookup, multilinear, nondifferentiable,
                       register_helpers, tangent)

register_helpers({'matmul_tangent': matmul_tangent})
multilinear(matmul_tangent, 'x', 'y', signature='x, y')


def elementwise_tangents(*fns) -> None:
    """:func:`~.registry.elementwise`, keeping the output's shape: where an input is
    broadcast (``x + y`` with ``x`` of shape (3,), ``y`` of shape (2, 3)) and its
    adjoint undoes that with ``unbroadcast(e, x)``, ``e`` need not have the output's
    shape, so the tangent is ``broadcast_like(e, ans)`` unless ``e`` mentions
    every other argument (``g * y``) or ``ans``, which broadcast it already."""
    elementwise(*fns)
    for fn in fns:
        rule = lookup(fn)
        for param, template in rule.adjoints.items():
            if _needs_broadcast(template, param, rule.signature.names):
                rule.tangents[param] = ast.Call(ast.Name('broadcast_like', ast.Load()),
                                                [rule.tangents[param],
                                                 ast.Name('ans', ast.Load())], [])
                rule.namespace['broadcast_like'] = helpers_tangents.broadcast_like


def _needs_broadcast(template: ast.expr, param: str, names) -> bool:
    if not (isinstance(template, ast.Call) and isinstance(template.func, ast.Name)
            and template.func.id == 'unbroadcast'):
        return False
    seen = {n.id for n in ast.walk(template.args[0]) if isinstance(n, ast.Name)}
    return 'ans' not in seen and not set(names) - {param} <= seen

# -- operators and elementwise functions ----------------------------------------
elementwise_tangents(ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Mod, ast.USub, ast.UAdd,
                     np.add, np.subtract, np.multiply, np.divide, np.true_divide, np.negative,
                     np.positive, np.mod, np.maximum, np.minimum, np.clip, np.where,
                     builtins.abs, builtins.float, *UNARY, *MATH)
# the real-valued functions of a complex argument see the real part of its differential
for fn in (np.absolute, builtins.abs):
    tangent(fn, x='np.real(dot * np.conj(np.sign(x)))')
tangent(np.sign, x='sign_tangent(dot, x)')  # (zeros for reals; complex refused)
elementwise(np.sign)
tangent(np.real, x='np.real(dot)')
tangent(np.imag, x='np.imag(dot)')
for fn in (ast.Pow, np.power, np.float_power):
    elementwise(fn)  # for its shapes; the tangent is written out below
    tangent(fn, x='dot * y * x ** (y - 1)', y='power_log_term(dot, ans, x, y)')
# ``@`` through matmul_tangent: an operand with its own __matmul__ is refused, as in reverse
tangent(ast.MatMult, x='matmul_tangent(dot, y)', y='matmul_tangent(x, dot)')
multilinear(np.matmul)
multilinear(np.dot)

# -- reductions -----------------------------------------------------------------
linear(np.sum, 'a')
linear(np.mean, 'a')
for fn in (np.max, np.min, np.amax, np.amin):
    tangent(fn, a='np.sum(dot * extremum_mask(a, ans, axis, keepdims), axis=axis, '
                  'keepdims=keepdims)')
tangent(np.prod, a='np.sum(dot * prod_others(a, axis), axis=axis, keepdims=keepdims)')
tangent(np.var, a='2 * np.sum(dot * (a - np.mean(a, axis=axis, keepdims=True)), axis=axis, '
                  'keepdims=keepdims) / (reduced_size(a, axis) - ddof)')
tangent(np.std, a='np.sum(dot * (a - np.mean(a, axis=axis, keepdims=True)), axis=axis, '
                  'keepdims=keepdims) / ((reduced_size(a, axis) - ddof) '
                  '* np.where(ans == 0, np.inf, ans))')  # 0 for a constant slice, as reverse

# -- shapes -----------------------------------------------------------------------
for fn in (np.transpose, np.ravel, np.concatenate, np.stack,
           rt.reshape_method, rt.transpose_method):
    linear(fn, next(iter(lookup(fn).adjoints)))
tangent(np.copy, a='copy_tangent(dot, ans, order, subok)')
tangent(np.trapezoid, y='np.trapezoid(dot, x, dx, axis)')
tangent(np.gradient, f='np.gradient(dot, *varargs, axis=axis, edge_order=edge_order)')  # dict.copy(), list.copy() too
# not linear(np.reshape): its signature has ``newshape``, which NumPy 2.4 no longer takes
tangent(np.reshape, a='np.reshape(dot, np.shape(ans), order=order)')
tangent(np.array, object='np.array(dot, ndmin=ndmin)')
tangent(np.asarray, a='np.asarray(dot)')
tangent(rt.astype, a='astype(dot, dtype)')

# -- the language ------------------------------------------------------------------
linear(rt.setitem, 'x', 'v')
linear(rt.list_append, 'xs', 'x')

# -- runtime helpers, as generated gradients call them ------------------------------
for fn, (signature, params) in {
    rt.matmul_dx: ('g, x, y', 'g y'), rt.matmul_dy: ('g, x, y', 'x g'),
    rt.dot_da: ('g, a, b', 'g b'), rt.dot_db: ('g, a, b', 'a g'),
}.items():
    multilinear(fn, *params.split(), signature=signature)
HELPERS = {
    rt.unbroadcast: ('g, x', 'g'), rt.unreduce: ('g, x, axis=None, keepdims=False', 'g'),
    rt.index_adjoint: ('g, x, idx', 'g'), rt.unstack: ('g, n, axis=0', 'g'),
    rt.unconcatenate: ('g, arrays, axis=0', 'g'), rt.untranspose: ('g, axes=None', 'g'),
    rt.unarray: ('g, obj', 'g'), rt.uncast: ('g, a', 'g'), rt.zero_at: ('g, idx', 'g'),
    rt.take_at: ('g, idx', 'g'), rt.unappend: ('g, n', 'g'), rt.part: ('g, key, like', 'g'),
    rt.like_input: ('g, x', 'g'), rt.expand_reduced: ('y, x, axis=None, keepdims=False', 'y'),
    rt.AdjointList: ('iterable=()', 'iterable'), rt.as_adjoint: ('g', 'g'),
    rt.add_adjoints: ('a, b', 'a b'), rt.unpacked_adjoint: ('parts, x', 'parts'),
}
for fn, (signature, params) in HELPERS.items():
    linear(fn, *params.split(), signature=signature)
linear(rt.list_pop, 'xs', signature='xs')
# tangent code differentiated again (third order and up): broadcasting is linear
linear(helpers_tangents.broadcast_like, 'dot', signature='dot, ans')
# add_at writes into its first argument; its tangent does the same to the tangent
linear(rt.add_at, 'x_bar', 'g', signature='x_bar, x, idx, g')
nondifferentiable(rt.seed, rt.extremum_mask, rt.clip_mask, rt.reduced_size, rt.shape_of,
                  rt.zeros_like_input, rt.zero_tangent, math.isclose)
