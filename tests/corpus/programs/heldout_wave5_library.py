"""Held-out wave 5: library functions numerical code calls on differentiated arrays --
scipy.optimize.rosen/rosen_der, scipy.linalg toeplitz/circulant/hankel/block_diag/norm/lstsq,
scipy.signal convolve/fftconvolve/correlate/savgol_filter, scipy.integrate trapezoid/simpson/
cumulative_trapezoid, scipy.interpolate interp1d/CubicSpline, scipy.stats entropy/zscore/
pearsonr, scipy.ndimage filters, scipy.fft, scipy.spatial.distance, numpy.polynomial."""

import numpy as np

from ..case import case
import scipy

x5 = np.array([0.3173, -0.6331, 0.4617, 0.8129, -1.21])


# FIXED (library wave 6): a rule (srcad/rules/scipy/rosen.py)
@case(x5)
def scipy_optimize_rosen(x):
    from scipy.optimize import rosen
    return rosen(x)


# FIXED (library wave 6)
@case(x5)
def scipy_optimize_rosen_der_norm(x):
    from scipy.optimize import rosen_der
    return np.sum(rosen_der(x) ** 2)


@case(x5, expect='refused',
      why='scipy.linalg.toeplitz/circulant/hankel (as_strided inside) (FALSE refusal)')
def scipy_linalg_toeplitz_circulant_hankel(x):
    from scipy.linalg import toeplitz, circulant, hankel
    return np.sum(toeplitz(x[:3]) ** 2) + np.sum(circulant(x[:3]) * np.arange(9).reshape(3, 3)) + np.sum(hankel(x[:3], x[2:]) ** 2)


@case(x5)
def scipy_linalg_block_diag(x):
    from scipy.linalg import block_diag
    B = block_diag(np.outer(x[:2], x[:2]), np.diag(x[2:]))
    return np.sum(B @ B)


@case(x5)
def scipy_signal_convolve_fftconvolve(x):
    from scipy.signal import convolve, fftconvolve
    k = np.array([0.25, 0.5, 0.25])
    return np.sum(convolve(x, k, mode='same') ** 2) + np.sum(fftconvolve(x, k, mode='full') ** 2)


@case(x5)
def scipy_signal_correlate(x):
    from scipy.signal import correlate
    return np.sum(correlate(x, x[::-1], mode='valid') ** 2)


@case(x5)
def scipy_integrate_trapezoid_simpson(x):
    from scipy.integrate import trapezoid, simpson
    t = np.linspace(0, 1, 5)
    return trapezoid(x ** 2, t) + simpson(np.exp(x), x=t)


@case(x5)
def scipy_integrate_cumulative_trapezoid(x):
    from scipy.integrate import cumulative_trapezoid
    return np.sum(cumulative_trapezoid(x ** 2, dx=0.1) ** 2)


@case(x5, expect='refused',
      why='calling an interp1d object (FALSE refusal)')
def scipy_interpolate_interp1d_linear(x):
    from scipy.interpolate import interp1d
    f = interp1d(np.linspace(0, 1, 5), x)
    return np.sum(f(np.array([0.1, 0.45, 0.9])) ** 2)


@case(x5, expect='refused',
      why='calling a CubicSpline (FALSE refusal)')
def scipy_interpolate_cubic_spline(x):
    from scipy.interpolate import CubicSpline
    cs = CubicSpline(np.linspace(0, 1, 5), x)
    return np.sum(cs(np.array([0.1, 0.45, 0.9])) ** 2)


@case(x5, expect='refused',
      why='scipy.stats.entropy (FALSE refusal)')
def scipy_stats_entropy(x):
    from scipy.stats import entropy
    p = np.exp(x) / np.exp(x).sum()
    return entropy(p) + entropy(p, np.full(5, 0.2))


@case(x5, expect='refused',
      why='scipy.stats.zscore (FALSE refusal)')
def scipy_stats_zscore(x):
    from scipy.stats import zscore
    return np.sum(zscore(x) ** 3)


@case(x5, expect='refused',
      why='scipy.stats.pearsonr (FALSE refusal)')
def scipy_stats_pearsonr_stat(x):
    from scipy.stats import pearsonr
    r = pearsonr(x, np.arange(5.0)).statistic
    return r


@case(x5)
def scipy_special_softmax_temperature(x):
    from scipy.special import softmax
    return np.sum(softmax(x / 0.5) * np.arange(5))


@case(x5)
def scipy_ndimage_gaussian_filter1d(x):
    from scipy.ndimage import gaussian_filter1d
    return np.sum(gaussian_filter1d(x, 1.0) ** 2)


@case(x5, expect='refused',
      why='scipy.ndimage.convolve1d (FALSE refusal)')
def scipy_ndimage_convolve1d(x):
    from scipy.ndimage import convolve1d
    return np.sum(convolve1d(x, [1.0, -2.0, 1.0], mode='reflect') ** 2)


@case(x5, expect='refused',
      why='scipy.ndimage.shift (rare)')
def scipy_ndimage_shift(x):
    from scipy.ndimage import shift
    return np.sum(shift(x, 1, order=1, mode='nearest') * np.arange(5))


@case(x5, expect='refused',
      why='scipy.signal.savgol_filter (FALSE refusal)')
def scipy_signal_savgol(x):
    from scipy.signal import savgol_filter
    return np.sum(savgol_filter(x, 3, 1) ** 2)


# FIXED (library wave 6): srcad/rules/scipy/fft.py
@case(x5)
def scipy_fft_dct(x):
    from scipy.fft import dct, idct
    return np.sum(dct(x, norm='ortho') ** 2 * np.arange(5)) + np.sum(idct(x, norm='ortho'))


# FIXED (library wave 6)
@case(x5)
def scipy_fft_fft(x):
    from scipy.fft import fft, rfft
    return np.sum(np.abs(fft(x)) ** 2) + np.sum(np.abs(rfft(x)))


@case(x5, expect='refused',
      why='scipy.spatial.distance.euclidean/cosine (FALSE refusal)')
def scipy_spatial_distance_euclidean(x):
    from scipy.spatial.distance import euclidean, cosine, sqeuclidean
    return euclidean(x, np.ones(5)) + cosine(x, np.arange(1.0, 6.0)) + sqeuclidean(x, x[::-1])


@case(x5, expect='refused',
      why='scipy.linalg.lstsq (FALSE refusal)')
def scipy_linalg_norm_and_lstsq(x):
    from scipy.linalg import norm, lstsq
    A = np.vstack([x, np.ones(5)]).T
    sol = lstsq(A, np.arange(5.0))[0]
    return norm(x) + np.sum(sol ** 2)


@case(x5)
def scipy_special_logsumexp_axis_keepdims(x):
    from scipy.special import logsumexp
    X = np.outer(x, x[:2])
    return np.sum(logsumexp(X, axis=0, keepdims=True) * np.array([[1.0, 2.0]]))


@case(x5)
def numpy_polynomial_module(x):
    from numpy.polynomial import polynomial as P
    return np.sum(P.polyval(np.array([0.1, 0.5]), x[:3]) ** 2) + np.sum(P.polyder(x[:3]))


@case(x5, expect='refused',
      why='calling a numpy Polynomial (FALSE refusal)')
def numpy_polynomial_class(x):
    from numpy.polynomial import Polynomial
    p = Polynomial(x[:3])
    return p(0.5) + p.deriv()(0.2)


@case(x5)
def numpy_legendre_chebyshev(x):
    from numpy.polynomial import legendre, chebyshev
    return legendre.legval(0.3, x) + chebyshev.chebval(0.7, x)
