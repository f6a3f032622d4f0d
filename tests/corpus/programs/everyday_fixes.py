"""Everyday programs in the shapes of the bugs the everyday corpus found: arrays
unpacked into names, series summed until small, while loops with a break, names
first bound in a loop's first iteration, integer powers of negative numbers,
for/else, chained assignment, np.trapezoid and np.gradient."""

import numpy as np

from ..case import case

_rng = np.random.default_rng(4242)
XS = _rng.standard_normal((8, 2))
YS = 1.5 * XS[:, 0] - 0.7 * XS[:, 1] + 0.1 * _rng.standard_normal(8)


@case(np.array([0.4, -0.3, 0.2]))
def linear_model_unpacked(theta):
    w0, w1, b = theta
    pred = w0 * XS[:, 0] + w1 * XS[:, 1] + b
    return np.mean((pred - YS) ** 2)


@case(np.array([[1.2, 0.3], [-0.4, 0.9]]))
def rotation_rows_unpacked(M):
    r0, r1 = M
    return (r0 @ r1) ** 2 + (r0 @ r0 - 1.0) ** 2 + (r1 @ r1 - 1.0) ** 2


@case(np.array([0.1, -0.5, 0.3]))
def gp_hyperparameters_exp(log_theta):
    ell, sf2, noise = np.exp(log_theta)
    d = XS[:, 0][:, None] - XS[:, 0][None, :]
    K = sf2 * np.exp(-0.5 * d ** 2 / ell ** 2) + noise * np.eye(8)
    return np.linalg.slogdet(K)[1] + YS @ np.linalg.solve(K, YS)


@case(np.array([0.3, 0.5, 0.7, 0.2]))
def quaternion_norm_unpack(q):
    w, x, y, z = q / np.linalg.norm(q)
    return 1 - 2 * (y * y + z * z) + w * x


@case(0.7)
def exp_series_until_small(x):
    term = 1.0
    s = 1.0
    k = 1
    while abs(term) > 1e-15:
        term = term * x / k
        s = s + term
        k += 1
    return s


@case(2.0)
def newton_sqrt_with_break(a):
    y = a
    for _ in range(50):
        y_new = 0.5 * (y + a / y)
        if abs(y_new - y) < 1e-14:
            break
        y = y_new
    return y


@case(0.8)
def projectile_until_ground(v0):
    x, y = 0.0, 1.0
    vx, vy = v0, 2.0
    dt = 0.01
    steps = 0
    while y > 0.0:
        x += vx * dt
        y += vy * dt
        vy -= 9.81 * dt
        steps += 1
        if steps > 10000:
            break
    return x


@case(np.array([0.5, -1.2, 0.8, 0.3, -0.7]))
def exponential_smoothing_first_step(x):
    for i in range(len(x)):
        if i == 0:
            level = x[0]
        else:
            level = 0.3 * x[i] + 0.7 * level
    return level ** 2


@case(np.array([0.5, -1.2, 0.8]))
def polynomial_powers(c):
    s = 0.0
    for i, v in enumerate(c):
        s += v ** (i + 2) / (i + 2)
    return s


@case(np.array([0.3, 0.5, 0.7, 0.4]))
def search_with_for_else(x):
    s = 0.0
    for v in x:
        if v > 5.0:
            s = s - v
            break
        s += v ** 2
    else:
        s = 2 * s
    return s


@case(np.array([0.3, -0.5, 0.7]))
def boundary_conditions_chained(x):
    u = np.zeros(5)
    u[1:4] = np.tanh(x)
    u[0] = u[4] = x[1] ** 2
    return np.sum(np.diff(u) ** 2)


@case(np.array([0.5, 0.2]))
def variational_energy_trapezoid(a):
    x = np.linspace(0.0, 1.0, 31)
    psi = x * (1 - x) * (1 + a[0] * x + a[1] * x ** 2)
    dpsi = np.gradient(psi, x)
    return np.trapezoid(dpsi ** 2, x) / np.trapezoid(psi ** 2, x)


@case(np.array([1.0, 0.3]))
def work_along_path_trapezoid(k):
    t = np.linspace(0.0, 2.0, 21)
    force = k[0] * np.sin(t) + k[1] * t ** 2
    velocity = np.gradient(np.cos(k[1] * t), t)
    return np.trapezoid(force * velocity, dx=t[1] - t[0])
