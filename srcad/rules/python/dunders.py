"""Built-in functions read as piecewise constant, unless the class brings its own.

``round(x)``, ``math.floor(x)``, ``math.ceil(x)`` and ``math.trunc(x)`` of a number
or an array are piecewise constant: their derivative is zero.  Python runs the
operand's own ``__round__``, ``__floor__``, ``__ceil__``, ``__trunc__`` though, and
the user's class may return anything from them (a float that moves with the
object's arrays).  So these are rules of derivative zero whose helper checks the
operand when the derivative is taken: an instance of a class with its own method
is refused (:func:`srcad.runtime.objects.plain_operand`).  (``int(x)``, ``bool(x)``
and ``len(x)`` need no check: Python insists their methods return an int or a
bool, which carry no derivative.)  ``sum(x)`` of an object iterated by its own
``__iter__`` is refused the same way (:func:`srcad.rules.python.functions.summed_length`).
"""

from __future__ import annotations

import builtins
import math

import numpy as np

from ...runtime.objects import own_dunder, plain_operand
from ..registry import adjoint, register_helpers
from ..runtime_helpers.second_order import forward_only


def stepwise_adjoint(g, x, what, dunder):
    """The adjoint (or tangent) of a piecewise constant ``what`` of ``x``: zeros shaped
    like ``x``; refused when ``x``'s class brings its own ``dunder``."""
    if type(x) is float:
        return 0.0
    if own_dunder(x, dunder):
        plain_operand(x, what, dunder)
    return np.zeros(np.shape(x), dtype=np.result_type(x, g, np.float32))


register_helpers({'stepwise_adjoint': stepwise_adjoint})
forward_only(stepwise_adjoint, g='stepwise_adjoint(dot, x, what, dunder)',
             x='stepwise_adjoint(dot, x, what, dunder)')

adjoint(builtins.round, 'number, ndigits=None',
        number='stepwise_adjoint(g, number, "round(x)", "__round__")',
        tangent={'number': 'stepwise_adjoint(dot, number, "round(x)", "__round__")'},
        constants=dict(ndigits='a number of digits'))
for _fn, _dunder in ((math.floor, '__floor__'), (math.ceil, '__ceil__'),
                     (math.trunc, '__trunc__')):
    adjoint(_fn, 'x', x=f'stepwise_adjoint(g, x, "math.{_fn.__name__}(x)", "{_dunder}")',
            tangent={'x': f'stepwise_adjoint(dot, x, "math.{_fn.__name__}(x)", "{_dunder}")'})
del _fn, _dunder
