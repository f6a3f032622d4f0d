"""Held-out wave 6: robotics and mechanisms -- planar and spatial forward kinematics with
homogeneous transforms built by np.array of trig terms, DH parameters, a chain product by a
loop and by functools.reduce, end-effector IK loss, rotation matrices from axis-angle
(Rodrigues) and quaternions, manipulability (det / sqrt det of J J^T), a differential-drive
odometry integration, inverse dynamics of a 2-link arm, Euler angle extraction via arctan2."""

import functools

import numpy as np

from ..case import case

q3 = np.array([0.3, -0.7, 1.1])
L3 = np.array([1.0, 0.8, 0.5])


def T2(theta, l):
    c, s = np.cos(theta), np.sin(theta)
    return np.array([[c, -s, l * c], [s, c, l * s], [0.0, 0.0, 1.0]])


@case(q3)
def planar_fk_loop(q):
    T = np.eye(3)
    for th, l in zip(q, L3):
        T = T @ T2(th, l)
    return np.sum((T[:2, 2] - np.array([1.2, 0.9])) ** 2)


@case(q3)
def planar_fk_reduce(q):
    T = functools.reduce(np.matmul, [T2(th, l) for th, l in zip(q, L3)])
    return T[0, 2] + 2 * T[1, 2] + T[0, 0]


@case(q3)
def planar_fk_cumsum_closed_form(q):
    a = np.cumsum(q)
    x = np.sum(L3 * np.cos(a))
    y = np.sum(L3 * np.sin(a))
    return (x - 1.2) ** 2 + (y - 0.9) ** 2


def dh(a, alpha, d, theta):
    ct, st = np.cos(theta), np.sin(theta)
    ca, sa = np.cos(alpha), np.sin(alpha)
    return np.array([[ct, -st * ca, st * sa, a * ct],
                     [st, ct * ca, -ct * sa, a * st],
                     [0.0, sa, ca, d],
                     [0.0, 0.0, 0.0, 1.0]])


DH = [(0.0, np.pi / 2, 0.3), (0.5, 0.0, 0.0), (0.4, 0.0, 0.0)]


@case(q3)
def dh_chain_end_effector(q):
    T = np.eye(4)
    for (a, alpha, d), th in zip(DH, q):
        T = T @ dh(a, alpha, d, th)
    p = T[:3, 3]
    return np.sum((p - np.array([0.3, 0.2, 0.5])) ** 2)


@case(q3)
def dh_chain_preallocated_frames(q):
    frames = np.zeros((4, 4, 4))
    frames[0] = np.eye(4)
    for i, ((a, alpha, d), th) in enumerate(zip(DH, q)):
        frames[i + 1] = frames[i] @ dh(a, alpha, d, th)
    return np.sum(frames[:, :3, 3] ** 2)


@case(q3)
def planar_jacobian_manipulability(q):
    a = np.cumsum(q)
    J = np.zeros((2, 3))
    for j in range(3):
        J[0, j] = -np.sum(L3[j:] * np.sin(a[j:]))
        J[1, j] = np.sum(L3[j:] * np.cos(a[j:]))
    return np.sqrt(np.linalg.det(J @ J.T))


def rodrigues(w):
    th = np.linalg.norm(w)
    k = w / th
    K = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    return np.eye(3) + np.sin(th) * K + (1 - np.cos(th)) * K @ K


@case(np.array([0.2, -0.4, 0.7]))
def rodrigues_rotation_loss(w):
    R = rodrigues(w)
    v = np.array([1.0, 0.0, 0.0])
    return np.sum((R @ v - np.array([0.6, 0.6, 0.5])) ** 2)


@case(np.array([0.2, -0.4, 0.7]))
def scipy_expm_skew(w):
    from scipy.linalg import expm
    K = np.array([[0, -w[2], w[1]], [w[2], 0, -w[0]], [-w[1], w[0], 0]])
    R = expm(K)
    return np.trace(R @ np.diag([1.0, 2.0, 3.0]))


@case(np.array([0.9, 0.1, -0.3, 0.3]))
def quaternion_to_matrix_normalised(qv):
    w, x, y, z = qv / np.linalg.norm(qv)
    R = np.array([[1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                  [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                  [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]])
    return np.sum(R * np.arange(9.0).reshape(3, 3))


@case(np.array([0.9, 0.1, -0.3, 0.3]))
def quaternion_multiply_chain(qv):
    def qmul(a, b):
        w1, x1, y1, z1 = a
        w2, x2, y2, z2 = b
        return np.array([w1 * w2 - x1 * x2 - y1 * y2 - z1 * z2,
                         w1 * x2 + x1 * w2 + y1 * z2 - z1 * y2,
                         w1 * y2 - x1 * z2 + y1 * w2 + z1 * x2,
                         w1 * z2 + x1 * y2 - y1 * x2 + z1 * w2])
    q = qv / np.linalg.norm(qv)
    r = q
    for _ in range(3):
        r = qmul(r, q)
    return r[1] + 2 * r[3]


@case(np.array([[0.9, -0.2, 0.3], [0.25, 0.95, -0.1], [-0.3, 0.15, 0.93]]))
def euler_from_matrix_arctan2(R):
    yaw = np.arctan2(R[1, 0], R[0, 0])
    pitch = np.arctan2(-R[2, 0], np.sqrt(R[2, 1] ** 2 + R[2, 2] ** 2))
    roll = np.arctan2(R[2, 1], R[2, 2])
    return yaw + 2 * pitch + 3 * roll


@case(np.array([0.5, 0.45]))
def diff_drive_odometry(wheel):
    x = np.zeros(3)
    for k in range(10):
        vl, vr = wheel[0] * (1 + 0.1 * k), wheel[1]
        v = 0.5 * (vl + vr)
        om = (vr - vl) / 0.3
        x = x + 0.1 * np.array([v * np.cos(x[2]), v * np.sin(x[2]), om])
    return x[0] ** 2 + x[1]


@case(np.array([0.3, 0.5, 0.1, -0.2]))
def two_link_inverse_dynamics(state):
    q1, q2, dq1, dq2 = state
    m1, m2, l1, l2, g = 1.0, 0.8, 1.0, 0.7, 9.81
    ddq = np.array([0.5, -0.3])
    M = np.array([[(m1 + m2) * l1 ** 2 + m2 * l2 ** 2 + 2 * m2 * l1 * l2 * np.cos(q2), m2 * l2 ** 2 + m2 * l1 * l2 * np.cos(q2)],
                  [m2 * l2 ** 2 + m2 * l1 * l2 * np.cos(q2), m2 * l2 ** 2]])
    C = np.array([-m2 * l1 * l2 * np.sin(q2) * (2 * dq1 * dq2 + dq2 ** 2), m2 * l1 * l2 * np.sin(q2) * dq1 ** 2])
    G = np.array([(m1 + m2) * g * l1 * np.cos(q1) + m2 * g * l2 * np.cos(q1 + q2), m2 * g * l2 * np.cos(q1 + q2)])
    tau = M @ ddq + C + G
    return np.sum(tau ** 2)


@case(q3)
def ik_damped_least_squares_steps(q0):
    q = q0.copy()
    target = np.array([1.2, 0.9])
    for _ in range(3):
        a = np.cumsum(q)
        p = np.array([np.sum(L3 * np.cos(a)), np.sum(L3 * np.sin(a))])
        J = np.stack([[-np.sum(L3[j:] * np.sin(a[j:])) for j in range(3)],
                      [np.sum(L3[j:] * np.cos(a[j:])) for j in range(3)]])
        dq = J.T @ np.linalg.solve(J @ J.T + 0.01 * np.eye(2), target - p)
        q = q + dq
    return np.sum(q ** 2)


@case(np.array([[0.2, 0.1], [0.9, 0.4], [1.5, 1.2]]))
def point_cloud_procrustes_svd(P):
    Q = P @ np.array([[0.8, -0.6], [0.6, 0.8]]) + np.array([0.1, 0.2])
    Pc = P - P.mean(0)
    Qc = Q - Q.mean(0)
    U, S, Vt = np.linalg.svd(Pc.T @ Qc)
    return np.sum(S)


@case(np.array([0.3, 0.2, 0.1]))
def se2_compose_and_invert(pose):
    x, y, th = pose
    T = np.array([[np.cos(th), -np.sin(th), x], [np.sin(th), np.cos(th), y], [0, 0, 1.0]])
    Ti = np.linalg.inv(T)
    return np.sum((T @ T @ Ti)[:2, 2] ** 2) + np.sum(Ti[:2, :2] * np.array([[1.0, 2.0], [3.0, 4.0]]))


@case(np.array([0.4, 1.0]))
def pendulum_energy_rk4(s0):
    def f(s):
        return np.array([s[1], -9.81 * np.sin(s[0])])
    s = s0.copy()
    h = 0.05
    for _ in range(20):
        k1 = f(s); k2 = f(s + h / 2 * k1); k3 = f(s + h / 2 * k2); k4 = f(s + h * k3)
        s = s + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return 0.5 * s[1] ** 2 - 9.81 * np.cos(s[0])


@case(np.array([0.5, -0.2, 0.3]))
def cross_product_matrix_torque(r):
    F = np.array([0.0, 0.0, -9.81])
    skew = np.array([[0, -r[2], r[1]], [r[2], 0, -r[0]], [-r[1], r[0], 0]])
    return np.sum((skew @ F - np.cross(r, F)) ** 2) + np.sum(np.cross(r, F) ** 2)
