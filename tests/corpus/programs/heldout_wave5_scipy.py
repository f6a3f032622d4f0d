"""Held-out wave 5: scipy.special and scipy.stats as statisticians call them -- xlogy/entr/
rel_entr/kl_div, expit/logit/log_expit, softmax/log_softmax, logsumexp with b= and
return_sign, the erf and gamma families, incomplete gamma, Bessel functions, and logpdf/
logpmf/cdf/sf/ppf of many distributions with respect to their parameters."""

import numpy as np

from ..case import case
from scipy import special as sp
from scipy import stats

p4 = np.array([0.2, 0.5, 0.9, 0.35])
z4 = np.array([-1.2, 0.3, 0.8, 2.1])


@case(p4)
def xlogy_entropy_and_xlog1py(p):
    return -np.sum(sp.xlogy(p, p)) + np.sum(sp.xlog1py(p, -p))


@case(np.array([0.0, 0.3, 0.7]))
def xlogy_at_zero_entry(p):
    return np.sum(sp.xlogy(p, p + 0.1)) + np.sum(sp.xlogy(p ** 2, p + 1))


@case(p4)
def entr_rel_entr_kl_div(p):
    q = np.array([0.3, 0.3, 0.2, 0.2])
    return np.sum(sp.entr(p)) + np.sum(sp.rel_entr(p, q)) + np.sum(sp.kl_div(q, p))


@case(z4)
def expit_logit_log_expit(z):
    return np.sum(sp.expit(z)) + np.sum(sp.logit(sp.expit(z) * 0.9)) + np.sum(sp.log_expit(z))


@case(z4)
def softmax_log_softmax_axis(z):
    Z = np.stack([z, z[::-1] * 2])
    return np.sum(sp.softmax(Z, axis=1) * np.arange(4)) + np.sum(sp.log_softmax(Z, axis=0)[0])


@case(z4)
def logsumexp_with_b_and_return_sign(z):
    v, s = sp.logsumexp(z, b=np.array([1.0, -0.5, 2.0, 0.3]), return_sign=True)
    return v * s + sp.logsumexp(z, b=0.5)


@case(z4)
def erf_family(z):
    return np.sum(sp.erf(z) + sp.erfc(z) ** 2 + sp.erfcx(np.abs(z)) + sp.erfinv(np.tanh(z) * 0.9))


@case(z4)
def ndtr_ndtri_log_ndtr(z):
    return np.sum(sp.ndtr(z)) + np.sum(sp.log_ndtr(z)) + np.sum(sp.ndtri(sp.expit(z)))


@case(np.array([0.5, 1.5, 3.2, 7.0]))
def gamma_family(a):
    return np.sum(sp.gammaln(a) + sp.digamma(a) + sp.polygamma(1, a) + sp.loggamma(a).real + np.log(sp.gamma(a)))


@case(np.array([0.5, 1.5, 3.2, 7.0]))
def beta_betaln_multigammaln(a):
    return np.sum(sp.betaln(a, a[::-1])) + np.sum(np.log(sp.beta(a, 2.0))) + sp.multigammaln(a[3], 3)


@case(np.array([0.5, 1.5, 3.2, 7.0]))
def gammainc_wrt_x(xx):
    return np.sum(sp.gammainc(2.0, xx) + sp.gammaincc(3.5, xx))


@case(np.array([0.5, 1.5, 3.2, 7.0]))
def bessel_i0_i1_i0e(xx):
    return np.sum(sp.i0(xx) * 0.1 + sp.i1(xx) * 0.1 + sp.i0e(xx) + sp.i1e(xx))


@case(np.array([0.5, 1.5, 3.2, 7.0]))
def bessel_j0_j1_y0(xx):
    return np.sum(sp.j0(xx) + sp.j1(xx) + sp.y0(xx))


@case(z4)
def softplus_via_logaddexp_and_log1p_exp(z):
    return np.sum(np.logaddexp(0.0, z)) + np.sum(np.log1p(np.exp(z)))


@case(np.array([0.3, 1.2, 0.7]))
def norm_logpdf_cdf_sf_logcdf(theta):
    mu, sig = theta[0], theta[1]
    x = np.array([-1.0, 0.2, 1.5])
    return (np.sum(stats.norm.logpdf(x, mu, sig)) + np.sum(stats.norm.cdf(x, loc=mu, scale=sig))
            + np.sum(stats.norm.sf(x * theta[2])) + np.sum(stats.norm.logcdf(x, mu)))


@case(np.array([0.3, 1.2, 3.0]))
def t_logpdf_wrt_loc_scale_df(theta):
    x = np.array([-1.0, 0.2, 1.5])
    return np.sum(stats.t.logpdf(x, theta[2], loc=theta[0], scale=theta[1]))


@case(np.array([2.0, 1.5]))
def gamma_logpdf_wrt_shape_scale(theta):
    x = np.array([0.5, 1.2, 3.3])
    return np.sum(stats.gamma.logpdf(x, theta[0], scale=theta[1]))


@case(np.array([2.0, 1.5]))
def beta_logpdf_wrt_params(theta):
    x = np.array([0.2, 0.5, 0.9])
    return np.sum(stats.beta.logpdf(x, theta[0], theta[1]))


@case(np.array([2.5]))
def poisson_logpmf_wrt_rate(lam):
    k = np.array([0, 1, 3, 5])
    return np.sum(stats.poisson.logpmf(k, lam[0]))


@case(np.array([0.3]))
def binom_bernoulli_logpmf_wrt_p(p):
    return np.sum(stats.binom.logpmf([0, 2, 5], 6, p[0])) + np.sum(stats.bernoulli.logpmf([0, 1, 1], p[0]))


@case(np.array([1.5, 0.7]))
def expon_laplace_logistic_logpdf(theta):
    x = np.array([0.2, 1.0, 2.5])
    return (np.sum(stats.expon.logpdf(x, scale=theta[0])) + np.sum(stats.laplace.logpdf(x, theta[1], theta[0]))
            + np.sum(stats.logistic.logpdf(x, loc=theta[1])))


@case(np.array([0.3, -0.2, 1.5, 0.4]))
def mvn_logpdf_wrt_mean_and_cov_param(theta):
    mu = theta[:2]
    a, b = theta[2], theta[3]
    cov = np.array([[a * a + 0.1, a * b], [a * b, b * b + 0.5]])
    x = np.array([[0.0, 0.1], [1.0, -0.5], [0.3, 0.3]])
    return np.sum(stats.multivariate_normal.logpdf(x, mu, cov))


@case(np.array([1.5, 2.0, 0.7]))
def dirichlet_logpdf_wrt_alpha(alpha):
    return stats.dirichlet.logpdf(np.array([0.2, 0.5, 0.3]), alpha)


@case(np.array([2.0, 1.5]))
def invgamma_halfnormal_halfcauchy(theta):
    x = np.array([0.5, 1.2, 3.3])
    return (np.sum(stats.invgamma.logpdf(x, theta[0], scale=theta[1])) + np.sum(stats.halfnorm.logpdf(x, scale=theta[1]))
            + np.sum(stats.halfcauchy.logpdf(x, scale=theta[0])))


@case(np.array([0.3, 1.2]))
def frozen_distribution_logpdf(theta):
    d = stats.norm(loc=theta[0], scale=theta[1])
    return np.sum(d.logpdf(np.array([0.0, 1.0])))


@case(np.array([0.3, 1.2]))
def cauchy_and_lognorm(theta):
    x = np.array([0.5, 1.2, 3.3])
    return np.sum(stats.cauchy.logpdf(x, theta[0], theta[1])) + np.sum(stats.lognorm.logpdf(x, theta[1], scale=np.exp(theta[0])))


@case(np.array([0.3, 1.2]), expect='refused',
      why='stats.norm.isf has no rule (FALSE refusal, rare)')
def norm_ppf_isf(theta):
    q = np.array([0.1, 0.5, 0.8])
    return np.sum(stats.norm.ppf(q, theta[0], theta[1])) + np.sum(stats.norm.isf(q, scale=theta[1]))


@case(np.array([2.0, 3.0]), expect='refused',
      why='stats.f.logpdf has no rule (FALSE refusal)')
def chi2_logpdf_and_f(theta):
    x = np.array([0.5, 1.2, 3.3])
    return np.sum(stats.chi2.logpdf(x, theta[0])) + np.sum(stats.f.logpdf(x, theta[0], theta[1]))


@case(np.array([0.5, 1.2, 3.3]))
def weibull_and_pareto_wrt_x(x):
    return np.sum(stats.weibull_min.logpdf(x, 1.5)) + np.sum(stats.pareto.logpdf(x + 1, 2.0)) + np.sum(stats.gumbel_r.logpdf(x))


@case(np.array([0.3, 1.2]), expect='refused',
      why='stats.skewnorm.logpdf has no rule (FALSE refusal)')
def skewnorm_and_truncnorm(theta):
    x = np.array([0.5, 1.2, -0.3])
    return np.sum(stats.skewnorm.logpdf(x, 2.0, theta[0], theta[1]))


@case(np.array([0.3, 1.2]), expect='refused',
      why='stats.vonmises.logpdf has no rule (FALSE refusal, probe 4 family 10)')
def vonmises_logpdf(theta):
    x = np.array([0.5, 1.2, -0.3])
    return np.sum(stats.vonmises.logpdf(x, theta[1], loc=theta[0]))
