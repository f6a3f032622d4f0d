"""Library idioms everyday NumPy code uses (issue 15), in reverse and forward mode
and to second order:

* the helpers of the ufunc methods (their rules: :mod:`srcad.rules.everyday.ufuncs`);
* ``math.prod``, ``math.dist`` (``math.fsum``: :mod:`srcad.rules.python.comprehensions`;
  ``math.log(x, base)``, ``math.hypot``: :mod:`srcad.rules.python.language`);
* ``np.random``'s draws: their sizes and seeds carry no derivative, so a draw
  runs as it is; a location-scale draw (``np.random.normal(mu, sigma)``,
  ``rng.uniform(low, high)``, ``rng.exponential(scale)``...) is differentiated in its
  parameters as a reparameterised sample, and any other distribution's parameter is
  refused (:mod:`srcad.rules.everyday.draws`).

(The reductions' ``where=`` and ``initial=``: :mod:`srcad.rules.reductions.rules`;
``np.clip``'s ``min=`` and ``max=``: :mod:`srcad.rules.elementwise.rules`.)
"""

from __future__ import annotations

import math

import numpy as np

from ..registry import MADE_ON_MISS, adjoint, linear, nondifferentiable, register_helpers
from . import draws


# --- helpers -----------------------------------------------------------------------------
def _floats(x):
    return np.asarray(x, dtype=float)


# --- declarations ------------------------------------------------------------------------
def _math() -> None:
    adjoint(math.prod, 'iterable, *, start=1',
            iterable='unarray(g * start * prod_others(floats(iterable), 0), iterable)',
            tangent=dict(iterable='start * float(np.sum(floats(dot) '
                                  '* prod_others(floats(iterable), 0)))'))
    diff = '(floats(p) - floats(q))'
    adjoint(math.dist, 'p, q', p=f'unarray(g * {diff} / ans, p)',
            q=f'unarray(-g * {diff} / ans, q)',
            tangent=dict(p=f'float(np.sum({diff} * floats(dot))) / ans',
                         q=f'-float(np.sum({diff} * floats(dot))) / ans'))
    linear(_floats, 'x', signature='x')


#: np.random's draws and what their parameters are (a differentiated value reaching a
#: distribution's parameter is refused: the draw's derivative in it needs the draw kept)
RANDOM = {
    'rand': '*d0', 'randn': '*d0', 'random': 'size=None', 'random_sample': 'size=None',
    'ranf': 'size=None', 'sample': 'size=None', 'standard_normal': 'size=None',
    'randint': 'low, high=None, size=None, dtype=None', 'seed': 'seed=None',
    'normal': 'loc=0.0, scale=1.0, size=None', 'uniform': 'low=0.0, high=1.0, size=None',
    'exponential': 'scale=1.0, size=None', 'gamma': 'shape, scale=1.0, size=None',
    'beta': 'a, b, size=None', 'binomial': 'n, p, size=None', 'poisson': 'lam=1.0, size=None',
    'laplace': 'loc=0.0, scale=1.0, size=None', 'logistic': 'loc=0.0, scale=1.0, size=None',
    'lognormal': 'mean=0.0, sigma=1.0, size=None', 'standard_t': 'df, size=None',
    'chisquare': 'df, size=None', 'dirichlet': 'alpha, size=None',
    'multivariate_normal': 'mean, cov, size=None, check_valid="warn", tol=1e-8',
}


RANDOM_CONSTANTS = dict(size='a shape (integers)', dtype='a dtype', check_valid='an option',
                        tol='a tolerance')


def _random() -> None:
    for name, signature in RANDOM.items():
        fn = getattr(np.random, name, None)
        if fn is None:
            continue
        if signature.startswith('*') or name in ('random', 'random_sample', 'ranf', 'sample',
                                                  'standard_normal', 'seed'):
            nondifferentiable(fn, why='a random draw: only its size (or seed) is passed')
        elif name in draws.REPARAMETERISED or name in draws.NOT_REPARAMETERISED \
                or name == 'multivariate_normal':
            draws.declare(adjoint, fn, name, f'np.random.{name}')
        else:
            adjoint(fn, signature, constants={p: why for p, why in RANDOM_CONSTANTS.items()
                                              if p in signature})
    for name in (*draws.REPARAMETERISED, *draws.NOT_REPARAMETERISED):   # (the other draws)
        fn = getattr(np.random, name, None)
        if fn is not None and name not in RANDOM:
            draws.declare(adjoint, fn, name, f'np.random.{name}')


register_helpers({'floats': _floats, 'draw_unit': draws.draw_unit})
_math()
_random()
nondifferentiable(draws.draw_unit, why='the standard draw behind a sample: constant along it')
MADE_ON_MISS.append(draws.bound_draw_rule)
