"""Lists and tuples that come in as arguments: ``loss(w, x)`` called with
``w=[0.5, -1.2, 0.8]``.  NumPy converts such a list wherever it meets an array or
a NumPy function; srcad compiles the function for the arguments that are lists
(also inside a dict argument) and converts them, and their tangents, explicitly.
A gradient keeps the argument's structure: a list of floats for a list."""

import numpy as np

from ..case import case

x3 = np.array([0.3, 0.7, 1.1])
y3 = np.array([1.0, -0.5, 2.0])
X = np.array([[1.0, 0.2, -0.4], [0.3, -1.1, 0.8], [0.5, 0.9, 0.1], [-0.7, 0.4, 1.2]])
y4 = np.array([0.5, -0.2, 1.3, 0.1])
A = np.array([[2.0, 0.3, 0.1], [0.2, 1.5, 0.4], [0.1, 0.3, 1.8]])
W = [0.5, -1.2, 0.8]
WP = [0.5, 1.2, 0.8]


# --- a list of weights meeting an array ----------------------------------------------
@case(W, x3)
def squared_residual(w, x):
    return np.sum((x - w) ** 2)


@case(W, x3)
def weighted_square(w, x):
    return np.sum((w * x) ** 2)


@case(W, x3)
def ratio_to_exponential(w, x):
    return np.sum(x / np.exp(w))


@case(tuple(W), x3)
def tuple_of_offsets(w, x):
    return np.sum((x - w) ** 2 + np.cos(x - w))


@case(W, X, y4)
def linear_regression_list_weights(w, X, y):
    pred = X @ np.asarray(w)
    return np.mean((pred - y) ** 2)


@case(W, X, y4)
def logistic_loss_list_weights(w, X, y):
    z = np.dot(X, w)
    p = 1.0 / (1.0 + np.exp(-z))
    t = (y > 0.4) * 1.0
    return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))


@case([0.4, -0.3], 0.7, X[:, :2], y4)
def ridge_with_list_and_bias(w, b, X, y):
    r = X @ np.array(w) + b - y
    return np.sum(r ** 2) + 0.1 * np.sum(np.square(w))


# --- elementwise functions of a list ----------------------------------------------
@case(W, x3)
def absolute_weights(w, x):
    return np.sum(np.abs(w) * x)


@case(W, x3)
def hinge_like_maximum(w, x):
    return np.sum(np.maximum(w, 0.1) * x)


@case(W, x3)
def smooth_minimum_with_data(w, x):
    return np.sum(np.minimum(w, x) ** 2)


@case(W, x3)
def cosine_features(w, x):
    return np.sum(np.cos(w) * x) + np.sum(np.negative(w) * x)


@case(WP, x3)
def log_barrier(w, x):
    return np.sum(x * np.log(w)) - np.sum(np.log10(w)) + np.sum(np.log1p(w))


@case(W, x3)
def arctan_squashing(w, x):
    return np.sum(np.arctan(w) * x + np.square(w))


@case(W, x3)
def polar_angles(w, x):
    return np.sum(np.arctan2(w, x) + np.hypot(w, x))


@case(WP, x3)
def reciprocal_rates(w, x):
    return np.sum(np.reciprocal(w) * x)


@case(W, x3)
def power_with_array_exponent(w, x):
    return np.sum((x + 1.0) ** w)


@case(W, x3)
def softplus_of_list(w, x):
    return np.sum(np.logaddexp(0.0, w) * x)


# --- reductions and linear algebra of a list ------------------------------------------
@case(W)
def softmax_entropy(w):
    e = np.exp(w - np.max(w))
    p = e / np.sum(e)
    return -np.sum(p * np.log(p))


@case(W)
def variance_of_list(w):
    return np.var(w) + np.mean(w) ** 2 + np.std(w)


@case(W, x3)
def norm_penalty(w, x):
    return np.linalg.norm(w) + np.dot(w, x) ** 2


@case(W, A)
def solve_for_list_rhs(w, A):
    return np.sum(np.linalg.solve(A, w) ** 2)


@case([[2.0, 0.3], [0.2, 1.5]])
def determinant_of_nested_list(M):
    return np.log(np.linalg.det(M)) + np.sum(np.linalg.inv(M))


@case([[2.0, 0.3], [0.2, 1.5]], x3)
def rows_of_nested_list(M, x):
    return np.sum((x[:2] - M[0]) ** 2 * np.cos(M[1]))


@case(((2.0, 0.3), (0.1, 1.5)), x3)
def nested_tuple_matrix(M, x):
    return np.sum((x[:2] - M) ** 2)


@case(W, x3)
def cumulative_sum_profile(w, x):
    return np.sum(np.cumsum(w) * x) + np.sum(np.diff(w) ** 2)


@case([1.0, -0.5, 0.25], x3)
def polynomial_coefficients(c, x):
    return np.sum((np.polyval(c, x) - 1.0) ** 2)


@case(W, x3)
def interpolated_profile(w, x):
    return np.sum(np.interp(x, [0.0, 0.5, 1.5], w) ** 2)


# --- a constant list argument next to the differentiated one ---------------------------
@case(x3, [2.0, 3.0, 1.5])
def power_with_list_exponents(x, e):
    return np.sum(x ** e)


@case(x3, W)
def distance_to_list_target(x, target):
    return np.sum((x - target) ** 2)


@case(x3, [0.5, 0.6, 0.9])
def clipped_at_list_floor(x, floor):
    return np.sum(np.maximum(x, floor) ** 2)


@case(x3, WP)
def hypotenuse_with_list(x, w):
    return np.sum(np.hypot(x, w) + np.arctan2(w, x))


@case(1.3, W)
def scalar_times_list(s, w):
    return np.sum(np.sin(s - np.asarray(w)) * s)


# --- lists inside containers and through helpers ---------------------------------------
@case({'w': [0.5, -1.2, 0.8], 'b': 0.3}, x3)
def dict_with_list_weights(p, x):
    return np.sum((x - p['w']) ** 2 * np.cos(p['w'])) + p['b'] ** 2


@case({'layer': {'w': [0.5, -1.2, 0.8]}, 'scale': 2.0}, x3)
def dict_in_dict_list(p, x):
    return p['scale'] * np.sum(np.tanh(x - p['layer']['w']) ** 2)


def _residual(w, x):
    return np.sum((x - w) ** 2)


@case(W, x3)
def helper_receives_list(w, x):
    return 2.0 * _residual(w, x) + np.sum(np.cos(w))


@case(0.7, x3)
def helper_receives_built_list(a, x):
    return _residual([a, 2.0 * a, 0.3], x)


@case(W, x3)
def list_indexed_and_sliced(w, x):
    return (x[0] - w[0]) ** 2 + np.sum((x[1:] - w[1:]) ** 2) + np.cos(w[1])


@case(W, x3)
def loop_over_list_entries(w, x):
    total = 0.0
    for i in range(len(w)):
        total = total + np.cos(w[i]) * x[i]
    return total


@case(W, [0.1, 0.2, 0.3], wrt=1)
def two_list_arguments(w, v):
    return np.sum((np.asarray(v) - w) ** 2 * np.exp(v))


# --- what Python, not NumPy, does with a list (srcad/compiler/joins.py) -----------------
@case(W, x3)  # (was refused: w + [1.0] joins two Python lists; srcad/compiler/joins.py)
def joined_list_argument(w, x):
    return np.sum(np.array(w + [1.0]) ** 2)


@case(W, x3)  # (was refused: w * 2 repeats a Python list; srcad/compiler/joins.py)
def repeated_list_argument(w, x):
    return np.sum(np.array(w * 2) ** 2)
