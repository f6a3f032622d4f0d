"""Convolutions (srcad/rules/scipy/signal.py) and NumPy's corners (srcad/rules/everyday/corners.py),
end to end: every mode of srcad against finite differences (check_derivatives), and the
located refusals."""

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives

signal = pytest.importorskip('scipy.signal')

RNG = np.random.default_rng(160)
X7, K3, K4 = RNG.standard_normal(7), RNG.standard_normal(3), RNG.standard_normal(4)
IMG, KER = RNG.standard_normal((5, 6)), RNG.standard_normal((2, 3))
W = np.array([[2.0, 0.3, 0.1], [0.2, -1.5, 0.4], [0.1, 0.5, 0.8]])
ROT = np.array([[0.5, -2.0, 0.1], [1.5, 0.3, 0.2], [0.0, 0.4, -1.0]])


@pytest.mark.parametrize('mode', ['full', 'same', 'valid'])
@pytest.mark.parametrize('n, m', [(7, 3), (7, 4), (4, 7), (3, 6), (2, 5), (4, 4)])
def test_numpy_convolve_and_correlate_in_both_arguments(mode, n, m):
    a, v = RNG.standard_normal(n), RNG.standard_normal(m)

    def conv(a, v):
        return np.sum(np.sin(np.convolve(a, v, mode)))

    def corr(a, v):
        return np.sum(np.correlate(a, v, mode) ** 2)
    for f in (conv, corr):
        check_derivatives(f, a, v, wrt=0)
        check_derivatives(f, a, v, wrt=1)


@pytest.mark.parametrize('mode', ['full', 'same', 'valid'])
@pytest.mark.parametrize('method', ['direct', 'fft', 'auto'])
def test_scipy_convolve_and_correlate_nd(mode, method):
    x, k = RNG.standard_normal((4, 5)), RNG.standard_normal((2, 3))

    def f(x, k):
        return np.sum(np.tanh(signal.convolve(x, k, mode=mode, method=method)))

    def g(x, k):
        return np.sum(signal.correlate(x, k, mode, method) ** 2)
    for fn in (f, g):
        check_derivatives(fn, x, k, wrt=0)
        check_derivatives(fn, x, k, wrt=1)


@pytest.mark.parametrize('mode', ['full', 'same', 'valid'])
@pytest.mark.parametrize('boundary', ['fill', 'wrap', 'symm'])
def test_convolve2d_and_correlate2d(mode, boundary):
    def f(x, k):
        return np.sum(signal.convolve2d(x, k, mode=mode, boundary=boundary) ** 2)

    def g(x, k):
        return np.sum(np.cos(signal.correlate2d(x, k, mode, boundary)))
    for fn in (f, g):
        check_derivatives(fn, IMG, KER, wrt=0)
        check_derivatives(fn, IMG, KER, wrt=1)


def test_convolve2d_fillvalue_is_differentiable():
    def f(c):
        return np.sum(signal.convolve2d(IMG, KER, 'same', fillvalue=c) ** 2)
    check_derivatives(f, 0.7)


@pytest.mark.parametrize('mode', ['full', 'same', 'valid'])
def test_fftconvolve_with_axes(mode):
    x, k = RNG.standard_normal((3, 6)), RNG.standard_normal((1, 3))

    def f(x, k):
        return np.sum(signal.fftconvolve(x, k, mode=mode, axes=-1) ** 2)
    check_derivatives(f, x, k, wrt=0)
    check_derivatives(f, x, k, wrt=1)


def test_r_and_c():
    def f(x):
        return np.sum(np.r_[0.0, x, 1:3, 2 * x] ** 2) + np.sum(np.c_[x, x ** 2] @ np.array([1.0, -1.0]))
    check_derivatives(f, X7)


def test_r_with_a_directive_is_refused():
    def f(x):
        return np.sum(np.r_['0,2', x, x])
    with pytest.raises(srcad.SrcadError, match='directive'):
        srcad.grad(f)(X7)


def test_eig_real_eigenvectors_and_complex_eigenvalues():
    def vectors(a):
        w, v = np.linalg.eig(a)
        # (np.real: NumPy 2.5 returns complex eigenpairs even when they are real)
        return np.real(np.sum(w ** 2) + np.sum(v[:, 0] * v[:, 1]))

    def values(a):
        return np.sum(np.abs(np.linalg.eigvals(a)) ** 2) + np.real(np.prod(np.linalg.eigvals(a)))
    check_derivatives(vectors, W)
    check_derivatives(values, ROT)


def test_eig_vectors_with_complex_eigenvalues_are_refused():
    def f(a):
        w, v = np.linalg.eig(a)
        return np.sum(np.abs(v))
    with pytest.raises(srcad.SrcadError, match='complex eigenvalues'):
        srcad.grad(f)(ROT)


def test_cond_vander_real_if_close_i0():
    def f(a):
        return np.linalg.cond(a) + np.linalg.cond(a, -2)

    def g(x):
        return np.sum(np.vander(x, 3) @ np.array([1.0, -2.0, 0.5])) + np.sum(np.i0(x))

    def h(x):
        return np.sum(np.real_if_close(np.fft.ifft(np.fft.fft(x))) ** 2)
    check_derivatives(f, W)
    check_derivatives(g, X7)
    check_derivatives(h, X7)


def test_cond_with_other_norms_is_refused():
    def f(a):
        return np.linalg.cond(a, 'fro')
    with pytest.raises(srcad.SrcadError, match='cond'):
        srcad.grad(f)(W)


def test_histogram():
    def counts(x):
        h, e = np.histogram(x, bins=3)
        return np.sum(h * x[:3]) + np.sum(e ** 2)

    def weighted(w):
        h, _ = np.histogram(X7, bins=4, weights=w ** 2)
        return np.sum(h * np.arange(4.0))
    check_derivatives(counts, X7)
    check_derivatives(weighted, X7)


def test_histogram_density_has_a_second_derivative():
    def f(x):  # (srcad derives hvp's tangent of histogram_adjoint from its source)
        h, _ = np.histogram(x, bins=3, density=True)
        return np.sum(h * np.arange(3.0))
    check_derivatives(f, X7)


def test_reshape_in_fortran_order():
    def f(x):
        return np.sum(x.reshape((2, 6), order='F') * np.arange(12.0).reshape(2, 6)) \
            + np.sum(np.reshape(x, (3, 4), order='F')[0] ** 3)
    check_derivatives(f, RNG.standard_normal((4, 3)))


def test_already_supported_corners():
    def f(x):
        return (np.sum(np.gradient(x) ** 2) + np.trapezoid(x ** 2, dx=0.5)
                + np.sum(np.einsum('ii->i', np.outer(x, x))) + np.einsum('ii', np.outer(x, x))
                + np.sum(np.polyval(np.polyfit(np.arange(7.0), x, 2), x))
                + np.sum(np.transpose(np.outer(x, x), (-1, 0))[0]))
    check_derivatives(f, X7)
