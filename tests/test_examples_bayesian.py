"""The Bayesian logistic regression example (variational inference with scipy.stats)
runs, fits, and its ELBO's gradient is right.

The script runs once (a few seconds, most of it importing); matplotlib is
optional (the Agg backend when it is installed)."""

import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip('scipy')

from srcad.testing import check_derivatives, check_grad  # noqa: E402

from example_runner import ROOT, has_matplotlib, run_script  # noqa: E402,F401

import bayesian_logistic_vi as vi  # noqa: E402


def point(seed=4):
    X, y = vi.data(n=15)
    params = np.random.RandomState(seed).normal(0.0, 0.5, 2 * X.shape[1])
    return params, X, y, vi.draws(5, X.shape[1])


def test_elbo_gradient_matches_finite_differences():
    params, X, y, eps = point()
    check_grad(vi.elbo, params, X, y, eps, vi.PRIOR_SCALE)          # also jvp and hvp
    check_derivatives(vi.elbo, params, X, y, eps, vi.PRIOR_SCALE)   # grad, vjp, jvp, hvp


def test_elbo_matches_a_direct_computation():
    """Against the textbook form: log-likelihood + log prior - log q, each draw by hand."""
    params, X, y, eps = point()
    mu, sigma = params[:3], np.exp(params[3:])
    total = 0.0
    for e in eps:
        w = mu + sigma * e
        p = 1.0 / (1.0 + np.exp(-(X @ w)))
        log_lik = np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))
        log_prior = np.sum(-0.5 * (w / vi.PRIOR_SCALE) ** 2
                           - np.log(vi.PRIOR_SCALE * np.sqrt(2 * np.pi)))
        total += log_lik + log_prior
    entropy = np.sum(np.log(sigma)) + 1.5 * (1 + np.log(2 * np.pi))
    np.testing.assert_allclose(vi.elbo(params, X, y, eps, vi.PRIOR_SCALE),
                               total / len(eps) + entropy, rtol=1e-12)


def test_fit_is_near_the_exact_posterior_mean():
    """The exact posterior mean (importance sampling) is close to the fitted q's mean."""
    X, y = vi.data()
    mu, sigma, history = vi.fit(X, y, vi.draws(32), verbose=False)
    assert history[-1] > history[0] and np.all(sigma < vi.PRIOR_SCALE)
    rng = np.random.RandomState(5)
    W = mu + 3.0 * sigma * rng.standard_normal((50_000, 3))
    L = W @ X.T
    log_post = np.sum(-y * np.logaddexp(0, -L) - (1 - y) * np.logaddexp(0, L), axis=1) \
        - 0.5 * np.sum((W / vi.PRIOR_SCALE) ** 2, axis=1)
    log_q = -0.5 * np.sum(((W - mu) / (3.0 * sigma)) ** 2, axis=1)
    weights = np.exp(log_post - log_q - np.max(log_post - log_q))
    exact = weights @ W / weights.sum()
    np.testing.assert_allclose(mu, exact, atol=0.2)


def test_vi_example_fits_and_prints_its_gradient(tmp_path):
    plot = tmp_path / 'vi.png'
    out = run_script('bayesian_logistic_vi.py', '--draws', '8', '--plot', str(plot))
    assert 'def elbo_value_and_grad(params, X, y, eps, prior_scale' in out
    assert 'the generated gradient has' in out and 'lines of code' in out
    means = [float(line.split('mean ')[1].split(',')[0])
             for line in out.splitlines() if ': mean ' in line]
    np.testing.assert_allclose(means, vi.TRUE_WEIGHTS, atol=0.8)
    accuracy = float(out.split('accuracy on the data: ')[1].split('%')[0])
    assert accuracy > 75
    if has_matplotlib():
        assert plot.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
        assert plot.stat().st_size < 100_000
    else:
        assert 'matplotlib is not installed: no plot' in out
