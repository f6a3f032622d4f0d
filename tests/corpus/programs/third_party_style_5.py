"""Programs written the way published examples of other AD libraries are written,
part five: autograd's README and small examples (Taylor sine, fixed points,
derivatives of NumPy functions themselves), the JAX quickstart and cookbook
(``grad(f, (0, 1))``, ``jacfwd(jacrev(f))``), Karpathy's min-char-rnn with its
dicts keyed by time step, a hand-written RK4 neural ODE, skip-gram with
negative sampling, and a bilevel program calling scipy.optimize.minimize.
See third_party_style.py for part one."""

import numpy as np
import numpy.random as npr
from scipy.optimize import minimize

from srcad import elementwise_grad as egrad
from srcad import grad, jacfwd, jacrev

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
rs = npr.RandomState(11)


# ---------------------------------------------------------------- autograd README

def taylor_sine(x):  # Taylor approximation to sine function
    ans = currterm = x
    i = 0
    while np.abs(currterm) > 0.001:
        currterm = -currterm * x**2 / ((2 * i + 3) * (2 * i + 2))
        ans = ans + currterm
        i += 1
    return ans


case(np.pi)(taylor_sine)


# REFUSED TODAY in hvp only (missing feature: third order through nested elementwise_grad)
@case(np.linspace(-2, 2, 6), modes=FIRST)
@case(np.linspace(-2, 2, 6), modes=('hvp',), expect='refused',
      why='second order through a gradient called inside differentiated code')
def readme_tanh_derivatives_of_numpy_function(x):
    return np.sum(egrad(np.tanh)(x) + egrad(egrad(np.tanh))(x) ** 2)


# ---------------------------------------------------------------- fixed_points.py

def fixed_point(f, a, x0, distance, tol):
    _f = f(a)
    x, x_prev = _f(x0), x0
    while distance(x, x_prev) > tol:
        x, x_prev = _f(x), x
    return x


def newton_sqrt_iter(a):
    return lambda x: 0.5 * (x + a / x)


def distance(x, y):
    return np.abs(x - y)


# REFUSED TODAY (missing feature: a closure over the differentiated 'a' returned by
# newton_sqrt_iter and called later)
@case(2.0, expect='refused', why="_f = f(a) closes over 'a' and is called later")
def fixed_point_sqrt(a):
    return fixed_point(newton_sqrt_iter, a, 10.0, distance, 1e-10)


# ---------------------------------------------------------------- JAX quickstart / cookbook

def sum_logistic(x):
    return np.sum(1.0 / (1.0 + np.exp(-x)))


# REFUSED TODAY (missing feature: jacfwd(jacrev(f)) inside differentiated code; the refusal
# points at a lambda in srcad/transforms.py, not at the user's line)
@case(np.arange(3.0), expect='refused', why='jacfwd(jacrev(f)) inside differentiated code')
def quickstart_hessian_jacfwd_jacrev(x):
    H = jacfwd(jacrev(sum_logistic))(x)
    return np.sum(H ** 2) + sum_logistic(x)


def predict(W, b, inputs):
    return 1.0 / (1.0 + np.exp(-(np.dot(inputs, W) + b)))


CB_X = rs.randn(4, 3)
CB_Y = np.array([True, True, False, True])


def cookbook_loss(W, b):
    preds = predict(W, b, CB_X)
    label_probs = preds * CB_Y + (1 - preds) * (1 - CB_Y)
    return -np.sum(np.log(label_probs))


@case(rs.randn(3), 0.1)
def cookbook_grad_tuple_wrt_step(W, b):
    W_grad, b_grad = grad(cookbook_loss, (0, 1))(W, b)
    return cookbook_loss(W - 0.1 * W_grad, b - 0.1 * b_grad)


# ---------------------------------------------------------------- Karpathy's min-char-rnn.py

VOCAB = 5
HIDDEN = 4
CHAR_PARAMS = (rs.randn(HIDDEN, VOCAB) * 0.3, rs.randn(HIDDEN, HIDDEN) * 0.3,
               rs.randn(VOCAB, HIDDEN) * 0.3, np.zeros((HIDDEN, 1)), np.zeros((VOCAB, 1)))


# REFUSED TODAY (missing feature: xs[t][inputs[t]] = 1, writing into an array held in a dict)
@case(CHAR_PARAMS, [0, 3, 1, 4], [3, 1, 4, 2], np.zeros((HIDDEN, 1)), expect='ok',
      why='FIXED in wave 6 (was refused): xs[t][inputs[t]] = 1 writes into an array held in a dict')
def min_char_rnn_loss(params, inputs, targets, hprev):
    Wxh, Whh, Why, bh, by = params
    xs, hs, ys, ps = {}, {}, {}, {}
    hs[-1] = np.copy(hprev)
    loss = 0
    # forward pass
    for t in range(len(inputs)):
        xs[t] = np.zeros((VOCAB, 1))  # encode in 1-of-k representation
        xs[t][inputs[t]] = 1
        hs[t] = np.tanh(np.dot(Wxh, xs[t]) + np.dot(Whh, hs[t - 1]) + bh)  # hidden state
        ys[t] = np.dot(Why, hs[t]) + by  # unnormalized log probabilities for next chars
        ps[t] = np.exp(ys[t]) / np.sum(np.exp(ys[t]))  # probabilities for next chars
        loss += -np.log(ps[t][targets[t], 0])  # softmax (cross-entropy loss)
    return loss


# ---------------------------------------------------------------- neural ODE, hand-written RK4

def mlp_dynamics(y, t, params):
    h = np.tanh(params['W1'] @ y + params['b1'])
    return params['W2'] @ h


def rk4(f, y0, ts, *args):
    ys = [y0]
    y = y0
    for t0, t1 in zip(ts[:-1], ts[1:]):
        dt = t1 - t0
        k1 = f(y, t0, *args)
        k2 = f(y + dt * k1 / 2, t0 + dt / 2, *args)
        k3 = f(y + dt * k2 / 2, t0 + dt / 2, *args)
        k4 = f(y + dt * k3, t1, *args)
        y = y + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        ys.append(y)
    return np.stack(ys)


ODE_PARAMS = {'W1': rs.randn(6, 2) * 0.5, 'b1': np.zeros(6), 'W2': rs.randn(2, 6) * 0.5}
ODE_TS = np.linspace(0, 1, 5)
ODE_TARGET = np.stack([np.cos(ODE_TS), -np.sin(ODE_TS)], axis=1)


# REFUSED TODAY (missing feature: f(y, t0, *args) with the parameters in *args)
@case(ODE_PARAMS, expect='refused', why='f(y, t, *args) with differentiated args')
def neural_ode_rk4(params):
    pred = rk4(mlp_dynamics, np.array([1.0, 0.0]), ODE_TS, params)
    return np.mean((pred - ODE_TARGET) ** 2)


# ---------------------------------------------------------------- skip-gram, negative sampling

def log_sigmoid(x):
    return -np.logaddexp(0, -x)


PAIRS = [(0, 1), (1, 2), (2, 0), (1, 0), (3, 1)]
NEGATIVES = np.array([[3, 2], [0, 3], [3, 1], [2, 3], [0, 2]])


# REFUSED TODAY (missing feature: map(np.array, zip(*PAIRS)) unpacked into two names -- over
# constants only)
@case({'in': rs.randn(4, 3) * 0.3, 'out': rs.randn(4, 3) * 0.3}, expect='refused',
      why='a map unpacked into a tuple target')
def skipgram_negative_sampling(emb):
    centers, contexts = map(np.array, zip(*PAIRS))
    v = emb['in'][centers]                              # repeated rows
    u = emb['out'][contexts]
    neg = emb['out'][NEGATIVES]                         # (5, 2, 3)
    pos_term = log_sigmoid(np.sum(v * u, axis=1))
    neg_term = np.sum(log_sigmoid(-np.einsum('bkd,bd->bk', neg, v)), axis=1)
    return -np.mean(pos_term + neg_term)


# ---------------------------------------------------------------- bilevel: minimize inside

def inner_objective(w, lam):
    return np.sum((CB_X @ w - 1.0) ** 2) + lam * np.sum(w ** 2)


# REFUSED TODAY (legitimate: the minimiser's iterations are SciPy's own code; but the message
# says "minimize changes its argument 'options' in place ... work on a copy inside minimize",
# telling the user to edit SciPy)
@case(0.3, modes=FIRST, expect='refused', why='scipy.optimize.minimize has no derivative')
def bilevel_minimize(lam):
    res = minimize(inner_objective, np.zeros(3), args=(lam,), jac=grad(inner_objective),
                   method='BFGS')
    return np.sum(res.x ** 2)


# ---------------------------------------------------------------- convnet.py's WeightsParser + layer objects

class WeightsParser(object):
    """A helper class to index into a parameter vector."""
    def __init__(self):
        self.idxs_and_shapes = {}
        self.N = 0

    def add_weights(self, name, shape):
        start = self.N
        self.N += np.prod(shape)
        self.idxs_and_shapes[name] = (slice(start, self.N), shape)

    def get(self, vect, name):
        idxs, shape = self.idxs_and_shapes[name]
        return np.reshape(vect[idxs], shape)


class full_layer(object):
    def __init__(self, size):
        self.size = size

    def build_weights_dict(self, input_shape):
        # Input shape is anything (all flattened)
        input_size = np.prod(input_shape, dtype=int)
        self.parser = WeightsParser()
        self.parser.add_weights('params', (input_size, self.size))
        self.parser.add_weights('biases', (self.size,))
        return self.parser.N, (self.size,)

    def forward_pass(self, inputs, param_vector):
        params = self.parser.get(param_vector, 'params')
        biases = self.parser.get(param_vector, 'biases')
        if inputs.ndim > 2:
            inputs = inputs.reshape((inputs.shape[0], np.prod(inputs.shape[1:])))
        return self.nonlinearity(np.dot(inputs[:, :], params) + biases)


class tanh_layer(full_layer):
    def nonlinearity(self, x):
        return np.tanh(x)


class softmax_layer(full_layer):
    def nonlinearity(self, x):
        return x - logsumexp(x, axis=1, keepdims=True)


def make_nn_funs(input_shape, layer_specs, L2_reg):
    parser = WeightsParser()
    cur_shape = input_shape
    for layer in layer_specs:
        N_weights, cur_shape = layer.build_weights_dict(cur_shape)
        parser.add_weights(layer, (N_weights,))

    def predictions(W_vect, inputs):
        """Outputs normalized log-probabilities.
        shape of inputs : [data, color, y, x]"""
        cur_units = inputs
        for layer in layer_specs:
            cur_weights = parser.get(W_vect, layer)
            cur_units = layer.forward_pass(cur_units, cur_weights)
        return cur_units

    def loss(W_vect, X, T):
        log_prior = -L2_reg * np.dot(W_vect, W_vect)
        log_lik = np.sum(predictions(W_vect, X) * T)
        return - log_prior - log_lik

    def frac_err(W_vect, X, T):
        return np.mean(np.argmax(T, axis=1) != np.argmax(predictions(W_vect, X), axis=1))

    return parser.N, predictions, loss, frac_err


from scipy.special import logsumexp  # noqa: E402  (the example imports it here too)

layer_specs = [tanh_layer(5), softmax_layer(3)]
N_weights, pred_fun, loss_fun, frac_err = make_nn_funs((2, 2), layer_specs, L2_reg=0.01)
CONV_X = rs.randn(4, 2, 2)
CONV_T = np.eye(3)[[0, 2, 1, 2]]


# (was WRONG -- zeros: inside forward_pass, self.parser.get(param_vector, 'params') was read as
# dict.get; now a method named like an array method on a receiver that may not be an array is
# decided when it runs: srcad.compiler.method_calls)
@case(rs.randn(N_weights) * 0.3)
def autograd_convnet_weights_parser(W_vect):
    return loss_fun(W_vect, CONV_X, CONV_T)


PARSER = WeightsParser()
PARSER.add_weights('W1', (3, 4))
PARSER.add_weights('b1', (4,))
PARSER.add_weights('W2', (4,))


# (was WRONG -- zeros: parser.get(W_vect, name) on a parser passed as an argument was read as
# dict.get; now decided by the receiver's type when it runs)
@case(rs.randn(PARSER.N) * 0.4, PARSER)
def parser_passed_as_argument(W_vect, parser):
    W1, b1, W2 = [parser.get(W_vect, name) for name in ('W1', 'b1', 'W2')]
    return np.sum(np.tanh(CB_X @ W1 + b1) @ W2) ** 2


class Standardize:
    """A scaler object whose reduction method is called sum, like many hand-written ones."""
    def __init__(self, weights):
        self.weights = weights

    def sum(self, x):
        return x @ self.weights


# (was WRONG -- zeros, scaler.sum(r) read as ndarray.sum(axis=r) -- until a concurrent change
# during this session resolved methods of objects built in the function)
@case(rs.randn(3))
def user_method_named_sum(w):
    scaler = Standardize(np.array([0.2, 0.3, 0.5, 1.0]))
    r = (CB_X @ w - 1.0) ** 2
    return scaler.sum(r)


# FIXED (was a missing feature: an import statement inside the differentiated function, as
# scripts write when a dependency is optional: srcad/compiler/desugar.py)
@case(rs.randn(3))
def logistic_with_local_import(w):
    from scipy.special import expit, log_expit
    p = expit(CB_X @ w)
    return -np.sum(CB_Y * log_expit(CB_X @ w) + (1 - CB_Y) * np.log1p(-p))


class Reducer:
    def __init__(self, weights):
        self.weights = weights

    def mean(self, x):
        return x @ self.weights / np.sum(self.weights)


# (was WRONG -- zeros: reducer.mean(r) on an object passed as an argument was read as
# ndarray.mean(axis=r); now decided by the receiver's type when it runs)
@case(rs.randn(3), Reducer(np.array([0.2, 0.3, 0.5, 1.0])))
def user_method_named_mean_on_argument(w, reducer):
    r = (CB_X @ w - 1.0) ** 2
    return reducer.mean(r)
