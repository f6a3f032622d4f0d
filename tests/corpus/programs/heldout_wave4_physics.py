"""Held-out wave 4, part four: physics people write with NumPy -- spring networks,
n-body potential energy with pairwise distances, pendulum and double-pendulum energy,
Lennard-Jones with a cutoff mask, Coulomb with np.triu_indices, rigid rotation,
a chain of masses, Hamiltonian of an Ising-like continuous spin model, optics."""

import numpy as np
from scipy.spatial.distance import pdist

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
rs = np.random.RandomState(5)
pos0 = rs.randn(5, 3)
edges = np.array([[0, 1], [1, 2], [2, 3], [3, 4], [4, 0], [0, 2]])
rest = np.array([1.0, 1.2, 0.9, 1.1, 1.0, 1.5])


@case(pos0)
def spring_network_energy_edge_list(x):
    d = x[edges[:, 0]] - x[edges[:, 1]]
    length = np.sqrt(np.sum(d ** 2, axis=-1))
    return 0.5 * np.sum(10.0 * (length - rest) ** 2)


@case(pos0)
def spring_network_loop_over_edges_tuples(x):
    E = 0.0
    for (i, j), L0 in zip(edges, rest):
        E += 5.0 * (np.linalg.norm(x[i] - x[j]) - L0) ** 2
    return E


masses = np.array([1.0, 2.0, 0.5, 1.5, 1.0])


@case(pos0)
def nbody_potential_broadcast_mask_diagonal(x):
    diff = x[:, None, :] - x[None, :, :]
    r = np.sqrt((diff ** 2).sum(-1) + np.eye(len(x)))
    inv = np.where(np.eye(len(x), dtype=bool), 0.0, 1.0 / r)
    return -0.5 * np.sum(masses[:, None] * masses[None, :] * inv)


@case(pos0)
def nbody_triu_indices_pairs(x):
    i, j = np.triu_indices(len(x), k=1)
    r = np.linalg.norm(x[i] - x[j], axis=1)
    return -np.sum(masses[i] * masses[j] / r)


# FIXED on the live tree (refused at HEAD b328e35: scipy.spatial.distance.pdist has no rule and cannot be inlined)
@case(pos0)
def nbody_scipy_pdist(x):
    r = pdist(x)
    return np.sum(1.0 / r)


@case(pos0 * 1.3)
def lennard_jones_cutoff_mask(x):
    n = len(x)
    E = 0.0
    for a in range(n):
        for b in range(a + 1, n):
            r2 = np.sum((x[a] - x[b]) ** 2)
            if r2 > 9.0:
                continue
            s6 = (1.0 / r2) ** 3
            E = E + 4 * (s6 ** 2 - s6)
    return E


@case(np.array([0.4, 1.3]))
def pendulum_total_energy(state):
    theta, omega = state
    m, L, g = 1.0, 2.0, 9.81
    return 0.5 * m * L ** 2 * omega ** 2 + m * g * L * (1 - np.cos(theta))


@case(np.array([0.3, -0.2, 0.5, 0.1]))
def double_pendulum_lagrangian(q):
    t1, t2, w1, w2 = q
    m1 = m2 = 1.0
    l1, l2, g = 1.0, 0.7, 9.8
    T = 0.5 * (m1 + m2) * l1 ** 2 * w1 ** 2 + 0.5 * m2 * l2 ** 2 * w2 ** 2 \
        + m2 * l1 * l2 * w1 * w2 * np.cos(t1 - t2)
    V = -(m1 + m2) * g * l1 * np.cos(t1) - m2 * g * l2 * np.cos(t2)
    return T - V


@case(np.array([0.3, 0.2]))
def pendulum_simulation_energy_drift(y0):
    th, om = y0
    dt = 0.02
    E0 = 0.5 * om ** 2 - np.cos(th)
    for _ in range(25):
        om = om - dt * np.sin(th)
        th = th + dt * om
    return (0.5 * om ** 2 - np.cos(th) - E0) ** 2 + th


charges = np.array([1.0, -1.0, 2.0, -0.5, 1.0])


# FIXED on the live tree (refused at HEAD b328e35: an import statement inside the function)
@case(pos0)
def coulomb_energy_itertools_combinations(x):
    import itertools
    return sum(charges[i] * charges[j] / np.linalg.norm(x[i] - x[j])
               for i, j in itertools.combinations(range(5), 2))


@case(np.array([0.1, 0.2, 0.3]))
def rotation_matrix_rodrigues(w):
    theta = np.sqrt(w @ w)
    k = w / theta
    K = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    R = np.eye(3) + np.sin(theta) * K + (1 - np.cos(theta)) * K @ K
    return np.sum((R @ pos0.T).T[:, 0])


@case(np.linspace(0, 1, 6) + 0.05 * rs.randn(6))
def mass_chain_harmonic_plus_quartic(u):
    du = np.diff(u)
    return 0.5 * np.sum((du - 0.2) ** 2) + 0.1 * np.sum(du ** 4) + 0.5 * u[0] ** 2


@case(rs.uniform(0, 2 * np.pi, size=6))
def xy_spin_chain_hamiltonian(theta):
    J, h = 1.0, 0.3
    return -J * np.sum(np.cos(theta[1:] - theta[:-1])) - h * np.sum(np.cos(theta))


@case(np.array([1.2, 0.3, -0.4]))
def rigid_body_kinetic_energy_inertia_tensor(omega):
    r = pos0
    I = np.sum(masses[:, None, None] * (np.einsum('ij,ij->i', r, r)[:, None, None] * np.eye(3)
                                          - np.einsum('ni,nj->nij', r, r)), axis=0)
    return 0.5 * omega @ I @ omega


@case(np.array([1.5, 1.33, 1.0]))
def snell_refraction_chain(n):
    angle = 0.3
    total = 0.0
    for n1, n2 in zip(n[:-1], n[1:]):
        s = n1 / n2 * np.sin(angle)
        angle = np.arcsin(s)
        total += np.cos(angle)
    return total


@case(np.array([2.0, 0.5]))
def projectile_range_closed_form(v):
    speed, angle = v
    g = 9.81
    return speed ** 2 * np.sin(2 * angle) / g


@case(pos0[:3].copy())
def center_of_mass_and_moment(x):
    m = masses[:3]
    com = np.average(x, axis=0, weights=m)
    return np.sum(m * np.sum((x - com) ** 2, axis=1))


@case(np.array([300.0, 1.0]))
def ideal_gas_and_van_der_waals(TV):
    T, V = TV
    R, a, b, n = 8.314, 0.364, 4.27e-5, 1.0
    p_ideal = n * R * T / V
    p_vdw = n * R * T / (V - n * b) - a * n ** 2 / V ** 2
    return p_vdw - p_ideal


@case(np.array([0.2, 0.4, 0.6]))
def harmonic_lattice_dynamical_matrix_eigvalsh(k):
    n = 3
    D = np.zeros((n, n))
    for i in range(n):
        D[i, i] += k[i] + k[(i + 1) % n]
        D[i, (i + 1) % n] -= k[(i + 1) % n]
        D[(i + 1) % n, i] -= k[(i + 1) % n]
    w2 = np.linalg.eigvalsh(D)
    return np.sum(np.sqrt(np.abs(w2[1:])))


@case(np.array([0.5, 1.0, 1.5]),
      # (NumPy < 2.4 has np.trapz, whose source srcad reads; on NumPy >= 2.4 the branch
      # that names it is never taken, but srcad compiles it and cannot resolve np.trapz)
      expect='ok' if hasattr(np, 'trapz') else 'refused',
      why='np.trapz (gone in NumPy 2.4) in a branch never taken: it is compiled too (FALSE refusal)')
def blackbody_planck_spectrum_integral(T):
    lam = np.linspace(0.5, 3.0, 30)
    B = 1.0 / lam[None, :] ** 5 / np.expm1(1.0 / (lam[None, :] * T[:, None]))
    return np.trapezoid(B, lam, axis=1).sum() if hasattr(np, 'trapezoid') else \
        np.trapz(B, lam, axis=1).sum()


X3 = np.array([[0.0, 1.0], [0.5, -0.3], [1.2, 0.4]])


@case(X3.copy())
def pairwise_distance_norm_exponential_kernel(X):
    D = np.linalg.norm(X[:, None, :] - X[None, :, :], axis=-1)
    return np.sum(np.exp(-D))


# WRONG in every mode (nan; finite differences are finite): the diagonal of D is sqrt(0) with a zero
# derivative inside -- see tests/regressions/test_heldout_wave4.py::test_sqrt_of_zero_sum_of_squares
# (probe4 W4).  Kept here with an off-diagonal-only version that is right.
@case(X3.copy())
def pairwise_distance_sqrt_exponential_kernel_offdiag(X):
    i, j = np.triu_indices(len(X), k=1)
    D = np.sqrt(np.sum((X[i] - X[j]) ** 2, axis=-1))
    return 2 * np.sum(np.exp(-D)) + len(X)


# WAS WRONG (nan in every mode, probe4 W4): the diagonal of D is sqrt(0) with a zero derivative inside.
# Now refused in reverse mode by srcad's run-time check (forward mode is right).
@case(X3.copy(), expect='refused', why='sqrt at exactly 0 under a non-zero adjoint (run-time check)')
def pairwise_distance_sqrt_exponential_kernel_with_diagonal(X):
    D = np.sqrt(np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=-1))
    return np.sum(np.exp(-D))
