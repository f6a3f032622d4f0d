"""scipy.linalg end to end: grad, value_and_grad, vjp, jvp and hvp of small programs
against finite differences (srcad.testing.check_derivatives), and what is refused.

The rules themselves are checked one by one in tests/test_rules.py (reverse),
tests/test_tangents.py (forward, second order); here they meet the compiler:
the (c, lower) and (lu, piv) tuples flowing from a factorization to its solver,
options by position and by name, structure read from one triangle.
"""

import numpy as np
import pytest
import scipy.linalg as sla

import srcad
from srcad.testing import check_derivatives

import inspect

#: inv(assume_a=...) is SciPy 1.17's (Python 3.10 gets SciPy 1.15)
INV_OPTIONS = pytest.mark.skipif('assume_a' not in inspect.signature(sla.inv).parameters,
                                 reason="this SciPy's inv takes no assume_a")

RNG = np.random.default_rng(1601)
M = RNG.standard_normal((3, 3)) + 3 * np.eye(3)
SPD = M @ M.T + np.eye(3)
SYM = np.diag([1.0, 2.5, 4.5]) + 0.2 * (M + M.T)
B = RNG.standard_normal(3)
B2 = RNG.standard_normal((3, 2))
V = np.array([0.4, -1.1, 0.7, 0.2])


def cho_round_trip(S):
    c, lower = sla.cho_factor(S)
    return np.sum(sla.cho_solve((c, lower), B) ** 2)


def cho_lower_tuple(S):
    factor = sla.cho_factor(S, lower=True)
    x = sla.cho_solve(factor, B2)
    return np.sum(x * B2)


def cho_wrt_rhs(b):
    return b @ sla.cho_solve(sla.cho_factor(SPD), b)


def lu_round_trip(A):
    lu, piv = sla.lu_factor(A)
    return np.sum(sla.lu_solve((lu, piv), B) ** 2)


def lu_transposed(A):
    return np.sum(sla.lu_solve(sla.lu_factor(A), B2, trans=1))


def factors_used_twice(A):
    """The (lu, piv) and (c, lower) tuples each feed two solves: their adjoints add up."""
    lu = sla.lu_factor(A)
    x = sla.lu_solve(lu, B)
    y = sla.lu_solve(lu, B2, trans=1)
    c = sla.cho_factor(A @ A.T)
    return x @ y[:, 0] + np.sum(sla.cho_solve(c, B) * sla.cho_solve(c, x))


def lu_factors(A):
    P, L, U = sla.lu(A)
    return np.sum(L ** 2) + np.sum(np.diag(U) ** 3) + np.sum(P * A)


def lu_permuted(A):
    pl, u = sla.lu(A, permute_l=True)
    return np.sum(pl * u.T) + np.sum(u ** 2)


def triangular_options(A):
    low = np.tril(A)
    x = sla.solve_triangular(low, B, lower=True, trans='T')
    y = sla.solve_triangular(low.T, B2, trans=2, unit_diagonal=True)
    z = sla.solve_triangular(low, B, 0, True)
    return np.sum(x ** 2) + np.sum(y) + z @ z


@pytest.mark.parametrize('assume_a', ['gen', 'sym', 'her', 'pos', None, 'banded',
                                      'diagonal', 'tridiagonal', 'upper triangular',
                                      'lower triangular'])
def test_solve_every_assume_a(assume_a):
    def ridge(S):
        return np.sum(sla.solve(S, B, assume_a=assume_a) ** 2)
    check_derivatives(ridge, SPD + np.tril(np.ones((3, 3)), -1) * 0.3)


def solve_pos_lower(S):
    return np.sum(sla.solve(S, B2, assume_a='pos', lower=True))


def solve_transposed(A):
    return np.sum(sla.solve(A, B, transposed=True) ** 2)


def inv_pos(S):
    return np.trace(sla.inv(S, assume_a='pos') @ SPD)


def expm_generator(Q):
    return np.sum(sla.expm(Q - np.diag(np.sum(Q, axis=1)))[0] ** 2)


def logm_spd(S):
    return np.sum(sla.logm(S) ** 2)


def sqrtm_spd(S):
    return np.sum(sla.sqrtm(S))


def det_inv(A):
    return sla.det(A) + np.sum(sla.inv(A))


def eigh_generalized(S):
    w, v = sla.eigh(S, SPD)
    return np.sum(w ** 2) + np.sum((v[:, 0] * v[:, 0]) * np.arange(3.0))


def eigh_wrt_metric(S):
    return np.sum(sla.eigh(SYM, S, eigvals_only=True) ** 2)


def eigh_top_subset(S):
    w, v = sla.eigh(S, subset_by_index=[1, 2])
    return np.sum(w) + np.sum(v[:, 1] ** 4)


def eigh_generalized_subset(S):
    return np.sum(sla.eigh(S, SPD, eigvals_only=True, subset_by_index=[0, 1]))


def structured_matrices(v):
    t = sla.toeplitz(v)
    t2 = sla.toeplitz(v[:3], v)
    c = sla.circulant(v)
    return np.sum(t ** 2) + np.sum(t2 @ v) + np.sum(c @ v)


def block_diagonal(A):
    big = sla.block_diag(A, A[:2, :2] * 2.0, np.array([1.5]))
    return np.sum(big @ big.T)


def sylvester_solve(A):
    x = sla.solve_sylvester(A, -A.T + 6.0 * np.eye(3), np.eye(3))
    return np.sum(x ** 2)


def lyapunov_gramian(A):
    x = sla.solve_continuous_lyapunov(A - 6.0 * np.eye(3), -np.eye(3))
    return np.trace(x)


def cholesky_both(S):
    return np.sum(sla.cholesky(S)) + np.sum(sla.cholesky(S, lower=True) ** 2)


CASES = [
    (cho_round_trip, SPD), (cho_lower_tuple, SPD), (cho_wrt_rhs, B), (lu_round_trip, M),
    (lu_transposed, M), (factors_used_twice, M), (lu_factors, M), (lu_permuted, M), (triangular_options, M),
    (solve_pos_lower, SPD), (solve_transposed, M), pytest.param(inv_pos, SPD, marks=INV_OPTIONS),
    (expm_generator, np.abs(M) / 4), (logm_spd, SPD), (sqrtm_spd, SPD), (det_inv, M),
    (eigh_generalized, SYM), (eigh_wrt_metric, SPD), (eigh_top_subset, SYM),
    (eigh_generalized_subset, SYM), (structured_matrices, V), (block_diagonal, M),
    (sylvester_solve, M), (lyapunov_gramian, M), (cholesky_both, SPD),
]


@pytest.mark.parametrize('fn, arg', CASES, ids=[getattr(c, 'values', c)[0].__name__ for c in CASES])
def test_derivatives_match_finite_differences(fn, arg):
    check_derivatives(fn, arg)


# --- refused, located ----------------------------------------------------------------------
def eigh_type2(S):
    return np.sum(sla.eigh(S, SPD, type=2, eigvals_only=True))


def inv_diagonal(A):
    return np.sum(sla.inv(A, assume_a='diagonal'))


def lu_rectangular(A):
    p, l, u = sla.lu(A[:, :2])
    return np.sum(u)


def logm_negative(S):
    return np.sum(sla.logm(-S))


@pytest.mark.parametrize('fn, arg, words', [
    (eigh_type2, SYM, 'type=1 only'),
    pytest.param(inv_diagonal, M, "assume_a='diagonal'", marks=INV_OPTIONS),
    (lu_rectangular, M, 'square matrix'),
    # (its rule's 'real logarithms only', or the seed's 'real output' met first)
    (logm_negative, SPD, 'real'),
], ids=['eigh_type2', 'inv_diagonal', 'lu_rectangular', 'logm_complex'])
def test_refusals_are_located(fn, arg, words):
    with pytest.raises(srcad.SrcadError) as info:
        srcad.grad(fn)(arg)
    assert words in str(info.value)
    assert 'test_scipy_linalg.py' in str(info.value)


def test_jvp_refuses_what_reverse_refuses():
    with pytest.raises(srcad.SrcadError, match='type=1 only'):
        srcad.jvp(eigh_type2, (SYM,), (np.eye(3),))


def test_logm_disp_is_refused_at_compile_time():
    def logm_disp(S):
        return np.sum(sla.logm(S, disp=False)[0])
    with pytest.raises(srcad.SrcadError, match='disp'):
        srcad.grad(logm_disp)(SPD)
