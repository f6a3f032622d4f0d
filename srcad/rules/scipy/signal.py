"""Rules of the convolutions: ``scipy.signal.convolve``, ``correlate`` (n-d, every
mode and ``method``), ``convolve2d``, ``correlate2d`` (every mode; ``boundary``
``'fill'`` with any ``fillvalue``, which is differentiable too, ``'wrap'`` and
``'symm'``) and ``fftconvolve`` (every mode and ``axes``), in both arguments,
reverse, forward and second order (``np.correlate``: :mod:`srcad.rules.products.rules`).

They register when the program has imported ``scipy.signal`` (on a registry miss:
:mod:`srcad.rules.scipy.loader`).  The helpers are in
:mod:`srcad.rules.scipy.signal_helpers`.
"""

from __future__ import annotations

from . import signal_helpers as hs
from . import loader
from .. import registry
from ..runtime_helpers.second_order import forward_only
from ..registry import adjoint, constant, register_helpers

register_helpers(hs.HELPERS)

#: function name -> (signature, the helpers' arguments after ``in1, in2``)
_SIGNATURES = {
    'convolve': ('in1, in2, mode="full", method="auto"', '"fill", 0, None'),
    'correlate': ('in1, in2, mode="full", method="auto"', '"fill", 0, None'),
    'fftconvolve': ('in1, in2, mode="full", axes=None', '"fill", 0, axes'),
    'convolve2d': ('in1, in2, mode="full", boundary="fill", fillvalue=0', 'boundary, fillvalue, None'),
    'correlate2d': ('in1, in2, mode="full", boundary="fill", fillvalue=0', 'boundary, fillvalue, None'),
}


def _declare(signal) -> None:
    for name, (signature, rest) in _SIGNATURES.items():
        fn = getattr(signal, name)
        args = f'in1, in2, {name!r}, mode, {rest}'
        params = {'in1': 0, 'in2': 1}
        if 'fillvalue' in signature:
            params['fillvalue'] = 2
        adjoint(fn, signature, **{p: f'conv_adjoint(g, {args}, {k})' for p, k in params.items()},
                tangent=dict(**{p: f'conv_tangent(dot, {args}, {k})' for p, k in params.items()}))
        constant(fn, **{p: 'an option (a string)' for p in ('boundary',) if p in signature})
    HELPER = 'g, in1, in2, kind, mode, boundary, fillvalue, axes, which'
    same = 'kind, mode, boundary, fillvalue, axes, which'
    forward_only(
        hs.conv_adjoint,
        g=f'conv_adjoint(dot, in1, in2, {same})',
        # which=1 (in2's adjoint) reads in1 and fillvalue (affinely); which=0 and 2 read in2
        in1='conv_adjoint(g, dot, in2, kind, mode, boundary, 0.0, axes, which) '
            'if which == 1 else zero_tangent(ans)',
        in2=f'conv_adjoint(g, in1, dot, {same}) if which != 1 else zero_tangent(ans)',
        fillvalue='conv_adjoint(g, np.zeros(np.shape(in1)), in2, kind, mode, boundary, dot, '
                  'axes, which) if which == 1 else zero_tangent(ans)')
    assert registry.lookup(hs.conv_adjoint).signature.names == tuple(HELPER.split(', '))


def load() -> bool:
    """Register the rules of ``scipy.signal`` (once); False without SciPy."""
    return loader.load('scipy.signal')


def _import_and_declare() -> None:
    import scipy.signal as signal
    _declare(signal)
    from . import signal_filters  # lfilter
    signal_filters.declare(signal)


loader.family('scipy.signal', 'scipy.signal', _import_and_declare)
