"""Helpers whose derivative a template written inline would get wrong a second time.

``abs(z)`` of a complex ``z`` has the adjoint ``g * conj(sign(z))``; written with
``np.sign`` inline, forward mode over that adjoint (``hvp``) reads ``np.sign`` as
piecewise constant, which it is for reals only: ``sign(z) = z / |z|`` turns
smoothly with ``z``: :func:`abs_adjoint` has its forward rule in
:mod:`srcad.rules.runtime_helpers.second_order`.  ``np.sinc``'s adjoint handles its removable
singularity at 0 with a Taylor series, which srcad differentiates again for the
second derivative (``sinc''(0) = -pi**2 / 3``, not 0).
"""

from __future__ import annotations

import numpy as np

from ...errors import RuntimeCheckError
from ...runtime.objects import plain_operand
from ..registry import register_helpers
from ...runtime.kinks import refuse_kink

_SMALL = 1e-3  # below this |x|, sinc's derivatives come from their Taylor series


def abs_adjoint(g, x):
    """The adjoint of ``np.abs(x)``: ``g * conj(sign(x))`` (``sign(z) = z / |z|``).  An
    ``x`` that is not a number or an array ran its class's own ``__abs__``: refused."""
    if type(x) not in _NUMERIC:
        plain_operand(x, 'abs(x)', '__abs__')
    return g * np.conj(np.sign(x))


_NUMERIC = frozenset({np.ndarray, float, int, complex, np.float64, np.float32,
                      np.complex128, np.complex64})


def abs_adjoint_dx(dot, g, x):
    """The tangent of :func:`abs_adjoint` in ``x``: zero for real ``x``; for complex
    ``z``, ``d sign(z) = (dz - sign(z) Re(conj(sign(z)) dz)) / |z|``.  At ``x == 0``
    along ``dot != 0`` of an adjoint ``g != 0`` it is ``g * 2 delta(x)``: refused
    (:func:`srcad.rules.elementwise.kinks.refuse_kink`)."""
    if not np.all(x):
        refuse_kink('abs(x) at exactly 0', (x == 0) & (dot != 0) & (g != 0))
    if not (np.iscomplexobj(x) or np.iscomplexobj(dot)):
        return np.zeros(np.broadcast_shapes(np.shape(g), np.shape(x)),
                        dtype=np.result_type(g, x, float))
    s = np.sign(x)
    r = np.abs(x)
    ds = (dot - s * np.real(np.conj(s) * dot)) / np.where(r == 0, 1, r)
    return g * np.conj(np.where(r == 0, 0, ds))


def sign_adjoint(g, x):
    """The adjoint of ``np.sign(x)``: zeros for real ``x`` (piecewise constant).  A
    complex ``z``'s sign, ``z / |z|``, turns with ``z``: refused (it was read as constant)."""
    if np.iscomplexobj(x) or np.iscomplexobj(g):
        raise RuntimeCheckError('srcad has no derivative of np.sign of a complex value '
                                '(sign(z) = z / |z| changes with the angle of z)',
                                hint='write z / np.abs(z), which srcad differentiates')
    return np.zeros(np.shape(x), dtype=np.result_type(x, g, np.float32))


def sign_tangent(dot, x):
    """The tangent of ``np.sign(x)``: zeros for real ``x``; complex ``x`` refused, as
    in :func:`sign_adjoint`."""
    return sign_adjoint(dot, x)


def sinc_prime(x):
    """``d/dx sinc(x)`` for ``sinc(x) = sin(pi x) / (pi x)``, exact near 0."""
    x = np.asarray(x, dtype=np.result_type(x, 1.0))
    small = np.abs(x) < _SMALL
    safe = np.where(small, 1, x)
    far = (np.cos(np.pi * safe) - np.sinc(safe)) / safe
    near = -np.pi ** 2 * x / 3 + np.pi ** 4 * x ** 3 / 30
    return np.where(small, near, far)


def sinc_adjoint(g, x):
    """The adjoint of ``np.sinc(x)``."""
    return g * sinc_prime(x)


register_helpers({f.__name__: f for f in (abs_adjoint, abs_adjoint_dx, sinc_adjoint,
                                           sign_adjoint, sign_tangent)})
