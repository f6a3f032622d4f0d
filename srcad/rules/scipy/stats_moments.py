"""``d.mean()``, ``d.var()``, ``d.std()`` and ``d.entropy()`` of a frozen ``scipy.stats``
distribution ``d = dist(...)`` (loaded with :mod:`srcad.rules.scipy.stats`).

For a location-scale family with standard mean ``m0``, variance ``v0`` and entropy
``h0`` (functions of the shape parameters): ``mean = loc + scale * m0``,
``var = scale**2 * v0``, ``std = sqrt(var)``, ``entropy = h0 + log(scale)``.
:data:`MOMENTS` gives ``m0``, ``v0`` and the derivatives of ``m0``, ``v0``, ``h0`` in
each shape; a parameter a moment has no formula for here is refused when it is
differentiated (``truncnorm``'s moments, ``poisson``'s entropy...), and a distribution
without an entry (``cauchy``: no mean) has no moment rules at all.
"""

from __future__ import annotations

#: family -> (m0, {shape: dm0}, v0, {shape: dv0}, {shape: dh0}); shapes written {a}...
MOMENTS = {
    'norm': ('0.0', {}, '1.0', {}, {}),
    'laplace': ('0.0', {}, '2.0', {}, {}),
    'logistic': ('0.0', {}, 'np.pi ** 2 / 3', {}, {}),
    'expon': ('1.0', {}, '1.0', {}, {}),
    'halfnorm': ('np.sqrt(2 / np.pi)', {}, '1 - 2 / np.pi', {}, {}),
    'uniform': ('0.5', {}, '1 / 12', {}, {}),
    'gumbel_r': ('np.euler_gamma', {}, 'np.pi ** 2 / 6', {}, {}),
    'gamma': ('{a}', {'a': '1.0'}, '{a}', {'a': '1.0'},
              {'a': '1 + (1 - {a}) * special.polygamma(1, {a})'}),
    'chi2': ('{df}', {'df': '1.0'}, '2 * {df}', {'df': '2.0'},
             {'df': '0.5 + (1 - {df} / 2) * special.polygamma(1, {df} / 2) / 2'}),
    't': ('0.0 * {df}', {'df': '0.0'}, '{df} / ({df} - 2)', {'df': '-2 / ({df} - 2) ** 2'},
          {'df': '({df} + 1) / 4 * (special.polygamma(1, ({df} + 1) / 2) '
                 '- special.polygamma(1, {df} / 2)) + 1 / (2 * {df})'}),
    'beta': ('{a} / ({a} + {b})',
             {'a': '{b} / ({a} + {b}) ** 2', 'b': '-{a} / ({a} + {b}) ** 2'},
             '{a} * {b} / (({a} + {b}) ** 2 * ({a} + {b} + 1))',
             {'a': '{b} * (({b} - 2 * {a}) * ({a} + {b}) + {b} - {a}) '
                   '/ (({a} + {b}) ** 3 * ({a} + {b} + 1) ** 2)',
              'b': '{a} * (({a} - 2 * {b}) * ({a} + {b}) + {a} - {b}) '
                   '/ (({a} + {b}) ** 3 * ({a} + {b} + 1) ** 2)'},
             {'a': '-({a} - 1) * special.polygamma(1, {a}) '
                   '+ ({a} + {b} - 2) * special.polygamma(1, {a} + {b})',
              'b': '-({b} - 1) * special.polygamma(1, {b}) '
                   '+ ({a} + {b} - 2) * special.polygamma(1, {a} + {b})'}),
    'lognorm': ('np.exp({s} ** 2 / 2)', {'s': '{s} * np.exp({s} ** 2 / 2)'},
                'np.exp(2 * {s} ** 2) - np.exp({s} ** 2)',
                {'s': '4 * {s} * np.exp(2 * {s} ** 2) - 2 * {s} * np.exp({s} ** 2)'},
                {'s': '1 / {s}'}),
    'weibull_min': (
        'special.gamma(1 + 1 / {c})',
        {'c': '-special.gamma(1 + 1 / {c}) * special.digamma(1 + 1 / {c}) / {c} ** 2'},
        'special.gamma(1 + 2 / {c}) - special.gamma(1 + 1 / {c}) ** 2',
        {'c': '(2 * special.gamma(1 + 1 / {c}) ** 2 * special.digamma(1 + 1 / {c}) '
              '- 2 * special.gamma(1 + 2 / {c}) * special.digamma(1 + 2 / {c})) / {c} ** 2'},
        {'c': 'np.euler_gamma / {c} ** 2 - 1 / {c}'}),
    'invgamma': ('1 / ({a} - 1)', {'a': '-1 / ({a} - 1) ** 2'},
                 '1 / (({a} - 1) ** 2 * ({a} - 2))',
                 {'a': '-(3 * {a} - 5) / (({a} - 1) ** 3 * ({a} - 2) ** 2)'},
                 {'a': '1 - (1 + {a}) * special.polygamma(1, {a})'}),
    'pareto': ('{b} / ({b} - 1)', {'b': '-1 / ({b} - 1) ** 2'},
               '{b} / (({b} - 1) ** 2 * ({b} - 2))',
               {'b': '{b} / (({b} - 1) ** 2 * ({b} - 2)) '
                     '* (1 / {b} - 2 / ({b} - 1) - 1 / ({b} - 2))'},
               {'b': '-1 / {b} - 1 / {b} ** 2'}),
}

#: discrete distributions: moment -> {parameter: derivative}
DISCRETE = {
    'poisson': {'mean': {'mu': '1.0'}, 'var': {'mu': '1.0'}},
    'binom': {'mean': {'p': '{n}'}, 'var': {'p': '{n} * (1 - 2 * {p})'}},
    'nbinom': {'mean': {'n': '(1 - {p}) / {p}', 'p': '-{n} / {p} ** 2'},
               'var': {'n': '(1 - {p}) / {p} ** 2', 'p': '-{n} * (2 - {p}) / {p} ** 3'}},
    'bernoulli': {'mean': {'p': '1.0'}, 'var': {'p': '1 - 2 * {p}'},
                  'entropy': {'p': 'np.log1p(-{p}) - np.log({p})'}},
}
MOMENT_NAMES = ('mean', 'var', 'std', 'entropy')


def partials(name: str, shapes: tuple, moment: str) -> dict:
    """{parameter: d moment / d parameter} (placeholders ``{p}``; ``std`` reads ``ans``)."""
    if name in DISCRETE:
        table = DISCRETE[name]
        base = dict(table.get('var' if moment == 'std' else moment, {}))
    else:
        m0, dm0, v0, dv0, dh0 = MOMENTS[name]
        if moment == 'mean':
            base = {'loc': '1.0', 'scale': m0, **{p: '{scale} * (' + dm0[p] + ')' for p in dm0}}
        elif moment in ('var', 'std'):
            base = {'loc': '0.0', 'scale': '2 * {scale} * (' + v0 + ')',
                    **{p: '{scale} ** 2 * (' + dv0[p] + ')' for p in dv0}}
        else:
            base = {'loc': '0.0', 'scale': '1 / {scale}', **dh0}
        base = {p: d for p, d in base.items() if p in shapes + ('loc', 'scale')}
    if moment == 'std':
        base = {p: '(' + d + ') / (2 * ans)' for p, d in base.items()}
    return base


def declare(special, refused, frozen_check, generators: dict, frozen_methods: dict) -> None:
    """Register the moment rules of every frozen distribution with an entry here
    (``refused``, ``frozen_check``, the tables: from :mod:`.stats`, which calls this)."""
    from .. import registry
    namespace = {'special': special, 'Refused': refused, 'frozen_check': frozen_check}
    for dist, (name, params, _) in list(generators.items()):
        if name not in MOMENTS and name not in DISCRETE:
            continue
        reads = {p: f'frozen_param(d, {p!r})' for p in params}
        for moment in MOMENT_NAMES:
            found = partials(name, params, moment)
            why = (f'srcad has no derivative of {name}(...).{moment}() in its parameter '
                   '{p}')
            parts, terms = [], []
            for p in params:
                if p in found:
                    d = found[p].format(**reads)
                    parts.append(f'g * ({d})')
                    terms.append(f'({d}) * frozen_dot(dot, {p!r}, d)')
                else:
                    parts.append(f'Refused({why.format(p=p)!r})')
                    terms.append(f'frozen_check(dot, {p!r}, {why.format(p=p)!r})')
            fn = _moment_function(dist, name, moment, frozen_methods)
            rule = registry.adjoint(fn, 'd', namespace,
                                    d=f'frozen_grads({params!r}, {", ".join(parts)})',
                                    tangent={'d': ' + '.join(terms)})
            object.__setattr__(rule, 'name', f'scipy.stats.{name}(...).{moment}')


def _moment_function(dist, name: str, moment: str, table: dict):
    def call(d):
        return getattr(d, moment)()
    call.__name__ = call.__qualname__ = f'frozen_{name}_{moment}'
    call.__module__ = __name__
    call.__doc__ = f'``d.{moment}()`` of a frozen ``scipy.stats.{name}``.'
    table[dist, moment] = call
    return call
