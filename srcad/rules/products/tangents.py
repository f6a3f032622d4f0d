"""Tangent helpers of products (``np.einsum``, ``np.linalg.multi_dot``)."""

from __future__ import annotations

import numpy as np

from ...runtime import zero_tangent
from ..elementwise.helpers import drop_missing
from ..registry import register_helpers


# --- products ----------------------------------------------------------------------
def einsum_tangent(dot, subscripts, k, operand0, operand1=None, operand2=None, operand3=None,
                   operand4=None, operand5=None):
    """``np.einsum(subscripts, *operands)`` with operand ``k`` replaced by ``dot``:
    what operand ``k``'s tangent gives (einsum is linear in each operand).  In the
    sublist form ``subscripts`` is the first operand (``k == -1``)."""
    if not isinstance(subscripts, str):
        slots = drop_missing((subscripts, operand0, operand1, operand2, operand3, operand4,
                              operand5))
        slots[k + 1] = dot
        return np.einsum(*slots)
    operands = drop_missing((operand0, operand1, operand2, operand3, operand4, operand5))
    operands[k] = dot
    return np.einsum(subscripts, *operands)


def multi_dot_tangent(dot, arrays, ans):
    """The tangent of ``np.linalg.multi_dot(arrays)``: the product rule, one term per
    array whose tangent is not zero."""
    total = None
    for j, dj in enumerate(dot):
        if not np.any(dj):
            continue
        term = np.linalg.multi_dot(list(arrays[:j]) + [dj] + list(arrays[j + 1:]))
        total = term if total is None else total + term
    return zero_tangent(ans) if total is None else total


HELPERS = {f.__name__: f for f in (
    einsum_tangent, multi_dot_tangent)}
register_helpers(HELPERS)
