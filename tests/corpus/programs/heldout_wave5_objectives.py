"""Held-out wave 5: more objectives as written in papers' NumPy code -- expected improvement,
Cox partial likelihood (np.logaddexp.accumulate over risk sets), ListNet and pairwise ranking
losses, soft-DTW with a NumPy DP table, log-domain Sinkhorn, the t-SNE KL objective,
sparse matrix factorization, word2vec negative sampling, an Ising energy, logistic growth,
a CTC-like forward pass, soft k-means, a kernel SVM dual, Gumbel-softmax with fixed noise,
mixup; left-right HMMs with log(0) = -inf transitions, masked softmax with -inf."""

import numpy as np

from ..case import case
from scipy.special import logsumexp
from scipy.stats import norm

rs = np.random.default_rng(31)


@case(np.array([0.4, 0.7]))
def expected_improvement_acquisition(p):
    mu, sigma = p[0], np.exp(p[1] - 1)
    best = 0.6
    z = (mu - best) / sigma
    return (mu - best) * norm.cdf(z) + sigma * norm.pdf(z)


@case(rs.normal(size=6) * 0.5)
def cox_partial_likelihood(beta_eta):
    times = np.array([5.0, 3.0, 8.0, 1.0, 6.0, 2.0])
    events = np.array([1, 0, 1, 1, 0, 1])
    order = np.argsort(-times)
    eta = beta_eta[order]
    ev = events[order]
    log_risk = np.logaddexp.accumulate(eta)
    return -np.sum((eta - log_risk) * ev)


@case(rs.normal(size=5))
def listnet_ranking_loss(scores):
    rel = np.array([3.0, 1.0, 2.0, 0.0, 1.0])
    p_true = np.exp(rel) / np.exp(rel).sum()
    log_p = scores - logsumexp(scores)
    return -np.sum(p_true * log_p)


@case(rs.normal(size=5))
def pairwise_ranking_hinge(scores):
    rel = np.array([3.0, 1.0, 2.0, 0.0, 1.0])
    i, j = np.where(rel[:, None] > rel[None, :])
    return np.sum(np.maximum(0, 1 - (scores[i] - scores[j])))


@case(rs.normal(size=(4, 2)))
def soft_dtw_numpy_table(X):
    Y = np.array([[0.0, 0.0], [1.0, 0.5], [2.0, 1.0]])
    D = np.sum((X[:, None, :] - Y[None, :, :]) ** 2, axis=-1)
    gamma = 0.5
    n, m = D.shape
    R = np.full((n + 1, m + 1), np.inf)
    R[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            prev = np.array([R[i - 1, j - 1], R[i - 1, j], R[i, j - 1]])
            R[i, j] = D[i - 1, j - 1] - gamma * logsumexp(-prev / gamma)
    return R[n, m]


@case(rs.normal(size=(3, 3)))
def sinkhorn_log_domain(C_):
    C = C_ ** 2
    a = np.full(3, 1 / 3); b = np.array([0.2, 0.3, 0.5])
    eps = 0.5
    f = np.zeros(3); g = np.zeros(3)
    for _ in range(30):
        f = -eps * logsumexp((g[None, :] - C) / eps + np.log(b)[None, :], axis=1)
        g = -eps * logsumexp((f[:, None] - C) / eps + np.log(a)[:, None], axis=0)
    P = np.exp((f[:, None] + g[None, :] - C) / eps) * a[:, None] * b[None, :]
    return np.sum(P * C)


@case(rs.normal(size=(5, 2)))
def tsne_kl_objective(Y):
    P = np.array([[0, .3, .1, .05, .05], [.3, 0, .05, .1, .05], [.1, .05, 0, .3, .05],
                  [.05, .1, .3, 0, .05], [.05, .05, .05, .05, 0]])
    P = P / P.sum()
    d2 = np.sum((Y[:, None] - Y[None]) ** 2, -1)
    num = 1 / (1 + d2)
    np.fill_diagonal(num, 0.0)
    Q = num / num.sum()
    mask = P > 0
    return np.sum(P[mask] * np.log(P[mask] / Q[mask]))


@case({'U': rs.normal(size=(4, 2)) * 0.5, 'V': rs.normal(size=(5, 2)) * 0.5})
def matrix_factorization_sparse_ratings(p):
    rows = np.array([0, 0, 1, 2, 3, 3, 1]); cols = np.array([1, 4, 2, 0, 3, 1, 1])
    r = np.array([4.0, 1.0, 3.0, 5.0, 2.0, 3.5, 4.5])
    pred = np.sum(p['U'][rows] * p['V'][cols], axis=1)
    return np.mean((pred - r) ** 2) + 0.01 * (np.sum(p['U'] ** 2) + np.sum(p['V'] ** 2))


@case(rs.normal(size=(6, 3)) * 0.3)
def word2vec_negative_sampling(E):
    center, context = 1, 3
    negs = np.array([0, 5, 5])
    v = E[center]
    pos = np.log(1 / (1 + np.exp(-E[context] @ v)))
    neg = np.sum(np.log(1 / (1 + np.exp(E[negs] @ v))))
    return -(pos + neg)


@case(rs.normal(size=(4, 4)) * 0.3)
def ising_energy_roll(s):
    spins = np.tanh(s)
    return -np.sum(spins * np.roll(spins, 1, 0)) - np.sum(spins * np.roll(spins, 1, 1)) - 0.1 * np.sum(spins)


@case(np.array([0.5, 2.0, 0.1]))
def logistic_growth_fit(theta):
    r, K, n0 = theta
    t = np.arange(6.0)
    obs = np.array([0.1, 0.25, 0.6, 1.2, 1.7, 1.9])
    pred = K / (1 + (K - n0) / n0 * np.exp(-r * t))
    return np.sum((pred - obs) ** 2)


# FIXED (library wave 6): logsumexp of all -inf entries gives each weight 0, not nan
@case(rs.normal(size=(3, 4)))
def ctc_like_forward_log(logits):
    logp = logits - logsumexp(logits, axis=1, keepdims=True)
    labels = [0, 1, 0]
    T, S = 4, 3
    alpha = np.full(S, -np.inf)
    alpha[0] = logp[0, labels[0]]
    for t in range(1, T):
        new = np.full(S, -np.inf)
        for s in range(S):
            cands = [alpha[s]]
            if s > 0:
                cands.append(alpha[s - 1])
            new[s] = logsumexp(cands) + logp[labels[s], t]
        alpha = new
    return -alpha[-1]


@case(rs.normal(size=(6, 2)))
def kmeans_soft_assignment_loss(X):
    C = np.array([[0.0, 0.0], [1.0, 1.0]])
    d2 = np.sum((X[:, None] - C[None]) ** 2, -1)
    r = np.exp(-d2) / np.exp(-d2).sum(1, keepdims=True)
    return np.sum(r * d2)


@case(rs.normal(size=(5, 3)))
def linear_svm_dual_style_kernel_loss(X):
    y = np.array([1, -1, 1, -1, 1])
    alpha = np.array([0.2, 0.1, 0.3, 0.0, 0.4])
    K = np.exp(-np.sum((X[:, None] - X[None]) ** 2, -1))
    return np.sum(alpha) - 0.5 * (alpha * y) @ K @ (alpha * y)


@case(rs.normal(size=4))
def gumbel_softmax_fixed_noise(logits):
    g = -np.log(-np.log(np.array([0.3, 0.6, 0.2, 0.9])))
    y = np.exp((logits + g) / 0.5)
    y = y / y.sum()
    return np.sum(y * np.arange(4))


@case(rs.normal(size=(4, 3)))
def mixup_and_label_smoothing(X):
    lam = 0.7
    perm = np.array([2, 0, 3, 1])
    Xm = lam * X + (1 - lam) * X[perm]
    W = np.linspace(-1, 1, 6).reshape(3, 2)
    logits = Xm @ W
    return np.mean(logsumexp(logits, axis=1) - logits[:, 0])
obs = np.array([0, 1, 1, 2, 2])


# FIXED (library wave 6): an all -inf column's entries get weight 0, not nan
@case(rs.normal(size=(3, 3)))
def left_right_hmm_log_zero_transitions(B_logits):
    A = np.array([[0.6, 0.4, 0.0], [0.0, 0.7, 0.3], [0.0, 0.0, 1.0]])
    with np.errstate(divide='ignore'):
        log_A = np.log(A)
    log_B = B_logits - logsumexp(B_logits, axis=1, keepdims=True)
    alpha = np.array([0.0, -np.inf, -np.inf]) + log_B[:, obs[0]]
    for t in range(1, len(obs)):
        alpha = logsumexp(alpha[:, None] + log_A, axis=0) + log_B[:, obs[t]]
    return logsumexp(alpha)


@case(rs.normal(size=(3, 3)))
def left_right_hmm_wrt_transitions_masked(A_logits):
    mask = np.triu(np.ones((3, 3))) > 0
    logits = np.where(mask, A_logits, -np.inf)
    log_A = logits - logsumexp(logits, axis=1, keepdims=True)
    log_B = np.log(np.array([[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.2, 0.2, 0.6]]))
    alpha = np.array([0.0, -np.inf, -np.inf]) + log_B[:, obs[0]]
    for t in range(1, len(obs)):
        alpha = logsumexp(alpha[:, None] + log_A, axis=0) + log_B[:, obs[t]]
    return logsumexp(alpha)


@case(rs.normal(size=4))
def masked_softmax_neg_inf(z):
    m = np.array([True, False, True, True])
    s = np.where(m, z, -np.inf)
    p = np.exp(s - s.max()) / np.exp(s - s.max()).sum()
    return np.sum(p * np.arange(4))


@case(rs.normal(size=4))
def logsumexp_with_neg_inf_entry(z):
    return logsumexp(np.concatenate([z, [-np.inf]])) + np.logaddexp(z[0], -np.inf)


@case(rs.normal(size=4))
def logsumexp_all_neg_inf_row_plus_finite(z):
    M = np.stack([z, np.full(4, -np.inf)])
    r = logsumexp(M, axis=0)
    return np.sum(r)


@case(rs.normal(size=(2, 3)))
def viterbi_with_log_zero(B_logits):
    log_A = np.log(np.array([[0.5, 0.5, 0.0], [0.0, 0.5, 0.5], [0.0, 0.0, 1.0]]) + 1e-300)
    log_B = B_logits - logsumexp(B_logits, axis=1, keepdims=True)
    delta = np.array([0.0, -1e300, -1e300]) + np.concatenate([log_B[:, 0], [0.0]])
    for t in range(1, 3):
        delta = np.max(delta[:, None] + log_A, axis=0)
    return np.max(delta)
