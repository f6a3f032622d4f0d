"""The Gaussian-process and ODE-fitting examples run, fit, and their gradients are right.

Each example runs once as a script (a few seconds each); matplotlib is optional
(the Agg backend when it is installed)."""

import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip('scipy')

from srcad.testing import check_derivatives  # noqa: E402

from example_runner import ROOT, has_matplotlib, run_script  # noqa: E402,F401

import gaussian_process  # noqa: E402
import neural_ode  # noqa: E402


def test_gp_gradient_matches_finite_differences():
    x, y = gaussian_process.data(n=12)
    check_derivatives(gaussian_process.neg_log_marginal_likelihood,
                      np.array([0.1, -0.2, -1.5]), x, y, modes=('grad', 'jvp'))


def test_gp_example_fits_and_prints_its_gradient(tmp_path):
    plot = tmp_path / 'gp.png'
    out = run_script('gaussian_process.py', '--plot', str(plot))
    assert 'def neg_log_marginal_likelihood_value_and_grad(theta, x, y' in out
    assert 'the generated gradient has' in out and 'lines of code' in out
    noise = float(out.split('fitted in ')[1].split('noise ')[1].split()[0])
    assert 0.08 < noise < 0.3   # the data were made with noise 0.15
    if has_matplotlib():
        assert plot.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
        assert plot.stat().st_size < 100_000


def test_ode_fit_loss_gradient_matches_finite_differences():
    observed = neural_ode.data()
    check_derivatives(neural_ode.loss, np.array([0.1, -0.4, -0.6, -0.1]),
                      np.log(observed[0]), observed, modes=('grad', 'jvp'), rtol=1e-4,
                      atol=1e-7, eps=1e-5)


def test_ode_example_recovers_the_rates(tmp_path):
    plot = tmp_path / 'lv.png'
    out = run_script('neural_ode.py', '--plot', str(plot))
    assert 'def loss_value_and_grad(log_rates, log_start, observed' in out
    assert 'odeint_adjoint(' in out
    fitted = out.split('fitted ')[1].split(';')[0]
    rates = np.array([float(r) for r in fitted.split(',')])
    np.testing.assert_allclose(rates, neural_ode.TRUE_RATES, rtol=0.1)
    if has_matplotlib():
        assert plot.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
        assert plot.stat().st_size < 100_000


def test_neural_ode_variant_learns():
    observed = neural_ode.data()
    params, history = neural_ode.fit_network(observed, iterations=5, verbose=False)
    assert history[-1] < history[0]
