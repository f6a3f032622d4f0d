"""Held-out wave 6: survival analysis and econometrics -- Cox partial likelihood with risk
sets by sorting and by reverse cumulative sums (Breslow ties), Weibull and exponential
AFT with censoring, Kaplan-Meier-weighted loss, piecewise-constant hazards via np.digitize,
competing risks, discrete-time hazard with bincount; CES utility, Cobb-Douglas, present value,
annuity, Black-Scholes with scipy.stats.norm.cdf, a consumption-savings Bellman step with
np.max over a grid, logit demand shares, an AR(1) Kalman-free likelihood."""

import numpy as np
import scipy.stats as st

from ..case import case

times = np.array([5.0, 3.0, 8.0, 3.0, 10.0, 1.0])
event = np.array([1, 1, 0, 1, 0, 1])
Xs = np.array([[0.5, 1.0], [1.5, -0.5], [-0.3, 0.2], [0.8, 0.8], [-1.0, 0.1], [0.2, -1.2]])


@case(np.array([0.3, -0.2]))
def cox_partial_likelihood_risk_set_loop(beta):
    eta = Xs @ beta
    ll = 0.0
    for i in range(len(times)):
        if event[i]:
            risk = times >= times[i]
            ll = ll + eta[i] - np.log(np.sum(np.exp(eta[risk])))
    return -ll


@case(np.array([0.3, -0.2]))
def cox_sorted_reverse_cumsum(beta):
    order = np.argsort(-times, kind='stable')
    eta = (Xs @ beta)[order]
    ev = event[order]
    log_risk = np.log(np.cumsum(np.exp(eta)))
    return -np.sum((eta - log_risk) * ev)


@case(np.array([0.3, -0.2]))
def cox_breslow_ties_exact(beta):
    eta = Xs @ beta
    uniq = np.unique(times[event == 1])
    ll = 0.0
    for t in uniq:
        d = (times == t) & (event == 1)
        r = times >= t
        ll = ll + np.sum(eta[d]) - d.sum() * np.log(np.sum(np.exp(eta[r])))
    return -ll


@case(np.array([0.2, 0.5, -0.1]))
def weibull_aft_censored(theta):
    log_k, b0, b1 = theta
    k = np.exp(log_k)
    lam = np.exp(b0 + b1 * Xs[:, 0])
    z = (times / lam) ** k
    log_h = np.log(k) - np.log(lam) + (k - 1) * (np.log(times) - np.log(lam))
    return -np.sum(event * log_h - z)


@case(np.array([-1.5, 0.3]))
def exponential_model_with_survival_fn(theta):
    rate = np.exp(theta[0] + theta[1] * Xs[:, 1])
    logpdf = st.expon.logpdf(times, scale=1 / rate)
    logsf = st.expon.logsf(times, scale=1 / rate)
    return -np.sum(np.where(event == 1, logpdf, logsf))


@case(np.array([0.1, 0.2, 0.15]))
def piecewise_constant_hazard_digitize(log_h):
    cuts = np.array([0.0, 3.0, 7.0])
    h = np.exp(log_h)
    idx = np.digitize(times, cuts) - 1
    widths = np.diff(np.append(cuts, np.inf))
    cum = np.zeros(len(times))
    for j in range(3):
        exposure = np.clip(times - cuts[j], 0, widths[j])
        cum = cum + h[j] * exposure
    return -np.sum(event * np.log(h[idx]) - cum)


@case(np.array([0.3, -0.2]))
def discrete_time_hazard_person_period(beta):
    T = times.astype(int)
    rows, ys = [], []
    for i in range(len(T)):
        for t in range(1, T[i] + 1):
            rows.append(i)
            ys.append(1.0 if (t == T[i] and event[i]) else 0.0)
    rows = np.array(rows)
    ys = np.array(ys)
    p = 1 / (1 + np.exp(-(Xs[rows] @ beta - 2.0)))
    return -np.sum(ys * np.log(p) + (1 - ys) * np.log1p(-p))


@case(np.array([0.5, 0.2]))
def km_weighted_loss(pred):
    order = np.argsort(times)
    at_risk = len(times) - np.arange(len(times))
    surv = np.cumprod(1 - event[order] / at_risk)
    w = np.empty(len(times))
    w[order] = surv
    resid = times - np.exp(pred[0] + pred[1] * Xs[:, 0])
    return np.sum(w * event * resid ** 2)


@case(np.array([0.4, 0.6]))
def ces_utility(c):
    rho, a = 0.5, 0.3
    return (a * c[0] ** rho + (1 - a) * c[1] ** rho) ** (1 / rho)


@case(np.array([2.0, 3.0]))
def cobb_douglas_log(inputs):
    K, L = inputs
    return np.log(1.5 * K ** 0.3 * L ** 0.7)


@case(np.array([0.05]))
def present_value_and_annuity(r):
    cf = np.array([100.0, 100.0, 100.0, 1100.0])
    t = np.arange(1, 5)
    pv = np.sum(cf / (1 + r[0]) ** t)
    ann = (1 - (1 + r[0]) ** -10) / r[0]
    return pv + ann


@case(np.array([0.05]))
def irr_newton_wrt_cashflow_rate(r0):
    cf = np.array([-1000.0, 300.0, 400.0, 500.0]) * (1 + r0[0])
    r = 0.1
    for _ in range(30):
        t = np.arange(4)
        f = np.sum(cf / (1 + r) ** t)
        df = np.sum(-t * cf / (1 + r) ** (t + 1))
        r = r - f / df
    return r


@case(np.array([100.0, 0.2]))
def black_scholes_call(p):
    S, sigma = p
    K, T, r = 95.0, 0.5, 0.01
    d1 = (np.log(S / K) + (r + 0.5 * sigma ** 2) * T) / (sigma * np.sqrt(T))
    d2 = d1 - sigma * np.sqrt(T)
    return S * st.norm.cdf(d1) - K * np.exp(-r * T) * st.norm.cdf(d2)


@case(np.array([1.0, 2.0, 0.5]))
def logit_demand_shares(delta):
    e = np.exp(delta)
    s = e / (1 + e.sum())
    return np.sum(np.log(s) * np.array([0.2, 0.3, 0.1]))


@case(np.array([1.0, 2.0, 0.5]))
def nested_logit_inclusive_value(delta):
    lam = 0.6
    nests = [np.array([0, 1]), np.array([2])]
    iv = np.array([lam * np.log(np.sum(np.exp(delta[n] / lam))) for n in nests])
    return np.log1p(np.sum(np.exp(iv)))


@case(np.array([1.0, 0.8, 1.2, 0.9, 1.1]))
def bellman_step_grid_max(V):
    grid = np.linspace(0.5, 2.5, 5)
    beta = 0.95
    cons = grid[:, None] * 1.1 - grid[None, :]
    util = np.where(cons > 0, np.log(np.maximum(cons, 1e-10)), -1e10)
    Q = util + beta * V[None, :]
    return np.sum(np.max(Q, axis=1))


@case(np.array([0.6, -0.3]))
def ar1_exact_likelihood(p):
    phi, log_s = np.tanh(p[0]), p[1]
    s2 = np.exp(2 * log_s)
    y = np.array([0.3, 0.5, 0.1, -0.2, 0.4])
    ll = st.norm.logpdf(y[0], 0, np.sqrt(s2 / (1 - phi ** 2)))
    ll = ll + np.sum(st.norm.logpdf(y[1:], phi * y[:-1], np.sqrt(s2)))
    return -ll


@case(np.array([0.5, 0.3]))
def gini_of_income_sorted(w):
    inc = np.array([1.0, 2.0, 3.5, 0.5]) * np.exp(np.array([w[0], w[1], -w[0], w[1] ** 2]))
    s = np.sort(inc)
    n = len(s)
    idx = np.arange(1, n + 1)
    return (2 * np.sum(idx * s) / (n * np.sum(s))) - (n + 1) / n


@case(np.array([0.1, 0.2, 0.3]))
def portfolio_variance_sharpe(w):
    cov = np.array([[0.04, 0.01, 0.0], [0.01, 0.09, 0.02], [0.0, 0.02, 0.16]])
    mu = np.array([0.05, 0.08, 0.12])
    w = w / w.sum()
    return (w @ mu) / np.sqrt(w @ cov @ w)
