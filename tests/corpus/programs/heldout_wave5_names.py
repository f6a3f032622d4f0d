"""Held-out wave 5: types, names and nesting -- isinstance/type/np.isscalar/hasattr/dtype
dispatch, math and operator and itertools functions, np.vectorize, logging with f-strings,
assert/raise, builtins shadowed by locals (sum = 0.0; max = x[0]), user functions, methods
and attributes named like NumPy functions or ndarray attributes, and derivatives inside the
differentiated function: MAML with srcad.grad, unrolled SGD/momentum/Adam, a Newton step with
srcad.hessian, a gradient-norm penalty, srcad.value_and_grad and srcad.jvp inside."""

import math
import operator

import numpy as np

from ..case import case

import srcad

x3 = np.array([0.3, -0.6, 0.45])

def poly(v):
    if isinstance(v, np.ndarray):
        return np.sum(v ** 2)
    return v ** 3


@case(x3)
def isinstance_ndarray_dispatch(x):
    return poly(x) + poly(x[0]) + poly(float(x[1]))


@case(x3)
def isinstance_float_np_float64(x):
    v = x[0]
    if isinstance(v, float):
        return v ** 2
    return v ** 3


@case(x3)
def type_is_float(x):
    v = x[0]
    if type(v) is float:
        return v ** 2
    return v ** 3


@case(x3)
def np_isscalar_and_ndim(x):
    s = 0.0
    for v in (x, x[0], x[1:2]):
        if np.isscalar(v):
            s = s + v * 10
        elif np.ndim(v) == 1 and len(v) == 1:
            s = s + v[0] ** 2
        else:
            s = s + np.sum(v)
    return s


@case(x3)
def hasattr_shape_dispatch(x):
    def f(v):
        if hasattr(v, 'shape') and v.shape:
            return np.sum(np.sin(v))
        return math.sin(v) * 2
    return f(x) + f(float(x[2]))


@case(x3)
def dtype_checks(x):
    if x.dtype == np.float64 and x.dtype.kind == 'f' and np.issubdtype(x.dtype, np.floating):
        return np.sum(x ** 2)
    return np.sum(x)


@case(x3)
def iscomplexobj_branch(x):
    z = x + 0j
    if np.iscomplexobj(z):
        return np.sum(np.abs(z) ** 2)
    return np.sum(z.real)


@case(x3, expect='refused',
      why='math.lgamma has no rule (FALSE refusal, rare)')
def python_pow_round_math(x):
    return (pow(x[0], 2) + pow(x[1], 3) + round(x[2], 2) * x[0] + math.pow(abs(x[1]), 1.5)
            + math.copysign(x[0] ** 2, -1) + math.fabs(x[1]) + math.log(abs(x[2]), 3) + math.erf(x[0]) + math.lgamma(2 + x[1]))


@case(x3)
def math_prod_dist_fsum(x):
    return math.prod([x[0], x[1], 2.0]) + math.dist([x[0], x[1]], [0.0, 1.0]) + math.fsum(x)


@case(x3, expect='refused',
      why='operator.truediv has no rule (FALSE refusal, rare)')
def operator_module(x):
    get1 = operator.itemgetter(1)
    return operator.mul(x[0], x[2]) + operator.add(get1(x), 1.0) ** 2 + operator.neg(x[0]) + operator.truediv(x[1], 2.0)


@case(x3, expect='refused',
      why='np.vectorize of a nested function (probe 4 family 8)')
def np_vectorize_user_function(x):
    def f(a):
        return a ** 2 if a > 0 else -a
    return np.sum(np.vectorize(f)(x))


@case(x3)
def print_and_fstring_logging(x):
    loss = np.sum(x ** 2)
    msg = f'loss={loss:.3f} first={x[0]}'
    if len(msg) > 1000:
        print(msg)
    return loss


@case(x3)
def assert_and_raise(x):
    assert x.shape == (3,), 'bad shape'
    if np.any(np.isnan(x)):
        raise ValueError('nan')
    return np.sum(np.exp(x))


@case(x3)
def chained_comparison_branch(x):
    if -1 < x[0] < 1:
        return x[0] ** 2 + x[1]
    return x[1]


@case(x3)
def sum_over_2d_builtin(x):
    A = np.outer(x, x)
    return np.sum(sum(A) * np.arange(3)) + sum(sum(A))


@case(x3)
def sorted_reverse_key(x):
    s = sorted(x, key=abs, reverse=True)
    return s[0] * 3 + s[-1]


@case(x3)
def min_max_key_argument(x):
    return max(x, key=abs) * 2 + min(x, key=lambda v: (v - 0.4) ** 2)


@case(x3, expect='refused',
      why='np.float64(v).__abs__() (rare)')
def np_float64_methods(x):
    v = x[0]
    return v.conjugate() * 2 + x[1].real ** 2 + abs(x[2]).item() + np.float64(x[1]).__abs__()


@case(x3)
def int_float_mix_true_division(x):
    n = len(x)
    return np.sum(x) / n + x[0] // 1 + 3 / 2 * x[1]


@case(x3)
def complex_python_builtins(x):
    z = x[0] + x[1] * 1j
    return (z.conjugate() * z).real + abs(z) + z.imag


@case(x3)
def numbers_real_check(x):
    import numbers
    v = x[1]
    return v ** 2 if isinstance(v, numbers.Real) else 0.0


@case(x3, expect='refused',
      why='itertools.zip_longest has no rule (FALSE refusal)')
def enumerate_reversed_zip_longest(x):
    import itertools
    s = 0.0
    for i, (a, b) in enumerate(itertools.zip_longest(x, x[:2], fillvalue=1.0)):
        s = s + i * a * b
    return s


@case(x3, expect='refused',
      why='itertools.product has no rule (FALSE refusal)')
def itertools_combinations_pairs(x):
    import itertools
    return sum(a * b for a, b in itertools.combinations(x, 2)) + sum(a - b for a, b in itertools.product(x[:2], x[1:]))


@case(x3, expect='refused',
      why='itertools.pairwise has no rule (FALSE refusal)')
def itertools_pairwise_accumulate(x):
    import itertools
    return sum((b - a) ** 2 for a, b in itertools.pairwise(x))
x4 = np.array([0.3, -0.6, 0.45, 0.8])


@case(x4)
def shadow_sum_builtin(x):
    sum = 0.0
    for v in x:
        sum += v * v
    return sum


@case(x4)
def shadow_max_builtin(x):
    max = x[0]
    for v in x:
        if v > max:
            max = v
    return max ** 2


@case(x4)
def shadow_abs_min(x):
    abs = x[0] ** 2
    min = x[1] * 3
    return abs + min


@case(x4)
def shadow_len_round(x):
    len = x[0]
    round = x[1] * 2
    return len * round

def sign(v):
    return v / (1 + np.abs(v))
def floor(v):
    return v * 2.0
def argmax(v):
    return np.sum(v ** 2)
def shape(v):
    return v[0] * 3
def zeros_like(v):
    return v + 1.0
def stop(v):
    return v


@case(x4)
def user_functions_named_like_numpy(x):
    return np.sum(sign(x)) + np.sum(floor(x)) + argmax(x) + shape(x) + np.sum(zeros_like(x))


@case(x4)
def user_function_named_like_numpy_local(x):
    def round(v):
        return v ** 3
    def isnan(v):
        return v * 2
    return np.sum(round(x)) + np.sum(isnan(x))


@case(x4)
def local_variable_named_like_numpy_function(x):
    sign = x[0] * 2
    shape = x[1] ** 2
    floor = x[2]
    return sign + shape * floor

class Stats:
    def __init__(self, v):
        self.v = v
    def mean(self):
        return self.v[0] * 10
    def sum(self):
        return self.v[1] ** 2
    def argmax(self):
        return self.v[2] * 3
    @property
    def T(self):
        return self.v[3] * 5


@case(x4)
def user_class_methods_named_like_ndarray(x):
    s = Stats(x)
    return s.mean() + s.sum() + s.argmax() + s.T

class Wrapper:
    def __init__(self, v):
        self.real = v * 2
        self.imag = v * 3
        self.T = v ** 2
        self.flat = v


@case(x4, expect='refused',
      why='user attributes named real/imag/T/flat (probe 4 family 3)')
def user_object_attributes_named_real_imag_T(x):
    w = Wrapper(x)
    return np.sum(w.real + w.imag + w.T) + np.sum(w.flat)


@case(x4)
def math_shadowed_by_local_dict(x):
    math = {'floor': lambda v: v * 2}
    return np.sum(math['floor'](x))


@case(x4, expect='refused',
      why='np passed as a default parameter (rare)')
def np_shadowed_parameter(x, np=np):
    return np.sum(np.floor(x * 0) + x ** 2)

class FakeNP:
    @staticmethod
    def floor(v):
        return v * 3.0
    @staticmethod
    def sign(v):
        return v ** 2
fnp = FakeNP()


@case(x4)
def object_with_numpy_like_methods(x):
    return np.sum(fnp.floor(x)) + np.sum(fnp.sign(x))


@case(x4)
def dict_get_named_like_function(x):
    d = {'max': x[0], 'min': x[1]}
    return d['max'] * d['min'] + d.get('max') ** 2


@case(x4)
def shadow_float_int_names(x):
    float = x[0] * 2
    int = x[1] + 1
    return float * int


@case(x4)
def loop_variable_named_i_float(x):
    total = 0.0
    for i in x:
        total += i * i
    n = x[0]
    return total + n ** 3


@case(x4)
def variable_named_idx_and_mask_floats(x):
    idx = x[0] * 2
    mask = x[1] ** 2
    shape = x[2]
    size = x[3]
    ndim = x[0]
    dtype = x[1]
    return idx * mask + shape * size + ndim * dtype


@case(x4)
def local_names_size_shape_from_active(x):
    size = np.sum(x ** 2)
    shape = np.max(x)
    return size * shape
X = np.array([[1.0, 0.5], [0.2, -1.0], [0.3, 0.8]]); y = np.array([1.0, 0.0, -1.0])

def inner_loss(w):
    return np.mean((X @ w - y) ** 2)
inner_grad = srcad.grad(inner_loss)


@case(np.array([0.1, -0.2]))
def maml_one_step_with_srcad_grad(w0):
    w = w0 - 0.1 * inner_grad(w0)
    return inner_loss(w) + 0.1 * np.sum(w ** 2)


@case(np.array([0.1, 0.05]))
def hyperparam_unrolled_sgd_manual_grad(hp):
    lr, lam = hp
    w = np.zeros(2)
    for _ in range(5):
        g = 2 * X.T @ (X @ w - y) / len(y) + 2 * lam * w
        w = w - lr * g
    return inner_loss(w)


@case(np.array([0.1, -0.2]), expect='refused',
      why='srcad.hessian inside the differentiated function (FALSE refusal, rare)')
def newton_step_with_srcad_hessian(w0):
    H = srcad.hessian(inner_loss)(w0)
    g = inner_grad(w0)
    w = w0 - np.linalg.solve(H + np.eye(2), g)
    return inner_loss(w)


@case(np.array([0.1, -0.2]))
def gradient_norm_penalty(w):
    g = inner_grad(w)
    return inner_loss(w) + 0.5 * np.sum(g ** 2)


@case(np.array([0.1, -0.2]))
def value_and_grad_inside(w):
    v, g = srcad.value_and_grad(inner_loss)(w)
    return v + g @ g


@case(np.array([0.1, -0.2]))
def momentum_unrolled(w0):
    w = w0.copy()
    v = np.zeros_like(w)
    for _ in range(4):
        g = 2 * X.T @ (X @ w - y) / len(y)
        v = 0.9 * v + g
        w = w - 0.1 * v
    return inner_loss(w)


@case(np.array([0.1, -0.2]))
def adam_unrolled(w0):
    w = w0.copy()
    m = np.zeros(2); v = np.zeros(2)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for t in range(1, 5):
        g = 2 * X.T @ (X @ w - y) / len(y)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g ** 2
        mh = m / (1 - b1 ** t); vh = v / (1 - b2 ** t)
        w = w - 0.05 * mh / (np.sqrt(vh) + eps)
    return inner_loss(w)


@case(np.array([0.1, -0.2]), expect='refused',
      why='srcad.jvp inside the differentiated function (FALSE refusal, rare)')
def jvp_inside(w):
    _, t = srcad.jvp(inner_loss, (w,), (np.array([1.0, 0.0]),))
    return t ** 2 + inner_loss(w)
