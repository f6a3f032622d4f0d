"""Held-out wave 5: probabilistic models written by hand -- GMM log-likelihood and EM
responsibilities, a Kalman filter log-likelihood, the HMM forward algorithm in log
space, Gaussian-process log marginal likelihood via Cholesky, variational inference
with the reparameterization trick, MCMC log densities (funnel, banana, hierarchical)."""

import numpy as np
from scipy.linalg import cho_solve, cholesky, solve_triangular
from scipy.special import gammaln, logsumexp
from scipy.stats import multivariate_normal, norm

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
rng = np.random.default_rng(55)
data1d = np.concatenate([rng.normal(-2, 0.5, 6), rng.normal(1.5, 1.0, 6)])
data2d = rng.normal(size=(10, 2))


def gmm_loglik(x, weights, means, sigmas):
    comp = (np.log(weights)[None, :]
            - 0.5 * np.log(2 * np.pi * sigmas[None, :] ** 2)
            - 0.5 * ((x[:, None] - means[None, :]) / sigmas[None, :]) ** 2)
    return logsumexp(comp, axis=1).sum()


@case(np.array([-1.8, 1.2, 0.1]))
def gmm_1d_wrt_means(mu):
    return gmm_loglik(data1d, np.array([0.3, 0.5, 0.2]), mu, np.array([0.6, 1.1, 2.0]))


@case(np.array([0.2, -0.4, 0.0]))
def gmm_softmax_weights_log_sigmas(log_sig):
    logits = np.array([0.1, 0.5, -0.3])
    w = np.exp(logits) / np.exp(logits).sum()
    return -gmm_loglik(data1d, w, np.array([-2.0, 1.5, 0.0]), np.exp(log_sig))


@case(np.array([-1.8, 1.2, 0.1]))
def em_responsibilities_then_expected_complete_loglik(mu):
    sig = np.array([0.6, 1.1, 2.0])
    w = np.array([0.3, 0.5, 0.2])
    log_r = np.log(w) + norm.logpdf(data1d[:, None], mu, sig)
    log_r -= logsumexp(log_r, axis=1, keepdims=True)
    r = np.exp(log_r)
    Nk = r.sum(axis=0)
    new_mu = (r * data1d[:, None]).sum(axis=0) / Nk
    return np.sum((new_mu - mu) ** 2)


@case(np.array([[0.0, 0.0], [1.0, -1.0]]))
def gmm_2d_full_cov_scipy(means):
    covs = [np.array([[1.0, 0.3], [0.3, 0.5]]), np.eye(2) * 0.7]
    ll = np.stack([multivariate_normal.logpdf(data2d, mean=means[k], cov=covs[k]) for k in range(2)], axis=1)
    return logsumexp(ll + np.log([0.4, 0.6]), axis=1).sum()


@case(np.array([[0.0, 0.0], [1.0, -1.0]]))
def gmm_2d_by_hand_mahalanobis(means):
    cov = np.array([[1.0, 0.3], [0.3, 0.5]])
    prec = np.linalg.inv(cov)
    _, logdet = np.linalg.slogdet(cov)
    out = []
    for k in range(means.shape[0]):
        d = data2d - means[k]
        m = np.einsum('ni,ij,nj->n', d, prec, d)
        out.append(-0.5 * (m + logdet + 2 * np.log(2 * np.pi)))
    return np.sum(logsumexp(np.array(out).T, axis=1))


ys = np.cumsum(rng.normal(size=12)) * 0.3 + rng.normal(size=12) * 0.2


def kalman_loglik(q, r, ys):
    m, P = 0.0, 1.0
    ll = 0.0
    for y in ys:
        P = P + q
        S = P + r
        K = P / S
        v = y - m
        ll += -0.5 * (np.log(2 * np.pi * S) + v ** 2 / S)
        m = m + K * v
        P = (1 - K) * P
    return ll


@case(np.array([0.1, 0.05]))
def kalman_1d_random_walk(theta):
    return kalman_loglik(theta[0], theta[1], ys)


@case(np.array([np.log(0.1), np.log(0.05)]))
def kalman_log_params(log_theta):
    q, r = np.exp(log_theta)
    return -kalman_loglik(q, r, ys)


@case(np.array([0.9, 0.1, 0.2]))
def kalman_2d_constant_velocity(theta):
    a, q, r = theta
    F = np.array([[1.0, 1.0], [0.0, 1.0]]) * np.array([[1.0, 1.0], [1.0, a]])
    Hm = np.array([[1.0, 0.0]])
    Q = q * np.eye(2)
    R = np.array([[r]])
    x = np.zeros(2)
    P = np.eye(2)
    ll = 0.0
    for y in ys[:8]:
        x = F @ x
        P = F @ P @ F.T + Q
        S = Hm @ P @ Hm.T + R
        K = P @ Hm.T @ np.linalg.inv(S)
        innov = y - Hm @ x
        ll -= 0.5 * (np.log(np.linalg.det(2 * np.pi * S)) + innov @ np.linalg.solve(S, innov))
        x = x + K @ innov
        P = (np.eye(2) - K @ Hm) @ P
    return ll


@case(np.array([0.9, 0.1, 0.2]))
def kalman_joseph_form_smoother_stats(theta):
    a, q, r = theta
    x, P = 0.0, 1.0
    means, vars_ = [], []
    for y in ys[:6]:
        x, P = a * x, a * a * P + q
        K = P / (P + r)
        x = x + K * (y - x)
        P = (1 - K) ** 2 * P + K ** 2 * r
        means.append(x)
        vars_.append(P)
    return np.sum(np.array(means) ** 2) + np.sum(vars_)


obs = np.array([0, 1, 1, 2, 0, 2, 2, 1])


def hmm_forward_log(log_pi, log_A, log_B, obs):
    alpha = log_pi + log_B[:, obs[0]]
    for t in range(1, len(obs)):
        alpha = logsumexp(alpha[:, None] + log_A, axis=0) + log_B[:, obs[t]]
    return logsumexp(alpha)


def log_normalize_rows(M):
    return M - logsumexp(M, axis=-1, keepdims=True)


@case(rng.normal(size=(3, 3)))
def hmm_forward_wrt_transition_logits(A_logits):
    log_pi = np.log(np.array([0.5, 0.3, 0.2]))
    log_B = np.log(np.array([[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.2, 0.2, 0.6]]))
    return hmm_forward_log(log_pi, log_normalize_rows(A_logits), log_B, obs)


@case({'pi': rng.normal(size=3), 'A': rng.normal(size=(3, 3)), 'B': rng.normal(size=(3, 3))})
def hmm_forward_all_params_dict(p):
    return -hmm_forward_log(log_normalize_rows(p['pi']), log_normalize_rows(p['A']),
                            log_normalize_rows(p['B']), obs)


@case(rng.normal(size=(3, 3)))
def hmm_scaled_forward_probability_space(A_logits):
    A = np.exp(A_logits) / np.exp(A_logits).sum(axis=1, keepdims=True)
    B = np.array([[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.2, 0.2, 0.6]])
    alpha = np.array([0.5, 0.3, 0.2]) * B[:, obs[0]]
    c = alpha.sum()
    alpha /= c
    loglik = np.log(c)
    for t in range(1, len(obs)):
        alpha = (alpha @ A) * B[:, obs[t]]
        c = alpha.sum()
        alpha = alpha / c
        loglik += np.log(c)
    return loglik


@case(rng.normal(size=(3, 3)))
def hmm_forward_table_filled_in_place(A_logits):
    log_A = log_normalize_rows(A_logits)
    log_B = np.log(np.array([[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.2, 0.2, 0.6]]))
    Tn = len(obs)
    log_alpha = np.zeros((Tn, 3))
    log_alpha[0] = np.log(1 / 3) + log_B[:, obs[0]]
    for t in range(1, Tn):
        for j in range(3):
            log_alpha[t, j] = logsumexp(log_alpha[t - 1] + log_A[:, j]) + log_B[j, obs[t]]
    return logsumexp(log_alpha[-1])


@case(rng.normal(size=(3, 3)))
def hmm_viterbi_score_of_best_path(A_logits):
    log_A = log_normalize_rows(A_logits)
    log_B = np.log(np.array([[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.2, 0.2, 0.6]]))
    delta = np.log(1 / 3) + log_B[:, obs[0]]
    for t in range(1, len(obs)):
        delta = np.max(delta[:, None] + log_A, axis=0) + log_B[:, obs[t]]
    return np.max(delta)


Xgp = np.linspace(0, 3, 7)[:, None]
ygp = np.sin(2 * Xgp[:, 0]) + 0.1 * rng.normal(size=7)


def rbf(X1, X2, ell, sf):
    d2 = np.sum(X1 ** 2, 1)[:, None] + np.sum(X2 ** 2, 1)[None, :] - 2 * X1 @ X2.T
    return sf ** 2 * np.exp(-0.5 * d2 / ell ** 2)


@case(np.array([0.0, 0.0, np.log(0.1)]))
def gp_log_marginal_likelihood_cholesky(log_params):
    ell, sf, sn = np.exp(log_params)
    K = rbf(Xgp, Xgp, ell, sf) + sn ** 2 * np.eye(len(Xgp))
    L = np.linalg.cholesky(K)
    alpha = np.linalg.solve(L.T, np.linalg.solve(L, ygp))
    return -0.5 * ygp @ alpha - np.sum(np.log(np.diag(L))) - 0.5 * len(ygp) * np.log(2 * np.pi)


@case(np.array([0.0, 0.0, np.log(0.1)]))
def gp_lml_scipy_cho_solve(log_params):
    ell, sf, sn = np.exp(log_params)
    K = rbf(Xgp, Xgp, ell, sf) + sn ** 2 * np.eye(len(Xgp))
    L = cholesky(K, lower=True)
    alpha = cho_solve((L, True), ygp)
    return 0.5 * ygp.dot(alpha) + np.log(np.diag(L)).sum()


@case(np.array([0.0, 0.0, np.log(0.1)]))
def gp_lml_solve_triangular(log_params):
    ell, sf, sn = np.exp(log_params)
    K = rbf(Xgp, Xgp, ell, sf) + sn ** 2 * np.eye(len(Xgp))
    L = np.linalg.cholesky(K)
    v = solve_triangular(L, ygp, lower=True)
    return 0.5 * v @ v + np.log(np.diag(L)).sum()


@case(np.array([0.0, 0.0, np.log(0.1)]))
def gp_lml_slogdet_inv(log_params):
    ell, sf, sn = np.exp(log_params)
    K = rbf(Xgp, Xgp, ell, sf) + (sn ** 2 + 1e-8) * np.eye(len(Xgp))
    sign, logdet = np.linalg.slogdet(K)
    return 0.5 * ygp @ np.linalg.inv(K) @ ygp + 0.5 * logdet


@case(np.array([0.0, 0.0, np.log(0.1)]))
def gp_posterior_mean_and_variance(log_params):
    ell, sf, sn = np.exp(log_params)
    Xs = np.array([[0.5], [1.7], [2.9]])
    K = rbf(Xgp, Xgp, ell, sf) + sn ** 2 * np.eye(len(Xgp))
    Ks = rbf(Xgp, Xs, ell, sf)
    L = np.linalg.cholesky(K)
    alpha = np.linalg.solve(L.T, np.linalg.solve(L, ygp))
    mu = Ks.T @ alpha
    v = np.linalg.solve(L, Ks)
    var = sf ** 2 - np.sum(v ** 2, axis=0)
    return np.sum(mu ** 2) + np.sum(var)


@case(np.array([0.5, 0.8]))
def matern52_kernel_gp(params):
    ell, sf = params
    r = np.abs(Xgp - Xgp.T) / ell + 1e-12
    K = sf ** 2 * (1 + np.sqrt(5) * r + 5 / 3 * r ** 2) * np.exp(-np.sqrt(5) * r)
    K = K + 0.01 * np.eye(len(Xgp))
    return ygp @ np.linalg.solve(K, ygp) + np.linalg.slogdet(K)[1]


eps_fixed = np.random.default_rng(0).standard_normal((16, 2))


def log_joint(z):
    return -0.5 * np.sum(z ** 2, axis=-1) - 0.5 * np.sum((z - 1.0) ** 2 / 0.5, axis=-1)


@case(np.concatenate([np.zeros(2), np.full(2, -0.5)]))
def vi_reparam_elbo_mean_field(params):
    mu, log_sigma = params[:2], params[2:]
    z = mu + np.exp(log_sigma) * eps_fixed
    entropy = np.sum(log_sigma) + 0.5 * 2 * (1 + np.log(2 * np.pi))
    return -(np.mean(log_joint(z)) + entropy)


@case((np.zeros(2), np.array([[0.8, 0.0], [0.3, 0.6]])))
def vi_full_rank_cholesky_factor(params):
    mu, L = params
    L = np.tril(L)
    z = mu + eps_fixed @ L.T
    entropy = np.sum(np.log(np.abs(np.diag(L))))
    return -np.mean(log_joint(z)) - entropy


@case(np.array([0.3, -0.2, 0.1, -1.0]))
def vi_analytic_kl_gaussian(params):
    mu, log_var = params[:2], params[2:]
    kl = -0.5 * np.sum(1 + log_var - mu ** 2 - np.exp(log_var))
    z = mu + np.exp(0.5 * log_var) * eps_fixed
    recon = np.mean(np.sum((z - np.array([1.0, -1.0])) ** 2, axis=1))
    return recon + kl


@case(np.array([0.5, 0.2, -0.3]))
def neal_funnel_log_density(theta):
    v, x = theta[0], theta[1:]
    return norm.logpdf(v, 0, 3) + np.sum(norm.logpdf(x, 0, np.exp(v / 2)))


@case(np.array([0.4, 1.1]))
def banana_rosenbrock_log_density(x):
    return -(1 - x[0]) ** 2 / 20 - 5 * (x[1] - x[0] ** 2) ** 2


@case(np.array([1.0, 0.2, 0.5, -0.3, 0.8]))
def eight_schools_noncentered_subset(theta):
    y = np.array([28., 8., -3.])
    sigma = np.array([15., 10., 16.])
    mu, log_tau = theta[0], theta[1]
    eta = theta[2:]
    tau = np.exp(log_tau)
    th = mu + tau * eta
    lp = norm.logpdf(mu, 0, 5) + norm.logpdf(tau, 0, 5) + log_tau
    lp += norm.logpdf(eta).sum()
    lp += norm.logpdf(y, th, sigma).sum()
    return lp


@case(np.array([0.2, 0.7]))
def poisson_regression_log_posterior(beta):
    xx = np.linspace(-1, 1, 8)
    counts = np.array([0, 1, 1, 2, 3, 5, 8, 13])
    eta = beta[0] + beta[1] * xx
    ll = np.sum(counts * eta - np.exp(eta) - gammaln(counts + 1))
    return ll - 0.5 * np.sum(beta ** 2)


@case(np.array([0.2, 0.7]))
def metropolis_acceptance_log_ratio(x):
    prop = x + np.array([0.1, -0.05])
    def logp(z):
        return -0.5 * z @ z - np.log1p(z[0] ** 2)
    return min(0.0, logp(prop) - logp(x))


@case(np.array([0.2, 0.7]))
def hmc_leapfrog_hamiltonian(q0):
    p = np.array([0.5, -0.3])
    def grad_U(q):
        return q + 0.5 * np.array([q[1], q[0]])
    def U(q):
        return 0.5 * q @ q + 0.5 * q[0] * q[1]
    q = q0.copy()
    eps = 0.1
    p = p - 0.5 * eps * grad_U(q)
    for i in range(5):
        q = q + eps * p
        if i != 4:
            p = p - eps * grad_U(q)
    p = p - 0.5 * eps * grad_U(q)
    return U(q) + 0.5 * p @ p - U(q0)


@case(np.array([1.2, 0.4, 2.0]))
def student_t_and_cauchy_logpdf_by_hand(params):
    nu, loc, scale = params
    xs = np.array([-1.0, 0.5, 3.0])
    z = (xs - loc) / scale
    lp = (gammaln((nu + 1) / 2) - gammaln(nu / 2) - 0.5 * np.log(nu * np.pi) - np.log(scale)
          - (nu + 1) / 2 * np.log1p(z ** 2 / nu))
    return lp.sum() - np.sum(np.log(np.pi * scale * (1 + z ** 2)))


@case(np.array([0.3, -0.2, 0.5]))
def dirichlet_multinomial_via_softmax(logits):
    alpha = np.exp(logits) * 5
    counts = np.array([3, 0, 4])
    n = counts.sum()
    return (gammaln(alpha.sum()) - gammaln(n + alpha.sum())
            + np.sum(gammaln(counts + alpha) - gammaln(alpha)))
