"""Everyday code that evaluates a function where it is singular and drops or clamps the
value (probe4 W1, W3, W4): safe sqrt/log/division written with np.where, sinc, softplus
with an overflow guard, clamped variances, log-likelihoods with masked terms, a GP's
distance matrix.  Each point has some elements in the dropped region (never on its edge,
where finite differences cannot agree)."""

import numpy as np

from ..case import case

REVERSE = ('grad', 'value_and_grad', 'vjp', 'hvp')
mixed = np.array([-1.5, 0.4, 2.0, -0.3, 1.1])
big = np.array([-2.0, 0.5, 45.0, 800.0, 3.0])


@case(mixed.copy())
def safe_sqrt_weighted(x):
    w = np.arange(1.0, 6.0)
    return np.sum(w * np.where(x > 0, np.sqrt(x), 0.0))


@case(mixed.copy())
def safe_log_likelihood(p):
    # terms with p <= 0 are treated as impossible and skipped
    ll = np.where(p > 0, np.log(p), 0.0)
    return -np.sum(ll) + 0.5 * np.sum(p ** 2)


# (no hvp: at exactly 0 the program is its constant branch, whose second derivative is 0;
# finite differences of the gradient step into sin(x) / x, whose second derivative is not)
@case(np.array([0.0, 0.7, -2.5, 3.1]), modes=('grad', 'value_and_grad', 'vjp', 'jvp'))
def sinc_features(x):
    s = np.where(x == 0.0, 1.0, np.sin(x) / np.where(x == 0.0, 1.0, x))
    t = np.where(x != 0.0, np.sin(2 * x) / x, 2.0)  # (the unselected side is 0 / 0 at 0)
    return np.sum(s * s) + np.sum(t)


@case(big.copy())
def softplus_with_overflow_guard(z):
    sp = np.where(z > 30.0, z, np.log1p(np.exp(z)))
    return np.sum(sp) / len(z)


@case(big.copy())
def capped_exponential(z):
    return np.sum(np.where(z < 50.0, np.exp(z), np.exp(50.0) * (1 + z - 50.0))) * 1e-20


@case(mixed.copy())
def safe_inverse_weights(x):
    inv = np.where(np.abs(x) > 0.5, 1.0 / x, 0.0)
    return np.sum(inv * x ** 2) + np.sum(np.where(x > 0, x ** -0.5, 0.0))


@case(np.array([1.4, 0.2, -0.6, -3.0]))
def masked_arcsin_angles(c):
    a = np.where(np.abs(c) < 1.0, np.arcsin(c), np.pi / 2 * np.sign(c))
    return np.sum(a * c)


@case(np.array([0.04, -0.02, 0.09, -0.5]))
def variance_floor_then_volatility(v):
    vol = np.sqrt(np.maximum(v, 0.0))
    return np.sum(vol * 0.3 + v)


@case(np.array([0.04, -0.02, 0.09, -0.5]))
def clipped_variance_then_log(v):
    return np.sum(np.log1p(np.clip(v, 0.0, None)) + np.sqrt(np.clip(v, 0.0, 1.0)))


@case(mixed.copy())
def relu_then_sqrt_by_mask_write(x):
    h = x.copy()
    h[h < 0] = 0.0
    return np.sum(np.sqrt(h) * np.array([1.0, 2.0, 3.0, 4.0, 5.0]))


@case(np.array([0.6, 1.2, -0.4]))
def heston_like_path(params):
    v0, kappa, xi = params
    v = np.full(4, v0)
    total = 0.0
    for t in range(5):
        vp = np.maximum(v, 0.0)
        total = total + np.sum(np.sqrt(vp))
        v = v + kappa * (0.1 - vp) * 0.2 + xi * np.sqrt(vp) * np.array([0.5, -2.0, 1.0, -3.0])
    return total


X3 = np.array([[0.0, 1.0], [0.5, -0.3], [1.2, 0.4]])


@case(X3.copy(), expect='refused', modes=REVERSE,
      why='sqrt of an exactly zero sum of squares (the diagonal): inf * 0 in reverse mode, '
          'refused at run time (RuntimeCheckError: indeterminate), never a nan gradient')
def gp_kernel_with_written_out_distances(X):
    D = np.sqrt(np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=-1))
    return np.sum(np.exp(-D / 0.5))


@case(X3.copy(), modes=('jvp',))
def gp_kernel_with_written_out_distances_forward(X):
    D = np.sqrt(np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=-1))
    return np.sum(np.exp(-D / 0.5))


@case(X3.copy())
def gp_kernel_with_norm(X):
    D = np.linalg.norm(X[:, None, :] - X[None, :, :], axis=-1)
    return np.sum(np.exp(-D / 0.5))
