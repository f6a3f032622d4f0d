"""Everyday control flow: for/while loops, break and continue, early returns,
branches on values, piecewise functions with np.where, recurrences, fixed-point
and Newton iterations, nested loops, loop-carried arrays."""

import numpy as np

from ..case import case

_rng = np.random.default_rng(505)
V6 = np.array([0.4, -1.3, 0.8, 2.1, -0.6, 1.7])
V8 = _rng.standard_normal(8)
M33 = _rng.standard_normal((3, 3))
COEF = np.array([0.5, -0.3, 0.2, 0.1])


@case(V6)
def loop_accumulate_squares(x):
    total = 0.0
    for i in range(len(x)):
        total = total + x[i] ** 2
    return total


@case(V6)
def loop_iterate_values(x):
    s = 0.0
    for v in x:
        s += np.sin(v) * v
    return s


@case(V6)
def loop_continue_negatives(x):
    s = 0.0
    for v in x:
        if v < 0:
            continue
        s += v ** 3
    return s


@case(V6)
def loop_break_at_threshold(x):
    s = 0.0
    for i in range(len(x)):
        if x[i] > 2.0:
            break
        s = s + x[i] * (i + 1)
    return s * s


@case(V6)
def loop_break_on_count(x):
    s = 1.0
    n = 0
    for v in x:
        s = s * (1 + 0.1 * v)
        n += 1
        if n == 4:
            break
    return s


@case(V6)
def loop_with_if_else_branches(x):
    out = 0.0
    for v in x:
        if v > 0:
            out += np.log1p(v)
        else:
            out += v ** 2
    return out


@case(V6)
def loop_elif_chain(x):
    acc = 0.0
    for v in x:
        if v > 1.5:
            acc = acc + 2 * v
        elif v > 0:
            acc = acc + v * v
        elif v > -1:
            acc = acc - v ** 3
        else:
            acc = acc + np.exp(v)
    return acc


@case(V6)
def nested_loops_pairs(x):
    s = 0.0
    for i in range(len(x)):
        for j in range(len(x)):
            if i == j:
                continue
            s += x[i] * x[j] / (1 + (i - j) ** 2)
    return s


@case(V6)
def nested_loop_break_inner(x):
    s = 0.0
    for i in range(3):
        for j in range(len(x)):
            if j > i + 2:
                break
            s += x[j] * (i + 1)
    return s ** 2


@case(V6)
def while_loop_index(x):
    i = 0
    s = 0.0
    while i < len(x):
        s += np.tanh(x[i])
        i += 2
    return s


@case(V6)
def while_loop_value_condition(x):
    s = 0.0
    k = 0
    while s < 3.0 and k < len(x):
        s = s + x[k] ** 2
        k += 1
    return s


@case(1.3)
def while_halving(a):
    y = a * 10.0
    steps = 0
    while y > 1.0:
        y = y / 2
        steps += 1
    return y * a


@case(2.0)
def newton_sqrt(a):
    x = a
    for _ in range(8):
        x = 0.5 * (x + a / x)
    return x


@case(2.0)
def newton_sqrt_while_tol(a):
    x = 1.0
    err = 1.0
    it = 0
    while err > 1e-12 and it < 50:
        x_new = 0.5 * (x + a / x)
        err = abs(x_new - x)
        x = x_new
        it += 1
    return x


@case(0.5)
def fixed_point_cos(a):
    x = 0.0
    for _ in range(60):
        x = np.cos(a * x) * 0.9
    return x


@case(np.array([1.0, 2.0]))
def newton_system_2d(p):
    x = np.array([1.0, 1.0])
    for _ in range(6):
        F = np.array([x[0] ** 2 + x[1] ** 2 - p[1] * 2, x[0] - p[0] * x[1]])
        J = np.array([[2 * x[0], 2 * x[1]], [1.0, -p[0]]])
        x = x - np.linalg.solve(J, F)
    return x[0] + x[1]


@case(3.0)
def bisection_root_then_use(c):
    lo, hi = 0.0, 4.0
    for _ in range(40):
        mid = (lo + hi) / 2
        if mid * mid - c > 0:
            hi = mid
        else:
            lo = mid
    return c * 1.0 + 0.0 * lo


@case(0.3)
def recurrence_logistic_map(r):
    x = 0.2
    for _ in range(10):
        x = (2.5 + r) * x * (1 - x)
    return x


@case(V6)
def recurrence_fibonacci_weighted(x):
    a, b = x[0], x[1]
    for i in range(2, len(x)):
        a, b = b, a + 0.5 * b + 0.1 * x[i]
    return b


@case(V6)
def recurrence_prefix_product(x):
    p = 1.0
    out = 0.0
    for v in x:
        p = p * (1.0 + 0.2 * v)
        out += p
    return out


@case(V6)
def recurrence_into_array(x):
    y = np.zeros(len(x))
    y[0] = x[0]
    for t in range(1, len(x)):
        y[t] = 0.8 * y[t - 1] + 0.2 * x[t]
    return np.sum(y ** 2)


@case(V6)
def recurrence_second_order(x):
    y = np.zeros(len(x) + 2)
    for t in range(len(x)):
        y[t + 2] = 1.2 * y[t + 1] - 0.5 * y[t] + x[t]
    return y[-1] + y[-2]


@case(0.7)
def recurrence_chebyshev(t):
    T0, T1 = 1.0, t
    total = T0 * COEF[0] + T1 * COEF[1]
    for k in range(2, 4):
        T0, T1 = T1, 2 * t * T1 - T0
        total += COEF[k] * T1
    return total


@case(0.7)
def horner_polynomial(t):
    c = np.array([1.0, -2.0, 0.5, 3.0, -1.0])
    acc = 0.0
    for ck in c:
        acc = acc * t + ck
    return acc


@case(np.array([1.0, -2.0, 0.5, 3.0, -1.0]))
def horner_wrt_coefficients(c):
    t = 0.7
    acc = c[0]
    for k in range(1, len(c)):
        acc = acc * t + c[k]
    return acc ** 2


@case(0.3)
def taylor_series_exp(x):
    term = 1.0
    s = 1.0
    for n in range(1, 12):
        term *= x / n
        s += term
    return s


@case(0.3)
def series_until_small(x):
    term = x
    s = x
    n = 1
    while abs(term) > 1e-14:
        term = -term * x * x / ((2 * n) * (2 * n + 1))
        s += term
        n += 1
    return s


@case(V6)
def early_return_in_loop(x):
    s = 0.0
    for v in x:
        s += v
        if s > 2.5:
            return s * v
    return s


@case(1.4)
def early_return_branch(a):
    if a > 1.0:
        return a ** 3
    return -a


@case(0.6)
def if_else_expression(a):
    b = a * 2 if a > 0.5 else a / 2
    return b * np.sin(a)


@case(V6)
def piecewise_where_three_regions(x):
    y = np.where(x < 0, x ** 2, np.where(x < 1.5, np.sin(x), 2 * x - 1))
    return np.sum(y)


@case(V6)
def piecewise_np_piecewise_like(x):
    left = x < -1
    right = x > 1
    y = x.copy()
    y[left] = -1 - np.log(-x[left])
    y[right] = 1 + np.log(x[right])
    return np.sum(y ** 2)


@case(V6)
def piecewise_mask_multiply(x):
    mask = (x > 0).astype(float)
    return np.sum(mask * x ** 2 + (1 - mask) * np.exp(x))


@case(V6)
def piecewise_boolean_index_sum(x):
    pos = x[x > 0]
    neg = x[x <= 0]
    return np.sum(pos ** 2) - np.sum(neg ** 3)


@case(V6)
def clipped_loss(x):
    return np.sum(np.clip(x, -1.0, 1.0) * x)


@case(V6)
def smooth_abs_where(x):
    eps = 0.5
    return np.sum(np.where(np.abs(x) < eps, x ** 2 / (2 * eps), np.abs(x) - eps / 2))


@case(V6)
def piecewise_linear_interp_table(x):
    xs = np.array([-2.0, -1.0, 0.0, 1.0, 2.5])
    ys = np.array([1.0, 0.5, 0.0, 0.7, 2.0])
    return np.sum(np.interp(x, xs, ys) * x)


@case(V6)
def maximum_minimum_combo(x):
    return np.sum(np.maximum(x, 0.1) * np.minimum(x, 1.0))


@case(V6)
def relu_via_max_builtin_loop(x):
    s = 0.0
    for v in x:
        s += max(v, 0.0) ** 2 + min(v, 0.0)
    return s


@case(V6)
def abs_builtin_loop(x):
    s = 0.0
    for v in x:
        s += abs(v) ** 1.5
    return s


@case(V6)
def sign_times_value(x):
    return np.sum(np.sign(x) * x ** 2)


@case(V6)
def heaviside_smooth_blend(x):
    h = np.heaviside(x, 0.5)
    return np.sum(h * x + (1 - h) * x ** 3)


@case(V8)
def argmax_then_index(x):
    i = np.argmax(x)
    return x[i] ** 2 + x[i - 1]


@case(V8)
def argmin_int_index(x):
    i = int(np.argmin(x))
    return x[i] * x[(i + 1) % len(x)]


@case(V8)
def argsort_take_top_k(x):
    order = np.argsort(x)
    top = x[order[-3:]]
    return np.sum(top ** 2)


@case(V8)
def loop_track_running_max(x):
    best = x[0]
    for v in x[1:]:
        if v > best:
            best = v
    return best ** 2


@case(V8)
def loop_track_argmax_manual(x):
    best_i = 0
    for i in range(1, len(x)):
        if x[i] > x[best_i]:
            best_i = i
    return x[best_i] * 3 + np.sum(x)


@case(V8)
def count_then_scale(x):
    n_pos = np.sum(x > 0)
    return np.sum(x ** 2) / n_pos


@case(V8)
def loop_with_counter_and_condition(x):
    count = 0
    total = 0.0
    for v in x:
        if v > 0:
            count += 1
            total += v
    return total / count


@case(V8)
def loop_reverse_range(x):
    acc = 0.0
    for i in range(len(x) - 1, -1, -1):
        acc = acc * 0.5 + x[i]
    return acc


@case(V8)
def loop_step_range(x):
    acc = 0.0
    for i in range(1, len(x), 3):
        acc += x[i] * x[i - 1]
    return acc


@case(V8)
def loop_reversed_builtin(x):
    acc = 0.0
    for v in reversed(x):
        acc = 0.9 * acc + v
    return acc ** 2


@case(V8)
def loop_over_slices_windows(x):
    s = 0.0
    for i in range(len(x) - 2):
        w = x[i:i + 3]
        s += np.prod(w) + np.sum(w ** 2)
    return s


@case(V8)
def loop_range_len_with_shape(x):
    n = x.shape[0]
    out = 0.0
    for k in range(n // 2):
        out += x[k] * x[n - 1 - k]
    return out


@case(M33)
def loop_over_matrix_rows(A):
    s = 0.0
    for row in A:
        s += np.dot(row, row) * row[0]
    return s


@case(M33)
def loop_over_columns_transpose(A):
    s = 0.0
    for col in A.T:
        s += np.linalg.norm(col)
    return s


@case(M33)
def double_loop_elementwise(A):
    s = 0.0
    for i in range(3):
        for j in range(3):
            s += A[i, j] * (i - j) + A[i, j] ** 2
    return s


@case(M33)
def loop_build_matrix_elements(A):
    B = np.zeros((3, 3))
    for i in range(3):
        for j in range(3):
            B[i, j] = np.tanh(A[i, j] + A[j, i])
    return np.sum(B @ B)


@case(V8)
def loop_building_list_then_array(x):
    vals = []
    for v in x:
        vals.append(v * v + 1.0)
    arr = np.array(vals)
    return np.sum(np.log(arr))


@case(V8)
def loop_building_list_sum_builtin(x):
    terms = []
    for i in range(len(x)):
        terms.append(x[i] * (i + 1))
    return sum(terms)


@case(V8)
def loop_list_of_arrays_concatenate(x):
    parts = []
    for k in range(0, 8, 2):
        parts.append(x[k:k + 2] * (k + 1))
    y = np.concatenate(parts)
    return np.sum(y ** 2)


@case(V8)
def loop_conditional_append(x):
    kept = []
    for v in x:
        if v > -0.5:
            kept.append(np.exp(0.5 * v))
    return np.sum(np.array(kept))


@case(V8)
def loop_state_tuple_update(x):
    m, s = 0.0, 0.0
    for v in x:
        m, s = 0.9 * m + 0.1 * v, 0.9 * s + 0.1 * v * v
    return s - m * m


@case(V8)
def loop_swap_variables(x):
    a, b = x[0], x[1]
    for v in x[2:]:
        a, b = b, a * 0.5 + v
    return a * b


@case(V8)
def loop_multiple_accumulators(x):
    s1 = 0.0
    s2 = 0.0
    s3 = 1.0
    for v in x:
        s1 += v
        s2 += v * v
        s3 *= 1 + 0.1 * v
    return s1 * s2 + s3


@case(V8)
def loop_nested_functions_call(x):
    def f(v):
        return np.tanh(v) * v
    s = 0.0
    for v in x:
        s += f(v)
    return s


@case(0.8)
def gradient_descent_scalar(x0):
    x = x0
    for _ in range(20):
        g = 4 * x ** 3 - 3 * x + 0.5
        x = x - 0.05 * g
    return x ** 2


@case(0.8)
def gradient_descent_until_converged(x0):
    x = x0
    for it in range(200):
        g = 2 * (x - 1.5) + 0.3 * np.cos(x)
        if abs(g) < 1e-8:
            break
        x -= 0.1 * g
    return x + x0


@case(np.array([0.3, 0.7]))
def damped_newton_with_backtracking(x0):
    x = x0
    for _ in range(5):
        g = np.array([4 * x[0] ** 3 + x[1], x[0] + 2 * x[1] - 1])
        H = np.array([[12 * x[0] ** 2 + 0.5, 1.0], [1.0, 2.0]])
        step = np.linalg.solve(H, g)
        t = 1.0
        while t > 0.1 and np.sum((x - t * step) ** 2) > 10.0:
            t *= 0.5
        x = x - t * step
    return np.sum(x ** 2)


@case(V6)
def loop_modifies_array_in_place(x):
    y = x.copy()
    for i in range(1, len(y)):
        y[i] += 0.5 * y[i - 1]
    return np.sum(y ** 2)


@case(V6)
def loop_in_place_multiply_slice(x):
    y = x * 1.0
    for k in range(3):
        y[k:] *= 0.9
    return np.sum(y * x)


@case(V6)
def loop_cumulative_write(x):
    out = np.empty_like(x)
    acc = 0.0
    for i, v in enumerate(x):
        acc += v
        out[i] = acc
    return np.sum(out ** 2)


@case(V6)
def loop_enumerate_weights(x):
    s = 0.0
    for i, v in enumerate(x):
        s += (i + 1) * v ** 2
    return s


@case(V6)
def loop_zip_two_arrays(x):
    w = np.linspace(0.1, 0.6, 6)
    s = 0.0
    for a, b in zip(x, w):
        s += a * b * a
    return s


@case(V6)
def loop_zip_shifted(x):
    s = 0.0
    for a, b in zip(x[:-1], x[1:]):
        s += (b - a) ** 2
    return s


@case(V6)
def loop_range_with_len_and_int_cast(x):
    n = int(len(x) / 2)
    s = 0.0
    for i in range(n):
        s += x[2 * i] * x[2 * i + 1]
    return s


@case(V6)
def conditional_on_sum(x):
    if np.sum(x) > 0:
        y = x ** 2
    else:
        y = -x
    return np.sum(y)


@case(V6)
def conditional_on_norm_rescale(x):
    n = np.linalg.norm(x)
    if n > 1.0:
        x = x / n
    return np.sum(x ** 3)


@case(V6)
def gradient_clipping_by_norm(x):
    g = 2 * x
    norm = np.sqrt(np.sum(g ** 2))
    max_norm = 1.0
    if norm > max_norm:
        g = g * (max_norm / norm)
    return np.sum(g * x)


@case(V6)
def ternary_in_loop(x):
    s = 0.0
    for v in x:
        s += v * v if v > 0 else 0.5 * v
    return s


@case(V6)
def boolean_and_or_conditions(x):
    s = 0.0
    for i in range(len(x)):
        if x[i] > 0 and i % 2 == 0:
            s += x[i] ** 2
        elif x[i] < 0 or i == 3:
            s += x[i]
    return s


@case(V6)
def not_condition(x):
    s = 0.0
    for v in x:
        if not v > 1.0:
            s += np.sin(v)
    return s


@case(V6)
def loop_over_list_of_indices(x):
    idx = [0, 2, 5]
    s = 0.0
    for i in idx:
        s = s + x[i] ** 2
    return s


@case(V6)
def loop_over_tuple_constants(x):
    s = 0.0
    for c in (0.5, 1.0, 2.0):
        s += np.sum(np.exp(-c * x ** 2))
    return s


@case(V6)
def pass_statement_branch(x):
    s = 0.0
    for v in x:
        if v < -1:
            pass
        else:
            s += v ** 2
    return s


@case(V6)
def while_true_with_break(x):
    i = 0
    s = 0.0
    while True:
        s += x[i] ** 2
        i += 1
        if i >= 4:
            break
    return s


@case(V6)
def while_else_like(x):
    k = 0
    acc = 1.0
    while k < len(x):
        acc *= 1 + x[k] * 0.1
        k += 1
    return acc


@case(np.array([1.0, 0.5]))
def ode_adaptive_fixed_steps(params):
    a, b = params
    y = 1.0
    t = 0.0
    h = 0.1
    while t < 1.0 - 1e-9:
        y = y + h * (-a * y + b * np.sin(t))
        t += h
    return y


@case(V8)
def sorting_network_manual_swaps(x):
    y = x.copy()
    n = len(y)
    for i in range(n):
        for j in range(n - 1 - i):
            if y[j] > y[j + 1]:
                tmp = y[j]
                y[j] = y[j + 1]
                y[j + 1] = tmp
    return np.sum(y * np.arange(n))


@case(V8)
def np_sort_weighted(x):
    s = np.sort(x)
    return np.sum(s * np.arange(8))


@case(V8)
def sorted_builtin_top(x):
    s = sorted(x)
    return s[-1] * 2 + s[0]


@case(V8)
def soft_sort_rank(x):
    d = x[:, None] - x[None, :]
    ranks = np.sum(1 / (1 + np.exp(-d * 3)), axis=1)
    return np.sum(ranks * x)


@case(np.array([0.3, 0.6]))
def dynamic_programming_min_path_smooth(c):
    cost = np.array([[1.0, 3.0, 1.0], [1.0, 5.0, 1.0], [4.0, 2.0, 1.0]]) + c[0]
    cost[1, 1] += c[1]
    D = np.zeros((3, 3))
    D[0, 0] = cost[0, 0]
    for i in range(1, 3):
        D[i, 0] = D[i - 1, 0] + cost[i, 0]
        D[0, i] = D[0, i - 1] + cost[0, i]
    for i in range(1, 3):
        for j in range(1, 3):
            D[i, j] = cost[i, j] - np.log(np.exp(-D[i - 1, j]) + np.exp(-D[i, j - 1]))
    return D[2, 2]


@case(np.array([0.2, 0.5, 0.1, 0.7]))
def soft_dtw_like(a):
    b = np.array([0.3, 0.4, 0.2])
    n, m = len(a), len(b)
    R = np.full((n + 1, m + 1), 1e6)
    R[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            c = (a[i - 1] - b[j - 1]) ** 2
            r = np.array([R[i - 1, j - 1], R[i - 1, j], R[i, j - 1]])
            rmin = np.min(r)
            R[i, j] = c + rmin - 0.1 * np.log(np.sum(np.exp(-(r - rmin) / 0.1)))
    return R[n, m]


@case(np.array([0.4, 0.3, 0.2]))
def value_iteration_small(rewards):
    P = np.array([[0.5, 0.5, 0.0], [0.0, 0.5, 0.5], [0.5, 0.0, 0.5]])
    V = np.zeros(3)
    for _ in range(30):
        V = rewards + 0.9 * P @ V
    return V[0]


@case(np.array([0.4, 0.3, 0.2, 0.1]))
def soft_value_iteration(r):
    P0 = np.array([[0.9, 0.1], [0.2, 0.8]])
    P1 = np.array([[0.1, 0.9], [0.7, 0.3]])
    V = np.zeros(2)
    for _ in range(15):
        Q0 = r[:2] + 0.8 * P0 @ V
        Q1 = r[2:] + 0.8 * P1 @ V
        V = np.log(np.exp(Q0) + np.exp(Q1))
    return V.sum()


@case(np.array([0.5, 0.2, 0.3]))
def markov_chain_stationary_power(p):
    P = np.array([[p[0], 1 - p[0], 0.0], [p[1], 0.5, 0.5 - p[1]], [0.3, p[2], 0.7 - p[2]]])
    pi = np.ones(3) / 3
    for _ in range(50):
        pi = pi @ P
    return pi @ np.array([1.0, 2.0, 3.0])


@case(np.array([0.5, -0.2]))
def mandelbrot_escape_smooth(c):
    z = 0.0 + 0.0 * c[0]
    zr, zi = 0.0, 0.0
    for _ in range(5):
        zr, zi = zr * zr - zi * zi + c[0] * 0.5, 2 * zr * zi + c[1]
    return zr ** 2 + zi ** 2 + z


@case(0.25)
def euler_method_until_time(k):
    t = 0.0
    y = 1.0
    dt = 0.01
    n = 0
    while t < 2.0 and n < 1000:
        y += dt * (-k * y + 0.1)
        t += dt
        n += 1
    return y


@case(V6)
def nested_if_in_while(x):
    i = 0
    s = 0.0
    while i < len(x):
        if x[i] > 0:
            if x[i] > 1:
                s += np.sqrt(x[i])
            else:
                s += x[i] ** 2
        else:
            s -= x[i]
        i += 1
    return s


@case(V6)
def loop_with_continue_and_break(x):
    s = 0.0
    for i, v in enumerate(x):
        if i == 1:
            continue
        if i == 5:
            break
        s += v * np.cos(v)
    return s


@case(V6)
def for_else_clause(x):
    s = 0.0
    for v in x:
        if v > 10:
            break
        s += v * v
    else:
        s = s * 2
    return s


@case(V6)
def variable_defined_in_branch(x):
    for i in range(len(x)):
        if i == 0:
            acc = x[0]
        else:
            acc = acc * 0.5 + x[i]
    return acc ** 2


@case(V6)
def loop_variable_used_after(x):
    for i in range(len(x)):
        v = x[i] * 2
    return v * x[0] + i
