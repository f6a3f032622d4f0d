"""``scipy.signal.lfilter(b, a, x, axis=-1)`` (loaded with :mod:`srcad.rules.scipy.signal`).

``y = (B(z) / A(z)) x``: linear in ``x``, whose adjoint is the same filter run
backwards in time (``flip(lfilter(b, a, flip(g)))``).  In the coefficients, from
``A y = B x``: ``dy/db_k = z^-k (1/A) x`` and ``dy/da_k = -z^-k (1/A) y``, so the
adjoints are correlations of ``g`` with ``lfilter([1], a, x)`` and ``lfilter([1], a, y)``
and the tangents ``lfilter(db, a, x)`` and ``-lfilter(da, a, y)`` (SciPy's normalization
by ``a[0]`` leaves ``B / A`` as it is).  Initial conditions ``zi`` are refused when a
derivative is asked (the output is then the pair ``(y, zf)``); ``b`` and ``a`` must
be 1-D.
"""

from __future__ import annotations

import numpy as np

from ...errors import RuntimeCheckError


def _coefficients(b, a, zi):
    if zi is not None:
        raise RuntimeCheckError('srcad differentiates scipy.signal.lfilter without initial '
                                'conditions (zi=None) only',
                                hint='prepend samples to x instead of passing zi')
    b, a = np.atleast_1d(np.asarray(b, dtype=float)), np.atleast_1d(np.asarray(a, dtype=float))
    if b.ndim != 1 or a.ndim != 1:
        raise RuntimeCheckError('srcad differentiates scipy.signal.lfilter with 1-D b and a '
                                'only')
    return b, a


def lfilter_adjoint(g, b, a, x, ans, axis=-1, zi=None, which=2):
    """The adjoint of ``b`` (``which=0``), ``a`` (1) or ``x`` (2) in
    ``lfilter(b, a, x, axis)``."""
    from scipy import signal
    b, a = _coefficients(b, a, zi)
    g = np.asarray(g, dtype=float)
    if which == 2:
        return np.flip(signal.lfilter(b, a, np.flip(g, axis), axis=axis), axis)
    u = signal.lfilter(np.ones(1), a, np.asarray(x if which == 0 else ans, dtype=float),
                       axis=axis)
    gl, ul = np.moveaxis(g, axis, -1), np.moveaxis(u, axis, -1)
    n = ul.shape[-1]
    count = len(b) if which == 0 else len(a)
    out = np.array([np.sum(gl[..., k:] * ul[..., :n - k]) if k < n else 0.0
                    for k in range(count)])
    return np.reshape(out if which == 0 else -out, np.shape(b if which == 0 else a))


def lfilter_tangent(dot, b, a, x, ans, axis=-1, zi=None, which=2):
    """The tangent of ``lfilter(b, a, x, axis)`` when ``b`` (0), ``a`` (1) or ``x`` (2)
    moves by ``dot``."""
    from scipy import signal
    b, a = _coefficients(b, a, zi)
    if which == 2:
        return signal.lfilter(b, a, dot, axis=axis)
    dot = np.atleast_1d(np.asarray(dot, dtype=float))
    if which == 0:
        return signal.lfilter(dot, a, x, axis=axis)
    return -signal.lfilter(dot, a, ans, axis=axis)


HELPERS = {f.__name__: f for f in (lfilter_adjoint, lfilter_tangent)}


def declare(signal) -> None:
    from ..registry import adjoint, register_helpers
    register_helpers(HELPERS)
    args = 'b, a, x, ans, axis, zi'
    adjoint(signal.lfilter, 'b, a, x, axis=-1, zi=None',
            **{p: f'lfilter_adjoint(g, {args}, {k})' for k, p in enumerate('bax')},
            tangent={p: f'lfilter_tangent(dot, {args}, {k})' for k, p in enumerate('bax')})
