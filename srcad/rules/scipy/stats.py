"""Rules of ``scipy.stats`` distributions (registered once the program imports SciPy's stats).

Importing this module imports no SciPy: :func:`load` registers the rules the
first time a rule lookup misses after the program imported ``scipy.stats``
(:mod:`srcad.rules.scipy.loader`), or when the catalog lists everything.

Every method rule is one line of NumPy per parameter, in the standardized
variable ``z = (x - loc) / scale`` of the location-scale family and the
derivative ``f0'(z)`` of its standard log density (:data:`FAMILIES`); the
derivatives of ``cdf``, ``sf``, ``logcdf``, ``logsf`` and ``ppf`` are read off
the density.  Expressions are plain NumPy and ``scipy.special`` (and calls of
the ``pdf``/``logpdf`` rules themselves), so second order comes for free.

A distribution's shape parameter in its ``cdf`` (``gamma.cdf`` in ``a``,
``beta.cdf`` in ``a`` and ``b``, ``t.cdf`` and ``chi2.cdf`` in ``df``, and so
``sf``, ``logcdf``, ``logsf`` and ``ppf``) has no closed-form derivative: it has
no adjoint, so srcad refuses it, with its location, when it is differentiated.

A frozen distribution (``d = norm(mu, s)``) carries its parameters: calling the
distribution object is a rule whose output's adjoint is an ``AdjointDict`` by
parameter name, and ``d.logpdf(x)`` is the rule of :func:`frozen_method` (the
multivariate and Dirichlet distributions are in :mod:`srcad.rules.scipy.stats_multi`).
"""

from __future__ import annotations

import ast
import copy

import numpy as np

from ...errors import RuntimeCheckError
from ...runtime import AdjointDict, unbroadcast
from . import loader
from .stats_more import MORE_FAMILIES, shape_templates
from .. import registry


#: the standardized variable of a location-scale family
Z = '((x - loc) / scale)'

#: family -> (shape parameters, f0'(z), {shape: d logpdf / d shape}, support of z or None)
FAMILIES = {
    'norm': ((), '-{z}', {}, None),
    't': (('df',), '-(df + 1) * {z} / (df + {z} * {z})', {
        'df': '0.5 * (special.digamma((df + 1) / 2) - special.digamma(df / 2) - 1 / df '
              '- np.log1p({z} * {z} / df) + (df + 1) * {z} * {z} / (df * (df + {z} * {z})))'},
          None),
    'gamma': (('a',), '(a - 1) / {z} - 1', {'a': 'np.log({z}) - special.digamma(a)'}, '{z} > 0'),
    'beta': (('a', 'b'), '(a - 1) / {z} - (b - 1) / (1 - {z})', {
        'a': 'np.log({z}) - special.digamma(a) + special.digamma(a + b)',
        'b': 'np.log1p(-{z}) - special.digamma(b) + special.digamma(a + b)'},
             '({z} > 0) & ({z} < 1)'),
    'chi2': (('df',), '(df / 2 - 1) / {z} - 0.5',
             {'df': '0.5 * (np.log({z} / 2) - special.digamma(df / 2))'}, '{z} > 0'),
    'expon': ((), '-1.0 + 0.0 * {z}', {}, '{z} >= 0'),
    'laplace': ((), '-np.sign({z})', {}, None),
    'cauchy': ((), '-2 * {z} / (1 + {z} * {z})', {}, None),
    'logistic': ((), '-np.tanh({z} / 2)', {}, None),
    **MORE_FAMILIES,   # lognorm, weibull_min, halfnorm, truncnorm... (stats_more.py)
}
METHODS = ('logpdf', 'pdf', 'logcdf', 'cdf', 'logsf', 'sf', 'ppf')
POISSON_METHODS = ('logpmf', 'pmf', 'logcdf', 'cdf', 'logsf', 'sf')

#: why a parameter of a distribution's cdf (sf, ppf...) has no rule
NO_CLOSED_FORM = ('the derivative of {name}.{method} in its shape parameter {param} has no '
                  'closed form')


def _masked(expr: str, support, z: str) -> str:
    """``expr`` of ``z``, and 0 outside the support (evaluated at a safe point there)."""
    if support is None:
        return '(' + expr.format(z=z) + ')'
    inside = support.format(z=z)
    safe = f'np.where({inside}, {z}, 0.5)'
    return f'np.where({inside}, {expr.format(z=safe)}, 0.0)'


def family_templates(name: str, method: str) -> tuple:
    """(signature, {param: adjoint template}) of ``scipy.stats.<name>.<method>``."""
    shapes, dlog, dshape, support = FAMILIES[name]
    first = 'q' if method == 'ppf' else 'x'
    params = ', '.join((first,) + shapes)
    signature = f'{params}, loc=0.0, scale=1.0'
    args = ', '.join(shapes + ('loc', 'scale'))
    if method in ('logpdf', 'pdf'):
        seed = 'g' if method == 'logpdf' else 'g * ans'
        d = _masked(dlog, support, Z)
        one = _masked('1.0 + {z} * (' + dlog + ')', support, Z)
        rules = {'x': f'unbroadcast({seed} * {d} / scale, x)',
                 'loc': f'unbroadcast(-{seed} * {d} / scale, loc)',
                 'scale': f'unbroadcast(-{seed} * {one} / scale, scale)'}
        for p in shapes:
            rules[p] = f'unbroadcast({seed} * {_masked(dshape[p], support, Z)}, {p})'
        return signature, rules
    if method == 'ppf':
        density = f'np.exp(-scipy_stats.{name}.logpdf(ans, {args}))'
        return signature, shape_templates(name, method, FAMILIES[name], _masked, Z, {
            'q': f'unbroadcast(g * {density}, q)', 'loc': 'unbroadcast(g + 0.0 * ans, loc)',
            'scale': 'unbroadcast(g * (ans - loc) / scale, scale)'})
    if method in ('cdf', 'sf'):
        density = f'scipy_stats.{name}.pdf(x, {args})'
    else:
        density = f'np.exp(scipy_stats.{name}.logpdf(x, {args}) - ans)'
    sign = '' if method in ('cdf', 'logcdf') else '-'
    other = '-' if sign == '' else ''
    return signature, shape_templates(name, method, FAMILIES[name], _masked, Z, {
        'x': f'unbroadcast({sign}g * {density}, x)',
        'loc': f'unbroadcast({other}g * {density}, loc)',
        'scale': f'unbroadcast({other}g * {density} * {Z}, scale)'})


def poisson_templates(method: str) -> dict:
    """{'mu': adjoint template} of ``scipy.stats.poisson.<method>(k, mu, loc=0)``."""
    pmf = 'scipy_stats.poisson.pmf(np.floor(k), mu, loc)'
    ratio = 'np.exp(scipy_stats.poisson.logpmf(np.floor(k), mu, loc) - ans)'
    return {'mu': {
        'pmf': 'unbroadcast(g * ans * ((k - loc) / mu - 1), mu)',
        'logpmf': 'unbroadcast(g * np.where(np.isfinite(ans), (k - loc) / mu - 1, 0.0), mu)',
        'cdf': f'unbroadcast(-g * {pmf}, mu)',
        'sf': f'unbroadcast(g * {pmf}, mu)',
        'logcdf': f'unbroadcast(-g * {ratio}, mu)',
        'logsf': f'unbroadcast(g * {ratio}, mu)'}[method]}


# --- frozen distributions ---------------------------------------------------------------------
#: distribution object -> (its name, its parameters in order, their defaults)
GENERATORS: dict = {}
#: (distribution object, method name) -> the function standing for ``frozen.method(...)``
FROZEN_METHODS: dict = {}


def frozen_param(d, name):
    """The parameter ``name`` of a frozen distribution ``d`` (or the entry ``name`` of a
    frozen distribution's adjoint or tangent, a dict: 0.0 when absent)."""
    if isinstance(d, dict):
        return d.get(name, 0.0)
    if d is None or (type(d) in (int, float) and d == 0):
        return 0.0
    spec = _spec(frozen_family(d))
    if spec is None or getattr(d, 'dist', None) is None:
        if hasattr(d, name) and str(type(d).__module__).startswith('scipy.stats'):
            return getattr(d, name)   # multivariate_normal_frozen.mean, dirichlet_frozen.alpha
        raise RuntimeCheckError(f'srcad received a {type(d).__name__} where it expected a '
                                f'frozen scipy.stats distribution')
    _, params, defaults = spec
    bound = dict(defaults)
    bound.update(zip(params, d.args))
    bound.update(d.kwds)
    return bound[name]


def _spec(dist):
    for obj, spec in GENERATORS.items():
        if obj is dist:
            return spec
    return None


def generator(obj) -> bool:
    """Whether ``obj`` is a distribution object srcad has rules for (``scipy.stats.norm``)."""
    return _spec(obj) is not None


def frozen_family(obj):
    """The distribution object of a frozen distribution ``obj``, or None."""
    dist = getattr(obj, 'dist', None)
    for gen, (name, _, _) in GENERATORS.items():
        if dist is not None and type(dist) is type(gen) or \
                dist is None and type(obj).__name__ == f'{name}_frozen':
            return gen
    return None


def frozen_rule_function(obj, method: str):
    """The function standing for ``obj.method(...)`` of a frozen distribution, or None."""
    dist = frozen_family(obj)
    return FROZEN_METHODS.get((dist, method)) if dist is not None else None


def frozen_part(g, name, like):
    """What the parameter ``like`` passed as ``name`` receives of a frozen distribution's
    adjoint ``g`` (an ``AdjointDict`` by parameter name)."""
    if g is None or (type(g) in (int, float) and g == 0):
        return np.zeros(np.shape(like))
    if not isinstance(g, dict):
        raise RuntimeCheckError(f'srcad received an adjoint of type {type(g).__name__} for a '
                                f'frozen scipy.stats distribution')
    value = g.get(name, 0.0)
    if isinstance(value, Refused):
        value.refuse()
    if name == 'cov' and np.ndim(value) == 2 and np.ndim(like) < 2:
        value = np.diagonal(value) if np.ndim(like) == 1 else np.trace(value)
    return unbroadcast(value, like) if np.ndim(value) else value + np.zeros(np.shape(like))


def frozen_dot(dot, name, d):
    """The tangent of parameter ``name`` in a frozen distribution's tangent ``dot``."""
    value = frozen_param(dot, name)
    if type(value) is float and value == 0.0:
        return np.zeros(np.shape(frozen_param(d, name)))
    return value


def frozen_grads(names, p0=0.0, p1=0.0, p2=0.0, p3=0.0):
    """A frozen distribution's adjoint (or tangent): its parameters' by name."""
    return AdjointDict((n, p) for n, p in zip(names, (p0, p1, p2, p3))
                       if not (p is None or (type(p) in (int, float) and p == 0)))


def frozen_method(dist, method: str, first: str):
    """The function ``frozen.method(first)`` stands for, with its rule (declared by
    :func:`declare_frozen` once the unfrozen rule exists)."""
    def call(d, value):
        return getattr(d, method)(value)
    call.__name__ = call.__qualname__ = f'frozen_{GENERATORS[dist][0]}_{method}'
    call.__module__ = __name__
    call.__doc__ = f'``d.{method}({first})`` of a frozen ``scipy.stats.{GENERATORS[dist][0]}``.'
    FROZEN_METHODS[dist, method] = call
    return call


class _Substitute(ast.NodeTransformer):
    """A rule template with the distribution's parameters read off the frozen ``d``."""

    def __init__(self, replace: dict):
        self.replace = replace

    def visit_Name(self, node):
        if node.id in self.replace:
            return copy.deepcopy(self.replace[node.id])
        return node


def _param_expr(name: str, source: str = 'd', reader: str = 'frozen_param') -> ast.expr:
    return ast.parse(f'{reader}({source}, {name!r})', mode='eval').body


def declare_frozen(dist, method: str, unfrozen) -> None:
    """The rule of ``d.method(value)`` for ``d = dist(...)``: the unfrozen rule's templates
    with each parameter read off ``d``; ``d``'s adjoint is an ``AdjointDict`` by name."""
    name, params, _ = GENERATORS[dist]
    first = unfrozen.signature.params[0]
    fn = frozen_method(dist, method, first)
    rule = registry.adjoint(fn, 'd, value')
    object.__setattr__(rule, 'name', f'scipy.stats.{name}(...).{method}')
    rule.namespace.update(unfrozen.namespace)
    for key in ('frozen_param', 'frozen_grads', 'frozen_dot'):
        rule.namespace[key] = globals()[key]
    reads = {p: _param_expr(p) for p in unfrozen.signature.names}   # (allow_singular too)
    reads[first] = ast.Name('value', ast.Load())
    if first in unfrozen.adjoints:
        rule.adjoints['value'] = _Substitute(reads).visit(copy.deepcopy(unfrozen.adjoints[first]))
        rule.texts['value'] = ast.unparse(rule.adjoints['value'])
    if first in unfrozen.constants:   # poisson's k
        rule.constants['value'] = unfrozen.constants[first]
    if first in unfrozen.tangents:
        rule.tangents['value'] = _Substitute(reads).visit(copy.deepcopy(unfrozen.tangents[first]))
    why = NO_CLOSED_FORM.format(name=name, method=method, param='{param}')
    parts = [_Substitute(reads).visit(copy.deepcopy(unfrozen.adjoints[p]))
             if p in unfrozen.adjoints else
             ast.parse(f'Refused({why.format(param=p)!r})', mode='eval').body for p in params]
    rule.adjoints['d'] = ast.Call(ast.Name('frozen_grads', ast.Load()),
                                  [ast.Constant(tuple(params))] + parts, [])
    rule.texts['d'] = ast.unparse(rule.adjoints['d'])
    rule.namespace['Refused'] = Refused
    terms = []
    for p in params:
        if p in unfrozen.tangents:
            reads_dot = dict(reads, dot=_param_expr(p, 'dot', 'frozen_dot'))
            reads_dot['dot'].args.append(ast.Name('d', ast.Load()))
            terms.append(_Substitute(reads_dot).visit(copy.deepcopy(unfrozen.tangents[p])))
        else:
            terms.append(ast.parse(f'frozen_check(dot, {p!r}, {why.format(param=p)!r})',
                                   mode='eval').body)
            rule.namespace['frozen_check'] = frozen_check
    total = terms[0]
    for term in terms[1:]:
        total = ast.BinOp(total, ast.Add(), term)
    rule.tangents['d'] = total


class Refused:
    """A frozen distribution's adjoint for a parameter the method has no derivative in:
    reading it (the parameter is differentiated) raises; adding keeps it."""

    __array_ufunc__ = None  # array + Refused is Refused

    def __init__(self, why: str):
        self.why = why

    def __add__(self, other):
        return self

    __radd__ = __add__

    def refuse(self):
        raise RuntimeCheckError(f'srcad refuses: {self.why}',
                                hint='hold that parameter constant (srcad.stop_gradient), or '
                                     'use a method with a derivative in it (logpdf, pdf)')


def frozen_check(dot, name, why):
    """0.0, or the refusal when a frozen distribution's tangent varies ``name``."""
    if isinstance(dot, dict) and name in dot:
        Refused(why).refuse()
    return 0.0


def load() -> bool:
    """Register the rules (once); False when SciPy is not installed."""
    return loader.load('scipy.stats')


def _declare() -> None:
    from scipy import special, stats
    _register(special, stats)


def _register(special, stats) -> None:
    namespace = {'scipy_stats': stats, 'special': special}
    registry.register_helpers({'scipy_stats': stats, 'frozen_param': frozen_param,
                               'frozen_part': frozen_part, 'frozen_grads': frozen_grads,
                               'frozen_dot': frozen_dot})
    registry.linear(frozen_grads, 'p0', 'p1', 'p2', 'p3',
                    signature='names, p0=0.0, p1=0.0, p2=0.0, p3=0.0')
    registry.linear(frozen_param, 'd', signature='d, name')
    registry.linear(frozen_part, 'g', signature='g, name, like')
    registry.linear(frozen_dot, 'dot', signature='dot, name, d')
    registry.nondifferentiable(frozen_check, Refused, why='a refusal (raises when it runs)')
    declared = []
    for name, (shapes, *_rest) in FAMILIES.items():
        dist = getattr(stats, name)
        GENERATORS[dist] = (name, shapes + ('loc', 'scale'), {'loc': 0.0, 'scale': 1.0})
        for method in METHODS:
            signature, rules = family_templates(name, method)
            rule = registry.adjoint(getattr(dist, method), signature, namespace, **rules,
                                    forward='elementwise')
            object.__setattr__(rule, 'name', f'scipy.stats.{name}.{method}')
            declared.append((dist, method, rule))
    dist = stats.poisson
    GENERATORS[dist] = ('poisson', ('mu', 'loc'), {'loc': 0})
    for method in POISSON_METHODS:
        rule = registry.adjoint(getattr(dist, method), 'k, mu, loc=0', namespace,
                                **poisson_templates(method), forward='elementwise')
        object.__setattr__(rule, 'name', f'scipy.stats.poisson.{method}')
        registry.constant(getattr(dist, method),
                          k='a count: the distribution is piecewise constant in it',
                          loc='an integer shift: the distribution is piecewise constant in it')
        declared.append((dist, method, rule))
    from . import stats_more, stats_moments, stats_multi as scipy_stats_multi
    declared += scipy_stats_multi.register(special, stats, GENERATORS)
    declared += stats_more.register(special, stats, GENERATORS)
    _declare_generators(stats)
    stats_more.declare_generators(stats)
    for dist, method, rule in declared:
        declare_frozen(dist, method, rule)
    stats_moments.declare(special, Refused, frozen_check, GENERATORS, FROZEN_METHODS)


def _declare_generators(stats) -> None:
    """``norm(loc, scale)`` and the other distribution objects called: a frozen
    distribution, whose adjoint is an ``AdjointDict`` of its parameters'."""
    for dist, (name, params, defaults) in GENERATORS.items():
        parts = [p if p not in defaults else f'{p}={defaults[p]!r}' for p in params]
        if name == 'multivariate_normal':
            parts.append('allow_singular=False')
        rule = registry.adjoint(dist, ', '.join(parts),
                                **{p: f'frozen_part(g, {p!r}, {p})' for p in params},
                                tangent={p: f'frozen_grads(({p!r},), dot)' for p in params})
        object.__setattr__(rule, 'name', f'scipy.stats.{name}')
        if name == 'multivariate_normal':
            registry.constant(dist, allow_singular='a flag')
        if name == 'poisson':
            registry.constant(dist, loc='an integer shift: the distribution is piecewise '
                                        'constant in it')
            del rule.adjoints['loc'], rule.tangents['loc']


def public_name(fn) -> str | None:
    """``scipy.stats.norm.logpdf`` for the bound method ``stats.norm.logpdf``."""
    owner = getattr(fn, '__self__', None)
    spec = _spec(owner)
    if spec is None or getattr(fn, '__name__', None) is None:
        return None
    return f'scipy.stats.{spec[0]}.{fn.__name__}'


def bound_rule(fn):
    """The rule of ``d.logpdf`` for one frozen distribution ``d`` known only when the code
    runs (a function's parameter): the frozen method's rule for ``value``, with ``d``
    bound to the object (its parameters are constants there).  None for anything else."""
    owner = getattr(fn, '__self__', None)
    if owner is None or not loader.loaded('scipy.stats') \
            or not str(type(owner).__module__).startswith('scipy.stats'):
        return None
    method = frozen_rule_function(owner, getattr(fn, '__name__', ''))
    frozen = registry.RULES.get(method) if method is not None else None
    if frozen is None:
        return None
    bind = {'d': ast.Name('frozen_object', ast.Load())}
    adjoints = {p: _Substitute(bind).visit(copy.deepcopy(t))
                for p, t in frozen.adjoints.items() if p == 'value'}
    tangents = {p: _Substitute(bind).visit(copy.deepcopy(t))
                for p, t in frozen.tangents.items() if p == 'value'}
    return registry.Rule(fn, frozen.name, registry.Signature(('value',), {}), adjoints,
                         {p: ast.unparse(t) for p, t in adjoints.items()},
                         dict(frozen.namespace, frozen_object=owner), tangents,
                         constants=dict(frozen.constants))


loader.family('scipy.stats', 'scipy.stats', _declare, after=('scipy',))
registry.MADE_ON_MISS.append(bound_rule)
