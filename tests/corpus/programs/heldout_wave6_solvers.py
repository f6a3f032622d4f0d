"""Held-out wave 6: optimisation and root-finding loops differentiated by unrolling --
gradient descent with a tolerance, Newton with while and break, backtracking (Armijo) line
search, bisection, fixed-point iteration, momentum/Adam steps written by hand, conjugate
gradient, Gauss-Newton, projected gradient onto a simplex (sort-based), coordinate descent
with soft thresholding, Sinkhorn iterations, power iteration, golden section."""

import numpy as np

from ..case import case

rs = np.random.RandomState(16)
A_spd = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]])
b3 = np.array([1.0, -0.5, 0.3])


def rosenbrock(p):
    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2


@case(np.array([-1.2, 1.0]))
def rosenbrock_value(p):
    return rosenbrock(p)


@case(np.array([0.3, 0.1]))
def gradient_descent_unrolled_fixed_steps(p0):
    p = p0.copy()
    for _ in range(10):
        g = np.array([-2 * (1 - p[0]) - 400 * p[0] * (p[1] - p[0] ** 2), 200 * (p[1] - p[0] ** 2)])
        p = p - 1e-3 * g
    return rosenbrock(p)


@case(np.array([0.5, 1.5]))
def newton_sqrt_while_tol(a):
    # y = sqrt(a) by Newton; derivative of the converged y matches 1/(2 sqrt(a))
    y = np.ones_like(a)
    while np.max(np.abs(y * y - a)) > 1e-12:
        y = 0.5 * (y + a / y)
    return np.sum(y)


@case(np.array([0.7]))
def newton_kepler_break(M):
    E = M.copy()
    for _ in range(50):
        dE = (E - 0.3 * np.sin(E) - M) / (1 - 0.3 * np.cos(E))
        E = E - dE
        if np.all(np.abs(dE) < 1e-13):
            break
    return np.sum(E)


@case(np.array([0.3, 0.8]))
def backtracking_line_search(p0):
    p = p0.copy()
    for _ in range(5):
        g = np.array([2 * p[0] + np.sin(p[1]), p[0] * np.cos(p[1]) + 4 * p[1]])
        t = 1.0
        f0 = p[0] ** 2 + p[0] * np.sin(p[1]) + 2 * p[1] ** 2
        while True:
            q = p - t * g
            fq = q[0] ** 2 + q[0] * np.sin(q[1]) + 2 * q[1] ** 2
            if fq <= f0 - 0.5 * t * np.dot(g, g):
                break
            t = 0.5 * t
        p = q
    return np.sum(p ** 2)


@case(np.array([0.5, 0.2]))
def fixed_point_contraction(theta):
    z = np.zeros(2)
    for _ in range(60):
        z = np.tanh(np.array([[0.3, -0.2], [0.1, 0.4]]) @ z + theta)
    return np.sum(z ** 2)


@case(b3)
def conjugate_gradient_solve(b):
    x = np.zeros(3)
    r = b - A_spd @ x
    p = r.copy()
    rs_old = r @ r
    for _ in range(3):
        Ap = A_spd @ p
        alpha = rs_old / (p @ Ap)
        x = x + alpha * p
        r = r - alpha * Ap
        rs_new = r @ r
        if np.sqrt(rs_new) < 1e-14:
            break
        p = r + (rs_new / rs_old) * p
        rs_old = rs_new
    return np.sum(x * np.array([1.0, 2.0, 3.0]))


@case(np.array([0.1, 0.2, 0.3]))
def momentum_sgd_loop(w0):
    w = w0.copy()
    v = np.zeros_like(w)
    for k in range(8):
        g = A_spd @ w - b3
        v = 0.9 * v + g
        w -= 0.05 * v
    return 0.5 * w @ A_spd @ w - b3 @ w


@case(np.array([0.1, 0.2, 0.3]))
def adam_by_hand(w0):
    w = w0.copy()
    m = np.zeros(3)
    s = np.zeros(3)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for t in range(1, 6):
        g = A_spd @ w - b3
        m = b1 * m + (1 - b1) * g
        s = b2 * s + (1 - b2) * g ** 2
        mh = m / (1 - b1 ** t)
        sh = s / (1 - b2 ** t)
        w = w - 0.1 * mh / (np.sqrt(sh) + eps)
    return np.sum(w ** 2)


@case(np.array([1.0, 0.5]))
def gauss_newton_exponential_fit(theta0):
    t = np.linspace(0, 1, 6)
    y = 2.0 * np.exp(-1.3 * t)
    th = theta0.copy()
    for _ in range(4):
        r = th[0] * np.exp(-th[1] * t) - y
        J = np.stack([np.exp(-th[1] * t), -th[0] * t * np.exp(-th[1] * t)], axis=1)
        th = th - np.linalg.solve(J.T @ J + 1e-3 * np.eye(2), J.T @ r)
    return np.sum(th)


@case(np.array([0.4, -0.2, 0.9, 0.1]))
def simplex_projection_sort(v):
    u = np.sort(v)[::-1]
    css = np.cumsum(u)
    rho = np.nonzero(u * np.arange(1, 5) > (css - 1))[0][-1]
    theta = (css[rho] - 1) / (rho + 1.0)
    w = np.maximum(v - theta, 0)
    return np.sum(w * np.array([1.0, 2.0, 3.0, 4.0]))


@case(np.array([0.9, -0.2, 0.05]))
def lasso_coordinate_descent(y):
    X = np.array([[1.0, 0.2], [0.3, 1.0], [0.5, -0.4]])
    lam = 0.1
    w = np.zeros(2)
    for _ in range(20):
        for j in range(2):
            r = y - X @ w + X[:, j] * w[j]
            rho = X[:, j] @ r
            w[j] = np.sign(rho) * np.maximum(np.abs(rho) - lam, 0.0) / (X[:, j] @ X[:, j])
    return np.sum(w ** 2)


@case(np.array([[0.1, 0.5, 0.3], [0.4, 0.2, 0.9]]))
def sinkhorn_iterations(C):
    K = np.exp(-C / 0.1)
    a = np.array([0.5, 0.5])
    b = np.array([0.3, 0.3, 0.4])
    u = np.ones(2)
    for _ in range(50):
        v = b / (K.T @ u)
        u = a / (K @ v)
    P = u[:, None] * K * v[None, :]
    return np.sum(P * C)


@case(np.array([[0.1, 0.5, 0.3], [0.4, 0.2, 0.9]]))
def log_domain_sinkhorn(C):
    eps = 0.1
    la = np.log(np.array([0.5, 0.5]))
    lb = np.log(np.array([0.3, 0.3, 0.4]))
    f = np.zeros(2)
    g = np.zeros(3)
    for _ in range(40):
        M = (f[:, None] + g[None, :] - C) / eps
        mf = M.max(axis=1, keepdims=True)
        f = f + eps * (la - (mf[:, 0] + np.log(np.exp(M - mf).sum(axis=1))))
        M = (f[:, None] + g[None, :] - C) / eps
        mg = M.max(axis=0, keepdims=True)
        g = g + eps * (lb - (mg[0] + np.log(np.exp(M - mg).sum(axis=0))))
    return np.sum(f) + np.sum(g)


@case(A_spd)
def power_iteration_top_eig(A):
    v = np.ones(3) / np.sqrt(3)
    for _ in range(100):
        w = A @ v
        v = w / np.linalg.norm(w)
    return v @ A @ v


# hvp left out: t* depends on c only through comparisons (derivative 0 by design, as in JAX);
# the gradient is still right by the envelope theorem, the Hessian is not
@case(np.array([1.3]), modes=('grad', 'value_and_grad', 'vjp', 'jvp'))
def golden_section_min_location(c):
    # argmin of (t - c)^2 + 0.1 t^4; unrolled golden section: each comparison is a branch
    gr = (np.sqrt(5) - 1) / 2
    a, b = -3.0, 3.0
    for _ in range(80):
        x1 = b - gr * (b - a)
        x2 = a + gr * (b - a)
        if (x1 - c[0]) ** 2 + 0.1 * x1 ** 4 < (x2 - c[0]) ** 2 + 0.1 * x2 ** 4:
            b = x2
        else:
            a = x1
    tstar = 0.5 * (a + b)
    return (tstar - c[0]) ** 2 + 0.1 * tstar ** 4      # envelope theorem: d/dc = -2 (t* - c)


@case(np.array([0.5, -0.3]))
def early_stopping_on_loss_increase(w0):
    w = w0.copy()
    prev = np.inf
    for k in range(30):
        loss = np.sum((w - 1.0) ** 2) + 0.3 * np.sum(np.sin(3 * w))
        if loss > prev - 1e-10:
            break
        prev = loss
        w = w - 0.05 * (2 * (w - 1.0) + 0.9 * np.cos(3 * w))
    return prev


@case(np.array([0.5, -0.3]))
def lbfgs_two_loop_few_steps(w0):
    def fg(w):
        return np.sum(np.cosh(w)) + 0.5 * w @ w, np.sinh(w) + w
    w = w0.copy()
    f, g = fg(w)
    S, Y = [], []
    for _ in range(3):
        q = g.copy()
        alphas = []
        for s, y in zip(reversed(S), reversed(Y)):
            a = (s @ q) / (y @ s)
            q = q - a * y
            alphas.append(a)
        for (s, y), a in zip(zip(S, Y), reversed(alphas)):
            bta = (y @ q) / (y @ s)
            q = q + s * (a - bta)
        w_new = w - 0.5 * q
        f_new, g_new = fg(w_new)
        S.append(w_new - w)
        Y.append(g_new - g)
        w, f, g = w_new, f_new, g_new
    return f
