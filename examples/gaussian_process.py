"""Fit a Gaussian-process regression by maximizing its log marginal likelihood.

The kernel is a squared exponential with a length scale, a signal amplitude
and a noise level, all three optimized in log space.  The negative log
marginal likelihood is ordinary NumPy and SciPy: a kernel matrix, its
Cholesky factor (``scipy.linalg.cho_factor``), a solve with it
(``cho_solve``) and a log-determinant.
``srcad.value_and_grad`` generates its gradient (printed below), and
``scipy.optimize.minimize`` uses it as ``jac``.

    python examples/gaussian_process.py                 # fit, print, plot
    python examples/gaussian_process.py --plot gp.png   # the plot elsewhere

matplotlib, if installed, draws the data, the posterior mean and a 95% band.
"""

from __future__ import annotations

import argparse
import inspect
import pathlib
import time

import numpy as np
from scipy.linalg import cho_factor, cho_solve, solve_triangular
from scipy.optimize import minimize

from srcad import value_and_grad

OUT = pathlib.Path(__file__).resolve().parent / 'out'


def data(n=40, seed=0):
    """Noisy samples of a smooth function on [-3, 3]."""
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-3.0, 3.0, n))
    y = np.sin(2.0 * x) + 0.3 * x + 0.15 * rng.standard_normal(n)
    return x, y


def kernel(a, b, log_length, log_amplitude):
    """The squared-exponential covariance between the points ``a`` and ``b``."""
    d = (a[:, None] - b[None, :]) / np.exp(log_length)
    return np.exp(2.0 * log_amplitude) * np.exp(-0.5 * d ** 2)


def neg_log_marginal_likelihood(theta, x, y):
    """``-log p(y | x, theta)`` for ``theta = (log length, log amplitude, log noise)``."""
    n = x.shape[0]
    K = kernel(x, x, theta[0], theta[1]) + (np.exp(2.0 * theta[2]) + 1e-8) * np.eye(n)
    L, lower = cho_factor(K, lower=True)
    alpha = cho_solve((L, lower), y)              # K alpha = y
    return 0.5 * (y @ alpha) + np.sum(np.log(np.diag(L))) + 0.5 * n * np.log(2.0 * np.pi)


def fit(x, y, theta0=(0.0, 0.0, -1.0), verbose=True):
    """Minimize the negative log marginal likelihood with L-BFGS and srcad's gradient."""
    objective = value_and_grad(neg_log_marginal_likelihood)
    history = []

    def fun(theta):
        value, gradient = objective(theta, x, y)
        history.append(value)
        return value, gradient
    result = minimize(fun, np.array(theta0), jac=True, method='L-BFGS-B')
    if verbose:
        print(f'L-BFGS: {result.nit} iterations, {result.nfev} gradient calls; '
              f'-log p(y) {history[0]:.3f} -> {result.fun:.3f}')
    return result.x, history


def predict(theta, x, y, xs):
    """The posterior mean and standard deviation at ``xs``."""
    K = kernel(x, x, theta[0], theta[1]) + np.exp(2.0 * theta[2]) * np.eye(x.size)
    L, lower = cho_factor(K, lower=True)
    Ks = kernel(xs, x, theta[0], theta[1])
    alpha = cho_solve((L, lower), y)
    v = solve_triangular(L, Ks.T, lower=True)
    var = np.exp(2.0 * theta[1]) - np.sum(v ** 2, axis=0) + np.exp(2.0 * theta[2])
    return Ks @ alpha, np.sqrt(np.maximum(var, 0.0))


def plot(theta, x, y, path):
    """Save the data, the posterior mean and a 95% band as a PNG (needs matplotlib)."""
    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
    except ImportError:
        print('matplotlib is not installed: no plot')
        return None
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    xs = np.linspace(-3.5, 3.5, 200)
    mean, std = predict(theta, x, y, xs)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.fill_between(xs, mean - 1.96 * std, mean + 1.96 * std, color='C0', alpha=0.2,
                    label='95% band')
    ax.plot(xs, mean, 'C0', label='posterior mean')
    ax.plot(x, y, 'k.', label='data')
    length, amplitude, noise = np.exp(theta)
    ax.set_title(f'GP fit: length {length:.2f}, amplitude {amplitude:.2f}, '
                 f'noise {noise:.3f}', fontsize=10)
    ax.legend(loc='upper left', fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--plot', default=str(OUT / 'gaussian_process.png'),
                        help='where to save the fit (PNG)')
    args = parser.parse_args(argv)
    x, y = data()
    source = value_and_grad(neg_log_marginal_likelihood).source
    print(source)
    own = len(inspect.getsource(neg_log_marginal_likelihood).splitlines())
    print(f'the generated gradient has {len(source.splitlines())} lines of code '
          f'(neg_log_marginal_likelihood itself has {own})\n')
    start = time.perf_counter()
    theta, history = fit(x, y)
    seconds = time.perf_counter() - start
    length, amplitude, noise = np.exp(theta)
    print(f'fitted in {seconds:.2f} s: length scale {length:.3f}, amplitude {amplitude:.3f}, '
          f'noise {noise:.4f} (the data were made with noise 0.15)')
    saved = plot(theta, x, y, args.plot)
    if saved:
        print(f'fit saved to {saved}')
    return theta, history


if __name__ == '__main__':
    main()
