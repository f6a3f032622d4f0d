"""Everyday statistics and finance programs: moments, covariances, weighted
means, likelihoods, estimators, interest, annuities, option-style formulas,
portfolio risk."""

import math

import numpy as np

from ..case import case

_rng = np.random.default_rng(303)
DATA = _rng.standard_normal(12) * 1.3 + 0.4
DATA2 = _rng.standard_normal((10, 3))
WTS = np.linspace(0.5, 2.0, 12)
COUNTS = np.array([3.0, 0.0, 5.0, 2.0, 1.0, 4.0])
RET = _rng.standard_normal((20, 3)) * 0.02 + 0.001
COV3 = np.array([[0.04, 0.01, 0.0], [0.01, 0.09, 0.02], [0.0, 0.02, 0.16]])
MU_R = np.array([0.05, 0.08, 0.12])
CASHF = np.array([-100.0, 20.0, 30.0, 40.0, 50.0])
PRICES = 100 * np.exp(np.cumsum(_rng.standard_normal(15) * 0.02))
XS = np.linspace(-1.0, 1.0, 10)
YS = 0.5 + 1.5 * XS - 0.7 * XS ** 2 + 0.1 * _rng.standard_normal(10)


def normal_cdf(x):
    return 0.5 * (1.0 + np.tanh(0.7978845608 * (x + 0.044715 * x ** 3)))


def normal_pdf(x):
    return np.exp(-0.5 * x * x) / np.sqrt(2 * np.pi)


# ---------------------------------------------------------------- moments

@case(DATA)
def sample_variance(x):
    mu = np.mean(x)
    return np.sum((x - mu) ** 2) / (len(x) - 1)


@case(DATA)
def variance_np_var_ddof(x):
    return np.var(x, ddof=1) + np.std(x)


@case(DATA)
def variance_loop_welford(x):
    mean = 0.0
    m2 = 0.0
    n = 0
    for v in x:
        n += 1
        delta = v - mean
        mean += delta / n
        m2 += delta * (v - mean)
    return m2 / (n - 1)


@case(DATA)
def skewness(x):
    m = x.mean()
    s = x.std()
    return np.mean(((x - m) / s) ** 3)


@case(DATA)
def kurtosis_excess(x):
    d = x - np.mean(x)
    m2 = np.mean(d ** 2)
    m4 = np.mean(d ** 4)
    return m4 / m2 ** 2 - 3.0


@case(DATA)
def coefficient_of_variation(x):
    return np.std(x, ddof=1) / np.abs(np.mean(x))


@case(DATA)
def weighted_mean_np_average(x):
    return np.average(x, weights=WTS) ** 2


@case(WTS)
def weighted_mean_wrt_weights(w):
    return np.sum(w * DATA) / np.sum(w)


@case(WTS)
def weighted_variance(w):
    mu = np.sum(w * DATA) / w.sum()
    return np.sum(w * (DATA - mu) ** 2) / w.sum()


@case(DATA)
def standardize_then_sum_cubes(x):
    z = (x - x.mean()) / x.std()
    return np.sum(z ** 3 * np.arange(12))


@case(DATA2)
def covariance_matrix_manual(X):
    Xc = X - X.mean(axis=0, keepdims=True)
    C = Xc.T @ Xc / (X.shape[0] - 1)
    return np.sum(C ** 2)


@case(DATA2)
def covariance_np_cov(X):
    C = np.cov(X, rowvar=False)
    return np.trace(C) + C[0, 1]


@case(DATA2)
def correlation_matrix(X):
    Xc = X - X.mean(0)
    s = np.sqrt((Xc ** 2).sum(0))
    R = (Xc.T @ Xc) / np.outer(s, s)
    return R[0, 1] + R[1, 2] ** 2


@case(DATA2)
def pearson_pairs_loop(X):
    total = 0.0
    for i in range(3):
        for j in range(i + 1, 3):
            a = X[:, i] - X[:, i].mean()
            b = X[:, j] - X[:, j].mean()
            total += np.sum(a * b) / np.sqrt(np.sum(a * a) * np.sum(b * b))
    return total


@case(DATA2)
def np_corrcoef(X):
    R = np.corrcoef(X.T)
    return R[0, 2] - R[1, 2]


@case(DATA2)
def mahalanobis_mean(X):
    mu = X.mean(axis=0)
    C = np.cov(X.T) + 0.1 * np.eye(3)
    Ci = np.linalg.inv(C)
    d = X - mu
    return np.mean(np.einsum('ij,jk,ik->i', d, Ci, d))


@case(DATA)
def zscore_outlier_soft(x):
    z = (x - np.mean(x)) / np.std(x)
    return np.sum(1.0 / (1.0 + np.exp(-(np.abs(z) - 1.5) * 4)))


@case(DATA)
def trimmed_mean_sorted(x):
    s = np.sort(x)
    return np.mean(s[2:-2])


@case(DATA)
def median_of_data(x):
    return np.median(x * np.linspace(1, 2, 12)) ** 2


@case(DATA)
def percentile_interpolated(x):
    return np.percentile(x, 37.0) + np.quantile(x, 0.8)


@case(DATA)
def mean_absolute_deviation(x):
    return np.mean(np.abs(x - np.mean(x)))


@case(DATA)
def geometric_mean_positive(x):
    y = np.exp(0.3 * x)
    return np.exp(np.mean(np.log(y))) + len(y) / np.sum(1 / y)


@case(DATA)
def autocorrelation_lag1(x):
    d = x - x.mean()
    return np.sum(d[1:] * d[:-1]) / np.sum(d * d)


@case(DATA)
def autocorrelation_many_lags(x):
    d = x - x.mean()
    denom = d @ d
    acf = np.zeros(4)
    for lag in range(1, 5):
        acf[lag - 1] = d[lag:] @ d[:-lag] / denom
    return np.sum(acf ** 2)


# ---------------------------------------------------------------- likelihoods

@case(np.array([0.4, 0.2]))
def gaussian_nll(theta):
    mu, log_sigma = theta
    sigma = np.exp(log_sigma)
    z = (DATA - mu) / sigma
    return np.sum(0.5 * z ** 2 + log_sigma + 0.5 * np.log(2 * np.pi))


@case(np.array([0.4, 1.2]))
def gaussian_nll_sigma_direct(theta):
    mu = theta[0]
    sigma = theta[1]
    n = DATA.size
    return n * np.log(sigma) + np.sum((DATA - mu) ** 2) / (2 * sigma ** 2)


@case(np.array([0.0, 0.1, -0.1]))
def multivariate_gaussian_logpdf(mu):
    C = COV3 * 10
    L = np.linalg.cholesky(C)
    total = 0.0
    for x in DATA2[:4]:
        d = np.linalg.solve(L, x - mu)
        total += -0.5 * d @ d - np.sum(np.log(np.diag(L))) - 1.5 * np.log(2 * np.pi)
    return total


@case(np.array([[1.0, 0.2, 0.0], [0.2, 1.5, 0.1], [0.0, 0.1, 0.8]]))
def mvn_logpdf_wrt_cov(C):
    S = 0.5 * (C + C.T)
    sign, logdet = np.linalg.slogdet(S)
    Sinv = np.linalg.inv(S)
    quad = np.sum((DATA2 @ Sinv) * DATA2, axis=1)
    return -0.5 * np.sum(quad) - 0.5 * DATA2.shape[0] * logdet


@case(np.array([1.3]))
def poisson_loglik(lam):
    l = lam[0]
    return np.sum(COUNTS * np.log(l) - l)


@case(np.array([0.5, 0.2]))
def poisson_regression_loglik(beta):
    t = np.arange(6.0)
    rate = np.exp(beta[0] + beta[1] * t * 0.3)
    return -np.sum(COUNTS * np.log(rate) - rate)


@case(0.35)
def bernoulli_loglik(p):
    obs = np.array([1, 0, 0, 1, 0, 1, 0, 0])
    k = obs.sum()
    n = len(obs)
    return k * np.log(p) + (n - k) * np.log(1 - p)


@case(np.array([2.0, 1.5]))
def gamma_loglik(params):
    k, theta = params
    x = np.exp(0.3 * DATA)
    lg = 0.5 * np.log(2 * np.pi / k) + k * (np.log(k) - 1)
    return np.sum((k - 1) * np.log(x) - x / theta - k * np.log(theta)) - len(x) * lg


@case(np.array([1.5, 2.0]))
def beta_loglik_stirling(params):
    a, b = params
    x = np.array([0.2, 0.5, 0.7, 0.4, 0.9])
    return np.sum((a - 1) * np.log(x) + (b - 1) * np.log(1 - x))


@case(np.array([0.8]))
def exponential_mle_objective(rate):
    x = np.exp(0.3 * DATA)
    return -(len(x) * np.log(rate[0]) - rate[0] * np.sum(x))


@case(np.array([0.0, 1.0]))
def laplace_loglik(params):
    mu, b = params
    return -np.sum(np.abs(DATA - mu - 0.013) / b + np.log(2 * b))


@case(np.array([0.2, 1.0, 3.0]))
def student_t_loglik(params):
    mu, s, nu = params
    z = (DATA - mu) / s
    return np.sum(-(nu + 1) / 2 * np.log1p(z ** 2 / nu) - np.log(s))


@case(np.array([0.3, 0.7]))
def cauchy_loglik(params):
    x0, g = params
    return -np.sum(np.log(np.pi * g * (1 + ((DATA - x0) / g) ** 2)))


@case(np.array([0.0, 0.5]))
def lognormal_loglik(params):
    mu, s = params
    x = np.exp(0.4 * DATA)
    lx = np.log(x)
    return -np.sum(lx + np.log(s) + (lx - mu) ** 2 / (2 * s * s))


@case(np.array([0.3, 0.5, 0.2]))
def multinomial_loglik_softmax(z):
    p = np.exp(z) / np.exp(z).sum()
    n = np.array([5.0, 2.0, 8.0])
    return np.sum(n * np.log(p))


@case(np.array([0.3, -0.5, 0.2]))
def mixture_of_two_gaussians(theta):
    w = 1 / (1 + np.exp(-theta[0]))
    m1, m2 = theta[1], theta[2]
    p1 = w * np.exp(-0.5 * (DATA - m1) ** 2)
    p2 = (1 - w) * np.exp(-0.5 * (DATA - m2) ** 2)
    return -np.sum(np.log(p1 + p2))


@case(np.array([0.6, 0.3]))
def ar1_loglik(params):
    phi, log_s = params
    s2 = np.exp(2 * log_s)
    e = DATA[1:] - phi * DATA[:-1]
    return 0.5 * np.sum(e ** 2) / s2 + (len(DATA) - 1) * log_s


@case(np.array([0.1, 0.2, 0.7]))
def garch_variance_recursion(params):
    omega, alpha, beta = params
    r = DATA * 0.1
    h = np.var(r)
    nll = 0.0
    for t in range(1, len(r)):
        h = omega * 0.01 + alpha * r[t - 1] ** 2 + beta * h
        nll += 0.5 * (np.log(h) + r[t] ** 2 / h)
    return nll


@case(np.array([0.5]))
def kalman_filter_1d(q):
    x, P = 0.0, 1.0
    R = 0.5
    ll = 0.0
    for z in DATA:
        P = P + q[0]
        S = P + R
        K = P / S
        innov = z - x
        ll += 0.5 * (np.log(S) + innov ** 2 / S)
        x = x + K * innov
        P = (1 - K) * P
    return ll


@case(np.array([0.9, 0.1]))
def hmm_forward_two_states(params):
    stay, em = params
    A = np.array([[stay, 1 - stay], [1 - stay, stay]])
    obs = np.array([0, 1, 1, 0, 1])
    B = np.array([[1 - em, em], [em + 0.2, 0.8 - em]])
    alpha = np.array([0.5, 0.5]) * B[:, obs[0]]
    logp = 0.0
    for o in obs[1:]:
        alpha = (alpha @ A) * B[:, o]
        c = alpha.sum()
        logp += np.log(c)
        alpha = alpha / c
    return logp


# ---------------------------------------------------------------- estimation

@case(np.array([0.4, 1.3, -0.6]))
def least_squares_quadratic(c):
    pred = c[0] + c[1] * XS + c[2] * XS ** 2
    return np.sum((YS - pred) ** 2)


@case(YS)
def normal_equations_solution(y):
    A = np.stack([np.ones_like(XS), XS, XS ** 2], axis=1)
    coef = np.linalg.solve(A.T @ A, A.T @ y)
    return coef @ np.array([1.0, 2.0, 3.0])


@case(YS)
def lstsq_fit(y):
    A = np.column_stack([np.ones(10), XS])
    coef = np.linalg.lstsq(A, y, rcond=None)[0]
    return coef[1] ** 2


@case(YS)
def polyfit_slope(y):
    p = np.polyfit(XS, y, 2)
    return np.sum(p ** 2)


@case(YS)
def r_squared(y):
    A = np.vstack([XS, np.ones(10)]).T
    beta = np.linalg.inv(A.T @ A) @ A.T @ y
    resid = y - A @ beta
    return 1 - np.sum(resid ** 2) / np.sum((y - y.mean()) ** 2)


@case(np.array([0.3, 1.0]))
def weighted_regression_closed_form(w2):
    W = np.diag(np.concatenate([np.full(5, w2[0]), np.full(5, w2[1])]))
    A = np.stack([np.ones(10), XS], axis=1)
    beta = np.linalg.solve(A.T @ W @ A, A.T @ W @ YS)
    return beta[0] + beta[1]


@case(np.array([1.0, 1.0]))
def bootstrap_fixed_indices(theta):
    idx = np.array([[0, 3, 3, 7, 1, 9, 2, 2, 5, 6],
                    [4, 4, 8, 1, 0, 0, 9, 3, 2, 7]])
    total = 0.0
    for b in range(idx.shape[0]):
        xb = XS[idx[b]]
        yb = YS[idx[b]]
        total += np.sum((yb - theta[0] - theta[1] * xb) ** 2)
    return total


@case(np.array([0.2, 0.8]))
def logistic_regression_irls_step(beta):
    A = np.column_stack([np.ones(10), XS])
    yb = (YS > 0.5).astype(float)
    p = 1 / (1 + np.exp(-A @ beta))
    W = p * (1 - p)
    H = A.T @ (A * W[:, None])
    g = A.T @ (yb - p)
    beta2 = beta + np.linalg.solve(H, g)
    return np.sum(beta2 ** 2)


@case(DATA)
def kernel_density_loglik(x):
    grid = np.linspace(-2, 2, 7)
    h = 0.6
    dens = np.mean(np.exp(-0.5 * ((grid[:, None] - x[None, :]) / h) ** 2), axis=1) / (h * np.sqrt(2 * np.pi))
    return np.sum(np.log(dens))


@case(0.6)
def kde_bandwidth_loo(h):
    x = DATA
    d = (x[:, None] - x[None, :]) / h
    K = np.exp(-0.5 * d ** 2) / np.sqrt(2 * np.pi) / h
    np.fill_diagonal(K, 0.0)
    loo = K.sum(axis=1) / (len(x) - 1)
    return -np.sum(np.log(loo))


@case(DATA)
def histogram_soft_bins(x):
    centers = np.linspace(-2, 2, 5)
    memb = np.exp(-((x[:, None] - centers) ** 2) / 0.5)
    memb = memb / memb.sum(axis=1, keepdims=True)
    counts = memb.sum(axis=0)
    p = counts / counts.sum()
    return -np.sum(p * np.log(p))


@case(DATA)
def ecdf_smooth(x):
    t = np.linspace(-2, 2, 6)
    F = np.mean(1 / (1 + np.exp(-(t[:, None] - x[None, :]) * 3)), axis=1)
    return np.sum((F - normal_cdf(t)) ** 2)


@case(np.array([0.1, 0.2, 0.3, 0.4]))
def dirichlet_log_density_part(p):
    alpha = np.array([2.0, 3.0, 1.5, 4.0])
    return np.sum((alpha - 1) * np.log(p))


@case(np.array([0.6, 0.3, 0.9]))
def bayesian_update_beta_mean(a):
    heads = np.array([3, 5, 2])
    n = np.array([10, 8, 6])
    post_mean = (a + heads) / (a + 1.0 + n)
    return np.sum(post_mean)


@case(np.array([0.2, 1.1]))
def normal_normal_posterior(prior):
    m0, s0 = prior
    s = 1.0
    n = len(DATA)
    prec = 1 / s0 ** 2 + n / s ** 2
    mean = (m0 / s0 ** 2 + np.sum(DATA) / s ** 2) / prec
    return mean + 1.0 / prec


@case(np.array([0.4, 1.1]))
def importance_weights_ess(theta):
    mu, s = theta
    x = np.linspace(-2, 2, 9)
    logw = -0.5 * ((x - mu) / s) ** 2 - np.log(s) + 0.5 * x ** 2
    w = np.exp(logw - logw.max())
    w = w / w.sum()
    return 1.0 / np.sum(w ** 2)


@case(np.array([0.5, 0.5]))
def chi_square_statistic(p):
    obs = np.array([18.0, 22.0, 30.0, 30.0])
    probs = np.array([p[0], p[1], 1.0, 1.0])
    probs = probs / probs.sum()
    exp_ = probs * obs.sum()
    return np.sum((obs - exp_) ** 2 / exp_)


@case(DATA)
def t_statistic(x):
    return np.mean(x) / (np.std(x, ddof=1) / np.sqrt(len(x)))


@case(DATA2)
def welch_t_two_columns(X):
    a, b = X[:, 0], X[:, 1]
    va = a.var(ddof=1) / len(a)
    vb = b.var(ddof=1) / len(b)
    return (a.mean() - b.mean()) / np.sqrt(va + vb)


@case(np.array([1.0, 0.5, 0.2]))
def ridge_path_sum(lams):
    A = np.column_stack([np.ones(10), XS, XS ** 2])
    total = 0.0
    for lam in lams:
        beta = np.linalg.solve(A.T @ A + lam * np.eye(3), A.T @ YS)
        total = total + np.sum(beta ** 2)
    return total


@case(np.array([0.5, 0.3]))
def ewma_volatility(params):
    lam = params[0] * 0.5 + 0.45
    v = params[1] * 0.01
    for r in RET[:, 0]:
        v = lam * v + (1 - lam) * r * r
    return np.sqrt(v)


# ---------------------------------------------------------------- finance

@case(0.05)
def compound_interest(r):
    P = 1000.0
    n = 12
    t = 5
    return P * (1 + r / n) ** (n * t)


@case(0.05)
def compound_interest_loop(r):
    balance = 1000.0
    for year in range(10):
        balance *= 1 + r
        balance -= 20.0
    return balance


@case(0.05)
def continuous_compounding(r):
    return 1000.0 * np.exp(r * 7.5)


@case(0.07)
def npv_cashflows(r):
    t = np.arange(len(CASHF))
    return np.sum(CASHF / (1 + r) ** t)


@case(0.07)
def npv_loop_enumerate(r):
    npv = 0.0
    for t, cf in enumerate(CASHF):
        npv += cf / (1.0 + r) ** t
    return npv ** 2


@case(0.1)
def irr_newton_iterations(r0):
    r = r0
    t = np.arange(5)
    for _ in range(6):
        f = np.sum(CASHF / (1 + r) ** t)
        df = np.sum(-t * CASHF / (1 + r) ** (t + 1))
        r = r - f / df
    return r + 0.01 * r0


@case(0.06)
def annuity_payment(r):
    P = 200000.0
    n = 360
    i = r / 12
    return P * i / (1 - (1 + i) ** (-n))


@case(0.06)
def amortization_schedule(r):
    balance = 1000.0
    pay = 100.0
    interest_paid = 0.0
    for month in range(8):
        interest = balance * r / 12
        interest_paid += interest
        balance = balance + interest - pay
    return interest_paid + 0.1 * balance


@case(np.array([0.04, 0.045, 0.05, 0.052]))
def bond_price_from_spot_curve(rates):
    coupon = 5.0
    cfs = np.array([coupon, coupon, coupon, 100.0 + coupon])
    t = np.arange(1, 5)
    return np.sum(cfs * np.exp(-rates * t))


@case(0.05)
def bond_duration(y):
    t = np.arange(1, 6)
    cf = np.full(5, 4.0)
    cf[-1] += 100.0
    disc = cf / (1 + y) ** t
    price = disc.sum()
    return np.sum(t * disc) / price


@case(0.05)
def bond_convexity(y):
    t = np.arange(1.0, 6.0)
    cf = np.array([4.0, 4.0, 4.0, 4.0, 104.0])
    pv = cf * (1 + y) ** (-t)
    return np.sum(pv * t * (t + 1)) / (np.sum(pv) * (1 + y) ** 2)


@case(np.array([100.0, 0.2]))
def black_scholes_call(params):
    S, sigma = params
    K, r, T = 95.0, 0.03, 0.5
    d1 = (np.log(S / K) + (r + 0.5 * sigma ** 2) * T) / (sigma * np.sqrt(T))
    d2 = d1 - sigma * np.sqrt(T)
    return S * normal_cdf(d1) - K * np.exp(-r * T) * normal_cdf(d2)


@case(0.25)
def black_scholes_put_wrt_vol(sigma):
    S, K, r, T = 100.0, 105.0, 0.01, 1.0
    sq = sigma * math.sqrt(T)
    d1 = (np.log(S / K) + (r + sigma * sigma / 2) * T) / sq
    d2 = d1 - sq
    return K * np.exp(-r * T) * normal_cdf(-d2) - S * normal_cdf(-d1)


@case(np.array([100.0, 0.2]))
def bs_vega_closed_form(params):
    S, sigma = params
    K, r, T = 92.0, 0.02, 1.0
    d1 = (np.log(S / K) + (r + 0.5 * sigma ** 2) * T) / (sigma * np.sqrt(T))
    return S * normal_pdf(d1) * np.sqrt(T)


@case(0.2)
def binomial_tree_european(sigma):
    S0, K, r, T, n = 100.0, 100.0, 0.02, 1.0, 6
    dt = T / n
    u = np.exp(sigma * np.sqrt(dt))
    d = 1 / u
    p = (np.exp(r * dt) - d) / (u - d)
    j = np.arange(n + 1)
    ST = S0 * u ** j * d ** (n - j)
    V = np.maximum(ST - K, 0.0)
    for step in range(n):
        V = np.exp(-r * dt) * (p * V[1:] + (1 - p) * V[:-1])
    return V[0]


@case(0.2)
def binomial_tree_american_put(sigma):
    S0, K, r, n = 100.0, 103.0, 0.03, 5
    dt = 0.2
    u = np.exp(sigma * np.sqrt(dt))
    d = 1.0 / u
    p = (np.exp(r * dt) - d) / (u - d)
    V = np.zeros(n + 1)
    for j in range(n + 1):
        V[j] = max(K - S0 * u ** j * d ** (n - j), 0.0)
    for i in range(n - 1, -1, -1):
        cont = np.exp(-r * dt) * (p * V[1:i + 2] + (1 - p) * V[:i + 1])
        S = S0 * u ** np.arange(i + 1) * d ** (i - np.arange(i + 1))
        V = np.maximum(cont, K - S)
    return V[0]


@case(0.2)
def monte_carlo_call_fixed_draws(sigma):
    z = np.linspace(-2.5, 2.5, 41) + 0.013
    S0, K, r, T = 100.0, 100.0, 0.01, 1.0
    ST = S0 * np.exp((r - 0.5 * sigma ** 2) * T + sigma * np.sqrt(T) * z)
    payoff = np.log1p(np.exp((ST - K) / 2.0)) * 2.0
    return np.exp(-r * T) * payoff.mean()


@case(np.array([0.3, 0.3, 0.4]))
def portfolio_variance(w):
    return w @ COV3 @ w


@case(np.array([0.3, 0.3, 0.4]))
def sharpe_ratio(w):
    ret = w @ MU_R
    vol = np.sqrt(w @ COV3 @ w)
    return -(ret - 0.02) / vol


@case(np.array([0.3, 0.3, 0.4]))
def mean_variance_utility(w):
    lam = 3.0
    return -(MU_R @ w) + 0.5 * lam * (w @ (COV3 @ w)) + 10 * (np.sum(w) - 1) ** 2


@case(np.array([0.2, 0.5, 0.3]))
def risk_parity_objective(w):
    sigma_w = COV3 @ w
    rc = w * sigma_w
    target = np.sum(rc) / 3
    return np.sum((rc - target) ** 2) * 1e4


@case(np.array([0.1, -0.2, 0.3]))
def softmax_portfolio_weights(z):
    w = np.exp(z) / np.sum(np.exp(z))
    port = RET @ w
    return -np.mean(port) / np.std(port)


@case(np.array([0.3, 0.3, 0.4]))
def realized_portfolio_drawdown_smooth(w):
    port = RET @ w
    wealth = np.cumprod(1 + port)
    peak = np.maximum.accumulate(wealth)
    return np.sum((wealth / peak - 1) ** 2)


@case(np.array([0.3, 0.3, 0.4]))
def log_wealth_growth(w):
    return np.sum(np.log1p(RET @ w))


@case(PRICES)
def log_returns_volatility(p):
    r = np.diff(np.log(p))
    return np.std(r) * np.sqrt(252)


@case(PRICES)
def simple_returns_mean(p):
    r = p[1:] / p[:-1] - 1
    return np.mean(r) * 252


@case(PRICES)
def moving_average_crossover_signal(p):
    fast = np.convolve(p, np.ones(3) / 3, mode='valid')[2:]
    slow = np.convolve(p, np.ones(5) / 5, mode='valid')
    return np.sum(np.tanh(fast - slow))


@case(PRICES)
def vwap(p):
    vol = np.linspace(1.0, 3.0, len(p))
    return np.sum(p * vol) / np.sum(vol)


@case(PRICES)
def rsi_like_smooth(p):
    d = np.diff(p)
    up = np.sum(np.log1p(np.exp(d * 2))) / 2
    dn = np.sum(np.log1p(np.exp(-d * 2))) / 2
    return 100 - 100 / (1 + up / dn)


@case(np.array([0.02, 0.05]))
def cds_survival_price(params):
    hazard, r = params
    t = np.arange(1, 6)
    surv = np.exp(-hazard * t)
    disc = np.exp(-r * t)
    prem = np.sum(0.01 * surv * disc)
    prot = np.sum(0.6 * (np.exp(-hazard * (t - 1)) - surv) * disc)
    return prot - prem


@case(np.array([0.1, 0.02, 0.05]))
def vasicek_bond_price(params):
    a, sigma, r0 = params
    b, T = 0.05, 2.0
    B = (1 - np.exp(-a * T)) / a
    A = np.exp((B - T) * (a * a * b - sigma ** 2 / 2) / a ** 2 - sigma ** 2 * B ** 2 / (4 * a))
    return A * np.exp(-B * r0)


@case(np.array([1000.0, 0.04]))
def retirement_savings(params):
    contribution, r = params
    balance = 0.0
    history = []
    for year in range(10):
        balance = balance * (1 + r) + contribution
        history.append(balance)
    return np.mean(np.array(history)) / 1000


@case(0.03)
def inflation_adjusted_value(inflation):
    values = np.array([100.0, 110.0, 125.0, 140.0])
    years = np.arange(4)
    real = values / (1 + inflation) ** years
    return real.sum()


@case(np.array([0.05, 0.2]))
def var_parametric(params):
    mu, sigma = params
    z = 1.645
    return -(mu - z * sigma) * 1e6 / 1e5


@case(np.array([0.3, 0.3, 0.4]))
def cvar_smooth(w):
    losses = -(RET @ w)
    alpha = 0.0
    excess = np.log1p(np.exp((losses - alpha) * 100)) / 100
    return alpha + np.mean(excess) / 0.2


@case(np.array([1.0, 0.5]))
def utility_crra(c):
    gamma = 2.0
    beta = 0.95
    u = (c ** (1 - gamma) - 1) / (1 - gamma)
    return u[0] + beta * u[1]


@case(np.array([1.0, 1.1, 1.2]))
def consumption_savings_lifetime(c):
    income = np.array([1.5, 1.5, 0.5])
    wealth = 0.0
    util = 0.0
    for t in range(3):
        wealth = 1.03 * wealth + income[t] - c[t]
        util += 0.96 ** t * np.log(c[t])
    return -util + 5 * wealth ** 2


@case(np.array([1.0, 0.8]))
def cobb_douglas_profit(inputs):
    K, L = inputs
    return 2.0 * K ** 0.3 * L ** 0.6 - 0.5 * K - 0.7 * L


@case(np.array([2.0, 3.0]))
def ces_utility(x):
    rho = 0.5
    return (0.4 * x[0] ** rho + 0.6 * x[1] ** rho) ** (1 / rho)


@case(np.array([10.0, 5.0]))
def monopoly_profit(q):
    price = 100 - 2 * (q[0] + q[1])
    return -(price * q[0] - 10 * q[0]) - (price * q[1] - 12 * q[1])


@case(np.array([0.5, 0.2, 0.3]))
def gini_smooth(incomes):
    x = np.exp(incomes)
    diff = x[:, None] - x[None, :]
    mad = np.mean(np.sqrt(diff ** 2 + 1e-4))
    return mad / (2 * np.mean(x))


@case(np.array([1.0, 2.0, 4.0]))
def herfindahl_index(sales):
    share = sales / sales.sum()
    return np.sum(share ** 2)


@case(np.array([0.5, 0.2]))
def logit_demand_market_share(prices):
    util = np.array([1.0, 0.8]) - 2.0 * prices
    e = np.exp(util)
    share = e / (1 + e.sum())
    return np.sum(share * (prices - 0.1))


@case(np.array([100.0, 0.25, 0.05]))
def forward_price_and_payoff(params):
    S, T, r = params
    F = S * np.exp(r * T)
    return F - 101.0


@case(np.array([0.3, 0.5]))
def yield_curve_nelson_siegel(params):
    b1, tau = params
    t = np.array([0.5, 1.0, 2.0, 5.0, 10.0])
    obs = np.array([0.02, 0.022, 0.025, 0.03, 0.033])
    f = (1 - np.exp(-t / tau)) / (t / tau)
    y = 0.035 - 0.015 * f + b1 * 0.01 * (f - np.exp(-t / tau))
    return np.sum((y - obs) ** 2) * 1e4
