"""Held-out wave 6: signal filters -- IIR biquads by explicit recursion loops, an EMA with a
preallocated output, np.convolve in full/same/valid modes wrt signal and kernel, np.correlate
(which reverses differently), scipy.signal.lfilter/filtfilt/sosfilt/convolve/fftconvolve,
savgol coefficients, FIR design applied, moving averages via cumsum, envelope by Hilbert,
window functions, resampling by np.interp, Goertzel."""

import numpy as np
from scipy import signal

from ..case import case

rs = np.random.RandomState(26)
sig = np.sin(np.linspace(0, 3, 12)) + 0.1 * rs.randn(12)
ker = np.array([0.2, 0.5, 0.3])


@case(sig)
def iir_first_order_loop(x):
    y = np.zeros_like(x)
    y[0] = x[0]
    for n in range(1, len(x)):
        y[n] = 0.8 * y[n - 1] + 0.2 * x[n]
    return np.sum(y ** 2)


@case(np.array([0.8, 0.2]))
def iir_wrt_coefficients(c):
    y = np.zeros(12)
    for n in range(12):
        prev = y[n - 1] if n > 0 else 0.0
        y[n] = c[0] * prev + c[1] * sig[n]
    return np.sum(y ** 2)


@case(sig)
def biquad_direct_form_1(x):
    b0, b1, b2, a1, a2 = 0.2, 0.3, 0.2, -0.5, 0.2
    y = np.zeros(len(x))
    x1 = x2 = y1 = y2 = 0.0
    for n in range(len(x)):
        yn = b0 * x[n] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
        x2, x1 = x1, x[n]
        y2, y1 = y1, yn
        y[n] = yn
    return np.sum(y * np.arange(12.0))


@case(np.array([0.2, 0.3, 0.2, -0.5, 0.2]))
def biquad_wrt_coeffs_list_output(c):
    b0, b1, b2, a1, a2 = c
    ys = []
    x1 = x2 = y1 = y2 = 0.0
    for xn in sig:
        yn = b0 * xn + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
        x2, x1 = x1, xn
        y2, y1 = y1, yn
        ys.append(yn)
    return np.sum(np.array(ys) ** 2)


@case(sig)
def ema_python_list(x):
    out = [x[0]]
    for v in x[1:]:
        out.append(0.9 * out[-1] + 0.1 * v)
    return sum(out)


@case(sig)
def convolve_modes_wrt_signal(x):
    return (np.sum(np.convolve(x, ker, 'full') ** 2) + np.sum(np.convolve(x, ker, mode='same') * np.arange(12.0))
            + np.sum(np.convolve(x, ker, 'valid') ** 3))


@case(ker)
def convolve_wrt_kernel(k):
    return np.sum(np.convolve(sig, k) ** 2) + np.sum(np.convolve(k, sig, 'same') * np.arange(12.0))


@case(sig)
def convolve_kernel_longer_same(x):
    return np.sum(np.convolve(x[:3], x, 'same') * np.arange(12.0))


@case(sig)
def correlate_modes(x):
    return (np.sum(np.correlate(x, ker, 'valid') * np.arange(10.0)) + np.sum(np.correlate(x, ker, 'full') ** 2)
            + np.sum(np.correlate(ker, x, 'same') * np.arange(12.0)))


@case(sig)
def autocorrelation_full(x):
    xc = x - x.mean()
    ac = np.correlate(xc, xc, mode='full')[len(x) - 1:]
    return np.sum(ac[:4] / ac[0])


@case(sig)
def scipy_lfilter(x):
    b, a = signal.butter(2, 0.3)
    return np.sum(signal.lfilter(b, a, x) ** 2)


@case(np.array([1.0, -0.5, 0.2]))
def scipy_lfilter_wrt_a(a):
    return np.sum(signal.lfilter([0.3, 0.3], a, sig) ** 2)


@case(sig,
      expect='refused', why='grad: srcad cannot differentiate scipy.signal._signaltools.filtfilt, library code this call reaches: srcad cannot di (FALSE refusal, R7)')
def scipy_filtfilt(x):
    b, a = signal.butter(2, 0.3)
    return np.sum(signal.filtfilt(b, a, x, padlen=3) * np.arange(12.0))


@case(sig,
      expect='refused', why='grad: srcad cannot differentiate scipy.signal._signaltools.sosfilt, library code this call reaches: srcad cannot dif (FALSE refusal, R7)')
def scipy_sosfilt(x):
    sos = signal.butter(4, 0.25, output='sos')
    return np.sum(signal.sosfilt(sos, x) ** 2)


@case(sig)
def scipy_convolve_fftconvolve(x):
    return np.sum(signal.convolve(x, ker, mode='same') ** 2) + np.sum(signal.fftconvolve(x, ker) * 0.5)


@case(sig,
      expect='refused', why='grad: srcad cannot differentiate scipy.signal._savitzky_golay.savgol_filter, library code this call reaches: srcad c (FALSE refusal, R7)')
def savgol_filter_apply(x):
    return np.sum(signal.savgol_filter(x, 5, 2) ** 2)


@case(sig)
def fir_design_then_convolve(x):
    h = signal.firwin(5, 0.3)
    return np.sum(np.convolve(x, h, 'same') ** 2)


@case(sig)
def moving_average_cumsum(x):
    c = np.cumsum(np.insert(x, 0, 0.0))
    ma = (c[3:] - c[:-3]) / 3
    return np.sum(ma ** 2)


@case(sig,  # (SciPy < 1.16's hilbert is code srcad reads through; later versions' it refuses)
      expect='ok' if tuple(int(p) for p in __import__('scipy').__version__.split('.')[:2]) < (1, 16)
      else 'refused', why='grad: srcad cannot differentiate scipy.signal._signaltools.hilbert, library code this call reaches: srcad does not s (FALSE refusal, R7)')
def hilbert_envelope(x):
    return np.sum(np.abs(signal.hilbert(x)))


@case(sig)
def window_then_rfft_power(x):
    w = np.hanning(12)
    P = np.abs(np.fft.rfft(x * w)) ** 2
    return np.sum(P[1:4])


@case(sig)
def resample_by_interp(x):
    t = np.linspace(0, 1, 12)
    tn = np.linspace(0, 1, 17)
    return np.sum(np.interp(tn, t, x) ** 2)


@case(sig)
def goertzel_bin(x):
    k = 2
    w = 2 * np.pi * k / len(x)
    coeff = 2 * np.cos(w)
    s1 = s2 = 0.0
    for v in x:
        s0 = v + coeff * s1 - s2
        s2 = s1
        s1 = s0
    return s1 ** 2 + s2 ** 2 - coeff * s1 * s2


@case(sig,
      expect='refused', why='grad: srcad cannot differentiate scipy.signal._signaltools.medfilt, library code this call reaches: srcad cannot dif (FALSE refusal, R7)')
def median_filter_scipy(x):
    return np.sum(signal.medfilt(x, 3) ** 2)


@case(sig)
def ring_buffer_delay_line(x):
    buf = np.zeros(4)
    ptr = 0
    out = 0.0
    for v in x:
        delayed = buf[ptr]
        buf[ptr] = v + 0.5 * delayed
        ptr = (ptr + 1) % 4
        out = out + delayed * v
    return out


@case(sig,
      expect='refused', why='grad: srcad cannot differentiate scipy.signal._signaltools.detrend, library code this call reaches: np.atleast_1d: t (FALSE refusal, R7)')
def detrend_then_power(x):
    y = signal.detrend(x)
    return np.sum(y ** 2)


@case(sig)
def zero_crossing_weighted(x):
    zc = np.signbit(x[:-1]) != np.signbit(x[1:])
    return np.sum(x[1:][zc] ** 2) + np.sum(np.diff(x) ** 2)


@case(np.array([0.5, 0.3]))
def ar2_simulation_wrt_params(phi):
    e = np.array([0.1, -0.2, 0.3, 0.05, -0.1, 0.2, 0.0, 0.1])
    y = [0.0, 0.0]
    for t in range(len(e)):
        y.append(phi[0] * y[-1] + phi[1] * y[-2] + e[t])
    y = np.array(y[2:])
    return np.sum(y ** 2)


@case(sig,
      expect='refused', why='grad: srcad has no derivative of scipy.signal.lfilter with respect to its parameter "zi", and "zi", passed there, de (FALSE refusal, R7)')
def lfilter_with_zi(x):
    b, a = signal.butter(1, 0.2)
    zi = signal.lfilter_zi(b, a) * x[0]
    y, _ = signal.lfilter(b, a, x, zi=zi)
    return np.sum(y ** 2)


@case(sig[:3], expect='refused',
      why='hvp: "no derivative rule for slice" located in generated code, i from a list of ints (FALSE refusal, R12)')
def overlap_add_hops_from_list(x):
    y = np.zeros(6)
    hops = [0, 2, 1]
    for k in range(3):
        i = hops[k]
        y[i:i + 2] += x[k] ** 2
    return np.sum(y * np.arange(1.0, 7.0))


@case(sig[:3])
def overlap_add_hops_from_range(x):
    frames = np.outer(x, np.hanning(4))
    out = np.zeros(8)
    for k in range(3):
        out[k * 2:k * 2 + 4] += frames[k]
    return np.sum(out ** 2)


@case(sig[:4], expect='refused',
      why='hvp: "no derivative rule for slice" in generated code for y[a:b] += ... over (a, b) bounds (FALSE refusal, R12)')
def segment_bounds_inplace_add(x):
    bounds = [(0, 2), (1, 4)]
    y = np.zeros(4)
    for a, b in bounds:
        y[a:b] += x[a:b] ** 3
    return np.sum(y ** 2)
