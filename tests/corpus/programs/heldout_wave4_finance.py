"""Held-out wave 4, part five: quantitative finance the way analysts write it --
Black-Scholes prices and greeks via scipy.stats.norm, Monte Carlo with fixed normals
and antithetic draws, binomial trees with backward induction, portfolio variance and
Sharpe ratio, mean-variance utility with softmax weights, bond pricing with a yield
curve, CVaR via sorting, Heston-like Euler paths, GARCH(1,1) likelihood."""

import numpy as np
from scipy.stats import norm

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
rs = np.random.RandomState(2024)
Z = rs.standard_normal(200)
returns = 0.01 * rs.randn(60, 4) + np.array([0.001, 0.002, 0.0005, 0.0015])
cov = np.cov(returns, rowvar=False)
mu = returns.mean(axis=0)


def black_scholes_call(S, K, T, r, sigma):
    d1 = (np.log(S / K) + (r + 0.5 * sigma ** 2) * T) / (sigma * np.sqrt(T))
    d2 = d1 - sigma * np.sqrt(T)
    return S * norm.cdf(d1) - K * np.exp(-r * T) * norm.cdf(d2)


@case(np.array([100.0, 0.2, 0.05]))
def black_scholes_call_price(params):
    S, sigma, r = params
    return black_scholes_call(S, K=105.0, T=0.5, r=r, sigma=sigma)


@case(0.25)
def black_scholes_put_call_parity_strip(sigma):
    strikes = np.array([90.0, 100.0, 110.0])
    S, T, r = 100.0, 1.0, 0.03
    calls = black_scholes_call(S, strikes, T, r, sigma)
    puts = calls - S + strikes * np.exp(-r * T)
    return np.sum(calls * puts) / 1e3


@case(np.array([0.2, 0.3]))
def implied_vol_newton_fixed_iterations(sig_guess):
    target = 8.0
    S, K, T, r = 100.0, 100.0, 1.0, 0.01
    sigma = sig_guess[0]
    for it in range(4):
        price = black_scholes_call(S, K, T, r, sigma)
        d1 = (np.log(S / K) + (r + 0.5 * sigma ** 2) * T) / (sigma * np.sqrt(T))
        vega = S * norm.pdf(d1) * np.sqrt(T)
        sigma = sigma - (price - target) / vega
    return sigma * sig_guess[1]


@case(np.array([0.2, 0.05]))
def monte_carlo_european_antithetic(params):
    sigma, r = params
    S0, K, T = 100.0, 100.0, 1.0
    z = np.concatenate([Z, -Z])
    ST = S0 * np.exp((r - 0.5 * sigma ** 2) * T + sigma * np.sqrt(T) * z)
    payoff = np.maximum(ST - K, 0.0)
    return np.exp(-r * T) * payoff.mean()


paths_Z = rs.standard_normal((50, 12))


@case(0.3)
def asian_option_cumsum_paths(sigma):
    S0, r, T, n = 100.0, 0.02, 1.0, 12
    dt = T / n
    log_inc = (r - 0.5 * sigma ** 2) * dt + sigma * np.sqrt(dt) * paths_Z
    S = S0 * np.exp(np.cumsum(log_inc, axis=1))
    avg = S.mean(axis=1)
    return np.exp(-r * T) * np.mean(np.maximum(avg - 100.0, 0))


@case(np.array([0.2, 0.04]))
def binomial_tree_american_put_backward_induction(params):
    sigma, r = params
    S0, K, T, N = 50.0, 52.0, 1.0, 12
    dt = T / N
    u = np.exp(sigma * np.sqrt(dt))
    d = 1 / u
    p = (np.exp(r * dt) - d) / (u - d)
    j = np.arange(N + 1)
    S = S0 * u ** (N - j) * d ** j
    V = np.maximum(K - S, 0)
    for i in range(N - 1, -1, -1):
        S = S0 * u ** (i - np.arange(i + 1)) * d ** np.arange(i + 1)
        V = np.exp(-r * dt) * (p * V[:-1] + (1 - p) * V[1:])
        V = np.maximum(V, K - S)
    return V[0]


@case(np.array([0.25, 0.25, 0.25, 0.25]))
def portfolio_variance_quadratic_form(w):
    return w @ cov @ w


@case(np.array([0.4, 0.1, 0.3, 0.2]))
def sharpe_ratio_negative(w):
    port = returns @ w
    return -port.mean() / port.std(ddof=1) * np.sqrt(252)


@case(np.zeros(4))
def mean_variance_utility_softmax_weights(logits):
    w = np.exp(logits - logits.max())
    w /= w.sum()
    risk_aversion = 3.0
    return -(w @ mu - 0.5 * risk_aversion * w @ cov @ w)


@case(np.array([0.02, 0.025, 0.03, 0.035]))
def bond_price_from_zero_curve_interp(zero_rates):
    tenors = np.array([1.0, 2.0, 3.0, 5.0])
    cash_times = np.arange(1, 6, dtype=float)
    rates = np.interp(cash_times, tenors, zero_rates)
    coupons = np.full(5, 4.0)
    coupons[-1] += 100.0
    return np.sum(coupons * np.exp(-rates * cash_times))


@case(np.array([0.03]))
def bond_duration_convexity(y):
    t = np.arange(1, 11)
    cf = np.where(t == 10, 105.0, 5.0)
    disc = (1 + y[0]) ** (-t)
    price = np.sum(cf * disc)
    duration = np.sum(t * cf * disc) / price
    return price + duration


@case(np.array([0.3, 0.2, 0.3, 0.2]))
def cvar_by_sorting_losses(w):
    losses = -(returns @ w)
    alpha = 0.9
    k = int(np.ceil(alpha * len(losses)))
    tail = np.sort(losses)[k:]
    return tail.mean()


@case(np.array([0.3, 0.2, 0.3, 0.2]))
def var_quantile_of_losses(w):
    losses = -(returns @ w)
    return np.quantile(losses, 0.95)


# FIXED on the live tree (was nan in jvp/hvp, reverse right): sqrt of np.maximum(v, 0) where v < 0
# -- probe4 W1, tests/regressions/test_heldout_wave4.py
@case(np.array([0.04, 1.5, 0.04, 0.3]))
def heston_euler_full_truncation(params):
    v0, kappa, theta, xi = params
    dt = 1.0 / 12
    S = np.full(50, 100.0)
    v = np.full(50, v0)
    for t in range(12):
        vp = np.maximum(v, 0.0)
        S = S * np.exp(-0.5 * vp * dt + np.sqrt(vp * dt) * paths_Z[:, t])
        v = v + kappa * (theta - vp) * dt + xi * np.sqrt(vp * dt) * paths_Z[:, (t + 1) % 12]
    return np.mean(np.maximum(S - 100.0, 0.0))


@case(np.array([0.1, 0.1, 0.85]))
def garch11_negative_log_likelihood(params):
    omega, alpha, beta = params
    r = 100 * (returns[:, 0] - returns[:, 0].mean())
    sigma2 = np.empty_like(r)
    sigma2[0] = r.var()
    for t in range(1, len(r)):
        sigma2[t] = omega + alpha * r[t - 1] ** 2 + beta * sigma2[t - 1]
    return 0.5 * np.sum(np.log(sigma2) + r ** 2 / sigma2)


@case(np.array([0.1, 0.2, 0.3, 0.4]))
def risk_parity_objective(w):
    sigma_p = np.sqrt(w @ cov @ w)
    mrc = cov @ w / sigma_p
    rc = w * mrc
    return np.sum((rc[:, None] - rc[None, :]) ** 2)


@case(np.array([100.0, 0.2]))
def delta_hedge_pnl_finite_difference_greek(params):
    S, sigma = params
    h = 0.01
    delta = (black_scholes_call(S + h, 100.0, 1.0, 0.0, sigma)
             - black_scholes_call(S - h, 100.0, 1.0, 0.0, sigma)) / (2 * h)
    return delta * S


@case(np.array([0.05, 0.03, 0.02]))
def npv_irr_style_cash_flows_list(rates):
    cash = [-100.0, 30.0, 40.0, 50.0]
    npv = cash[0]
    disc = 1.0
    for i, cf in enumerate(cash[1:]):
        disc = disc / (1.0 + rates[i])
        npv += cf * disc
    return npv


# FIXED on the live tree (refused at HEAD b328e35: an import statement inside the function)
@case(np.array([0.02, 0.3]))
def merton_jump_diffusion_series(params):
    r, lam = params
    S, K, T, sigma, mJ, sJ = 100.0, 100.0, 1.0, 0.2, -0.1, 0.15
    from math import factorial
    k = np.exp(mJ + 0.5 * sJ ** 2) - 1
    price = 0.0
    for n in range(6):
        sig_n = np.sqrt(sigma ** 2 + n * sJ ** 2 / T)
        r_n = r - lam * k + n * (mJ + 0.5 * sJ ** 2) / T
        w = np.exp(-lam * (1 + k) * T) * (lam * (1 + k) * T) ** n / factorial(n)
        price += w * black_scholes_call(S, K, T, r_n, sig_n)
    return price


@case(np.array([0.3, 0.3, 0.4]))
def kelly_log_growth_discrete_outcomes(f):
    outcomes = np.array([[1.5, 0.8, 1.1], [0.7, 1.3, 1.0], [1.1, 1.05, 0.9]])
    probs = np.array([0.3, 0.4, 0.3])
    wealth = outcomes @ f
    return -np.dot(probs, np.log(wealth))


@case(np.linspace(0.01, 0.05, 5))
def nelson_siegel_fit_least_squares(yields):
    tau = np.array([0.5, 1.0, 2.0, 5.0, 10.0])
    lam = 1.5
    f1 = (1 - np.exp(-tau / lam)) / (tau / lam)
    f2 = f1 - np.exp(-tau / lam)
    Xd = np.column_stack([np.ones_like(tau), f1, f2])
    beta, *_ = np.linalg.lstsq(Xd, yields, rcond=None)
    return np.sum((Xd @ beta - yields) ** 2) + beta[0]
