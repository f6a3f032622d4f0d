"""Everyday physics and simulation programs: Euler and leapfrog steps,
springs, pendulums, orbits, diffusion on a grid, particles, energies."""

import numpy as np

from ..case import case

_rng = np.random.default_rng(202)
POS3 = _rng.standard_normal((4, 2)) * 1.5
VEL3 = _rng.standard_normal((4, 2)) * 0.3
MASS = np.array([1.0, 2.0, 1.5, 0.7])
TEMP0 = np.sin(np.linspace(0, np.pi, 10)) + 0.1
CHAIN = np.linspace(0.0, 3.0, 5) + 0.05 * _rng.standard_normal(5)
Q2 = np.array([0.6, -0.4])
CHARGES = np.array([1.0, -0.5, 0.8, -1.2])


@case(0.8)
def falling_body_euler(v0):
    g = 9.81
    dt = 0.01
    x, v = 0.0, v0
    for _ in range(50):
        x = x + v * dt
        v = v - g * dt
    return x


@case(1.3)
def projectile_range_with_drag(v0):
    dt = 0.02
    k = 0.1
    pos = np.array([0.0, 0.0])
    vel = np.array([v0 * np.cos(0.7), v0 * np.sin(0.7)])
    for step in range(20):
        speed = np.sqrt(vel @ vel)
        acc = np.array([0.0, -9.81]) - k * speed * vel
        vel = vel + dt * acc
        pos = pos + dt * vel
    return pos[0] + pos[1]


@case(2.0)
def spring_mass_euler(k):
    x, v = 1.0, 0.0
    dt = 0.05
    m = 0.5
    for t in range(40):
        a = -k / m * x
        v += a * dt
        x += v * dt
    return x ** 2 + v ** 2


@case(0.3)
def damped_oscillator_energy(c):
    x, v = 1.0, 0.0
    dt = 0.02
    for _ in range(60):
        a = -4.0 * x - c * v
        x, v = x + dt * v, v + dt * a
    return 0.5 * v ** 2 + 2.0 * x ** 2


@case(0.9)
def pendulum_semi_implicit(theta0):
    theta, omega = theta0, 0.0
    dt = 0.05
    for _ in range(30):
        omega = omega - dt * 9.81 * np.sin(theta)
        theta = theta + dt * omega
    return np.cos(theta)


@case(np.array([0.9, 0.1]))
def pendulum_state_vector(s0):
    s = s0.copy()
    dt = 0.05
    for _ in range(25):
        ds = np.array([s[1], -9.81 * np.sin(s[0]) - 0.1 * s[1]])
        s = s + dt * ds
    return s[0] ** 2 + 0.1 * s[1] ** 2


@case(np.array([0.9, 0.1]))
def pendulum_rk4(s0):
    def f(s):
        return np.array([s[1], -np.sin(s[0])])
    s = s0
    h = 0.1
    for _ in range(10):
        k1 = f(s)
        k2 = f(s + 0.5 * h * k1)
        k3 = f(s + 0.5 * h * k2)
        k4 = f(s + h * k3)
        s = s + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return s[0]


@case(np.array([1.0, 0.0, 0.0, 1.1]))
def kepler_orbit_leapfrog(state):
    r = state[:2]
    v = state[2:]
    dt = 0.05
    for _ in range(30):
        a = -r / np.linalg.norm(r) ** 3
        v = v + 0.5 * dt * a
        r = r + dt * v
        a = -r / np.linalg.norm(r) ** 3
        v = v + 0.5 * dt * a
    return 0.5 * v @ v - 1.0 / np.linalg.norm(r)


@case(np.array([1.0, 0.0, 0.0, 1.1]))
def kepler_orbit_arrays_written(state):
    n = 20
    traj = np.zeros((n, 2))
    r = state[0:2].copy()
    v = state[2:4].copy()
    dt = 0.05
    for i in range(n):
        d = np.sqrt(r[0] ** 2 + r[1] ** 2)
        v -= dt * r / d ** 3
        r += dt * v
        traj[i] = r
    return np.sum(traj[:, 0])


@case(POS3)
def nbody_potential(pos):
    n = pos.shape[0]
    U = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            d = np.linalg.norm(pos[i] - pos[j])
            U -= MASS[i] * MASS[j] / d
    return U


@case(POS3)
def nbody_potential_vectorized(pos):
    diff = pos[:, None, :] - pos[None, :, :]
    d = np.sqrt(np.sum(diff ** 2, axis=-1) + np.eye(4))
    mm = MASS[:, None] * MASS[None, :]
    return -0.5 * np.sum(np.triu(mm / d, k=1)) * 2


@case(POS3)
def nbody_one_euler_step(pos):
    vel = VEL3.copy()
    p = pos.copy()
    dt = 0.01
    for step in range(3):
        acc = np.zeros_like(p)
        for i in range(4):
            for j in range(4):
                if i != j:
                    d = p[j] - p[i]
                    acc[i] += MASS[j] * d / (np.sum(d ** 2) + 0.1) ** 1.5
        vel = vel + dt * acc
        p = p + dt * vel
    return np.sum(p ** 2)


@case(POS3)
def coulomb_energy(pos):
    E = 0.0
    for i in range(4):
        for j in range(4):
            if j <= i:
                continue
            r = np.sqrt(np.sum((pos[i] - pos[j]) ** 2))
            E += CHARGES[i] * CHARGES[j] / r
    return E


@case(POS3)
def lennard_jones(pos):
    diff = pos[:, None, :] - pos[None, :, :]
    r2 = (diff ** 2).sum(axis=2)
    iu = np.triu_indices(4, k=1)
    r2 = r2[iu] / 2.0
    inv6 = 1.0 / r2 ** 3
    return np.sum(4 * (inv6 ** 2 - inv6))


@case(CHAIN)
def spring_chain_energy(x):
    k = 3.0
    rest = 0.75
    stretch = np.diff(x) - rest
    return 0.5 * k * np.sum(stretch ** 2)


@case(CHAIN)
def spring_chain_loop(x):
    E = 0.0
    for i in range(len(x) - 1):
        E = E + 0.5 * 2.0 * (x[i + 1] - x[i] - 0.7) ** 2
    return E + 0.1 * x[0] ** 2


@case(CHAIN)
def chain_dynamics(x0):
    x = x0.copy()
    v = np.zeros_like(x)
    dt = 0.05
    for _ in range(10):
        f = np.zeros_like(x)
        s = np.diff(x) - 0.7
        f[:-1] += s
        f[1:] -= s
        v += dt * f
        x += dt * v
    return np.sum(x * np.arange(5))


@case(TEMP0)
def heat_equation_explicit(u0):
    u = u0.copy()
    alpha = 0.2
    for _ in range(15):
        lap = np.zeros_like(u)
        lap[1:-1] = u[2:] - 2 * u[1:-1] + u[:-2]
        u = u + alpha * lap
    return np.sum(u ** 2)


@case(0.2)
def heat_equation_wrt_diffusivity(alpha):
    u = TEMP0.copy()
    for _ in range(10):
        u[1:-1] = u[1:-1] + alpha * (u[2:] - 2 * u[1:-1] + u[:-2])
    return u[3] + u[5]


@case(TEMP0)
def heat_periodic_roll(u0):
    u = u0
    for _ in range(8):
        u = u + 0.25 * (np.roll(u, 1) - 2 * u + np.roll(u, -1))
    return np.sum(u ** 3)


@case(TEMP0)
def heat_implicit_solve(u0):
    n = len(u0)
    A = np.eye(n) * 1.4 - 0.2 * np.eye(n, k=1) - 0.2 * np.eye(n, k=-1)
    u = u0
    for _ in range(3):
        u = np.linalg.solve(A, u)
    return np.sum(u ** 2)


@case(TEMP0)
def wave_equation_leapfrog(u0):
    u_prev = u0.copy()
    u = u0.copy()
    c2 = 0.3
    for _ in range(10):
        u_next = np.zeros_like(u)
        u_next[1:-1] = 2 * u[1:-1] - u_prev[1:-1] + c2 * (u[2:] - 2 * u[1:-1] + u[:-2])
        u_prev = u
        u = u_next
    return np.sum(u ** 2)


@case(np.array([1.0, 0.5]))
def lotka_volterra(params):
    a, b = params
    x, y = 1.0, 0.5
    dt = 0.05
    for _ in range(40):
        dx = a * x - b * x * y
        dy = -0.8 * y + 0.4 * x * y
        x = x + dt * dx
        y = y + dt * dy
    return x + y


@case(np.array([10.0, 28.0, 8.0 / 3.0]))
def lorenz_short(params):
    sigma, rho, beta = params[0], params[1], params[2]
    s = np.array([1.0, 1.0, 1.0])
    dt = 0.005
    for _ in range(20):
        ds = np.array([sigma * (s[1] - s[0]),
                       s[0] * (rho - s[2]) - s[1],
                       s[0] * s[1] - beta * s[2]])
        s = s + dt * ds
    return np.sum(s)


@case(np.array([0.3, 0.1]))
def sir_model(params):
    beta, gamma = params
    S, I, R = 0.99, 0.01, 0.0
    for day in range(30):
        new_inf = beta * S * I
        new_rec = gamma * I
        S -= new_inf
        I += new_inf - new_rec
        R += new_rec
    return I + 0.5 * R


@case(0.5)
def radioactive_decay_chain(lam):
    N = np.array([1.0, 0.0, 0.0])
    rates = np.array([lam, 0.2, 0.0])
    dt = 0.1
    for _ in range(20):
        flow = rates * N
        dN = -flow
        dN[1:] += flow[:-1]
        N = N + dt * dN
    return N[2]


@case(np.array([1.0, 2.0, 0.5]))
def rigid_body_rotation_energy(omega):
    I = np.diag([1.0, 2.0, 3.0])
    L = I @ omega
    return 0.5 * omega @ L


@case(np.array([0.3, -0.2, 0.5]))
def euler_rigid_body_steps(w0):
    I = np.array([1.0, 2.0, 3.0])
    w = w0
    dt = 0.05
    for _ in range(20):
        dw = np.array([(I[1] - I[2]) * w[1] * w[2] / I[0],
                       (I[2] - I[0]) * w[2] * w[0] / I[1],
                       (I[0] - I[1]) * w[0] * w[1] / I[2]])
        w = w + dt * dw
    return np.sum(w ** 2 * I)


@case(np.array([0.2, 0.3, -0.1]))
def cross_product_torque(r):
    F = np.array([1.0, -2.0, 0.5])
    tau = np.cross(r, F)
    return np.sum(tau ** 2)


@case(np.array([0.4, 0.9]))
def lorentz_force_particle(v0):
    B = 0.7
    E = np.array([0.1, 0.0])
    v = v0
    x = np.zeros(2)
    dt = 0.1
    for _ in range(15):
        F = E + B * np.array([v[1], -v[0]])
        v = v + dt * F
        x = x + dt * v
    return x[0] * x[1]


@case(1.2)
def bouncing_ball_no_bounce(h0):
    y, v = h0 + 5.0, 0.0
    dt = 0.01
    t = 0
    while y > 0.5:
        v -= 9.81 * dt
        y += v * dt
        t += 1
        if t > 500:
            break
    return y + 0.01 * v


@case(np.array([1.0, 0.2]))
def thermal_resistor_network(conductances):
    g1, g2 = conductances
    G = np.array([[g1 + g2, -g2], [-g2, g2 + 0.5]])
    q = np.array([1.0, 0.3])
    T = np.linalg.solve(G, q)
    return T @ q


@case(np.array([2.0, 3.0, 5.0]))
def resistor_network_power(R):
    G = 1.0 / R
    A = np.array([[G[0] + G[1], -G[1]], [-G[1], G[1] + G[2]]])
    I = np.array([1.0, 0.0])
    V = np.linalg.solve(A, I)
    return V @ A @ V


@case(np.array([1.0, 2.0, 1.5]))
def rc_circuit_discharge(params):
    R, C, V0 = params
    V = V0
    dt = 0.1
    E = 0.0
    for _ in range(20):
        I = V / R
        E += I * I * R * dt
        V -= I / C * dt
    return E


@case(np.array([0.0, 0.0, 1.0]))
def photon_path_refraction(x):
    n = np.array([1.0, 1.33, 1.5])
    ys = np.array([0.0, 1.0, 2.0, 3.0])
    t = 0.0
    xs = np.concatenate([np.array([0.0]), x])
    xs = np.concatenate([xs, np.array([2.0])])[:4]
    for i in range(3):
        seg = np.sqrt((xs[i + 1] - xs[i]) ** 2 + (ys[i + 1] - ys[i]) ** 2)
        t += n[i] * seg
    return t


@case(np.array([0.5, 1.2, 2.1]))
def brachistochrone_time(y):
    x = np.linspace(0, 3, 5)
    ys = np.concatenate(([0.01], y, [2.5]))
    T = 0.0
    for i in range(4):
        ds = np.sqrt((x[i + 1] - x[i]) ** 2 + (ys[i + 1] - ys[i]) ** 2)
        vavg = 0.5 * (np.sqrt(2 * 9.81 * ys[i]) + np.sqrt(2 * 9.81 * ys[i + 1]))
        T += ds / vavg
    return T


@case(np.array([0.2, 0.5, 0.6, 0.4, 0.1]))
def hanging_chain_energy(y):
    x = np.linspace(0, 1, 7)
    yy = np.zeros(7)
    yy[1:-1] = -y
    seg = np.sqrt(np.diff(x) ** 2 + np.diff(yy) ** 2)
    grav = np.sum(0.5 * (yy[1:] + yy[:-1]) * seg)
    stretch = np.sum((seg - 0.2) ** 2)
    return grav + 10 * stretch


@case(np.array([1.0, 1.0]))
def ideal_gas_work(V):
    P0, V0 = 1.0, 1.0
    W = 0.0
    Vs = np.linspace(V0, V0 + V[0], 11)
    for i in range(10):
        P = P0 * V0 / Vs[i]
        W += P * (Vs[i + 1] - Vs[i]) * V[1]
    return W


@case(1.5)
def adiabatic_work_closed_form(gamma):
    P1, V1, V2 = 2.0, 1.0, 3.0
    return P1 * V1 * (1 - (V1 / V2) ** (gamma - 1)) / (gamma - 1)


@case(np.array([300.0, 350.0]))
def carnot_efficiency(T):
    Tc, Th = T[0], T[1]
    eta = 1 - Tc / Th
    return eta * 100


@case(np.array([1.0, 0.3]))
def planck_spectrum_peak(params):
    T, lam = params
    return 1.0 / lam ** 5 / (np.exp(1.0 / (lam * T)) - 1.0)


@case(np.array([0.4, -0.3]))
def double_well_langevin_fixed_noise(x0):
    noise = np.array([0.1, -0.2, 0.05, 0.3, -0.1, 0.0, 0.2, -0.05])
    x = x0
    dt = 0.05
    for eta in noise:
        force = -4 * x * (x ** 2 - 1)
        x = x + dt * force + np.sqrt(dt) * eta
    return np.sum(x ** 2)


@case(np.array([0.3, 0.6, -0.2]))
def gradient_flow_potential(x0):
    x = x0
    for _ in range(10):
        grad = 2 * x + 0.5 * np.sin(3 * x) * 3
        x = x - 0.05 * grad
    return np.sum(x ** 2 + 0.5 * np.cos(3 * x))


@case(np.array([1.0, 0.0]))
def harmonic_symplectic_euler(s):
    q, p = s[0], s[1]
    for _ in range(50):
        p = p - 0.1 * q
        q = q + 0.1 * p
    return q * q + p * p


@case(np.array([1.0, 0.0]))
def harmonic_verlet_store(s):
    n = 20
    qs = np.empty(n)
    q, p = s
    h = 0.1
    for i in range(n):
        p_half = p - 0.5 * h * q
        q = q + h * p_half
        p = p_half - 0.5 * h * q
        qs[i] = q
    return np.sum(qs ** 2)


@case(np.array([0.5, 0.5]))
def duffing_oscillator(params):
    delta, beta = params
    x, v = 0.5, 0.0
    dt = 0.02
    for k in range(50):
        t = k * dt
        a = -delta * v - x - beta * x ** 3 + 0.3 * np.cos(1.2 * t)
        v += a * dt
        x += v * dt
    return x


@case(np.array([0.1, 0.2, 0.3, 0.4]))
def coupled_oscillators_matrix(x0):
    K = np.array([[2.0, -1.0, 0.0, 0.0],
                  [-1.0, 2.0, -1.0, 0.0],
                  [0.0, -1.0, 2.0, -1.0],
                  [0.0, 0.0, -1.0, 2.0]])
    x = x0
    v = np.zeros(4)
    for _ in range(20):
        v = v - 0.05 * K @ x
        x = x + 0.05 * v
    return 0.5 * v @ v + 0.5 * x @ K @ x


@case(np.array([0.1, 0.2, 0.3, 0.4]))
def normal_modes_eigh(m):
    K = np.array([[2.0, -1.0, 0.0, 0.0],
                  [-1.0, 2.0, -1.0, 0.0],
                  [0.0, -1.0, 2.0, -1.0],
                  [0.0, 0.0, -1.0, 2.0]])
    M = np.diag(1.0 + m)
    Minv_sqrt = np.diag(1.0 / np.sqrt(1.0 + m))
    A = Minv_sqrt @ K @ Minv_sqrt
    w = np.linalg.eigvalsh(A)
    return np.sum(np.sqrt(w))


@case(np.array([0.5, 0.3]))
def beam_deflection_fd(EI):
    n = 6
    h = 1.0 / (n + 1)
    A = (np.diag(np.full(n, 2.0)) - np.diag(np.ones(n - 1), 1) - np.diag(np.ones(n - 1), -1)) / h ** 2
    A = A * (EI[0] + EI[1] * np.linspace(0, 1, n))[:, None]
    f = np.ones(n)
    u = np.linalg.solve(A, f)
    return np.max(u)


@case(np.array([1.0, 1.0]))
def poisson_2d_small(k):
    n = 3
    N = n * n
    A = np.zeros((N, N))
    for i in range(n):
        for j in range(n):
            r = i * n + j
            A[r, r] = 4.0 * k[0]
            if i > 0:
                A[r, r - n] = -k[1]
            if i < n - 1:
                A[r, r + n] = -k[1]
            if j > 0:
                A[r, r - 1] = -k[0]
            if j < n - 1:
                A[r, r + 1] = -k[0]
    u = np.linalg.solve(A, np.ones(N))
    return np.sum(u)


@case(np.array([0.2, 0.4, 0.6]))
def advection_upwind(u_init):
    u = np.concatenate([u_init, u_init[::-1]])
    c = 0.4
    for _ in range(6):
        u = u - c * (u - np.roll(u, 1))
    return np.sum(u * np.arange(6))


@case(np.array([1.0, 2.0, 0.5, 1.5]))
def burgers_few_steps(u0):
    u = u0.copy()
    dt, dx, nu = 0.01, 0.25, 0.1
    for _ in range(10):
        un = u.copy()
        u[1:-1] = (un[1:-1] - un[1:-1] * dt / dx * (un[1:-1] - un[:-2])
                   + nu * dt / dx ** 2 * (un[2:] - 2 * un[1:-1] + un[:-2]))
    return np.sum(u ** 2)


@case(np.array([0.3, 0.7]))
def snell_refraction_angle(angles):
    n1, n2 = 1.0, 1.5
    s = n1 * np.sin(angles) / n2
    theta_t = np.arcsin(s)
    return np.sum(theta_t ** 2)


@case(np.array([0.3, 0.7]))
def fresnel_reflectance(theta):
    n1, n2 = 1.0, 1.5
    ct = np.sqrt(1 - (n1 / n2 * np.sin(theta)) ** 2)
    ci = np.cos(theta)
    rs = (n1 * ci - n2 * ct) / (n1 * ci + n2 * ct)
    rp = (n1 * ct - n2 * ci) / (n1 * ct + n2 * ci)
    return np.mean(0.5 * (rs ** 2 + rp ** 2))


@case(np.array([1.0, 0.5, 0.2]))
def gravity_field_of_masses(m):
    src = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    probe = np.array([0.4, 0.3])
    g = np.zeros(2)
    for i in range(3):
        d = src[i] - probe
        g += m[i] * d / np.linalg.norm(d) ** 3
    return np.linalg.norm(g)


@case(np.array([0.4, 0.3]))
def potential_at_probe(probe):
    src = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    q = np.array([1.0, -0.5, 0.7])
    d = np.linalg.norm(src - probe, axis=1)
    return np.sum(q / d)


@case(np.array([[0.0, 1.0], [1.0, 0.0]]) + 0.1)
def quantum_two_level_expectation(H):
    Hs = 0.5 * (H + H.T)
    w, V = np.linalg.eigh(Hs)
    ground = V[:, 0]
    return ground @ np.array([[1.0, 0.0], [0.0, -1.0]]) @ ground + w[0]


@case(np.array([0.5, 0.2]))
def particle_in_box_energy_variational(a):
    x = np.linspace(0.0, 1.0, 41)
    psi = x * (1 - x) * (1 + a[0] * x + a[1] * x ** 2)
    dpsi = np.gradient(psi, x)
    num = np.trapezoid(dpsi ** 2, x)
    den = np.trapezoid(psi ** 2, x)
    return num / den


@case(np.array([0.5, 0.2]))
def variational_energy_sum(a):
    x = np.linspace(0.0, 1.0, 41)
    h = x[1] - x[0]
    psi = x * (1 - x) * (1 + a[0] * x + a[1] * x ** 2)
    dpsi = (psi[1:] - psi[:-1]) / h
    return np.sum(dpsi ** 2) * h / (np.sum(psi ** 2) * h)


@case(2.0)
def terminal_velocity_iteration(m):
    v = 0.0
    for _ in range(100):
        v = v + 0.01 * (9.81 - 0.5 / m * v * v)
    return v


@case(np.array([3.0, 4.0]))
def rocket_equation(params):
    ve, ratio = params
    return ve * np.log(ratio)


@case(np.array([0.5, 1.0, 0.1]))
def rocket_staged_burn(params):
    mdot, ve, drag = params
    m = 10.0
    v = 0.0
    h = 0.0
    dt = 0.1
    for _ in range(30):
        thrust = mdot * ve
        a = thrust / m - 9.81 * 0.1 - drag * v * v / m
        v += a * dt
        h += v * dt
        m -= mdot * dt
    return h


@case(np.array([0.2, 0.1]))
def car_kinematic_bicycle(controls):
    steer, accel = controls
    x, y, th, v = 0.0, 0.0, 0.0, 1.0
    L = 2.0
    dt = 0.1
    for _ in range(20):
        x += v * np.cos(th) * dt
        y += v * np.sin(th) * dt
        th += v / L * np.tan(steer) * dt
        v += accel * dt
    return (x - 3.0) ** 2 + (y - 1.0) ** 2


@case(np.array([0.5, -0.3, 0.2, 0.1, 0.0]))
def car_trajectory_controls(u):
    x = 0.0
    v = 0.0
    cost = 0.0
    for t in range(len(u)):
        v = v + 0.5 * u[t]
        x = x + 0.5 * v
        cost += u[t] ** 2
    return cost + 10 * (x - 1.0) ** 2


@case(np.array([0.6, 0.8]))
def two_link_arm_fk(angles):
    l1, l2 = 1.0, 0.7
    x = l1 * np.cos(angles[0]) + l2 * np.cos(angles[0] + angles[1])
    y = l1 * np.sin(angles[0]) + l2 * np.sin(angles[0] + angles[1])
    return (x - 0.5) ** 2 + (y - 1.2) ** 2


@case(np.array([0.3, 0.4, 0.5]))
def three_link_arm_loop(angles):
    lengths = np.array([1.0, 0.8, 0.5])
    x = 0.0
    y = 0.0
    theta = 0.0
    for a, l in zip(angles, lengths):
        theta = theta + a
        x = x + l * np.cos(theta)
        y = y + l * np.sin(theta)
    return (x - 1.0) ** 2 + (y - 1.5) ** 2


@case(np.array([0.3, 0.4, 0.5]))
def arm_ik_gradient_descent(q0):
    lengths = np.array([1.0, 0.8, 0.5])
    q = q0
    for it in range(5):
        th = np.cumsum(q)
        x = np.sum(lengths * np.cos(th))
        y = np.sum(lengths * np.sin(th))
        ex, ey = x - 1.0, y - 1.5
        Jx = -np.cumsum((lengths * np.sin(th))[::-1])[::-1]
        Jy = np.cumsum((lengths * np.cos(th))[::-1])[::-1]
        q = q - 0.1 * (ex * Jx + ey * Jy)
    th = np.cumsum(q)
    return (np.sum(lengths * np.cos(th)) - 1.0) ** 2 + (np.sum(lengths * np.sin(th)) - 1.5) ** 2


@case(np.array([1.0, 0.5, 0.25]))
def stress_strain_energy(eps):
    E, nu = 200.0, 0.3
    lam = E * nu / ((1 + nu) * (1 - 2 * nu))
    mu = E / (2 * (1 + nu))
    tr = np.sum(eps[:2])
    return 0.5 * lam * tr ** 2 + mu * (eps[0] ** 2 + eps[1] ** 2 + 2 * eps[2] ** 2)


@case(np.array([[1.1, 0.1], [0.05, 0.95]]))
def neo_hookean_energy(F):
    J = np.linalg.det(F)
    C = F.T @ F
    I1 = np.trace(C)
    mu, lam = 1.0, 2.0
    return 0.5 * mu * (I1 - 2) - mu * np.log(J) + 0.5 * lam * np.log(J) ** 2


@case(np.array([[1.1, 0.1], [0.05, 0.95]]))
def st_venant_kirchhoff(F):
    E = 0.5 * (F.T @ F - np.eye(2))
    return 0.5 * 2.0 * np.trace(E) ** 2 + 1.0 * np.sum(E * E)


@case(np.array([0.2, 0.5, 0.9]))
def truss_compliance(areas):
    L = np.array([1.0, 1.4, 1.0])
    k = areas / L
    K = np.array([[k[0] + k[1] * 0.5, k[1] * 0.5],
                  [k[1] * 0.5, k[2] + k[1] * 0.5]])
    f = np.array([0.0, -1.0])
    u = np.linalg.solve(K, f)
    return f @ u


@case(np.array([1.0, 2.0]))
def center_of_mass(m):
    pts = np.array([[0.0, 0.0], [1.0, 2.0]])
    com = (m[:, None] * pts).sum(axis=0) / m.sum()
    return com[0] + 2 * com[1]


@case(POS3)
def moment_of_inertia_tensor(pos):
    I = np.zeros((2, 2))
    for i in range(4):
        r = pos[i]
        I += MASS[i] * (np.dot(r, r) * np.eye(2) - np.outer(r, r))
    return np.trace(I) + I[0, 1]


@case(POS3)
def radius_of_gyration(pos):
    com = np.average(pos, axis=0, weights=MASS)
    d2 = np.sum((pos - com) ** 2, axis=1)
    return np.sqrt(np.sum(MASS * d2) / np.sum(MASS))


@case(np.array([0.0, 0.5, 1.0, 1.5, 2.0]) + 0.1)
def work_along_path(xs):
    F = np.sin(xs)
    dx = np.diff(xs)
    return np.sum(0.5 * (F[1:] + F[:-1]) * dx)


@case(np.array([1.2, 0.3]))
def doppler_shift(v):
    c = 3.0
    f0 = 1.0
    return f0 * (c + v[0]) / (c - v[1])


@case(np.array([0.6]))
def relativistic_energy(v):
    c = 1.0
    gamma = 1 / np.sqrt(1 - (v[0] / c) ** 2)
    return (gamma - 1) * c ** 2


@case(np.array([0.5, 0.3, 0.8]))
def heat_exchanger_ntu(params):
    UA, Cmin, Cmax = params
    ntu = UA / Cmin
    Cr = Cmin / Cmax
    eps = (1 - np.exp(-ntu * (1 - Cr))) / (1 - Cr * np.exp(-ntu * (1 - Cr)))
    return eps


@case(TEMP0)
def fourier_series_coefficients(u):
    x = np.linspace(0, np.pi, 10)
    total = 0.0
    for k in range(1, 4):
        b = 2.0 / 10 * np.sum(u * np.sin(k * x))
        total += b ** 2 / k
    return total


@case(np.array([0.3, 0.2, 0.1]))
def spectral_heat_decay(b):
    t = 0.5
    x = np.linspace(0, np.pi, 12)
    u = np.zeros(12)
    for k in range(3):
        u += b[k] * np.exp(-(k + 1) ** 2 * t) * np.sin((k + 1) * x)
    return np.sum(u ** 2)


@case(np.array([1.012, 0.3]))
def rolling_friction_stop_distance(params):
    v0, mu = params
    x = 0.0
    v = v0
    dt = 0.01
    steps = 0
    while v > 0.2 and steps < 1000:
        v = v - mu * 9.81 * dt
        x += v * dt
        steps += 1
    return x + v


@case(np.array([0.5, 0.5]))
def fluid_pipe_network(radii):
    L = np.array([1.0, 2.0])
    R = 8 * 0.01 * L / (np.pi * radii ** 4)
    Req = 1.0 / np.sum(1.0 / R)
    return 1.0 / Req


@case(np.array([5.0, 0.3]))
def bernoulli_velocity(params):
    dp, rho = params
    return np.sqrt(2 * dp / rho) * 0.01


@case(np.array([0.4, 0.7]))
def cannon_target_miss(params):
    angle, speed = params[0], params[1] * 10
    t_flight = 2 * speed * np.sin(angle) / 9.81
    x_land = speed * np.cos(angle) * t_flight
    return (x_land - 8.0) ** 2


@case(np.array([0.1, -0.2, 0.05, 0.0, 0.15, -0.1]))
def string_vibration_energy(u):
    T = 1.0
    dx = 0.2
    grads = np.diff(np.concatenate(([0.0], u, [0.0]))) / dx
    return 0.5 * T * np.sum(grads ** 2) * dx


@case(np.linspace(0.1, 0.9, 5))
def membrane_small_grid(z):
    g = np.zeros((4, 4))
    g[1:3, 1:3] = z[:4].reshape(2, 2)
    g[0, 1] = z[4]
    gx = np.diff(g, axis=0)
    gy = np.diff(g, axis=1)
    return np.sum(gx ** 2) + np.sum(gy ** 2)


@case(np.array([1.0, 2.0, 3.0]))
def gaussian_beam_intensity(params):
    w0, z, lam = params[0], params[1], params[2] * 0.1
    zr = np.pi * w0 ** 2 / lam
    w = w0 * np.sqrt(1 + (z / zr) ** 2)
    return (w0 / w) ** 2


@case(np.array([0.2, 0.8, 1.5]))
def lens_system_focal(f):
    M = np.eye(2)
    for fi in f:
        lens = np.array([[1.0, 0.0], [-1.0 / fi, 1.0]])
        prop = np.array([[1.0, 0.3], [0.0, 1.0]])
        M = prop @ lens @ M
    return M[0, 0] ** 2 + M[1, 0]


@case(np.array([2.0, 1.0, 0.5]))
def mass_spring_damper_freq_response(params):
    m, c, k = params
    w = np.linspace(0.1, 2.0, 6)
    H2 = 1.0 / ((k - m * w ** 2) ** 2 + (c * w) ** 2)
    return np.sum(H2)


@case(np.array([0.8, 0.2]))
def kinetic_energy_of_rotating_points(omega):
    r = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    m = np.array([1.0, 0.5, 2.0])
    v = omega[0] * np.stack([-r[:, 1], r[:, 0]], axis=1) + omega[1]
    return 0.5 * np.sum(m * np.sum(v ** 2, axis=1))


@case(np.array([0.7, 1.3]))
def drag_coefficient_fit(c):
    v = np.array([1.0, 2.0, 3.0, 4.0])
    F = np.array([0.5, 1.9, 4.6, 8.1])
    pred = c[0] * v ** c[1]
    return np.sum((pred - F) ** 2)


@case(np.array([1.5, 0.5]))
def time_to_fall_bisection_free(params):
    h, g0 = params[0], 9.0 + params[1]
    lo, hi = 0.0, 5.0
    for _ in range(30):
        mid = 0.5 * (lo + hi)
        if 0.5 * g0 * mid ** 2 > h:
            hi = mid
        else:
            lo = mid
    t = np.sqrt(2 * h / g0)
    return t + 0.0 * lo


@case(np.array([0.25, 0.5]))
def orbit_period_kepler3(params):
    a, M = params
    return 2 * np.pi * np.sqrt(a ** 3 / M)


@case(np.array([0.3, 0.6, 0.2]))
def kepler_equation_newton(params):
    M, e = params[0], params[1] * 0.5
    E = M
    for _ in range(8):
        E = E - (E - e * np.sin(E) - M) / (1 - e * np.cos(E))
    return E + params[2]


@case(np.array([1.0, 1.5]))
def escape_velocity_sum(r):
    return np.sum(np.sqrt(2.0 / r))


@case(np.array([0.3, 0.5, 0.7]))
def diffusion_reaction_1d(c0):
    c = np.concatenate([c0, c0[::-1]])
    for _ in range(10):
        lap = np.roll(c, 1) + np.roll(c, -1) - 2 * c
        c = c + 0.1 * lap - 0.05 * c ** 2
    return np.sum(c)


@case(np.array([0.9, 0.4]))
def predator_prey_in_array(x0):
    traj = np.zeros((15, 2))
    traj[0] = x0
    for t in range(14):
        x, y = traj[t, 0], traj[t, 1]
        traj[t + 1, 0] = x + 0.1 * (x - x * y)
        traj[t + 1, 1] = y + 0.1 * (x * y - y)
    return np.sum(traj[:, 0] * traj[:, 1])
