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
from .language import MATH
from .numpy import UNARY
from .registry import elementwise, linear, lookup, multilinear, nondifferentiable, tangent

# -- operators and elementwise functions ----------------------------------------
elementwise(ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Mod, ast.USub, ast.UAdd,
            np.add, np.subtract, np.multiply, np.divide, np.true_divide, np.negative,
            np.positive, np.mod, np.maximum, np.minimum, np.clip, np.where,
            builtins.abs, builtins.float, *UNARY, *MATH)
for fn in (ast.Pow, np.power, np.float_power):
    tangent(fn, x='dot * y * x ** (y - 1)', y='dot * ans * np.log(np.where(x == 0, 1, x))')
multilinear(ast.MatMult)
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
                  'keepdims=keepdims) / ((reduced_size(a, axis) - ddof) * ans)')

# -- shapes -----------------------------------------------------------------------
for fn in (np.transpose, np.reshape, np.ravel, np.copy, np.concatenate, np.stack,
           rt.reshape_method, rt.transpose_method):
    linear(fn, next(iter(lookup(fn).adjoints)))
tangent(np.array, object='np.array(dot)')
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
    rt.AdjointList: ('iterable=()', 'iterable'),
}
for fn, (signature, params) in HELPERS.items():
    linear(fn, *params.split(), signature=signature)
linear(rt.list_pop, 'xs', signature='xs')
# add_at writes into its first argument; its tangent does the same to the tangent
linear(rt.add_at, 'x_bar', 'g', signature='x_bar, x, idx, g')
nondifferentiable(rt.seed, rt.extremum_mask, rt.clip_mask, rt.reduced_size, rt.shape_of,
                  rt.zeros_like_input, rt.zero_tangent, math.isclose)
