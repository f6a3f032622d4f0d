"""Wave-4 SciPy rules end to end (grad, value_and_grad, vjp, jvp, hvp against float64
finite differences): the distributions of srcad/rules/scipy/stats_more.py, frozen
moments (stats_moments.py), *-arguments into distribution methods, scipy.linalg.svd,
trapezoid/simpson/cumulative_trapezoid, cdist/pdist, lfilter and the ndimage filters,
and the refusals that go with them."""

from __future__ import annotations

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives

scipy = pytest.importorskip('scipy')
from scipy import integrate, linalg, ndimage, signal, stats  # noqa: E402
from scipy.spatial.distance import cdist, pdist, squareform  # noqa: E402

RNG = np.random.RandomState(4)
POS = np.exp(RNG.normal(0.2, 0.5, size=8))
OBS = RNG.normal(1.0, 0.8, size=8)
SIG = np.sin(np.linspace(0, 6, 30)) + 0.1 * RNG.normal(size=30)
TH = np.array([0.3, -0.2])


def refused(fn, *args, mode='grad'):
    """The message of srcad's refusal of ``fn`` (fails if srcad returns a number)."""
    with pytest.raises(srcad.SrcadError) as info:
        if mode == 'grad':
            srcad.grad(fn)(*args)
        else:
            srcad.jvp(fn, args, tuple(np.ones_like(a) for a in args))
    return str(info.value)


# --- distributions -------------------------------------------------------------------------
def lognorm_fit(t):
    return -np.sum(stats.lognorm.logpdf(POS, s=np.exp(t[0]), scale=np.exp(t[1])))


def weibull_fit(t):
    return -stats.weibull_min.logpdf(POS, np.exp(t[0]), scale=np.exp(t[1])).sum()


def truncnorm_fit(t):
    mu, s = t[0], np.exp(t[1])
    a, b = (-1.0 - mu) / s, (3.0 - mu) / s
    return -np.sum(stats.truncnorm.logpdf(OBS, a, b, loc=mu, scale=s))


def cdfs_in_shapes(t):
    s, c = np.exp(t[0]), np.exp(t[1]) + 0.5
    a, b = -1.0 - t[0], 2.0 + t[1]
    return (np.sum(stats.lognorm.cdf(POS, s)) + np.sum(stats.weibull_min.logsf(POS, c))
            + np.sum(stats.truncnorm.logcdf(OBS * 0.3, a, b))
            + np.sum(stats.pareto.sf(POS + 1.0, c + 1.0))
            + np.sum(stats.lognorm.ppf([0.2, 0.7], s, scale=2.0))
            + np.sum(stats.truncnorm.ppf([0.3, 0.6], a, b)))


def halfnorm_prior(t):
    mu, sd = t[0], np.exp(t[1])
    return -(stats.norm.logpdf(OBS, mu, sd).sum() + stats.halfnorm.logpdf(sd, scale=2.0) + t[1])


def more_families(t):
    loc, scale = t[0], np.exp(t[1])
    return (np.sum(stats.uniform.logcdf(POS, loc - 1.0, scale + 5.0))
            + np.sum(stats.halfcauchy.logpdf(POS, loc - 1.0, scale))
            + np.sum(stats.invgamma.logpdf(POS, np.exp(t[1]) + 1.0, scale=scale))
            + np.sum(stats.gumbel_r.logpdf(OBS, loc, scale)))


def binomial_regression(beta):
    p = 1.0 / (1.0 + np.exp(-(beta[0] + beta[1] * np.linspace(-1, 1, 6))))
    k = np.array([1, 3, 4, 6, 8, 9])
    return (-stats.binom.logpmf(k, 10, p).sum() + np.sum(stats.binom.cdf(k, 10, p))
            + np.sum(stats.bernoulli.logpmf(k > 4, p)))


def negative_binomial(t):
    n, p = np.exp(t[0]), 1.0 / (1.0 + np.exp(-t[1]))
    k = np.array([0, 2, 5, 9, 3])
    d = stats.nbinom(n, p)
    return (np.sum(stats.nbinom.logpmf(k, n, p)) + np.sum(stats.nbinom.cdf(k, 3.0, p))
            + np.sum(d.logpmf(k)) + d.mean() + d.var())


def robust_losses(t):
    from scipy import special
    r = np.array([0.3, -2.0, 1.5, -0.1]) * t[0]
    return (np.sum(special.huber(np.exp(t[1]), r)) + np.sum(special.pseudo_huber(1.3, r))
            + np.sum(special.binom(4.5 + t[0], 1.2 + t[1])))


@pytest.mark.parametrize('fn', [lognorm_fit, weibull_fit, truncnorm_fit, cdfs_in_shapes,
                                halfnorm_prior, more_families, binomial_regression,
                                negative_binomial, robust_losses])
def test_distributions(fn):
    check_derivatives(fn, TH.copy())


def binom_in_n(t):
    return stats.binom.logpmf(3, t[0], 0.3)


def frozen_binom_in_n(t):
    return stats.binom(t[0], 0.3).logpmf(3)


def invgamma_cdf_in_shape(t):
    return np.sum(stats.invgamma.cdf(POS, np.exp(t[0])))


def nbinom_cdf_in_n(t):
    return np.sum(stats.nbinom.cdf([1, 4], t[0], 0.4))


@pytest.mark.parametrize('fn, says', [(binom_in_n, "parameter 'n'"),
                                      (nbinom_cdf_in_n, "parameter 'n'"),
                                      (frozen_binom_in_n, "parameter 'n'"),
                                      (invgamma_cdf_in_shape, "parameter 'a'")])
def test_non_differentiable_parameters_are_refused(fn, says):
    for mode in ('grad', 'jvp'):
        assert says in refused(fn, np.array([10.0]), mode=mode)


# --- frozen moments -----------------------------------------------------------------------
def moments_norm(t):
    d = stats.norm(t[0], np.exp(t[1]))
    return d.mean() + d.std() ** 2 + d.var() + d.entropy()


def moments_gamma(t):
    d = stats.gamma(np.exp(t[0]), loc=t[1], scale=np.exp(t[1]))
    return d.mean() * d.var() + d.std() + d.entropy()


def moments_lognorm_weibull(t):
    d = stats.lognorm(np.exp(t[0]), scale=np.exp(t[1]))
    w = stats.weibull_min(np.exp(t[0]) + 0.5, t[1], 2.0)
    return d.mean() + d.var() + d.entropy() + w.mean() + w.std() + w.entropy()


def moments_t_beta(t):
    d = stats.t(np.exp(t[0]) + 3.0, t[1], np.exp(t[1]))
    b = stats.beta(np.exp(t[0]), np.exp(t[1]) + 0.5)
    return d.var() + d.entropy() + b.mean() + b.var() + b.entropy()


def moments_discrete(t):
    p = 1.0 / (1.0 + np.exp(-t[0]))
    d = stats.binom(12, p)
    q = stats.poisson(np.exp(t[1]))
    return d.mean() + d.var() + d.std() + q.mean() * q.std() + stats.bernoulli(p).entropy()


@pytest.mark.parametrize('fn', [moments_norm, moments_gamma, moments_lognorm_weibull,
                                moments_t_beta, moments_discrete])
def test_frozen_moments(fn):
    check_derivatives(fn, TH.copy())


def truncnorm_moment(t):
    return stats.truncnorm(-1.0, 2.0, t[0], 1.0).mean()


def poisson_entropy(t):
    return stats.poisson(np.exp(t[0])).entropy()


def test_moments_without_a_formula_are_refused():
    assert 'no derivative rule for .mean()' in refused(truncnorm_moment, TH.copy())
    assert 'entropy() in its parameter mu' in refused(poisson_entropy, TH.copy())


# --- *-arguments into distribution methods --------------------------------------------------
def star_norm(t):
    return np.sum(stats.norm.logpdf(OBS, *t))


def star_tuple(t):
    params = (t[0], np.exp(t[1]))
    return np.sum(stats.norm.logcdf(OBS, *params)) + np.sum(stats.gamma.logpdf(POS + 5.0, *np.exp(t)))


def star_into_frozen(t):
    d = stats.norm(*t)
    return np.sum(d.logpdf(OBS)) + d.var() + np.sum(stats.norm(*t).logcdf(OBS))


def double_star_dict(t):
    kw = dict(loc=t[0], scale=np.exp(t[1]))
    return np.sum(stats.norm.logpdf(OBS, **kw))


@pytest.mark.parametrize('fn', [star_norm, star_tuple, star_into_frozen, double_star_dict])
def test_star_arguments(fn):
    check_derivatives(fn, np.array([0.4, 1.2]))


def test_star_argument_too_long_raises_like_python():
    with pytest.raises(TypeError):
        srcad.grad(star_norm)(np.array([0.1, 1.0, 2.0, 3.0]))


# --- scipy.linalg.svd -------------------------------------------------------------------------
A = RNG.normal(size=(4, 3))


def svd_square(S):
    U, s, Vt = linalg.svd(S)
    return s.sum() + np.sum(U[:, 0] * Vt[0] * np.arange(3))


def svd_thin(A):
    U, s, Vt = linalg.svd(A, full_matrices=False)
    return np.sum(U[:, :2] ** 3) + np.sum(s ** 2) + np.sum(linalg.svd(A, compute_uv=False) ** 3)


def svd_full_used_columns(A):
    U, s, Vt = linalg.svd(A)
    return np.sum(U[:, :3] ** 2 * np.arange(3)) + s.sum()


def svd_full_extra_column(A):
    U, s, Vt = linalg.svd(A)
    return np.sum(U[:, 3])


def test_svd():
    check_derivatives(svd_square, RNG.normal(size=(3, 3)))
    check_derivatives(svd_thin, A.copy())
    check_derivatives(svd_full_used_columns, A.copy(), modes=('grad', 'value_and_grad', 'vjp'))


def test_svd_extra_columns_are_refused():
    assert 'extra columns' in refused(svd_full_extra_column, A.copy())
    assert 'extra columns' in refused(svd_full_used_columns, A.copy(), mode='jvp')


# --- quadrature --------------------------------------------------------------------------------
def quadrature(p):
    t = np.linspace(0, 2, 21)
    f = p[0] * np.exp(-p[1] * t) * np.sin(3 * t)
    x = integrate.cumulative_trapezoid(f, t, initial=0)
    return (integrate.trapezoid(f ** 2, t) + integrate.simpson(f, x=t)
            + np.sum((x - t) ** 2) + integrate.simpson(f[:20] ** 2, dx=0.1))


def quadrature_in_x(p):
    t = p[0] * np.linspace(0, 2, 11)
    return integrate.trapezoid(t ** 2, t)


def test_quadrature():
    check_derivatives(quadrature, np.array([1.0, 0.5]))
    assert "parameter 'x'" in refused(quadrature_in_x, np.array([1.0]))


# --- cdist, pdist --------------------------------------------------------------------------------
X = RNG.normal(size=(5, 2))
XB = RNG.normal(size=(3, 2))


def kernels(X):
    return (np.sum(np.exp(-cdist(X, XB))) + np.sum(cdist(X, XB, 'cityblock') ** 2)
            + np.sum(np.exp(-0.5 * cdist(X, X, 'sqeuclidean')))
            + np.sum(np.exp(-pdist(X))) + np.sum(squareform(pdist(X, 'sqeuclidean')) ** 2))


def gp_lengthscale(lt):
    xs = np.linspace(-1, 1, 7)[:, None]
    D = cdist(xs / np.exp(lt[0]), xs / np.exp(lt[0]), 'sqeuclidean')
    K = np.exp(2 * lt[1]) * np.exp(-0.5 * D) + 0.01 * np.eye(7)
    return np.linalg.slogdet(K)[1]


def euclidean_self(X):
    return np.sum(np.exp(-cdist(X, X)))


def cosine(X):
    return np.sum(cdist(X, XB, 'cosine'))


def test_distances():
    check_derivatives(kernels, X.copy())
    check_derivatives(gp_lengthscale, np.array([0.1, 0.2]))


def test_distance_refusals():
    assert 'equal points' in refused(euclidean_self, X.copy())
    # moving both point sets alike keeps the zero distances at zero: a zero tangent there
    _, tangent = srcad.jvp(euclidean_self, (X.copy(),), (np.ones_like(X),))
    assert tangent == pytest.approx(0.0, abs=1e-12)
    assert "metric" in refused(cosine, X.copy())


# --- lfilter --------------------------------------------------------------------------------------
def iir(a):
    return np.sum(signal.lfilter([1 - a[0]], [1, -a[0]], SIG) ** 2)


def iir_coefficients(c):
    return np.sum(signal.lfilter(c[:3], np.concatenate([np.ones(1), c[3:]]), SIG) ** 2)


def iir_input(x):
    return np.sum(signal.lfilter([0.2, 0.3], [1.0, -0.5, 0.2], x, axis=0) ** 3)


def iir_with_state(x):
    y, zf = signal.lfilter([0.5, 0.5], [1.0], x, zi=np.zeros(1))
    return np.sum(y)


def test_lfilter():
    check_derivatives(iir, np.array([0.3]))
    check_derivatives(iir_coefficients, np.array([0.2, 0.3, 0.1, -0.5, 0.2]))
    check_derivatives(iir_input, RNG.normal(size=(9, 2)))
    assert 'zi' in refused(iir_with_state, SIG.copy())


# --- ndimage ------------------------------------------------------------------------------------
@pytest.mark.parametrize('mode', ['reflect', 'constant', 'nearest', 'mirror', 'wrap'])
def test_ndimage_modes(mode):
    def smooth(x):
        return (np.sum(ndimage.gaussian_filter1d(x * SIG[:13], 1.5, mode=mode) ** 2)
                + np.sum(ndimage.gaussian_filter1d(x, 1.0, order=1, mode=mode, cval=0.5) ** 2)
                + np.sum(ndimage.uniform_filter1d(x, 4, mode=mode) ** 3))
    check_derivatives(smooth, RNG.normal(size=13))


def image_smoothing(img):
    return (np.sum(ndimage.gaussian_filter(img, [1.0, 0.7]) ** 2)
            + np.sum(ndimage.gaussian_filter(img, 1.2, mode='wrap', order=[0, 1]) ** 2)
            + np.sum(ndimage.uniform_filter(img, 3, mode='nearest') ** 2))


def filter_width(s):
    return np.sum(ndimage.gaussian_filter1d(SIG, s[0]))


def test_ndimage():
    check_derivatives(image_smoothing, RNG.normal(size=(6, 5)))
    assert "parameter 'sigma'" in refused(filter_width, np.array([1.0]))
