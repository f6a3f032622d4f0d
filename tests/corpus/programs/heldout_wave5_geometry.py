"""Held-out wave 5: geometry, robotics and particle energies -- quaternion products/rotation
matrices/slerp, Rodrigues and expm of a skew matrix, Euler angles, planar arm and DH-chain
forward kinematics, a Jacobian-transpose IK step, Lennard-Jones/Coulomb/gravity by loops and
by broadcasting (masked or inf diagonals), springs, minimum image, graph Laplacians built
from edge weights (eigvalsh, np.add.at), PageRank, shoelace area, ray-sphere, Procrustes."""

import numpy as np

from ..case import case

rs = np.random.default_rng(12)

def qmul(q, r):
    w0, x0, y0, z0 = q
    w1, x1, y1, z1 = r
    return np.array([w0 * w1 - x0 * x1 - y0 * y1 - z0 * z1,
                     w0 * x1 + x0 * w1 + y0 * z1 - z0 * y1,
                     w0 * y1 - x0 * z1 + y0 * w1 + z0 * x1,
                     w0 * z1 + x0 * y1 - y0 * x1 + z0 * w1])

def qconj(q):
    return q * np.array([1.0, -1, -1, -1])

def qrotate(q, v):
    q = q / np.linalg.norm(q)
    return qmul(qmul(q, np.concatenate([[0.0], v])), qconj(q))[1:]


@case(np.array([0.9, 0.1, -0.3, 0.2]))
def quaternion_rotate_vector(q):
    return np.sum(qrotate(q, np.array([1.0, 2.0, 3.0])) * np.array([0.5, -1.0, 2.0]))

def quat_to_matrix(q):
    w, x, y, z = q / np.linalg.norm(q)
    return np.array([[1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                     [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                     [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]])


@case(np.array([0.9, 0.1, -0.3, 0.2]))
def quaternion_to_rotation_matrix(q):
    R = quat_to_matrix(q)
    return np.sum(R @ np.array([1.0, 0.0, 2.0])) + np.trace(R)


@case(np.array([0.9, 0.1, -0.3, 0.2]))
def quaternion_slerp(q):
    q0 = q / np.linalg.norm(q)
    q1 = np.array([0.0, 1.0, 0.0, 0.0])
    dot = np.clip(q0 @ q1, -1, 1)
    om = np.arccos(dot)
    t = 0.3
    qt = (np.sin((1 - t) * om) * q0 + np.sin(t * om) * q1) / np.sin(om)
    return np.sum(qt * np.arange(4))

def skew(w):
    return np.array([[0, -w[2], w[1]], [w[2], 0, -w[0]], [-w[1], w[0], 0]])


@case(np.array([0.3, -0.2, 0.5]))
def rodrigues_axis_angle(w):
    th = np.linalg.norm(w)
    K = skew(w / th)
    R = np.eye(3) + np.sin(th) * K + (1 - np.cos(th)) * K @ K
    return np.sum(R * np.arange(9).reshape(3, 3))


@case(np.array([0.3, -0.2, 0.5]))
def so3_exp_via_expm(w):
    from scipy.linalg import expm
    R = expm(skew(w))
    return np.sum(R @ np.array([1.0, 2.0, 3.0]))


@case(np.array([0.3, -0.2, 0.5]))
def euler_angles_zyx(angles):
    a, b, g = angles
    Rz = np.array([[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1]])
    Ry = np.array([[np.cos(b), 0, np.sin(b)], [0, 1, 0], [-np.sin(b), 0, np.cos(b)]])
    Rx = np.array([[1, 0, 0], [0, np.cos(g), -np.sin(g)], [0, np.sin(g), np.cos(g)]])
    return np.sum((Rz @ Ry @ Rx) ** 3)


@case(np.array([0.4, -0.7, 1.1]))
def planar_arm_forward_kinematics(thetas):
    L = [1.0, 0.8, 0.5]
    x = y = 0.0
    phi = 0.0
    for th, l in zip(thetas, L):
        phi += th
        x += l * np.cos(phi)
        y += l * np.sin(phi)
    return (x - 1.2) ** 2 + (y - 0.5) ** 2

def dh(a, alpha, d, theta):
    ct, st, ca, sa = np.cos(theta), np.sin(theta), np.cos(alpha), np.sin(alpha)
    return np.array([[ct, -st * ca, st * sa, a * ct], [st, ct * ca, -ct * sa, a * st], [0, sa, ca, d], [0, 0, 0, 1]])


@case(np.array([0.1, 0.5, -0.3, 0.8]))
def dh_chain_homogeneous_transforms(q):
    params = [(0.0, np.pi / 2, 0.3), (0.5, 0.0, 0.0), (0.4, 0.0, 0.0), (0.1, np.pi / 2, 0.0)]
    T = np.eye(4)
    for (a, alpha, d), th in zip(params, q):
        T = T @ dh(a, alpha, d, th)
    return np.sum(T[:3, 3] ** 2) + T[0, 0]


@case(np.array([0.4, -0.7, 1.1]))
def jacobian_transpose_ik_step(thetas):
    L = np.array([1.0, 0.8, 0.5])
    phi = np.cumsum(thetas)
    pos = np.array([np.sum(L * np.cos(phi)), np.sum(L * np.sin(phi))])
    J = np.zeros((2, 3))
    for i in range(3):
        J[0, i] = -np.sum(L[i:] * np.sin(phi[i:]))
        J[1, i] = np.sum(L[i:] * np.cos(phi[i:]))
    err = np.array([1.2, 0.5]) - pos
    new = thetas + 0.1 * J.T @ err
    return np.sum(new ** 2) + err @ err


@case(rs.normal(size=(5, 3)))
def lennard_jones_energy_pairs_loop(pos):
    E = 0.0
    n = len(pos)
    for i in range(n):
        for j in range(i + 1, n):
            r2 = np.sum((pos[i] - pos[j]) ** 2) + 1.0
            inv6 = 1 / r2 ** 3
            E += 4 * (inv6 ** 2 - inv6)
    return E


@case(rs.normal(size=(5, 3)) * 2)
def lennard_jones_vectorized_triu(pos):
    d = pos[:, None, :] - pos[None, :, :]
    i, j = np.triu_indices(len(pos), k=1)
    r = np.linalg.norm(d[i, j], axis=-1)
    sr6 = (1.0 / r) ** 6
    return np.sum(4 * (sr6 ** 2 - sr6))


@case(rs.normal(size=(4, 3)) * 2)
def coulomb_energy_masked_diagonal(pos):
    q = np.array([1.0, -1.0, 2.0, -0.5])
    d = pos[:, None, :] - pos[None, :, :]
    r = np.sqrt(np.sum(d ** 2, axis=-1) + np.eye(len(pos)))
    E = q[:, None] * q[None, :] / r
    np.fill_diagonal(E, 0.0)
    return 0.5 * E.sum()


@case(rs.normal(size=(4, 3)) * 2)
def coulomb_with_inf_diagonal(pos):
    q = np.array([1.0, -1.0, 2.0, -0.5])
    d = pos[:, None, :] - pos[None, :, :]
    r = np.linalg.norm(d, axis=-1)
    r[np.diag_indices(4)] = np.inf
    return 0.5 * np.sum(np.outer(q, q) / r)


@case(rs.normal(size=(5, 2)))
def spring_network_energy(pos):
    edges = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 0), (0, 2)]
    rest = 1.0
    E = 0.0
    for i, j in edges:
        E += 0.5 * (np.linalg.norm(pos[i] - pos[j]) - rest) ** 2
    return E


@case(rs.normal(size=(5, 2)))
def periodic_box_minimum_image(pos):
    L = 3.0
    d = pos[:, None, :] - pos[None, :, :]
    d = d - L * np.round(d / L)
    r2 = np.sum(d ** 2, axis=-1)[np.triu_indices(5, 1)]
    return np.sum(np.exp(-r2))


@case(rs.normal(size=(6,)))
def graph_laplacian_quadratic_form(x):
    A = np.array([[0, 1, 1, 0, 0, 0], [1, 0, 1, 0, 0, 0], [1, 1, 0, 1, 0, 0],
                  [0, 0, 1, 0, 1, 1], [0, 0, 0, 1, 0, 1], [0, 0, 0, 1, 1, 0]], float)
    L = np.diag(A.sum(1)) - A
    return x @ L @ x


@case(np.array([1.0, 0.5, 2.0, 0.3, 1.5, 0.8, 1.2]))
def weighted_laplacian_eigs_wrt_edge_weights(w):
    edges = [(0, 1), (1, 2), (2, 3), (3, 0), (0, 2), (1, 3), (3, 4)]
    A = np.zeros((5, 5))
    for k, (i, j) in enumerate(edges):
        A[i, j] = A[j, i] = w[k]
    L = np.diag(A.sum(axis=1)) - A
    ev = np.linalg.eigvalsh(L)
    return ev[1] + np.sum(ev)


@case(np.array([1.0, 0.5, 2.0, 0.3, 1.5, 0.8, 1.2]))
def normalized_laplacian_add_at(w):
    src = np.array([0, 1, 2, 3, 0, 1, 3]); dst = np.array([1, 2, 3, 0, 2, 3, 4])
    A = np.zeros((5, 5))
    np.add.at(A, (src, dst), w)
    A = A + A.T
    dinv = 1 / np.sqrt(A.sum(1))
    Ln = np.eye(5) - dinv[:, None] * A * dinv[None, :]
    return np.trace(Ln @ Ln)


@case(np.array([1.0, 0.5, 2.0, 0.3]))
def pagerank_power_iteration(w):
    A = np.array([[0, w[0], 0, w[3]], [w[1], 0, 1.0, 0], [0, w[2], 0, 1.0], [1.0, 0, w[0], 0]])
    P = A / A.sum(axis=0, keepdims=True)
    r = np.ones(4) / 4
    for _ in range(30):
        r = 0.85 * P @ r + 0.15 / 4
    return r[0] - r[2]


@case(rs.normal(size=(4, 2)))
def polygon_area_shoelace(P):
    x, y = P[:, 0], P[:, 1]
    return 0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))


@case(rs.normal(size=(3, 3)))
def triangle_normal_and_area(V):
    n = np.cross(V[1] - V[0], V[2] - V[0])
    return 0.5 * np.linalg.norm(n) + np.sum(n / np.linalg.norm(n) * [0.0, 0.0, 1.0])


@case(np.array([0.2, 0.1, 2.0, -0.2]))
def ray_sphere_intersection_distance(p):
    o = np.array([0.0, 0.0, -3.0])
    d = np.array([p[0], p[1], 1.0]); d = d / np.linalg.norm(d)
    center = np.array([0.0, p[3], 0.0]); r = p[2]
    oc = o - center
    b = oc @ d
    cc = oc @ oc - r * r
    disc = b * b - cc
    return -b - np.sqrt(disc)


@case(rs.normal(size=(6, 2)))
def procrustes_rotation_error(X):
    Y = X @ np.array([[0.8, -0.6], [0.6, 0.8]]) + 0.05
    Xc = X - X.mean(0); Yc = Y - Y.mean(0)
    U, s, Vt = np.linalg.svd(Xc.T @ Yc)
    R = U @ Vt
    return np.sum((Xc @ R - Yc) ** 2) + np.sum(s)


@case(np.array([0.2, 0.3, 0.1]))
def rigid_transform_2d_points(pose):
    th, tx, ty = pose
    R = np.array([[np.cos(th), -np.sin(th)], [np.sin(th), np.cos(th)]])
    pts = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    out = pts @ R.T + np.array([tx, ty])
    return np.sum((out - np.array([[1.1, 0.3], [-0.1, 1.2], [0.9, 1.4]])) ** 2)


@case(rs.normal(size=(4, 3)))
def bending_energy_dihedral(X):
    b1, b2, b3 = X[1] - X[0], X[2] - X[1], X[3] - X[2]
    n1 = np.cross(b1, b2); n2 = np.cross(b2, b3)
    m1 = np.cross(n1, b2 / np.linalg.norm(b2))
    x = n1 @ n2; y = m1 @ n2
    phi = np.arctan2(y, x)
    return 1 - np.cos(phi - 0.5)


@case(rs.normal(size=(5, 3)))
def gravity_nbody_accel_step(pos):
    m = np.array([1.0, 2.0, 0.5, 1.5, 1.0])
    d = pos[None, :, :] - pos[:, None, :]
    r2 = np.sum(d ** 2, -1) + 0.1
    inv = m[None, :] / r2 ** 1.5
    acc = np.sum(d * inv[..., None], axis=1)
    return np.sum((pos + 0.01 * acc) ** 2)
