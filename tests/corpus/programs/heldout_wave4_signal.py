"""Held-out wave 4, part seven: signal processing -- np.convolve modes, FIR design by
least squares, np.fft power spectra, IIR filter loops, windowing, autocorrelation,
matched filtering, Wiener deconvolution, total variation denoising, savgol-like
smoothing by polyfit, envelope, cross-correlation with np.correlate, resampling."""

import numpy as np
import scipy.signal as ss

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
rs = np.random.RandomState(11)
t = np.arange(64) / 64.0
sig = np.sin(2 * np.pi * 5 * t) + 0.3 * rs.randn(64)
clean = np.sin(2 * np.pi * 5 * t)


@case(np.ones(5) / 5)
def fir_filter_np_convolve_same(h):
    y = np.convolve(sig, h, mode='same')
    return np.mean((y - clean) ** 2)


@case(np.ones(7) / 7)
def fir_filter_np_convolve_valid_and_full(h):
    v = np.convolve(sig, h, mode='valid')
    f = np.convolve(h, h)
    return np.sum(v ** 2) / len(v) + np.sum(f ** 2)


@case(np.array([0.5, 0.3, 0.2]))
def fir_filter_loop_over_taps(h):
    y = np.zeros_like(sig)
    for k, hk in enumerate(h):
        y[k:] += hk * sig[:len(sig) - k]
    return np.sum((y - clean) ** 2)


@case(clean.copy())
def fft_power_spectrum_band_energy(x):
    X = np.fft.rfft(x)
    P = np.abs(X) ** 2 / len(x)
    freqs = np.fft.rfftfreq(len(x), d=1 / 64)
    band = (freqs > 3) & (freqs < 8)
    return P[band].sum() / P.sum()


@case(sig.copy())
def fft_lowpass_filter_irfft(x):
    X = np.fft.fft(x)
    f = np.fft.fftfreq(len(x))
    X = X * (np.abs(f) < 0.1)
    y = np.fft.ifft(X).real
    return np.sum(y ** 2)


@case(np.array([0.9, 0.1]))
def iir_first_order_recursive_loop(coeffs):
    a, b = coeffs
    y = np.empty_like(sig)
    prev = 0.0
    for n in range(len(sig)):
        prev = a * prev + b * sig[n]
        y[n] = prev
    return np.mean((y - 0.1 * clean) ** 2)


# FIXED on the live tree (refused at HEAD b328e35: scipy.signal.lfilter has no rule; inlining it fails)
@case(np.array([0.2, 0.1]))
def scipy_signal_lfilter_coefficients(b):
    y = ss.lfilter(b, [1.0, -0.5], sig)
    return np.sum(y ** 2)


@case(sig.copy())
def hann_window_spectrum(x):
    w = np.hanning(len(x))
    X = np.fft.rfft(x * w)
    return np.log(np.sum(np.abs(X[1:10]) ** 2))


@case(sig[:16].copy())
def autocorrelation_via_np_correlate(x):
    xc = x - x.mean()
    ac = np.correlate(xc, xc, mode='full')[len(x) - 1:]
    ac = ac / ac[0]
    return np.sum(ac[1:5] ** 2)


@case(np.array([1.0, 0.5, -0.5, -1.0]))
def matched_filter_peak_softmax(template):
    corr = np.correlate(sig, template, mode='valid')
    w = np.exp(corr - corr.max())
    return np.sum(w * np.arange(len(corr))) / np.sum(w)


@case(sig[:20].copy())
def total_variation_denoising_smoothed(x):
    lam, eps = 0.5, 1e-3
    tv = np.sum(np.sqrt(np.diff(x) ** 2 + eps))
    return 0.5 * np.sum((x - clean[:20]) ** 2) + lam * tv


@case(sig[:12].copy())
def polyfit_trend_removal(x):
    tt = np.arange(12, dtype=float)
    coef = np.polyfit(tt, x, deg=2)
    resid = x - np.polyval(coef, tt)
    return np.sum(resid ** 2)


@case(np.array([0.0, 1.0, 0.0]))
def polyval_from_coeffs(c):
    return np.sum(np.polyval(c, t) ** 2)


@case(sig.copy())
def moving_average_cumsum_trick(x, w=4):
    cs = np.cumsum(np.insert(x, 0, 0.0))
    ma = (cs[w:] - cs[:-w]) / w
    return np.sum(ma ** 2)


# FIXED on the live tree (refused at HEAD b328e35: an import statement inside the function)
@case(sig.copy())
def sliding_window_view_rms(x):
    from numpy.lib.stride_tricks import sliding_window_view
    win = sliding_window_view(x, 8)
    rms = np.sqrt((win ** 2).mean(axis=-1))
    return rms.max()


@case(sig.copy())
def strided_reshape_frames_rms(x):
    frames = x[:64].reshape(8, 8)
    rms = np.sqrt(np.mean(frames ** 2, axis=-1, keepdims=True))
    return np.sum(frames / rms)


@case(np.array([2.0, 5.0, 0.3]))
def sinusoid_fit_amplitude_freq_phase(p):
    A, f, ph = p
    model = A * np.sin(2 * np.pi * f * t + ph)
    return np.sum((model - sig) ** 2)


@case(sig.copy())
def downsample_decimate_by_slicing(x):
    y = x[::4]
    z = np.repeat(y, 4)
    return np.sum((z - x) ** 2)


@case(sig[:16].copy())
def linear_interp_resample(x):
    t_old = np.linspace(0, 1, 16)
    t_new = np.linspace(0, 1, 23)
    y = np.interp(t_new, t_old, x)
    return np.sum(y ** 2)


@case(np.array([0.6, -0.2]))
def ar2_prediction_error(a):
    e = sig[2:] - a[0] * sig[1:-1] - a[1] * sig[:-2]
    return e @ e / len(e)


@case(sig[:32].copy())
def spectral_flatness_geometric_mean(x):
    P = np.abs(np.fft.rfft(x)) ** 2 + 1e-3
    return np.exp(np.mean(np.log(P))) / np.mean(P)


@case(np.array([0.3, 0.3, 0.3]))
def conv2d_scipy_signal_convolve2d(k):
    img = np.outer(sig[:8], sig[8:16])
    kern = np.outer(k, k)
    out = ss.convolve2d(img, kern, mode='same', boundary='fill')
    return np.sum(out ** 2)
