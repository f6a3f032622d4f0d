"""Programs written the way published examples of other AD libraries are written,
part two: JAX tutorials (pytrees of dicts, ``*hidden, last = params``, MAML,
Hessian-vector products, per-example gradients), PyTorch-to-NumPy ports
(two-layer net, polynomial fit, module classes) and model zoo pieces (MDN,
VAE, natural gradient, Kalman filter, Bayesian optimisation, ODE fit, wave
equation, attention, layer norm, Adam written as a loop calling srcad.grad).
Only the import lines differ from what their authors wrote; see
third_party_style.py for part one."""

import functools
from collections import namedtuple
from functools import partial

import numpy as np
import numpy.random as npr
from scipy.integrate import odeint
from scipy.linalg import cho_factor, cho_solve, cholesky
from scipy.special import logsumexp
from scipy.stats import multivariate_normal
from scipy.stats import norm

from srcad import grad, hessian

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
rs = npr.RandomState(0)


def relu(x):
    return np.maximum(0, x)


def sigmoid(x):
    return 0.5 * (np.tanh(x) + 1.0)


# ---------------------------------------------------------------- JAX "pytrees" MLP

def init_mlp_params(layer_widths):
    params = []
    for n_in, n_out in zip(layer_widths[:-1], layer_widths[1:]):
        params.append(
            dict(weights=rs.normal(size=(n_in, n_out)) * np.sqrt(2 / n_in),
                 biases=np.ones(shape=(n_out,)) * 0.1))
    return params


def mlp_forward(params, x):
    *hidden, last = params
    for layer in hidden:
        x = relu(x @ layer['weights'] + layer['biases'])
    return x @ last['weights'] + last['biases']


SIN_X = np.linspace(-1.2, 1.3, 7).reshape(-1, 1)
SIN_Y = np.sin(3 * SIN_X)
MLP_PARAMS = init_mlp_params([1, 6, 6, 1])


@case(MLP_PARAMS, SIN_X, SIN_Y)
def pytree_mlp_loss(params, x, y):
    return np.mean((mlp_forward(params, x) - y) ** 2)


@case(MLP_PARAMS, SIN_X, SIN_Y)
def pytree_mlp_sgd_step(params, x, y):
    """``jax.tree_map(lambda p, g: p - lr * g, params, grads)`` as a comprehension."""
    grads = grad(pytree_mlp_loss)(params, x, y)
    new = [{k: layer[k] - 0.05 * g[k] for k in layer} for layer, g in zip(params, grads)]
    return pytree_mlp_loss(new, x, y)


# ---------------------------------------------------------------- JAX MAML sinusoid tutorial

def net_apply(net_params, inputs):
    for W, b in net_params[:-1]:
        inputs = np.tanh(np.dot(inputs, W) + b)
    W, b = net_params[-1]
    return np.dot(inputs, W) + b


def maml_loss(params, inputs, targets):
    predictions = net_apply(params, inputs)
    return np.mean((targets - predictions) ** 2)


def inner_update(p, x1, y1, alpha=.1):
    grads = grad(maml_loss)(p, x1, y1)
    inner_sgd_fn = lambda g, state: (state - alpha * g)  # noqa: E731
    return [tuple(inner_sgd_fn(g, s) for g, s in zip(gl, sl)) for gl, sl in zip(grads, p)]


def maml_objective(p, x1, y1, x2, y2):
    p2 = inner_update(p, x1, y1)
    return maml_loss(p2, x2, y2)


MAML_PARAMS = [(rs.randn(1, 5) * 0.5, rs.randn(5) * 0.1), (rs.randn(5, 1) * 0.5, np.zeros(1))]
case(MAML_PARAMS, SIN_X[:4], SIN_Y[:4], SIN_X[3:], SIN_Y[3:])(maml_objective)


# ---------------------------------------------------------------- JAX autodiff cookbook: hvp

def hvp(f, x, v):
    return grad(lambda x: np.vdot(grad(f)(x), v))(x)


def model_loss(w):
    preds = sigmoid(np.dot(LR_X, w))
    return -np.sum(np.log(preds * LR_Y + (1 - preds) * (1 - LR_Y)))


LR_X = rs.randn(6, 3)
LR_Y = np.array([1., 0., 1., 1., 0., 0.])
V3 = np.array([0.3, -0.5, 0.2])


# REFUSED TODAY (missing feature: grad(lambda ...) -- a lambda passed to grad inside)
@case(np.array([0.2, -0.1, 0.4]), expect='refused', why='grad of a lambda inside differentiated code')
def cookbook_hvp_norm(w):
    return np.sum(hvp(model_loss, w, V3) ** 2)


# REFUSED TODAY (missing feature: hessian(f)(w) inside differentiated code; the refusal points
# into srcad/transforms.py, not at the user's line).  At commit 1854a58 this was WRONG (grad 0.0).
@case(np.array([0.2, -0.1, 0.4]), expect='refused', why='hessian called inside differentiated code')
def cookbook_hessian_trace(w):
    return np.trace(hessian(model_loss)(w))


# ---------------------------------------------------------------- per-example gradients ("vmap")

# REFUSED TODAY (missing feature: grad of a nested def that reads nothing differentiated)
@case(np.array([0.2, -0.1, 0.4]), expect='refused', why='grad(loss_one) of a nested function')
def per_example_grad_norms(w):
    def loss_one(w, x, y):
        p = sigmoid(x @ w)
        return -(y * np.log(p) + (1 - y) * np.log(1 - p))
    per_ex = np.stack([grad(loss_one)(w, x, y) for x, y in zip(LR_X, LR_Y)])
    clipped = per_ex / np.maximum(1.0, np.linalg.norm(per_ex, axis=1, keepdims=True))
    return np.sum(clipped.mean(axis=0) * w) + sum(loss_one(w, x, y) for x, y in zip(LR_X, LR_Y))


# ---------------------------------------------------------------- PyTorch "learning with examples"

@case(rs.randn(4, 6) * 0.5, rs.randn(6, 2) * 0.5, rs.randn(5, 4), rs.randn(5, 2), wrt=1)
def pytorch_two_layer_net(w1, w2, x, y):
    h = x.dot(w1)
    h_relu = np.maximum(h, 0)
    y_pred = h_relu.dot(w2)
    loss = np.square(y_pred - y).sum()
    return loss


POLY_X = np.linspace(-np.pi, np.pi, 9)
POLY_Y = np.sin(POLY_X)


@case(np.array([0.1, 0.8, -0.05, -0.1]))
def pytorch_polynomial_fit(coef):
    a, b, c, d = coef
    y_pred = a + b * POLY_X + c * POLY_X ** 2 + d * POLY_X ** 3
    return np.square(y_pred - POLY_Y).sum()


class Linear:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def __call__(self, x):
        return x @ self.W + self.b


class Sequential:
    def __init__(self, *layers):
        self.layers = layers

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


# REFUSED TODAY (missing feature: calling an object built inside from differentiated arrays)
@case([rs.randn(3, 4) * 0.5, np.zeros(4), rs.randn(4, 2) * 0.5, np.zeros(2)], rs.randn(5, 3),
      expect='refused', why='model(x) where model holds differentiated arrays')
def pytorch_module_classes(flat_params, x):
    W1, b1, W2, b2 = flat_params
    model = Sequential(Linear(W1, b1), np.tanh, Linear(W2, b2))
    out = model(x)
    return np.mean(out ** 2)


# ---------------------------------------------------------------- mixture density network

def mdn_unpack(outputs, K):
    logits, mus, log_sigmas = outputs[:, :K], outputs[:, K:2 * K], outputs[:, 2 * K:]
    return logits - logsumexp(logits, axis=1, keepdims=True), mus, np.exp(log_sigmas)


def mdn_loss(params, x, y, K=3):
    h = np.tanh(x @ params['W1'] + params['b1'])
    log_pi, mu, sigma = mdn_unpack(h @ params['W2'] + params['b2'], K)
    return -np.mean(logsumexp(log_pi + norm.logpdf(y, mu, sigma), axis=1))


MDN_X = np.linspace(-1, 1, 6).reshape(-1, 1)
MDN_Y = np.sin(2 * MDN_X) + 0.1 * rs.randn(6, 1)
MDN_PARAMS = {'W1': rs.randn(1, 5) * 0.5, 'b1': np.zeros(5),
              'W2': rs.randn(5, 9) * 0.3, 'b2': np.zeros(9)}
case(MDN_PARAMS, MDN_X, MDN_Y)(mdn_loss)


# ---------------------------------------------------------------- variational_autoencoder.py

def diag_gaussian_log_density(x, mu, log_std):
    return np.sum(norm.logpdf(x, mu, np.exp(log_std)), axis=-1)


def unpack_gaussian_params(params):
    # Params of a diagonal Gaussian.
    D = np.shape(params)[-1] // 2
    mean, log_std = params[:, :D], params[:, D:]
    return mean, log_std


def sample_diag_gaussian(mean, log_std, rs):
    return rs.randn(*mean.shape) * np.exp(log_std) + mean


def bernoulli_log_density(targets, unnormalized_logprobs):
    # unnormalized_logprobs are in R
    # Targets must be -1 or 1
    label_probabilities = -np.logaddexp(0, -unnormalized_logprobs * targets)
    return np.sum(label_probabilities, axis=-1)   # Sum across pixels.


def batch_normalize(activations):
    mbmean = np.mean(activations, axis=0, keepdims=True)
    return (activations - mbmean) / (np.std(activations, axis=0, keepdims=True) + 1)


def vae_net_predict(params, inputs):
    for W, b in params:
        outputs = batch_normalize(np.dot(inputs, W) + b)
        inputs = relu(outputs)
    return outputs


def nn_predict_gaussian(params, inputs):
    return unpack_gaussian_params(vae_net_predict(params, inputs))


def vae_lower_bound(gen_params, rec_params, data, rs):
    q_means, q_log_stds = nn_predict_gaussian(rec_params, data)
    latents = sample_diag_gaussian(q_means, q_log_stds, rs)
    q_latents = diag_gaussian_log_density(latents, q_means, q_log_stds)
    p_latents = diag_gaussian_log_density(latents, 0, 0)
    logits = vae_net_predict(gen_params, latents)
    p_data = bernoulli_log_density(data, logits)
    return np.mean(p_data + q_latents - p_latents)


def init_net_params(scale, layer_sizes, rs=npr.RandomState(0)):
    return [(scale * rs.randn(m, n), scale * rs.randn(n))
            for m, n in zip(layer_sizes[:-1], layer_sizes[1:])]


VAE_DATA = np.sign(rs.randn(5, 6))
VAE_PARAMS = (init_net_params(0.3, [2, 4, 6]), init_net_params(0.3, [6, 4, 4]))


@case(VAE_PARAMS)
def vae_objective(combined_params):
    gen_params, rec_params = combined_params
    return -vae_lower_bound(gen_params, rec_params, VAE_DATA, npr.RandomState(0))


# ---------------------------------------------------------------- natural gradient (Fisher)

def gaussian_log_lik(theta, x):
    mu, log_sigma = theta
    return np.sum(norm.logpdf(x, mu, np.exp(log_sigma)))


NG_DATA = 1.5 + 0.7 * rs.randn(8)


def fisher(theta):
    _, log_sigma = theta
    return np.diag([1.0 / np.exp(2 * log_sigma), 2.0]) * len(NG_DATA)


@case(np.array([0.3, 0.2]))
def natural_gradient_step(theta):
    g = grad(gaussian_log_lik)(theta, NG_DATA)
    step = np.linalg.solve(fisher(theta), g)
    return -gaussian_log_lik(theta + 0.5 * step, NG_DATA)


@case(np.array([0.3, 0.2]))
def empirical_fisher(theta):
    scores = [grad(gaussian_log_lik)(theta, np.array([x])) for x in NG_DATA]
    F = sum(np.outer(s, s) for s in scores) / len(scores)
    return np.linalg.slogdet(F + 0.1 * np.eye(2))[1]


# ---------------------------------------------------------------- softmax regression

@case(rs.randn(4, 3) * 0.1, rs.randn(7, 4), np.array([0, 2, 1, 1, 0, 2, 2]))
def softmax_regression(W, X, labels):
    logits = X @ W
    log_probs = logits - logsumexp(logits, axis=1, keepdims=True)
    nll = -np.mean(log_probs[np.arange(len(labels)), labels])
    return nll + 1e-3 * np.sum(W ** 2)


# ---------------------------------------------------------------- soft k-means

@case(rs.randn(3, 2), rs.randn(10, 2), 0.5)
def soft_kmeans(centroids, X, temperature):
    d2 = np.array([[np.sum((x - c) ** 2) for c in centroids] for x in X])
    r = np.exp(-d2 / temperature - logsumexp(-d2 / temperature, axis=1, keepdims=True))
    return np.sum(r * d2) / len(X)


# ---------------------------------------------------------------- rosenbrock + Newton

def rosenbrock(x):
    return sum(100.0 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


# REFUSED TODAY (missing feature: hessian(f)(x) inside differentiated code; located in
# srcad/transforms.py rather than at the user's line)
@case(np.array([-0.8, 1.1, 0.6]), modes=FIRST, expect='refused',
      why='hessian called inside differentiated code')
def rosenbrock_newton_step(x):
    H = hessian(rosenbrock)(x)
    g = grad(rosenbrock)(x)
    return rosenbrock(x - 0.3 * np.linalg.solve(H + 10.0 * np.eye(len(x)), g))


# ---------------------------------------------------------------- LDS / Kalman filter

def kalman_log_likelihood(params, ys):
    A, C = params['A'], params['C']
    Q, R = np.exp(params['log_q']) * np.eye(2), np.exp(params['log_r']) * np.eye(1)
    mu, Sigma = np.zeros(2), np.eye(2)
    ll = 0.0
    for y in ys:
        # predict
        mu, Sigma = A @ mu, A @ Sigma @ A.T + Q
        # update
        S = C @ Sigma @ C.T + R
        ll = ll + multivariate_normal.logpdf(y, C @ mu, S)
        K = Sigma @ C.T @ np.linalg.inv(S)
        mu = mu + K @ (y - C @ mu)
        Sigma = Sigma - K @ C @ Sigma
    return ll


KF_PARAMS = {'A': np.array([[0.9, 0.1], [-0.1, 0.9]]), 'C': np.array([[1.0, 0.5]]),
             'log_q': -1.0, 'log_r': -0.5}
KF_YS = rs.randn(5, 1)


@case(KF_PARAMS, KF_YS)
def kalman_filter_nll(params, ys):
    return -kalman_log_likelihood(params, ys)


# ---------------------------------------------------------------- matrix factorisation

MF_R = rs.randn(5, 4)
MF_MASK = rs.rand(5, 4) > 0.3


@case((rs.randn(5, 2) * 0.5, rs.randn(4, 2) * 0.5))
def matrix_factorization(UV, lam=0.1):
    U, V = UV
    err = (MF_R - U @ V.T)[MF_MASK]
    return np.sum(err ** 2) + lam * (np.linalg.norm(U) ** 2 + np.linalg.norm(V, 'fro') ** 2)


# ---------------------------------------------------------------- dropout with fixed masks

@case([rs.randn(3, 8) * 0.5, rs.randn(8, 1) * 0.5], rs.randn(6, 3), rs.randn(6, 1))
def dropout_net(params, X, y, p_drop=0.5):
    masks = [npr.RandomState(s).rand(6, 8) > p_drop for s in range(2)]
    W1, W2 = params
    loss = 0.0
    for mask in masks:
        h = relu(X @ W1) * mask / (1 - p_drop)
        loss += np.mean((h @ W2 - y) ** 2)
    return loss / len(masks)


# ---------------------------------------------------------------- attention + layer norm

def layer_norm(x, gamma, beta, eps=1e-5):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def attention(q, k, v, mask=None):
    scores = q @ k.swapaxes(-1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -1e9)
    return softmax(scores) @ v


Block = namedtuple('Block', 'Wq Wk Wv Wo gamma beta')
T, D, H = 4, 6, 2
BLOCK = Block(*(rs.randn(D, D) * 0.3 for _ in range(4)), np.ones(D), np.zeros(D))
TOKENS = rs.randn(T, D)


# REFUSED TODAY (missing feature: a generator expression unpacked into q, k, v)
@case(BLOCK, TOKENS, expect='refused', why='q, k, v = (... for W in ...)')
def transformer_block(p, x):
    def split_heads(z):
        return z.reshape(T, H, D // H).transpose(1, 0, 2)
    q, k, v = (split_heads(x @ W) for W in (p.Wq, p.Wk, p.Wv))
    causal = np.tril(np.ones((T, T), dtype=bool))
    heads = attention(q, k, v, mask=causal)
    out = heads.transpose(1, 0, 2).reshape(T, D) @ p.Wo
    return np.sum(layer_norm(x + out, p.gamma, p.beta) ** 2) / T


@case(BLOCK, TOKENS)
def transformer_block_list_comprehension(p, x):
    def split_heads(z):
        return z.reshape(T, H, D // H).transpose(1, 0, 2)
    q, k, v = [split_heads(x @ W) for W in (p.Wq, p.Wk, p.Wv)]
    causal = np.tril(np.ones((T, T), dtype=bool))
    heads = attention(q, k, v, mask=causal)
    out = heads.transpose(1, 0, 2).reshape(T, D) @ p.Wo
    return np.sum(layer_norm(x + out, p.gamma, p.beta) ** 2) / T


# ---------------------------------------------------------------- Adam written as a loop

def adam(grad_fn, x, num_iters=4, step_size=0.05, b1=0.9, b2=0.999, eps=10**-8):
    """Adam as described in http://arxiv.org/pdf/1412.6980.pdf (autograd.misc.optimizers)."""
    m = np.zeros(len(x))
    v = np.zeros(len(x))
    for i in range(num_iters):
        g = grad_fn(x, i)
        m = (1 - b1) * g + b1 * m          # First  moment estimate.
        v = (1 - b2) * (g**2) + b2 * v     # Second moment estimate.
        mhat = m / (1 - b1**(i + 1))       # Bias correction.
        vhat = v / (1 - b2**(i + 1))
        x = x - step_size * mhat / (np.sqrt(vhat) + eps)
    return x


def quad_train_loss(x, i):
    return np.sum((x - np.array([1.0, -2.0, 0.5])) ** 2 * np.array([1.0, 3.0, 0.5]))


@case(np.array([0.1, 0.2, -0.3]))
def adam_unrolled_meta_loss(x0):
    x = adam(grad(quad_train_loss), x0)
    return np.sum(x ** 2)


# REFUSED TODAY (missing feature: a nested def passed as a value, though it closes over
# nothing differentiated)
@case(np.array([0.0, 0.3, -0.2]), expect='refused', why='nested function g passed to adam')
def adam_loop_handwritten_grad(x0):
    def g(x, i):
        return 2 * (x - np.array([1.0, -2.0, 0.5])) * np.array([1.0, 3.0, 0.5])
    return np.sum(adam(g, x0, step_size=0.1) ** 2)


# ---------------------------------------------------------------- Bayesian optimisation (EI)

def gp_posterior(xstar, X, y, ell=0.6, sf=1.0, noise=1e-2):
    def k(a, b):
        return sf ** 2 * np.exp(-0.5 * (a[:, None] - b[None, :]) ** 2 / ell ** 2)
    L = cho_factor(k(X, X) + noise * np.eye(len(X)), lower=True)
    Ks = k(X, xstar)
    mean = Ks.T @ cho_solve(L, y)
    var = sf ** 2 - np.sum(Ks * cho_solve(L, Ks), axis=0)
    return mean, np.sqrt(np.maximum(var, 1e-12))


def expected_improvement(mean, std, best):
    z = (best - mean) / std
    return (best - mean) * norm.cdf(z) + std * norm.pdf(z)


BO_X = np.array([-1.5, -0.4, 0.3, 1.2])
BO_Y = np.sin(2 * BO_X)


@case(np.array([0.7, -0.9]))
def bayesopt_acquisition(xstar):
    mean, std = gp_posterior(xstar, BO_X, BO_Y)
    return -np.sum(expected_improvement(mean, std, np.min(BO_Y)))


@case(np.array([0.2, -0.4]))
def gp_cholesky_marginal_likelihood(log_hyp):
    ell, sf = np.exp(log_hyp)
    K = sf ** 2 * np.exp(-0.5 * (BO_X[:, None] - BO_X[None, :]) ** 2 / ell ** 2)
    L = cholesky(K + 1e-2 * np.eye(len(BO_X)), lower=True)
    alpha = cho_solve((L, True), BO_Y)
    return 0.5 * BO_Y @ alpha + np.sum(np.log(np.diag(L))) + 0.5 * len(BO_X) * np.log(2 * np.pi)


# ---------------------------------------------------------------- ODE parameter fit

def lotka_volterra(z, t, a, b, c, d):
    x, y = z
    return np.array([a * x - b * x * y, -c * y + d * x * y])


ODE_T = np.linspace(0, 1.5, 6)
ODE_OBS = odeint(lotka_volterra, [1.0, 0.7], ODE_T, args=(1.1, 0.4, 0.8, 0.3))


@case(np.array([1.0, 0.5, 0.7, 0.35]), modes=FIRST)
def ode_parameter_fit(theta):
    traj = odeint(lotka_volterra, np.array([1.0, 0.7]), ODE_T, args=tuple(theta))
    return np.sum((traj - ODE_OBS) ** 2)


# ---------------------------------------------------------------- wave equation (leapfrog)

def laplacian(u, dx):
    return (np.roll(u, 1) - 2 * u + np.roll(u, -1)) / dx ** 2


def wave_simulate(u0, c, steps=6, dt=0.05, dx=0.2):
    u_prev, u = u0.copy(), u0.copy()
    for _ in range(steps):
        u_next = 2 * u - u_prev + (c * dt) ** 2 * laplacian(u, dx)
        u_next[0] = u_next[-1] = 0.0          # fixed ends
        u_prev, u = u, u_next
    return u


WAVE_TARGET = np.exp(-((np.arange(10) - 6.0) ** 2))


@case(np.exp(-((np.arange(10) - 4.0) ** 2)), 1.3)
def wave_equation_fit(u0, c):
    return np.sum((wave_simulate(u0, c) - WAVE_TARGET) ** 2)


@case(np.exp(-((np.arange(10) - 4.0) ** 2)), 1.3, wrt=1)
def wave_equation_fit_wrt_speed(u0, c):
    return np.sum((wave_simulate(u0, c) - WAVE_TARGET) ** 2)


# ---------------------------------------------------------------- GAN objective

def gan_objective(gen_params, dsc_params, real_data, seed=0):
    rs = npr.RandomState(seed)
    noise = rs.randn(len(real_data), 2)
    fake_data = np.tanh(noise @ gen_params[0] + gen_params[1])
    logprobs_fake = -np.logaddexp(0, -(fake_data @ dsc_params[0] + dsc_params[1]))
    logprobs_real = -np.logaddexp(0, -(real_data @ dsc_params[0] + dsc_params[1]))
    return np.mean(logprobs_real) - np.mean(logprobs_fake)


GAN_REAL = rs.randn(6, 3)


@case((rs.randn(2, 3) * 0.5, np.zeros(3)), (rs.randn(3) * 0.5, 0.1))
def gan_generator_loss(gen_params, dsc_params):
    return gan_objective(gen_params, dsc_params, GAN_REAL)


@case((rs.randn(2, 3) * 0.5, np.zeros(3)), (rs.randn(3) * 0.5, 0.1), wrt=1)
def gan_discriminator_loss(gen_params, dsc_params):
    return -gan_objective(gen_params, dsc_params, GAN_REAL)


# ---------------------------------------------------------------- GP kernel with scipy.spatial

def sq_exp_kernel(A, B, ell, sf):
    from scipy.spatial.distance import cdist
    return sf ** 2 * np.exp(-0.5 * cdist(A / ell, B / ell, 'sqeuclidean'))


# (was refused: no rule for scipy.spatial.distance.cdist; rules since wave 4)
@case(np.array([0.1, 0.2, -1.0]))
def gp_cdist_kernel(log_hyp):
    ell, sf, sn = np.exp(log_hyp)
    K = sq_exp_kernel(BO_X[:, None], BO_X[:, None], ell, sf) + sn ** 2 * np.eye(len(BO_X))
    L = cholesky(K, lower=True)
    return 0.5 * BO_Y @ cho_solve((L, True), BO_Y) + np.sum(np.log(np.diag(L)))


# ---------------------------------------------------------------- Equinox-style: the model is the pytree

from dataclasses import dataclass  # noqa: E402


@dataclass
class EqxLinear:
    W: np.ndarray
    b: np.ndarray

    def __call__(self, x):
        return x @ self.W + self.b


@dataclass
class EqxMLP:
    layers: list

    def __call__(self, x):
        for layer in self.layers[:-1]:
            x = np.tanh(layer(x))
        return self.layers[-1](x)


# FIXED (was a missing feature: calling a differentiated dataclass -- the model is the
# parameter, as Equinox and Flax NNX tutorials write it; called when the code runs,
# differentiated in the model, srcad/compiler/object_calls.py)
@case(EqxMLP([EqxLinear(rs.randn(1, 5) * 0.5, np.zeros(5)), EqxLinear(rs.randn(5, 1) * 0.5, np.zeros(1))]))
def equinox_style_model_loss(model):
    return np.mean((model(SIN_X) - SIN_Y) ** 2)
