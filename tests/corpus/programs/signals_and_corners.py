"""Convolutions and NumPy's corners, written the way tutorials and notebooks write them:
a small convolutional network (conv layer, ReLU, pooling through reshape + max, dense
layer), smoothing and matched filters, np.r_/np.c_ design matrices, eigenvalues,
condition numbers, histograms, pads, einsum forms, and the refusals."""

import numpy as np
from scipy import signal
from scipy.signal import convolve2d, correlate2d, fftconvolve

from ..case import case

_rng = np.random.default_rng(1616)
IMG = _rng.standard_normal((8, 8))
IMGS = _rng.standard_normal((3, 6, 6))
KERNELS = _rng.standard_normal((2, 3, 3)) * 0.5
W_DENSE = _rng.standard_normal((2 * 2 * 2, 3)) * 0.3
B_DENSE = _rng.standard_normal(3) * 0.1
LABELS = np.array([0, 2, 1])
SIG = np.sin(np.linspace(0.0, 6.0, 40)) + 0.3 * _rng.standard_normal(40)
TEMPLATE = np.array([0.2, 0.8, 1.0, 0.8, 0.2])
T = np.linspace(0.0, 1.0, 12)
Y = 1.5 * T - 0.7 * T ** 2 + 0.05 * _rng.standard_normal(12)
A3 = np.array([[2.0, 0.3, 0.1], [0.2, -1.5, 0.4], [0.1, 0.5, 0.8]])
ROT = np.array([[0.5, -2.0, 0.1], [1.5, 0.3, 0.2], [0.0, 0.4, -1.0]])
X6 = _rng.standard_normal(6)
M43 = _rng.standard_normal((4, 3))


# --- a small convolutional network ------------------------------------------------------------
def conv_layer(x, kernels):
    return np.stack([signal.correlate2d(x, k, mode='valid') for k in kernels])


def relu(z):
    return np.maximum(z, 0.0)


def max_pool(z):
    c, h, w = z.shape
    return z.reshape(c, h // 2, 2, w // 2, 2).max(axis=(2, 4))


def cnn_loss(kernels, w, b, images, labels):
    loss = 0.0
    for img, label in zip(images, labels):
        h = max_pool(relu(conv_layer(img, kernels)))
        logits = h.reshape(-1) @ w + b
        logits = logits - np.max(logits)
        loss = loss - (logits[label] - np.log(np.sum(np.exp(logits))))
    return loss / len(images)


@case(KERNELS, W_DENSE, B_DENSE, IMGS, LABELS)
def cnn_kernels(kernels, w, b, images, labels):
    return cnn_loss(kernels, w, b, images, labels)


@case(KERNELS, W_DENSE, B_DENSE, IMGS, LABELS, wrt=1)
def cnn_dense_weights(kernels, w, b, images, labels):
    return cnn_loss(kernels, w, b, images, labels)


@case(IMGS[0], KERNELS)
def cnn_input_saliency(img, kernels):
    feats = relu(np.stack([convolve2d(img, k, mode='same') for k in kernels]))
    return np.sum(feats.reshape(2, 3, 2, 3, 2).max(axis=(2, 4)) ** 2)


@case(IMG, KERNELS[0])
def conv2d_same_padding(img, k):
    out = signal.convolve2d(img, k, mode='same', boundary='fill', fillvalue=0)
    return np.mean(np.tanh(out))


@case(IMG, KERNELS[0], wrt=1)
def conv2d_wrap_kernel(img, k):
    return np.sum(convolve2d(img, k, mode='same', boundary='wrap') ** 2) / img.size


@case(IMG, KERNELS[1])
def correlate2d_symmetric_boundary(img, k):
    return np.sum(np.sin(correlate2d(img, k, 'same', 'symm')))


@case(IMG)
def gaussian_blur_fft(img):
    g = np.exp(-np.linspace(-1.5, 1.5, 5) ** 2)
    kernel = np.outer(g, g) / np.sum(g) ** 2
    blurred = fftconvolve(img, kernel, mode='same')
    return np.sum((blurred - img) ** 2)


@case(IMGS)
def fftconvolve_along_one_axis(stack):
    kernel = np.array([[[0.25, 0.5, 0.25]]])
    return np.sum(fftconvolve(stack, kernel, mode='valid', axes=2) ** 2)


@case(IMG, KERNELS[0])
def conv_nd_method_fft(img, k):
    return np.sum(signal.convolve(img, k, mode='full', method='fft') ** 2)


@case(IMG, KERNELS[0], wrt=1)
def correlate_nd_direct(img, k):
    return np.sum(signal.correlate(img, k, mode='valid', method='direct') ** 3)


# --- 1-D signals ------------------------------------------------------------------------------
@case(SIG)
def moving_average(x):
    smooth = np.convolve(x, np.ones(5) / 5, mode='same')
    return np.sum((smooth - x) ** 2)


@case(SIG)
def moving_average_even_window(x):
    smooth = np.convolve(x, np.ones(4) / 4, mode='valid')
    return np.sum(np.diff(smooth) ** 2)


@case(TEMPLATE, wrt=0)
def matched_filter_template(tmpl):
    score = np.correlate(SIG, tmpl, mode='valid')
    return np.max(score) - np.mean(score)


@case(SIG[:6])
def short_signal_long_kernel(x):
    return np.sum(np.correlate(x, SIG[:12], 'same') ** 2)


@case(SIG[:4])
def convolve_swaps_arguments(x):
    return np.sum(np.convolve(x, TEMPLATE, 'same') * np.arange(5.0))


@case(np.array([0.5, -0.2, 0.1]))
def fir_filter_design(taps):
    y = signal.convolve(SIG, taps, mode='same')
    return np.mean((y - np.sin(np.linspace(0.0, 6.0, 40))) ** 2)


@case(SIG)
def autocorrelation(x):
    x = x - x.mean()
    ac = np.correlate(x, x, mode='full')
    return ac[len(x)] / ac[len(x) - 1]


@case(SIG[:10])
def second_difference_penalty(x):
    return np.sum(np.convolve(x, [1.0, -2.0, 1.0], 'valid') ** 2)


# --- np.r_, np.c_, design matrices --------------------------------------------------------------
@case(np.array([0.3, -1.2]))
def intercept_with_c_(w):
    X = np.c_[np.ones(len(T)), T]
    return np.sum((X @ w - Y) ** 2)


@case(X6)
def r_with_boundary_values(x):
    padded = np.r_[0.0, x, 0.0]
    return np.sum(np.diff(padded) ** 2)


@case(X6)
def r_with_a_range(x):
    return np.sum(np.r_[x, 0:3] * np.r_[1:4, x])


@case(X6)
def c_stacks_columns(x):
    features = np.c_[x, x ** 2, np.sin(x)]
    return np.sum(features.T @ features)


@case(X6, expect='refused', why='directive')
def r_with_a_directive(x):
    return np.sum(np.r_['0,2', x, x])


# --- linear algebra corners ------------------------------------------------------------------------
@case(A3)
def spectral_radius_real(a):
    return np.max(np.abs(np.linalg.eigvals(a)))


@case(ROT)
def eigvals_of_a_rotation_like_matrix(a):
    return np.sum(np.linalg.eigvals(a).real ** 2)


@case(A3)
def dominant_eigenvector(a):
    w, v = np.linalg.eig(a)
    i = np.argmax(w.real)
    return np.sum(v[:, i].real ** 2 * np.arange(1.0, 4.0))


@case(ROT, expect='refused', why='complex eigenvalues')
def eigenvectors_of_complex_eigenvalues(a):
    w, v = np.linalg.eig(a)
    return np.sum(np.abs(v) ** 2 * np.arange(9.0).reshape(3, 3))


@case(A3)
def condition_number_penalty(a):
    return np.log(np.linalg.cond(a))


@case(A3, expect='refused', why='cond')
def frobenius_condition_number(a):
    return np.linalg.cond(a, 'fro')


@case(Y)
def polyfit_then_polyval(y):
    coef = np.polyfit(T, y, 2)
    return np.sum((np.polyval(coef, T) - y) ** 2)


@case(T[:5])
def vandermonde_least_squares(t):
    V = np.vander(t, 3)
    return np.sum(np.linalg.solve(V.T @ V + np.eye(3), V.T @ np.ones(5)))


@case(X6)
def real_if_close_after_fft(x):
    back = np.real_if_close(np.fft.ifft(np.fft.fft(x) * np.exp(-np.arange(6.0))))
    return np.sum(np.abs(back) ** 2)


@case(X6)
def bessel_window(x):
    return np.sum(np.i0(x) * np.kaiser(6, 2.0))


@case(M43)
def fortran_order_reshape(m):
    return np.sum(m.reshape(2, 6, order='F')[0] * np.arange(6.0))


@case(M43.T)
def qr_complete_of_a_wide_matrix(a):
    q, r = np.linalg.qr(a, mode='complete')
    return np.sum(r ** 2) + np.sum(q * np.eye(3))


@case(M43, expect='refused', why='complete')
def qr_complete_of_a_tall_matrix(a):
    q, r = np.linalg.qr(a, mode='complete')
    return np.sum(q[:, 3])


# --- histograms, bins, statistics -------------------------------------------------------------------
@case(X6)
def histogram_of_weights(w):
    hist, _ = np.histogram(SIG[:6], bins=3, weights=np.exp(w))
    return np.sum(hist ** 2)


@case(X6)
def histogram_edges_follow_the_data(x):
    counts, edges = np.histogram(x, bins=4)
    centers = 0.5 * (edges[1:] + edges[:-1])
    return np.sum(counts * centers)


@case(X6)
def digitize_then_gather(x):
    bins = np.digitize(x, [-0.5, 0.5])
    return np.sum(x * bins)


@case(np.sort(X6))
def searchsorted_split(x):
    i = np.searchsorted(x, 0.0)
    return np.sum(x[:i] ** 2) - np.sum(x[i:])


@case(np.array([1.0, 2.5, -1.0, 3.5]))
def unique_values(x):
    return np.sum(np.unique(x) * np.arange(4.0))


@case(M43.T)
def covariance_and_correlation(x):
    return np.sum(np.cov(x) ** 2) + np.sum(np.corrcoef(x))


@case(X6)
def gradient_and_trapezoid(x):
    return np.trapezoid(np.gradient(x, 0.5) ** 2, dx=0.5)


# --- einsum forms and transposes -----------------------------------------------------------------
@case(A3)
def einsum_trace_and_diagonal(a):
    return np.einsum('ii', a @ a) + np.sum(np.einsum('ii->i', a) ** 2)


@case(IMGS)
def einsum_ellipsis_batch(x):
    return np.sum(np.einsum('...ij,...kj->...ik', x, x))


@case(A3)
def einsum_sublists_optimize(a):
    return np.sum(np.einsum(a, [0, 1], a, [1, 2], a, [2, 3], [0, 3], optimize=True))


@case(IMGS)
def transpose_negative_axes(x):
    return np.sum(np.transpose(x, (0, -1, -2)) * np.arange(36.0).reshape(6, 6))


@case(IMG)
def block_matrix(a):
    top = np.block([[a[:2, :2], np.eye(2)], [np.zeros((2, 2)), a[2:4, 2:4]]])
    return np.linalg.slogdet(top + 3 * np.eye(4))[1]
