"""Tangent helpers of ``scipy.special`` (``logsumexp``)."""

from __future__ import annotations

import numpy as np

from ...runtime import zero_tangent
from ..registry import register_helpers
from ..tangents import TangentTuple


# --- scipy --------------------------------------------------------------------------
def logsumexp_tangent(dot, a, ans, axis=None, b=None, keepdims=False, return_sign=False,
                      which=0):
    """The tangent of ``scipy.special.logsumexp(a, axis, b, keepdims, return_sign)``
    from ``a`` (``which=0``) or ``b``: ``d log|S| = dS / S`` with ``S = sum(b exp(a))``."""
    from ...runtime import expand_reduced
    full = np.broadcast_to(a, np.broadcast_shapes(np.shape(a), np.shape(b)))
    value, sign = (ans[0], ans[1]) if return_sign else (ans, 1.0)
    top = np.where(value == -np.inf, 0.0, value)   # (every entry -inf: weights 0, not nan)
    weight = np.exp(full - expand_reduced(top, full, axis, keepdims))
    if which == 0 and b is not None:
        weight = weight * b
    d = np.sum(weight * dot, axis=axis, keepdims=keepdims) * sign
    return TangentTuple((d, zero_tangent(sign))) if return_sign else d


HELPERS = {f.__name__: f for f in (
    logsumexp_tangent,)}
register_helpers(HELPERS)
