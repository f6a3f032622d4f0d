"""Everyday linear algebra and geometry programs: solves, inverses,
determinants, norms, factorisations, projections, rotations, distances,
angles, areas, meshes and point clouds."""

import numpy as np

from ..case import case

_rng = np.random.default_rng(404)
A3 = _rng.standard_normal((3, 3)) + 3 * np.eye(3)
SPD = A3 @ A3.T + np.eye(3)
B3 = _rng.standard_normal(3)
M42 = _rng.standard_normal((4, 2))
V3 = np.array([0.3, -0.8, 0.5])
U3 = np.array([0.9, 0.2, -0.4])
PTS = _rng.standard_normal((6, 2))
PTS3 = _rng.standard_normal((5, 3))
TRI = np.array([[0.0, 0.0], [1.0, 0.1], [0.3, 0.9]])
POLY = np.array([[0.0, 0.0], [2.0, 0.1], [2.2, 1.5], [0.8, 2.0], [-0.3, 1.0]])
ANG3 = np.array([0.3, -0.4, 0.7])
QUAT = np.array([0.9, 0.1, -0.3, 0.2])
GRID = np.sin(np.arange(16.0).reshape(4, 4)) + 0.05


def rot2(theta):
    c, s = np.cos(theta), np.sin(theta)
    return np.array([[c, -s], [s, c]])


def rot_z(a):
    return np.array([[np.cos(a), -np.sin(a), 0.0], [np.sin(a), np.cos(a), 0.0], [0.0, 0.0, 1.0]])


def rot_x(a):
    return np.array([[1.0, 0.0, 0.0], [0.0, np.cos(a), -np.sin(a)], [0.0, np.sin(a), np.cos(a)]])


# ---------------------------------------------------------------- solve / inv / det

@case(A3)
def solve_then_sum(A):
    x = np.linalg.solve(A, B3)
    return np.sum(x ** 2)


@case(B3)
def solve_wrt_rhs(b):
    x = np.linalg.solve(A3, b)
    return x @ x + x[0]


@case(A3)
def solve_matrix_rhs(A):
    Bm = np.eye(3) + 0.1
    X = np.linalg.solve(A, Bm)
    return np.trace(X)


@case(A3)
def inverse_trace(A):
    return np.trace(np.linalg.inv(A))


@case(A3)
def inverse_times_vector(A):
    Ainv = np.linalg.inv(A)
    return np.sum(Ainv @ B3)


@case(A3)
def determinant(A):
    return np.linalg.det(A)


@case(A3)
def log_abs_det(A):
    sign, logdet = np.linalg.slogdet(A)
    return logdet


@case(SPD)
def logdet_via_cholesky(S):
    L = np.linalg.cholesky(S)
    return 2 * np.sum(np.log(np.diag(L)))


@case(SPD)
def cholesky_solve_two_steps(S):
    L = np.linalg.cholesky(S)
    y = np.linalg.solve(L, B3)
    x = np.linalg.solve(L.T, y)
    return x @ B3


@case(A3)
def cholesky_of_gram(A):
    G = A.T @ A
    L = np.linalg.cholesky(G)
    return np.sum(L)


@case(A3)
def det_2x2_by_hand(A):
    return A[0, 0] * A[1, 1] - A[0, 1] * A[1, 0]


@case(A3)
def det_3x3_cofactor(A):
    a, b, c = A[0]
    d, e, f = A[1]
    g, h, i = A[2]
    return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)


@case(A3)
def inverse_2x2_by_hand(A):
    a, b, c, d = A[0, 0], A[0, 1], A[1, 0], A[1, 1]
    det = a * d - b * c
    inv = np.array([[d, -b], [-c, a]]) / det
    return np.sum(inv ** 2)


@case(A3)
def matrix_power_trace(A):
    return np.trace(np.linalg.matrix_power(A / 3.0, 3))


@case(A3)
def repeated_matmul_loop(A):
    P = np.eye(3)
    for _ in range(4):
        P = P @ (A / 3.0)
    return np.sum(P)


@case(A3)
def neumann_series_inverse(A):
    Bm = np.eye(3) - A / 4.0
    S = np.eye(3)
    term = np.eye(3)
    for k in range(6):
        term = term @ Bm
        S = S + term
    return np.sum(S * np.linalg.inv(A / 4.0))


@case(A3)
def jacobi_iteration(A):
    D = np.diag(A)
    R = A - np.diag(D)
    x = np.zeros(3)
    for _ in range(10):
        x = (B3 - R @ x) / D
    return np.sum(x ** 2)


@case(A3)
def gauss_seidel_elementwise(A):
    x = np.zeros(3)
    for sweep in range(6):
        for i in range(3):
            s = B3[i]
            for j in range(3):
                if j != i:
                    s = s - A[i, j] * x[j]
            x[i] = s / A[i, i]
    return x @ x


@case(SPD)
def conjugate_gradient(S):
    x = np.zeros(3)
    r = B3 - S @ x
    p = r.copy()
    rs = r @ r
    for _ in range(3):
        Ap = S @ p
        alpha = rs / (p @ Ap)
        x = x + alpha * p
        r = r - alpha * Ap
        rs_new = r @ r
        p = r + rs_new / rs * p
        rs = rs_new
    return np.sum(x)


@case(A3)
def power_iteration(A):
    S = A @ A.T
    v = np.ones(3) / np.sqrt(3)
    for _ in range(30):
        v = S @ v
        v = v / np.linalg.norm(v)
    return v @ S @ v


@case(SPD)
def rayleigh_quotient(S):
    v = np.array([1.0, 0.5, -0.3])
    return (v @ S @ v) / (v @ v)


@case(SPD)
def eigvalsh_sum_sq(S):
    w = np.linalg.eigvalsh(S)
    return np.sum(w ** 2) + w[-1]


@case(SPD)
def eigh_top_vector_projection(S):
    w, V = np.linalg.eigh(S)
    v = V[:, -1]
    return (v @ B3) ** 2


@case(A3)
def singular_values_nuclear(A):
    s = np.linalg.svd(A, compute_uv=False)
    return np.sum(s)


@case(A3)
def spectral_norm_via_svd(A):
    return np.linalg.norm(A, 2)


@case(M42)
def pseudo_inverse_projection(M):
    P = M @ np.linalg.pinv(M)
    return np.trace(P @ np.diag([1.0, 2.0, 3.0, 4.0]))


@case(M42)
def qr_r_diagonal(M):
    Qm, R = np.linalg.qr(M)
    return np.sum(np.abs(np.diag(R)))


@case(M42)
def least_squares_residual(M):
    b = np.array([1.0, 0.5, -0.5, 2.0])
    x = np.linalg.solve(M.T @ M, M.T @ b)
    r = b - M @ x
    return r @ r


@case(M42)
def gram_schmidt(M):
    q1 = M[:, 0] / np.linalg.norm(M[:, 0])
    v = M[:, 1] - (q1 @ M[:, 1]) * q1
    q2 = v / np.linalg.norm(v)
    return np.sum(q1 * np.array([1, 2, 3, 4])) + np.sum(q2 ** 3)


@case(M42)
def gram_schmidt_loop(M):
    Qs = []
    for j in range(M.shape[1]):
        v = M[:, j]
        for q in Qs:
            v = v - (q @ v) * q
        Qs.append(v / np.linalg.norm(v))
    Qm = np.stack(Qs, axis=1)
    return np.sum(Qm[0] * Qm[3])


@case(A3)
def frobenius_norm(A):
    return np.linalg.norm(A) + np.linalg.norm(A, 'fro') ** 2


@case(A3)
def row_norms_axis(A):
    return np.sum(np.linalg.norm(A, axis=1) ** 3)


@case(V3)
def vector_norms_various(v):
    return np.linalg.norm(v) + np.linalg.norm(v, 1) + np.linalg.norm(v, 3) + np.linalg.norm(v, np.inf)


@case(A3)
def matrix_one_and_inf_norms(A):
    return np.linalg.norm(A, 1) + np.linalg.norm(A, np.inf)


@case(A3)
def condition_number_smooth(A):
    s = np.linalg.svd(A, compute_uv=False)
    return s[0] / s[-1]


@case(A3)
def kronecker_trace(A):
    K = np.kron(A, np.eye(2))
    return np.trace(K @ K)


@case(A3)
def outer_products_sum(A):
    S = np.zeros((3, 3))
    for row in A:
        S += np.outer(row, row)
    return np.sum(S * SPD)


@case(A3)
def lyapunov_fixed_point(A):
    An = A / 5.0
    X = np.eye(3)
    for _ in range(10):
        X = An @ X @ An.T + np.eye(3)
    return np.trace(X)


@case(A3)
def matrix_exponential_taylor(A):
    An = A * 0.2
    E = np.eye(3)
    term = np.eye(3)
    for k in range(1, 10):
        term = term @ An / k
        E = E + term
    return np.sum(E)


@case(A3)
def symmetric_part_quadratic(A):
    S = (A + A.T) / 2
    return V3 @ S @ V3 + U3 @ A.T @ V3


@case(A3)
def triangular_parts(A):
    return np.sum(np.triu(A) ** 2) - np.sum(np.tril(A, -1))


@case(A3)
def diag_and_trace(A):
    d = np.diag(A)
    return np.prod(d) + np.trace(A) ** 2


@case(A3)
def einsum_bilinear(A):
    return np.einsum('i,ij,j->', V3, A, U3) + np.einsum('ii', A)


@case(A3)
def tensordot_contraction(A):
    T = np.tensordot(A, A, axes=([1], [0]))
    return np.sum(T * A.T)


@case(A3)
def schur_complement(A):
    a = A[:2, :2]
    b = A[:2, 2:]
    c = A[2:, :2]
    d = A[2:, 2:]
    S = d - c @ np.linalg.inv(a) @ b
    return S[0, 0]


@case(A3)
def block_matrix_det(A):
    Bm = np.block([[A, np.eye(3) * 0.1], [np.eye(3) * 0.2, A.T]])
    return np.linalg.slogdet(Bm)[1]


@case(np.array([2.0, 1.0, 0.5]))
def tridiagonal_solve_thomas(d):
    n = 3
    a = np.array([0.0, -0.5, -0.5])
    c = np.array([-0.5, -0.5, 0.0])
    b = d + 1.5
    rhs = np.array([1.0, 2.0, 3.0])
    cp = np.zeros(n)
    dp = np.zeros(n)
    cp[0] = c[0] / b[0]
    dp[0] = rhs[0] / b[0]
    for i in range(1, n):
        m = b[i] - a[i] * cp[i - 1]
        cp[i] = c[i] / m
        dp[i] = (rhs[i] - a[i] * dp[i - 1]) / m
    x = np.zeros(n)
    x[-1] = dp[-1]
    for i in range(n - 2, -1, -1):
        x[i] = dp[i] - cp[i] * x[i + 1]
    return np.sum(x ** 2)


@case(A3)
def lu_no_pivot_manual(A):
    U = A.copy()
    L = np.eye(3)
    for k in range(3):
        for i in range(k + 1, 3):
            L[i, k] = U[i, k] / U[k, k]
            U[i, k:] = U[i, k:] - L[i, k] * U[k, k:]
    return np.prod(np.diag(U)) + np.sum(L)


# ---------------------------------------------------------------- geometry: distances / angles

@case(V3)
def euclidean_distance(p):
    return np.sqrt(np.sum((p - U3) ** 2))


@case(V3)
def angle_between_vectors(u):
    cos = np.dot(u, U3) / (np.linalg.norm(u) * np.linalg.norm(U3))
    return np.arccos(cos)


@case(V3)
def angle_via_atan2(u):
    c = np.cross(u, U3)
    return np.arctan2(np.linalg.norm(c), u @ U3)


@case(PTS)
def pairwise_distances_broadcast(P):
    d = np.sqrt(((P[:, None, :] - P[None, :, :]) ** 2).sum(-1) + 1e-9)
    return np.sum(d) / 2


@case(PTS)
def pairwise_distance_loops(P):
    total = 0.0
    n = len(P)
    for i in range(n):
        for j in range(i + 1, n):
            total += np.linalg.norm(P[i] - P[j])
    return total


@case(PTS)
def nearest_neighbor_distance(P):
    d2 = np.sum((P[:, None] - P[None]) ** 2, axis=2)
    d2 = d2 + np.eye(len(P)) * 1e6
    return np.sum(np.sqrt(np.min(d2, axis=1)))


@case(PTS)
def chamfer_distance(P):
    Qp = PTS[::-1] * 0.8 + 0.1
    d = np.sum((P[:, None, :] - Qp[None, :, :]) ** 2, axis=-1)
    return np.mean(d.min(axis=1)) + np.mean(d.min(axis=0))


@case(PTS)
def point_to_line_distance(P):
    a = np.array([0.0, -1.0])
    b = np.array([1.0, 2.0])
    ab = b - a
    t = ((P - a) @ ab) / (ab @ ab)
    proj = a + t[:, None] * ab
    return np.sum(np.linalg.norm(P - proj, axis=1))


@case(PTS)
def point_to_segment_clamped(P):
    a = np.array([-3.0, -3.0])
    b = np.array([3.0, 3.5])
    ab = b - a
    t = np.clip(((P - a) @ ab) / (ab @ ab), 0.0, 1.0)
    closest = a + t[:, None] * ab
    return np.sum((P - closest) ** 2)


@case(V3)
def point_to_plane_distance(p):
    n = np.array([1.0, 2.0, 2.0])
    n = n / np.linalg.norm(n)
    return (p @ n - 0.5) ** 2


@case(PTS3)
def distance_to_sphere(P):
    c = np.array([0.1, 0.2, -0.1])
    r = np.linalg.norm(P - c, axis=1)
    return np.sum((r - 1.0) ** 2)


@case(np.array([0.1, 0.2, -0.1, 1.0]))
def sphere_fit(params):
    c = params[:3]
    r = params[3]
    d = np.sqrt(np.sum((PTS3 - c) ** 2, axis=1))
    return np.sum((d - r) ** 2)


@case(np.array([0.1, 0.2, 1.1]))
def circle_fit_algebraic(params):
    cx, cy, r = params
    res = (PTS[:, 0] - cx) ** 2 + (PTS[:, 1] - cy) ** 2 - r ** 2
    return np.sum(res ** 2)


@case(np.array([0.5, 0.5]))
def line_fit_total_least_squares(ab):
    n = np.array([ab[0], 1.0])
    n = n / np.linalg.norm(n)
    return np.sum((PTS @ n - ab[1]) ** 2)


@case(PTS)
def cosine_similarity_matrix(P):
    Pn = P / np.linalg.norm(P, axis=1, keepdims=True)
    S = Pn @ Pn.T
    return np.sum(np.triu(S, 1) ** 2)


@case(TRI)
def triangle_area_cross(T):
    a = T[1] - T[0]
    b = T[2] - T[0]
    return 0.5 * (a[0] * b[1] - a[1] * b[0])


@case(TRI)
def triangle_angles_sum_sq(T):
    total = 0.0
    for i in range(3):
        p = T[i]
        q = T[(i + 1) % 3]
        r = T[(i + 2) % 3]
        u = q - p
        v = r - p
        total += np.arccos(u @ v / (np.linalg.norm(u) * np.linalg.norm(v))) ** 2
    return total


@case(TRI)
def triangle_quality(T):
    e = np.array([np.linalg.norm(T[1] - T[0]), np.linalg.norm(T[2] - T[1]), np.linalg.norm(T[0] - T[2])])
    a = T[1] - T[0]
    b = T[2] - T[0]
    area = 0.5 * abs(a[0] * b[1] - a[1] * b[0])
    return 4 * np.sqrt(3) * area / np.sum(e ** 2)


@case(TRI)
def triangle_circumradius(T):
    a = np.linalg.norm(T[1] - T[2])
    b = np.linalg.norm(T[0] - T[2])
    c = np.linalg.norm(T[0] - T[1])
    s = (a + b + c) / 2
    area = np.sqrt(s * (s - a) * (s - b) * (s - c))
    return a * b * c / (4 * area)


@case(TRI)
def barycentric_coordinates(T):
    p = np.array([0.4, 0.3])
    M = np.array([[T[0, 0] - T[2, 0], T[1, 0] - T[2, 0]],
                  [T[0, 1] - T[2, 1], T[1, 1] - T[2, 1]]])
    lam = np.linalg.solve(M, p - T[2])
    return lam[0] * 2 + lam[1]


@case(POLY)
def polygon_area_shoelace(P):
    x = P[:, 0]
    y = P[:, 1]
    return 0.5 * np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y)


@case(POLY)
def polygon_perimeter(P):
    d = np.diff(np.vstack([P, P[:1]]), axis=0)
    return np.sum(np.sqrt(np.sum(d ** 2, axis=1)))


@case(POLY)
def polygon_centroid(P):
    x, y = P[:, 0], P[:, 1]
    xn, yn = np.roll(x, -1), np.roll(y, -1)
    cross = x * yn - xn * y
    A = 0.5 * cross.sum()
    cx = np.sum((x + xn) * cross) / (6 * A)
    cy = np.sum((y + yn) * cross) / (6 * A)
    return cx ** 2 + cy


@case(POLY)
def polygon_area_loop(P):
    n = len(P)
    area = 0.0
    for i in range(n):
        j = (i + 1) % n
        area += P[i, 0] * P[j, 1] - P[j, 0] * P[i, 1]
    return area / 2


@case(POLY)
def polyline_smoothness(P):
    d2 = P[2:] - 2 * P[1:-1] + P[:-2]
    return np.sum(d2 ** 2)


@case(POLY)
def polyline_turning_angles(P):
    segs = np.diff(P, axis=0)
    ang = np.arctan2(segs[:, 1], segs[:, 0])
    turn = np.diff(ang)
    return np.sum(turn ** 2)


@case(PTS3)
def tetra_volume(P):
    a = P[1] - P[0]
    b = P[2] - P[0]
    c = P[3] - P[0]
    return np.dot(a, np.cross(b, c)) / 6.0


@case(PTS3)
def triangle_normal_3d(P):
    n = np.cross(P[1] - P[0], P[2] - P[0])
    n = n / np.linalg.norm(n)
    return n @ np.array([0.3, 0.4, 0.5])


@case(PTS3)
def mesh_area_fan(P):
    area = 0.0
    for i in range(1, 4):
        area += 0.5 * np.linalg.norm(np.cross(P[i] - P[0], P[i + 1] - P[0]))
    return area


@case(PTS3)
def point_cloud_centering_pca(P):
    c = P - P.mean(axis=0)
    C = c.T @ c / len(P)
    w = np.linalg.eigvalsh(C)
    return w[0] / np.sum(w)


@case(PTS3)
def bounding_sphere_soft(P):
    c = P.mean(axis=0)
    r = np.sqrt(np.sum((P - c) ** 2, axis=1))
    return np.log(np.sum(np.exp(5 * r))) / 5


# ---------------------------------------------------------------- rotations / transforms

@case(0.4)
def rotate_points_2d(theta):
    R = rot2(theta)
    moved = PTS @ R.T
    return np.sum((moved - PTS[::-1]) ** 2)


@case(0.4)
def rotation_via_complex_like(theta):
    c, s = np.cos(theta), np.sin(theta)
    x = c * PTS[:, 0] - s * PTS[:, 1]
    y = s * PTS[:, 0] + c * PTS[:, 1]
    return np.sum(x * y)


@case(ANG3)
def euler_angles_rotation(angles):
    R = rot_z(angles[0]) @ rot_x(angles[1]) @ rot_z(angles[2])
    return np.sum(R @ U3 * V3)


@case(ANG3)
def rodrigues_rotation(w):
    theta = np.linalg.norm(w)
    k = w / theta
    K = np.array([[0.0, -k[2], k[1]], [k[2], 0.0, -k[0]], [-k[1], k[0], 0.0]])
    R = np.eye(3) + np.sin(theta) * K + (1 - np.cos(theta)) * K @ K
    return np.sum((R @ V3 - U3) ** 2)


@case(ANG3)
def rodrigues_vector_form(w):
    theta = np.sqrt(w @ w)
    k = w / theta
    v = V3
    vr = v * np.cos(theta) + np.cross(k, v) * np.sin(theta) + k * (k @ v) * (1 - np.cos(theta))
    return vr[0] + 2 * vr[1]


@case(QUAT)
def quaternion_rotate(q):
    q = q / np.linalg.norm(q)
    w, x, y, z = q
    R = np.array([[1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                  [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                  [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]])
    return np.sum((PTS3 @ R.T) * PTS3)


@case(QUAT)
def quaternion_product_loop(q):
    def qmul(a, b):
        return np.array([a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3],
                         a[0] * b[1] + a[1] * b[0] + a[2] * b[3] - a[3] * b[2],
                         a[0] * b[2] - a[1] * b[3] + a[2] * b[0] + a[3] * b[1],
                         a[0] * b[3] + a[1] * b[2] - a[2] * b[1] + a[3] * b[0]])
    r = np.array([1.0, 0.0, 0.0, 0.0])
    for _ in range(3):
        r = qmul(r, q)
    return r[0] + r[1] ** 2


@case(np.array([0.3, 1.0, -0.5]))
def homogeneous_transform(params):
    th, tx, ty = params
    T = np.array([[np.cos(th), -np.sin(th), tx],
                  [np.sin(th), np.cos(th), ty],
                  [0.0, 0.0, 1.0]])
    Ph = np.hstack([PTS, np.ones((6, 1))])
    out = (T @ Ph.T).T
    return np.sum(out[:, :2] ** 2)


@case(np.array([0.3, 1.0, -0.5]))
def procrustes_alignment_loss(params):
    th, tx, ty = params
    R = rot2(th)
    target = PTS @ rot2(0.5).T + np.array([0.8, -0.4])
    pred = PTS @ R.T + np.array([tx, ty])
    return np.mean(np.sum((pred - target) ** 2, axis=1))


@case(PTS)
def kabsch_residual(P):
    Qp = PTS @ rot2(0.3).T + 0.1 * np.cos(PTS[::-1])
    Pc = P - P.mean(0)
    Qc = Qp - Qp.mean(0)
    H = Pc.T @ Qc
    U, S, Vt = np.linalg.svd(H)
    R = Vt.T @ U.T
    return np.sum((Pc @ R.T - Qc) ** 2)


@case(np.array([1.2, 0.8, 0.3]))
def scale_shear_transform(params):
    sx, sy, sh = params
    Mx = np.array([[sx, sh], [0.0, sy]])
    out = PTS @ Mx.T
    return np.sum(out ** 2) - np.log(np.linalg.det(Mx))


@case(np.array([0.5, 0.2, 2.0]))
def camera_projection(params):
    tx, ty, f = params
    P = PTS3 + np.array([tx, ty, 5.0])
    u = f * P[:, 0] / P[:, 2]
    v = f * P[:, 1] / P[:, 2]
    target = np.linspace(-1, 1, 5)
    return np.sum((u - target) ** 2 + (v + target) ** 2)


@case(np.array([0.5, 0.2, 2.0]))
def reprojection_loop(params):
    err = 0.0
    for p in PTS3:
        X = p + np.array([params[0], params[1], 5.0])
        uv = params[2] * X[:2] / X[2]
        err += np.sum((uv - 0.1) ** 2)
    return err


@case(np.array([0.2, 0.3]))
def reflect_across_line(n_dir):
    n = n_dir / np.linalg.norm(n_dir)
    H = np.eye(2) - 2 * np.outer(n, n)
    return np.sum((PTS @ H) * PTS[::-1])


@case(np.array([1.0, 0.5, 0.2]))
def projection_onto_span(v):
    Bm = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    P = Bm @ np.linalg.inv(Bm.T @ Bm) @ Bm.T
    p = P @ v
    return p @ p + (v - p) @ (v - p) * 2


@case(np.array([0.5, 1.5]))
def bezier_curve_length(ctrl):
    P = np.array([[0.0, 0.0], [ctrl[0], 1.0], [ctrl[1], 1.0], [2.0, 0.0]])
    t = np.linspace(0, 1, 21)[:, None]
    curve = ((1 - t) ** 3 * P[0] + 3 * (1 - t) ** 2 * t * P[1]
             + 3 * (1 - t) * t ** 2 * P[2] + t ** 3 * P[3])
    seg = np.diff(curve, axis=0)
    return np.sum(np.sqrt(np.sum(seg ** 2, axis=1)))


@case(np.array([0.5, 1.0, 1.5, 0.5]))
def de_casteljau(ctrl_y):
    t = 0.37
    pts = ctrl_y.copy()
    n = len(pts)
    for r in range(1, n):
        pts = (1 - t) * pts[:-1] + t * pts[1:]
    return pts[0]


@case(np.array([0.2, 0.8, 0.5, 1.1]))
def catmull_rom_point(y):
    t = 0.4
    p0, p1, p2, p3 = y
    return 0.5 * ((2 * p1) + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t ** 2
                  + (-p0 + 3 * p1 - 3 * p2 + p3) * t ** 3)


@case(np.array([0.0, 0.5, 0.9, 1.2, 1.0]))
def linear_interp_manual(y):
    x = np.linspace(0, 4, 5)
    q = np.array([0.3, 1.7, 2.2, 3.9])
    i = np.floor(q).astype(int)
    t = q - i
    vals = (1 - t) * y[i] + t * y[i + 1]
    return np.sum(vals ** 2)


@case(np.array([0.0, 0.5, 0.9, 1.2, 1.0]))
def np_interp_values(y):
    x = np.linspace(0, 4, 5)
    q = np.array([0.3, 1.7, 2.2, 3.9])
    return np.sum(np.interp(q, x, y) ** 2)


@case(GRID)
def bilinear_sample(img):
    x, y = 1.3, 2.6
    i, j = int(x), int(y)
    fx, fy = x - i, y - j
    v = ((1 - fx) * (1 - fy) * img[i, j] + fx * (1 - fy) * img[i + 1, j]
         + (1 - fx) * fy * img[i, j + 1] + fx * fy * img[i + 1, j + 1])
    return v ** 2


@case(np.array([0.3, 0.4]))
def signed_distance_box(p):
    half = np.array([1.0, 0.5])
    q = np.abs(p - 0.05) - half
    outside = np.linalg.norm(np.maximum(q, 0.0))
    inside = np.minimum(np.max(q), 0.0)
    return (outside + inside) ** 2


@case(np.array([0.3, 0.4]))
def signed_distance_union_smooth(p):
    d1 = np.linalg.norm(p - np.array([0.5, 0.0])) - 0.4
    d2 = np.linalg.norm(p + np.array([0.3, 0.2])) - 0.3
    k = 0.2
    return -k * np.log(np.exp(-d1 / k) + np.exp(-d2 / k))


@case(np.array([1.0, 0.2, 0.1, 0.9]))
def ellipse_area_and_perimeter(M4):
    M = M4.reshape(2, 2)
    S = M @ M.T
    a, b = np.sqrt(np.linalg.eigvalsh(S))
    return np.pi * a * b + np.pi * (3 * (a + b) - np.sqrt((3 * a + b) * (a + 3 * b)))


@case(np.array([3.0, 4.0]))
def haversine_distance(lat_lon):
    lat1, lon1 = np.radians(lat_lon[0] * 10), np.radians(lat_lon[1] * 10)
    lat2, lon2 = np.radians(52.0), np.radians(13.0)
    dlat = lat2 - lat1
    dlon = lon2 - lon1
    a = np.sin(dlat / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin(dlon / 2) ** 2
    return 2 * 6371 * np.arcsin(np.sqrt(a)) / 1000


@case(np.array([1.0, 2.0, 3.0]))
def spherical_to_cartesian(params):
    r, th, ph = params[0], params[1] * 0.5, params[2] * 0.5
    x = r * np.sin(th) * np.cos(ph)
    y = r * np.sin(th) * np.sin(ph)
    z = r * np.cos(th)
    return x + 2 * y + 3 * z


@case(np.array([0.4, 0.9]))
def polar_to_cartesian_path(r_theta):
    r = np.linspace(0.5, 1.5, 6) * r_theta[0]
    th = np.linspace(0, np.pi, 6) * r_theta[1]
    x = r * np.cos(th)
    y = r * np.sin(th)
    return np.sum(np.hypot(np.diff(x), np.diff(y)))


@case(PTS)
def convex_hull_free_spread(P):
    c = np.mean(P, axis=0)
    d = P - c
    ang = np.arctan2(d[:, 1], d[:, 0])
    rad = np.hypot(d[:, 0], d[:, 1])
    return np.sum(rad * np.cos(ang)) + np.var(rad)
