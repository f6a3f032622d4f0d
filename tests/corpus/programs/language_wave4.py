"""Language wave 4: the everyday Python that held-out programs used -- walrus in
conditions, loops and comprehensions, match on a config string, set displays of
indices, ``{**defaults, **overrides}``, divmod, tuple concatenation, defaultdict
accumulators, imports inside the function, minibatch generators -- and the ones
srcad still refuses, each with its reason."""

import collections
from collections import defaultdict

import numpy as np

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
w4 = np.array([0.3, -1.2, 0.7, 1.4])
w6 = np.array([0.5, -0.4, 1.1, 0.2, -0.9, 0.6])


# ---------------------------------------------------------------- assignment expressions

@case(w4)
def clip_by_global_norm(g):
    if (norm := np.sqrt(np.sum(g ** 2))) > 1.0:
        g = g / norm
    return np.sum(g ** 3) + norm


@case(w6)
def newton_steps_until_small(x):
    z = np.sum(x ** 2)
    k = 0
    while (k := k + 1) <= 3:
        z = z - (z ** 2 - 2.0) / (2 * z)
    return z * np.sum(x)


@case(w6)
def keep_positive_scores(x):
    scores = [s for t in x if (s := np.tanh(t) * 2) > -0.5]
    return sum(scores) + len(scores)


@case(w4)
def elif_chain_with_walrus(x):
    if (m := np.max(x)) > 5:
        return m
    elif (r := np.sum(x) / m) < 0.2:
        return r * np.sum(x ** 2)
    return r


# ---------------------------------------------------------------- match, sets, dicts

def penalty(w, kind):
    match kind:
        case 'l1':
            return np.sum(np.abs(w))
        case 'l2' | 'ridge':
            return np.sum(w ** 2)
        case None:
            return 0.0
        case _:
            raise ValueError(kind)


@case(w4)
def regularised_loss_by_name(w):
    return np.sum(np.sin(w)) + 0.1 * penalty(w, 'ridge') + 0.01 * penalty(w, 'l1')


@case(w6)
def masked_by_index_set(x):
    frozen = {0, 3, 5}
    total = 0.0
    for i, t in enumerate(x):
        if i in frozen:
            continue
        total += t ** 2
    return total


DEFAULTS = {'lr': 0.1, 'decay': 0.9}


@case(w4)
def overrides_merged_into_defaults(x):
    params = {**DEFAULTS, 'scale': x[0], 'shift': x[1]}
    cfg = {'lr': x[2], **params}
    return cfg['scale'] * cfg['lr'] + cfg['shift'] ** 2 * params['decay']


@case(w4)
def histogram_with_defaultdict(x):
    buckets = collections.defaultdict(float)
    for t, label in zip(x, ['a', 'b', 'a', 'c']):
        buckets[label] += t ** 2
    counts = defaultdict(int)
    for label in 'abac':
        counts[label] += 1
    unseen = buckets['zz']
    return sum(v / (counts[k] + 1) for k, v in buckets.items()) + unseen + len(buckets)


# ---------------------------------------------------------------- arithmetic idioms

@case(np.array([0.35, 2.6, -1.3]))
def wrap_angle_with_divmod(theta):
    turns, frac = divmod(theta * 3.0, 2 * np.pi)
    whole, rest = divmod(7, 3)
    return np.sum(np.sin(frac) * frac) + np.sum(turns) * whole + rest


@case(np.array([0.3, -1.2, 0.7]))
def concatenated_coefficient_tuples(x):
    coeffs = (x[0], x[1]) + (x[2], 1.0)
    head = [x[0] * 2] + [x[1]]
    return sum(c * 0.5 ** k for k, c in enumerate(coeffs)) + head[0] * head[1]


@case(w4)
def import_inside_the_function(x):
    import math
    from numpy import tanh as act
    return np.sum(act(x)) * math.pi + math.sqrt(2.0) * x[0]


@case(w4)
def unpack_into_two_arrays(x):
    mu = np.zeros(2)
    sig = np.ones(2)
    mu[0], sig[1] = x[0] * 2, np.exp(x[1])
    return np.sum(mu * sig) + np.sum(sig ** 2)


@case(w6)
def greedy_queue_with_pop_and_del(x):
    queue = [x[0], x[1] * 2, x[2] ** 2, x[3]]
    params = {'w': x[4], 'b': x[5], 'tmp': 0.0}
    del params['tmp']
    first = queue.pop(0)
    del queue[-1]
    queue.reverse()
    bias = params.pop('b')
    return first * sum(queue) + params['w'] * bias + len(params)


# ---------------------------------------------------------------- generators

def minibatches(arr, size):
    for start in range(0, len(arr), size):
        yield arr[start:start + size]


def pairs(xs):
    for a, b in zip(xs[:-1], xs[1:]):
        yield a * b
    yield from [xs[0], xs[-1]]


@case(w6)
def loss_over_minibatches(w):
    return sum(np.mean(b ** 2) * (k + 1) for k, b in enumerate(minibatches(w, 4)))


@case(w6)
def products_of_neighbours(x):
    return sum(list(pairs(x))) + max(pairs(x ** 2))


# ---------------------------------------------------------------- still refused

def counter(start):
    k = 0
    while True:
        yield start * k
        k += 1


@case(w4, expect='refused', modes=FIRST, why='a generator with a while loop (may never end)')
def endless_generator_zipped(x):
    return sum(t for _, t in zip(range(3), counter(x[0])))


@case(w4, expect='ok', modes=FIRST,
      why='FIXED in wave 6 (was refused): y[0], y[1] = y[1], y[0]: rows would be views, numbers copies')
def swap_entries_in_tuple_assignment(x):
    y = x.copy()
    y[0], y[1] = y[1], y[0]
    return np.sum(y * np.arange(4))


@case(w4)
def walrus_after_and(x):
    if x[0] > 0 and (s := np.sum(x ** 2)) > 1:
        return s
    return x[1]


@case(w4, expect='refused', modes=FIRST, why=':= in a branch of an if-expression')
def walrus_in_conditional_expression(x):
    scaled = x / (n := np.linalg.norm(x)) if x.size > 1 else x
    return np.sum(scaled * n)


@case(w4, expect='refused', modes=FIRST, why='match with a sequence pattern')
def match_on_shape(x):
    match x.shape:
        case (n,):
            return np.sum(x) * n
    return 0.0


# the key 'zz' would be inserted before .items() runs if srcad guarded the statement
@case(w4, expect='refused', modes=FIRST, why='defaultdict read and iterated in one statement')
def defaultdict_read_and_iterated_together(x):
    acc = defaultdict(float)
    for t, label in zip(x, 'abab'):
        acc[label] += t
    return sum(v ** 2 for v in acc.values()) + acc['zz'] * x[0]


@case(w4, expect='refused', modes=FIRST, why='del of an entry of a list another name holds')
def drop_an_entry_of_a_shared_list(x):
    xs = list(x)
    history = [xs]
    del xs[0]
    return sum(history[0])
