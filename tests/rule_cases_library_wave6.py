"""Finite-difference cases of the library-wave-6 rules, for the registry-wide tests
(tests/test_rules.py): scipy.fft (srcad/rules/scipy/fft.py) and scipy.optimize.rosen /
rosen_der (rosen.py).  The random draws (srcad/rules/everyday/draws.py) and the calls of
scipy.interpolate objects (interpolate.py) draw new bits or need an object: checked end to
end in tests/regressions/test_library_wave6.py and tests/corpus/programs/library_wave6.py."""

from __future__ import annotations

import numpy as np


def _c(*args, **kwargs):
    return args, kwargs


def cases(rng) -> dict:
    from scipy import fft as sfft
    from scipy import optimize
    from srcad.rules.scipy import loader
    loader.load()

    def randn(*shape):
        return rng.standard_normal(shape)

    def crandn(*shape):
        return randn(*shape) + 1j * randn(*shape)

    norms = (None, 'ortho', 'forward')
    out = {
        sfft.fft: [_c(randn(8)), _c(crandn(7)), _c(randn(8), 6), _c(crandn(5), 9),
                   _c(randn(4, 3), axis=0), _c(randn(6), workers=2)]
        + [_c(crandn(6), norm=n) for n in norms],
        sfft.ifft: [_c(randn(8)), _c(crandn(8), 5)] + [_c(crandn(6), norm=n) for n in norms],
        sfft.rfft: [_c(randn(8)), _c(randn(7)), _c(randn(5), 10), _c(randn(5, 3), axis=0)]
        + [_c(randn(6), norm=n) for n in norms],
        sfft.irfft: [_c(crandn(5)), _c(crandn(5), 9), _c(crandn(4, 3), axis=0)]
        + [_c(crandn(5), norm=n) for n in norms],
        sfft.hfft: [_c(crandn(5)), _c(crandn(5), 9), _c(crandn(4), norm='ortho')],
        sfft.ihfft: [_c(randn(8)), _c(randn(6), 8, norm='forward')],
        sfft.fftn: [_c(crandn(3, 4)), _c(randn(3, 4), s=(4, 5)), _c(crandn(3, 4), axes=(0,))],
        sfft.ifftn: [_c(crandn(3, 4)), _c(randn(3, 4), s=(2, 6), axes=(0, 1))],
        sfft.fft2: [_c(crandn(3, 4)), _c(crandn(3, 4), s=(4, 2), norm='forward')],
        sfft.ifft2: [_c(crandn(3, 4)), _c(randn(3, 4), axes=(1, 0))],
        sfft.rfftn: [_c(randn(4, 6)), _c(randn(3, 4), s=(4, 6)), _c(randn(2, 3, 4), axes=(0, 2))],
        sfft.irfftn: [_c(crandn(4, 4)), _c(crandn(3, 4), s=(3, 7))],
        sfft.rfft2: [_c(randn(4, 6)), _c(randn(3, 5), norm='ortho')],
        sfft.irfft2: [_c(crandn(4, 4)), _c(crandn(3, 3), s=(4, 5))],
        optimize.rosen: [_c(randn(5)), _c(randn(2)), _c(randn(4, 3))],
        optimize.rosen_der: [_c(randn(5)), _c(randn(2)), _c(randn(3, 2))],
    }
    for name in ('dct', 'idct', 'dst', 'idst'):
        fn = getattr(sfft, name)
        out[fn] = ([_c(randn(7), type=t, norm=n) for t in (1, 2, 3, 4) for n in norms]
                   + [_c(randn(6), 2, 9), _c(randn(6), 3, 4, norm='ortho'),
                      _c(randn(4, 5), axis=0, type=4), _c(crandn(5), type=2)])
        fn = getattr(sfft, name + 'n')
        out[fn] = [_c(randn(3, 4)), _c(randn(3, 4), type=1, norm='forward'),
                   _c(randn(3, 4), s=(5, 2)), _c(randn(2, 3, 4), axes=(0, 2), norm='ortho'),
                   _c(randn(3, 4), type=3, axes=1)]
    return out


def unchecked() -> set:
    """Rules with no finite-difference case here (checked end to end instead)."""
    import numpy as np
    from srcad.rules import registry
    from srcad.rules.everyday import draws
    from srcad.rules.scipy import interpolate as interpolants, loader
    loader.load()
    for name in (*draws.REPARAMETERISED, *draws.NOT_REPARAMETERISED, 'multivariate_normal'):
        draws.method_rule(name)   # (declared on first use)
    found = set(draws.STAND_INS.values()) | set(interpolants.STAND_INS.values())
    for name in (*draws.REPARAMETERISED, 'multivariate_normal'):
        fn = getattr(np.random, name, None)
        if fn is not None and registry.lookup(fn) is not None:
            found.add(fn)
    return found
