"""Registry-wide cases (tests/test_rules.py, tests/test_tangents.py) for the rules of
srcad/rules/scipy/integrate.py: ``cases()`` maps ``odeint`` to ``[(args, kwargs), ...]`` like
``test_rules.CASES``.  The solver runs at tolerances near machine precision, so that
the central differences of those tests (step 1e-6) see the derivative, not the
solver's error.  ``solve_ivp`` returns an ``OdeResult`` (a dict), which those tests do
not compare: it is checked end to end in tests/test_odes.py and
tests/corpus/programs/odes.py (``UNCHECKED``)."""

from __future__ import annotations

import numpy as np

try:
    from scipy.integrate import odeint, solve_ivp
except ImportError:  # pragma: no cover
    odeint = solve_ivp = None

RNG = np.random.default_rng(1616)
TIGHT = dict(rtol=1e-13, atol=1e-13)


def C(*args, **kwargs):
    return args, kwargs


def damped(y, t, k, c):
    return np.array([y[1], -k * y[0] - c * y[1]])


def forced(t, y, omega):
    return [y[1], -y[0] + np.cos(omega * t)]


def linear(y, t, A):
    return A @ y


def cases() -> dict:
    if odeint is None:
        return {}
    A = RNG.standard_normal((3, 3)) * 0.5 - np.eye(3)
    return {odeint: [
        C(damped, np.array([1.0, 0.3]), np.linspace(0.0, 1.0, 4), (2.0, 0.4), **TIGHT),
        C(forced, np.array([0.2, -0.5]), np.array([0.0, 0.5, 1.2]), args=(1.3,), tfirst=True,
          **TIGHT),
        C(linear, RNG.standard_normal(3), np.array([0.0, 0.7]), args=(A,), **TIGHT),
    ]}


#: callables the finite-difference harness cannot compare, checked end to end instead
UNCHECKED = {solve_ivp} if solve_ivp is not None else set()

#: callables whose second derivative srcad refuses, and why
SECOND_ORDER_REFUSED = {odeint: 'srcad has no second derivative of an ODE solution yet'} \
    if odeint is not None else {}
