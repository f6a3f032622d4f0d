"""Rules for a ``Gradient`` called inside a function being differentiated.

``g = srcad.grad(energy)`` at module level, then ``np.sum(g(x) ** 2)`` inside a
differentiated ``loss``: the resolver (:mod:`srcad.compiler.resolve`) reads ``g(x)`` as
``gradient_call_1(g, x)``, whose rule is here.  The generated code still calls
``g(x)`` itself in its forward sweep; the backward sweep asks the gradient for its
pullback, a Hessian-vector product (:func:`srcad.nested.pullback`), and forward mode
for its tangent, forward mode over the gradient (:func:`srcad.nested.push`).  Second
order (``hvp`` of ``loss``) differentiates the pullback once more: linear in the
cotangent, and forward mode over the Hessian-vector product in the arguments.

The gradient object is a constant (its function's derivative is what is taken).
Calls with up to :data:`MAX_ARGS` positional arguments have a rule; other calls
(keywords, ``*args``, more arguments) are refused when they carry a derivative.
"""

from __future__ import annotations

from ..registry import JOINT, _rule_for, adjoint, register_helpers, tangent

MAX_ARGS = 6


def _calls(n):
    names = ', '.join(f'a{k}' for k in range(n))

    def call(gradient, *args):
        return gradient(*args)
    call.__name__ = call.__qualname__ = f'gradient_call_{n}'
    call.__doc__ = f'``gradient({names})``: a srcad gradient called with {n} argument(s).'
    return call


GRADIENT_CALLS = {n: _calls(n) for n in range(1, MAX_ARGS + 1)}


def gradient_vjp(g, gradient, k, args):
    """The adjoint of argument ``k`` of ``gradient(*args)`` for the output adjoint ``g``."""
    return gradient._pullback(args, g)[k]


def gradient_vjp_tangent(dot, g, gradient, k, args):
    """The tangent of :func:`gradient_vjp` along ``dot`` (the tangents of ``args``)."""
    dots = dot if isinstance(dot, tuple) else tuple(dot)
    return gradient._pullback_tangent(args, g, dots)[k]


def gradient_push(gradient, args, dots):
    """The tangent of ``gradient(*args)`` along ``dots`` (one per argument; a zero one
    where an argument does not vary)."""
    return gradient._push(args, list(dots))


register_helpers({f.__name__: f for f in (gradient_vjp, gradient_vjp_tangent, gradient_push,
                                          *GRADIENT_CALLS.values())})

_WHY = 'the gradient object: its function, not a value, is differentiated'
for n, fn in GRADIENT_CALLS.items():
    params = [f'a{k}' for k in range(n)]
    packed = f'({", ".join(params)},)'
    # one tangent for all arguments at once (a gradient's output may be a tuple, which
    # a sum of per-argument tangents would concatenate)
    adjoint(fn, 'gradient, ' + ', '.join(params),
            **{p: f'gradient_vjp(g, gradient, {k}, {packed})' for k, p in enumerate(params)},
            constants=dict(gradient=_WHY), forward=('linear', *params),
            tangent={JOINT: f'gradient_push(gradient, {packed}, '
                            f'({", ".join(p + "__dot" for p in params)},))'})

# second order: the pullback is linear in g; in its arguments, forward mode over it
_rule_for(gradient_vjp, 'g, gradient, k, args',
          constants=dict(gradient=_WHY, k='the position of an argument'))
tangent(gradient_vjp, g='gradient_vjp(dot, gradient, k, args)',
        args='gradient_vjp_tangent(dot, g, gradient, k, args)')
