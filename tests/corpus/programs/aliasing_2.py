"""In-place writes through other names for an argument's data, entries of containers,
container copies (helper "aliasing-2").

NumPy's semantics are the specification: ``w = x[1:]; w += v`` changes the caller's
``x``; ``v = d['w']; v *= 2`` changes the array held in ``d`` (and in the caller's dict);
``q = p.copy()`` of a dict is a new dict holding the same arrays.
"""

import numpy as np

from ..case import case

x3 = np.array([0.3, -0.5, 0.8])
x4 = np.array([0.2, -0.4, 0.7, 1.1])
W = np.array([[0.5, -0.3, 0.2], [0.1, 0.4, -0.6]])   # a module global named like a parameter
X = np.array([[1.0, 0.5, -0.2], [0.3, -1.0, 0.8], [0.6, 0.2, 0.4], [-0.5, 0.9, 0.1]])
Y = np.array([[0.2, -0.1], [0.4, 0.3], [-0.3, 0.5], [0.1, 0.0]])


def params():
    return {'W': W.T.copy(), 'b': np.array([0.1, -0.2])}


# -- supported -------------------------------------------------------------------------

@case(params(), wrt=0)
def dict_sgd_step_then_loss(p):
    grads = {'W': X.T @ (X @ p['W'] + p['b'] - Y) / 4, 'b': np.mean(X @ p['W'] - Y, axis=0)}
    new = {}
    for k in p:
        new[k] = p[k] - 0.1 * grads[k]
    r = X @ new['W'] + new['b'] - Y
    return np.sum(r ** 2)


@case(params(), wrt=0)
def dict_squared_entries(p):
    out = {}
    for k in p.keys():
        out[k] = p[k] ** 2
    total = 0.0
    for k, v in out.items():
        total = total + np.sum(v)
    return total


@case(params(), wrt=0)
def dict_copy_then_overwrite_entry(p):
    q = p.copy()
    q['W'] = q['W'] * 0.5          # a new array into the copy: p['W'] is unchanged
    return np.sum((X @ q['W'] + q['b']) ** 2) + np.sum(p['W'] ** 2)


@case([x3 * 1.0, x3 * 2.0, x3 - 1.0], wrt=0)
def list_copy_then_replace_layer(Ws):
    layers = Ws.copy()
    layers[0] = layers[0] * 0.5
    return np.sum(layers[0] * Ws[0]) + np.sum(layers[2] ** 2)


@case(X)
def copy_of_a_local_array_row_scaled(A):
    E = np.exp(A)
    C = E.copy()
    r = C[0]
    r *= 2.0                     # changes C's data (not read again), not E's
    return np.sum(r) + np.sum(E ** 2)


@case(W)
def parameter_named_like_a_global(W):
    V = W.reshape(-1)
    return np.sum(V ** 2) + np.sum(np.tanh(W.T))


@case(x3)
def augmented_on_the_parameter_itself(x):
    x += np.tanh(x)      # the argument's own name: srcad computes the same value
    return np.sum(np.sin(x))


# -- refused: NumPy would change the caller's argument, or another name would see it ----

@case(x4, expect='refused', why="w = x[1:]; w += ... changes x (the caller's array)")
def view_of_parameter_shifted_then_read(x):
    w = x[1:]
    w += 0.7
    return np.sum(np.tanh(x))


@case(x4, expect='refused', why="writing a view of a parameter changes the caller's array")
def view_of_parameter_written_not_read(x):
    w = x[:-1]
    w[0] = 0.7
    return np.sum(w ** 2)


@case(x3, expect='refused', why='y = x is the same array: y += ... changes x')
def alias_of_parameter_updated(x):
    y = x
    y += np.tanh(x)
    return np.sum(np.sin(x))


@case(W, expect='refused', why="a reshape of a parameter is a view: the write changes W")
def reshape_of_parameter_written(W):
    V = W.reshape(3, 2)
    V[0, 1] = 0.0
    return np.sum(V ** 2) + np.sum(W)


@case(X, expect='refused', why='the rows of X are views: row /= ... normalizes X in place')
def rows_of_parameter_normalized(A):
    P = np.abs(A)
    for row in A:
        row /= 2.0
    return np.sum(P * A)


@case(params(), expect='refused', why="v = p['W'] is the array held in p: v *= changes p")
def dict_entry_scaled_in_place(p):
    v = p['W']
    v *= 2.0
    return np.sum((X @ p['W'] + p['b']) ** 2)


@case(params(), expect='refused', why="p.get('W') is the array held in p")
def dict_get_scaled_in_place(p):
    v = p.get('W')
    v *= 0.5
    return np.sum(v) + np.sum(p['W'] ** 2)


@case(params(), expect='refused', why="list(p.values()) holds p's arrays")
def dict_values_entry_scaled(p):
    w = list(p.values())[0]
    w *= 2.0
    return np.sum(p['W'] ** 2)


@case([x3 * 1.0, x3 * 2.0], x3, wrt=1, expect='refused',
      why="Ws[0] is the caller's array: w += changes it")
def list_entry_accumulated(Ws, x):
    w = Ws[0]
    w += x
    return np.sum(Ws[0] ** 2) + np.sum(x)


@case(x3, expect='refused', why="the local dict's entries are changed through v")
def local_dict_values_decayed(x):
    d = {'a': x * 1.0, 'b': x * 2.0}
    for v in d.values():
        v *= 0.9
    return np.sum(d['a'] ** 2) + np.sum(d['b'])


@case(x3, expect='refused', why='tuple(Ws) holds the same arrays as Ws')
def tuple_of_list_entry_updated(x):
    Ws = [x * 1.0, x * 2.0]
    w = tuple(Ws)[1]
    w += x
    return np.sum(Ws[1] ** 2)


@case(params(), expect='refused', why="p.copy() of a dict holds p's arrays: v *= changes both")
def dict_copy_entry_scaled(p):
    q = p.copy()
    v = q['W']
    v *= 2.0
    return np.sum(q['W'] * p['W'])


@case(x3)  # (was refused: joining lists with +, a ragged list; srcad/compiler/joins.py)
def list_joined_with_ragged_entry(x):
    L = [x, np.ones(2)]
    L += [x[1] * 2.0]
    return np.sum(L[0] * L[-1])


@case(params(), wrt=0)
def dict_sgd_step_in_place(p):
    grads = {'W': X.T @ (X @ p['W'] + p['b'] - Y) / 4, 'b': np.mean(X @ p['W'] - Y, axis=0)}
    for k in p:
        p[k] -= 0.1 * grads[k]      # numpy changes the caller's dict; srcad the same value
    r = X @ p['W'] + p['b'] - Y
    return np.sum(r ** 2)
