"""What forward-mode rules of every family share: :class:`TangentTuple` (one tangent
per output of a function with several) and :func:`broadcast_like`."""

from __future__ import annotations

import numpy as np

from ..errors import RuntimeCheckError
from ..runtime import shape_of, zero_tangent
from .rule import register_helpers


class TangentTuple(tuple):
    """The tangent of a function with several outputs: ``+`` adds entry by entry,
    so the contributions of several varying inputs sum as they must.

    >>> TangentTuple((1.0, 2.0)) + TangentTuple((10.0, 20.0))
    (11.0, 22.0)
    """

    def __add__(self, other):
        if isinstance(other, (int, float)) and other == 0:
            return self
        return TangentTuple(a + b for a, b in zip(self, other))

    __radd__ = __add__


def broadcast_like(dot, ans):
    """``dot`` broadcast to the shape of ``ans``: the tangent an input that was
    broadcast (``x + y`` with ``x`` of shape (3,) and ``y`` of shape (2, 3)) gives.

    >>> broadcast_like(np.ones(2), np.zeros((3, 2))).shape
    (3, 2)
    """
    if isinstance(ans, (list, tuple, dict)):  # a structural sum of container adjoints
        if isinstance(ans, (list, tuple)) and isinstance(dot, (list, tuple)) and \
                len(dot) != len(ans):  # xs + [v]: Python joined the lists
            raise RuntimeCheckError(  # (joins srcad sees: srcad.compiler.joins)
                'srcad cannot differentiate joining lists with + here: the compiler could not '
                'tell that the operands are lists (results of calls, say)',
                hint='write [*a, *b] to join (srcad differentiates that exactly), or use '
                     'np.concatenate')
        if isinstance(ans, (list, tuple)) and isinstance(dot, (list, tuple)) and any(
                _placeholder(d, a) for d, a in zip(dot, ans)):
            return _filled(dot, ans)
        return dot
    if shape_of(dot) == shape_of(ans):
        return dot
    return np.broadcast_to(dot, shape_of(ans))


def _placeholder(d, a) -> bool:
    """The 0.0 that stands for "no adjoint" in a container's tangent, where the sum itself
    holds an array (an adjoint added from code that does not vary)."""
    return isinstance(d, float) and d == 0.0 and isinstance(a, np.ndarray) and a.ndim > 0


def _filled(dot, ans):
    """``dot`` with each placeholder replaced by zeros shaped like its part of ``ans``
    (code derived from a helper's source reads the parts' shapes: ``diag_embed(gw)``)."""
    parts = [zero_tangent(a) if _placeholder(d, a) else d for d, a in zip(dot, ans)]
    return type(dot)(*parts) if hasattr(dot, '_fields') else type(dot)(parts)


HELPERS = {f.__name__: f for f in (
    TangentTuple, broadcast_like)}
register_helpers(HELPERS)
