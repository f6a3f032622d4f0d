"""Programs written the way published examples of other AD libraries are written
(HIPS/autograd's examples folder, JAX tutorials, PyTorch-to-NumPy ports), with
only the import lines changed to plain NumPy/SciPy and srcad: helper functions
with *args, comprehensions, zip(*...), namedtuples, dicts of params,
``rs = npr.RandomState(0)``, scipy.stats, logsumexp, closures building the
objective, functools.partial, optimisers written as loops calling the gradient.

Nobody wrote these for srcad; the outcome of each is recorded in its ``@case``.
Part one: the autograd examples folder (neural net, RNN, LSTM, convnet, GMM,
GP, black-box SVI, Bayesian NN, logistic regression, fluid simulation, tanh,
HMM, negative binomial, ICA)."""

from functools import partial

import numpy as np
import numpy.random as npr
from scipy.signal import convolve2d
from scipy.special import gammaln, logsumexp
from scipy.stats import multivariate_normal as mvn
from scipy.stats import norm, t

from srcad import elementwise_grad as egrad
from srcad import grad

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')


# ---------------------------------------------------------------- neural_net.py

def init_random_params(scale, layer_sizes, rs=npr.RandomState(0)):
    """Build a list of (weights, biases) tuples, one for each layer in the net."""
    return [(scale * rs.randn(m, n),   # weight matrix
             scale * rs.randn(n))      # bias vector
            for m, n in zip(layer_sizes[:-1], layer_sizes[1:])]


def flatten(params):
    """Ravel a nested list of tuples of arrays into one vector, like autograd.misc.flatten."""
    leaves = [np.ravel(a) for layer in params for a in layer]
    return np.concatenate(leaves), None


def neural_net_predict(params, inputs):
    """Implements a deep neural network for classification.
       params is a list of (weights, bias) tuples.
       inputs is an (N x D) matrix.
       returns normalized class log-probabilities."""
    for W, b in params:
        outputs = np.dot(inputs, W) + b
        inputs = np.tanh(outputs)
    return outputs - logsumexp(outputs, axis=1, keepdims=True)


def l2_norm(params):
    """Computes l2 norm of params by flattening them into a vector."""
    flattened, _ = flatten(params)
    return np.dot(flattened, flattened)


def log_posterior(params, inputs, targets, L2_reg):
    log_prior = -L2_reg * l2_norm(params)
    log_lik = np.sum(neural_net_predict(params, inputs) * targets)
    return log_prior + log_lik


_rs = npr.RandomState(0)
NN_X = _rs.randn(6, 4)
NN_T = np.eye(3)[[0, 2, 1, 1, 0, 2]]
NN_PARAMS = init_random_params(0.3, [4, 5, 3])


@case(NN_PARAMS, NN_X, NN_T, 0.1)
def neural_net_log_posterior(params, inputs, targets, L2_reg):
    return -log_posterior(params, inputs, targets, L2_reg)


# ---------------------------------------------------------------- rnn.py

def sigmoid(x):
    return 0.5 * (np.tanh(x) + 1.0)   # Output ranges from 0 to 1.


def create_rnn_params(input_size, state_size, output_size,
                      param_scale=0.1, rs=npr.RandomState(0)):
    return {'init hiddens': rs.randn(1, state_size) * param_scale,
            'change':       rs.randn(input_size + state_size + 1, state_size) * param_scale,
            'predict':      rs.randn(state_size + 1, output_size) * param_scale}


def concat_and_multiply(weights, *args):
    cat_state = np.hstack(args + (np.ones((args[0].shape[0], 1)),))
    return np.dot(cat_state, weights)


def rnn_predict(params, inputs):
    def update_rnn(input, hiddens):
        return np.tanh(concat_and_multiply(params['change'], input, hiddens))

    def hiddens_to_output_probs(hiddens):
        output = concat_and_multiply(params['predict'], hiddens)
        return output - logsumexp(output, axis=1, keepdims=True)     # Normalize log-probs.

    num_sequences = inputs.shape[1]
    hiddens = np.repeat(params['init hiddens'], num_sequences, axis=0)
    output = [hiddens_to_output_probs(hiddens)]

    for input in inputs:  # Iterate over time steps.
        hiddens = update_rnn(input, hiddens)
        output.append(hiddens_to_output_probs(hiddens))
    return output


def rnn_log_likelihood(params, inputs, targets):
    logprobs = rnn_predict(params, inputs)
    loglik = 0.0
    num_time_steps, num_examples, _ = inputs.shape
    for t_ in range(num_time_steps):
        loglik += np.sum(logprobs[t_] * targets[t_])
    return loglik / (num_time_steps * num_examples)


def string_to_one_hot(string, maxchar):
    """Converts an ASCII string to a one-of-k encoding."""
    ascii = np.array([ord(c) for c in string]).T
    return np.array(ascii[:, None] == np.arange(maxchar)[None, :], dtype=int)


def build_dataset(lines, max_length, maxchar):
    seqs = np.zeros((max_length, len(lines), maxchar))
    for ix, line in enumerate(lines):
        padded_line = (line + " " * max_length)[:max_length]
        seqs[:, ix, :] = string_to_one_hot(padded_line, maxchar)
    return seqs


CHARS = 'abcdefgh '
TEXT = build_dataset(['abc de', 'fgh ab'], 5, 128)[:, :, 97:105]
RNN_PARAMS = create_rnn_params(8, 4, 8)


# FIXED (was refused: a *args tuple joined with + in concat_and_multiply; joins.py)
@case(RNN_PARAMS, TEXT, TEXT)
def rnn_char_loss(params, inputs, targets):
    return -rnn_log_likelihood(params, inputs, targets)


# ---------------------------------------------------------------- lstm.py

def init_lstm_params(input_size, state_size, output_size,
                     param_scale=0.1, rs=npr.RandomState(1)):
    def rp(*shape):
        return rs.randn(*shape) * param_scale

    return {'init cells':   rp(1, state_size),
            'init hiddens': rp(1, state_size),
            'change':       rp(input_size + state_size + 1, state_size),
            'forget':       rp(input_size + state_size + 1, state_size),
            'ingate':       rp(input_size + state_size + 1, state_size),
            'outgate':      rp(input_size + state_size + 1, state_size),
            'predict':      rp(state_size + 1, output_size)}


def lstm_predict(params, inputs):
    def update_lstm(input, hiddens, cells):
        change  = np.tanh(concat_and_multiply(params['change'], input, hiddens))
        forget  = sigmoid(concat_and_multiply(params['forget'], input, hiddens))
        ingate  = sigmoid(concat_and_multiply(params['ingate'], input, hiddens))
        outgate = sigmoid(concat_and_multiply(params['outgate'], input, hiddens))
        cells   = cells * forget + ingate * change
        hiddens = outgate * np.tanh(cells)
        return hiddens, cells

    def hiddens_to_output_probs(hiddens):
        output = concat_and_multiply(params['predict'], hiddens)
        return output - logsumexp(output, axis=1, keepdims=True)  # Normalize log-probs.

    num_sequences = inputs.shape[1]
    hiddens = np.repeat(params['init hiddens'], num_sequences, axis=0)
    cells   = np.repeat(params['init cells'],   num_sequences, axis=0)

    output = [hiddens_to_output_probs(hiddens)]
    for input in inputs:  # Iterate over time steps.
        hiddens, cells = update_lstm(input, hiddens, cells)
        output.append(hiddens_to_output_probs(hiddens))
    return output


def lstm_log_likelihood(params, inputs, targets):
    logprobs = lstm_predict(params, inputs)
    loglik = 0.0
    num_time_steps, num_examples, _ = inputs.shape
    for t_ in range(num_time_steps):
        loglik += np.sum(logprobs[t_] * targets[t_])
    return loglik / (num_time_steps * num_examples)


LSTM_PARAMS = init_lstm_params(8, 3, 8)


# FIXED (was refused: a *args tuple joined with + in concat_and_multiply; joins.py)
@case(LSTM_PARAMS, TEXT, TEXT)
def lstm_char_loss(params, inputs, targets):
    return -lstm_log_likelihood(params, inputs, targets)


# ---------------------------------------------------------------- convnet (convolve2d loops)

def conv_layer(images, filters, biases):
    """images: (N, C_in, H, W); filters: (C_out, C_in, k, k)."""
    out = []
    for img in images:
        maps = [sum(convolve2d(img[c], f[c], mode='valid') for c in range(len(img))) + b
                for f, b in zip(filters, biases)]
        out.append(np.stack(maps))
    return np.array(out)


def maxpool2(x):
    N, C, H, W = x.shape
    return x.reshape(N, C, H // 2, 2, W // 2, 2).max(axis=(3, 5))


def convnet_predict(params, images):
    h = np.tanh(conv_layer(images, params['conv W'], params['conv b']))
    h = maxpool2(h)
    h = h.reshape(h.shape[0], -1)
    logits = h @ params['fc W'] + params['fc b']
    return logits - logsumexp(logits, axis=1, keepdims=True)


_rs = npr.RandomState(2)
CNN_IMAGES = _rs.randn(2, 1, 6, 6)
CNN_LABELS = np.eye(3)[[1, 2]]
CNN_PARAMS = {'conv W': _rs.randn(2, 1, 3, 3) * 0.4, 'conv b': _rs.randn(2) * 0.1,
              'fc W': _rs.randn(8, 3) * 0.4, 'fc b': np.zeros(3)}


@case(CNN_PARAMS, CNN_IMAGES, CNN_LABELS)
def convnet_loss(params, images, labels):
    return -np.mean(np.sum(convnet_predict(params, images) * labels, axis=1))


# ---------------------------------------------------------------- gmm.py

def init_gmm_params(num_components, D, scale, rs=npr.RandomState(0)):
    return {'log proportions': rs.randn(num_components) * scale,
            'means':           rs.randn(num_components, D) * scale,
            'lower triangles': np.zeros((num_components, D, D)) + np.eye(D)}


def log_normalize(x):
    return x - logsumexp(x)


def unpack_gmm_params(params):
    normalized_log_proportions = log_normalize(params['log proportions'])
    return normalized_log_proportions, params['means'], params['lower triangles']


def gmm_log_likelihood(params, data):
    cluster_lls = []
    for log_proportion, mean, cov_sqrt in zip(*unpack_gmm_params(params)):
        cov = np.dot(cov_sqrt.T, cov_sqrt)
        cluster_lls.append(log_proportion + mvn.logpdf(data, mean, cov))
    return np.sum(logsumexp(np.vstack(cluster_lls), axis=0))


GMM_PARAMS = init_gmm_params(3, 2, 0.5)
GMM_DATA = npr.RandomState(3).randn(7, 2)


@case(GMM_PARAMS, GMM_DATA)
def gmm_objective(params, data):
    return -gmm_log_likelihood(params, data) / data.shape[0]


# ---------------------------------------------------------------- gaussian_process.py

def make_gp_funs(cov_func, num_cov_params):
    """Functions that perform Gaussian process regression.
       cov_func has signature (cov_params, x, x')"""

    def unpack_kernel_params(params):
        mean        = params[0]
        cov_params  = params[2:]
        noise_scale = np.exp(params[1]) + 0.0001
        return mean, cov_params, noise_scale

    def predict(params, x, y, xstar):
        """Returns the predictive mean and covariance at locations xstar,
           of the latent function value f (without observation noise)."""
        mean, cov_params, noise_scale = unpack_kernel_params(params)
        cov_f_f = cov_func(cov_params, xstar, xstar)
        cov_y_f = cov_func(cov_params, x, xstar)
        cov_y_y = cov_func(cov_params, x, x) + noise_scale * np.eye(len(y))
        pred_mean = mean + np.dot(np.linalg.solve(cov_y_y, cov_y_f).T, y - mean)
        pred_cov = cov_f_f - np.dot(np.linalg.solve(cov_y_y, cov_y_f).T, cov_y_f)
        return pred_mean, pred_cov

    def log_marginal_likelihood(params, x, y):
        mean, cov_params, noise_scale = unpack_kernel_params(params)
        cov_y_y = cov_func(cov_params, x, x) + noise_scale * np.eye(len(y))
        prior_mean = mean * np.ones(len(y))
        return mvn.logpdf(y, prior_mean, cov_y_y)

    return num_cov_params + 2, predict, log_marginal_likelihood


def rbf_covariance(kernel_params, x, xp):
    output_scale = np.exp(kernel_params[0])
    lengthscales = np.exp(kernel_params[1:])
    diffs = np.expand_dims(x / lengthscales, 1)\
          - np.expand_dims(xp / lengthscales, 0)
    return output_scale * np.exp(-0.5 * np.sum(diffs**2, axis=2))


def build_toy_dataset(D=1, n_data=8, noise_std=0.1):
    rs = npr.RandomState(0)
    inputs  = np.concatenate([np.linspace(0, 3, num=n_data // 2),
                              np.linspace(6, 8, num=n_data // 2)])
    targets = (np.cos(inputs) + rs.randn(n_data) * noise_std) / 2.0
    inputs = (inputs - 4.0) / 2.0
    inputs  = inputs.reshape((len(inputs), D))
    return inputs, targets


GP_X, GP_Y = build_toy_dataset()
num_params, gp_predict, gp_log_marginal_likelihood = make_gp_funs(rbf_covariance, num_cov_params=2)
GP_PARAMS = np.array([0.1, -1.5, 0.2, -0.3])
# Build the objective the way the example does: a lambda closing over the data.
gp_objective = lambda params: -gp_log_marginal_likelihood(params, GP_X, GP_Y)  # noqa: E731


@case(GP_PARAMS)
def gp_regression_objective(params):
    return gp_objective(params)


case(GP_PARAMS)(gp_objective)   # the lambda itself, as the example passes it to grad


@case(GP_PARAMS, np.array([[0.3], [-0.8]]))
def gp_predictive_variance(params, xstar):
    pred_mean, pred_cov = gp_predict(params, GP_X, GP_Y, xstar)
    return np.sum(pred_mean) + np.sum(np.diag(pred_cov))


# ---------------------------------------------------------------- gplvm.py

GPLVM_DATA = np.stack([np.sin(np.linspace(0, 3, 6)), np.cos(np.linspace(0, 3, 6)),
                       np.linspace(-1, 1, 6)], axis=1)
latent_dimension = 1
gplvm_num_params, _, gplvm_lml = make_gp_funs(rbf_covariance, num_cov_params=latent_dimension + 1)


def unpack_gplvm(params):
    kernel_params = params[:gplvm_num_params]
    latents = np.reshape(params[gplvm_num_params:], (len(GPLVM_DATA), latent_dimension))
    return kernel_params, latents


@case(np.concatenate([np.array([0.0, -1.0, 0.1, 0.2]), np.linspace(-1, 1, 6) + 0.05]))
def gplvm_objective(params):
    kernel_params, latents = unpack_gplvm(params)
    datafit = sum(gplvm_lml(kernel_params, latents, GPLVM_DATA[:, i])
                  for i in range(GPLVM_DATA.shape[1]))
    latent_prior_likelihood = np.sum(norm.logpdf(latents))
    return -latent_prior_likelihood - datafit


# ---------------------------------------------------------------- black_box_svi.py

def black_box_variational_inference(logprob, D, num_samples):
    """Implements http://arxiv.org/abs/1401.0118, and uses the
    local reparameterization trick from http://arxiv.org/abs/1506.02557"""

    def unpack_params(params):
        # Variational dist is a diagonal Gaussian.
        mean, log_std = params[:D], params[D:]
        return mean, log_std

    def gaussian_entropy(log_std):
        return 0.5 * D * (1.0 + np.log(2 * np.pi)) + np.sum(log_std)

    def variational_objective(params, t):
        """Provides a stochastic estimate of the variational lower bound."""
        rs = npr.RandomState(0)   # fixed noise: the same samples on every call
        mean, log_std = unpack_params(params)
        samples = rs.randn(num_samples, D) * np.exp(log_std) + mean
        lower_bound = gaussian_entropy(log_std) + np.mean(logprob(samples, t))
        return -lower_bound

    gradient = grad(variational_objective)
    return variational_objective, gradient, unpack_params


def log_density(x, t):
    mu, log_sigma = x[:, 0], x[:, 1]
    sigma_density = norm.logpdf(log_sigma, 0, 1.35)
    mu_density = norm.logpdf(mu, 0, np.exp(log_sigma))
    return sigma_density + mu_density


svi_objective, svi_gradient, svi_unpack = black_box_variational_inference(log_density, D=2,
                                                                          num_samples=5)
SVI_PARAMS = np.array([-0.5, 0.3, -1.0, -0.7])


@case(SVI_PARAMS, 0)
def bbsvi_objective(params, t):
    return svi_objective(params, t)


# ---------------------------------------------------------------- bayesian_neural_net.py

def make_nn_funs(layer_sizes, L2_reg, noise_variance, nonlinearity=np.tanh):
    """These functions implement a standard multi-layer perceptron,
    vectorized over both training examples and weight samples."""
    shapes = list(zip(layer_sizes[:-1], layer_sizes[1:]))
    num_weights = sum((m + 1) * n for m, n in shapes)

    def unpack_layers(weights):
        num_weight_sets = len(weights)
        for m, n in shapes:
            yield weights[:, :m * n]     .reshape((num_weight_sets, m, n)),\
                  weights[:, m * n:m * n + n].reshape((num_weight_sets, 1, n))
            weights = weights[:, (m + 1) * n:]

    def predictions(weights, inputs):
        """weights is shape (num_weight_samples x num_weights)
           inputs  is shape (num_datapoints x D)"""
        inputs = np.expand_dims(inputs, 0)
        for W, b in unpack_layers(weights):
            outputs = np.einsum('mnd,mdo->mno', inputs, W) + b
            inputs = nonlinearity(outputs)
        return outputs

    def logprob(weights, inputs, targets):
        log_prior = -L2_reg * np.sum(weights**2, axis=1)
        preds = predictions(weights, inputs)
        log_lik = -np.sum((preds - targets)**2, axis=1)[:, 0] / noise_variance
        return log_prior + log_lik

    return num_weights, predictions, logprob


bnn_num_weights, bnn_predictions, bnn_logprob = make_nn_funs([1, 4, 1], L2_reg=0.1,
                                                             noise_variance=0.05)
BNN_X = np.linspace(-1, 1, 5).reshape(5, 1)
BNN_Y = np.cos(3 * BNN_X)
BNN_W = npr.RandomState(4).randn(3, bnn_num_weights) * 0.5


# FIXED (was a missing feature: a generator function, yield in unpack_layers; it returns
# the list of what it yields: srcad/compiler/desugar_generators.py)
@case(BNN_W)
def bnn_log_joint(weights):
    return -np.mean(bnn_logprob(weights, BNN_X, BNN_Y))


def bnn_variational_objective(params):
    """The example's inference step: BBSVI over the network weights."""
    D = bnn_num_weights
    mean, log_std = params[:D], params[D:]
    rs = npr.RandomState(0)
    samples = rs.randn(3, D) * np.exp(log_std) + mean
    entropy = 0.5 * D * (1.0 + np.log(2 * np.pi)) + np.sum(log_std)
    return -(entropy + np.mean(bnn_logprob(samples, BNN_X, BNN_Y)))


# FIXED (was a missing feature: yield in unpack_layers)
case(np.concatenate([BNN_W[0], -1.5 * np.ones(bnn_num_weights)]))(bnn_variational_objective)


# ---------------------------------------------------------------- logistic_regression.py

def logistic_sigmoid(x):
    return 0.5 * (np.tanh(x / 2.) + 1)


def logistic_predictions(weights, inputs):
    # Outputs probability of a label being true according to logistic model.
    return logistic_sigmoid(np.dot(inputs, weights))


LR_INPUTS = np.array([[0.52, 1.12,  0.77],
                      [0.88, -1.08, 0.15],
                      [0.52, 0.06, -1.30],
                      [0.74, -2.49, 1.39]])
LR_TARGETS = np.array([True, True, False, True])


def training_loss(weights, l2=0.0):
    # Training loss is the negative log-likelihood of the training labels.
    preds = logistic_predictions(weights, LR_INPUTS)
    label_probabilities = preds * LR_TARGETS + (1 - preds) * (1 - LR_TARGETS)
    return -np.sum(np.log(label_probabilities)) + l2 * np.dot(weights, weights)


@case(np.array([0.1, -0.2, 0.3]))
def logistic_regression_l2(weights):
    return partial(training_loss, l2=0.01)(weights)


@case(np.zeros(3))
def logistic_regression_after_gd(weights):
    """The example's training loop, unrolled: gradient steps with srcad.grad."""
    training_gradient_fun = grad(training_loss)
    for i in range(3):
        weights = weights - training_gradient_fun(weights) * 0.01
    return training_loss(weights)


# ---------------------------------------------------------------- fluidsim.py

def project(vx, vy):
    """Project the velocity field to be approximately mass-conserving,
       using a few iterations of Gauss-Seidel."""
    p = np.zeros(vx.shape)
    h = 1.0 / vx.shape[0]
    div = -0.5 * h * (np.roll(vx, -1, axis=0) - np.roll(vx, 1, axis=0)
                      + np.roll(vy, -1, axis=1) - np.roll(vy, 1, axis=1))

    for k in range(4):
        p = (div + np.roll(p, 1, axis=0) + np.roll(p, -1, axis=0)
                 + np.roll(p, 1, axis=1) + np.roll(p, -1, axis=1)) / 4.0

    vx -= 0.5 * (np.roll(p, -1, axis=0) - np.roll(p, 1, axis=0)) / h
    vy -= 0.5 * (np.roll(p, -1, axis=1) - np.roll(p, 1, axis=1)) / h
    return vx, vy


def advect(f, vx, vy):
    """Move field f according to x and y velocities (u and v)
       using an implicit Euler integrator."""
    rows, cols = f.shape
    cell_ys, cell_xs = np.meshgrid(np.arange(rows), np.arange(cols))
    center_xs = (cell_xs - vx).ravel()
    center_ys = (cell_ys - vy).ravel()

    # Compute indices of source cells.
    left_ix = np.floor(center_xs).astype(int)
    top_ix  = np.floor(center_ys).astype(int)
    rw = center_xs - left_ix              # Relative weight of right-hand cells.
    bw = center_ys - top_ix               # Relative weight of bottom cells.
    left_ix  = np.mod(left_ix,     rows)  # Wrap around edges of simulation.
    right_ix = np.mod(left_ix + 1, rows)
    top_ix   = np.mod(top_ix,      cols)
    bot_ix   = np.mod(top_ix  + 1, cols)

    # A linearly-weighted sum of the 4 surrounding cells.
    flat_f = (1 - rw) * ((1 - bw) * f[left_ix,  top_ix] + bw * f[left_ix,  bot_ix]) \
                 + rw * ((1 - bw) * f[right_ix, top_ix] + bw * f[right_ix, bot_ix])
    return np.reshape(flat_f, (rows, cols))


def simulate(vx, vy, smoke, num_time_steps):
    for t_ in range(num_time_steps):
        vx_updated = advect(vx, vx, vy)
        vy_updated = advect(vy, vx, vy)
        vx, vy = project(vx_updated, vy_updated)
        smoke = advect(smoke, vx, vy)
    return smoke


ROWS = COLS = 5
_rs = npr.RandomState(5)
INIT_SMOKE = _rs.rand(ROWS, COLS)
TARGET = _rs.rand(ROWS, COLS)
FLUID_PARAMS = _rs.randn(2 * ROWS * COLS) * 0.2 + 0.1


def convert_param_vector_to_matrices(params):
    vx = np.reshape(params[:(ROWS * COLS)], (ROWS, COLS))
    vy = np.reshape(params[(ROWS * COLS):], (ROWS, COLS))
    return vx, vy


# REFUSED TODAY (missing feature: project() does vx -= ... on an argument that its caller
# never reads again; the refusal names 'line 499' but no file)
@case(FLUID_PARAMS, expect='refused', why="project changes its argument 'vx' in place")
def fluidsim_objective(params):
    init_vx, init_vy = convert_param_vector_to_matrices(params)
    final_smoke = simulate(init_vx, init_vy, INIT_SMOKE, 2)
    return np.mean((TARGET - final_smoke)**2)


# ---------------------------------------------------------------- tanh.py

def tanh(x):
    y = np.exp(-2.0 * x)
    return (1.0 - y) / (1.0 + y)


# REFUSED TODAY in hvp only (missing feature: third order through nested elementwise_grad)
@case(np.linspace(-2, 2, 7), modes=FIRST)
@case(np.linspace(-2, 2, 7), modes=('hvp',), expect='refused',
      why='second order through a gradient called inside differentiated code')
def tanh_second_derivative_plot(x):
    """The plot's curves summed: tanh, its first and second derivatives."""
    return np.sum(tanh(x) + egrad(tanh)(x) + egrad(egrad(tanh))(x))


# REFUSED TODAY (missing feature: grad(grad(f)) called inside differentiated code)
@case(0.4, expect='refused', why='grad(grad(tanh)) called on a differentiated value')
def tanh_grad_of_grad(x):
    d = grad(tanh)
    dd = grad(grad(tanh))
    return d(x) + dd(x)


# ---------------------------------------------------------------- hmm_em.py

def log_partition_function(natural_params, data):
    if isinstance(data, list):
        return sum(map(partial(log_partition_function, natural_params), data))

    log_pi, log_A, log_B = natural_params

    log_alpha = log_pi
    for y in data:
        log_alpha = logsumexp(log_alpha[:, None] + log_A, axis=0) + log_B[:, y]

    return logsumexp(log_alpha)


def normalize(a):
    def replace_zeros(a):
        return np.where(a > 0., a, 1.)
    return a / replace_zeros(a.sum(-1, keepdims=True))


HMM_PARAMS = [np.log(normalize(npr.RandomState(6).rand(3))),
              np.log(normalize(npr.RandomState(7).rand(3, 3))),
              np.log(normalize(npr.RandomState(8).rand(3, 4)))]
HMM_DATA = [np.array([0, 1, 3, 2, 2]), np.array([3, 3, 0, 1])]


# REFUSED TODAY (missing feature: map(partial(f, differentiated), data))
@case(HMM_PARAMS, HMM_DATA, expect='refused', why='map over a partial closing over the parameters')
def hmm_log_partition(natural_params, data):
    return log_partition_function(natural_params, data)


# REFUSED TODAY (missing feature: map(partial(f, differentiated), data))
@case(HMM_PARAMS, HMM_DATA, expect='refused', why='map over a partial closing over the parameters')
def hmm_em_expected_stats(natural_params, data):
    """The E step: expected statistics are the gradient of the log partition."""
    E_pi, E_A, E_B = grad(log_partition_function)(natural_params, data)
    return np.sum(E_A * natural_params[1]) + np.sum(E_pi ** 2)


# ---------------------------------------------------------------- negative_binomial_maxlike.py

def negbin_loglike(r, p, x):
    # the negative binomial log likelihood we want to maximize
    return gammaln(r + x) - gammaln(r) - gammaln(x + 1) + x * np.log(p) + r * np.log(1 - p)


NB_DATA = np.array([0, 3, 1, 7, 2, 4, 0, 5])


@case(np.array([1.3, -0.2]), NB_DATA)
def negbin_fit(params, x):
    r, p = np.exp(params[0]), 1.0 / (1.0 + np.exp(-params[1]))
    return -np.sum(negbin_loglike(r, p, x))


# ---------------------------------------------------------------- ica.py

def make_ica_funs(observed_dimension, latent_dimension):
    """These functions implement independent component analysis."""

    def predict(weights, latents):
        return np.dot(weights, latents.T).T

    def logprob(weights, latents, noise_std, observed):
        preds = predict(weights, latents)
        log_lik = np.sum(t.logpdf(preds, 2.4, observed, noise_std))
        return log_lik

    num_weights = observed_dimension * latent_dimension

    def unpack_weights(weights):
        return np.reshape(weights, (observed_dimension, latent_dimension))

    return num_weights, predict, logprob, unpack_weights


ica_num_weights, ica_predict, ica_logprob, ica_unpack = make_ica_funs(3, 2)
_rs = npr.RandomState(9)
ICA_LATENTS = _rs.randn(6, 2)
ICA_OBS = _rs.randn(6, 3)


@case(_rs.randn(ica_num_weights) * 0.5)
def ica_objective(weights):
    weight_matrix = ica_unpack(weights)
    return -ica_logprob(weight_matrix, ICA_LATENTS, 0.5, ICA_OBS) / 6.0
