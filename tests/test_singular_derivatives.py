"""A zero adjoint (or tangent) stays zero through a singular rule (probe4 W1, W3, W4).

The "safe" idioms compute a function where it is singular and drop the value:
the dropped elements must get derivative 0, not nan (0 * inf), in every mode.
Each idiom is checked against finite differences away from the singular points,
and at them for the exact values (0 where the value was masked) in grad, vjp,
jvp and hvp.  ``sqrt`` of an exactly-zero sum of squares (W4), which no local
rule can fix, is refused at run time instead of returning nan.
"""

import warnings

import numpy as np
import pytest

import srcad
from srcad.errors import RuntimeCheckError
from srcad.testing import check_derivatives


# --- the idioms ------------------------------------------------------------------
def safe_sqrt(x):
    return np.sum(np.where(x > 0, np.sqrt(x), 0.0) * x)


def sinc(x):
    return np.sum(np.where(x == 0, 1.0, np.sin(x) / x))


def safe_reciprocal(x):
    return np.sum(np.where(x != 0, 1.0 / x, 0.0))


def safe_divide(x):
    y = x * 2.0 - 1.0
    return np.sum(np.where(y != 0, x / y, 0.0))


def safe_arcsin(x):
    return np.sum(np.where(np.abs(x) < 1, np.arcsin(x), 0.0))


def safe_log(x):
    return np.sum(np.where(x > 0, np.log(x), 0.0) + x)


def softplus(x):
    return np.sum(np.where(x > 30.0, x, np.log1p(np.exp(x))))


def safe_exp(x):
    return np.sum(np.where(x < 50.0, np.exp(x), 0.0))


def safe_power(x):
    return np.sum(np.where(x > 0, x ** 1.5, 0.0) + np.where(x > 0, x ** -0.5, 0.0))


def sqrt_of_clamped(v):  # (Heston full truncation: W1)
    return np.sum(np.sqrt(np.maximum(v, 0.0)) + v)


def sqrt_of_clipped(v):
    return np.sum(np.sqrt(np.clip(v, 0.0, None)) * 2.0 + v)


def sqrt_after_mask_write(x):
    y = x * 1.0
    y[x < 0] = 0.0
    return np.sum(np.sqrt(y) + x)


def log_of_relu(x):
    return np.sum(np.log1p(np.maximum(x, 0.0)) + np.sqrt(np.maximum(x, 0.0)))


def scalar_safe_sqrt(x):
    if x > 0:
        return np.sqrt(x)
    return x * 0.0


def arctanh_masked(x):
    return np.sum(np.where(np.abs(x) < 1, np.arctanh(x), 0.0))


#: (f, a point away from the singularity, a point at it, the exact gradient there)
CASES = [
    (safe_sqrt, [0.3, 0.5, 2.0], [-1.0, 0.0, 4.0], [0.0, 0.0, 3.0]),
    (sinc, [0.3, 0.5, 2.0], [0.0, np.pi / 2], [0.0, -4 / np.pi ** 2]),
    (safe_reciprocal, [0.3, -0.5, 2.0], [0.0, 2.0], [0.0, -0.25]),
    (safe_divide, [0.3, 0.7, 2.0], [0.5, 1.0], [0.0, -1.0]),
    (safe_arcsin, [0.3, -0.5, 0.9], [1.5, 0.0, -2.0], [0.0, 1.0, 0.0]),
    (safe_log, [0.3, 0.5, 2.0], [-1.0, 0.0, 2.0], [1.0, 1.0, 1.5]),
    (softplus, [0.3, -0.5, 2.0], [1000.0, 0.0, 40.0], [1.0, 0.5, 1.0]),
    (safe_exp, [0.3, -0.5, 2.0], [1000.0, 0.0], [0.0, 1.0]),
    (safe_power, [0.3, 0.5, 2.0], [-1.0, 0.0, 4.0], [0.0, 0.0, 3.0 - 0.5 / 8]),
    (sqrt_of_clamped, [0.3, 0.5, 2.0], [-0.5, 0.25], [1.0, 2.0]),
    (sqrt_of_clipped, [0.3, 0.5, 2.0], [-0.5, 0.25], [1.0, 3.0]),
    (sqrt_after_mask_write, [0.3, 0.5, 2.0], [-0.5, 0.25], [1.0, 2.0]),
    (log_of_relu, [0.3, 0.5, 2.0], [-0.5, 0.25], [0.0, 0.8 + 1.0]),
    (arctanh_masked, [0.3, -0.5, 0.9], [1.0, 0.0, -3.0], [0.0, 1.0, 0.0]),
]
IDS = [c[0].__name__ for c in CASES]


def quiet(fn, *args):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', RuntimeWarning)
        return fn(*args)


@pytest.mark.parametrize('f, regular, singular, expected', CASES, ids=IDS)
def test_away_from_the_singularity(f, regular, singular, expected):
    check_derivatives(f, np.array(regular))


@pytest.mark.parametrize('f, regular, singular, expected', CASES, ids=IDS)
def test_grad_and_vjp_at_the_singularity(f, regular, singular, expected):
    x = np.array(singular)
    np.testing.assert_allclose(quiet(srcad.grad(f), x), expected, atol=1e-12)
    value, back = quiet(srcad.vjp, f, x)
    np.testing.assert_allclose(quiet(back, 1.0)[0], expected, atol=1e-12)
    value2, g2 = quiet(srcad.value_and_grad(f), x)
    np.testing.assert_allclose(g2, expected, atol=1e-12)


@pytest.mark.parametrize('f, regular, singular, expected', CASES, ids=IDS)
def test_jvp_at_the_singularity(f, regular, singular, expected):
    x = np.array(singular)
    for i in range(len(x)):
        e = np.zeros(len(x))
        e[i] = 1.0
        _, t = quiet(srcad.jvp, f, (x,), (e,))
        assert np.isclose(t, expected[i], atol=1e-12), (i, t, expected[i])


@pytest.mark.parametrize('f, regular, singular, expected', CASES, ids=IDS)
def test_hvp_at_the_singularity(f, regular, singular, expected):
    """Finite, and a one-sided difference of the (now finite) gradient: at the edge of a
    mask (sqrt's 0) srcad differentiates the branch taken at the point, from one side."""
    x = np.array(singular)
    grad = srcad.grad(f)
    g0, eps = quiet(grad, x), 1e-7
    for i in range(len(x)):
        e = np.zeros(len(x))
        e[i] = 1.0
        h = quiet(srcad.hvp, f, (x,), e)
        assert np.all(np.isfinite(h)), (i, h)
        if f is sinc and x[i] == 0.0:  # (the program is the constant 1 at exactly 0)
            assert h[i] == 0.0
            continue
        sides = [(quiet(grad, x + eps * e) - g0) / eps, (g0 - quiet(grad, x - eps * e)) / eps]
        if all(abs(fd[i]) > 1e6 for fd in sides):  # a pole on both sides, masked at the point
            assert h[i] == 0.0 and expected[i] == 0.0
            continue
        assert any(np.allclose(h, fd, atol=1e-4, rtol=1e-4) for fd in sides), (i, h, sides)


def test_scalar_branch():
    check_derivatives(scalar_safe_sqrt, 0.7)
    assert quiet(srcad.grad(scalar_safe_sqrt), -1.0) == 0.0
    assert quiet(srcad.jvp, scalar_safe_sqrt, (-1.0,), (1.0,))[1] == 0.0


def test_second_order_where_the_adjoint_is_zero_by_accident():
    """keep_zero guards only a locally zero adjoint: sqrt(x) * (x - 1) at x = 1 gives sqrt's
    rule the adjoint 0 with a nonzero tangent, and the Hessian keeps its term."""
    def f(x):
        return np.sum(np.sqrt(x) * (x - 1.0))
    x = np.array([1.0, 2.0])
    check_derivatives(f, x)
    h = srcad.hvp(f, (x,), np.array([1.0, 0.0]))
    # f = x^1.5 - x^0.5: f'' = 0.75 x^-0.5 + 0.25 x^-1.5 = 1 at x = 1
    np.testing.assert_allclose(h, [1.0, 0.0], atol=1e-12)


def test_third_order_through_the_guard():
    d3 = srcad.grad(srcad.grad(srcad.grad(lambda t: np.sqrt(t) * 4.0)))
    assert np.isclose(d3(4.0), 3.0 / 8.0 * 4.0 ** -2.5 * 4.0)


def test_integer_powers_need_no_guard():
    """x ** 2, x ** 3.0: the rule's x ** (y - 1) is finite, no keep_zero in the code."""
    def f(x):
        return np.sum(x ** 2 + x ** 3.0 - x ** 0.5)
    source = srcad.grad(f).source
    assert source.count('keep_zero') == 1, source
    check_derivatives(f, np.array([0.3, 2.0]))


def test_float32_stays_float32():
    x = np.array([-1.0, 0.25], dtype=np.float32)
    g = quiet(srcad.grad(safe_sqrt), x)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, [0.0, 0.75], rtol=1e-6)


# --- W4: the derivative does not exist locally; refused, not nan ---------------------
def exp_kernel(X):
    D = np.sqrt(np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=-1))
    return np.sum(np.exp(-D))


def exp_kernel_norm(X):
    return np.sum(np.exp(-np.linalg.norm(X[:, None, :] - X[None, :, :], axis=-1)))


X = np.array([[0.0, 1.0], [0.5, -0.3], [1.2, 0.4]])


@pytest.mark.parametrize('mode', ['grad', 'value_and_grad', 'vjp', 'hvp'])
def test_zero_distance_is_refused_not_nan(mode):
    """Reverse mode: sqrt's adjoint at 0 is inf (the adjoint is not 0), and the zero
    derivative of the difference X_i - X_i makes it nan: refused, naming the function."""
    run = {'grad': lambda: srcad.grad(exp_kernel)(X),
           'value_and_grad': lambda: srcad.value_and_grad(exp_kernel)(X),
           'vjp': lambda: srcad.vjp(exp_kernel, X)[1](1.0),
           'hvp': lambda: srcad.hvp(exp_kernel, (X,), np.ones_like(X))}[mode]
    with pytest.raises(RuntimeCheckError, match='indeterminate') as info:
        quiet(run)
    assert 'exp_kernel' in str(info.value) and 'np.linalg.norm' in str(info.value)
    assert info.value.location is not None and info.value.location.filename == __file__


def test_zero_distance_in_forward_mode_is_right():
    """Forward mode: the tangent of X_i - X_i is exactly 0, and keep_zero keeps it 0."""
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', RuntimeWarning)
        check_derivatives(exp_kernel, X, modes=('jvp',))
    _, t = quiet(srcad.jvp, exp_kernel, (X,), (np.ones_like(X),))  # (a translation)
    assert t == 0.0


def test_the_norm_is_right_at_zero_distance():
    check_derivatives(exp_kernel_norm, X)


def test_nan_value_keeps_its_nan_derivative():
    """Where the value itself is nan (outside the domain) the nan derivative is honest:
    an optimizer's line search reads it and steps back."""
    def f(x):
        return np.sum(np.sqrt(x))
    x = np.array([-1.0, 4.0])
    assert np.isnan(quiet(srcad.grad(f), x)[0])
    assert np.isnan(quiet(srcad.jvp, f, (x,), (np.ones(2),))[1])
    assert np.isnan(quiet(srcad.value_and_grad(f), x)[1][0])


def test_nan_direction_keeps_its_nan():
    def f(x):
        return np.sum(x ** 2)
    _, t = srcad.jvp(f, (np.ones(2),), (np.array([np.nan, 1.0]),))
    assert np.isnan(t)


# --- the runtime helpers --------------------------------------------------------------
def test_keep_zero_values():
    from srcad.runtime.singular import keep_zero
    nan, inf = np.nan, np.inf
    r = np.array([nan, 0.5, inf, nan])
    out = keep_zero(np.array([0.0, 1.0, 1.0, 2.0]), r)
    np.testing.assert_array_equal(out, [0.0, 0.5, inf, nan])  # (only a zero adjoint's nan)
    assert keep_zero(np.array([1.0, 2.0]), np.array([0.5, 1.5])).base is None  # (r itself)
    assert keep_zero(0.0, nan) == 0.0 and np.isnan(keep_zero(1.0, nan))
    assert type(keep_zero(np.float32(0.0), np.float32(nan))) is np.float32
    f32 = keep_zero(np.zeros(2, np.float32), np.full(2, nan, np.float32))
    assert f32.dtype == np.float32 and not f32.any()
    c = keep_zero(np.array([0.0, 1.0]), np.array([complex(nan, nan), 1j]))
    np.testing.assert_array_equal(c, [0, 1j])
    # a zero adjoint broadcast against a wider result (g / y with y wider than g)
    np.testing.assert_array_equal(keep_zero(np.array([[0.0], [1.0]]), np.full((2, 2), nan))[0],
                                  [0.0, 0.0])


def test_has_nan_and_plainly_finite():
    from srcad.runtime.singular import has_nan, plainly_finite
    assert has_nan({'w': np.ones(2), 'b': [1.0, np.array([np.nan])]})
    assert not has_nan((np.ones((2, 3)), 1.5, np.arange(3)))
    assert not has_nan(np.array([np.inf, -np.inf]))
    src = ('def f_grad(x):\n    # grad of: y = x / 2\n    t = 2 * x ** 2\n'
           '    return like_input(t, x)')
    assert plainly_finite(src, ('like_input',))  # (a division in a comment does not count)
    assert not plainly_finite(src.replace('** 2', '** 0.5'), ('like_input',))
    assert not plainly_finite(src.replace('2 * x', 'np.log(x)'), ('like_input',))
    assert not plainly_finite(src, ('like_input', 'keep_zero'))


def test_no_check_on_plain_code_and_a_check_on_the_rest():
    """Code made only of + - * and safe calls cannot make a nan of finite numbers: it is
    not checked (its calls stay as cheap as before); code with sqrt is."""
    def plain(x):
        return np.sum(x * x) + np.sum(np.tanh(x))
    g = srcad.grad(plain)
    g(np.ones(3))
    assert not g._check
    g = srcad.grad(exp_kernel)
    with pytest.raises(RuntimeCheckError):
        quiet(g, X)
    assert g._check
