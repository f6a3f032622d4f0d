"""Rules of ``scipy.special`` (registered only when SciPy is installed).

srcad works without SciPy: without it this module registers nothing.  The
rules call ``special.<name>`` for the derivatives that are themselves special
functions (``gammaln' = digamma``, ``i0' = i1``...).
"""

import numpy as np

from ...runtime import expand_reduced, unbroadcast, unreduce
from ..elementwise.helpers import is_zero
# the helper modules whose functions this module's templates call (importing registers them)
from . import special_tangents  # noqa: F401
from ..registry import adjoint, register_helpers

try:
    from scipy import special
except ImportError:  # pragma: no cover - exercised only without SciPy
    special = None


def logsumexp_adjoint(g, a, ans, axis=None, b=None, keepdims=False, return_sign=False,
                      which=0):
    """The adjoint of ``a`` (``which=0``) or ``b`` in
    ``scipy.special.logsumexp(a, axis, b, keepdims, return_sign)``:
    ``g * b * exp(a - ans)`` (times the sign of the sum when it is returned); an entry
    of -inf gets 0."""
    full = np.broadcast_to(a, np.broadcast_shapes(np.shape(a), np.shape(b)))
    if return_sign:
        g, ans, sign = g[0], ans[0], ans[1]
        if is_zero(g):
            return np.zeros(np.shape(a if which == 0 else b))
        g = g * sign
    # (where every entry is -inf, so is ans: each entry's weight is 0 there, not nan)
    top = np.where(ans == -np.inf, 0.0, ans)
    weight = unreduce(g, full, axis, keepdims) * np.exp(
        full - expand_reduced(top, full, axis, keepdims))
    if which == 0:
        return unbroadcast(weight if b is None else weight * b, a)
    return unbroadcast(weight, b)


if special is not None:
    register_helpers({'special': special, 'logsumexp_adjoint': logsumexp_adjoint})
    UNARY = {
        special.expit: 'g * ans * (1 - ans)',
        special.logit: 'g / (x * (1 - x))',
        special.log_expit: 'g * special.expit(-x)',
        special.softplus: 'g * special.expit(x)',
        special.erf: 'g * TWO_OVER_SQRT_PI * np.exp(-x * x)',
        special.erfc: '-g * TWO_OVER_SQRT_PI * np.exp(-x * x)',
        special.erfinv: 'g * SQRT_PI_OVER_TWO * np.exp(ans * ans)',
        special.erfcinv: '-g * SQRT_PI_OVER_TWO * np.exp(ans * ans)',
        special.erfcx: 'g * (2 * x * ans - TWO_OVER_SQRT_PI)',
        special.dawsn: 'g * (1 - 2 * x * ans)',
        special.ndtr: 'g * INV_SQRT_2PI * np.exp(-x * x / 2)',
        special.log_ndtr: 'g * INV_SQRT_2PI * np.exp(-x * x / 2 - ans)',
        special.ndtri: 'g * SQRT_2PI * np.exp(ans * ans / 2)',
        special.gammaln: 'g * special.digamma(x)',
        special.loggamma: 'g * special.digamma(x)',
        special.gamma: 'g * ans * special.digamma(x)',
        special.rgamma: '-g * ans * special.digamma(x)',
        special.digamma: 'g * special.zeta(2, x)',  # the trigamma function
        special.entr: '-g * (np.log(x) + 1)',
        special.i0: 'g * special.i1(x)',
        special.i1: 'g * (special.i0(x) - np.where(x == 0, 0.5, ans / np.where(x == 0, 1, x)))',
        special.i0e: 'g * (special.i1e(x) - np.sign(x) * ans)',
        special.i1e: 'g * (special.i0e(x) - np.sign(x) * ans'
                     ' - np.where(x == 0, 0.5, ans / np.where(x == 0, 1, x)))',
        special.j0: '-g * special.j1(x)',
        special.j1: 'g * (special.j0(x) - np.where(x == 0, 0.5, ans / np.where(x == 0, 1, x)))',
        special.y0: '-g * special.y1(x)',
        special.y1: 'g * (special.y0(x) - ans / x)',
        special.expm1: 'g * (ans + 1)',
        special.log1p: 'g / (1 + x)',
        special.exp2: 'g * ans * LN2',
        special.exp10: 'g * ans * LN10',
        special.cbrt: 'g / (3 * ans * ans)',
        special.sindg: 'g * (np.pi / 180) * special.cosdg(x)',
        special.cosdg: '-g * (np.pi / 180) * special.sindg(x)',
        np.i0: 'g * special.i1(x)',
    }
    for fn, text in UNARY.items():
        adjoint(fn, 'x', x=text, forward='elementwise')

    BINARY = {
        special.xlogy: dict(x='unbroadcast(g * np.log(y), x)', y='unbroadcast(g * x / y, y)'),
        special.xlog1py: dict(x='unbroadcast(g * np.log1p(y), x)',
                              y='unbroadcast(g * x / (1 + y), y)'),
        special.rel_entr: dict(x='unbroadcast(g * (np.log(x / y) + 1), x)',
                               y='unbroadcast(-g * x / y, y)'),
        special.kl_div: dict(x='unbroadcast(g * np.log(x / y), x)',
                             y='unbroadcast(g * (1 - x / y), y)'),
        special.betaln: dict(
            x='unbroadcast(g * (special.digamma(x) - special.digamma(x + y)), x)',
            y='unbroadcast(g * (special.digamma(y) - special.digamma(x + y)), y)'),
        special.beta: dict(
            x='unbroadcast(g * ans * (special.digamma(x) - special.digamma(x + y)), x)',
            y='unbroadcast(g * ans * (special.digamma(y) - special.digamma(x + y)), y)'),
    }
    for fn, rules in BINARY.items():
        adjoint(fn, 'x, y', **rules, forward='elementwise')
    # the order n of polygamma is an integer; the shape a of gammainc has no rule yet
    # (refused when differentiated: srcad.rules.registry.Rule.classify)
    ORDERED = {
        special.polygamma: ('n, x', dict(x='unbroadcast(g * special.polygamma(n + 1, x), x)')),
        special.gammainc: ('a, x', dict(
            x='unbroadcast(g * np.exp((a - 1) * np.log(x) - x - special.gammaln(a)), x)')),
        special.gammaincc: ('a, x', dict(
            x='unbroadcast(-g * np.exp((a - 1) * np.log(x) - x - special.gammaln(a)), x)')),
    }
    for fn, (signature, rules) in ORDERED.items():
        adjoint(fn, signature, **rules, forward='elementwise')

    adjoint(special.logsumexp, 'a, axis=None, b=None, keepdims=False, return_sign=False',
            a='logsumexp_adjoint(g, a, ans, axis, b, keepdims, return_sign, 0)',
            b='logsumexp_adjoint(g, a, ans, axis, b, keepdims, return_sign, 1)',
            tangent={'a': 'logsumexp_tangent(dot, a, ans, axis, b, keepdims, return_sign, 0)',
                     'b': 'logsumexp_tangent(dot, a, ans, axis, b, keepdims, return_sign, 1)'})
    adjoint(special.softmax, 'x, axis=None',
            x='ans * (g - np.sum(g * ans, axis=axis, keepdims=True))',
            tangent={'x': 'ans * (dot - np.sum(dot * ans, axis=axis, keepdims=True))'})
    adjoint(special.log_softmax, 'x, axis=None',
            x='g - np.exp(ans) * np.sum(g, axis=axis, keepdims=True)',
            tangent={'x': 'dot - np.sum(np.exp(ans) * dot, axis=axis, keepdims=True)'})
