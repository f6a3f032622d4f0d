"""Finite-difference cases of the wave-4 SciPy rules, for the registry-wide tests
(tests/test_rules.py): the distributions of srcad/rules/scipy/stats_more.py, huber,
pseudo_huber and binom of scipy.special (special_more.py), svd,
trapezoid/simpson/cumulative_trapezoid, cdist/pdist/squareform, lfilter and the
ndimage filters.  The frozen moments (a distribution object in) are checked end to
end in tests/test_scipy_wave4.py."""

from __future__ import annotations

import numpy as np


def _c(*args, **kwargs):
    return args, kwargs


def families(rng):
    """family -> (x sampler, shape parameter samplers, loc, scale)"""
    def between(lo, hi):
        return lambda *shape: rng.uniform(lo, hi, shape)
    return {
        'lognorm': (between(0.5, 3.0), (between(0.4, 1.2),), 0.1, 1.3),
        'weibull_min': (between(0.5, 3.0), (between(1.2, 3.0),), 0.1, 1.2),
        'halfnorm': (between(0.5, 3.0), (), 0.1, 1.4),
        'truncnorm': (between(-0.5, 1.0), (between(-1.5, -1.0), between(1.5, 2.0)), 0.1, 1.1),
        'uniform': (between(0.2, 1.2), (), 0.1, 1.3),
        'halfcauchy': (between(0.5, 3.0), (), 0.1, 1.2),
        'invgamma': (between(0.5, 3.0), (between(2.0, 4.0),), 0.1, 1.2),
        'pareto': (between(1.6, 4.0), (between(1.5, 3.0),), 0.1, 1.2),
        'gumbel_r': (lambda *s: rng.standard_normal(s), (), 0.2, 1.3),
    }


def cases(rng) -> dict:
    import scipy.linalg as sla
    from scipy import integrate, ndimage, signal, stats
    from scipy.spatial import distance
    from srcad.rules.scipy import loader, stats as scipy_stats
    from srcad.rules.scipy.stats_more import DISCRETE_METHODS
    loader.load()
    out = {}
    randn = rng.standard_normal
    for name, (sample, shapes, loc, scale) in families(rng).items():
        dist = getattr(stats, name)
        for method in scipy_stats.METHODS:
            first = (lambda *s: rng.uniform(0.1, 0.9, s)) if method == 'ppf' else sample
            theta = tuple(float(s()) for s in shapes)
            grid = tuple(s(3) for s in shapes)
            out[getattr(dist, method)] = [
                _c(first(4), *theta, loc, scale),
                _c(float(first()), *theta, loc=loc, scale=scale),
                _c(first(2, 3), *grid, np.full(3, loc) + 0.01 * randn(3), scale),
                _c(first(3), *theta, loc=np.asarray(loc), scale=np.full(3, scale)),
            ]
    k = np.array([0, 1, 3, 6])
    for method in DISCRETE_METHODS:
        out[getattr(stats.binom, method)] = [
            _c(k, 8, rng.uniform(0.2, 0.8, 4)), _c(3, 7, 0.4), _c(k, np.array([7, 8, 9, 10]), 0.35),
            _c(np.array([[1], [4]]), 9, rng.uniform(0.2, 0.8, 3))]
        kb = np.array([0, 0, 0, 0]) if 'sf' in method else np.array([0, 1, 1, 0])
        out[getattr(stats.bernoulli, method)] = [
            _c(kb, rng.uniform(0.2, 0.8, 4)), _c(int(kb[1]), 0.3)]
        out[getattr(stats.nbinom, method)] = [
            _c(k, 2.5, rng.uniform(0.2, 0.8, 4)), _c(3, rng.uniform(1.0, 4.0, 3), 0.4),
            _c(np.array([[1], [4]]), 3.5, rng.uniform(0.2, 0.8, 3))]
    from scipy import special
    r = np.array([0.3, -2.0, 1.5, -0.1, 0.8])
    out[special.huber] = [_c(1.0, r), _c(rng.uniform(0.5, 1.5, 5), r), _c(0.7, 1.2)]
    out[special.pseudo_huber] = [_c(1.0, r), _c(rng.uniform(0.5, 1.5, 5), r)]
    out[special.binom] = [_c(rng.uniform(4.0, 6.0, 3), rng.uniform(0.5, 2.5, 3)), _c(5.5, 2.2)]
    a, sq = randn((4, 3)), randn((3, 3))
    out[sla.svd] = [_c(sq), _c(a, full_matrices=False), _c(a, compute_uv=False),
                    _c(a.T, False)]
    out[sla.svdvals] = [_c(a), _c(sq)]
    t = np.sort(rng.uniform(0, 2, 7))
    for fn in (integrate.trapezoid, integrate.cumulative_trapezoid):
        out[fn] = [_c(randn(7)), _c(randn(7), t), _c(randn((3, 7)), dx=0.3),
                   _c(randn((7, 2)), t, axis=0)]
    out[integrate.cumulative_trapezoid].append(_c(randn(7), t, initial=0))
    out[integrate.simpson] = [_c(randn(7)), _c(randn(7), x=t), _c(randn(6), x=t[:6]),
                              _c(randn((7, 2)), x=t, axis=0), _c(randn((2, 6)), dx=0.2)]
    X, Y = randn((4, 2)), randn((3, 2))
    out[distance.cdist] = [_c(X, Y), _c(X, Y, 'sqeuclidean'), _c(X, Y, metric='cityblock')]
    out[distance.pdist] = [_c(X), _c(X, 'sqeuclidean'), _c(randn((5, 3)), metric='cityblock')]
    out[distance.squareform] = [_c(randn(6)), _c(randn((4, 4)), checks=False)]
    out[signal.lfilter] = [_c(randn(3), np.array([1.0, -0.5, 0.2]), randn(12)),
                           _c(randn(2), np.array([1.3, 0.4]), randn((10, 2)), axis=0),
                           _c(randn(2), np.array([1.0, -0.3]), randn((2, 9)))]
    img = randn((6, 5))
    out[ndimage.gaussian_filter1d] = [_c(randn(9), 1.2), _c(img, 0.8, axis=0, mode='wrap'),
                                      _c(img, 1.0, order=1, mode='constant', cval=0.3),
                                      _c(randn(9), 1.5, mode='nearest', truncate=2.0)]
    out[ndimage.gaussian_filter] = [_c(img, 1.0), _c(img, [0.7, 1.1], mode='mirror'),
                                    _c(img, 0.9, order=[1, 0])]
    out[ndimage.uniform_filter1d] = [_c(randn(9), 3), _c(img, 2, axis=0, mode='constant')]
    out[ndimage.uniform_filter] = [_c(img, 3), _c(img, [2, 3], mode='wrap')]
    return out
