"""Plain-NumPy helpers the rules of elementwise functions call by name
(generated code calls them too): constants, zero adjoints, ties, several outputs."""

from __future__ import annotations

import math
import numpy as np

from ...runtime import shape_of
from ..registry import register_helpers

#: Python-float constants (weakly typed, so they keep float32 adjoints float32)
LN2 = math.log(2.0)
LN10 = math.log(10.0)
TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
SQRT_PI_OVER_TWO = math.sqrt(math.pi) / 2.0
INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
SQRT_2PI = math.sqrt(2.0 * math.pi)


def is_zero(g) -> bool:
    """True for the float ``0.0`` (or ``None``) that stands for a missing adjoint.

    >>> is_zero(0.0), is_zero(np.zeros(2))
    (True, False)
    """
    return g is None or (isinstance(g, (int, float)) and not isinstance(g, bool) and g == 0)


def drop_missing(args) -> list:
    """``args`` without trailing ``None``s: how a rule declared with optional array
    parameters instead of ``*args`` (``np.einsum``) learns which were passed.

    >>> drop_missing((1, 2, None, None))
    [1, 2]
    """
    args = list(args)
    while args and args[-1] is None:
        args.pop()
    return args


def float_dtype(x):
    """The floating dtype an adjoint of ``x`` has (float64 for ints and Python floats).

    >>> float_dtype(np.ones(2, np.float32)), float_dtype(3)
    (dtype('float32'), dtype('float64'))
    """
    if isinstance(x, (list, tuple)):  # what NumPy makes of a list: not a dtype spec
        x = np.asarray(x)
    return np.result_type(x, 1.0)


def match_real(g, x):
    """``g``, made real when ``x`` is real (the adjoint of a real input is real).

    Complex adjoints follow the convention ``x_bar = dL/dRe(x) - 1j * dL/dIm(x)``
    for a real loss ``L``, so the part that belongs to a real ``x`` is ``Re(g)``.

    >>> match_real(np.array([1 + 2j]), np.array([3.0]))
    array([1.])
    """
    return g if np.iscomplexobj(x) else np.real(g)


# --- elementwise ---------------------------------------------------------------
def pick(g, x, y, ans):
    """The part of ``g`` that ``np.maximum(x, y)`` (or minimum, fmax, fmin) passes to ``x``:
    all of it where ``x`` alone is the answer, half where ``x`` and ``y`` tie.

    >>> pick(np.ones(3), np.array([1., 2., 3.]), 2.0, np.array([2., 2., 3.]))
    array([0. , 0.5, 1. ])
    """
    return np.where(x == ans, np.where(y == ans, 0.5 * g, g), 0)


def imag_adjoint(g, x):
    """The adjoint of ``np.imag(x)``: ``-1j * g`` for complex ``x``, zero for real ``x``."""
    if np.iscomplexobj(x):
        return -1j * g
    return np.zeros(shape_of(x), dtype=float_dtype(x))


def angle_adjoint(g, z, deg=False):
    """The adjoint of ``np.angle(z, deg)``: ``-1j * g / z`` (zero for real ``z``)."""
    if not np.iscomplexobj(z):
        return np.zeros(shape_of(z), dtype=float_dtype(z))
    scale = 180.0 / math.pi if deg else 1.0
    return -1j * scale * g / np.where(z == 0, 1, z)


# --- functions with several outputs -------------------------------------------------
def entry(g, i, like):
    """Entry ``i`` of a tuple adjoint ``g``, or zeros shaped like ``like`` if it is ``0.0``."""
    gi = g[i]
    if is_zero(gi):
        return np.zeros(shape_of(like), dtype=float_dtype(like))
    return gi


HELPERS = {f.__name__: f for f in (
    is_zero, float_dtype, match_real, pick, imag_adjoint, angle_adjoint, entry)}
HELPERS.update(LN2=LN2, LN10=LN10, TWO_OVER_SQRT_PI=TWO_OVER_SQRT_PI,
               SQRT_PI_OVER_TWO=SQRT_PI_OVER_TWO, INV_SQRT_2PI=INV_SQRT_2PI, SQRT_2PI=SQRT_2PI)
register_helpers(HELPERS)
