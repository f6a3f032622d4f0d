"""Rules of ``np.lib.stride_tricks.sliding_window_view`` (moving windows: a view, linear,
its adjoint the sum over the windows each element falls in), ``np.unwrap`` (the phase
plus a piecewise constant multiple of the period: its derivative is the identity) and
the comparison ufuncs' ``outer``/``reduce``/``accumulate`` (boolean: no derivative), in
reverse and forward mode and to second order.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..registry import adjoint, linear, nondifferentiable, register_helpers
from ..runtime_helpers.second_order import signature_of


def unslide(g, x, window_shape, axis=None):
    """The adjoint of ``x`` in ``sliding_window_view(x, window_shape, axis)``: each
    element receives the sum of ``g`` over the windows it falls in."""
    x = np.asarray(x)
    positions = sliding_window_view(np.arange(x.size).reshape(x.shape), window_shape, axis)
    out = np.zeros(x.size, dtype=np.result_type(x, g, 1.0))
    np.add.at(out, positions.ravel(), np.broadcast_to(g, positions.shape).ravel())
    return out.reshape(x.shape)


register_helpers({'unslide': unslide})

adjoint(sliding_window_view, 'x, window_shape, axis=None, *, subok=False, writeable=False',
        x='unslide(g, x, window_shape, axis)', forward=('linear', 'x'), facts={'view'},
        constants=dict(window_shape='the shape of a window (integers)', writeable='a flag'))
linear(unslide, 'g', signature=signature_of(unslide))

# unwrap(p) = p + k * period with k an integer array that jumps where p crosses discont
adjoint(np.unwrap, 'p, discont=None, axis=-1, *, period=6.283185307179586',
        p='unbroadcast(g, p)', tangent={'p': 'dot + np.zeros(np.shape(ans))'},
        constants=dict(discont='a threshold: the result is piecewise constant in it'))

nondifferentiable(*(getattr(getattr(np, name), method) for name in (
    'less', 'less_equal', 'greater', 'greater_equal', 'equal', 'not_equal', 'logical_and',
    'logical_or', 'logical_xor') for method in ('outer', 'reduce', 'accumulate')),
    why='a comparison or a logical operation: booleans')
