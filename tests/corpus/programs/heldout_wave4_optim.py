"""Held-out wave 4, part eight: optimisation test functions and objectives as they
appear in benchmark suites and tutorials -- Rosenbrock (vectorised and looped),
Rastrigin, Ackley, Griewank, Styblinski-Tang, Beale, Himmelblau, logsumexp by hand
with the max trick, softmax cross-entropy, LASSO with a smooth penalty, logistic
loss with L-BFGS-style closures, barrier and penalty methods, trust-region model,
matrix factorisation, k-means soft assignment, Sinkhorn, total least squares."""

import functools

import numpy as np
from scipy.special import logsumexp

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
rs = np.random.RandomState(8)


@case(np.array([-1.2, 1.0, 0.8, 1.1, 0.9]))
def rosenbrock_vectorised(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2.0) ** 2.0 + (1 - x[:-1]) ** 2.0)


@case(np.array([-1.2, 1.0, 0.8]))
def rosenbrock_python_loop_sum_generator(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


@case(np.array([0.3, -0.7, 1.2, 0.1]))
def rastrigin(x, A=10):
    n = x.size
    return A * n + np.sum(x ** 2 - A * np.cos(2 * np.pi * x))


@case(np.array([0.3, -0.7, 1.2]))
def ackley(x):
    a, b, c = 20, 0.2, 2 * np.pi
    d = len(x)
    s1 = -a * np.exp(-b * np.sqrt(np.sum(x ** 2) / d))
    s2 = -np.exp(np.sum(np.cos(c * x)) / d)
    return s1 + s2 + a + np.exp(1)


@case(np.array([0.3, -0.7, 1.2]))
def griewank_with_prod(x):
    i = np.arange(1, len(x) + 1)
    return 1 + np.sum(x ** 2) / 4000 - np.prod(np.cos(x / np.sqrt(i)))


@case(np.array([0.3, -0.7, 1.2]))
def styblinski_tang(x):
    return 0.5 * np.sum(x ** 4 - 16 * x ** 2 + 5 * x)


@case(np.array([1.0, 0.5]))
def beale_tuple_unpack(p):
    x, y = p
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y ** 2) ** 2 + (2.625 - x + x * y ** 3) ** 2


@case(np.array([2.5, 1.5]))
def himmelblau(v):
    x, y = v[0], v[1]
    return (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2


@case(rs.randn(6))
def logsumexp_max_trick_by_hand(z):
    m = np.max(z)
    return m + np.log(np.sum(np.exp(z - m)))


@case(rs.randn(4, 5))
def logsumexp_keepdims_axis_minus_one_vs_scipy(Z):
    m = Z.max(axis=-1, keepdims=True)
    lse = (m + np.log(np.exp(Z - m).sum(axis=-1, keepdims=True))).squeeze(-1)
    return np.sum(lse * np.arange(4)) + logsumexp(Z, b=0.5 * np.ones(5))


Xl = rs.randn(20, 5)
yl = Xl @ np.array([1.0, 0.0, -2.0, 0.0, 0.5]) + 0.1 * rs.randn(20)


@case(np.array([0.5, 0.1, -1.0, 0.2, 0.3]))
def lasso_smooth_l1_pseudo_huber(w):
    resid = yl - Xl @ w
    eps = 1e-3
    return 0.5 * resid @ resid / len(yl) + 0.1 * np.sum(np.sqrt(w ** 2 + eps ** 2))


def make_objective(X, y, reg):
    def objective(w):
        z = X @ w
        return np.mean(np.logaddexp(0, -y * z)) + 0.5 * reg * np.dot(w, w)
    return objective


obj = make_objective(Xl, np.sign(yl), 0.01)


@case(np.zeros(5) + 0.1)
def logistic_loss_closure_factory(w):
    return obj(w)


@case(np.array([0.5, 0.5]))
def log_barrier_interior_point(x):
    t = 10.0
    A = np.array([[1.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])
    b = np.array([2.0, 0.0, 0.0])
    slack = b - A @ x
    return t * (x[0] - 2 * x[1]) - np.sum(np.log(slack))


@case(np.array([0.9, 0.3]))
def quadratic_penalty_equality(x):
    mu = 50.0
    h = x[0] ** 2 + x[1] ** 2 - 1.0
    g = np.maximum(0.0, x[0] - 0.8)
    return x[0] + x[1] + mu * h ** 2 + mu * g ** 2


@case(rs.randn(4, 2), rs.randn(3, 2), wrt=0)
def matrix_factorization_observed_mask(U, V):
    R = np.array([[5.0, 3.0, 0.0], [4.0, 0.0, 1.0], [1.0, 1.0, 0.0], [0.0, 1.0, 5.0]])
    mask = R > 0
    pred = U @ V.T
    return np.sum(((pred - R) * mask) ** 2) + 0.01 * (np.sum(U ** 2) + np.sum(V ** 2))


pts = np.vstack([rs.randn(6, 2) + 2, rs.randn(6, 2) - 2])


@case(np.array([[1.5, 1.5], [-1.5, -1.0]]))
def soft_kmeans_objective(centers):
    d2 = ((pts[:, None, :] - centers[None, :, :]) ** 2).sum(-1)
    beta = 2.0
    return -np.sum(logsumexp(-beta * d2, axis=1)) / beta


@case(np.array([0.2, -0.1, 0.4]))
def sinkhorn_entropic_ot_loop(f_shift):
    a = np.full(3, 1 / 3)
    b = np.full(4, 1 / 4)
    xs = np.array([0.0, 1.0, 2.0]) + f_shift
    yt = np.array([0.5, 1.0, 1.5, 2.5])
    C = (xs[:, None] - yt[None, :]) ** 2
    K = np.exp(-C / 0.5)
    u = np.ones(3)
    for _ in range(20):
        v = b / (K.T @ u)
        u = a / (K @ v)
    P = u[:, None] * K * v[None, :]
    return np.sum(P * C)


@case(np.array([0.5, -0.3]))
def trust_region_model_with_hessian_matrix(p):
    g = np.array([1.0, -2.0])
    B = np.array([[2.0, 0.5], [0.5, 1.0]])
    m = g @ p + 0.5 * p @ B @ p
    return m + 10 * np.maximum(np.linalg.norm(p) - 1.0, 0.0) ** 2


@case(np.array([1.0, 2.0]))
def line_search_armijo_backtracking_while(x):
    def f(z):
        return np.sum((z - np.array([3.0, -1.0])) ** 2 * np.array([1.0, 10.0]))
    g = 2 * (x - np.array([3.0, -1.0])) * np.array([1.0, 10.0])
    step = 1.0
    while f(x - step * g) > f(x) - 1e-4 * step * (g @ g):
        step *= 0.5
    return f(x - step * g)


@case(np.array([0.0, 0.0]))
def gradient_descent_unrolled_with_momentum(x0):
    A = np.array([[3.0, 0.2], [0.2, 1.0]])
    b = np.array([1.0, -1.0])
    x, v = x0, np.zeros(2)
    for k in range(10):
        g = A @ x - b
        v = 0.9 * v - 0.1 * g
        x = x + v
    return 0.5 * x @ A @ x - b @ x


@case(rs.randn(5, 2))
def total_least_squares_smallest_singular_value(P):
    Pc = P - P.mean(axis=0)
    s = np.linalg.svd(Pc, compute_uv=False)
    return s[-1] ** 2


@functools.lru_cache(maxsize=None)
def weights_for(n):
    return np.linspace(1.0, 2.0, n)


@case(np.array([0.1, 0.2, 0.3, 0.4]))
def weighted_sum_of_squares_lru_cached_weights(x):
    return np.sum(weights_for(len(x)) * x ** 2)


@case(np.array([0.3, 0.2, 0.5]))
def entropy_regularised_simplex_objective(p):
    p = np.clip(p, 1e-9, None)
    p = p / p.sum()
    c = np.array([1.0, 2.0, 0.5])
    return c @ p + 0.1 * np.sum(p * np.log(p))


@case(np.array([2.0, -1.0, 0.5]))
def smooth_max_softmax_weighted_sum(x):
    w = np.exp(5 * x - np.max(5 * x))
    return np.sum(w * x) / np.sum(w)


@case(np.array([1.0, 1.0, 1.0]))
def nesterov_accelerated_fixed_steps_history_list(x0):
    f_hist = []
    x = y = x0
    t = 1.0
    Q = np.diag([1.0, 5.0, 10.0])
    for _ in range(6):
        x_new = y - 0.08 * (Q @ y)
        t_new = (1 + np.sqrt(1 + 4 * t * t)) / 2
        y = x_new + (t - 1) / t_new * (x_new - x)
        x, t = x_new, t_new
        f_hist.append(0.5 * x @ Q @ x)
    return f_hist[-1] + 0.1 * min(f_hist)


# ---------------------------------------------------------------- JAX / optax idioms in NumPy
rs_j = np.random.RandomState(0)
Xj = rs_j.randn(6, 3)
y = rs_j.randn(6)
labels_j = np.array([0, 2, 1, 1, 0, 2])
wj = np.array([0.3, -0.6, 0.45])


@case(wj.copy())
def jax_style_bincount_weights_segment_sum(w):
    seg = np.bincount(labels_j, weights=Xj @ w, minlength=3)
    return np.sum(seg ** 2)


@case(wj.copy())
def jax_style_histogram_weights(w):
    h, edges = np.histogram(Xj[:, 0], bins=4, range=(-3, 3), weights=np.exp(Xj @ w))
    return np.sum(h ** 2)


@case(wj.copy())
def jax_style_unique_inverse_group_means(w):
    u, inv = np.unique(labels_j, return_inverse=True)
    sums = np.zeros(len(u))
    np.add.at(sums, inv, Xj @ w)
    counts = np.bincount(inv)
    return np.sum((sums / counts) ** 2)


@case(wj.copy())
def jax_style_searchsorted_piecewise_linear(w):
    knots = np.array([-1.0, 0.0, 1.0])
    vals = Xj @ w
    k = np.clip(np.searchsorted(knots, vals) - 1, 0, 1)
    t = (vals - knots[k]) / (knots[k + 1] - knots[k])
    return np.sum(t ** 2)


@case(wj.copy())
def jax_style_digitize_bucket_weights(w):
    b = np.digitize(Xj[:, 1], [-0.5, 0.5])
    return np.sum(w[b] * Xj[:, 0])


@case(wj.copy())
def jax_style_tree_map_sgd_dict_comprehension(w):
    params = {'a': w, 'b': w[:2] * 2}
    def loss(p): return np.sum(np.tanh(Xj @ p['a'])) + np.sum(p['b'] ** 2)
    grads = {'a': np.cos(w), 'b': 2 * params['b']}
    for _ in range(3):
        params = {k: v - 0.1 * grads[k] for k, v in params.items()}
    return loss(params)


@case(wj.copy())
def jax_style_vmap_emulated_stack(w):
    per_example = np.stack([np.tanh(xi @ w) * yi for xi, yi in zip(Xj, y)])
    return per_example.mean()


@case(wj.copy())
def jax_style_scan_emulated_carry(w):
    def step(carry, x):
        h, c = carry
        h = np.tanh(x @ w + 0.5 * h)
        return (h, c + h ** 2), h
    carry = (0.0, 0.0)
    ys = []
    for xi in Xj:
        carry, out = step(carry, xi)
        ys.append(out)
    return carry[1] + np.sum(np.array(ys))


@case(wj.copy())
def jax_style_one_hot_eye_indexing(w):
    oh = np.eye(3)[labels_j]
    logits = np.outer(Xj @ w, np.ones(3)) * np.arange(1, 4)
    return -np.sum(oh * (logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))))


@case(wj.copy())
def jax_style_adam_unrolled(w):
    m = np.zeros_like(w); v = np.zeros_like(w); p = w
    for t in range(1, 4):
        g = Xj.T @ (Xj @ p - y)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g ** 2
        mh = m / (1 - 0.9 ** t); vh = v / (1 - 0.999 ** t)
        p = p - 0.01 * mh / (np.sqrt(vh) + 1e-8)
    return np.sum((Xj @ p - y) ** 2)


@case(wj.copy(), expect='refused', why='a nested function passed on as a value (functools.partial of it) (FALSE refusal)')
def jax_style_partial_loss(w):
    def mse(w, Xj, y, reg): return np.mean((Xj @ w - y) ** 2) + reg * w @ w
    f = functools.partial(mse, Xj=Xj, y=y, reg=0.1)
    return f(w)


@case(wj.copy(), expect='refused', why='nested functions held in a list of (fn, params) layers (FALSE refusal)')
def jax_style_layer_functions_params_passed(w):
    def dense(p, x): return x @ p[0] + p[1]
    layers = [(dense, (np.outer(w, np.ones(2)), np.zeros(2))), (dense, (np.ones((2, 1)) * w[0], np.zeros(1)))]
    h = Xj
    for fn, p in layers:
        h = np.tanh(fn(p, h))
    return np.sum(h)


@case(wj.copy(), expect='refused', why='a recursive nested function over a params tree (FALSE refusal)')
def jax_style_nested_dict_recursive_l2(w):
    params = {'enc': {'W': np.outer(w, w), 'b': w}, 'dec': {'W': w[:2] * 3}}
    def l2(tree):
        if isinstance(tree, dict):
            return sum(l2(v) for v in tree.values())
        return np.sum(tree ** 2)
    return l2(params)
