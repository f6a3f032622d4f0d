"""Python lists and tuples handed to NumPy: NumPy converts them with asarray, so
srcad differentiates that conversion (the adjoint of the array routes back to
the entries, element by element, through any nesting)."""

import numpy as np

from ..case import case

x3 = np.array([0.3, -1.2, 0.7])
x2 = np.array([0.4, 1.1])
M2 = np.array([[2.0, 0.3], [0.1, 1.5]])


# --- reductions of a list of numbers ------------------------------------------------
@case(0.7, 1.3)
def total_of_two_costs(a, b):
    return np.sum([a * a, 3.0 * b, 1.0])


@case(0.7, 1.3)
def mean_of_tuple(a, b):
    return np.mean((a, b * b, 2.0)) ** 2


@case(0.7, 1.3)
def min_of_two_distances(u, v):
    return np.min([u * u + 0.1, (v - 0.2) ** 2])


@case(0.7, 1.3)
def amax_of_list(u, v):
    return np.amax([u, 2.0 * v, 0.5])


@case(0.7, 1.3)
def product_of_factors(a, b):
    return np.prod([a, b, 1.5, a + b])


@case(0.7, 1.3)
def variance_of_three(a, b):
    return np.var([a, b, a * b])


@case(0.7, 1.3)
def std_of_measurements(a, b):
    return np.std([a, b, 0.2, 1.1])


@case(0.7, 1.3)
def weighted_average_of_list(a, b):
    return np.average([a, b, 1.0], weights=[0.2, 0.5, 0.3]) * a


@case(0.7, 1.3)
def average_with_list_weights(a, b):
    return np.average(np.array([1.0, 2.0, 3.0]), weights=[a, b, 1.0])


@case(0.7, 1.3)
def ptp_of_list(a, b):
    return np.ptp([a, b * 2.0, 0.1])


@case(0.7, 1.3)
def logsumexp_of_scores(a, b):
    s = [a, b, 0.5 * a * b]
    m = np.max(s)
    return m + np.log(np.sum(np.exp(np.array(s) - m)))


@case(x3)
def sum_of_list_of_arrays(x):
    return np.sum([x, x ** 2, np.ones(3)])


@case(x3)
def mean_over_axis_of_list(x):
    rows = [x, np.sin(x)]
    return np.sum(np.mean(rows, axis=0) ** 2)


@case(x3)
def max_over_axis_of_list(x):
    return np.sum(np.max([x, 0.5 * x + 0.2], axis=0))


@case(x3)
def norm_of_list_entries(x):
    return np.linalg.norm([x[0], x[1] * x[2], 1.0])


# --- elementwise ufuncs given lists ---------------------------------------------------
@case(0.7, 1.3)
def exp_of_list(a, b):
    return np.sum(np.exp([a, -b, 0.0]))


@case(0.7, 1.3)
def sin_of_tuple(a, b):
    return np.sum(np.sin((a, b)) * np.array([1.0, 2.0]))


@case(0.7, 1.3)
def square_of_list(a, b):
    return np.sum(np.square([a, b]))


@case(0.7, 1.3)
def sqrt_of_list(a, b):
    return np.sum(np.sqrt([a, b, 2.0]))


@case(0.7, 1.3)
def log_of_list(a, b):
    return np.sum(np.log([a, b * b]))


@case(0.7, 1.3)
def negative_of_list(a, b):
    return np.sum(np.negative([a, b]) * np.array([1.0, 3.0]))


@case(0.7, 1.3)
def abs_of_list(a, b):
    return np.sum(np.abs([a, -b]) ** 2)


@case(0.7, 1.3)
def power_of_list(a, b):
    return np.sum(np.power([a, b], 3))


@case(0.7, 1.3)
def maximum_of_lists(a, b):
    return np.sum(np.maximum([a, b], [0.5, 2.0 * a]))


@case(0.7, 1.3)
def hypot_of_lists(a, b):
    return np.sum(np.hypot([a, b], [b, 1.0]))


@case(0.7, 1.3)
def arctan2_of_lists(a, b):
    return np.sum(np.arctan2([a, 1.0], [b, a + b]))


@case(0.7, 1.3)
def tanh_of_list_plus_array(a, b):
    h = np.tanh(np.add([a, b], x2))
    return np.sum(h * h)


@case(0.7, 1.3)
def list_times_array(a, b):
    return np.sum(([a, b] * x2) ** 2)


@case(0.7, 1.3)
def array_minus_list(a, b):
    return np.sum((x2 - [a, b * b]) ** 2)


@case(0.7, 1.3)
def list_divided_by_array(a, b):
    return np.sum([a, b] / (x2 + 1.0))


@case(0.7, 1.3)
def clip_of_list(a, b):
    return np.sum(np.clip([a, b, -a], -1.0, 1.0) ** 2)


@case(0.7, 1.3)
def where_of_lists(a, b):
    keep = np.array([True, False])
    return np.sum(np.where(keep, [a, b], [b * b, a]) ** 2)


# --- products and linear algebra on nested lists ---------------------------------------
@case(0.7, 1.3)
def dot_of_lists(a, b):
    return np.dot([a, b], [b, 2.0])


@case(x2)
def dot_list_with_array(x):
    return np.dot([x[0] * x[1], 1.0], x) ** 2


@case(0.7, 1.3)
def matmul_nested_list_matrix(a, b):
    A = [[a, 0.5], [0.2, b]]
    y = np.matmul(A, x2)
    return np.sum(y ** 2)


@case(0.7, 1.3)
def matrix_at_list(a, b):
    return np.sum((M2 @ [a, b]) ** 2)


@case(0.7, 1.3)
def outer_of_lists(a, b):
    return np.sum(np.outer([a, b], [1.0, a]) ** 2)


@case(0.7, 1.3)
def determinant_of_nested_list(a, b):
    return np.linalg.det([[a, 0.3], [0.2, b]])


@case(0.7, 1.3)
def solve_with_list_rhs(a, b):
    sol = np.linalg.solve(M2, [a, b * b])
    return np.sum(sol ** 2)


@case(0.7, 1.3)
def solve_nested_list_matrix(a, b):
    sol = np.linalg.solve([[2.0, a], [b, 3.0]], x2)
    return np.sum(sol)


@case(0.7, 1.3)
def inverse_of_nested_list(a, b):
    return np.sum(np.linalg.inv([[a + 2.0, 0.5], [0.1, b + 1.0]]))


@case(0.7, 1.3)
def trace_of_nested_list(a, b):
    return np.trace([[a * a, 1.0], [2.0, b]])


@case(0.7, 1.3)
def cross_of_lists(a, b):
    return np.sum(np.cross([a, b, 1.0], [0.5, a, b]) ** 2)


@case(0.7, 1.3)
def einsum_of_lists(a, b):
    return np.einsum('i,i->', [a, b], x2) ** 2


# --- polynomials and interpolation ----------------------------------------------------
@case(0.7, 1.3)
def polyval_list_coefficients(a, b):
    return np.polyval([a, b, 1.0], 0.6) ** 2


@case(x3)
def polyval_coefficients_from_array(c):
    return np.sum(np.polyval([c[0], c[1], c[2]], np.array([0.1, 0.5])) ** 2)


@case(0.7)
def polyval_at_list_points(t):
    return np.sum(np.polyval(np.array([1.0, -2.0, 0.5]), [t, 2.0 * t]))


@case(0.2, 1.5)
def interp_table_of_values(a, b):
    return np.sum(np.interp(np.array([0.25, 1.5]), [0.0, 1.0, 2.0], [a, b, a * b]))


@case(0.4)
def interp_query_list(t):
    return np.sum(np.interp([t, t * t], [0.0, 1.0], [2.0, 5.0]) ** 2)


# --- building arrays from lists ----------------------------------------------------------
@case(0.7, 1.3)
def array_of_two_numbers(a, b):
    v = np.array([a, b])
    return np.sum(v ** 3)


@case(0.7, 1.3)
def diagonal_matrix_from_nested_list(a, b):
    D = np.array([[a, 0.0], [0.0, b]])
    return np.sum((D @ x2) ** 2)


@case(0.7, 1.3)
def asarray_of_tuple(a, b):
    return np.sum(np.asarray((a, b * b)) * x2)


@case(x3)
def array_of_arrays(x):
    X = np.array([x, 2.0 * x])
    return np.sum(X @ x3)


@case(x3)
def array_rows_mixed_with_constants(x):
    X = np.array([x, [1.0, 2.0, 3.0]])
    return np.sum(np.tanh(X) ** 2)


@case(x3)
def rotation_matrix_from_angle(x):
    c, s = np.cos(x[0]), np.sin(x[0])
    R = np.array([[c, -s], [s, c]])
    return np.sum(R @ np.array([x[1], x[2]]))


@case(x3)
def array_of_elements(x):
    v = np.array([x[0], x[1] ** 2, 1.0])
    return np.sum(v * v)


# --- joining lists and arrays ------------------------------------------------------------
@case(x3)
def concatenate_with_mean(x):
    y = np.concatenate([x, [np.mean(x), 1.0]])
    return np.sum(y ** 2)


@case(x3)
def concatenate_list_first(x):
    y = np.concatenate(([x[0] * 2.0], x))
    return np.sum(np.sin(y))


@case(x3)
def stack_rows_built_from_elements(x):
    m = np.stack([x, [x[0], x[1] * x[2], 1.0]])
    return np.sum(m ** 2)


@case(x3)
def vstack_with_list(x):
    m = np.vstack([x, [1.0, x[0], 2.0]])
    return np.sum(m ** 3)


@case(x3)
def hstack_with_number_list(x):
    y = np.hstack([x, [x[0] * x[1]]])
    return np.sum(y ** 2)


@case(x3)
def append_to_list(x):
    y = np.append([x[0], 1.0], x)
    return np.sum(y ** 2)


@case(x3)
def append_list_value(x):
    y = np.append(x, [x[0] * x[2], 0.5])
    return np.sum(y ** 3)


@case(x3)
def cumsum_of_list(x):
    return np.sum(np.cumsum([x[0], x[1], 2.0]) ** 2)


@case(x3)
def diff_of_list(x):
    return np.sum(np.diff([x[0], x[1] ** 2, x[2]]) ** 2)


# --- a list or tuple passed as the differentiated argument ----------------------------
@case([1.0, 2.0])
def list_weights_times_array(w):
    x = np.array([0.5, -1.0])
    return np.sum(np.tanh(w * x))


@case([0.5, 1.5, -0.3])
def list_param_exp(w):
    return np.sum(np.exp(w))


@case([0.5, 1.5, -0.3])
def list_param_dot(w):
    return np.dot(w, x3) ** 2


@case([0.5, 1.5])
def list_param_matmul(w):
    return np.sum((M2 @ w) ** 2)


@case((0.5, 1.5))
def tuple_param_array(p):
    v = np.array(p)
    return np.sum(v ** 3)


@case([[1.0, 0.2], [0.3, 2.0]])
def nested_list_param_matrix(A):
    return np.sum((np.asarray(A) @ x2) ** 2)


@case([[1.0, 0.2], [0.3, 2.0]])
def nested_list_param_determinant(A):
    return np.linalg.det(A)


@case([0.5, 1.5, -0.3])
def list_param_mean_and_max(w):
    return np.mean(w) * np.max(w)


@case([0.5, 1.5, -0.3])
def list_param_square_norm(w):
    return np.linalg.norm(w) ** 2 + w[0]


@case([0.2, 0.7, 0.1])
def list_param_polynomial(c):
    return np.polyval(c, 1.5)


@case([np.array([0.5, 1.0]), np.array([-0.3, 2.0])])
def list_of_arrays_param_summed(ws):
    return np.sum(np.sum(ws, axis=0) ** 2)


@case([0.5, 1.5, -0.3])
def list_param_minus_mean(w):
    centered = w - np.mean(w) * np.ones(3)
    return np.sum(centered ** 2 * x3)


@case(0.7, 1.3)
def losses_appended_then_max(a, b):
    losses = []
    losses.append(a * b)
    losses.append(b - a)
    losses.append(0.25)
    return np.max(losses) + np.mean(np.square(losses))


@case(0.7, 1.3)
def appended_entries_read_back(a, b):
    xs = []
    xs.append(a * b)
    xs.append(b)
    return xs[0] * xs[1]


@case(0.7, 1.3)
def list_of_tuple_values(a, b):
    v = list((a, b * b))
    return np.prod(v) + np.sum(np.sqrt(v))


# --- what Python, not NumPy, does with a list (srcad/compiler/joins.py) -----------------
@case(0.7)  # (was refused: [a] * 3 repeats the list; srcad/compiler/joins.py)
def repeated_list_value(a):
    return np.sum(np.array([a] * 3) * x3)


# (was refused: no rule for joining lists with +; two list displays joined are one
# display, [a, b, 1.0]: srcad/compiler/desugar_exprs.py.  xs + ys of two names srcad
# knows to hold lists: srcad/compiler/joins.py)
@case(0.7, 1.3)
def joined_lists(a, b):
    return np.dot(np.array([a, b] + [1.0]), x3)
