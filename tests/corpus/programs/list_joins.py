"""Lists and tuples of differentiated arrays joined with ``+`` (and ``+=``, ``*``,
``[*a, *b]``, ``extend``, ``insert``), the way NumPy code and autograd's examples
build parameter vectors, feature lists and hidden-state histories
(srcad/compiler/joins.py, srcad/runtime/joins.py).  The refusals at the end stay:
joins srcad cannot see as joins of lists."""

import functools
import operator

import numpy as np
from scipy.special import logsumexp

from ..case import case

rs = np.random.RandomState(14)
x5 = rs.randn(5)
X = rs.randn(6, 3)
y6 = rs.randn(6)
layers = [(0.4 * rs.randn(3, 4), 0.1 * rs.randn(4)), (0.4 * rs.randn(4, 2), 0.1 * rs.randn(2))]


def flatten_params(params):
    """autograd's examples: every weight raveled, then every bias."""
    return np.concatenate([np.ravel(W) for W, b in params] + [b for W, b in params])


@case(layers)
def l2_of_flattened_mlp_params(params):
    flat = flatten_params(params)
    return np.dot(flat, flat) + np.sum(np.tanh(X @ params[0][0] + params[0][1]) ** 2)


@case(x5)
def features_list_plus_list(x):
    feats = [x, x ** 2] + [np.sin(x)]
    return np.sum(np.stack(feats) * np.arange(1.0, 4.0)[:, None])


@case(x5)
def hidden_states_plus_output(x):
    hidden = []
    h = x
    for k in range(3):
        h = np.tanh(0.5 * h + k)
        hidden.append(h)
    out = np.sum(h) * x
    states = hidden + [out]
    return np.sum(np.stack(states) ** 2)


@case(x5)
def prepend_initial_state(x):
    xs = [np.cos(x), x ** 3]
    xs = [x] + xs
    return np.sum(np.vstack(xs) * np.arange(3.0)[:, None])


@case(x5)
def plus_equals_in_a_loop(x):
    parts = []
    for k in range(1, 4):
        parts += [x * k, np.exp(-k * x)]
    return np.sum(np.concatenate(parts) ** 2)


@case(x5)
def rebuild_with_plus_in_a_loop(x):
    trace = []
    z = x
    for _ in range(4):
        z = np.sin(z) + 0.1 * z
        trace = trace + [z]
    return np.mean(np.array(trace) ** 2)


def concat_and_multiply(weights, *args):
    cat_state = np.hstack(args + (np.ones((args[0].shape[0], 1)),))
    return np.dot(cat_state, weights)


@case({'W': 0.3 * rs.randn(7, 2), 'h0': 0.2 * rs.randn(1, 3)})
def star_args_tuple_plus_ones_column(params):
    onehot = np.array([[0, 1, 0]])           # an integer input next to the hidden state
    h = params['h0']
    total = 0.0
    for _ in range(3):
        out = concat_and_multiply(params['W'], onehot, h)
        h = np.tanh(np.hstack([out, out[:, :1]]))
        total = total + np.sum(out ** 2)
    return total


@case(x5)
def tuple_of_list_plus_tuple(x):
    lst = [x, 2.0 * x]
    t = tuple(lst) + (x ** 2,)
    return np.sum(np.stack(t) ** 2)


@case([x5, 0.5 * x5], wrt=0)
def list_parameter_plus_list(ps):
    allp = ps + [ps[0] * ps[1]]
    return np.sum(np.stack(allp) ** 2)


@case([rs.randn(2, 3), rs.randn(3)], [rs.randn(3), rs.randn(2)], wrt=1)
def weights_list_plus_biases_list(weights, biases):
    everything = weights + biases
    return sum(np.sum(np.sin(p) ** 2) for p in everything)


@case(x5)
def comprehension_results_joined(x):
    evens = [x[i] * x[i + 1] for i in range(0, 4, 2)]
    odds = [x[i] ** 2 for i in range(1, 5, 2)]
    return np.sum(np.array(evens + odds) ** 2)


@case(x5)
def lists_of_lists_joined(x):
    rows = [[x[0], x[1]]]
    for i in range(2, 5):
        rows = rows + [[x[i], x[i] * x[i - 1]]]
    return np.sum(np.array(rows) ** 2)


@case(x5)
def list_repeated_by_integer(x):
    base = [x, x ** 2]
    both = base * 2
    return np.sum(np.stack(both) * np.arange(4.0)[:, None])


@case(x5)
def list_repeated_to_a_length(x):
    pad = [np.mean(x)] * len(x)
    return np.sum((x - np.array(pad)) ** 2)


@case(x5)
def starred_display_of_two_lists(x):
    a = [x, x ** 2]
    b = [np.sin(x)]
    return np.sum(np.stack([*a, *b, x ** 3]) * np.arange(4.0)[:, None])


@case(x5)
def starred_tuple_display(x):
    hidden = (np.tanh(x), np.tanh(2 * x))
    states = (*hidden, np.cos(x))
    return np.sum(np.stack(states) ** 2)


@case(x5)
def list_extend_then_stack(x):
    acc = []
    for i in range(3):
        acc.extend((x[i], x[i + 1] * x[i]))
    return np.sum(np.array(acc) ** 2)


@case(x5)
def list_insert_and_pop(x):
    queue = [x[0], x[1], x[2]]
    last = queue.pop()
    queue.insert(0, last * 2)
    queue.insert(-1, x[3] ** 2)
    return queue[0] * queue[1] + 2 * queue[2] + 3 * queue[-1]


@case(x5)
def list_plus_array_is_numpy_addition(x):
    shifted = [x[0], x[1], x[2]] + x[2:]
    return np.sum(shifted ** 2) + np.sum(x[:2] + [1.0, 2.0])


@case(X, wrt=0)
def zip_over_joined_lists(A):
    cols = [A[:, j] for j in range(3)]
    weights = [np.ones(6)] + cols[:2]
    return sum(np.dot(w, c) for w, c in zip(weights, cols + [A[:, 0]]))


@case(x5)
def join_with_an_empty_list(x):
    empty = []
    parts = empty + [x, 2 * x] + []
    return np.sum(np.stack(parts) ** 3)


@case(rs.randn(3, 4))
def rnn_history_logsumexp(W):
    hs = [np.zeros(3)]
    for t in range(3):
        hs = hs + [np.tanh(W @ np.append(hs[-1], 1.0))]
    return logsumexp(np.concatenate(hs[1:]))


@case(x5)
def list_plus_equals_a_tuple(x):
    parts = [x[0]]
    parts += (x[1], x[2] ** 2)          # list += tuple extends (list + tuple would raise)
    return np.sum(np.array(parts) ** 2 * np.arange(1.0, 4.0))


@case(x5)
def sum_of_lists_with_empty_start(x):
    chunks = [[x[0]], [x[1], x[2] ** 2], [np.sin(x[3])]]
    return np.sum(np.array(sum(chunks, [])) ** 2 * np.arange(1.0, 5.0))


def first_half(x):
    return [x[0], x[1]]


def second_half(x):
    return [x[2], x[3]]


@case(x5)
def joined_results_of_two_calls(x):
    parts = first_half(x) + second_half(x)   # (both return a list display)
    return np.sum(np.array(parts) ** 2 * np.arange(1.0, 5.0))


@case(x5)
def tolist_results_joined(x):
    both = x[:2].tolist() + x[3:].tolist()
    return sum(v ** 2 * (k + 1) for k, v in enumerate(both))


def rebuilt_by_plus(x):
    out = []
    for v in x[:3]:
        out = out + [v ** 2]
    return out


@case(x5)
def joined_result_of_a_call_built_by_plus_starred(x):
    parts = [*rebuilt_by_plus(x), *rebuilt_by_plus(2.0 * x)]   # (the refusal's hint)
    return np.sum(np.array(parts) ** 2 * np.arange(1.0, 7.0))


# -- refusals that stay: joins srcad cannot see as joins of lists -------------------
@case(x5, expect='refused', why='calls whose lists srcad cannot see are lists, joined with +')
def joined_results_of_calls_built_by_plus(x):
    parts = rebuilt_by_plus(x) + rebuilt_by_plus(2.0 * x)
    return np.sum(np.array(parts) ** 2)


@case(x5, 2, expect='refused', why='a list repeated a count srcad cannot see is an integer')
def list_repeated_by_a_parameter(x, n):
    reps = [x] * n
    return np.sum(np.stack(reps) ** 2)


@case(x5, expect='refused',
      why='functools.reduce(operator.add, lists): the + inside reduce is not seen as a join')
def reduce_of_lists_with_add(x):
    chunks = [[x[0]], [x[1], x[2]], [x[3] ** 2]]
    joined = functools.reduce(operator.add, chunks)
    return np.sum(np.array(joined) ** 2)


@case(x5[:3].copy(), expect='refused',
      why='[np.zeros(3)] * 3 holds one array three times: hs[0] += w changes every entry')
def repeated_entry_written_in_place(w):
    hs = [np.zeros(3)] * 3
    hs[0] += w
    return sum(np.sum(h * np.arange(1, 4)) for h in hs)


@case(x5)  # (sum(chunks, start) joins or adds as it finds when it runs: every mode)
def sum_of_lists_with_a_start_from_a_call(x):
    chunks = [[x[0]], [x[1], x[2]]]
    return np.sum(np.array(sum(chunks, first_half(x)[:0])) ** 2)
