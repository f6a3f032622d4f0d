"""V7: a zero adjoint (or tangent) that comes from the singular point itself, not from a mask.

A root (sqrt, cbrt, a fractional power, arcsin at 1, arccosh at 1), a log or a reciprocal
met exactly where it is singular, whose adjoint is zero because the function reading it is
flat there (``t ** 2`` at ``t = 0``, ``cos(t)``, ``exp(t)`` at ``t = -inf``) or whose tangent
is zero because its input is stationary (``cbrt(x ** 3)``).  The true derivative is the
limit of ``0 * inf``: srcad refuses it (it gave 0, silently, before).  Beside them, the
masked idioms whose zeros are structural keep working: np.where's unselected side read by
a nonlinear function afterwards, the clamped variance of Heston, a masked entropy."""

import math

import numpy as np

from ..case import case

REVERSE = ('grad', 'value_and_grad', 'vjp')
WHY = ('0 * inf at the singular point: the adjoint (tangent) is zero because of the point '
       'itself, not a mask; the derivative is a limit srcad does not take (RuntimeCheckError: '
       'indeterminate), never a silent 0')
at_zero = np.array([0.0, 0.5, 2.0])


@case(np.array([0.0, 0.5, -0.7]), expect='refused', modes=REVERSE, why=WHY)
def cbrt_cubed(x):
    return np.sum(np.cbrt(x) ** 3)


@case(np.array([0.0, 0.5, -0.7]), expect='refused', modes=REVERSE, why=WHY)
def cbrt_three_calls(x):
    return np.sum(np.cbrt(x) * np.cbrt(x) * np.cbrt(x))


@case(at_zero.copy(), expect='refused', modes=REVERSE, why=WHY)
def cos_of_sqrt(x):
    return np.sum(np.cos(np.sqrt(x)))


@case(at_zero.copy(), expect='refused', modes=REVERSE, why=WHY)
def exp_of_log(x):
    return np.sum(np.exp(np.log(x)))


@case(at_zero.copy(), expect='refused', modes=REVERSE, why=WHY)
def reciprocal_of_reciprocal(x):
    return np.sum(1.0 / (1.0 / x))


@case(at_zero.copy(), expect='refused', modes=REVERSE, why=WHY)
def half_power_squared(x):
    return np.sum((x ** 0.5) ** 2)


@case(at_zero.copy(), expect='refused', modes=REVERSE, why=WHY)
def third_power_cubed(x):
    return np.sum(np.power(x, 1.0 / 3.0) ** 3)


@case(np.array([0.0, 0.5]), expect='refused', modes=REVERSE, why=WHY)
def math_sqrt_squared(x):
    # (math.sqrt of a clamped input: the finite differences may step below 0)
    return math.sqrt(max(float(x[0]), 0.0)) ** 2 + 2.0 * x[1]


@case(np.array([1.0, 0.5]), expect='refused', modes=REVERSE, why=WHY)
def arcsin_from_the_top(x):
    return np.sum((np.arcsin(x) - np.pi / 2) ** 2)


@case(np.array([1.0, 2.0]), expect='refused', modes=REVERSE, why=WHY)
def arccosh_squared(x):
    return np.sum(np.arccosh(x) ** 2)


@case(np.zeros(3), expect='refused', modes=('grad', 'hvp'), why=WHY)
def gaussian_via_sqrt(x):
    return np.exp(-np.sqrt(x @ x) ** 2)


@case(np.array([0.0, 0.5, 2.0]), expect='refused', modes=('jvp',), why=WHY)
def cbrt_of_cube(x):
    return np.sum(np.cbrt(x ** 3))


# -- structural zeros: must keep their exact derivatives --------------------------------------
mixed = np.array([-1.5, 0.4, 2.0, -0.3, 1.1])


@case(mixed.copy())
def masked_sqrt_then_exp(x):
    return np.sum(np.exp(-np.where(x > 0, np.sqrt(x), 0.0)))


@case(mixed.copy())
def masked_sqrt_squared_weighted(x):
    w = np.arange(1.0, 6.0)
    return np.sum(w * np.where(x > 0, np.sqrt(x), 0.0) ** 2)


@case(mixed.copy())
def clamped_variance_path(v):
    s = np.sqrt(np.maximum(v, 0.0))
    return np.sum(np.exp(-0.5 * np.maximum(v, 0.0) + s * 0.3))


@case(mixed.copy())
def masked_entropy(p):
    return -np.sum(p * np.where(p > 0, np.log(p), 0.0))


@case(np.array([0.3, 1.0, 4.0]))
def x_times_sqrt(x):
    return np.sum(x * np.sqrt(x))


@case(np.array([[0.0, 1.0], [0.5, -0.3], [1.2, 0.4]]), modes=('jvp',))
def rbf_kernel_forward(X):
    D = np.sqrt(np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=-1))
    return np.sum(np.exp(-D))
