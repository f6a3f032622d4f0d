"""Rules of np.cov, np.corrcoef, np.polyfit, np.block, np.maximum/minimum.accumulate,
np.add.at and the one-argument np.where (srcad/rules/everyday/rules.py), end to end in
every mode, and the refusals around them."""

import numpy as np
import pytest

import srcad
from srcad.errors import SrcadError
from srcad.testing import check_derivatives

RNG = np.random.default_rng(99)
X = RNG.standard_normal((8, 3))
AW = RNG.uniform(0.5, 1.5, 8)
T = np.linspace(0.0, 1.0, 9)


# -- 1. np.cov / np.corrcoef: no rule ---------------------------------------------------------
def cov_loss(X):
    C = np.cov(X, rowvar=False, aweights=AW, ddof=0)
    return np.sum(C * np.arange(9.0).reshape(3, 3)) + np.cov(X[:, 0], X[:, 1])[0, 1]


def corr_loss(X):
    return np.sum(np.corrcoef(X.T) ** 3) + np.corrcoef(X[:, 0], X[:, 2])[0, 1]


@pytest.mark.parametrize('f', [cov_loss, corr_loss])
def test_cov_and_corrcoef_match_finite_differences(f):
    check_derivatives(f, X.copy())


def cov_in_weights(a):
    return np.sum(np.cov(X, rowvar=False, aweights=a))


@pytest.mark.parametrize('transform', [srcad.grad, lambda f: (lambda a: srcad.jvp(f, (a,), (a,)))])
def test_cov_aweights_are_refused_in_both_modes(transform):
    with pytest.raises(SrcadError, match='aweights'):
        transform(cov_in_weights)(AW.copy())


# -- 2. np.polyfit: linear in y, refused in x and with full=True ------------------------------
def fit_loss(y):
    p = np.polyfit(T, y, 2, w=np.linspace(1.0, 2.0, 9))
    return np.sum(p ** 2) + np.polyval(p, 0.5)


def test_polyfit_in_y_matches_finite_differences():
    check_derivatives(fit_loss, np.sin(3 * T))


def fit_in_x(t):
    return np.sum(np.polyfit(t, np.sin(3 * T), 1))


def fit_full(y):
    return np.sum(np.polyfit(T, y, 1, full=True)[0])


def test_polyfit_refusals():
    with pytest.raises(SrcadError, match="parameter 'x'"):
        srcad.grad(fit_in_x)(T.copy())
    for run in (lambda: srcad.grad(fit_full)(np.sin(T)),
                lambda: srcad.jvp(fit_full, (np.sin(T),), (np.ones(9),))):
        with pytest.raises(SrcadError, match='full=False'):
            run()


# -- 3. np.block, running extrema -----------------------------------------------------------------
def block_loss(A):
    B = np.block([[A, np.eye(2)], [np.ones((1, 2)), A[:1, :1] * 2, A[1:, 1:]]])
    return np.sum(B ** 2 * np.arange(12.0).reshape(3, 4))


def drawdown(p):
    return np.sum(p / np.maximum.accumulate(p)) + np.sum(np.minimum.accumulate(p[::-1]) ** 2)


def test_block_and_accumulate_match_finite_differences():
    check_derivatives(block_loss, np.array([[0.5, -1.2], [0.3, 0.8]]))
    check_derivatives(drawdown, np.array([1.0, 1.3, 1.1, 1.6, 0.9, 1.7, 1.2]))


# -- 4. np.add.at: compiled as a new array, repeated indices accumulate ---------------------------
def scatter(x):
    y = np.zeros(3)
    np.add.at(y, np.array([0, 1, 1, 2, 0, 2]), x)
    return np.sum(y ** 3)


def scatter_into_argument(x):
    np.add.at(x, [0, 0], 1.5)
    return np.sum(x ** 2)


def test_add_at_matches_finite_differences_and_leaves_arguments_alone():
    check_derivatives(scatter, np.linspace(0.1, 0.9, 6))
    check_derivatives(scatter_into_argument, np.array([0.3, -0.4, 0.9]))


def multiply_at(x):
    y = np.ones(3)
    np.multiply.at(y, [0, 1], x[:2])
    return np.sum(y)


def add_at_aliased(x):
    y = np.zeros(3)
    v = y[1:]
    np.add.at(y, [1, 2], x[:2])
    return np.sum(v * x[:2])


def test_other_ufunc_at_and_aliased_add_at_are_refused():
    with pytest.raises(SrcadError, match='np.multiply.at'):
        srcad.grad(multiply_at)(np.ones(3))
    check_derivatives(add_at_aliased, np.array([0.3, -0.7, 1.1]))  # v is read again


# -- 5. np.where(condition): indices, no derivative -----------------------------------------------
def where_indices(x):
    i = np.where(x > 0.5)
    return np.sum(x[i] ** 2) + np.sum(np.where(x > 0.5, x, 0.0))


def where_two_arguments(x):
    return np.sum(np.where(x > 0.5, x))


def test_one_argument_where():
    check_derivatives(where_indices, np.array([0.2, 0.7, 1.1, -0.3]))
    with pytest.raises(SrcadError, match="missing argument 'y'"):
        srcad.grad(where_two_arguments)(np.ones(3))
