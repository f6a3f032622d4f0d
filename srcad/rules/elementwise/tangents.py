"""Tangent helpers of elementwise functions with several outputs."""

from __future__ import annotations

import numpy as np

from ...runtime import zero_tangent
from ..registry import register_helpers
from ..tangents import TangentTuple, broadcast_like


# --- elementwise with several outputs ------------------------------------------------
def divmod_tangent(dot, ans, which=0):
    """The tangent of ``q, r = np.divmod(x, y)`` from ``x`` (``which=0``) or ``y``:
    ``q`` is piecewise constant, ``r = x - q * y``."""
    q, r = ans
    dr = dot if which == 0 else -dot * q
    return TangentTuple((zero_tangent(q), broadcast_like(dr, r)))


HELPERS = {f.__name__: f for f in (
    divmod_tangent,)}
register_helpers(HELPERS)
