"""Held-out wave 4, part three: simulations people differentiate -- autograd's fluid
simulation (semi-Lagrangian advection with bilinear interpolation, pressure projection
by Jacobi iterations), the wave equation with np.roll, heat equation with in-place
boundary updates, Burgers, an ODE net with fixed-step Euler/RK4, a shooting method,
Lotka-Volterra parameter fitting, reaction-diffusion, and the 1-D Poisson solve."""

import numpy as np

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
rs = np.random.RandomState(77)


def project(vx, vy, iters=4):
    """Make the velocity field divergence-free (autograd fluidsim style)."""
    p = np.zeros(vx.shape)
    h = 1.0 / vx.shape[0]
    div = -0.5 * h * (np.roll(vx, -1, axis=0) - np.roll(vx, 1, axis=0)
                      + np.roll(vy, -1, axis=1) - np.roll(vy, 1, axis=1))
    for k in range(iters):
        p = (div + np.roll(p, 1, axis=0) + np.roll(p, -1, axis=0)
             + np.roll(p, 1, axis=1) + np.roll(p, -1, axis=1)) / 4.0
    vx = vx - 0.5 * (np.roll(p, -1, axis=0) - np.roll(p, 1, axis=0)) / h
    vy = vy - 0.5 * (np.roll(p, -1, axis=1) - np.roll(p, 1, axis=1)) / h
    return vx, vy


def advect(f, vx, vy):
    """Move field f according to x and y velocities (u and v) using an implicit Euler
    integrator, with bilinear interpolation."""
    rows, cols = f.shape
    cell_ys, cell_xs = np.meshgrid(np.arange(rows), np.arange(cols))
    center_xs = (cell_xs - vx).ravel()
    center_ys = (cell_ys - vy).ravel()
    left_ix = np.floor(center_xs).astype(int)
    top_ix = np.floor(center_ys).astype(int)
    rw = center_xs - left_ix
    bw = center_ys - top_ix
    left_ix = np.mod(left_ix, rows)
    right_ix = np.mod(left_ix + 1, rows)
    top_ix = np.mod(top_ix, cols)
    bot_ix = np.mod(top_ix + 1, cols)
    flat_f = (1 - rw) * ((1 - bw) * f[left_ix, top_ix] + bw * f[left_ix, bot_ix]) \
        + rw * ((1 - bw) * f[right_ix, top_ix] + bw * f[right_ix, bot_ix])
    return np.reshape(flat_f, (rows, cols))


target_smoke = np.zeros((6, 6))
target_smoke[2:4, 2:5] = 1.0


@case(0.3 * rs.randn(2, 6, 6), modes=FIRST)
def autograd_fluidsim_optimize_initial_velocity(init_vel):
    vx, vy = init_vel[0], init_vel[1]
    smoke = np.zeros((6, 6))
    smoke[1:3, 1:3] = 1.0
    for t in range(3):
        vx, vy = project(vx, vy)
        vx = advect(vx, vx, vy)
        vy = advect(vy, vx, vy)
        smoke = advect(smoke, vx, vy)
    return np.mean((smoke - target_smoke) ** 2)


@case(0.1 * np.sin(np.linspace(0, np.pi, 20)))
def wave_equation_leapfrog_roll(u0):
    c, dt, dx = 1.0, 0.05, 0.1
    u_prev = u0.copy()
    u = u0.copy()
    for step in range(15):
        lap = np.roll(u, 1) - 2 * u + np.roll(u, -1)
        u_next = 2 * u - u_prev + (c * dt / dx) ** 2 * lap
        u_next[0] = u_next[-1] = 0.0
        u_prev, u = u, u_next
    return np.sum(u ** 2) + 0.5 * np.sum((u - u_prev) ** 2) / dt ** 2


# FIXED on the live tree (refused at HEAD b328e35: T[0], T[-1] = a, b: tuple target of subscripts (FALSE refusal))
@case(np.array([0.8, 0.4]))
def heat_equation_inplace_dirichlet_bc(params):
    kappa, src = params
    T = np.zeros(12)
    T[0], T[-1] = 1.0, 0.0
    dt = 0.1
    for _ in range(30):
        Tn = T.copy()
        T[1:-1] = Tn[1:-1] + kappa * dt * (Tn[2:] - 2 * Tn[1:-1] + Tn[:-2]) + dt * src * Tn[1:-1] * 0.1
    return T[5] + T.mean()


@case(0.5 + 0.3 * np.sin(np.linspace(0, 2 * np.pi, 16, endpoint=False)))
def burgers_upwind_np_where(u):
    dx, dt = 0.1, 0.02
    for n in range(10):
        up = np.roll(u, -1)
        um = np.roll(u, 1)
        flux = np.where(u > 0, u * (u - um) / dx, u * (up - u) / dx)
        u = u - dt * flux
    return np.sum(u ** 3)


def odenet_dynamics(params, h, t):
    W1, b1, W2, b2 = params
    return np.tanh(np.tanh(h @ W1 + b1 + t) @ W2 + b2)


def euler_odeint(f, y0, ts, params):
    ys = [y0]
    y = y0
    for t0, t1 in zip(ts[:-1], ts[1:]):
        y = y + (t1 - t0) * f(params, y, t0)
        ys.append(y)
    return np.stack(ys)


ts = np.linspace(0.0, 1.0, 8)
traj_target = np.stack([np.cos(ts), np.sin(ts)], axis=1)


@case([0.3 * rs.randn(2, 5), np.zeros(5), 0.3 * rs.randn(5, 2), np.zeros(2)])
def ode_net_fixed_step_euler_list_params(params):
    ys = euler_odeint(odenet_dynamics, np.array([1.0, 0.0]), ts, params)
    return np.mean((ys - traj_target) ** 2)


def rk4_step(f, y, t, dt, *args):
    k1 = f(y, t, *args)
    k2 = f(y + dt / 2 * k1, t + dt / 2, *args)
    k3 = f(y + dt / 2 * k2, t + dt / 2, *args)
    k4 = f(y + dt * k3, t + dt, *args)
    return y + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)


def lotka_volterra(y, t, a, b, c, d):
    prey, pred = y
    return np.array([a * prey - b * prey * pred, -c * pred + d * prey * pred])


obs_lv = np.array([[1.0, 0.5], [1.08, 0.49], [1.15, 0.49], [1.21, 0.5]])


@case(np.array([0.9, 0.4, 0.8, 0.3]),
      expect='refused', why='f(y, t, *args) with differentiated args forwarded through a function parameter (FALSE refusal)')
def lotka_volterra_rk4_star_args_fit(theta):
    a, b, c, d = theta
    y = np.array([1.0, 0.5])
    dt = 0.1
    sim = [y]
    for k in range(3):
        y = rk4_step(lotka_volterra, y, k * dt, dt, a, b, c, d)
        sim.append(y)
    return np.sum((np.array(sim) - obs_lv) ** 2)


@case(1.2)
def shooting_method_projectile_drag(v0):
    g, k, dt = 9.81, 0.1, 0.01
    pos = np.array([0.0, 0.0])
    vel = np.array([v0 * np.cos(0.7), v0 * np.sin(0.7)])
    for i in range(20):
        speed = np.linalg.norm(vel)
        acc = np.array([0.0, -g]) - k * speed * vel
        vel = vel + dt * acc
        pos = pos + dt * vel
    return (pos[0] - 0.25) ** 2


@case(np.array([0.1, 0.05]))
def reaction_diffusion_gray_scott_small(params):
    F, kk = params
    n = 8
    U = np.ones(n)
    Vv = np.zeros(n)
    Vv[3:5] = 0.5
    for _ in range(10):
        lapU = np.roll(U, 1) + np.roll(U, -1) - 2 * U
        lapV = np.roll(Vv, 1) + np.roll(Vv, -1) - 2 * Vv
        uvv = U * Vv * Vv
        U = U + 0.2 * lapU - uvv + F * (1 - U)
        Vv = Vv + 0.1 * lapV + uvv - (F + kk) * Vv
    return Vv.sum()


@case(np.linspace(0.5, 1.5, 9))
def poisson_1d_tridiagonal_solve_conductivity(k):
    n = len(k) - 1
    A = np.zeros((n, n))
    main = k[:-1] + k[1:]
    A[np.arange(n), np.arange(n)] = main
    A[np.arange(n - 1), np.arange(1, n)] = -k[1:-1]
    A[np.arange(1, n), np.arange(n - 1)] = -k[1:-1]
    f = np.ones(n) / n ** 2
    u = np.linalg.solve(A, f)
    return u @ f


@case(np.array([1.0, 0.3]))
def damped_oscillator_scipy_solve_ivp_refused_or_ok(params):
    omega, zeta = params
    dt = 0.05
    x, v = 1.0, 0.0
    energies = []
    for n in range(40):
        a = -omega ** 2 * x - 2 * zeta * omega * v
        v += a * dt
        x += v * dt
        energies.append(0.5 * v ** 2 + 0.5 * omega ** 2 * x ** 2)
    return energies[-1] - energies[0] + max(energies[10:])


@case(np.array([0.2, 0.1, -0.1, 0.0, 0.3, 0.2]))
def advection_diffusion_matrix_power_stepping(u0):
    n = len(u0)
    D = np.eye(n, k=1) + np.eye(n, k=-1) - 2 * np.eye(n)
    Adv = np.eye(n, k=1) - np.eye(n, k=-1)
    M = np.eye(n) + 0.1 * D - 0.05 * Adv
    u = np.linalg.matrix_power(M, 5) @ u0
    return np.sum(u ** 2)


@case(np.array([2.0, 1.0]))
def adaptive_step_while_loop_error_control(y0):
    t, T, h = 0.0, 1.0, 0.25
    y = y0
    n_steps = 0
    while t < T - 1e-12 and n_steps < 50:
        k1 = -y ** 3
        k2 = -(y + h * k1) ** 3
        err = np.max(np.abs(h * (k2 - k1) / 2))
        if err > 1e-2:
            h = h / 2
            continue
        y = y + h * (k1 + k2) / 2
        t += h
        n_steps += 1
    return np.sum(y)


@case(np.array([0.3, 0.7, 0.2, 0.5, 0.9]))
def cahn_hilliard_free_energy_gradient_term(phi):
    dx = 0.5
    grad_phi = np.diff(phi, append=phi[:1]) / dx
    bulk = 0.25 * (phi ** 2 - 1) ** 2
    return np.sum(bulk + 0.5 * grad_phi ** 2) * dx


@case(np.linspace(0.1, 0.9, 7),
      # (NumPy < 2.4 has np.trapz, whose source srcad reads; on NumPy >= 2.4 the branch
      # that names it is never taken, but srcad compiles it and cannot resolve np.trapz)
      expect='ok' if hasattr(np, 'trapz') else 'refused',
      why='np.trapz (gone in NumPy 2.4) in a branch never taken: it is compiled too (FALSE refusal)')
def finite_volume_np_gradient_edge_order(u):
    du = np.gradient(u, 0.1, edge_order=2)
    d2u = np.gradient(du, 0.1)
    return np.trapz(du ** 2 + 0.1 * d2u ** 2, dx=0.1) if hasattr(np, 'trapz') else \
        np.trapezoid(du ** 2 + 0.1 * d2u ** 2, dx=0.1)


@case(np.array([[0.0, 0.1, 0.0], [0.2, 0.5, 0.1], [0.0, 0.1, 0.3]]))
def heat_2d_laplacian_pad_edge(T0):
    T = T0
    for _ in range(5):
        Tp = np.pad(T, 1, mode='edge')
        lap = Tp[:-2, 1:-1] + Tp[2:, 1:-1] + Tp[1:-1, :-2] + Tp[1:-1, 2:] - 4 * T
        T = T + 0.2 * lap
    return np.sum(T * np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9]]))


@case(np.array([1.0, 0.0, 0.0, 1.0]))
def symplectic_leapfrog_kepler_orbit(state):
    q = state[:2].copy()
    p = state[2:].copy()
    dt = 0.05
    for _ in range(20):
        r3 = np.sum(q ** 2) ** 1.5
        p -= 0.5 * dt * q / r3
        q += dt * p
        r3 = np.sum(q ** 2) ** 1.5
        p -= 0.5 * dt * q / r3
    return 0.5 * p @ p - 1 / np.sqrt(q @ q)


@case(np.array([0.5, 1.5]))
def sir_epidemic_euler_peak(theta):
    beta, gamma_inv = theta
    gamma = 1.0 / gamma_inv
    S, I, R = 0.99, 0.01, 0.0
    history = np.zeros((30, 3))
    for day in range(30):
        new_inf = beta * S * I
        new_rec = gamma * I
        S, I, R = S - new_inf, I + new_inf - new_rec, R + new_rec
        history[day] = S, I, R
    return history[:, 1].sum() + history[-1, 2]
