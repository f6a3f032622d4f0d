"""Fit a Bayesian logistic regression by variational inference, with ``scipy.stats``.

Two features and a bias, so three weights ``w`` with a Gaussian prior
N(0, 2^2).  The posterior is approximated by a diagonal Gaussian
q(w) = N(mu, sigma^2), ``sigma = exp(log_sigma)``, fitted by maximizing the
evidence lower bound (ELBO)

    E_q[log p(y | X, w) + log p(w)] + entropy(q)

whose expectation is a mean over standard-normal draws ``eps``, drawn once
and held fixed (the reparameterization ``w = mu + sigma * eps``), so the
ELBO is an ordinary deterministic function of ``(mu, log_sigma)``.  The
likelihood uses ``scipy.special.log_expit``, the prior
``scipy.stats.norm.logpdf``.  ``srcad.value_and_grad`` generates the ELBO's
gradient (printed below) and ``scipy.optimize.minimize`` uses it as ``jac``.

    python examples/bayesian_logistic_vi.py                # fit, print, plot
    python examples/bayesian_logistic_vi.py --draws 8      # fewer draws, faster
    python examples/bayesian_logistic_vi.py --plot vi.png  # the plot elsewhere

matplotlib, if installed, draws the data, the posterior predictive
probability and decision boundaries sampled from q.
"""

from __future__ import annotations

import argparse
import inspect
import pathlib
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, log_expit
from scipy.stats import norm

from srcad import value_and_grad

OUT = pathlib.Path(__file__).resolve().parent / 'out'
TRUE_WEIGHTS = np.array([-0.5, 2.0, -1.5])    # bias, feature 1, feature 2
PRIOR_SCALE = 2.0


def data(n=80, seed=0):
    """Points in the plane and 0/1 labels drawn from a logistic model with ``TRUE_WEIGHTS``."""
    rng = np.random.RandomState(seed)
    points = rng.normal(0.0, 1.5, (n, 2))
    X = np.column_stack([np.ones(n), points])      # a column of ones for the bias
    y = (rng.uniform(size=n) < expit(X @ TRUE_WEIGHTS)).astype(float)
    return X, y


def draws(count=32, dim=3, seed=1):
    """The fixed standard-normal draws of the reparameterization, one row per draw."""
    return np.random.RandomState(seed).standard_normal((count, dim))


def elbo(params, X, y, eps, prior_scale):
    """The ELBO of q = N(mu, exp(log_sigma)^2) for ``params = (mu, log_sigma)``."""
    d = X.shape[1]
    mu, log_sigma = params[:d], params[d:]
    w = mu + np.exp(log_sigma) * eps                   # one weight vector per draw
    logits = w @ X.T                                   # (draws, points)
    log_lik = np.sum(y * log_expit(logits) + (1.0 - y) * log_expit(-logits), axis=1)
    log_prior = np.sum(norm.logpdf(w, 0.0, prior_scale), axis=1)
    entropy = np.sum(log_sigma) + 0.5 * d * (1.0 + np.log(2.0 * np.pi))
    return np.mean(log_lik + log_prior) + entropy


def fit(X, y, eps, prior_scale=PRIOR_SCALE, verbose=True):
    """Maximize the ELBO with L-BFGS and srcad's gradient; returns mu, sigma and the history."""
    objective = value_and_grad(elbo)
    history = []

    def fun(params):
        value, gradient = objective(params, X, y, eps, prior_scale)
        history.append(value)
        return -value, -gradient
    d = X.shape[1]
    start = np.concatenate([np.zeros(d), np.full(d, -1.0)])
    result = minimize(fun, start, jac=True, method='L-BFGS-B')
    if verbose:
        print(f'L-BFGS: {result.nit} iterations, {result.nfev} gradient calls; '
              f'ELBO {history[0]:.3f} -> {-result.fun:.3f}')
    return result.x[:d], np.exp(result.x[d:]), history


def predictive(mu, sigma, points, samples=2000, seed=2):
    """p(y = 1 | point) under q, averaged over fresh draws of the weights."""
    w = mu + sigma * np.random.RandomState(seed).standard_normal((samples, mu.size))
    X = np.column_stack([np.ones(len(points)), points])
    return np.mean(expit(X @ w.T), axis=1)


def plot(mu, sigma, X, y, path):
    """Save the data, the predictive probability and sampled boundaries as a PNG."""
    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
    except ImportError:
        print('matplotlib is not installed: no plot')
        return None
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    grid = np.linspace(-4.5, 4.5, 120)
    gx, gy = np.meshgrid(grid, grid)
    prob = predictive(mu, sigma, np.column_stack([gx.ravel(), gy.ravel()])).reshape(gx.shape)
    fig, ax = plt.subplots(figsize=(5, 4.2))
    filled = ax.contourf(gx, gy, prob, levels=np.linspace(0.0, 1.0, 11), cmap='RdBu_r',
                         alpha=0.6)
    fig.colorbar(filled, ax=ax, label='p(y = 1)')
    for w in mu + sigma * np.random.RandomState(3).standard_normal((12, mu.size)):
        ax.plot(grid, -(w[0] + w[1] * grid) / w[2], color='k', lw=0.5, alpha=0.3)
    ax.plot(grid, -(mu[0] + mu[1] * grid) / mu[2], 'k', lw=1.5, label='boundary at mean')
    for label, marker in ((0, 'o'), (1, 's')):
        ax.plot(X[y == label, 1], X[y == label, 2], marker, color=f'C{label}',
                markersize=4, markeredgecolor='k', markeredgewidth=0.5, label=f'y = {label}')
    ax.set_xlim(-4.5, 4.5)
    ax.set_ylim(-4.5, 4.5)
    ax.set_title('Bayesian logistic regression, variational posterior', fontsize=10)
    ax.legend(loc='lower left', fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--draws', type=int, default=32,
                        help='fixed Monte Carlo draws in the ELBO')
    parser.add_argument('--plot', default=str(OUT / 'bayesian_logistic_vi.png'),
                        help='where to save the fit (PNG)')
    args = parser.parse_args(argv)
    X, y = data()
    eps = draws(args.draws, X.shape[1])
    source = value_and_grad(elbo).source
    print(source)
    own = len(inspect.getsource(elbo).splitlines())
    print(f'the generated gradient has {len(source.splitlines())} lines of code '
          f'(elbo itself has {own})\n')
    start = time.perf_counter()
    mu, sigma, history = fit(X, y, eps)
    seconds = time.perf_counter() - start
    print(f'fitted in {seconds:.2f} s with {args.draws} draws')
    for name, m, s, true in zip(('bias', 'w1', 'w2'), mu, sigma, TRUE_WEIGHTS):
        print(f'  {name:>4}: mean {m:+.3f}, std {s:.3f} (data made with {true:+.1f})')
    accuracy = np.mean((predictive(mu, sigma, X[:, 1:]) > 0.5) == (y == 1))
    print(f'posterior predictive accuracy on the data: {accuracy:.1%}')
    saved = plot(mu, sigma, X, y, args.plot)
    if saved:
        print(f'fit saved to {saved}')
    return mu, sigma, history


if __name__ == '__main__':
    main()
