"""Held-out wave 6: ODE nets and simulations -- a neural ODE by fixed-step RK4 with a params
tuple, an adjoint-free Euler unroll with an integer step count from the data, scipy's
solve_ivp with t_eval, odeint with args, a 2-D stable-fluids step (semi-Lagrangian advection
with np.floor/bilinear interpolation, Jacobi pressure solve, np.roll periodic boundaries),
Lotka-Volterra with parameters, a mass-spring chain with np.diff, leapfrog N-body."""

import numpy as np
from scipy.integrate import odeint, solve_ivp

from ..case import case

rs = np.random.RandomState(56)
P_ODE = (rs.randn(2, 4) * 0.5, rs.randn(4) * 0.1, rs.randn(4, 2) * 0.5)


def mlp_dynamics(params, y, t):
    W1, b1, W2 = params
    return np.tanh(y @ W1 + b1 + t) @ W2


@case(P_ODE)
def neural_ode_rk4(params):
    y = np.array([1.0, -0.5])
    h = 0.1
    t = 0.0
    for _ in range(10):
        k1 = mlp_dynamics(params, y, t)
        k2 = mlp_dynamics(params, y + h / 2 * k1, t + h / 2)
        k3 = mlp_dynamics(params, y + h / 2 * k2, t + h / 2)
        k4 = mlp_dynamics(params, y + h * k3, t + h)
        y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        t = t + h
    return np.sum((y - np.array([0.5, 0.2])) ** 2)


@case(np.array([1.0, -0.5]))
def neural_ode_wrt_initial_state(y0):
    y = y0
    ys = [y]
    for i in range(8):
        y = y + 0.1 * mlp_dynamics(P_ODE, y, 0.1 * i)
        ys.append(y)
    return np.sum(np.stack(ys) ** 2)


@case(np.array([1.0, 0.1, 1.5, 0.75]))
def lotka_volterra_euler(p):
    a, b, c, d = p
    z = np.array([10.0, 5.0])
    for _ in range(50):
        dz = np.array([a * z[0] - b * z[0] * z[1], d * z[0] * z[1] / 10 - c * z[1]])
        z = z + 0.01 * dz
    return z[0] + 2 * z[1]


@case(np.array([1.0, 0.1, 1.5, 0.75]),
      expect='refused', why='grad: srcad inlines the nested function rhs where it is called, and cannot pass it on as a value (what it reads from (FALSE refusal, R2)')
def lotka_volterra_odeint(p):
    def rhs(z, t, a, b, c, d):
        return [a * z[0] - b * z[0] * z[1], d * z[0] * z[1] / 10 - c * z[1]]
    sol = odeint(rhs, [10.0, 5.0], np.linspace(0, 0.5, 6), args=tuple(p), rtol=1e-10, atol=1e-10)
    return np.sum(sol[-1])


@case(np.array([0.8, 0.3]),
      expect='refused', why='grad: srcad inlines a lambda where it is called, and cannot pass it on as a value (FALSE refusal, R2)')
def solve_ivp_t_eval(p):
    sol = solve_ivp(lambda t, y: [-p[0] * y[0] + p[1] * np.sin(t)], (0, 1), [1.0],
                    t_eval=np.linspace(0, 1, 5), rtol=1e-10, atol=1e-12)
    return np.sum(sol.y[0] ** 2)


@case(np.array([0.5, -0.2, 0.8, 0.1, -0.4]))
def mass_spring_chain(u0):
    u = u0.copy()
    v = np.zeros(5)
    for _ in range(20):
        f = np.diff(u, prepend=0.0, append=0.0)
        a = np.diff(f)
        v = v + 0.05 * a
        u = u + 0.05 * v
    return np.sum(u ** 2) + np.sum(v ** 2)


@case(np.array([[0.0, 0.0], [1.0, 0.2], [-0.5, 0.9]]))
def leapfrog_nbody(pos0):
    pos = pos0.copy()
    vel = np.zeros_like(pos)
    m = np.array([1.0, 0.5, 0.3])
    def acc(p):
        d = p[None, :, :] - p[:, None, :]
        r3 = (np.sum(d ** 2, axis=-1) + 0.1) ** 1.5
        return np.sum(m[None, :, None] * d / r3[:, :, None], axis=1)
    a = acc(pos)
    for _ in range(10):
        vel = vel + 0.05 * a
        pos = pos + 0.1 * vel
        a = acc(pos)
        vel = vel + 0.05 * a
    return np.sum(pos[:, 0] * np.array([1.0, 2.0, 3.0]))


def bilinear(f, x, y):
    n = f.shape[0]
    x0 = np.floor(x).astype(int)
    y0 = np.floor(y).astype(int)
    sx = x - x0
    sy = y - y0
    x0 %= n
    y0 %= n
    x1 = (x0 + 1) % n
    y1 = (y0 + 1) % n
    return ((1 - sx) * ((1 - sy) * f[x0, y0] + sy * f[x0, y1]) +
            sx * ((1 - sy) * f[x1, y0] + sy * f[x1, y1]))


n_grid = 6
gx, gy = np.meshgrid(np.arange(n_grid), np.arange(n_grid), indexing='ij')
VX = 0.37 * np.sin(np.linspace(0, 3, 36)).reshape(6, 6)
VY = 0.29 * np.cos(np.linspace(0, 2, 36)).reshape(6, 6)


@case(np.sin(np.linspace(0, 4, 36)).reshape(6, 6))
def semi_lagrangian_advection(f0):
    f = f0
    for _ in range(2):
        f = bilinear(f, gx - VX, gy - VY)
    return np.sum(f ** 2 * np.arange(36.0).reshape(6, 6))


@case(0.3 * np.cos(np.linspace(0, 3, 36)).reshape(6, 6))
def advection_wrt_velocity(vx):
    f = np.sin(np.linspace(0, 4, 36)).reshape(6, 6)
    g = bilinear(f, gx - vx, gy - VY)
    return np.sum(g * np.arange(36.0).reshape(6, 6))


@case(np.sin(np.linspace(0, 4, 36)).reshape(6, 6))
def jacobi_pressure_roll(div):
    p = np.zeros_like(div)
    for _ in range(15):
        p = (np.roll(p, 1, 0) + np.roll(p, -1, 0) + np.roll(p, 1, 1) + np.roll(p, -1, 1) - div) / 4.0
    return np.sum(p * np.arange(36.0).reshape(6, 6))


@case(np.sin(np.linspace(0, 4, 36)).reshape(6, 6))
def projection_step_divergence_free(vx):
    vy = VY
    div = 0.5 * (np.roll(vx, -1, 0) - np.roll(vx, 1, 0) + np.roll(vy, -1, 1) - np.roll(vy, 1, 1))
    p = np.zeros_like(div)
    for _ in range(10):
        p = (np.roll(p, 1, 0) + np.roll(p, -1, 0) + np.roll(p, 1, 1) + np.roll(p, -1, 1) - div) / 4.0
    vx = vx - 0.5 * (np.roll(p, -1, 0) - np.roll(p, 1, 0))
    return np.sum(vx ** 2)


@case(np.sin(np.linspace(0, 4, 36)).reshape(6, 6))
def diffusion_explicit_interior_slices(u0):
    u = u0.copy()
    for _ in range(5):
        lap = np.zeros_like(u)
        lap[1:-1, 1:-1] = u[2:, 1:-1] + u[:-2, 1:-1] + u[1:-1, 2:] + u[1:-1, :-2] - 4 * u[1:-1, 1:-1]
        u[1:-1, 1:-1] += 0.1 * lap[1:-1, 1:-1]
    return np.sum(u ** 2)


@case(np.array([1.0, 0.0, 0.0, 0.5]))
def orbit_symplectic_euler_variable_steps(s0):
    q = s0[:2].copy()
    p = s0[2:].copy()
    n_steps = int(10 * (1 + (s0[0] > 0)))
    for _ in range(n_steps):
        r = np.linalg.norm(q)
        p -= 0.05 * q / r ** 3
        q += 0.05 * p
    return 0.5 * p @ p - 1 / np.linalg.norm(q)


@case(np.array([0.2, 1.0]))
def van_der_pol_adaptive_step_while(p):
    y = np.array([2.0, 0.0])
    t, h = 0.0, 0.05
    while t < 1.0:
        h = min(h, 1.0 - t)
        dy = np.array([y[1], p[1] * (1 - y[0] ** 2) * y[1] - y[0] + p[0]])
        y = y + h * dy
        t += h
    return np.sum(y)
