"""Held-out wave 5: Python scoping -- comprehension and lambda variables that shadow the
parameter or a local, nested functions with the same local names, names that look like what
srcad generates (x_bar, t1, t2_dot, unbroadcast, like_input), except-as clearing, del in a loop,
nonlocal counters called from comprehensions, class bodies."""

import numpy as np

from ..case import case

x3 = np.array([0.3173, -0.6331, 0.4617])


@case(x3)
def comprehension_var_shadows_param(x):
    idx = [x for x in range(3)]
    return np.sum(x ** 2) + sum(idx)


@case(x3)
def generator_var_shadows_param(x):
    s = sum(x * 2 for x in range(3))
    return np.sum(x ** 3) + s


@case(x3)
def dict_comprehension_shadows_local(x):
    y = x * 2
    d = {y: y + 1 for y in range(2)}
    return np.sum(y ** 2) + d[1]


@case(x3)
def set_comprehension_shadow(x):
    v = x[0]
    s = {v for v in range(3)}
    return v ** 2 + len(s)


@case(x3)
def lambda_param_shadows(x):
    f = lambda x: x * 10
    return np.sum(x ** 2) + f(1.0)


@case(x3)
def nested_def_param_shadows(x):
    def g(x):
        x = x * 0
        return x
    g(x)
    return np.sum(x ** 2)


@case(x3)
def nested_def_local_shadows(x):
    y = x * 2
    def g():
        y = 5.0
        return y
    g()
    return np.sum(y ** 2)


@case(x3)
def comprehension_uses_outer_then_shadow(x):
    vals = [x[i] * 2 for i in range(3)]
    i = 7
    return sum(vals) * i


@case(x3)
def nested_comprehension_shadowing(x):
    m = [[x for x in row] for row in [[1.0, 2.0], [3.0]]]
    return np.sum(x ** 2) + sum(map(sum, m))


@case(x3)
def loop_var_same_as_param_rebinding(x):
    total = 0.0
    for x_i in x:
        total += x_i
    for x in [np.array([1.0, 2.0, 3.0])]:
        pass
    return total + np.sum(x)


@case(x3, expect='refused',
      why='walrus in a comprehension (rare)')
def walrus_in_comprehension_leaks(x):
    vals = [(y := v * 2) for v in x]
    return sum(vals) + y


@case(x3)
def helper_with_same_local_names(x):
    def h(a):
        t1 = a * 2
        t2 = t1 + 1
        return t2
    t1 = x * 3
    t2 = h(x[0])
    return np.sum(t1) + t2


@case(x3)
def helper_uses_names_like_generated(x):
    def h(x_bar, t1_bar):
        return x_bar * t1_bar
    x_bar = x[0]
    t1 = x[1]
    return h(x_bar, t1) + x_bar * 2


@case(x3)
def variables_named_like_adjoints(x):
    x_bar = x * 2
    y_bar = x_bar ** 2
    t1 = np.sum(y_bar)
    t2_dot = t1 * 3
    return t2_dot + np.sum(x_bar)


@case(x3)
def variables_named_like_runtime_helpers(x):
    unbroadcast = x * 2
    unreduce = np.sum(unbroadcast)
    like_input = unreduce ** 2
    matmul_dy = like_input + 1
    return matmul_dy


@case(x3, expect='refused',
      why='a class defined inside f (FALSE refusal, rare)')
def class_body_scope(x):
    k = 2.0
    class C:
        k = 5.0
        def get(self):
            return k
    return C().get() * x[0] + C.k * x[1]


@case(x3)
def except_as_name_cleared(x):
    e = x[0]
    try:
        raise ValueError('x')
    except ValueError as e:
        pass
    return x[1] ** 2


@case(x3)
def del_in_loop_and_rebind(x):
    acc = 0.0
    for i in range(3):
        t = x[i] * 2
        acc += t
        del t
    return acc


@case(x3)
def global_shadowed_by_local_later(x):
    y = SCALE * x
    SCALE_local = 10.0
    return np.sum(y) + SCALE_local
SCALE = 3.0


@case(x3)
def nonlocal_counter_in_comprehension(x):
    n = 0
    def inc(v):
        nonlocal n
        n += 1
        return v * n
    vals = [inc(v) for v in x]
    return sum(vals)
