"""A method named like an ndarray method on a parameter that is not differentiated
(``X.sum()``, ``X.mean(axis=0)``) is decided when the code runs
(srcad.method_dispatch) -- except in the code specialized for the first call's
shapes, where that parameter is checked to be an ndarray (or a float) on every
call: there it is the array's method, bound at compile time, and the optimizer
sees its shape (issue 14: no benchmark ratio may get worse)."""

import numpy as np

from srcad import grad
from srcad.api import param_names_of
from srcad.testing import check_grad

R = np.random.default_rng(14)


def normalized(w, X):
    return np.sum((X @ w) ** 2) / X.sum()


def centered(w, X):
    Xc = X - X.mean(axis=0)
    return np.sum((Xc @ w) ** 2)


def scaled(w, X, s):
    return np.sum(X.dot(w) * s.sum())


class Summer:
    """Not an array: its ``sum`` is the user's method."""

    def __init__(self, k):
        self.k = k

    def sum(self):
        return 2.0 * self.k

    def mean(self, axis=None):
        return 0.5 * self.k


def _specialized_source(g, args):
    facts = tuple((n, np.shape(a)) for n, a in zip(param_names_of(g.target), args))
    return g.compiled_for(facts).source


def test_specialized_code_binds_the_array_method_and_the_general_code_waits():
    args = (R.standard_normal(3), R.uniform(1, 2, (4, 3)))
    for fn, method in ((normalized, 'X.sum()'), (centered, 'X.mean(axis=0)')):
        g = grad(fn)
        g(*args)
        special = g.specialized_source
        assert method in special and 'method_call' not in special
        assert special == _specialized_source(g, args)
        assert 'method_call' in g.source  # shapes unknown: X may be anything
        check_grad(fn, *args, gradient=g)


def test_the_tidied_code_is_what_it_was_before_run_time_dispatch():
    g = grad(normalized)
    g(R.standard_normal(3), R.uniform(1, 2, (4, 3)))
    # X.sum() is a number: no seed/unbroadcast/unreduce of an unknown shape
    assert 'unreduce' not in g.specialized_source and 'seed(' not in g.specialized_source


def test_several_data_parameters_and_an_active_argument():
    args = (R.standard_normal(3), R.standard_normal((5, 3)), R.standard_normal(2))
    g = grad(scaled)
    check_grad(scaled, *args, gradient=g)
    assert 'method_call' not in g.specialized_source


def over_sum(w, X):
    return np.sum(w ** 2) / X.sum()


def test_an_object_after_an_array_takes_the_general_code_and_its_own_method():
    w, X = R.standard_normal(3), R.uniform(1, 2, (4, 3))
    g = grad(over_sum)
    check_grad(over_sum, w, X, gradient=g)  # specialized for an ndarray X
    assert 'method_call' not in g.specialized_source
    np.testing.assert_allclose(g(w, Summer(3.0)), 2 * w / 6.0)  # Summer.sum(): 6.0
    check_grad(over_sum, w, X, gradient=g)


def test_an_object_first_then_an_array():
    w, X = R.standard_normal(3), R.uniform(1, 2, (4, 3))

    def mean_of(w, X):
        return np.sum(w * X.mean())
    g = grad(mean_of)
    np.testing.assert_allclose(g(w, Summer(4.0)), np.full(3, 2.0))  # the user's mean
    check_grad(mean_of, w, X, gradient=g)
    np.testing.assert_allclose(g(w, Summer(4.0)), np.full(3, 2.0))


def test_a_float_data_parameter_is_specialized_too():
    def f(w, s):
        return np.sum(w * s.conjugate())
    w = R.standard_normal(3)
    g = grad(f)
    check_grad(f, w, 1.5, gradient=g)
    np.testing.assert_allclose(g(w, 1.5), np.full(3, 1.5))


# --- a receiver returned by the user's function ---------------------------------

def kernel(A, B):
    d2 = np.sum(A ** 2, 1)[:, None] + np.sum(B ** 2, 1)[None, :] - 2 * A @ B.T
    return np.exp(-0.5 * d2)


def kernel_named(A, B):
    K = np.exp(-(A @ B.T))
    return K


def kernel_maybe(A, B):
    if A.shape[0] > 100:
        return Summer(1.0)
    return np.exp(-(A @ B.T))


def make_summer(A, B):
    return Summer(3.0)


def mmd(Z):
    Kzz = kernel(Z, Z)
    Kxz = kernel_named(XK, Z)
    return Kzz.mean() - 2 * Kxz.mean(axis=0).sum()


def mmd_maybe(Z):
    return kernel_maybe(Z, Z).sum()


def through_object(Z):
    s = make_summer(XK, XK)
    return np.sum(Z ** 2) * s.mean()


XK = R.standard_normal((5, 2))


def test_a_ufunc_result_of_the_users_function_is_an_array_at_compile_time():
    Z = R.standard_normal((4, 2))
    g = grad(mmd)
    check_grad(mmd, Z, gradient=g)
    assert 'method_call' not in g.source and 'method_call' not in g.specialized_source


def test_other_results_of_the_users_functions_stay_decided_when_run():
    Z = R.standard_normal((4, 2))
    for fn in (mmd_maybe, through_object):
        g = grad(fn)
        check_grad(fn, Z, gradient=g, modes=())
        assert 'method_call' in g.specialized_source
    np.testing.assert_allclose(grad(through_object)(Z), 2 * Z * 1.5)  # Summer.mean(): 1.5
