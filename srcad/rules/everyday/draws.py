"""Random draws with differentiated parameters: the reparameterisation gradient.

With its generator's state fixed (a seed), NumPy's draw from a location-scale
distribution *is* a smooth function of its parameters: ``Generator.normal(loc, scale)``
computes ``loc + scale * z`` with ``z`` a standard normal draw whose bits do not depend
on ``loc`` or ``scale`` (the same holds for ``laplace``, ``logistic``, ``gumbel``;
``uniform(low, high)`` is ``low + (high - low) * u``; ``exponential(scale)`` and
``rayleigh(scale)`` are ``scale * e``; ``lognormal(mean, sigma)`` is
``exp(mean + sigma * z)``; ``multivariate_normal(mean, cov)`` is ``mean + z @ A(cov)``).
srcad differentiates these draws in those parameters (``multivariate_normal`` in
``mean`` only), for ``np.random.<name>`` and for the methods of a ``Generator`` or
``RandomState`` the program holds, as autograd and JAX users expect of a
reparameterised sample: the standard draw is read back off the sample
(``z = (ans - loc) / scale``), so a zero ``scale`` (or ``high == low``) is refused when
the code runs.  Finite differences agree only when every evaluation draws the same
bits (a generator made from a seed inside the function).

Draws without such a form (``gamma``, ``beta``, ``poisson``, ``binomial``, ``standard_t``,
``chisquare``, ``dirichlet``: rejection sampling or discrete values) are refused when a
differentiated value reaches a distribution parameter.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ...errors import RuntimeCheckError
from ...runtime import unbroadcast  # noqa: F401  (named by the templates)

_UNIT = 'draw_unit(ans, {shift}, {width})'


def draw_unit(ans, shift, width):
    """The standard draw behind a reparameterised sample: ``(ans - shift) / width``
    (refused where ``width`` is zero: the draw cannot be read back there)."""
    width = np.asarray(width, dtype=float)
    if np.any(width == 0):
        raise RuntimeCheckError(
            'srcad differentiates a random draw in its scale through the standard draw it '
            'scales, which a zero scale (or high == low) hides',
            hint='keep the scale away from zero, or write the draw as loc + scale * z with '
                 'z drawn separately')
    return (np.asarray(ans, dtype=float) - shift) / width


def _location_scale(loc, scale):
    unit = _UNIT.format(shift=loc, width=scale)
    return ({loc: f'unbroadcast(g, {loc})', scale: f'unbroadcast(g * {unit}, {scale})'},
            {loc: 'dot + np.zeros(np.shape(ans))', scale: f'dot * {unit}'})


def _scale_only(scale):
    unit = _UNIT.format(shift='0.0', width=scale)
    return ({scale: f'unbroadcast(g * {unit}, {scale})'}, {scale: f'dot * {unit}'})


def _uniform():
    unit = _UNIT.format(shift='low', width='(high - low)')
    return ({'low': f'unbroadcast(g * (1 - {unit}), low)', 'high': f'unbroadcast(g * {unit}, high)'},
            {'low': f'dot * (1 - {unit})', 'high': f'dot * {unit}'})


def _lognormal():
    unit = 'draw_unit(np.log(ans), mean, sigma)'   # (the sample is exp(mean + sigma * z))
    return ({'mean': 'unbroadcast(g * ans, mean)', 'sigma': f'unbroadcast(g * ans * {unit}, sigma)'},
            {'mean': 'dot * ans', 'sigma': f'dot * ans * {unit}'})


def _multivariate_normal():
    return {'mean': 'unbroadcast(g, mean)'}, {'mean': 'dot + np.zeros(np.shape(ans))'}


#: name -> (signature, its adjoints and tangents): the reparameterised draws
REPARAMETERISED = {
    'normal': ('loc=0.0, scale=1.0, size=None', _location_scale('loc', 'scale')),
    'laplace': ('loc=0.0, scale=1.0, size=None', _location_scale('loc', 'scale')),
    'logistic': ('loc=0.0, scale=1.0, size=None', _location_scale('loc', 'scale')),
    'gumbel': ('loc=0.0, scale=1.0, size=None', _location_scale('loc', 'scale')),
    'uniform': ('low=0.0, high=1.0, size=None', _uniform()),
    'exponential': ('scale=1.0, size=None', _scale_only('scale')),
    'rayleigh': ('scale=1.0, size=None', _scale_only('scale')),
    'lognormal': ('mean=0.0, sigma=1.0, size=None', _lognormal()),
}
#: name -> signature: draws with no derivative in their parameters (refused when reached)
NOT_REPARAMETERISED = {
    'gamma': 'shape, scale=1.0, size=None', 'beta': 'a, b, size=None',
    'binomial': 'n, p, size=None', 'poisson': 'lam=1.0, size=None',
    'standard_t': 'df, size=None', 'chisquare': 'df, size=None', 'dirichlet': 'alpha, size=None',
    'standard_gamma': 'shape, size=None', 'negative_binomial': 'n, p, size=None',
    'geometric': 'p, size=None', 'weibull': 'a, size=None', 'pareto': 'a, size=None',
    'power': 'a, size=None', 'vonmises': 'mu, kappa, size=None', 'wald': 'mean, scale, size=None',
    'triangular': 'left, mode, right, size=None', 'f': 'dfnum, dfden, size=None',
    'noncentral_chisquare': 'df, nonc, size=None',
}
_MVN = 'mean, cov, size=None, check_valid="warn", tol=1e-8'
CONSTANTS = dict(size='a shape (integers)', dtype='a dtype', check_valid='an option',
                 tol='a tolerance', method='an option', replace='a flag', axis='an axis',
                 shuffle='a flag')
_OWNERS = (np.random.Generator, np.random.RandomState)


def _constants(signature: str) -> dict:
    """The parameters of a draw that carry no derivative (its size...), and ``None`` for its
    distribution's parameters: values, even where their names (``shape`` of ``gamma``,
    ``n`` of ``binomial``, ``mode`` of ``triangular``) elsewhere mean a shape or an option."""
    params = [p.split('=')[0].strip() for p in signature.split(',')]
    return {p: CONSTANTS.get(p) for p in params}


def declare(adjoint, fn, name: str, display: str) -> None:
    """Declare the rule of the draw ``fn`` (``np.random.<name>`` or a stand-in for a
    generator's method) named ``display`` in messages."""
    if name in REPARAMETERISED or name == 'multivariate_normal':
        signature, (adjoints, tangents) = REPARAMETERISED.get(name) or (_MVN,
                                                                        _multivariate_normal())
        adjoint(fn, signature, tangent=tangents, constants=_constants(signature),
                display_name=display, **adjoints)
    else:
        signature = NOT_REPARAMETERISED[name]
        adjoint(fn, signature, constants=_constants(signature), display_name=display)


def _stand_in(name: str):
    def draw(*args, **kwargs):
        raise TypeError('a stand-in for the rule of a generator method: not called')
    draw.__name__ = draw.__qualname__ = f'generator_{name}_draw'
    draw.__module__ = __name__
    return draw


#: method name -> the stand-in function whose rule ``rng.<name>`` gets (declared on first
#: use: most programs draw nothing with a differentiated parameter)
STAND_INS: dict = {}


def method_rule(name):
    """The rule of ``rng.<name>(...)`` for a ``Generator`` or ``RandomState`` ``rng`` (the
    two compute their draws alike), or None for a method without one."""
    from ..registry import RULES, adjoint
    if name not in REPARAMETERISED and name not in NOT_REPARAMETERISED \
            and name != 'multivariate_normal':
        return None
    if name not in STAND_INS:
        stand_in = _stand_in(name)
        declare(adjoint, stand_in, name, f'rng.{name}')
        STAND_INS[name] = stand_in
    return RULES[STAND_INS[name]]


def bound_draw_rule(fn):
    """The rule of ``rng.normal`` for a ``Generator`` (or ``RandomState``) ``rng``; None for
    anything else."""
    owner = getattr(fn, '__self__', None)
    if type(owner) not in _OWNERS or not hasattr(owner, getattr(fn, '__name__', '')):
        return None
    rule = method_rule(fn.__name__)
    return dataclasses.replace(rule, fn=fn) if rule is not None else None
