"""Held-out wave 4, part two: probabilistic models after HIPS/autograd's examples --
Gaussian mixture log-likelihood, black-box SVI with fixed samples, Bayesian neural
net ELBO, Gaussian process marginal likelihood with kernel hyperparameters, natural
gradient preconditioning, a Hessian-vector product written by the user, Laplace
approximation, probit, Poisson GLM, Dirichlet, Student-t robust regression."""

import numpy as np
import scipy.stats as st
from scipy.special import gammaln, logsumexp, digamma
from scipy.linalg import cho_factor, cho_solve
from scipy.stats import norm, multivariate_normal

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
rs = np.random.RandomState(41)
data2d = np.concatenate([rs.randn(8, 2) + 2.0, rs.randn(7, 2) - 1.0])
x1 = np.linspace(-2, 2, 9)
y1 = np.cos(x1) + 0.1 * rs.randn(9)


def unpack_gmm_params(params):
    normalized_log_proportions = params['log proportions'] - logsumexp(params['log proportions'])
    return normalized_log_proportions, params['means'], params['lower triangles']


def mvn_logpdf(X, mean, cov):
    D = len(mean)
    diff = X - mean
    L = np.linalg.cholesky(cov)
    sol = np.linalg.solve(L, diff.T)
    return (-0.5 * np.sum(sol ** 2, axis=0) - np.sum(np.log(np.diag(L)))
            - 0.5 * D * np.log(2 * np.pi))


@case({'log proportions': np.array([0.1, -0.2]),
       'means': np.array([[1.5, 1.8], [-0.7, -1.2]]),
       'lower triangles': np.array([[[1.0, 0.0], [0.3, 0.9]], [[0.8, 0.0], [-0.2, 1.1]]])})
def autograd_gmm_log_likelihood(params):
    cluster_lls = []
    for log_proportion, mean, chol in zip(*unpack_gmm_params(params)):
        cov = np.dot(chol.T, chol) + 1e-3 * np.eye(2)
        cluster_lls.append(log_proportion + mvn_logpdf(data2d, mean, cov))
    return -np.sum(logsumexp(np.vstack(cluster_lls), axis=0))


@case({'means': np.array([[1.5, 1.8], [-0.7, -1.2]]), 'log_sigma': np.array([0.1, -0.1])})
def gmm_scipy_multivariate_normal_isotropic(params):
    lls = np.stack([norm.logpdf(data2d, loc=m, scale=np.exp(s)).sum(axis=1)
                    for m, s in zip(params['means'], params['log_sigma'])], axis=-1)
    return -logsumexp(lls + np.log(0.5), axis=-1).sum()


eps_svi = np.random.RandomState(42).randn(20, 2)


def log_density_banana(x):
    mu, log_sigma = x[:, 0], x[:, 1]
    sigma_density = norm.logpdf(log_sigma, 0, 1.35)
    mu_density = norm.logpdf(mu, 0, np.exp(log_sigma))
    return sigma_density + mu_density


@case(np.array([0.2, -0.1, -0.5, -0.3]))
def black_box_svi_fixed_samples(params):
    D = 2
    mean, log_std = params[:D], params[D:]
    samples = eps_svi * np.exp(log_std) + mean
    gaussian_entropy = 0.5 * D * (1.0 + np.log(2 * np.pi)) + np.sum(log_std)
    lower_bound = gaussian_entropy + np.mean(log_density_banana(samples))
    return -lower_bound


def bnn_unpack(W, layer_sizes):
    shapes = list(zip(layer_sizes[:-1], layer_sizes[1:]))
    num_weights = sum((m + 1) * n for m, n in shapes)
    for m, n in shapes:
        cur = W[:, :m * n].reshape((-1, m, n))
        b = W[:, m * n:m * n + n].reshape((-1, 1, n))
        yield cur, b
        W = W[:, (m + 1) * n:]


layer_sizes = [1, 4, 1]
n_weights = sum((m + 1) * n for m, n in zip(layer_sizes[:-1], layer_sizes[1:]))
eps_bnn = np.random.RandomState(43).randn(3, n_weights)


# FIXED on the live tree (refused at HEAD b328e35: a generator function (yield) unpacks the weights)
@case(np.concatenate([0.1 * rs.randn(n_weights), -2.0 * np.ones(n_weights)]), modes=FIRST)
def bayesian_neural_net_elbo_generator_unpack(var_params):
    mean, log_std = var_params[:n_weights], var_params[n_weights:]
    weights = eps_bnn * np.exp(log_std) + mean
    inputs = x1.reshape((1, -1, 1))
    for W, b in bnn_unpack(weights, layer_sizes):
        outputs = np.einsum('mnd,mdo->mno', inputs, W) + b
        inputs = np.tanh(outputs)
    preds = outputs[:, :, 0]
    log_prior = -0.5 * np.sum(weights ** 2, axis=1)
    log_lik = -np.sum((preds - y1) ** 2, axis=1) / 0.1
    entropy = np.sum(log_std)
    return -(np.mean(log_prior + log_lik) + entropy)


def rbf_covariance(kernel_params, x, xp):
    output_scale = np.exp(kernel_params[0])
    lengthscales = np.exp(kernel_params[1:])
    diffs = np.expand_dims(x / lengthscales, 1) - np.expand_dims(xp / lengthscales, 0)
    return output_scale * np.exp(-0.5 * np.sum(diffs ** 2, axis=2))


@case(np.array([0.1, -0.3, 0.2, -1.0]))
def autograd_gp_log_marginal_likelihood(params):
    mean, cov_params, noise_scale = params[0], params[2:], np.exp(params[1]) + 0.0001
    X = x1[:, None]
    cov_y_y = rbf_covariance(cov_params, X, X) + noise_scale * np.eye(len(y1))
    prior_mean = mean * np.ones(len(y1))
    return -multivariate_normal.logpdf(y1, prior_mean, cov_y_y)


@case({'log_amp': 0.0, 'log_ell': np.log(0.7), 'log_noise': np.log(0.1)})
def gp_cholesky_cho_solve_dict_hyperparams(theta):
    d = x1[:, None] - x1[None, :]
    K = np.exp(2 * theta['log_amp']) * np.exp(-0.5 * d ** 2 / np.exp(2 * theta['log_ell']))
    K[np.diag_indices_from(K)] += np.exp(2 * theta['log_noise'])
    c, low = cho_factor(K, lower=True)
    alpha = cho_solve((c, low), y1)
    return 0.5 * y1 @ alpha + np.sum(np.log(np.diag(c))) + 0.5 * len(y1) * np.log(2 * np.pi)


@case(np.array([0.3, -0.5]))
def gp_slogdet_and_solve_matern32(log_params):
    amp, ell = np.exp(log_params)
    r = np.abs(x1[:, None] - x1[None, :]) / ell
    K = amp * (1 + np.sqrt(3) * r) * np.exp(-np.sqrt(3) * r) + 0.05 * np.eye(9)
    sign, logdet = np.linalg.slogdet(K)
    assert sign > 0
    return 0.5 * (y1 @ np.linalg.solve(K, y1) + logdet)


@case(np.array([0.5, -0.3]))
def natural_gradient_fisher_preconditioned_step(w):
    X = data2d
    t = (X[:, 0] > 0).astype(float)
    p = 1 / (1 + np.exp(-X @ w))
    g = X.T @ (p - t)
    F = (X * (p * (1 - p))[:, None]).T @ X + 1e-3 * np.eye(2)
    w_new = w - 0.5 * np.linalg.solve(F, g)
    p_new = 1 / (1 + np.exp(-X @ w_new))
    return -np.sum(t * np.log(p_new) + (1 - t) * np.log(1 - p_new))


@case(np.array([0.4, -0.2, 0.7]))
def user_written_hvp_by_finite_jvp_of_analytic_grad(x):
    A = np.array([[3.0, 0.5, 0.1], [0.5, 2.0, 0.3], [0.1, 0.3, 1.0]])

    def grad_f(z):  # gradient of 0.25 * (z^T A z)^2 by hand
        q = z @ A @ z
        return q * (A @ z)
    v = np.array([1.0, 0.0, -1.0])
    hv = (grad_f(x + 1e-4 * v) - grad_f(x - 1e-4 * v)) / 2e-4
    return np.dot(hv, hv)


@case(np.array([0.2, 0.1]))
def laplace_approximation_log_evidence(w):
    X = data2d
    t = (X.sum(axis=1) > 0.5).astype(float)
    z = X @ w
    log_lik = np.sum(t * z - np.logaddexp(0, z))
    log_prior = -0.5 * w @ w
    s = 1 / (1 + np.exp(-z))
    H = X.T @ np.diag(s * (1 - s)) @ X + np.eye(2)
    return log_lik + log_prior - 0.5 * np.linalg.slogdet(H)[1]


@case(np.array([0.3, -0.4]))
def probit_regression_norm_logcdf(w):
    t = np.where(data2d[:, 0] > 0, 1.0, -1.0)
    return -np.sum(norm.logcdf(t * (data2d @ w)))


counts = np.array([0, 3, 1, 5, 2, 0, 4, 7, 1], dtype=np.int64)


@case(np.array([0.5, 0.2]))
def poisson_glm_gammaln_integer_counts(beta):
    eta = beta[0] + beta[1] * x1
    return -np.sum(counts * eta - np.exp(eta) - gammaln(counts + 1))


@case(np.array([0.5, 0.2]))
def poisson_glm_scipy_stats_logpmf(beta):
    rate = np.exp(beta[0] + beta[1] * x1)
    return -st.poisson.logpmf(counts, mu=rate).sum()


props = np.array([[0.2, 0.3, 0.5], [0.1, 0.6, 0.3], [0.4, 0.4, 0.2]])


@case(np.log(np.array([1.5, 2.0, 2.5])))
def dirichlet_mle_log_alpha(log_alpha):
    alpha = np.exp(log_alpha)
    n = props.shape[0]
    ll = n * (gammaln(alpha.sum()) - gammaln(alpha).sum()) + ((alpha - 1) * np.log(props)).sum()
    return -ll


@case(np.log(np.array([1.5, 2.0, 2.5])))
def dirichlet_scipy_logpdf_loop(log_alpha):
    alpha = np.exp(log_alpha)
    return -sum(st.dirichlet.logpdf(p, alpha) for p in props)


@case(np.array([0.1, 1.0, 0.0]))
def student_t_robust_regression(params):
    a, b, log_s = params
    resid = y1 - (a + b * x1)
    return -np.sum(st.t.logpdf(resid, df=3.0, scale=np.exp(log_s)))


# FIXED on the live tree (refused at HEAD b328e35: an import statement inside the function)
@case(np.array([0.0, 0.0]))
def beta_binomial_posterior_reparam(z):
    a, b = np.exp(z) + 1.0
    k, n = 7, 12
    from scipy.special import betaln
    return -(betaln(a + k, b + n - k) - betaln(a, b))


@case(np.array([1.0, 0.5]))
def kl_between_diagonal_gaussians(q):
    mu_q, log_s = q
    mu_p, s_p = 0.3, 1.2
    s_q = np.exp(log_s)
    return np.log(s_p / s_q) + (s_q ** 2 + (mu_q - mu_p) ** 2) / (2 * s_p ** 2) - 0.5


@case(np.array([0.2, -0.3, 0.1]))
def variational_dirichlet_entropy_digamma(log_alpha):
    a = np.exp(log_alpha)
    a0 = a.sum()
    K = len(a)
    lnB = gammaln(a).sum() - gammaln(a0)
    return lnB + (a0 - K) * digamma(a0) - np.sum((a - 1) * digamma(a))


@case(np.array([0.1, 0.2, 0.3]))
def hmm_forward_log_space_two_states(logit):
    A = np.array([[0.9, 0.1], [0.2, 0.8]])
    obs = np.array([0, 1, 1, 0, 1])
    mu = np.array([logit[0], logit[1]])
    sig = np.exp(logit[2])
    log_alpha = np.log(np.array([0.5, 0.5])) + norm.logpdf(obs[0], mu, sig)
    for o in obs[1:]:
        log_alpha = logsumexp(log_alpha[:, None] + np.log(A), axis=0) + norm.logpdf(o, mu, sig)
    return -logsumexp(log_alpha)


@case(np.array([0.0, 0.0, 0.0]))
def ar1_exact_likelihood(theta):
    c, phi_raw, log_s = theta
    phi = np.tanh(phi_raw)
    s2 = np.exp(2 * log_s)
    yy = y1
    ll = norm.logpdf(yy[0], c / (1 - phi), np.sqrt(s2 / (1 - phi ** 2)))
    ll += norm.logpdf(yy[1:], c + phi * yy[:-1], np.sqrt(s2)).sum()
    return -ll
