"""Forward-mode rules of the runtime helpers that generated gradients call.

The functions of NumPy, SciPy and Python declare their forward rules in their own
entries (``adjoint(..., forward=..., tangent=...)``).  What is left here are srcad's
own adjoint helpers (``unbroadcast``, ``unreduce``, ``matmul_dx``...), which have no
reverse rule: a gradient calls them, and differentiating that gradient again
(forward over reverse: ``hessian``, ``hvp``) needs their tangents.  Nearly all are
linear in the adjoint they move (:func:`~.registry.linear`).
"""

import math

from ... import runtime as rt
from ..tangents import broadcast_like
from ...runtime.products import matmul_tangent, product_tangent
from ..registry import elementwise_tangents, linear, multilinear, nondifferentiable  # noqa: F401

multilinear(matmul_tangent, 'x', 'y', signature='x, y')
multilinear(product_tangent, 'x', 'y', signature='product, x, y')

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
    rt.take_at: ('g, idx', 'g'), rt.value_adjoint: ('g, idx, v, ans=None', 'g'),
    rt.unappend: ('g, n', 'g'), rt.part: ('g, key, like', 'g'),
    rt.like_input: ('g, x', 'g'), rt.expand_reduced: ('y, x, axis=None, keepdims=False', 'y'),
    rt.AdjointList: ('iterable=()', 'iterable'), rt.as_adjoint: ('g', 'g'),
    rt.add_adjoints: ('a, b', 'a b'), rt.unpacked_adjoint: ('parts, x', 'parts'),
}
for fn, (signature, params) in HELPERS.items():
    linear(fn, *params.split(), signature=signature)
linear(rt.list_pop, 'xs', signature='xs')
# tangent code differentiated again (third order and up): broadcasting is linear
linear(broadcast_like, 'dot', signature='dot, ans')
# add_at writes into its first argument; its tangent does the same to the tangent
linear(rt.add_at, 'x_bar', 'g', signature='x_bar, x, idx, g')
nondifferentiable(rt.seed, rt.extremum_mask, rt.clip_mask, rt.reduced_size, rt.shape_of,
                  rt.zeros_like_input, rt.zero_tangent, math.isclose)
