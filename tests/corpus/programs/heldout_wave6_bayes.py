"""Held-out wave 6: ports of autograd's examples -- black-box VI with the reparameterisation
trick and a fixed noise draw, a Bayesian neural net ELBO, natural gradient of a Gaussian,
negative binomial log-likelihood with gammaln, sinusoid fitting, logistic regression,
Gaussian-process marginal likelihood with kernel hyperparameters, mixture of Gaussians
log-likelihood, Poisson GLM, a Student-t regression, Dirichlet and beta log-densities."""

import numpy as np
from scipy.special import gammaln, digamma, betaln
import scipy.stats as st

from ..case import case

rs = np.random.RandomState(46)
eps_draw = rs.randn(10, 2)


def log_density(z):
    mu, log_sigma = z[:, 0], z[:, 1]
    sigma_density = st.norm.logpdf(log_sigma, 0, 1.35)
    mu_density = st.norm.logpdf(mu, 0, np.exp(log_sigma))
    return sigma_density + mu_density


def gaussian_entropy(log_std):
    return 0.5 * len(log_std) * (1.0 + np.log(2 * np.pi)) + np.sum(log_std)


@case(np.array([0.1, -0.2, -0.5, -0.3]))
def bbvi_elbo_funnel(params):
    mean, log_std = params[:2], params[2:]
    samples = eps_draw * np.exp(log_std) + mean
    return gaussian_entropy(log_std) + np.mean(log_density(samples))


@case(np.array([0.1, -0.2, -0.5, -0.3]))
def bbvi_elbo_seeded_rng_inside(params):
    mean, log_std = params[:2], params[2:]
    rng = np.random.default_rng(0)
    samples = rng.standard_normal((10, 2)) * np.exp(log_std) + mean
    return gaussian_entropy(log_std) + np.mean(log_density(samples))


@case(np.array([0.1, -0.2, -0.5, -0.3]))
def bbvi_rng_normal_loc_scale(params):
    # rng.normal(loc, scale) is loc + scale * z: the pathwise derivative is what FD sees
    rng = np.random.default_rng(1)
    samples = rng.normal(params[:2], np.exp(params[2:]), size=(10, 2))
    return np.mean(log_density(samples)) + gaussian_entropy(params[2:])


inputs = np.linspace(-2, 2, 8).reshape(-1, 1)
targets = np.cos(inputs) + 0.1 * rs.randn(8, 1)
sizes = [1, 4, 1]
n_w = sum((m + 1) * n for m, n in zip(sizes[:-1], sizes[1:]))


def unpack_layers(weights):
    num_weight_sets = len(weights)
    for m, n in zip(sizes[:-1], sizes[1:]):
        yield weights[:, :m * n].reshape((num_weight_sets, m, n)), weights[:, m * n:m * n + n].reshape((num_weight_sets, 1, n))
        weights = weights[:, (m + 1) * n:]


def predictions(weights, x):
    x = np.expand_dims(x, 0)
    for W, b in unpack_layers(weights):
        outputs = np.einsum('mnd,mdo->mno', x, W) + b
        x = np.tanh(outputs)
    return outputs


@case(rs.randn(3, n_w) * 0.5)
def bnn_logprob_generator_unpack(weights):
    log_prior = -0.5 * np.sum(weights ** 2, axis=1)
    preds = predictions(weights, inputs)
    log_lik = -np.sum((preds - targets) ** 2, axis=1)[:, 0] / 0.1
    return np.sum(log_prior + log_lik)


def unpack_layers_list(weights):
    out = []
    for m, n in zip(sizes[:-1], sizes[1:]):
        out.append((weights[:, :m * n].reshape((len(weights), m, n)), weights[:, m * n:m * n + n].reshape((len(weights), 1, n))))
        weights = weights[:, (m + 1) * n:]
    return out


@case(rs.randn(3, n_w) * 0.5)
def bnn_logprob_list_unpack(weights):
    x = inputs[None]
    for W, b in unpack_layers_list(weights):
        outputs = np.einsum('mnd,mdo->mno', x, W) + b
        x = np.tanh(outputs)
    return -np.sum((outputs - targets) ** 2) - 0.5 * np.sum(weights ** 2)


@case(np.array([0.3, -0.4]))
def natural_gradient_step_gaussian(theta):
    # one natural-gradient step on (mu, log_sigma) of a Gaussian fitted to data; Fisher diag
    data = np.array([0.5, 1.5, -0.2, 0.9])
    mu, ls = theta
    s2 = np.exp(2 * ls)
    g = np.array([np.sum(data - mu) / s2, np.sum((data - mu) ** 2) / s2 - len(data)])
    F = np.array([len(data) / s2, 2.0 * len(data)])
    new = theta + 0.5 * g / F
    return np.sum(new ** 2)


@case(np.array([0.7, 1.2]))
def negative_binomial_loglik(params):
    r, p = np.exp(params[0]), 1 / (1 + np.exp(-params[1]))
    x = np.array([0, 3, 1, 7, 2, 0, 5])
    return np.sum(gammaln(r + x) - gammaln(r) - gammaln(x + 1) + r * np.log(1 - p) + x * np.log(p))


@case(np.array([1.3, 0.4, 0.1]))
def sinusoid_fit_loss(theta):
    t = np.linspace(0, 6, 20)
    y = 1.2 * np.sin(0.5 * t + 0.2)
    amp, freq, phase = theta
    return np.mean((amp * np.sin(freq * t + phase) - y) ** 2)


@case(rs.randn(3) * 0.3)
def logistic_regression_autograd_style(w):
    Xl = np.array([[0.52, 1.12, 0.77], [0.88, -1.08, 0.15], [0.52, 0.06, -1.30], [0.74, -2.49, 1.39]])
    yl = np.array([True, True, False, True])
    preds = 0.5 * (np.tanh(np.dot(Xl, w) / 2) + 1)
    label_probabilities = preds * yl + (1 - preds) * (1 - yl)
    return -np.sum(np.log(label_probabilities))


@case(np.array([0.1, -0.3, -1.0]))
def gp_marginal_likelihood_hypers(log_params):
    ell, sf, sn = np.exp(log_params)
    x = np.linspace(0, 1, 6)
    y = np.sin(3 * x)
    K = sf ** 2 * np.exp(-0.5 * (x[:, None] - x[None, :]) ** 2 / ell ** 2) + sn ** 2 * np.eye(6)
    L = np.linalg.cholesky(K)
    alpha = np.linalg.solve(L.T, np.linalg.solve(L, y))
    return 0.5 * y @ alpha + np.sum(np.log(np.diag(L)))


@case(np.array([0.1, -0.3, -1.0]))
def gp_marginal_scipy_cho(log_params):
    from scipy.linalg import cho_factor, cho_solve
    ell, sf, sn = np.exp(log_params)
    x = np.linspace(0, 1, 6)
    y = np.sin(3 * x)
    K = sf ** 2 * np.exp(-0.5 * np.subtract.outer(x, x) ** 2 / ell ** 2) + sn ** 2 * np.eye(6)
    c, low = cho_factor(K)
    return 0.5 * y @ cho_solve((c, low), y) + np.sum(np.log(np.diag(c)))


@case(np.array([-0.5, 0.8, 0.0, -0.3, 0.2]))
def gmm_loglik_logsumexp(params):
    mus = params[:2]
    log_sig = params[2:4]
    logit = params[4]
    data = np.array([-1.0, -0.6, 0.9, 1.1, 0.7])
    logw = np.array([logit, 0.0]) - np.logaddexp(logit, 0.0)
    comp = st.norm.logpdf(data[:, None], mus, np.exp(log_sig)) + logw
    m = comp.max(axis=1, keepdims=True)
    return np.sum(m[:, 0] + np.log(np.exp(comp - m).sum(axis=1)))


@case(np.array([0.2, -0.1]))
def poisson_glm(beta):
    Xp = np.array([[1.0, 0.5], [1.0, -1.0], [1.0, 2.0], [1.0, 0.0]])
    y = np.array([2, 0, 7, 1])
    eta = Xp @ beta
    return -np.sum(y * eta - np.exp(eta) - gammaln(y + 1))


@case(np.array([0.2, -0.1, 0.5]))
def student_t_regression(theta):
    Xp = np.array([[1.0, 0.5], [1.0, -1.0], [1.0, 2.0], [1.0, 0.0]])
    y = np.array([1.0, -0.4, 3.0, 0.2])
    nu = 3.0
    r = (y - Xp @ theta[:2]) / np.exp(theta[2])
    return -np.sum(st.t.logpdf(r, nu)) + 4 * theta[2]


@case(np.array([0.5, 1.0, 1.5]))
def dirichlet_logpdf_wrt_alpha(log_alpha):
    a = np.exp(log_alpha)
    x = np.array([0.2, 0.3, 0.5])
    return (gammaln(a.sum()) - gammaln(a).sum() + np.sum((a - 1) * np.log(x)))


@case(np.array([0.5, 1.0]))
def beta_logpdf_and_betaln(p):
    a, b = np.exp(p)
    xs = np.array([0.1, 0.4, 0.8])
    return np.sum((a - 1) * np.log(xs) + (b - 1) * np.log1p(-xs) - betaln(a, b)) + np.sum(st.beta.logpdf(xs, a, b))


@case(np.array([0.5, 1.0, 1.5]))
def dirichlet_kl_digamma(log_alpha):
    a = np.exp(log_alpha)
    b = np.array([1.0, 1.0, 1.0])
    a0 = a.sum()
    return (gammaln(a0) - gammaln(a).sum() - gammaln(b.sum()) + gammaln(b).sum()
            + np.sum((a - b) * (digamma(a) - digamma(a0))))


@case(np.array([0.3, -0.2]))
def importance_weighted_bound(q):
    z = q[0] + np.exp(q[1]) * eps_draw[:, 0]
    logw = st.norm.logpdf(z, 1.0, 0.5) - st.norm.logpdf(z, q[0], np.exp(q[1]))
    m = logw.max()
    return m + np.log(np.mean(np.exp(logw - m)))


@case(np.array([0.3, -0.2]))
def score_function_estimator_constant_samples(q):
    samples = np.array([0.1, 0.7, -0.3, 1.2])
    logq = st.norm.logpdf(samples, q[0], np.exp(q[1]))
    fvals = samples ** 2
    return np.mean(fvals * logq)


@case(np.array([0.3, -0.2, 0.1]))
def kl_two_gaussians_closed_form(p):
    mu1, ls1, mu2 = p
    s1 = np.exp(ls1)
    return np.log(1.0 / s1) + (s1 ** 2 + (mu1 - mu2) ** 2) / 2.0 - 0.5


@case(np.array([0.4, 0.1]))
def hierarchical_eight_schools_noncentered(p):
    mu, log_tau = p
    y = np.array([28.0, 8, -3, 7, -1, 1, 18, 12])
    sig = np.array([15.0, 10, 16, 11, 9, 11, 10, 18])
    eta = np.linspace(-1, 1, 8)
    theta = mu + np.exp(log_tau) * eta
    return np.sum(st.norm.logpdf(y, theta, sig)) + st.norm.logpdf(mu, 0, 5) + st.halfcauchy.logpdf(np.exp(log_tau), 0, 5) + log_tau
