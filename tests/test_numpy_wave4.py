"""NumPy wave 4: ufunc methods (reduce, accumulate, outer with axis=, keepdims=,
initial=, where=), np.polyder/np.polyint, np.piecewise and np.apply_along_axis with
lambdas and functions, np.copyto(where=) -- every mode against finite differences,
NumPy's values, and the refusals."""

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives

RNG = np.random.default_rng(4)
V = RNG.standard_normal(6)
A = RNG.standard_normal((3, 4))
T = RNG.standard_normal((2, 3, 4))


# --- ufunc.reduce ---------------------------------------------------------------------------
def extrema_reduce(S):
    return (np.sum(np.maximum.reduce(S, axis=1) ** 2) + np.sum(np.minimum.reduce(S) * 1.5)
            + np.maximum.reduce(S, axis=None) + np.sum(np.minimum.reduce(S, 1, keepdims=True) * S))


def extrema_with_initial_and_where(S):
    keep = S > -0.3
    return (np.sum(np.maximum.reduce(S, axis=1, initial=0.2, where=keep) ** 2)
            + np.sum(np.minimum.reduce(S, axis=0, initial=0.0)))


def sums_and_products(S):
    return (np.sum(np.add.reduce(S * S, axis=1, where=S > 0)) + np.add.reduce(S, axis=None, initial=3.0)
            + np.sum(np.multiply.reduce(S, axis=0, initial=2.0)) + np.multiply.reduce(S[0], where=S[0] > -1))


def log_sum_exp_reductions(S):
    return (np.sum(np.logaddexp.reduce(S, axis=1) ** 2) + np.logaddexp2.reduce(S[:, 0], initial=0.5)
            + np.sum(np.logaddexp.reduce(S, axis=0, keepdims=True, where=S < 1.0, initial=-2.0)))


def nan_extrema_and_hypot(S):
    return np.sum(np.fmax.reduce(S, axis=0)) + np.sum(np.fmin.reduce(S, 1) ** 2) + np.hypot.reduce(S[1])


@pytest.mark.parametrize('f', [extrema_reduce, extrema_with_initial_and_where, sums_and_products,
                               log_sum_exp_reductions, nan_extrema_and_hypot])
def test_ufunc_reductions(f):
    check_derivatives(f, A)


def test_minimum_reduce_shares_ties_like_np_min():
    x = np.array([1.0, -2.0, 3.0, -2.0])
    by_reduce = srcad.grad(lambda v: np.minimum.reduce(v))(x)
    by_min = srcad.grad(lambda v: np.min(v))(x)
    np.testing.assert_allclose(by_reduce, by_min)
    np.testing.assert_allclose(by_reduce, [0.0, 0.5, 0.0, 0.5])


def test_an_extremum_that_initial_wins_passes_nothing_on():
    g = srcad.grad(lambda v: np.maximum.reduce(v, initial=10.0))(np.array([1.0, 2.0]))
    np.testing.assert_array_equal(g, [0.0, 0.0])


def differentiated_initial(x):
    return np.add.reduce(x[1:], initial=x[0])


def test_a_differentiated_initial_is_refused():
    with pytest.raises(srcad.NoRuleError, match='initial'):
        srcad.grad(differentiated_initial)(V)


def test_generated_code_of_a_plain_reduce_has_no_where_branch():
    def f(x):  # (np.logaddexp.reduce's template now guards the all -inf slice with a where)
        return np.maximum.reduce(x) + np.sum(x)
    dg = srcad.grad(f)
    dg(V)
    assert 'where' not in dg.source, dg.source


# --- ufunc.accumulate -----------------------------------------------------------------------
def running_log_sum_exp(S):
    return (np.sum(np.logaddexp.accumulate(S, axis=1) ** 2) + np.sum(np.logaddexp2.accumulate(S[0]))
            - np.sum(np.logaddexp.accumulate(S)[-1]))


def running_log_sum_exp_far_apart(x):
    # values hundreds apart: the helpers keep their exponentials in range
    return np.sum(np.logaddexp.accumulate(x * 300.0) * np.arange(6.0))


@pytest.mark.parametrize('f', [running_log_sum_exp, running_log_sum_exp_far_apart])
def test_logaddexp_accumulate(f):
    check_derivatives(f, A if f is running_log_sum_exp else V)


# --- polynomials ----------------------------------------------------------------------------
def polynomial_calculus(c):
    return (np.polyval(np.polyder(c), 0.4) + np.sum(np.polyder(c, 2) ** 2) + np.sum(np.polyder(c, 9))
            + np.polyval(np.polyint(c, 2, k=[0.5, c[0]]), 0.3) + np.sum(np.polyint(c, k=c[1]) ** 2))


def test_polyder_and_polyint():
    check_derivatives(polynomial_calculus, V)


def polyder_of_a_matrix(c):
    return np.sum(np.polyder(c.reshape(3, 2)))


def test_polyder_of_a_matrix_is_refused_when_it_runs():
    with pytest.raises(srcad.SrcadError, match='1-D'):
        srcad.grad(polyder_of_a_matrix)(V)


# --- np.piecewise ---------------------------------------------------------------------------
def cube(t):
    return t ** 3


def piecewise_forms(x):
    a = np.piecewise(x, [x < -0.5, x > 0.5], [lambda t: -t, np.sin, cube])     # otherwise: cube
    b = np.piecewise(x, [x < 0, x > -1.0], [lambda t: 2 * t, lambda t: t ** 2])  # later wins
    c = np.piecewise(x, x > 0, [np.log, -1.0])                                   # one condition
    s = x[0] ** 2
    d = np.piecewise(x, [x > 0.1], [lambda t, k: k * t, lambda t, k: t / k], 2.0 + s)
    return np.sum(a * x) + np.sum(b) + np.sum(c) + np.sum(d ** 2)


def test_piecewise_derivatives():
    check_derivatives(piecewise_forms, V)


def test_piecewise_values_are_numpys():
    from srcad.rules.everyday.callbacks import piecewise_join, piecewise_part
    x = np.array([-2.0, -0.2, 0.3, 1.5])
    conds = [x < 0, x > -1.0]
    funcs = [lambda t: 2 * t, lambda t: t ** 2, lambda t: t - 7]
    values = [f(piecewise_part(x, conds, i, 3)) for i, f in enumerate(funcs)]
    np.testing.assert_array_equal(piecewise_join(x, conds, 3, values), np.piecewise(x, conds, funcs))


def piecewise_of_a_list_variable(x):
    funcs = [np.sin, np.cos]
    return np.sum(np.piecewise(x, [x < 0, x >= 0], funcs))


def piecewise_of_a_local_value(x):
    low = 0.0
    return np.sum(np.piecewise(x, [x < 0, x >= 0], [low, np.cos]))


@pytest.mark.parametrize('f', [piecewise_of_a_list_variable, piecewise_of_a_local_value])
def test_piecewise_refusals(f):
    with pytest.raises(srcad.UnsupportedSyntaxError):
        srcad.grad(f)(V)


# --- np.apply_along_axis --------------------------------------------------------------------
def standardize(col, eps):
    return (col - col.mean()) / np.sqrt(col.var() + eps)


def along_axis_forms(X):
    a = np.apply_along_axis(lambda r: r / np.sum(r ** 2), -1, X)
    b = np.apply_along_axis(standardize, 1, X, 0.5)
    c = np.apply_along_axis(np.linalg.norm, 0, X)
    d = np.apply_along_axis(lambda r: np.outer(r, r[:2]), 2, X)
    return np.sum(a * X) + np.sum(b[:, 0] ** 2) + np.sum(c) + np.sum(d * 0.3)


def test_apply_along_axis_derivatives():
    check_derivatives(along_axis_forms, T)


@pytest.mark.parametrize('axis', [0, 1, 2, -1])
def test_apply_along_axis_values_are_numpys(axis):
    from srcad.rules.everyday.callbacks import along_axis_join, along_axis_rows
    for f in (lambda r: np.outer(r, r), np.sum, lambda r: np.cumsum(r)):
        rows = along_axis_rows(T, axis)
        got = along_axis_join([f(r) for r in rows], T, axis)
        np.testing.assert_array_equal(got, np.apply_along_axis(f, axis, T))


@np.vectorize
def clipped(t):
    return min(t, 1.0)


def apply_along_axis_of_vectorize(X):
    return np.sum(np.apply_along_axis(clipped, 1, X))


def test_apply_along_axis_of_a_function_without_rule_is_refused():
    with pytest.raises(srcad.NoRuleError):
        srcad.grad(apply_along_axis_of_vectorize)(A)


# --- np.put_along_axis ----------------------------------------------------------------------
def put_along_axis_forms(S):
    B = S * 2.0
    np.put_along_axis(B, np.argmax(S, axis=1, keepdims=True), S[:, :1] ** 2, axis=1)
    C = np.zeros(S.size)
    np.put_along_axis(C, np.array([1, 4]), S[0, :2] * 3, None)
    return np.sum(B ** 2) + np.sum(C * np.arange(C.size))


def test_put_along_axis():
    check_derivatives(put_along_axis_forms, A)


def put_along_axis_repeated(S):
    B = S.copy()
    np.put_along_axis(B, np.array([[0, 0]] * 3), 5.0, axis=1)
    return np.sum(B ** 2)


def put_along_axis_through_a_view(S):
    B = S.copy()
    C = B[1:]
    np.put_along_axis(C, np.array([[0], [2]]), 7.0 * S[0, :1], axis=1)
    return np.sum(B ** 2) + np.sum(C)


def test_put_along_axis_refusals():
    with pytest.raises(srcad.SrcadError, match='once'):
        srcad.grad(put_along_axis_repeated)(A)
    with pytest.raises(srcad.UnsupportedSyntaxError):
        srcad.grad(put_along_axis_through_a_view)(A)


# --- moving windows, np.unwrap, comparisons' outer -----------------------------------------
from numpy.lib.stride_tricks import sliding_window_view  # noqa: E402


def windows_and_phases(S):
    moving = sliding_window_view(S[0], 2).mean(axis=-1)
    patches = sliding_window_view(S, (2, 2)).sum(axis=(-1, -2))
    phase = np.unwrap(S[1] * 4.0)
    below = np.less.outer(S[2], S[2])
    return np.sum(moving ** 2) + np.sum(patches ** 3) + np.sum(phase ** 2) + np.sum(below * S[:1].T)


def test_windows_unwrap_and_comparisons():
    check_derivatives(windows_and_phases, A)


def unwrap_differentiated_period(S):
    return np.sum(np.unwrap(S[0] * 4.0, period=S[1, 0] + 5.0))


def test_a_differentiated_period_of_unwrap_is_refused():
    with pytest.raises(srcad.NoRuleError, match='period'):
        srcad.grad(unwrap_differentiated_period)(A)


# --- np.copyto(where=) ----------------------------------------------------------------------
def copyto_where(S):
    B = np.full_like(S, 0.25)
    np.copyto(B, S ** 2, where=np.abs(S) > 0.3)
    C = S.copy()
    np.copyto(C, S[0], where=np.array([True, False, True, False]))
    return np.sum(B * S) + np.sum(C ** 3)


def test_copyto_where():
    check_derivatives(copyto_where, A)


def copyto_with_casting(S):
    B = np.zeros_like(S)
    np.copyto(B, S, casting='unsafe')
    return np.sum(B)


def test_copyto_with_casting_is_refused():
    with pytest.raises(srcad.UnsupportedSyntaxError, match='casting'):
        srcad.grad(copyto_with_casting)(A)
