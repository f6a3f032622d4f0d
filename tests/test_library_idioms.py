"""Library idioms (issue 15) end to end against finite differences: NumPy 2's named
results, clip(min=), reductions with where= and initial=, ufunc methods, math's
functions, np.random draws that run as they are, and what is refused."""

import math

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives

RNG = np.random.default_rng(1515)
A = RNG.standard_normal((3, 3)) + 3 * np.eye(3)
SPD = A @ A.T + np.eye(3)
X = np.array([0.3, -0.7, 1.2, -0.1])
MASK = np.array([True, False, True, True])


def svd_named(M):
    r = np.linalg.svd(M)
    return np.sum(r.S ** 2) + np.sum(r.U[:, 0] * r.Vh[0]) * r.S[0]


def svd_values_only(M):
    return np.sum(np.linalg.svd(M).S)


def slogdet_named(M):
    res = np.linalg.slogdet(M)
    return res.sign * res.logabsdet


def eigh_named(S):
    res = np.linalg.eigh(S)
    return np.sum(res.eigenvalues ** 2) + np.sum(res.eigenvectors[:, -1] ** 2 * np.arange(3.0))


def qr_named(M):
    res = np.linalg.qr(M)
    return np.sum(res.R ** 2) + np.sum(np.abs(np.diag(res.Q)))


def clip_method(x):
    return np.sum(x.clip(min=0) ** 2) + np.sum(x.clip(max=0.5))


def clip_keywords(x):
    return np.sum(np.clip(x, min=-0.5, max=0.5) ** 2) + np.sum(np.clip(x, -0.2, 0.9))


def clip_bound_differentiated(x):
    return np.sum(np.clip(X, min=x[0], max=x[1] + 2.0))


def sum_where(x):
    return np.sum(x ** 2, where=MASK) + x.sum(where=x > 0)


def mean_where(x):
    return np.mean(x ** 2, where=MASK) + np.mean(np.outer(x, x), axis=0, where=MASK[:, None]).sum()


def max_initial(x):
    return np.max(x, initial=0.0) + np.min(x * 2, initial=5.0) + x.max(initial=10.0)


def max_where(x):
    return np.max(x, where=MASK, initial=-np.inf) + np.amin(x, where=x > 0, initial=np.inf)


def prod_where_initial(x):
    return np.prod(x, where=MASK) + np.prod(x[:2], initial=3.0)


def ufunc_reduce(x):
    m = np.add.outer(x, x)
    return np.add.reduce(x ** 2) + np.multiply.reduce(x) + np.sum(np.add.reduce(m, axis=1) ** 2)


def ufunc_accumulate(x):
    return np.sum(np.add.accumulate(x) ** 2) + np.sum(np.multiply.accumulate(x))


def ufunc_outer(x):
    d = np.subtract.outer(x, x)
    p = np.multiply.outer(x, x[:2])
    q = np.divide.outer(x, x[:2] + 3.0)
    return np.sum(d ** 2) + np.sum(p) + np.sum(q ** 2)


def add_at(x):
    out = np.zeros(3)
    np.add.at(out, [0, 0, 2, 1], x)
    return np.sum(out ** 2)


def math_functions(x):
    a, b = float(x[0]) + 2.0, float(x[1]) + 1.5
    total = math.log(a, 3.0) + math.log(b, a) + math.hypot(a, b) + math.hypot(a, b, 1.0)
    total += math.fsum([a, b * b, 1.0]) + math.prod([a, b, 2.0]) + math.prod((a, b), start=0.5)
    return total + math.dist([a, b], [0.5, -1.0]) + math.dist((a, 0.0), (b, 1.0))


def casts(x):
    return np.float64(x[0]) * float(x[1]) + abs(complex(x[2], x[3]))


def random_state_draws(x):
    rs = np.random.RandomState(0)
    noise = rs.randn(4) + rs.rand(4) + rs.normal(0.0, 1.0, size=4)
    return np.sum(noise * x ** 2)


def generator_draws(x):
    rng = np.random.default_rng(0)
    return np.sum(rng.normal(size=4) * x) + np.sum(rng.uniform(-1.0, 1.0, 4) * x ** 2)


def global_draws(x):
    np.random.seed(3)
    z = np.random.randn(4) + np.random.normal(0.0, 2.0, size=4) + np.random.rand(*x.shape)
    return np.sum(z * np.sin(x))


def reparameterized(x):
    z = np.random.default_rng(4).standard_normal(4)
    return np.sum((x + np.exp(x) * z) ** 2)


CASES = [
    (svd_named, A), (svd_values_only, A), (slogdet_named, A), (eigh_named, SPD), (qr_named, A),
    (clip_method, X), (clip_keywords, X), (clip_bound_differentiated, np.array([-0.4, -1.8])),
    (sum_where, X), (mean_where, X), (max_initial, X), (max_where, X), (prod_where_initial, X),
    (ufunc_reduce, X), (ufunc_accumulate, X), (ufunc_outer, X), (add_at, X),
    (math_functions, X), (casts, X), (random_state_draws, X), (generator_draws, X),
    (global_draws, X), (reparameterized, X),
]


@pytest.mark.parametrize('fn, arg', CASES, ids=[fn.__name__ for fn, _ in CASES])
def test_derivatives_match_finite_differences(fn, arg):
    check_derivatives(fn, arg)


def test_unused_keywords_compile_to_the_same_code():
    def plain(x):
        return np.sum(x) + np.max(x) + np.sum(np.clip(x, 0.0, 1.0))
    source = srcad.grad(plain).source
    assert ' is None' not in source and ' is True' not in source


# --- draws with differentiated parameters: reparameterised (library wave 6), seeded here ---
def draw_with_differentiated_mean(x):
    np.random.seed(1)
    return np.sum(np.random.normal(x, 1.0) ** 2)


def draw_with_differentiated_scale(x):
    rs = np.random.RandomState(0)
    return np.sum(rs.normal(0.0, np.exp(x)) ** 2)


def generator_draw_with_differentiated_mean(x):
    rng = np.random.default_rng(0)
    return np.sum(rng.normal(x, 1.0) ** 2)


@pytest.mark.parametrize('fn', [draw_with_differentiated_mean, draw_with_differentiated_scale,
                                generator_draw_with_differentiated_mean])
def test_reparameterised_draws(fn):
    check_derivatives(fn, X)


# --- refused, located ----------------------------------------------------------------------
def draw_with_differentiated_shape(x):
    rs = np.random.RandomState(0)
    return np.sum(rs.gamma(np.exp(x), 1.0))


def legacy_draw_with_differentiated_shape(x):
    return np.sum(np.random.gamma(np.exp(x), 1.0))


def differentiated_initial(x):
    return np.max(X, initial=x[0])


@pytest.mark.parametrize('fn', [draw_with_differentiated_shape,
                                legacy_draw_with_differentiated_shape, differentiated_initial])
def test_refused_with_location(fn):
    for run in (lambda: srcad.grad(fn)(X), lambda: srcad.jvp(fn, (X,), (X,))):
        with pytest.raises(srcad.SrcadError) as info:
            run()
        assert 'test_library_idioms.py' in str(info.value)
