"""Tangents srcad derives from the source of its own adjoint helpers.

``hvp`` runs forward mode over a generated gradient, which calls adjoint helpers
(``uncumprod``, ``solve_da``, ``eigh_adjoint``...).  The helpers listed in
``forward_second_order.DERIVED`` have no forward rule: srcad differentiates their
source like any function of the user's.  Checked here: no hand-written duplicate is
left for them; their derived tangents match finite differences of the helpers
themselves; ``hvp`` through them matches finite differences of the gradient; and
helpers (or any function) with default parameter values keep those defaults in
their generated derivatives (they were dropped: ``TypeError: cond_adjoint_jvp()
missing 1 required positional argument: 'p'``).
"""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pytest
import scipy.linalg as sla
import scipy.special as special

import srcad
from srcad import runtime as rt
from srcad.calls import jvp_of, split
from srcad.rules.runtime_helpers import second_order as fso
from srcad.rules import registry
from srcad.rules.elementwise import complex as hc, helpers as he
from srcad.rules.reductions import helpers as hr
from srcad.rules.linalg import helpers as hl
from srcad.rules.products import helpers as hp
from srcad.rules.registry import adjoint, tangent
from srcad.testing import assert_close, check_derivatives

rng = np.random.default_rng(11)
registry.lookup(special.logsumexp)  # (SciPy's rules, and its derived helpers, load now)


def randn(*shape):
    return rng.standard_normal(shape)


# --- default parameter values ------------------------------------------------------------------
def scaled_adjoint(g, x, p=None, *, shift=0.0):
    """An adjoint helper with defaults, called without them by the rule below."""
    s = 2.0 if p is None else p
    return g * s * np.cos(x + shift)


def scaled_sin(x, p=None):
    return (2.0 if p is None else p) * np.sin(x)


adjoint(scaled_sin, 'x, p=None', x='scaled_adjoint(g, x, p)',
        namespace={'scaled_adjoint': scaled_adjoint})
tangent(scaled_sin, x='dot * (2.0 if p is None else p) * np.cos(x)')


def uses_scaled_sin(x):
    return np.sum(scaled_sin(x) ** 2)


def with_defaults(x, a=2.0, *, b=3.0):
    return np.sin(x) * a * b


def calls_with_defaults(x):
    return np.sum(with_defaults(x) ** 2 + with_defaults(x, 0.5, b=1.5))


def test_hvp_through_a_helper_called_without_its_defaults():
    x = np.array([0.3, -0.7, 1.1])
    check_derivatives(uses_scaled_sin, x)


def test_derivatives_of_a_function_called_without_its_defaults():
    check_derivatives(calls_with_defaults, np.array([0.3, -0.7, 1.1]))


def test_generated_derivatives_keep_the_defaults():
    generated = jvp_of(scaled_adjoint, ['g', 'x']).compiled.fn
    assert generated.__defaults__ == (None,)
    assert generated.__kwdefaults__ == {'shift': 0.0}
    forward = split(with_defaults, ['x']).compiled.functions['with_defaults_forward']
    assert forward.__defaults__ == (2.0,) and forward.__kwdefaults__ == {'b': 3.0}


def cond_squared(a):
    return np.linalg.cond(a) ** 2


def test_hvp_of_cond_whose_adjoint_helper_has_a_default():
    assert inspect.signature(__import__('srcad.rules.everyday.corner_helpers', fromlist=['x'])
                             .cond_adjoint).parameters['p'].default is None
    check_derivatives(cond_squared, np.array([[2.0, 0.3, 0.1], [0.1, 1.5, 0.2],
                                              [0.3, 0.2, 1.0]]))


# --- no hand-written duplicate --------------------------------------------------------------
def test_derived_helpers_have_no_forward_rule_or_tangent_helper():
    assert len(fso.DERIVED) >= 30
    helpers = registry.helper_functions()
    for fn in fso.DERIVED:
        assert registry.RULES.get(fn) is None, f'{fn.__name__} still has a hand-written rule'
        for suffix in ('_tangent', '_dx'):
            assert fn.__name__ + suffix not in helpers, f'{fn.__name__}{suffix} is left'
    for gone in ('uncumprod_tangent', 'average_adjoint_tangent', 'solve_adjoint_tangent',
                 'eigh_adjoint_tangent', 'svd_adjoint_tangent', 'prod_others_tangent',
                 'power_log_term_dx', 'sinc_adjoint_dx', 'logsumexp_adjoint_tangent',
                 'expm_adjoint_tangent', 'multi_dot_adjoint_tangent', 'interp_adjoint_tangent'):
        assert gone not in helpers


def histogram_density(x):
    hist, edges = np.histogram(x, bins=4, density=True)
    return np.sum(hist ** 2 * np.arange(4.0)) + np.sum(edges ** 2)


def test_hvp_of_histogram_with_density():
    """histogram_adjoint's hand-written tangent refused density=True; the derived one
    has it."""
    from srcad.rules.everyday import corner_helpers as helpers_corners
    assert helpers_corners.histogram_adjoint in fso.DERIVED
    check_derivatives(histogram_density, np.array([0.3, -1.2, 0.8, 2.1, 0.5, 0.7]))


def test_hand_written_ones_remain_only_where_listed():
    for fn in (hl.vector_norm_adjoint, hl.matrix_norm_adjoint, hl.norm_adjoint,
               hc.abs_adjoint, hp.einsum_adjoint):
        assert fn not in fso.DERIVED and registry.RULES.get(fn) is not None


# --- derived tangents of the helpers themselves, against finite differences ----------------------
def _plus(x, d, eps):
    if isinstance(x, tuple):
        return tuple(_plus(a, b, eps) for a, b in zip(x, d))
    return x + eps * d if d is not None else x


def _direction(x):
    if isinstance(x, tuple):
        return tuple(_direction(a) for a in x)
    return rng.standard_normal(np.shape(x)) if isinstance(x, (float, np.ndarray)) else None


def helper_case(fn, *args, eps=1e-6):
    """jvp of the helper (forward mode over its source) along a random direction in every
    float argument, against a central difference of the helper."""
    dirs = tuple(_direction(a) for a in args)
    tangents = tuple(0.0 if d is None else d for d in dirs)
    _, dot = srcad.jvp(fn, args, tangents)
    plus = fn(*_plus(args, dirs, eps))
    minus = fn(*_plus(args, dirs, -eps))
    assert_close(dot, (np.asarray(plus) - np.asarray(minus)) / (2 * eps), 1e-5, 1e-6,
                 f'derived tangent of {fn.__name__}')


A = randn(3, 3) + 4 * np.eye(3)
SPD = A @ A.T
W = np.array([0.5, 1.5, -0.3, 2.0])
WITH_ZERO = np.array([1.3, 0.0, -0.7, 2.1])

def uncumprod_at_zero(g, rest):
    """``uncumprod`` where a factor is 0 (moving it would leave that branch)."""
    a = np.concatenate([rest[:1], np.zeros(1), rest[1:]])
    return hr.uncumprod(g, a, np.cumprod(a), 0)


HELPER_CASES = {
    'uncumprod': (hr.uncumprod, randn(4), W, np.cumprod(W), 0),
    'uncumprod-zero': (uncumprod_at_zero, randn(4), np.array([1.3, -0.7, 2.1])),
    'prod_others-zero': (rt.prod_others, WITH_ZERO, None),
    'prod_others-axis': (rt.prod_others, randn(3, 4), 1),
    'average_adjoint': (hr.average_adjoint, randn(3), randn(3, 4), 1, np.abs(randn(4)) + 0.5,
                        False, False, 1),
    'power_log_term': (hr.power_log_term, randn(3), np.abs(randn(3)), np.abs(randn(3)) + 0.5,
                       randn(3)),
    'sinc_adjoint-at-0': (hc.sinc_adjoint, randn(3), np.array([0.0, 1e-4, 0.7])),
    'angle_adjoint': (he.angle_adjoint, randn(3), randn(3) + 1j * randn(3)),
    'interp_dxp': (hp.interp_dxp, randn(2), np.array([0.3, 1.7]), np.array([0.0, 1.0, 2.5]),
                   randn(3)),
    'polyval_dp': (hp.polyval_dp, randn(3), randn(4), randn(3)),
    'solve_da': (hl.solve_da, randn(3), A, randn(3), randn(3)),
    'solve_db-matrix': (hl.solve_db, randn(3, 2), A, randn(3, 2)),
    'cholesky_adjoint': (hl.cholesky_adjoint, randn(3, 3), np.linalg.cholesky(SPD), False),
    'eigh_adjoint': (hl.eigh_adjoint, (randn(3), randn(3, 3)), np.linalg.eigh(SPD)),
    'svd_adjoint': (hl.svd_adjoint, (randn(3, 3), randn(3), randn(3, 3)), np.linalg.svd(A),
                    A, True),
    'pinv_adjoint': (hl.pinv_adjoint, randn(2, 3), randn(3, 2), np.linalg.pinv(randn(3, 2))),
    'matrix_power_adjoint': (hl.matrix_power_adjoint, randn(3, 3), A / 4, -2),
    'logsumexp_adjoint': (__import__('srcad.rules.scipy.special', fromlist=['x'])
                          .logsumexp_adjoint, 1.3, randn(4), 0.7),
    'expm_adjoint': (__import__('srcad.rules.scipy.linalg', fromlist=['x']).expm_adjoint,
                     randn(3, 3), randn(3, 3) / 3),
}


@pytest.mark.parametrize('name', list(HELPER_CASES))
def test_derived_tangent_of_helper_matches_finite_differences(name):
    fn, *args = HELPER_CASES[name]
    assert fn in fso.DERIVED or fn is uncumprod_at_zero
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', np.exceptions.ComplexWarning)
        helper_case(fn, *args)


# --- hvp through them, as programs call them ------------------------------------------------------
def cumprod_with_zero(x):
    return np.sum(np.cumprod(x) ** 2) + np.prod(x) * x[0]


def weighted_average(x):
    return (np.average(x[:3], weights=x[3:6] ** 2 + 1.0) ** 2
            + np.sum((np.abs(x - 0.25) + 0.5) ** x[::-1]))  # (off |x|'s kink: x[4] == 0)


def decompositions(x):
    m = np.reshape(x, (3, 3))
    s = m @ m.T + 3.0 * np.eye(3)
    w, v = np.linalg.eigh(s)
    u, sv, vh = np.linalg.svd(m)
    q, r = np.linalg.qr(m)
    return (np.sum(w ** 3) + np.sum(v[:, 0] ** 4) + np.sum(sv ** 3) + np.sum(u[:, 0] ** 4)
            + np.sum(r ** 2 * q) + np.sum(np.linalg.cholesky(s) ** 3))


def solves(x):
    m = np.reshape(x, (3, 3)) + 4.0 * np.eye(3)
    y = np.linalg.solve(m, x[:3]) + np.linalg.inv(m) @ x[3:6]
    ls = np.linalg.lstsq(np.vstack([m, x[:3]]), np.arange(4.0), rcond=None)[0]
    return np.sum(y ** 3) + np.sum(ls ** 2) + np.sum(np.linalg.matrix_power(m / 4, 3))


def products(x):
    m = np.reshape(x, (3, 3))
    return (np.sum(np.linalg.multi_dot([m, m.T, m]) ** 2) + np.sum(np.kron(x[:2], x[2:4]) ** 3)
            + np.sum(np.cross(x[:3], x[3:6]) ** 2) + np.polyval(x[:3], x[3]) ** 2
            + np.sum(np.interp(np.array([0.4, 1.3]), np.cumsum(np.abs(x[:4])), x[4:8]) ** 2))


def complex_and_sinc(x):
    z = x[:3] + 1j * (x[3:6] + 2.0)  # (away from angle's branch cut)
    return np.sum(np.angle(z) ** 2) + np.sum(np.sinc(x) ** 2) + np.sum(np.abs(z) ** 3)


def scipy_calls(x):
    m = np.reshape(x, (3, 3))
    return (special.logsumexp(x) ** 2 + np.sum(sla.expm(0.3 * m) ** 2)
            + np.sum(sla.solve_triangular(m + 3 * np.eye(3), x[:3]) ** 2))


X9 = np.array([0.3, -1.2, 0.8, 2.1, 0.0, 0.7, -0.4, 1.6, 0.9])


@pytest.mark.parametrize('fn', [cumprod_with_zero, weighted_average, decompositions, solves,
                                products, complex_and_sinc, scipy_calls])
def test_hvp_through_derived_helpers_matches_finite_differences(fn):
    x = X9
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', RuntimeWarning)
        check_derivatives(fn, x, modes=('grad', 'hvp'), rtol=1e-4, atol=1e-6)


def solve_loss(x):
    m = np.reshape(x, (2, 2)) + 3.0 * np.eye(2)
    return np.sum(np.linalg.solve(m, np.array([1.0, 2.0])) ** 3)


SPD3 = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]])


def smallest_eigenpair(S):
    eig = np.linalg.eigh(S)  # (eigenvalues[0]'s adjoint comes from code that does not vary)
    return eig.eigenvalues[0] + np.sum(eig.eigenvectors[:, 0] ** 2 * np.arange(3.0))


def lstsq_parts(a):
    x, res, rank, s = np.linalg.lstsq(a, np.arange(4.0), rcond=None)
    return np.sum(x ** 2) + np.sum(res) + np.sum(s)


def average_returned(x):
    a, w = np.average(x, weights=x ** 2 + 1, returned=True)
    return a ** 2 + w


@pytest.mark.parametrize('fn, x', [(smallest_eigenpair, SPD3),
                                   (lstsq_parts, np.arange(12.0).reshape(4, 3) ** 0.5),
                                   (average_returned, np.array([0.3, 1.2, -0.5]))])
def test_adjoint_tuples_with_a_part_that_does_not_vary(fn, x):
    """The tangent of such a tuple holds 0.0 for that part while the tuple holds an
    array: derived code reads the part's shape (broadcast_like fills the zeros in)."""
    check_derivatives(fn, x)


V4 = np.array([1.0, 0.5, -0.3, 0.2])


def directional_gradient(x):
    return np.sum(srcad.grad(solve_loss)(x) * V4)


def test_third_order_through_a_derived_helper():
    """The hvp of a gradient along V4: forward over reverse over the gradient's code,
    which calls the derived helper solve_da (third derivatives of solve_loss)."""
    x, u, eps = np.array([0.3, -0.2, 0.5, 0.1]), np.array([0.2, -1.0, 0.4, 0.7]), 1e-5
    hessian = srcad.hessian(solve_loss)
    numeric = (hessian(x + eps * u) - hessian(x - eps * u)) / (2 * eps) @ V4
    assert_close(srcad.hvp(directional_gradient, (x,), u), numeric, 1e-4, 1e-6,
                 'third derivative')
