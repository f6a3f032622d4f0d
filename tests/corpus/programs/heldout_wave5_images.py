"""Held-out wave 5: image processing the way it is written in NumPy -- convolution by loops,
by shifted sums over np.pad(mode='reflect'/'wrap'), im2col, sliding_window_view + einsum,
max/avg pooling by reshape and by loops, NCHW conv/batch norm, Sobel magnitude, total
variation, separable Gaussian blur (np.apply_along_axis and loops), bilinear resize and
sampling with respect to the coordinates, nearest upsampling, denoising steps, SSIM-like
statistics, a soft histogram, rot90/flip."""

import numpy as np

from ..case import case

rs = np.random.default_rng(13)
IMG = rs.random((6, 6))
K3 = np.array([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]])

def conv2d_loops(img, k):
    H, W = img.shape
    kh, kw = k.shape
    out = np.zeros((H - kh + 1, W - kw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(img[i:i + kh, j:j + kw] * k)
    return out


@case(IMG)
def conv2d_valid_loops_wrt_image(img):
    return np.sum(conv2d_loops(img, K3) ** 2)


@case(rs.normal(size=(3, 3)))
def conv2d_valid_loops_wrt_kernel(k):
    return np.sum(np.tanh(conv2d_loops(IMG, k)))


@case(IMG)
def conv2d_same_reflect_pad(img):
    p = np.pad(img, 1, mode='reflect')
    return np.sum(conv2d_loops(p, K3) ** 2)


@case(IMG)
def conv2d_same_wrap_pad_sum_of_shifts(img):
    out = np.zeros_like(img)
    p = np.pad(img, 1, mode='wrap')
    for di in range(3):
        for dj in range(3):
            out += K3[di, dj] * p[di:di + 6, dj:dj + 6]
    return np.sum(out ** 2)


@case(IMG)
def im2col_matmul_conv(img):
    cols = np.array([img[i:i + 3, j:j + 3].ravel() for i in range(4) for j in range(4)])
    out = cols @ K3.ravel()
    return np.sum(out.reshape(4, 4) ** 2)


@case(IMG)
def sliding_window_view_conv(img):
    from numpy.lib.stride_tricks import sliding_window_view
    win = sliding_window_view(img, (3, 3))
    out = np.einsum('ijkl,kl->ij', win, K3)
    return np.sum(out ** 2)


@case(IMG)
def max_pool_2x2_reshape(img):
    pooled = img.reshape(3, 2, 3, 2).max(axis=(1, 3))
    return np.sum(pooled * np.arange(9).reshape(3, 3))


@case(IMG)
def avg_pool_2x2_reshape_mean(img):
    pooled = img.reshape(3, 2, 3, 2).mean(axis=3).mean(axis=1)
    return np.sum(pooled ** 2)


@case(IMG)
def max_pool_loops(img):
    out = np.zeros((3, 3))
    for i in range(3):
        for j in range(3):
            out[i, j] = img[2 * i:2 * i + 2, 2 * j:2 * j + 2].max()
    return np.sum(out ** 2)


@case(IMG)
def global_avg_and_logsumexp_pool(img):
    return np.mean(img) + np.log(np.sum(np.exp(5 * img))) / 5


@case(rs.random((2, 3, 4, 4)))
def nchw_conv_by_einsum_and_pad(x):
    w = np.linspace(-1, 1, 2 * 3 * 3 * 3).reshape(2, 3, 3, 3)
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    out = np.zeros((2, 2, 4, 4))
    for i in range(3):
        for j in range(3):
            out += np.einsum('nchw,oc->nohw', xp[:, :, i:i + 4, j:j + 4], w[:, :, i, j])
    return np.sum(np.maximum(out, 0) ** 2)


@case(rs.random((2, 3, 4, 4)))
def batchnorm_2d_nchw(x):
    mean = x.mean(axis=(0, 2, 3), keepdims=True)
    var = x.var(axis=(0, 2, 3), keepdims=True)
    y = (x - mean) / np.sqrt(var + 1e-5)
    return np.sum(y ** 3 * np.arange(3).reshape(1, 3, 1, 1))


@case(rs.random((2, 4, 4, 3)))
def nhwc_to_nchw_transpose_flatten_dense(x):
    y = x.transpose(0, 3, 1, 2).reshape(2, -1)
    W = np.linspace(-0.5, 0.5, 48 * 2).reshape(48, 2)
    return np.sum(np.tanh(y @ W))


@case(IMG)
def sobel_gradient_magnitude(img):
    gx = img[1:-1, 2:] - img[1:-1, :-2]
    gy = img[2:, 1:-1] - img[:-2, 1:-1]
    return np.sum(np.sqrt(gx ** 2 + gy ** 2 + 1e-8))


@case(IMG)
def total_variation_anisotropic_and_isotropic(img):
    dx = np.diff(img, axis=1)
    dy = np.diff(img, axis=0)
    return np.sum(np.abs(dx)) + np.sum(np.abs(dy)) + np.sum(np.sqrt(dx[:-1] ** 2 + dy[:, :-1] ** 2 + 1e-6))


@case(IMG)
def gaussian_blur_separable(img):
    k = np.exp(-np.arange(-2, 3) ** 2 / 2.0); k /= k.sum()
    tmp = np.apply_along_axis(lambda r: np.convolve(r, k, 'same'), 1, img)
    return np.sum(tmp ** 2)


@case(IMG)
def gaussian_blur_separable_loops(img):
    k = np.exp(-np.arange(-2, 3) ** 2 / 2.0); k /= k.sum()
    rows = np.stack([np.convolve(r, k, mode='same') for r in img])
    cols = np.stack([np.convolve(cc, k, mode='same') for cc in rows.T]).T
    return np.sum(cols ** 2)


@case(IMG)
def bilinear_resize_2x(img):
    H, W = img.shape
    ys = np.linspace(0, H - 1, 2 * H)
    xs = np.linspace(0, W - 1, 2 * W)
    y0 = np.floor(ys).astype(int); x0 = np.floor(xs).astype(int)
    y1 = np.minimum(y0 + 1, H - 1); x1 = np.minimum(x0 + 1, W - 1)
    wy = (ys - y0)[:, None]; wx = (xs - x0)[None, :]
    top = img[y0][:, x0] * (1 - wx) + img[y0][:, x1] * wx
    bot = img[y1][:, x0] * (1 - wx) + img[y1][:, x1] * wx
    out = top * (1 - wy) + bot * wy
    return np.sum(out ** 2)


@case(np.array([0.3, -0.2]))
def bilinear_sample_wrt_coordinates(shift):
    ys = np.arange(1, 5) + shift[0]
    xs = np.arange(1, 5) + shift[1]
    y0 = np.floor(ys).astype(int); x0 = np.floor(xs).astype(int)
    wy = ys - y0; wx = xs - x0
    Y0, X0 = np.meshgrid(y0, x0, indexing='ij')
    WY, WX = np.meshgrid(wy, wx, indexing='ij')
    v = (IMG[Y0, X0] * (1 - WY) * (1 - WX) + IMG[Y0 + 1, X0] * WY * (1 - WX)
         + IMG[Y0, X0 + 1] * (1 - WY) * WX + IMG[Y0 + 1, X0 + 1] * WY * WX)
    return np.sum((v - IMG[1:5, 1:5]) ** 2)


@case(IMG)
def upsample_nearest_repeat_kron(img):
    up = np.repeat(np.repeat(img, 2, axis=0), 2, axis=1)
    up2 = np.kron(img, np.ones((2, 2)))
    return np.sum(up * up2) + np.sum(up[::3, ::3])


@case(IMG)
def image_gradient_descent_denoise_steps(img):
    u = img.copy()
    for _ in range(5):
        lap = np.zeros_like(u)
        lap[1:-1, 1:-1] = u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:] - 4 * u[1:-1, 1:-1]
        u = u + 0.1 * lap - 0.05 * (u - img)
    return np.sum(u ** 2)


@case(IMG)
def rgb_to_gray_and_gamma(img):
    rgb = np.stack([img, img ** 2, np.sqrt(img)], axis=-1)
    gray = rgb @ np.array([0.299, 0.587, 0.114])
    return np.sum(np.clip(gray, 0, 1) ** (1 / 2.2))


@case(IMG)
def ssim_like_local_stats(img):
    ref = np.ones((6, 6)) * 0.5
    mu1 = img.mean(); mu2 = ref.mean()
    s1 = img.var(); s2 = ref.var(); s12 = np.mean((img - mu1) * (ref - mu2))
    c1, c2 = 1e-4, 9e-4
    return ((2 * mu1 * mu2 + c1) * (2 * s12 + c2)) / ((mu1 ** 2 + mu2 ** 2 + c1) * (s1 + s2 + c2))


@case(IMG)
def histogram_equalization_soft(img):
    centers = np.linspace(0, 1, 5)
    w = np.exp(-((img.ravel()[:, None] - centers[None, :]) ** 2) / 0.02)
    hist = w.sum(0) / w.sum()
    return -np.sum(hist * np.log(hist))


@case(IMG)
def rot90_flip_augment_consistency(img):
    a = np.rot90(img)
    b = np.flipud(np.fliplr(img))
    return np.sum((a - b.T) ** 2) + np.sum(np.transpose(img)[::-1] * a)
