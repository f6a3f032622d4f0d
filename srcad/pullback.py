"""``vjp(f, *primals)``: the value and a function that pulls cotangents back.

The forward half of ``f``'s reverse-mode code runs once and keeps what its backward
half reads (:class:`srcad.calls.Split`); ``vjp_fn(cotangent)`` runs the backward half.
The checks on the arguments are :func:`srcad.api.grad`'s (:mod:`srcad.wrt`).
"""

from __future__ import annotations

import types

from .api import NESTED, Gradient
from .compiler.containers import sequence_facts
from .compiler.parse import read_function
from .operand_checks import refuse_operator_objects
from .runtime.singular import all_finite, has_nan, indeterminate
from .wrt import _unwrap, check_float_inputs, param_names_of, refuse_array_subclasses


def vjp(fn, *primals, has_aux=False):
    """``(fn(*primals), vjp_fn)``: ``vjp_fn(cotangent)`` returns one adjoint per primal.

    Works for any output shape (arrays, tuples of arrays).  The forward sweep
    runs once; ``vjp_fn`` may be called many times.

    >>> import numpy as np
    >>> from srcad import vjp
    >>> out, back = vjp(lambda x: x ** 2, np.array([1.0, 2.0]))
    >>> back(np.array([1.0, 10.0]))
    (array([ 2., 40.]),)
    """
    from .calls import split
    if isinstance(fn, Gradient) and 'vjp' in NESTED:  # reverse over a gradient
        return NESTED['vjp'](fn, primals, has_aux)
    target, prefix, keywords = _unwrap(fn)
    if not isinstance(target, types.FunctionType):
        read_function(target)
    names = param_names_of(target)[len(prefix):len(prefix) + len(primals)]
    refuse_array_subclasses(fn, primals, keywords)
    refuse_operator_objects(target, param_names_of(target), (*prefix, *primals), keywords)
    check_float_inputs(fn, target, names, (*prefix, *primals), keywords)
    halves = split(target, names, sequence_facts(param_names_of(target), (*prefix, *primals),
                                                 keywords))
    value, saved = halves.forward(*prefix, *primals, **keywords)
    backward = halves.backward  # the half that reads what this forward saved
    single = len(names) == 1

    def vjp_fn(cotangent):
        grads = backward(saved, cotangent)
        if has_nan(grads) and all_finite(value) and all_finite(cotangent):
            raise indeterminate('vjp', fn)  # (0 * inf: srcad.runtime.singular)
        return (grads,) if single else tuple(grads)
    if has_aux:
        value, aux = value
        return value, vjp_fn, aux
    return value, vjp_fn
