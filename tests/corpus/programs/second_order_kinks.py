"""Second derivatives at a kink, the way people write them: Newton steps from the usual zero
initialization, ridge / lasso / elastic-net losses, Huber, distances, relu, clip.  Where the
point sits exactly on a kink of |x|, a norm, sqrt of a sum of squares, hypot, a maximum tie or
a clip bound, the hvp is refused (the first derivative there is a subgradient, its curvature is
not a number); grad, jvp and vjp are unchanged.  Where the kink's tangent is dropped (np.where),
or the point is off the kink, or the smooth form is written (w @ w), everything works."""

import math

import numpy as np

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
KINK = dict(modes=('hvp',), expect='refused',
            why='the second derivative at a kink (|x|, a norm, a tie) is not a number')
X = np.array([[1.0, 2.0, 0.5, -1.0], [0.3, -0.2, 1.0, 0.0], [0.7, 0.1, -0.4, 1.2]])
Y = np.array([1.0, -1.0, 0.5])
w0 = np.zeros(4)
w1 = np.array([0.4, -0.3, 0.2, 0.6])
r0 = np.array([0.0, 0.3, -2.0, 1.7])


@case(w0, modes=FIRST)
@case(w0, **KINK)
@case(w1)
def ridge_with_norm_squared(w):
    return np.sum((X @ w - Y) ** 2) + 0.1 * np.linalg.norm(w) ** 2


@case(w0)
def ridge_with_dot(w):
    return np.sum((X @ w - Y) ** 2) + 0.1 * (w @ w)


@case(w0, modes=FIRST)
@case(w0, **KINK)
@case(w1)
def elastic_net(w, l1=0.05, l2=0.1):
    resid = X @ w - Y
    return 0.5 * np.mean(resid ** 2) + l1 * np.sum(np.abs(w)) + 0.5 * l2 * np.sum(w ** 2)


@case(w0, modes=FIRST)
@case(w0, **KINK)
def newton_step_from_zero_with_norm_penalty(w):
    # one Newton step needs Hessian-vector products of this loss at w = 0
    logits = X @ w
    nll = np.sum(np.log1p(np.exp(-Y * logits)))
    return nll + 0.5 * np.linalg.norm(w) ** 2


@case(r0)
def huber_written_with_where(r, delta=1.0):
    a = np.abs(r)
    return np.sum(np.where(a <= delta, 0.5 * r ** 2, delta * (a - 0.5 * delta)))


@case(r0, modes=FIRST)
@case(r0, **KINK)
def huber_written_with_abs_squared(r, delta=1.0):
    a = np.abs(r)
    return np.sum(np.where(a <= delta, 0.5 * a ** 2, delta * (a - 0.5 * delta)))


@case(r0 + 0.05)
def huber_off_zero_with_abs_squared(r, delta=1.0):
    a = np.abs(r)
    return np.sum(np.where(a <= delta, 0.5 * a ** 2, delta * (a - 0.5 * delta)))


@case(np.array([[0.0, 1.0], [1.0, 0.5], [-0.5, 2.0]]))
def pairwise_distances_with_the_diagonal(p):
    d = p[:, None, :] - p[None, :, :]
    return np.sum(np.linalg.norm(d, axis=-1))


@case(np.array([[0.0, 0.0], [1.0, 0.5], [-0.5, 2.0]]))
def soft_distance_with_epsilon(p):
    return np.sum(np.sqrt(np.sum(p ** 2, axis=1) + 1e-2))


@case(np.zeros((2, 3)), modes=FIRST)
@case(np.zeros((2, 3)), **KINK)
def weight_decay_frobenius(W):
    return 0.5 * np.linalg.norm(W, 'fro') ** 2 + np.sum(W * np.arange(6.0).reshape(2, 3))


@case(np.zeros((2, 3)), modes=FIRST)
@case(np.zeros((2, 3)), **KINK)
def group_lasso_rows(W):
    return np.sum(np.linalg.norm(W, axis=1)) + np.sum((W - 1.0) ** 2)


@case(np.array([[0.2, -0.1, 0.4], [0.3, 0.5, -0.2]]))
def group_lasso_rows_off_zero(W):
    return np.sum(np.linalg.norm(W, axis=1)) + np.sum((W - 1.0) ** 2)


@case(np.array([0.5, -1.0, 0.0, 2.0]), modes=FIRST)
@case(np.array([0.5, -1.0, 0.0, 2.0]), **KINK)
def relu_layer_with_a_zero_preactivation(x):
    h = np.maximum(x, 0.0)
    return np.sum(h ** 2) + np.sum(h * x[::-1])


@case(np.array([0.5, -1.0, 0.3, 2.0]))
def relu_layer_off_zero(x):
    h = np.maximum(x, 0.0)
    return np.sum(h ** 2) + np.sum(h * x[::-1])


@case(np.array([0.0, 0.4, 1.0, 0.7]), **KINK)   # (its first derivative is a kink too)
def projected_quadratic_at_the_bounds(p):
    q = np.clip(p, 0.0, 1.0)
    return np.sum((q - 0.3) ** 2)


@case(np.array([0.2, 0.4, 0.9, 0.7]))
def projected_quadratic_inside(p):
    q = np.clip(p, 0.0, 1.0)
    return np.sum((q - 0.3) ** 2)


@case(np.array([0.0, 1.5, -0.5]), modes=FIRST)
@case(np.array([0.0, 1.5, -0.5]), **KINK)
def scalar_loop_with_builtin_abs(x):
    total = 0.0
    for v in x:
        total += abs(v) ** 2 + math.fabs(v) * 0.1
    return total


@case(np.array([0.0, 0.0, 0.6]), modes=FIRST)
@case(np.array([0.0, 0.0, 0.6]), **KINK)
def complex_amplitude_power(x):
    z = x[0] + 1j * x[1]
    return np.abs(z) ** 2 + x[2] ** 2


@case(np.array([0.0, 3.0]), modes=FIRST)
@case(np.array([0.0, 3.0]), **KINK)
def hypot_radius_squared(x):
    return np.hypot(x[0], 0.0) ** 2 + x[1]


@case(np.array([0.0, 1.0, -2.0]), modes=FIRST)
@case(np.array([0.0, 1.0, -2.0]), **KINK)
def sign_times_value_squared(x):
    return np.sum((np.sign(x) * x) ** 2)
