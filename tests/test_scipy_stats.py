"""scipy.stats distributions and scipy.special, end to end: every distribution, method
and parameter through grad, value_and_grad, vjp, jvp and hvp against finite differences
(srcad.testing.check_derivatives); calls by position, by name, with defaults, through
every import style and on frozen distributions; and the refusals."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import srcad
from srcad.errors import RuntimeCheckError
from srcad.testing import check_derivatives

stats = pytest.importorskip('scipy.stats')
special = pytest.importorskip('scipy.special')
import scipy.stats as st  # noqa: E402
from scipy.stats import norm, t as student_t  # noqa: E402

import stats_cases  # noqa: E402

RNG = np.random.default_rng(7)
FAMILIES = stats_cases.families(RNG)
METHODS = ('logpdf', 'pdf', 'logcdf', 'cdf', 'logsf', 'sf', 'ppf')
#: parameters with no closed-form derivative in the cdf family of methods
NO_CLOSED_FORM = ('logcdf', 'cdf', 'logsf', 'sf', 'ppf')


@pytest.fixture(autouse=True)
def quiet():
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', RuntimeWarning)
        yield


def params_of(name):
    sample, shapes, loc, scale = FAMILIES[name]
    return sample, [float(s()) for s in shapes], loc, scale


def make_program(name, method, fixed=None):
    """sum(dist.method(x, *shapes, loc, scale)), each argument differentiable (the shape
    parameters ``fixed``, closed over, when given: srcad.jvp varies every float argument)."""
    dist = getattr(stats, name)
    fn = getattr(dist, method)
    n = len(FAMILIES[name][1])

    def none(x, theta, loc, scale):
        return np.sum(fn(x, loc, scale))

    def one(x, theta, loc, scale):
        return np.sum(fn(x, theta[0], loc, scale))

    def two(x, theta, loc, scale):
        return np.sum(fn(x, theta[0], theta[1], loc, scale))

    def one_fixed(x, loc, scale):
        return np.sum(fn(x, fixed[0], loc, scale))

    def two_fixed(x, loc, scale):
        return np.sum(fn(x, fixed[0], fixed[1], loc, scale))
    if fixed is not None:
        return (None, one_fixed, two_fixed)[n]
    return (none, one, two)[n]


CASES = [(name, method) for name in FAMILIES for method in METHODS]


@pytest.mark.parametrize('name, method', CASES, ids=[f'{n}.{m}' for n, m in CASES])
def test_every_parameter_every_mode(name, method):
    sample, theta, loc, scale = params_of(name)
    x = RNG.uniform(0.15, 0.85, 3) if method == 'ppf' else sample(3)
    args = (x, np.array(theta) if theta else np.zeros(1), loc, scale)
    if theta and method in NO_CLOSED_FORM:
        fixed = make_program(name, method, fixed=theta)
        for wrt in (0, 1, 2):
            check_derivatives(fixed, x, loc, scale, wrt=wrt)
        program = make_program(name, method)
        with pytest.raises(srcad.NoRuleError, match='has no derivative'):
            srcad.grad(program, wrt=1)(*args)
        with pytest.raises(srcad.NoRuleError, match='has no forward-mode derivative'):
            srcad.jvp(program, args, (0.0 * x, np.ones(len(theta)), 0.0, 0.0))
        return
    program = make_program(name, method)
    for wrt in (0, 1, 2, 3) if theta else (0, 2, 3):
        check_derivatives(program, *args, wrt=wrt)


# --- call forms --------------------------------------------------------------------------
X = np.array([0.3, -1.2, 2.0, 0.7])


def by_position(mu, s):
    return np.sum(norm.logpdf(X, mu, s))


def by_name(mu, s):
    return np.sum(st.norm.logpdf(X, scale=s, loc=mu))


def module_path(mu, s):
    return np.sum(stats.norm.pdf(x=X, loc=mu, scale=s))


def default_scale(mu, s):
    return np.sum(norm.logcdf(X * s, mu))


def frozen_chained(mu, s):
    return np.sum(norm(mu, s).logpdf(X))


def frozen_named(mu, s):
    d = stats.norm(loc=mu, scale=s)
    return np.sum(d.logpdf(X)) + np.sum(d.cdf(X)) - np.sum(d.logsf(X))


def frozen_copied(mu, s):
    d = st.norm(mu, scale=s)
    e = d
    return np.sum(e.logpdf(x=X)) + e.ppf(0.3)


def frozen_in_value(mu, s):
    d = student_t(4.0, mu, s)
    return np.sum(d.logpdf(X * mu))


def frozen_shape(mu, s):
    d = stats.gamma(a=s + 1.0, scale=mu + 2.0)
    return np.sum(d.logpdf(np.abs(X) + 0.1)) + np.sum(d.pdf(np.abs(X)))


def frozen_both_in_loop(mu, s):
    total = 0.0
    for k in range(3):
        d = stats.logistic(mu * k, s)
        total = total + np.sum(d.logpdf(X))
    return total


PRIOR = stats.norm(0.5, 2.0)


def frozen_global(mu, s):
    return np.sum(PRIOR.logpdf(X * mu + s))


def broadcasting(mu, s):
    locs = mu * np.array([[1.0], [2.0]])
    return np.sum(stats.cauchy.logpdf(X, locs, s * np.ones(4)))


CALL_FORMS = [by_position, by_name, module_path, default_scale, frozen_chained, frozen_named,
              frozen_copied, frozen_in_value, frozen_shape, frozen_both_in_loop, frozen_global,
              broadcasting]


@pytest.mark.parametrize('program', CALL_FORMS, ids=[f.__name__ for f in CALL_FORMS])
def test_call_forms(program):
    for wrt in (0, 1):
        check_derivatives(program, 0.4, 1.3, wrt=wrt)


def test_by_name_and_by_position_agree():
    g1 = srcad.grad(by_position, wrt=(0, 1))(0.4, 1.3)
    g2 = srcad.grad(by_name, wrt=(0, 1))(0.4, 1.3)
    g3 = srcad.grad(frozen_chained, wrt=(0, 1))(0.4, 1.3)
    np.testing.assert_allclose(g1, g2)
    np.testing.assert_allclose(g1, g3)


# --- poisson -------------------------------------------------------------------------------
K = np.array([0, 1, 3, 6])


@pytest.mark.parametrize('method', ['pmf', 'logpmf', 'cdf', 'sf', 'logcdf', 'logsf'])
def test_poisson_in_mu(method):
    fn = getattr(stats.poisson, method)

    def program(mu):
        return np.sum(fn(K, mu))
    check_derivatives(program, np.array([0.7, 1.5, 2.5, 4.0]))



def test_poisson_frozen():
    def frozen(mu):
        d = stats.poisson(mu)
        return np.sum(d.logpmf(K)) + np.sum(d.pmf(K)) + np.sum(d.logcdf(K)) - d.sf(2)
    check_derivatives(frozen, 2.2)


def test_poisson_count_is_a_constant():
    def program(mu):
        return np.sum(stats.poisson.logpmf(np.round(mu * K), mu))
    check_derivatives(program, 1.7)


# --- multivariate normal and Dirichlet -----------------------------------------------------
def spd(n):
    a = RNG.standard_normal((n, n))
    return a @ a.T + n * np.eye(n)


XS = RNG.standard_normal((5, 3))
M3, S3 = RNG.standard_normal(3), spd(3)


@pytest.mark.parametrize('method', ['logpdf', 'pdf'])
def test_mvn_every_parameter(method):
    fn = getattr(stats.multivariate_normal, method)

    def program(x, mean, cov):
        return np.sum(fn(x, mean, cov))
    for wrt in range(3):
        check_derivatives(program, XS / 2, M3 / 2, S3, wrt=wrt)


def test_mvn_forms():
    def one_point(x, mean, cov):
        return stats.multivariate_normal.logpdf(x, mean=mean, cov=cov)
    for wrt in range(3):
        check_derivatives(one_point, XS[0], M3, S3, wrt=wrt)

    def diagonal(x, v):
        return np.sum(stats.multivariate_normal.logpdf(x, np.zeros(3), cov=v))
    check_derivatives(diagonal, XS, np.array([0.5, 1.0, 2.0]), wrt=1)

    def frozen(mean, cov):
        d = stats.multivariate_normal(mean, cov)
        return np.sum(d.logpdf(XS)) + d.logpdf(XS[1])
    for wrt in range(2):
        check_derivatives(frozen, M3, S3, wrt=wrt)


def test_mvn_gp_log_marginal_likelihood():
    t = np.linspace(0.0, 1.0, 6)
    y = np.sin(3 * t)

    def lml(log_ell, log_noise):
        ell = np.exp(log_ell)
        K = np.exp(-0.5 * (t[:, None] - t[None, :]) ** 2 / ell ** 2)
        K = K + np.exp(log_noise) * np.eye(6)
        return stats.multivariate_normal.logpdf(y, np.zeros(6), K)
    check_derivatives(lml, -1.0, -2.0, wrt=0)
    check_derivatives(lml, -1.0, -2.0, wrt=1)


def test_mvn_cov_reads_only_the_lower_triangle():
    junk = S3 + np.triu(RNG.standard_normal((3, 3)), 1)

    def program(cov):
        return np.sum(stats.multivariate_normal.logpdf(XS, M3, cov))
    g = srcad.grad(program)(junk)
    assert np.all(np.triu(g, 1) == 0.0)
    check_derivatives(program, junk)


def test_mvn_allow_singular():
    def program(mean, cov):
        return np.sum(stats.multivariate_normal.logpdf(XS, mean, cov, allow_singular=True))
    check_derivatives(program, M3, S3, wrt=1)   # not singular: as usual
    v = RNG.standard_normal(3)
    singular = np.outer(v, v)
    with pytest.raises(RuntimeCheckError, match='non-singular'):
        srcad.grad(program, wrt=1)(M3, singular)


@pytest.mark.parametrize('method', ['logpdf', 'pdf'])
def test_dirichlet(method):
    fn = getattr(stats.dirichlet, method)

    def on_simplex(z, alpha):
        return np.sum(fn(special.softmax(z, axis=0), alpha))
    z = RNG.standard_normal((4, 3))
    alpha = np.array([1.5, 2.0, 0.8, 3.0])
    check_derivatives(on_simplex, z, alpha, wrt=0)
    check_derivatives(on_simplex, z, alpha, wrt=1)

    def frozen(alpha):
        d = stats.dirichlet(alpha)
        return np.sum(d.logpdf(special.softmax(z, axis=0))) + np.sum(d.pdf(special.softmax(z, axis=0)))
    check_derivatives(frozen, alpha)


# --- refusals --------------------------------------------------------------------------------
def gamma_cdf_in_shape(a):
    return np.sum(stats.gamma.cdf(X ** 2 + 0.1, a))


def beta_sf_in_b(b):
    return np.sum(stats.beta.sf(np.array([0.2, 0.6]), 2.0, b=b))


def t_cdf_in_df(df):
    return np.sum(student_t.cdf(X, df))


def chi2_ppf_in_df(df):
    return stats.chi2.ppf(0.3, df=df)


@pytest.mark.parametrize('program', [gamma_cdf_in_shape, beta_sf_in_b, t_cdf_in_df,
                                     chi2_ppf_in_df])
def test_shape_parameter_of_a_cdf_is_refused_in_both_modes(program):
    with pytest.raises(srcad.NoRuleError) as info:
        srcad.grad(program)(2.5)
    assert 'test_scipy_stats.py' in str(info.value)
    with pytest.raises(srcad.NoRuleError):
        srcad.jvp(program, (2.5,), (1.0,))


def frozen_gamma_cdf(a):
    d = stats.gamma(a, scale=2.0)
    return np.sum(d.cdf(X ** 2 + 0.1))


def frozen_gamma_cdf_in_scale(s):
    d = stats.gamma(3.0, scale=s)
    return np.sum(d.cdf(X ** 2 + 0.1))


def test_frozen_shape_parameter_of_a_cdf_is_refused():
    with pytest.raises(RuntimeCheckError, match='shape parameter a'):
        srcad.grad(frozen_gamma_cdf)(2.5)
    with pytest.raises(RuntimeCheckError, match='shape parameter a'):
        srcad.jvp(frozen_gamma_cdf, (2.5,), (1.0,))
    check_derivatives(frozen_gamma_cdf_in_scale, 1.5)   # the scale has its derivative


def frozen_unsupported_method(mu):   # (.mean(), .var(), .std(), .entropy(): test_scipy_wave4.py)
    return norm(mu, 1.0).median() + norm(mu, 1.0).moment(3)


def frozen_in_a_list(mu):
    ds = [norm(mu, 1.0)]
    return np.sum(ds[0].logpdf(X))


def frozen_passed_in(mu, d):
    return np.sum(d.logpdf(X * mu))


def test_other_uses_are_refused():
    with pytest.raises(srcad.SrcadError):
        srcad.grad(frozen_unsupported_method)(0.3)
    with pytest.raises(srcad.SrcadError):
        srcad.grad(frozen_in_a_list)(0.3)


def test_wrong_keyword_is_a_located_refusal():
    def program(mu):
        return np.sum(norm.logpdf(X, mu=mu))
    with pytest.raises(srcad.NoRuleError, match='not supported'):
        srcad.grad(program)(0.3)


# --- scipy.special: the whole family, every mode ------------------------------------------
P = np.array([0.3, 0.6, 0.8])
SPECIAL = {
    'logit': lambda x: np.sum(special.logit(x)),
    'expit': lambda x: np.sum(special.expit(x)),
    'log_expit': lambda x: np.sum(special.log_expit(x)),
    'log_ndtr': lambda x: np.sum(special.log_ndtr(x)),
    'ndtr': lambda x: np.sum(special.ndtr(x)),
    'ndtri': lambda x: np.sum(special.ndtri(x)),
    'erfinv': lambda x: np.sum(special.erfinv(x)),
    'erfcinv': lambda x: np.sum(special.erfcinv(x)),
    'i0': lambda x: np.sum(special.i0(x)),
    'i1': lambda x: np.sum(special.i1(x)),
    'i0e': lambda x: np.sum(special.i0e(x)),
    'i1e': lambda x: np.sum(special.i1e(x)),
    'multigammaln': lambda x: special.multigammaln(x[0] + 3.0, 3),
    'softmax': lambda x: np.sum(special.softmax(x, axis=0) * np.arange(3)),
    'log_softmax': lambda x: np.sum(special.log_softmax(x, axis=0) * np.arange(3)),
    'logsumexp_b': lambda x: special.logsumexp(x, b=x + 1.0),
    'logsumexp_sign': lambda x: special.logsumexp(x, b=np.array([1.0, -0.5, 2.0]),
                                                  return_sign=True)[0],
    'xlogy': lambda x: np.sum(special.xlogy(x, x + 1)),
    'xlog1py': lambda x: np.sum(special.xlog1py(x, x)),
    'entr': lambda x: np.sum(special.entr(x)),
    'rel_entr': lambda x: np.sum(special.rel_entr(x, x[::-1])),
    'kl_div': lambda x: np.sum(special.kl_div(x, x[::-1])),
    'beta': lambda x: np.sum(special.beta(x, x + 1)),
    'betaln': lambda x: np.sum(special.betaln(x, x + 1)),
    'polygamma': lambda x: np.sum(special.polygamma(1, x)),
    'gammainc': lambda x: np.sum(special.gammainc(2.0, x)),
    'gammaincc': lambda x: np.sum(special.gammaincc(2.0, x)),
    'zeta_q': lambda x: np.sum(special.zeta(3.0, x + 1)),
}


@pytest.mark.parametrize('name', list(SPECIAL))
def test_special_every_mode(name):
    check_derivatives(SPECIAL[name], P)


REFUSED_SPECIAL = {
    'gammainc_a': lambda x: np.sum(special.gammainc(x, 2.0)),
    'gammaincc_a': lambda x: np.sum(special.gammaincc(x, 2.0)),
    'zeta_s': lambda x: np.sum(special.zeta(x + 2, 2.0)),
}


@pytest.mark.parametrize('name', list(REFUSED_SPECIAL))
def test_special_without_closed_form_is_refused(name):
    f = REFUSED_SPECIAL[name]
    with pytest.raises(srcad.NoRuleError):
        srcad.grad(f)(P)
    with pytest.raises(srcad.NoRuleError):
        srcad.jvp(f, (P,), (P,))


# --- a frozen distribution passed in (its methods known only when the code runs) ----------
def passed_in(mu, d):
    return np.sum(d.logpdf(X * mu)) + d.cdf(mu)


def test_frozen_distribution_passed_as_an_argument():
    d = stats.t(4.0, 0.5, 2.0)
    mu, eps = 0.4, 1e-6
    numeric = (passed_in(mu + eps, d) - passed_in(mu - eps, d)) / (2 * eps)
    np.testing.assert_allclose(srcad.grad(passed_in)(mu, d), numeric, rtol=1e-6)
    np.testing.assert_allclose(srcad.jvp(passed_in, (mu, d), (1.0, None))[1], numeric,
                               rtol=1e-6)
    g = srcad.grad(passed_in)  # second order too (srcad.dynamic_second)
    np.testing.assert_allclose(srcad.hvp(passed_in, (mu, d), 1.0),
                               (g(mu + eps, d) - g(mu - eps, d)) / (2 * eps), rtol=1e-6)
