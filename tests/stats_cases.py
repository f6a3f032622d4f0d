"""Finite-difference cases of the ``scipy.stats`` rules, for the registry-wide tests
(tests/test_rules.py, tests/test_tangents.py).  The frozen forms (``norm(mu, s)``
and ``d.logpdf(x)``), whose inputs or outputs are distribution objects, are checked
end to end in tests/test_scipy_stats.py."""

from __future__ import annotations

import numpy as np


def _c(*args, **kwargs):
    return args, kwargs


#: family -> (x sampler(rng, shape), shape parameter values, loc, scale)
def families(rng):
    def between(lo, hi):
        return lambda *shape: rng.uniform(lo, hi, shape)
    real = lambda *shape: rng.standard_normal(shape)  # noqa: E731
    away = lambda *shape: rng.choice([-1.0, 1.0], shape) * rng.uniform(0.3, 2.0, shape)  # noqa
    return {
        'norm': (real, (), 0.3, 1.4),
        't': (real, (between(2.0, 5.0),), -0.2, 1.3),
        'gamma': (between(0.6, 3.0), (between(1.5, 3.0),), 0.1, 1.2),
        'beta': (between(0.1, 1.0), (between(1.5, 3.0), between(1.5, 3.0)), -0.1, 1.5),
        'chi2': (between(0.6, 4.0), (between(3.0, 6.0),), 0.1, 1.3),
        'expon': (between(0.6, 3.0), (), 0.2, 1.5),
        'laplace': (away, (), 0.0, 1.2),
        'cauchy': (real, (), 0.4, 0.8),
        'logistic': (real, (), -0.3, 1.1),
    }


def cases(stats, rng) -> dict:
    """{callable: [(args, kwargs), ...]} for every scipy.stats rule with an adjoint."""
    from srcad.rules.scipy import stats as scipy_stats
    scipy_stats.load()
    out = {}
    for name, (sample, shapes, loc, scale) in families(rng).items():
        dist = getattr(stats, name)
        for method in scipy_stats.METHODS:
            first = (lambda *s: rng.uniform(0.1, 0.9, s)) if method == 'ppf' else sample
            theta = tuple(float(s()) for s in shapes)
            grid = tuple(s(3) for s in shapes)
            out[getattr(dist, method)] = [
                _c(first(4), *theta, loc, scale),
                _c(float(first()), *theta, loc=loc, scale=scale),
                _c(first(2, 3), *grid, np.full(3, loc) + 0.01 * rng.standard_normal(3),
                   scale),
                _c(first(3), *theta, loc=np.asarray(loc), scale=np.full(3, scale)),
            ]
    k = np.array([0, 1, 3, 6])
    for method in scipy_stats.POISSON_METHODS:
        out[getattr(stats.poisson, method)] = [
            _c(k, 2.5), _c(k, rng.uniform(1.0, 4.0, 4)), _c(3, 1.7, 1),
            _c(np.array([[1], [4]]), rng.uniform(1.0, 4.0, 3))]
    a = rng.standard_normal((3, 3))
    cov = a @ a.T + 3 * np.eye(3) + np.triu(rng.standard_normal((3, 3)), 1)  # junk above
    mvn = [_c(rng.standard_normal(3), rng.standard_normal(3), cov),
           _c(rng.standard_normal((4, 3)), rng.standard_normal(3), cov=cov),
           _c(rng.standard_normal((2, 1, 3)), mean=rng.standard_normal(3), cov=cov),
           _c(rng.standard_normal(3), rng.standard_normal(3), rng.uniform(0.5, 2.0, 3)),
           _c(rng.standard_normal(4), 0.3, 1.7),
           _c(rng.standard_normal((2, 3)), rng.standard_normal(3), cov, allow_singular=True)]
    out[stats.multivariate_normal.logpdf] = mvn
    out[stats.multivariate_normal.pdf] = [(args, kw) for args, kw in mvn[:3]]
    alpha = rng.uniform(0.8, 3.0, 4)
    x_short = rng.dirichlet(np.ones(4), 3).T[:3] * 0.9   # 3 of 4 components, sum < 1
    # (all K components lie on the simplex, off which SciPy refuses: finite differences
    # there are taken along it, in tests/test_scipy_stats.py)
    dir_cases = [_c(x_short, alpha), _c(x_short[:, 0], rng.uniform(0.8, 3.0, 4))]
    out[stats.dirichlet.logpdf] = dir_cases
    out[stats.dirichlet.pdf] = dir_cases
    return out


def end_to_end(stats) -> set:
    """Rules checked end to end instead (a distribution object in or out)."""
    from srcad.rules.scipy import stats as scipy_stats
    scipy_stats.load()
    return set(scipy_stats.GENERATORS) | set(scipy_stats.FROZEN_METHODS.values())
