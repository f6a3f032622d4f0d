"""Rules of the guard that singular rules wrap their result in (:mod:`srcad.runtime.singular`).

The rules of ``np.sqrt``, ``np.log``, ``/``, ``**`` with a fractional exponent,
``np.arcsin``, ``np.exp`` (which overflows)... multiply the incoming adjoint (or
tangent) by a partial derivative that can be infinite where the function is still
finite or its value is thrown away (``np.where(x > 0, np.sqrt(x), 0.0)``).  They
write ``keep_zero(g, <the rule>)``: a zero adjoint stays zero.  The guard is itself
differentiated when srcad differentiates a gradient (``hvp``, ``grad(grad(f))``):
its rules are here.
"""

from ...runtime.singular import HELPERS, keep_zero, keep_zero_tangent, smooth_power
from ..registry import JOINT, adjoint, constant, nondifferentiable, register_helpers

register_helpers(HELPERS)

_MASK = 'only where it is zero is read (a mask: piecewise constant)'
# keep_zero(a, r) is r, but 0 where a is (locally) 0: r's adjoint passes, guarded alike;
# its tangent needs a's tangent too (a incidentally 0 with a nonzero tangent is not masked)
adjoint(keep_zero, 'a, r', r='keep_zero(a, g)',
        forward=('linear', 'a', 'r'), tangent={JOINT: 'keep_zero_tangent(a, a__dot, r__dot)'})
constant(keep_zero, a=_MASK)
# (third order and up: the tangent of r's tangent is guarded by the same mask)
adjoint(keep_zero_tangent, 'a, a_dot, r_dot', r_dot='keep_zero_tangent(a, a_dot, g)',
        tangent=dict(r_dot='keep_zero_tangent(a, a_dot, dot)'))
constant(keep_zero_tangent, a=_MASK, a_dot=_MASK)
nondifferentiable(smooth_power)
