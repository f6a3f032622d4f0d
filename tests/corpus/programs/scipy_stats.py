"""Everyday programs over scipy.stats distributions (issue 16): likelihoods, GLMs,
variational objectives, Gaussian processes, mixtures, written the way tutorials
write them -- ``norm.logpdf(x, mu, sigma)``, ``st.t.logpdf(...)``, frozen
distributions ``d = norm(mu, s)``.  A shape parameter of a cdf (no closed-form
derivative) is refused, as is a frozen distribution that escapes into a list."""

import numpy as np
import scipy.stats as st
from scipy import special, stats
from scipy.stats import (beta, cauchy, chi2, dirichlet, expon, gamma, laplace, logistic,
                         multivariate_normal, norm, poisson, t)

from ..case import case

_rng = np.random.default_rng(1616)
Y = _rng.standard_normal(12) * 1.5 + 0.7
X = np.column_stack([np.ones(12), np.linspace(-1.0, 1.0, 12)])
Y_T = X @ np.array([0.5, -1.2]) + 0.4 * _rng.standard_t(3, 12)
COUNTS = np.array([2, 0, 3, 5, 1, 4, 7, 2, 3, 6, 1, 0])
LABELS = (_rng.uniform(size=12) < 0.5).astype(float)
POS = np.abs(Y) + 0.2
UNIT = np.clip(_rng.beta(2.0, 3.0, 12), 0.05, 0.95)
T6 = np.linspace(0.0, 2.0, 6)
Y6 = np.sin(2.0 * T6) + 0.1 * _rng.standard_normal(6)
EPS = _rng.standard_normal((8, 2))
FIRST = ('grad', 'value_and_grad', 'vjp')


# ------------------------------------------------------------------ likelihoods
@case(np.array([0.3, np.log(1.2)]))
def gaussian_nll_mu_log_sigma(params):
    mu, log_sigma = params[0], params[1]
    return -np.sum(norm.logpdf(Y, loc=mu, scale=np.exp(log_sigma)))


@case(0.4, 0.2)
def gaussian_nll_two_scalars(mu, log_sigma):
    sigma = np.exp(log_sigma)
    return -norm.logpdf(Y, mu, sigma).sum()


@case(np.array([0.5, -1.0, np.log(0.5)]))
def student_t_regression(theta):
    w, log_s = theta[:2], theta[2]
    resid = Y_T - X @ w
    return -np.sum(t.logpdf(resid, 4.0, scale=np.exp(log_s)))


@case(np.log(4.0))
def student_t_fit_df(log_df):
    return -np.sum(st.t.logpdf(Y, df=np.exp(log_df), loc=0.7, scale=1.5))


@case(np.array([0.2, 0.3]))
def poisson_glm(w):
    rate = np.exp(X @ w)
    return -np.sum(poisson.logpmf(COUNTS, rate))


@case(np.array([0.2, 0.3]))
def poisson_glm_pmf_product(w):
    rate = np.exp(X @ w)
    return -np.log(np.prod(poisson.pmf(COUNTS, mu=rate)))


@case(np.array([np.log(2.0), np.log(0.7)]))
def gamma_mle(log_params):
    a, scale = np.exp(log_params)
    return -np.sum(gamma.logpdf(POS, a, scale=scale))


@case(np.array([0.4, 0.9]))
def beta_mle(log_ab):
    a, b = np.exp(log_ab[0]), np.exp(log_ab[1])
    return -np.sum(beta.logpdf(UNIT, a, b))


@case(3.0)
def chi2_in_df(df):
    return np.sum(chi2.logpdf(POS * 2.0, df))


@case(0.8)
def exponential_rate(rate):
    return -np.sum(expon.logpdf(POS, scale=1.0 / rate))


@case(np.array([0.1, 0.0]))
def laplace_regression(w):
    return np.sum(-laplace.logpdf(Y_T, loc=X @ w, scale=0.8))


@case(0.3, 1.1)
def cauchy_location_scale(m, s):
    return -np.sum(cauchy.logpdf(Y, m, s))


@case(np.array([0.3, -0.4]))
def logistic_noise_model(w):
    return -np.sum(logistic.logpdf(Y_T - X @ w, scale=0.5))


# ------------------------------------------------------------------ classification, tails
@case(np.array([0.1, -0.2]))
def probit_regression(w):
    z = X @ w
    return -np.sum(LABELS * norm.logcdf(z) + (1 - LABELS) * norm.logsf(z))


@case(np.array([0.1, -0.2]))
def probit_with_cdf(w):
    p = norm.cdf(X @ w)
    return -np.sum(LABELS * np.log(p) + (1 - LABELS) * np.log1p(-p))


@case(np.array([0.5, 1.5]))
def tail_probability(params):
    return st.gamma.sf(2.0, 3.0, loc=params[0], scale=params[1]) + \
        stats.expon.cdf(1.0, scale=params[1])


@case(np.array([0.2, 0.5, 0.8]))
def quantiles_of_a_normal(q):
    return np.sum(norm.ppf(q, loc=1.0, scale=2.0) ** 2)


@case(np.array([0.3, 1.4]))
def value_at_risk(params):
    mu, sigma = params
    return -norm.ppf(0.05, mu, sigma) + np.sum(norm.pdf(Y, mu, sigma))


# ------------------------------------------------------------------ variational inference
@case(np.array([0.1, -0.3, np.log(0.5), np.log(0.8)]))
def bayesian_logistic_elbo(lam):
    m, log_s = lam[:2], lam[2:]
    s = np.exp(log_s)
    total = 0.0
    for e in EPS:
        w = m + s * e
        logits = X @ w
        loglik = np.sum(LABELS * special.log_expit(logits)
                        + (1 - LABELS) * special.log_expit(-logits))
        total = total + loglik + np.sum(norm.logpdf(w, 0.0, 1.0))
    entropy = np.sum(log_s)
    return -(total / len(EPS) + entropy)


@case(np.array([0.3, np.log(0.9)]))
def elbo_with_frozen_prior_and_posterior(lam):
    mu, s = lam[0], np.exp(lam[1])
    q = norm(mu, s)
    prior = stats.norm(loc=0.0, scale=2.0)
    z = mu + s * EPS[:, 0]
    return -np.mean(prior.logpdf(z) + norm.logpdf(Y[0], z, 1.0) - q.logpdf(z))


# ------------------------------------------------------------------ frozen distributions
@case(0.4, 1.2)
def frozen_chained(mu, s):
    return -np.sum(norm(mu, s).logpdf(Y))


@case(0.4, 1.2)
def frozen_named_many_methods(mu, s):
    d = st.norm(loc=mu, scale=s)
    return d.logcdf(0.5) + d.sf(1.0) + np.sum(d.pdf(Y)) + d.ppf(0.9)


@case(3.0)
def frozen_student_t_in_df(df):
    model = t(df, loc=0.7, scale=1.5)
    return -np.sum(model.logpdf(Y))


@case(2.5)
def frozen_poisson(rate):
    d = poisson(rate)
    return -np.sum(d.logpmf(COUNTS)) + d.cdf(3)


PRIOR = norm(0.0, 3.0)


@case(np.array([0.5, -0.25]))
def global_frozen_prior(w):
    return -np.sum(PRIOR.logpdf(w)) + np.sum((X @ w - Y) ** 2)


# ------------------------------------------------------------------ multivariate
@case(np.log(0.5), np.log(0.1))
def gp_log_marginal_likelihood(log_ell, log_noise):
    ell = np.exp(log_ell)
    sq = (T6[:, None] - T6[None, :]) ** 2
    K = np.exp(-0.5 * sq / ell ** 2) + np.exp(log_noise) * np.eye(len(T6))
    return -multivariate_normal.logpdf(Y6, mean=np.zeros(len(T6)), cov=K)


@case(np.array([0.2, -0.1]), np.array([[1.0, 0.3], [0.3, 2.0]]))
def mvn_mean_and_cov(mean, cov):
    return -np.sum(multivariate_normal.logpdf(EPS, mean, cov))


@case(np.array([0.2, -0.1]))
def mvn_frozen(mean):
    d = multivariate_normal(mean, np.array([[1.0, 0.3], [0.3, 2.0]]))
    return -np.sum(d.logpdf(EPS))


@case(np.array([0.1, 0.5, -0.2]))
def dirichlet_on_softmax(z):
    p = special.softmax(z)
    return dirichlet.logpdf(p, np.array([2.0, 3.0, 4.0]))


@case(np.array([0.7, 1.2, 0.9]))
def dirichlet_concentration(log_alpha):
    alpha = np.exp(log_alpha)
    return -dirichlet.logpdf(np.array([0.2, 0.5, 0.3]), alpha)


@case(np.array([0.3, 0.2]), np.array([0.0, 1.0]))
def gaussian_mixture_nll(log_w, means):
    w = special.softmax(log_w)
    comp = norm.logpdf(Y[:, None], means[None, :], 1.0) + np.log(w)[None, :]
    return -np.sum(special.logsumexp(comp, axis=1))


# ------------------------------------------------------------------ refused
@case(2.0, expect='refused', modes=FIRST,
      why='the derivative of gamma.cdf in its shape parameter a has no closed form')
def gamma_cdf_in_shape(a):
    return np.sum(gamma.cdf(POS, a))


@case(4.0, expect='refused', modes=FIRST,
      why='the derivative of t.cdf in df has no closed form')
def student_t_cdf_in_df(df):
    return np.sum(st.t.cdf(Y, df))


@case(2.0, expect='refused', modes=FIRST,
      why='a frozen gamma whose shape is differentiated, used through its cdf')
def frozen_gamma_cdf_in_shape(a):
    d = gamma(a, scale=2.0)
    return np.sum(d.cdf(POS))


@case(0.3, expect='refused', modes=FIRST,
      why='a frozen distribution held in a list: its method is called at run time')
def frozen_in_a_list(mu):
    models = [norm(mu, 1.0), norm(-mu, 1.0)]
    return sum(np.sum(m.logpdf(Y)) for m in models)


@case(0.3)  # (was refused: entropy() of a frozen distribution; rules since wave 4)
def frozen_entropy(mu):
    return norm(mu, np.exp(mu)).entropy()
