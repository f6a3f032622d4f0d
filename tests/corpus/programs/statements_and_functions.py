"""Star-arguments, statements and functions as people write them: f(*xs), f(**kw),
helpers with *args/**kwargs/keyword-only parameters, starred targets, assert, raise,
del, global reads, with, try/except/else/finally, nested defs with several returns,
decorators, super(), properties, static and class methods -- and the refusals."""

import contextlib
import functools

import numpy as np

from ..case import case

_rng = np.random.default_rng(1515)
V3 = np.array([0.3, -0.5, 0.8])
V4 = np.array([0.4, -1.1, 0.7, 1.9])
V6 = _rng.standard_normal(6)
X = _rng.standard_normal((5, 3))
Y = _rng.standard_normal(5)
M22 = np.array([[0.6, 0.2], [-0.3, 0.9]])
SCALE = 2.5


# ---------------------------------------------------------------- helpers with stars

def sum_sq(*xs):
    total = 0.0
    for x in xs:
        total = total + np.sum(x ** 2)
    return total


def concat_and_multiply(weights, *args):
    cat = np.hstack(args + (np.ones((args[0].shape[0], 1)),))
    return np.dot(cat, weights)


def scaled(x, *, scale=1.0, power=2):
    return scale * np.sum(np.abs(x) ** power)


def with_options(x, **kw):
    return np.sum(x * kw['a']) + kw.get('b', 0.0)


def mixed(x, *rest, shift=0.0, **extra):
    out = np.sum(x) + shift
    for r in rest:
        out = out * np.mean(r)
    return out + extra.get('bias', 0.0)


def affine(x, w, b):
    return x @ w + b


@case(V3)
def star_call_of_list(w):
    xs = [w, w * 2.0]
    return sum_sq(*xs)


@case(V3)
def varargs_helper_positional(w):
    return sum_sq(w, np.sin(w), 3.0 * w)


@case(V3)
def varargs_helper_no_extra(w):
    return sum_sq() + np.sum(w ** 2)


@case(np.array([0.2, -0.4, 0.9]))
def concat_and_multiply_call(w):
    x1 = X[:, :1]
    x2 = X[:, 1:2]
    return np.sum(np.tanh(concat_and_multiply(w, x1, x2)))


@case(V3)
def keyword_only_call(w):
    return scaled(w, scale=0.5, power=3)


@case(V3)
def double_star_dict_into_keyword_only(w):
    opts = {'scale': 2.0}
    return scaled(w, **opts)


@case(V3)
def kwargs_helper_differentiated_value(w):
    return with_options(w, a=w, b=1.5)


@case(V3)
def kwargs_helper_default(w):
    return with_options(w * w, a=np.cos(w))


@case(V3)
def mixed_signature(w):
    return mixed(w, w + 1.0, 2.0 * w, shift=0.3, bias=w[0])


@case(V3)
def star_into_named_parameters(w):
    args = (X, w.reshape(3, 1), 0.1)
    return np.sum(affine(*args) ** 2)


@case(V3)
def double_star_into_named_parameters(w):
    params = {'w': w.reshape(3, 1), 'b': 0.2}
    return np.sum(affine(X, **params) ** 2)


@case({'w': np.array([0.5, -0.2, 0.1]), 'b': 0.3})
def double_star_parameter_dict(p):
    return np.mean((affine(X, **p) - Y) ** 2)


@case(V3)
def randn_star_shape(w):
    rs = np.random.RandomState(0)
    shape = (3,)
    return np.sum(w * rs.randn(*shape))


@case(V3)
def random_rand_like(w):
    rng = np.random.RandomState(1)
    noise = rng.rand(*w.shape)
    return np.sum((w + 0.1 * noise) ** 2)


@case(V3)
def zip_star_transpose(w):
    pairs = [(w[0], w[1]), (w[2], w[0] * w[1])]
    firsts, seconds = zip(*pairs)
    return firsts[0] * seconds[0] + firsts[1] * seconds[1]


@case(V4)
def zip_star_loop(w):
    rows = [(w[0], w[1]), (w[2], w[3])]
    total = 0.0
    for a, b in zip(*rows):
        total = total + a * b
    return total


@case(V3)
def star_of_shape_into_zeros(w):
    buf = np.zeros((*w.shape,))
    return np.sum(w * w) + np.sum(buf)


@case(V3, expect='refused', why='a star into a rule: which parameter gets it is known only when it runs')
def star_into_rule(w):
    pair = (w, w * 2.0)
    return np.sum(np.maximum(*pair))


@case(V3, expect='refused', why='a star into a function held in a variable')
def star_into_function_value(w):
    fn = sum_sq
    args = (w, w)
    fns = [fn]
    return fns[0](*args)


# ---------------------------------------------------------------- starred targets

@case(V4)
def starred_target_first_rest(w):
    first, *rest = w
    return first * rest[0] ** 2 + rest[-1]


@case(V4)
def starred_target_middle(w):
    a, *mid, z = w
    return a * z + sum(mid)


@case(V4)
def starred_target_in_loop(w):
    rows = [(w[0], w[1], w[2]), (w[1], w[2], w[3])]
    s = 0.0
    for a, *b in rows:
        s = s + a * b[1] - b[0]
    return s


@case(V6)
def starred_target_of_list(w):
    head, *tail = list(w)
    return head * np.sum(np.array(tail) ** 2)


# ---------------------------------------------------------------- assert, raise, del, global

@case(V3)
def assert_shape(w):
    assert w.ndim == 1, 'need a vector'
    return np.sum(w ** 2)


@case(V3)
def assert_with_fstring(w):
    assert np.all(np.isfinite(w)), f'bad input {w}'
    return np.sum(np.exp(w))


@case(V3)
def raise_on_bad_shape(w):
    if w.shape[0] != 3:
        raise ValueError('expected three entries')
    return np.sum(w ** 3)


@case(V3)
def raise_in_else_branch(w):
    if np.all(np.abs(w) < 10):
        out = np.sum(np.tanh(w))
    else:
        raise RuntimeError('diverged')
    return out


@case(V3)
def del_temporary(w):
    t = w * 2.0
    y = t + 1.0
    del t
    return np.sum(y ** 2)


@case(V3)
def global_read(w):
    global SCALE
    return SCALE * np.sum(w ** 2)


COUNTER = 0


@case(V3, expect='refused', why='writing a global is refused')
def global_write(w):
    global COUNTER
    COUNTER = COUNTER + 1
    return np.sum(w)


# ---------------------------------------------------------------- loops with else

@case(V6)
def for_else_no_break(w):
    s = 0.0
    for v in w:
        if v > 50.0:
            break
        s = s + v * v
    else:
        s = s * 2.0
    return s


@case(V6)
def while_else(w):
    i = 0
    s = 0.0
    while i < 4:
        s = s + np.sin(w[i])
        i += 1
    else:
        s = s + 1.0
    return s


# ---------------------------------------------------------------- with

@contextlib.contextmanager
def quiet():
    yield 3.0


class Timer:
    def __init__(self):
        self.entered = 0

    def __enter__(self):
        self.entered += 1
        return self

    def __exit__(self, *exc):
        return False


@case(V3)
def with_errstate(w):
    with np.errstate(divide='ignore', invalid='ignore'):
        y = np.log(w ** 2)
    return np.sum(y)


@case(V3)
def with_contextlib_manager_as(w):
    with quiet() as k:
        y = w * k
    return np.sum(y ** 2)


@case(V3)
def with_own_manager(w):
    with Timer():
        y = np.sin(w)
    return np.sum(y)


@case(V3)
def with_return_inside(w):
    with np.errstate(over='ignore'):
        return np.sum(np.exp(w))


@case(V6)
def with_inside_loop_with_break(w):
    s = 0.0
    for v in w:
        with np.errstate(all='ignore'):
            if v > 100.0:
                break
            s = s + v ** 2
    return s


@case(V3)
def with_two_managers(w):
    with np.errstate(divide='ignore'), quiet() as k:
        y = w * k + 1.0
    return np.sum(y ** 2)


# ---------------------------------------------------------------- try

@case(M22)
def try_cholesky_fallback(a):
    try:
        chol = np.linalg.cholesky(a @ a.T + np.eye(2))
    except np.linalg.LinAlgError:
        chol = np.eye(2) * np.sum(a)
    return np.sum(chol)


@case(np.array([[1.0, 2.0], [2.0, 1.0]]))
def try_cholesky_fails(a):
    try:
        chol = np.linalg.cholesky(a)
    except np.linalg.LinAlgError:
        chol = a * 2.0
    return np.sum(chol ** 2)


@case(V3)
def try_else_finally(w):
    try:
        y = np.sum(w ** 2)
    except ValueError:
        y = 0.0
    else:
        y = y * 2.0
    finally:
        z = 1.0
    return y + z


@case(V3)
def try_raise_caught(w):
    try:
        if np.sum(w) < 10.0:
            raise ValueError('small')
        y = w * 3.0
    except ValueError:
        y = w * 5.0
    return np.sum(y)


@case(V3)
def try_return_in_both(w):
    try:
        return np.sum(np.log(np.abs(w)))
    except FloatingPointError:
        return 0.0


@case(V3)
def try_several_handlers(w):
    try:
        y = np.sum(w[5])
    except KeyError:
        y = 1.0
    except IndexError as e:
        y = np.sum(w ** 2) + len(str(e)) * 0.0
    return y


@case(V3)
def try_finally_only(w):
    try:
        y = np.sum(w ** 2)
    finally:
        pass
    return y


@case(V3)
def try_key_lookup_default(w):
    table = {'a': w}
    try:
        v = table['b']
    except KeyError:
        v = w * 0.5
    return np.sum(v ** 2)


@case(V3, expect='refused', why='the except block reads what the try block assigned before raising')
def try_partial_assignment(w):
    y = w
    try:
        y = w * 2.0
        z = np.linalg.inv(np.zeros((2, 2)))
    except np.linalg.LinAlgError:
        z = y
    return np.sum(z)


# ---------------------------------------------------------------- nested functions

@case(V3)
def nested_several_returns(w):
    def f(v):
        if np.sum(v) > 0:
            return v * 2.0
        return v * 3.0
    return np.sum(f(w) ** 2) + np.sum(f(-w))


@case(V3)
def nested_return_in_loop(w):
    def first_big(v):
        for x in v:
            if x > 0.5:
                return x * x
        return 0.0
    return first_big(w) + first_big(w * 2.0)


@case(V3)
def nested_two_levels(w):
    def outer(v):
        def inner(u):
            if u[0] > 0:
                return np.sum(u ** 2)
            return np.sum(u)
        return inner(v) * 2.0
    return outer(w)


@case(V3)
def nested_varargs(w):
    def add_all(*parts):
        total = 0.0
        for p in parts:
            total = total + np.sum(p)
        return total
    return add_all(w, w ** 2, np.sin(w))


@case(V3)
def nested_kwargs(w):
    def weigh(x, **kw):
        return np.sum(x * kw['k'])
    return weigh(w, k=w)


@case(V3)
def nested_nonlocal_accumulate(w):
    total = 0.0

    def add(v):
        nonlocal total
        total = total + v
        return total
    add(np.sum(w ** 2))
    add(np.sum(w))
    return total


@case(V3)
def nested_no_return(w):
    def noop(v):
        v * 2.0
    noop(w)
    return np.sum(w ** 2)


# FIXED (wave 6 objects; was a false refusal: srcad/compiler/nested_recursion.py)
@case(V3)
def nested_recursion(w):
    def power(v, n):
        if n == 0:
            return np.ones_like(v)
        return v * power(v, n - 1)
    return np.sum(power(w, 3))


def horner(c, x, k):
    if k == len(c):
        return 0.0
    return c[k] + x * horner(c, x, k + 1)


def tree_sum(node, depth):
    if depth == 0:
        return np.sum(node ** 2)
    return tree_sum(node[:2], depth - 1) + tree_sum(node[1:], depth - 1)


@case(V4)
def recursive_polynomial(c):
    return horner(c, 0.7, 0)


@case(V4)
def recursive_tree_sum(w):
    return tree_sum(w, 2)


def make_scaler(a):
    def step(x):
        return a * x
    return step


# FIXED (wave 6 objects; was a false refusal: srcad/compiler/closures.py)
@case(0.7)
def closure_returned_and_called(a):
    step = make_scaler(a)
    return step(2.0) * step(a)


@case(0.7)
def closure_over_constant_called(a):
    step = make_scaler(3.0)
    return step(a) ** 2


# ---------------------------------------------------------------- decorators

def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper


def doubled(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return 2.0 * fn(*args, **kwargs)
    return wrapper


@logged
def logged_loss(x, scale=1.0):
    return scale * np.sum(x ** 2)


@doubled
def doubled_loss(x):
    return np.sum(np.sin(x))


@case(V3)
def decorated_helper(w):
    return logged_loss(w * 2.0)


@case(V3)
def decorated_helper_keyword(w):
    return logged_loss(w, scale=3.0)


@case(V3)
def decorator_changes_value(w):
    return doubled_loss(w)


@case(V3)
def decorator_nested(w):
    return doubled_loss(w) + logged_loss(np.cos(w))


# ---------------------------------------------------------------- classes

class Base:
    def __init__(self, k):
        self.k = k

    def f(self, x):
        return self.k * np.sum(x ** 2)

    @property
    def twice(self):
        return 2 * self.k

    @staticmethod
    def s(x):
        return np.sum(np.sin(x))

    @classmethod
    def c(cls, x):
        return np.sum(np.cos(x))


class Child(Base):
    def f(self, x):
        return super().f(x) + np.sum(x)


OBJ = Child(1.5)


@case(V3)
def super_call(w):
    return OBJ.f(w)


@case(V3)
def property_static_class_methods(w):
    return OBJ.twice * Base.s(w) + OBJ.c(w) + Child.s(w)


@case(V3)  # (hvp through a method known only at run time)
def super_call_hvp(w):
    return OBJ.f(w)


class Model:
    def __init__(self):
        self.k = 0.5

    def loss(self, w):
        return np.sum(np.tanh(w) * self.k)

    def __call__(self, w):
        return np.sum(w ** 3)


def apply_fn(fn, v):
    return fn(v)


@case(V3)
def method_of_local_object(w):
    m = Model()
    return m.loss(w)


@case(V3)
def function_passed_as_argument(w):
    return apply_fn(np.sum, w ** 2) + apply_fn(logged_loss, w)


@case(V3)
def partial_passed_as_argument(w):
    return apply_fn(functools.partial(logged_loss, scale=2.0), w)


@case(V3)
def callable_object_passed(w):
    return apply_fn(Model(), w)


@case(V3)  # (hvp through functions passed as arguments)
def function_passed_hvp(w):
    return apply_fn(np.sin, w)[0] + apply_fn(Model().loss, w)


@case(V3, modes=('grad', 'jvp'), expect='refused', why='a differentiated keyword into a function value')
def keyword_into_function_value(w):
    fn = logged_loss
    fns = [fn]
    return fns[0](w, scale=w[0])


@case(V3)  # (was refused: a display with *-entries; now list(parts) + [w[2]]: joins.py)
def starred_display_of_differentiated(w):
    parts = [w[0], w[1]]
    both = [*parts, w[2]]
    return both[0] * both[2]
