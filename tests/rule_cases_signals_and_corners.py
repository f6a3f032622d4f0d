"""Registry-wide cases (tests/test_rules.py, tests/test_tangents.py) for the rules of
srcad/rules/scipy/signal.py and srcad/rules/everyday/corners.py: ``cases()`` maps each
callable to ``[(args, kwargs), ...]`` like ``test_rules.CASES``."""

from __future__ import annotations

import numpy as np

try:
    import scipy.signal as signal
except ImportError:  # pragma: no cover
    signal = None

RNG = np.random.default_rng(16)
la = np.linalg


def C(*args, **kwargs):
    return args, kwargs


def randn(*shape):
    return RNG.standard_normal(shape)


def cases() -> dict:
    from srcad import runtime
    from srcad.rules.everyday import corner_helpers as hc
    w = np.array([[2.0, 0.3, 0.1], [0.2, -1.5, 0.4], [0.1, 0.5, 0.8]])   # real, distinct eigenvalues
    rot = np.array([[0.5, -2.0, 0.1], [1.5, 0.3, 0.2], [0.0, 0.4, -1.0]])  # a complex pair
    out = {
        np.vander: [C(randn(4)), C(randn(5), 3), C(randn(3), 4, increasing=True), C(randn(4), N=1)],
        # (a complex input with tiny imaginary parts is real on one side of every complex
        # direction only: checked end to end, in tests/test_signals_and_corners.py)
        np.real_if_close: [C(randn(4)), C(randn(2, 3) + 1j * randn(2, 3)), C(randn(3), tol=1000)],
        la.eig: [C(w), C(w + 0.1 * randn(3, 3)), C(np.stack([w, w.T]))],
        la.eigvals: [C(w), C(rot), C(randn(4, 4)), C(np.stack([rot, w]))],
        la.cond: [C(w), C(randn(3, 3)), C(randn(4, 3)), C(randn(3, 3), 2), C(randn(3, 3), -2),
                  C(np.stack([w, rot]))],
        np.histogram: [C(randn(8), 3), C(randn(8), 4, density=True), C(randn(2, 5), 3, weights=randn(2, 5)),
                       C(randn(8), np.linspace(-2.0, 2.0, 5), weights=RNG.uniform(0.5, 2.0, 8), density=True),
                       C(randn(8), 3, range=(-1.0, 1.0), weights=randn(8))],
        hc.r_concat: [C((randn(3), randn(2))), C((0.5, randn(3), slice(0, 2))), C((randn(2, 2), randn(1, 2)))],
        hc.c_concat: [C((randn(3), randn(3))), C((randn(3, 2), randn(3))), C((randn(2), slice(0, 2)))],
        runtime.reshape_method: [C(randn(2, 3), 3, 2, order='F'), C(randn(6), (2, 3), order='F')],
    }
    out[np.correlate] = [C(randn(4), randn(6), 'same'), C(randn(2), randn(5), 'same'),
                          C(randn(4), randn(7), 'same'), C(randn(3), randn(6), 'same')]
    if signal is not None:
        conv = []
        for mode in ('full', 'same', 'valid'):
            conv += [C(randn(6), randn(3), mode), C(randn(5), randn(4), mode=mode),
                     C(randn(3), randn(6), mode), C(randn(4, 5), randn(2, 3), mode),
                     C(randn(2, 3), randn(3, 4), mode) if mode != 'valid' else C(randn(2, 3), randn(3, 4), 'full'),
                     C(randn(3, 4, 2), randn(2, 2, 2), mode)]
        conv += [C(randn(6), randn(4), 'same', method='fft'), C(randn(4, 5), randn(2, 2), 'valid', method='direct')]
        out[signal.convolve] = conv
        out[signal.correlate] = list(conv) + [C(randn(5) + 1j * randn(5), randn(2) + 1j * randn(2), 'same')]
        fft = [C(randn(6), randn(3), mode) for mode in ('full', 'same', 'valid')]
        fft += [C(randn(3, 5), randn(3, 2), mode, axes=1) for mode in ('full', 'same', 'valid')]
        fft += [C(randn(3, 5), randn(1, 2), 'same', axes=-1), C(randn(1, 5), randn(3, 2), 'full', axes=[1]),
                C(randn(4, 5), randn(2, 3), 'same', axes=None), C(randn(3, 6), randn(3, 2), 'valid', axes=(1,))]
        out[signal.fftconvolve] = fft
        two = []
        for mode in ('full', 'same', 'valid'):
            two += [C(randn(4, 5), randn(2, 3), mode), C(randn(3, 3), randn(3, 3), mode),
                    C(randn(5, 4), randn(2, 2), mode, 'wrap'), C(randn(4, 5), randn(3, 2), mode, 'symm')]
        two += [C(randn(4, 5), randn(2, 3), 'same', 'fill', 0.7), C(randn(3, 4), randn(2, 2), 'full', fillvalue=-1.2),
                C(randn(2, 3), randn(3, 4), 'same'), C(randn(2, 2), randn(3, 3), 'full', 'wrap'),
                C(randn(2, 3), randn(4, 4), 'same', 'symm')]
        out[signal.convolve2d] = two
        out[signal.correlate2d] = list(two)
    return out
