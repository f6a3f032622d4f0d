"""Held-out wave 5: hand-written time steppers and stencils -- RK4 with *args, Euler with a
trajectory list, a preallocated solution array filled in place, leapfrog/velocity-Verlet
(x += ... in place), implicit Euler with an inner Newton loop, SIR, heat/advection/Burgers/wave
equations by np.roll, slicing, np.pad(mode='edge'), 2-D Jacobi and Gauss-Seidel sweeps, the
Thomas algorithm, Crank-Nicolson, an adaptive step size in a while loop."""

import numpy as np

from ..case import case

rs = np.random.default_rng(11)

def rk4_step(f, y, t, h, *args):
    k1 = f(y, t, *args)
    k2 = f(y + h / 2 * k1, t + h / 2, *args)
    k3 = f(y + h / 2 * k2, t + h / 2, *args)
    k4 = f(y + h * k3, t + h, *args)
    return y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)

def lotka_volterra(y, t, a, b, c_, d):
    return np.array([a * y[0] - b * y[0] * y[1], d * y[0] * y[1] - c_ * y[1]])


@case(np.array([1.0, 0.4, 1.0, 0.3]), expect='refused',
      why='f(y, t, *args) forwarding differentiated args (FALSE refusal, probe 4 family 5)')
def rk4_lotka_volterra_wrt_params(p):
    y = np.array([2.0, 1.0])
    t = 0.0
    for _ in range(20):
        y = rk4_step(lotka_volterra, y, t, 0.05, p[0], p[1], p[2], p[3])
        t += 0.05
    return np.sum(y ** 2)


@case(np.array([1.0, 0.5]))
def euler_damped_oscillator_trajectory_loss(y0):
    k, c_ = 4.0, 0.3
    dt = 0.02
    traj = [y0]
    y = y0
    for i in range(50):
        dy = np.array([y[1], -k * y[0] - c_ * y[1]])
        y = y + dt * dy
        traj.append(y)
    traj = np.array(traj)
    target = np.cos(2 * np.arange(51) * dt)
    return np.mean((traj[:, 0] - target) ** 2)


@case(np.array([2.0, 0.3]))
def rk4_preallocated_solution_array(params):
    k, c_ = params
    n = 30
    Y = np.zeros((n + 1, 2))
    Y[0] = [1.0, 0.0]
    h = 0.05
    f = lambda y: np.array([y[1], -k * y[0] - c_ * y[1] ** 3])
    for i in range(n):
        y = Y[i]
        k1 = f(y); k2 = f(y + h / 2 * k1); k3 = f(y + h / 2 * k2); k4 = f(y + h * k3)
        Y[i + 1] = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return np.sum(Y[:, 0] ** 2)


@case(np.array([1.0, 0.0, 0.0, 0.5]))
def leapfrog_kepler_orbit(s0):
    q, p = s0[:2].copy(), s0[2:].copy()
    dt = 0.05
    def force(q):
        r = np.sqrt(q @ q)
        return -q / r ** 3
    p = p + 0.5 * dt * force(q)
    for _ in range(40):
        q = q + dt * p
        p = p + dt * force(q)
    p = p - 0.5 * dt * force(q)
    energy = 0.5 * p @ p - 1 / np.linalg.norm(q)
    return energy + q[0]


@case(np.array([1.0, 0.0, 0.0, 0.5]))
def velocity_verlet_in_place_updates(s0):
    x = s0[:2].copy()
    v = s0[2:].copy()
    dt = 0.05
    a = -x * (1 + 0.1 * np.sum(x ** 2))
    for _ in range(30):
        x += v * dt + 0.5 * a * dt ** 2
        a_new = -x * (1 + 0.1 * np.sum(x ** 2))
        v += 0.5 * (a + a_new) * dt
        a = a_new
    return np.sum(x ** 2) + np.sum(v)


@case(np.array([0.5]))
def implicit_euler_newton_scalar(lam):
    y = 1.0
    h = 0.1
    for _ in range(10):
        z = y
        for _ in range(6):
            g = z - y - h * (-lam[0] * z ** 3)
            dg = 1 + 3 * h * lam[0] * z ** 2
            z = z - g / dg
        y = z
    return y


@case(np.array([0.1, 0.2, 0.05]))
def sir_model_euler(p):
    beta, gamma_, i0 = p
    S, I, R = 1 - i0, i0, 0.0
    peak = 0.0
    for _ in range(60):
        new_inf = beta * 4 * S * I
        rec = gamma_ * I
        S, I, R = S - new_inf, I + new_inf - rec, R + rec
        peak = max(peak, I)
    return R + peak


@case(rs.normal(size=20) * 0.1 + np.exp(-np.linspace(-2, 2, 20) ** 2))
def heat_equation_explicit_roll(u0):
    u = u0.copy()
    r = 0.2
    for _ in range(25):
        u = u + r * (np.roll(u, 1) - 2 * u + np.roll(u, -1))
    return np.sum(u ** 2 * np.linspace(0, 1, 20))


@case(np.exp(-np.linspace(-2, 2, 20) ** 2))
def heat_equation_dirichlet_slicing(u0):
    u = u0.copy()
    u[0] = u[-1] = 0.0
    for _ in range(25):
        u[1:-1] = u[1:-1] + 0.25 * (u[2:] - 2 * u[1:-1] + u[:-2])
    return np.sum(u ** 3)


@case(np.exp(-np.linspace(-2, 2, 20) ** 2))
def heat_equation_neumann_pad_edge(u0):
    u = u0
    for _ in range(25):
        up = np.pad(u, 1, mode='edge')
        u = u + 0.25 * (up[2:] - 2 * u + up[:-2])
    return np.sum(u * np.arange(20))


@case(np.exp(-np.linspace(-2, 2, 16) ** 2))
def advection_upwind_periodic(u0):
    c_ = 0.5
    u = u0
    for _ in range(20):
        u = u - c_ * (u - np.roll(u, 1))
    return np.sum(u ** 2 * np.arange(16))


@case(np.exp(-np.linspace(-2, 2, 16) ** 2))
def burgers_lax_friedrichs(u0):
    u = u0
    dt, dx = 0.05, 0.25
    for _ in range(10):
        f = 0.5 * u ** 2
        u = 0.5 * (np.roll(u, 1) + np.roll(u, -1)) - dt / (2 * dx) * (np.roll(f, -1) - np.roll(f, 1))
    return np.sum(u ** 2)


@case(np.exp(-np.linspace(-2, 2, 16) ** 2))
def wave_equation_leapfrog_two_levels(u0):
    u_prev = u0.copy()
    u = u0.copy()
    c2 = 0.3
    for _ in range(15):
        lap = np.zeros_like(u)
        lap[1:-1] = u[2:] - 2 * u[1:-1] + u[:-2]
        u_next = 2 * u - u_prev + c2 * lap
        u_prev, u = u, u_next
    return np.sum(u * np.linspace(-1, 1, 16))


@case(rs.normal(size=(6, 6)) * 0.1 + 1)
def laplace_2d_jacobi_iterations(g):
    u = np.zeros((6, 6))
    u[0, :] = g[0]
    u[-1, :] = g[-1]
    for _ in range(20):
        u[1:-1, 1:-1] = 0.25 * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:]) + 0.01 * g[1:-1, 1:-1]
    return np.sum(u ** 2)


@case(rs.normal(size=(6, 6)) * 0.1 + 1)
def heat_2d_roll_both_axes(u0):
    u = u0
    for _ in range(10):
        lap = (np.roll(u, 1, 0) + np.roll(u, -1, 0) + np.roll(u, 1, 1) + np.roll(u, -1, 1) - 4 * u)
        u = u + 0.1 * lap
    return np.sum(u[2:4, 2:4] ** 2)


@case(rs.normal(size=(6, 6)) * 0.1 + 1)
def gauss_seidel_in_place_loops(f):
    n = 6
    u = np.zeros((n, n))
    for _ in range(3):
        for i in range(1, n - 1):
            for j in range(1, n - 1):
                u[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1] + 0.1 * f[i, j])
    return np.sum(u)


@case(np.linspace(0.1, 1.0, 8))
def tridiagonal_thomas_solver(d):
    n = len(d)
    a = np.full(n, -1.0); b = np.full(n, 2.5); cc = np.full(n, -1.0)
    cp = np.zeros(n); dp = np.zeros(n)
    cp[0] = cc[0] / b[0]; dp[0] = d[0] / b[0]
    for i in range(1, n):
        m = b[i] - a[i] * cp[i - 1]
        cp[i] = cc[i] / m
        dp[i] = (d[i] - a[i] * dp[i - 1]) / m
    x = np.zeros(n)
    x[-1] = dp[-1]
    for i in range(n - 2, -1, -1):
        x[i] = dp[i] - cp[i] * x[i + 1]
    return np.sum(x ** 2)


@case(np.array([1.0, 0.2]))
def crank_nicolson_matrix_solve(params):
    D, k = params
    n = 8
    L = (np.diag(-2 * np.ones(n)) + np.diag(np.ones(n - 1), 1) + np.diag(np.ones(n - 1), -1)) * D
    I = np.eye(n)
    A = I - 0.05 * L
    B = I + 0.05 * L
    u = np.exp(-np.linspace(-2, 2, n) ** 2)
    for _ in range(5):
        u = np.linalg.solve(A, B @ u - 0.1 * k * u)
    return np.sum(u ** 2)


@case(np.array([0.8, 0.3]))
def adaptive_step_rk_with_while(p):
    a, b = p
    t, y, h = 0.0, 1.0, 0.1
    while t < 1.0:
        h = min(h, 1.0 - t)
        k1 = -a * y + b * np.sin(t)
        k2 = -a * (y + h * k1) + b * np.sin(t + h)
        y_new = y + h / 2 * (k1 + k2)
        err = abs(h / 2 * (k2 - k1))
        if err < 1e-3:
            t += h
            y = y_new
        h = h * 0.9 * min(2.0, max(0.5, (1e-3 / (err + 1e-12)) ** 0.5))
    return y


@case(np.array([0.5, 0.5, 0.3]))
def symplectic_euler_pendulum(s):
    th, om, g = s
    dt = 0.05
    for _ in range(40):
        om = om - dt * 9.81 * g * np.sin(th)
        th = th + dt * om
    return th ** 2 + om


@case(np.array([10.0, 28.0, 8 / 3]))
def lorenz_short_horizon(p):
    sig, rho, beta = p
    x = np.array([1.0, 1.0, 1.0])
    dt = 0.005
    for _ in range(40):
        dx = np.array([sig * (x[1] - x[0]), x[0] * (rho - x[2]) - x[1], x[0] * x[1] - beta * x[2]])
        x = x + dt * dx
    return np.sum(x)


@case(np.linspace(0.1, 1.0, 10))
def finite_difference_jacobian_free_energy(u):
    h = 1.0 / (len(u) + 1)
    du = np.diff(np.concatenate([[0.0], u, [0.0]])) / h
    return 0.5 * np.sum(du ** 2) * h - np.sum(u) * h + 0.25 * np.sum(u ** 4) * h
