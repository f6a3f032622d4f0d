"""More ``scipy.special`` rules (loaded with SciPy's other rules): the robust losses
``huber(delta, r)`` and ``pseudo_huber(delta, r)``, and the real binomial coefficient
``binom(n, k)``, each in both arguments (elementwise: forward and second order follow).

``huber`` is ``r**2 / 2`` for ``|r| <= delta`` and ``delta * (|r| - delta / 2)``
beyond, with the derivative continuous at ``|r| = delta``; ``binom(n, k)`` is
``Gamma(n + 1) / (Gamma(k + 1) Gamma(n - k + 1))``, whose derivative is ``nan`` at
the poles of the digamma function (``k > n`` for integers).
"""

from __future__ import annotations

PSEUDO = 'np.sqrt(1 + (r / delta) ** 2)'

RULES = {
    'huber': dict(
        delta='unbroadcast(g * np.where(np.abs(r) <= delta, 0.0, np.abs(r) - delta), delta)',
        r='unbroadcast(g * np.where(np.abs(r) <= delta, r, delta * np.sign(r)), r)'),
    'pseudo_huber': dict(
        delta=f'unbroadcast(g * (2 * delta * ({PSEUDO} - 1) - r * r / (delta * {PSEUDO})), '
              'delta)',
        r=f'unbroadcast(g * r / {PSEUDO}, r)'),
}
BINOM = dict(
    n='unbroadcast(g * ans * (special.digamma(n + 1) - special.digamma(n - k + 1)), n)',
    k='unbroadcast(g * ans * (special.digamma(n - k + 1) - special.digamma(k + 1)), k)')


def declare(special) -> None:
    from ..registry import adjoint
    namespace = {'special': special}
    for name, rules in RULES.items():
        adjoint(getattr(special, name), 'delta, r', namespace, **rules, forward='elementwise')
    adjoint(special.binom, 'n, k', namespace, **BINOM, forward='elementwise')
