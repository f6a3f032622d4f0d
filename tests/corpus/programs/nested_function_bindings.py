"""A local function name bound on several paths (probe 6, family W3): which def or lambda
a call runs depends on the branch taken, the loop round, or the order of the text.
srcad wrote out the textually last one (value and derivative wrong); now a call the
text resolves is written out, one it does not tests which binding is live, and a name
it cannot follow (a nested function's name shadowing the caller's, a nonlocal rebinding)
is refused."""

import numpy as np

from ..case import case

x4 = np.array([0.4, -0.3, 0.9, 0.2])
xn = np.array([-0.4, 0.3, 0.9, 0.2])   # x[0] < 0: the other branch


@case(x4)
@case(xn)
def lambda_rebound_in_if(x):
    act = lambda t: t ** 3
    if x[0] < 0:
        act = lambda t: np.sin(t)
    return np.sum(act(x))


@case(x4)
@case(xn)
def def_in_each_branch(x):
    if x[0] > 0:
        def act(t):
            return np.tanh(t)
    else:
        def act(t):
            return t ** 2
    return np.sum(act(x) * np.arange(1.0, 5.0))


@case(x4)
@case(xn)
def def_overridden_in_if(x):
    def act(t):
        return np.exp(t)
    if x[0] < 0:
        def act(t):
            return t * x[1]
    return np.sum(act(x))


@case(x4)
@case(xn)
def def_or_numpy_function(x):
    def act(t):
        return t ** 3
    if x[0] < 0:
        act = np.tanh
    return np.sum(act(x))


@case(x4)
def numpy_function_after_def(x):
    def act(t):
        return t ** 3
    act = np.tanh
    return np.sum(act(x))


@case(x4)
@case(xn)
def picked_by_config_string(x):
    kind = 'softplus' if x[0] > 0 else 'relu'
    if kind == 'softplus':
        act = lambda t: np.logaddexp(0, t)
    elif kind == 'tanh':
        act = np.tanh
    else:
        act = lambda t: np.maximum(t, 0) + 0.1 * t
    return np.sum(act(x) * np.arange(4.0))


@case(x4)
def lambda_rebound_in_loop_after_call(x):
    act = lambda t: t
    s = 0.0
    for k in range(3):
        s = s + np.sum(act(x) ** 2)
        act = lambda t: t * 2.0 + k
    return s


@case(x4)
def lambda_bound_in_loop_before_call(x):
    s = 0.0
    for k in range(3):
        act = lambda t: t * (k + 1.0)
        s = s + np.sum(np.sin(act(x)))
    return s


@case(x4)
def def_after_call_site_in_loop(x):
    def act(t):
        return t ** 2
    s = 0.0
    for i in range(3):
        s = s + np.sum(act(x))
        def act(t):
            return np.cos(t) * i
    return s


@case(x4)
def sequential_rebinding(x):
    act = lambda t: t ** 2
    a = np.sum(act(x))
    act = lambda t: t ** 3
    return a * np.sum(act(x))


@case(x4)
@case(xn)
def early_return_each_with_its_own(x):
    if x[0] > 0:
        act = lambda t: t ** 3
        return np.sum(act(x))
    act = lambda t: t * 2.0
    return np.sum(act(x))


@case(x4)
def overridden_in_untaken_while_branch(x):
    act = lambda t: t ** 3
    i = 0
    while i < 2:
        if x[0] > 10:
            act = lambda t: t
        i += 1
    return np.sum(act(x))


@case(x4)
@case(xn)
def nested_function_reads_rebound_name(x):
    def act(t):
        return t ** 2
    if x[0] < 0:
        def act(t):
            return np.sin(t)
    def loss(v):
        return np.sum(act(v) * x)
    return loss(x * 2.0)


@case(x4)
def keyword_argument_to_rebound_name(x):
    act = lambda t, s=1.0: t * s
    if x[0] > 0:
        act = lambda t, s=1.0: (t * s) ** 2
    return np.sum(act(x, s=0.5))


@case(x4, expect='refused', why='a def of act in another function')
def nested_function_shadows_callers_def(x):
    def act(t):
        return t ** 2
    def g(t):
        def act(u):
            return u ** 3
        return act(t)
    y = g(x)                  # (g's act is the last def of that name srcad wrote out)
    return np.sum(act(x) + y)


@case(x4, expect='refused', why='nonlocal rebinding of a local function name')
def nonlocal_rebinds_function(x):
    act = lambda t: t
    def swap():
        nonlocal act
        act = lambda t: t ** 3
    swap()
    return np.sum(act(x))


@case(x4, expect='refused', why='rebound on a path inside a nested function')
def rebound_inside_nested_function(x):
    def loss(v):
        act = lambda t: t ** 3
        if v[0] > 10:
            act = lambda t: t
        return np.sum(act(v))
    return loss(x)


@case(x4)
@case(xn)
def rebound_before_break(x):
    act = lambda t: t ** 2
    for i in range(4):
        if x[i] < 0:
            act = lambda t: np.sin(t)
            break
        act = lambda t: t * 3.0
    return np.sum(act(x))


@case(x4)
@case(xn)
def def_in_branch_called_in_branch_and_after(x):
    if x[0] > 0:
        def act(t):
            return t ** 2
        y = act(x)
    else:
        def act(t):
            return t ** 3
        y = act(x)
    return np.sum(y + act(x[::-1]))


@case(x4)
@case(xn)
def mapped_rebound_name(x):
    act = lambda t: t ** 2
    if x[0] < 0:
        act = lambda t: np.exp(t)
    return sum(np.sum(v) for v in map(act, [x, x * 2.0]))


@case(x4)
def def_in_while_called_after(x):
    i = 0
    while i < 2:
        def act(t):
            return t * (i + 1.0) + t ** 2
        i += 1
    return np.sum(act(x))
