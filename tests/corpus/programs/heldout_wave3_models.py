"""Held-out wave 3, part five: models people write in plain NumPy -- MLPs whose
parameters are a list of (W, b) tuples, GRU and LSTM cells with np.split, causal
multi-head attention, HMM forward algorithm, Sinkhorn transport, soft-DTW, Cox
partial likelihood, ordinal regression, planar flows, VAE with fixed noise, heat
and wave stencils, upwind advection, N-body gravity, spring networks with
np.add.at, RK4 for a double pendulum.  Nobody wrote these for srcad."""

import numpy as np
from scipy.special import logsumexp

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
rng = np.random.RandomState(99)
X = rng.randn(8, 3)
y_cls = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(float)
y_reg = np.sin(X[:, 0]) + 0.1 * rng.randn(8)
seq = rng.randn(5, 2)


def init_mlp(sizes, scale=0.3, seed=0):
    r = np.random.RandomState(seed)
    return [(scale * r.randn(m, n), np.zeros(n)) for m, n in zip(sizes[:-1], sizes[1:])]


# ---------------------------------------------------------------- networks

def mlp(params, x):
    *hidden, (Wo, bo) = params
    for W, b in hidden:
        x = np.tanh(x @ W + b)
    return x @ Wo + bo


@case(init_mlp([3, 4, 4, 1]))
def mlp_list_of_tuples_star_unpack(params):
    pred = mlp(params, X)[:, 0]
    return np.mean((pred - y_reg) ** 2)


@case(init_mlp([3, 5, 1], seed=1))
def mlp_relu_bce_with_logits(params):
    h = X
    for i, (W, b) in enumerate(params):
        h = h @ W + b
        if i < len(params) - 1:
            h = np.maximum(h, 0.0)
    z = h.ravel()
    return np.mean(np.maximum(z, 0) - z * y_cls + np.log1p(np.exp(-np.abs(z))))


@case(init_mlp([3, 4, 2], seed=2))
def mlp_l2_over_weights_only(params):
    logits = mlp(params, X)
    logp = logits - logsumexp(logits, axis=1, keepdims=True)
    nll = -np.mean(logp[np.arange(len(X)), y_cls.astype(int)])
    return nll + 1e-2 * sum((W ** 2).sum() for W, _ in params)


def gru_cell(p, h, x):
    zr = 1 / (1 + np.exp(-(x @ p['Wzr'] + h @ p['Uzr'])))
    z, r = np.split(zr, 2, axis=-1)
    hh = np.tanh(x @ p['Wh'] + (r * h) @ p['Uh'])
    return (1 - z) * h + z * hh


@case({'Wzr': 0.3 * rng.randn(2, 6), 'Uzr': 0.3 * rng.randn(3, 6),
       'Wh': 0.3 * rng.randn(2, 3), 'Uh': 0.3 * rng.randn(3, 3)})
def gru_unrolled_split(p):
    h = np.zeros(3)
    for x in seq:
        h = gru_cell(p, h, x)
    return np.sum(h ** 2)


@case({'W': 0.2 * rng.randn(5, 12), 'b': np.zeros(12)})
def lstm_concat_input_split_gates(p):
    h, c = np.zeros(3), np.zeros(3)
    losses = []
    for t in range(len(seq)):
        xh = np.concatenate([seq[t], h])
        gates = xh @ p['W'] + p['b']
        i, f, o, g = np.split(gates, 4)
        sig = lambda a: 1 / (1 + np.exp(-a))
        c = sig(f) * c + sig(i) * np.tanh(g)
        h = sig(o) * np.tanh(c)
        losses.append((h[0] - seq[t, 0]) ** 2)
    return np.mean(losses)


@case(0.3 * rng.randn(4, 12))
def causal_multihead_attention(Wqkv):
    T, d, H = 5, 4, 2
    xs = np.c_[seq, seq ** 2]
    q, k, v = np.split(xs @ Wqkv, 3, axis=1)
    q = q.reshape(T, H, d // H).transpose(1, 0, 2)
    k = k.reshape(T, H, d // H).transpose(1, 0, 2)
    v = v.reshape(T, H, d // H).transpose(1, 0, 2)
    att = q @ k.transpose(0, 2, 1) / np.sqrt(d // H)
    mask = np.triu(np.ones((T, T), dtype=bool), k=1)
    att = np.where(mask[None], -1e9, att)
    att = np.exp(att - att.max(-1, keepdims=True))
    att = att / att.sum(-1, keepdims=True)
    out = (att @ v).transpose(1, 0, 2).reshape(T, d)
    return np.sum(out ** 2)


@case(np.array([1.0, 0.0, 1.0, 0.0]))
def layernorm_gain_bias(gb):
    g, b = gb[:2], gb[2:]
    h = seq
    mu = h.mean(-1, keepdims=True)
    var = ((h - mu) ** 2).mean(-1, keepdims=True)
    out = g * (h - mu) / np.sqrt(var + 1e-5) + b
    return np.sum(out[:, 0] * np.arange(5))


@case(rng.randn(3, 2) * 0.5)
def conv1d_sliding_window_view(k):
    x = np.c_[seq[:, 0], seq[:, 1], seq[:, 0] * seq[:, 1]].T
    win = np.lib.stride_tricks.sliding_window_view(x, 2, axis=1)
    out = np.einsum('cwk,ck->w', win, k)
    return np.sum(np.tanh(out))


# ---------------------------------------------------------------- probabilistic models

@case(np.array([0.2, -0.1, 0.3, 0.0]))
def hmm_forward_algorithm_log_space(theta):
    A = np.array([[theta[0], 0.0], [0.0, theta[1]]])
    logA = A - logsumexp(A, axis=1, keepdims=True)
    means = np.array([theta[2], theta[3] + 1.0])
    emis = -0.5 * (seq[:, :1] - means[None, :]) ** 2
    alpha = np.log(0.5) + emis[0]
    for t in range(1, len(seq)):
        alpha = logsumexp(alpha[:, None] + logA, axis=0) + emis[t]
    return -logsumexp(alpha)


@case(np.array([[0.2, 0.8, 0.3], [0.5, 0.1, 0.9]]))
def sinkhorn_transport_cost(C):
    a = np.array([0.5, 0.5])
    b = np.array([0.3, 0.3, 0.4])
    K = np.exp(-C / 0.1)
    u = np.ones(2)
    for _ in range(30):
        v = b / (K.T @ u)
        u = a / (K @ v)
    P = u[:, None] * K * v[None, :]
    return np.sum(P * C)


# (hvp: see heldout_wave3_python.polynomial_from_comprehension, nested range loops)
@case(np.array([0.1, 0.5, 0.9, 0.3]))
def soft_dtw_recursion(x):
    yref = np.array([0.0, 0.6, 0.8])
    gamma = 0.1
    n, m = len(x), len(yref)
    R = np.full((n + 1, m + 1), np.inf)
    R[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost = (x[i - 1] - yref[j - 1]) ** 2
            prev = np.array([R[i - 1, j - 1], R[i - 1, j], R[i, j - 1]])
            R[i, j] = cost - gamma * logsumexp(-prev / gamma)
    return R[n, m]


# (was refused: no rule for np.logaddexp.accumulate, the running log-sum-exp of a risk set;
# a rule since wave 4)
@case(np.array([0.4, -0.3, 0.2]))
def cox_partial_likelihood(beta):
    times = np.array([5.0, 3.0, 8.0, 1.0, 6.0, 2.0, 7.0, 4.0])
    event = np.array([1, 1, 0, 1, 1, 0, 1, 1])
    order = np.argsort(-times)
    eta = (X @ beta)[order]
    log_risk = np.logaddexp.accumulate(eta)
    return -np.sum((eta - log_risk)[event[order] == 1])


@case(np.array([0.5, -0.2, 0.1, -0.5, 0.3]))
def ordinal_regression_cumulative_logit(theta):
    w = theta[:3]
    cut = np.cumsum(np.r_[theta[3], np.exp(theta[4])])
    labels = np.array([0, 1, 2, 1, 0, 2, 2, 1])
    eta = X @ w
    cdf = 1 / (1 + np.exp(-(cut[None, :] - eta[:, None])))
    cdf = np.hstack([np.zeros((8, 1)), cdf, np.ones((8, 1))])
    probs = cdf[np.arange(8), labels + 1] - cdf[np.arange(8), labels]
    return -np.sum(np.log(probs))


@case(np.array([0.3, -0.2, 0.5, 0.1, 0.0]))
def planar_flow_log_det(p):
    u, w, b = p[:2], p[2:4], p[4]
    z = seq
    a = z @ w + b
    fz = z + np.outer(np.tanh(a), u)
    psi = (1 - np.tanh(a) ** 2)[:, None] * w
    logdet = np.log(np.abs(1 + psi @ u))
    return np.mean(0.5 * np.sum(fz ** 2, 1) - logdet)


@case({'enc': 0.3 * rng.randn(3, 4), 'dec': 0.3 * rng.randn(2, 3)})
def vae_fixed_noise_elbo(p):
    eps = np.random.RandomState(5).standard_normal((8, 2))
    h = X @ p['enc']
    mu, logvar = h[:, :2], h[:, 2:]
    z = mu + np.exp(0.5 * logvar) * eps
    xhat = z @ p['dec']
    rec = np.sum((X - xhat) ** 2)
    kl = -0.5 * np.sum(1 + logvar - mu ** 2 - np.exp(logvar))
    return (rec + kl) / len(X)


@case(np.array([0.0, 1.0, -1.0, 0.5, 0.2, 0.0]))
def gmm_soft_assignment_nll(theta):
    mus = theta[:3]
    log_sd = theta[3:5]
    logits = np.r_[theta[5], 0.0, 0.0]
    logw = logits - logsumexp(logits)
    sds = np.exp(np.append(log_sd, 0.0))
    x = y_reg[:, None]
    comp = -0.5 * ((x - mus) / sds) ** 2 - np.log(sds) - 0.5 * np.log(2 * np.pi)
    resp = np.exp(comp + logw - logsumexp(comp + logw, axis=1, keepdims=True))
    return -np.sum(logsumexp(comp + logw, axis=1)) + 0.0 * resp.sum()


@case(np.array([0.1, 0.2, -0.3]))
def poisson_regression_with_exposure_offset(beta):
    exposure = np.array([1.0, 2.0, 0.5, 1.5, 3.0, 1.0, 2.5, 0.8])
    counts = np.array([1, 4, 0, 2, 6, 1, 3, 1])
    log_mu = np.log(exposure) + X @ beta
    return np.sum(np.exp(log_mu) - counts * log_mu)


# ---------------------------------------------------------------- PDEs and physics

@case(np.exp(-np.linspace(-2, 2, 16) ** 2))
def heat_equation_roll_stencil(u0):
    u = u0.copy()
    for _ in range(20):
        u = u + 0.2 * (np.roll(u, 1) - 2 * u + np.roll(u, -1))
    return np.sum(u ** 2 * np.linspace(0, 1, 16))


@case(np.exp(-np.linspace(-2, 2, 16) ** 2))
def heat_equation_slice_assign_dirichlet(u0):
    u = u0.copy()
    for _ in range(15):
        un = u.copy()
        u[1:-1] = un[1:-1] + 0.25 * (un[2:] - 2 * un[1:-1] + un[:-2])
        u[0] = u[-1] = 0.0
    return np.sum(u[::2])


@case(np.outer(np.hanning(6), np.hanning(6)))
def heat_2d_laplacian_slices(T0):
    T = T0.copy()
    for _ in range(8):
        lap = np.zeros_like(T)
        lap[1:-1, 1:-1] = (T[2:, 1:-1] + T[:-2, 1:-1] + T[1:-1, 2:] + T[1:-1, :-2]
                           - 4 * T[1:-1, 1:-1])
        T = T + 0.1 * lap
    return T[2, 3] + T.mean()


@case(np.sin(np.linspace(0, np.pi, 12)))
def wave_equation_leapfrog(u0):
    c2 = 0.4
    u_prev = u0.copy()
    u = u0.copy()
    for _ in range(10):
        u_next = np.zeros_like(u)
        u_next[1:-1] = 2 * u[1:-1] - u_prev[1:-1] + c2 * (u[2:] - 2 * u[1:-1] + u[:-2])
        u_prev, u = u, u_next
    return np.sum(u ** 2)


@case(0.5 + 0.3 * np.sin(np.linspace(0, 2 * np.pi, 12, endpoint=False)))
def burgers_upwind_where(u0):
    u = u0
    for _ in range(6):
        fwd = np.roll(u, -1) - u
        bwd = u - np.roll(u, 1)
        u = u - 0.1 * u * np.where(u > 0, bwd, fwd)
    return np.sum(u ** 3)


@case(np.array([[0.0, 0.0], [1.0, 0.2], [0.3, 1.1]]))
def nbody_gravity_softened(pos0):
    vel = np.zeros_like(pos0)
    pos = pos0
    m = np.array([1.0, 0.5, 0.8])
    for _ in range(5):
        d = pos[None, :, :] - pos[:, None, :]
        r3 = (np.sum(d ** 2, -1) + 0.05) ** 1.5
        acc = np.sum(m[None, :, None] * d / r3[:, :, None], axis=1)
        vel = vel + 0.05 * acc
        pos = pos + 0.05 * vel
    return np.sum(pos[:, 0]) + np.sum(vel ** 2)


@case(np.array([[0.0, 0.0], [1.1, 0.0], [0.5, 0.9], [1.4, 1.0]]))
def spring_network_add_at(P):
    edges = np.array([[0, 1], [1, 2], [2, 0], [1, 3], [2, 3]])
    rest = 1.0
    force = np.zeros_like(P)
    d = P[edges[:, 1]] - P[edges[:, 0]]
    L = np.linalg.norm(d, axis=1)
    f = ((L - rest) / L)[:, None] * d
    np.add.at(force, edges[:, 0], f)
    np.add.at(force, edges[:, 1], -f)
    return np.sum(force ** 2) + 0.5 * np.sum((L - rest) ** 2)


def pendulum2(s, L1=1.0, L2=1.0, g=9.81):
    t1, t2, w1, w2 = s
    d = t1 - t2
    den = 2 - np.cos(2 * d)
    a1 = (-g * 3 * np.sin(t1) - g * np.sin(t1 - 2 * t2)
          - 2 * np.sin(d) * (w2 ** 2 * L2 + w1 ** 2 * L1 * np.cos(d))) / (L1 * den)
    a2 = (2 * np.sin(d) * (w1 ** 2 * L1 * 2 + g * 2 * np.cos(t1) + w2 ** 2 * L2 * np.cos(d))
          / (L2 * den))
    return np.array([w1, w2, a1, a2])


@case(np.array([0.4, -0.2, 0.0, 0.1]))
def double_pendulum_rk4(s0):
    s, h = s0, 0.02
    for _ in range(10):
        k1 = pendulum2(s)
        k2 = pendulum2(s + h / 2 * k1)
        k3 = pendulum2(s + h / 2 * k2)
        k4 = pendulum2(s + h * k3)
        s = s + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return s[0] ** 2 + np.cos(s[1])


@case(np.array([1.0, 0.0, 0.0, 1.0]))
def orbit_velocity_verlet_history(s0):
    x, v = s0[:2], s0[2:]
    xs_hist = [x]
    a = -x / np.linalg.norm(x) ** 3
    for _ in range(12):
        x = x + 0.1 * v + 0.005 * a
        a_new = -x / np.linalg.norm(x) ** 3
        v = v + 0.05 * (a + a_new)
        a = a_new
        xs_hist.append(x)
    traj = np.stack(xs_hist)
    return np.sum(traj[:, 0] ** 2) + 0.5 * v @ v - 1 / np.linalg.norm(x)


@case(np.array([0.2, 0.1]))
def shooting_projectile_while_ground(v0):
    pos = np.zeros(2)
    vel = np.array([1.0 + v0[0], 2.0 + v0[1]])
    t = 0
    while t < 30:
        vel = vel + np.array([0.0, -9.81]) * 0.02 - 0.1 * vel * np.linalg.norm(vel) * 0.02
        pos = pos + vel * 0.02
        t += 1
    return (pos[0] - 1.5) ** 2 + pos[1] ** 2


@case(np.array([0.3, 0.8, -0.5, 0.2, 0.9]))
def mean_field_ising_fixed_point(h):
    J = 0.4 * (np.eye(5, k=1) + np.eye(5, k=-1))
    m = np.zeros(5)
    for _ in range(40):
        m = np.tanh(h + J @ m)
    return -np.sum(h * m) - 0.5 * m @ J @ m
