"""More ``scipy.stats`` distributions (loaded with :mod:`srcad.rules.scipy.stats`):
``lognorm``, ``weibull_min``, ``halfnorm``, ``truncnorm``, ``uniform``, ``halfcauchy``,
``invgamma``, ``pareto``, ``gumbel_r``, the discrete ``binom`` and ``bernoulli``, and
the moments ``.mean()``, ``.var()``, ``.std()``, ``.entropy()`` of frozen distributions.

The continuous families are location-scale families like those of
:data:`srcad.rules.scipy.stats.FAMILIES` (into which :data:`MORE_FAMILIES` merges):
``logpdf`` and ``pdf`` are differentiable in every parameter.  Where the standard
``cdf`` has a closed-form derivative in a shape parameter (:data:`CDF_SHAPES`:
``lognorm`` in ``s``, ``weibull_min`` in ``c``, ``truncnorm`` in ``a`` and ``b``,
``pareto`` in ``b``), ``cdf``, ``sf``, ``logcdf``, ``logsf`` and ``ppf`` are too; the
other shape parameters of those methods (``invgamma``'s ``a``) are refused when
differentiated.

``nbinom(n, p)``: ``logpmf``/``pmf`` in ``n`` and ``p``, the ``cdf``-like methods in
``p`` only.  ``binom(n, p)`` and ``bernoulli(p)``: differentiable in ``p``; the count ``k`` and
the shift ``loc`` are piecewise constant; the number of trials ``n`` is an integer
and is refused when differentiated (SciPy gives ``nan`` for a fractional one).

A frozen distribution's moments are rules of the frozen object ``d`` (its adjoint an
``AdjointDict`` by parameter, as for ``d.logpdf(x)``); a parameter a moment has no
derivative formula in here (``t``'s ``df`` in ``.mean()``...) is refused.
"""

from __future__ import annotations

#: the log of the mass of a standard normal between a and b (accurate in both tails)
TRUNC_LOGMASS = ('np.log(np.where(a > 0, special.ndtr(-a) - special.ndtr(-b), '
                 'special.ndtr(b) - special.ndtr(a)))')
PHI = 'np.exp(-{v} * {v} / 2 - np.log(2 * np.pi) / 2 - ' + TRUNC_LOGMASS + ')'

#: family -> (shape parameters, f0'(z) / f0(z), {shape: d log f0 / d shape}, support of z)
MORE_FAMILIES = {
    'lognorm': (('s',), '-(1 + np.log({z}) / (s * s)) / {z}',
                {'s': '-1 / s + np.log({z}) ** 2 / s ** 3'}, '{z} > 0'),
    'weibull_min': (('c',), '(c - 1) / {z} - c * {z} ** (c - 1)',
                    {'c': '1 / c + np.log({z}) * (1 - {z} ** c)'}, '{z} > 0'),
    'halfnorm': ((), '-{z}', {}, '{z} >= 0'),
    'truncnorm': (('a', 'b'), '-{z}', {'a': PHI.format(v='a'), 'b': '-' + PHI.format(v='b')},
                  '({z} >= a) & ({z} <= b)'),
    'uniform': ((), '0.0 * {z}', {}, '({z} >= 0) & ({z} <= 1)'),
    'halfcauchy': ((), '-2 * {z} / (1 + {z} * {z})', {}, '{z} >= 0'),
    'invgamma': (('a',), '-(a + 1) / {z} + 1 / ({z} * {z})',
                 {'a': '-np.log({z}) - special.digamma(a)'}, '{z} > 0'),
    'pareto': (('b',), '-(b + 1) / {z}', {'b': '1 / b - np.log({z})'}, '{z} >= 1'),
    'gumbel_r': ((), 'np.expm1(-{z})', {}, None),
}

#: family -> {shape: d cdf0(z) / d shape}, where it has a closed form (0 outside the support)
CDF_SHAPES = {
    'lognorm': {'s': '-np.exp(-(np.log({z}) / s) ** 2 / 2) / np.sqrt(2 * np.pi) '
                     '* np.log({z}) / (s * s)'},
    'weibull_min': {'c': 'np.exp(-{z} ** c) * {z} ** c * np.log({z})'},
    'truncnorm': {
        'a': PHI.format(v='a') + ' * (TRUNC_CDF - 1)',
        'b': '-' + PHI.format(v='b') + ' * TRUNC_CDF'},
    'pareto': {'b': '{z} ** -b * np.log({z})'},
}
#: truncnorm's standard cdf inside [a, b]
TRUNC_CDF = ('np.clip(np.where(a > 0, special.ndtr(-a) - special.ndtr(-{z}), '
             'special.ndtr({z}) - special.ndtr(a)) / np.exp(' + TRUNC_LOGMASS + '), 0.0, 1.0)')


def shape_templates(name: str, method: str, family: tuple, masked, Z: str,
                    rules: dict) -> dict:
    """Add to ``rules`` (a ``cdf``-like method's templates) the adjoints of the shape
    parameters with a closed-form derivative (:data:`CDF_SHAPES`).  ``family``: the
    distribution's entry of :data:`.stats.FAMILIES`; ``masked``, ``Z``: stats' own."""
    _masked = masked
    shapes, _, _, support = family
    args = ', '.join(shapes + ('loc', 'scale'))
    for p, text in CDF_SHAPES.get(name, {}).items():
        text = text.replace('TRUNC_CDF', TRUNC_CDF)
        if method == 'ppf':
            z = '((ans - loc) / scale)'
            dF = _masked(text, support, z)
            rules[p] = f'unbroadcast(-g * {dF} / scipy_stats.{name}.pdf(ans, {args}), {p})'
            continue
        dF = _masked(text, support, Z)
        sign = '' if method in ('cdf', 'logcdf') else '-'
        ratio = ' * np.exp(-ans)' if method.startswith('log') else ''
        rules[p] = f'unbroadcast({sign}g * {dF}{ratio}, {p})'
    return rules


# --- binom and bernoulli ----------------------------------------------------------------------
DISCRETE_METHODS = ('logpmf', 'pmf', 'logcdf', 'cdf', 'logsf', 'sf')


def binom_templates(method: str, n: str = 'n') -> dict:
    """{'p': adjoint template} of ``binom.<method>(k, n, p, loc)`` (``n='1'``: bernoulli)."""
    k = '(np.asarray(k) - loc)'
    score = f'np.where(np.isfinite(ans), {k} / p - ({n} - {k}) / (1 - p), 0.0)'
    # d/dp P(X <= k) = -n pmf(k; n - 1, p)
    slope = f'{n} * scipy_stats.binom.pmf(np.floor({k}), {n} - 1, p)'
    ratio = 'np.exp(-ans)'
    return {'p': {
        'logpmf': f'unbroadcast(g * {score}, p)',
        'pmf': f'unbroadcast(g * np.where(ans > 0, ans * {score}, 0.0), p)',
        'cdf': f'unbroadcast(-g * {slope}, p)',
        'sf': f'unbroadcast(g * {slope}, p)',
        'logcdf': f'unbroadcast(-g * {slope} * {ratio}, p)',
        'logsf': f'unbroadcast(g * {slope} * {ratio}, p)'}[method]}


def nbinom_templates(method: str) -> dict:
    """{param: adjoint template} of ``nbinom.<method>(k, n, p, loc)`` (``n`` only in
    ``logpmf`` and ``pmf``: the cdf's derivative in ``n`` has no closed form)."""
    k = '(np.asarray(k) - loc)'
    fin = 'np.isfinite(ans)'
    dn = f'special.digamma({k} + n) - special.digamma(n) + np.log(p)'
    dp = f'n / p - {k} / (1 - p)'
    if method in ('logpmf', 'pmf'):
        seed = 'g' if method == 'logpmf' else 'g * ans'
        return {'n': f'unbroadcast({seed} * np.where({fin}, {dn}, 0.0), n)',
                'p': f'unbroadcast({seed} * np.where({fin}, {dp}, 0.0), p)'}
    # d/dp P(X <= k) = d/dp I_p(n, k + 1) = p^(n-1) (1-p)^k / B(n, k + 1), k >= 0
    kk = f'np.floor({k})'
    slope = (f'np.where({kk} >= 0, np.exp((n - 1) * np.log(p) + np.maximum({kk}, 0) '
             f'* np.log1p(-p) - special.betaln(n, np.maximum({kk}, 0) + 1)), 0.0)')
    sign = '' if 'cdf' in method else '-'
    ratio = ' * np.exp(-ans)' if method.startswith('log') else ''
    return {'p': f'unbroadcast({sign}g * {slope}{ratio}, p)'}


COUNT = 'a count: the distribution is piecewise constant in it'
SHIFT = 'an integer shift: the distribution is piecewise constant in it'


def register(special, stats, generators: dict) -> list:
    """Register binom and bernoulli (and their parameters in ``generators``);
    ``[(distribution, method, rule)]`` for the frozen forms."""
    from .. import registry
    namespace = {'scipy_stats': stats, 'special': special}
    declared = []
    for dist, name, signature, n in ((stats.binom, 'binom', 'k, n, p, loc=0', 'n'),
                                     (stats.bernoulli, 'bernoulli', 'k, p, loc=0', '1')):
        params = ('n', 'p', 'loc') if n == 'n' else ('p', 'loc')
        generators[dist] = (name, params, {'loc': 0})
        for method in DISCRETE_METHODS:
            fn = getattr(dist, method)
            rule = registry.adjoint(fn, signature, namespace, **binom_templates(method, n),
                                    forward='elementwise')
            object.__setattr__(rule, 'name', f'scipy.stats.{name}.{method}')
            registry.constant(fn, k=COUNT, loc=SHIFT)
            if n == 'n':  # (a name srcad otherwise reads as a size): refused when differentiated
                registry.constant(fn, n=None)
            declared.append((dist, method, rule))
    dist = stats.nbinom
    generators[dist] = ('nbinom', ('n', 'p', 'loc'), {'loc': 0})
    for method in DISCRETE_METHODS:
        fn = getattr(dist, method)
        rule = registry.adjoint(fn, 'k, n, p, loc=0', namespace, **nbinom_templates(method),
                                forward='elementwise')
        object.__setattr__(rule, 'name', f'scipy.stats.nbinom.{method}')
        registry.constant(fn, k=COUNT, loc=SHIFT)
        if 'n' not in rule.adjoints:
            registry.constant(fn, n=None)   # (refused: no closed form)
        declared.append((dist, method, rule))
    return declared


def declare_generators(stats) -> None:
    """What ``binom(n, p)`` (``bernoulli(p)``) passes on: ``n`` and ``loc`` are refused."""
    from .. import registry
    rule = registry.lookup(stats.nbinom)
    for p in ('loc',):
        rule.adjoints.pop(p, None), rule.texts.pop(p, None), rule.tangents.pop(p, None)
    registry.constant(stats.nbinom, loc=SHIFT)
    for dist in (stats.binom, stats.bernoulli):
        rule = registry.lookup(dist)
        for p in ('n', 'loc'):
            rule.adjoints.pop(p, None)
            rule.texts.pop(p, None)
            rule.tangents.pop(p, None)
        registry.constant(dist, loc=SHIFT)
        if 'n' in rule.signature.names:
            registry.constant(dist, n=None)
