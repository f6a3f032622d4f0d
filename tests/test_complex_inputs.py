"""Complex inputs through every transform: right against finite differences, or refused.

The convention (docs/language.md, as JAX's): for a real loss ``L`` the gradient of a
complex ``z`` is ``dL/dRe(z) - 1j * dL/dIm(z)``; ``vjp`` with a complex cotangent ``c``
gives the gradient of ``Re(c * f)``; ``jvp`` along a complex tangent ``v`` is
``d/dt f(z + t v)``.  ``grad`` refuses a complex output, whatever makes it complex: the
seed of a full reduction is folded to ``1.0`` only for arguments known to be real
(:mod:`srcad.input_kinds`) and functions that bring in no complex value otherwise
(:mod:`srcad.compiler.complex_sources`).  Jacobians, Hessians and Hessian-vector
products with respect to a complex input are refused.
"""

import dataclasses

import numpy as np
import pytest

import srcad

Z = np.array([1 + 2j, 0.5 - 1j, -0.3 + 0.2j])
X = np.array([0.3, -0.7, 1.1])
C = np.array([1 + 2j, 0.5 - 1j, 2j])  # (a global complex array)
EPS = 1e-6


def fd_gradient(f, z):
    """``dRe(f)/dRe(z) - 1j * dRe(f)/dIm(z)`` by central differences, for a complex
    array or number ``z``."""
    scalar = np.ndim(z) == 0
    z = np.array(z, dtype=complex)
    g = np.zeros_like(z)
    for k in np.ndindex(z.shape):
        for step, weight in ((1, 1), (1j, -1j)):
            up, down = z.copy(), z.copy()
            up[k] += EPS * step
            down[k] -= EPS * step
            g[k] += weight * (np.real(f(up[()] if scalar else up))
                              - np.real(f(down[()] if scalar else down))) / (2 * EPS)
    return g[()] if scalar else g


def assert_close(actual, expected):
    np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-6)


# -- real functions of complex arrays: grad, value_and_grad, vjp --------------------------
def squared_modulus(z):
    return np.sum(np.abs(z) ** 2)


def real_and_imaginary_parts(z):
    return np.sum(np.real(z) ** 2 + 3 * np.imag(z))


def vdot_energy(z):
    return np.real(np.vdot(z, z))


def phases(z):
    return np.sum(np.angle(z))


def with_conjugate(z):
    return np.real(np.sum(z * np.conj(z) * z))


def modulus_of_exp(z):
    return np.sum(np.abs(np.exp(z)))


def mismatch_loss(z, target):
    r = z * np.exp(0.3j) - target
    return np.mean(r.real ** 2 + r.imag ** 2)


REAL_OF_COMPLEX = [squared_modulus, real_and_imaginary_parts, vdot_energy, phases,
                   with_conjugate, modulus_of_exp]


@pytest.mark.parametrize('f', REAL_OF_COMPLEX, ids=lambda f: f.__name__)
def test_gradient_of_a_real_function_of_a_complex_array(f):
    expected = fd_gradient(f, Z)
    assert_close(srcad.grad(f)(Z.copy()), expected)
    value, g = srcad.value_and_grad(f)(Z.copy())
    assert_close(value, f(Z))
    assert_close(g, expected)
    out, back = srcad.vjp(f, Z.copy())
    assert_close(back(1.0)[0], expected)


def test_gradient_with_a_complex_data_argument():
    target = np.array([0.2 - 1j, 1.5 + 0.5j, -1j])
    assert_close(srcad.grad(mismatch_loss)(Z.copy(), target),
                 fd_gradient(lambda z: mismatch_loss(z, target), Z))
    # with respect to the real part of a model: a real gradient
    g = srcad.grad(lambda_free_real_weights)(X.copy(), target)
    assert g.dtype == np.float64
    fd = [(lambda_free_real_weights(X + EPS * e, target)
           - lambda_free_real_weights(X - EPS * e, target)) / (2 * EPS) for e in np.eye(3)]
    assert_close(g, fd)


def lambda_free_real_weights(w, target):
    return np.sum(np.abs(w * target - 1.0) ** 2)


@pytest.mark.parametrize('z', [1 + 2j, np.complex128(0.5 - 1.5j)], ids=['complex', 'complex128'])
def test_complex_scalars(z):
    def f(z):
        return abs(z) ** 2 + np.real(z) * 3.0
    g = srcad.grad(f)(z)
    assert type(g) is type(z)
    assert_close(g, fd_gradient(f, z))


# -- containers of complex leaves ------------------------------------------------------------
@dataclasses.dataclass
class Field:
    amplitude: np.ndarray
    gain: float


def list_loss(zs):
    return np.sum(np.abs(zs[0] * zs[1]) ** 2)


def dict_loss(p):
    return np.sum(np.abs(p['z'] - p['w']) ** 2)


def dataclass_loss(f):
    return np.sum(np.abs(f.amplitude) ** 2) * f.gain


def test_containers_of_complex_leaves():
    a, b = Z.copy(), Z[::-1].copy()
    g = srcad.grad(list_loss)([a, b])
    assert_close(g[0], fd_gradient(lambda z: list_loss([z, b]), a))
    assert_close(g[1], fd_gradient(lambda z: list_loss([a, z]), b))
    g = srcad.grad(dict_loss)({'z': a, 'w': X.copy()})
    assert_close(g['z'], fd_gradient(lambda z: dict_loss({'z': z, 'w': X}), a))
    assert g['w'].dtype == np.float64
    g = srcad.grad(dataclass_loss)(Field(a, 2.0))
    assert_close(g.amplitude, fd_gradient(lambda z: dataclass_loss(Field(z, 2.0)), a))
    assert_close(g.gain, np.sum(np.abs(a) ** 2))


# -- jvp along complex tangents; vjp of complex outputs -------------------------------------
def squares(z):
    return z ** 2


def conjugated(z):
    return np.conj(z) * 2.0


@pytest.mark.parametrize('f', REAL_OF_COMPLEX + [squares, conjugated], ids=lambda f: f.__name__)
def test_jvp_along_a_complex_tangent(f):
    v = np.array([0.3 - 0.5j, -1.0 + 0.2j, 0.7 + 0.7j])
    value, tangent = srcad.jvp(f, (Z.copy(),), (v,))
    assert_close(tangent, (f(Z + EPS * v) - f(Z - EPS * v)) / (2 * EPS))


@pytest.mark.parametrize('f', [squares, conjugated], ids=lambda f: f.__name__)
def test_vjp_of_a_complex_output_with_a_complex_cotangent(f):
    c = np.array([1.0 - 2j, 0.5j, -1.5 + 0.1j])
    out, back = srcad.vjp(f, Z.copy())
    assert_close(back(c)[0], fd_gradient(lambda z: np.sum(np.real(c * f(z))), Z))


# -- a complex output given to grad: refused, whatever makes it complex --------------------
def squared_sum(z):
    return np.sum(z ** 2)


def scaled_by(x, c):
    return np.sum(c * x)


def scaled_by_global(x):
    return np.sum(C * x)


def _closure():
    c = C

    def scaled_by_closure(x):
        return np.sum(c * x)
    return scaled_by_closure


def rotate(v):
    return v * np.exp(0.5j)


def through_a_helper(x):
    return np.sum(rotate(x))


def cast_by_name(x):
    return np.sum(x.astype('complex128') ** 2)


def dtype_code(x):
    return np.sum(np.asarray(x, dtype='D') * 1.5)


def eigenvalues(x):
    return np.sum(np.linalg.eigvals(np.outer(x, x[::-1]) - np.outer(x[::-1], x)) ** 2)


def square_root_of_a_python_float(t):
    return (t - 3.0) ** 0.5


def first_of_list(x, taps):
    return np.sum(taps[0] * x)


def dict_entry(x, p):
    return np.sum(p['c'] * x)


class Steering:
    def __init__(self, c):
        self.c = c

    def response(self, w):
        return np.sum(self.c * w)


def lambda_square(z):
    return z * z


def list_loss_complex_out(zs):
    return np.sum(zs[0] * zs[1])


def dataclass_complex_out(f):
    return np.sum(f.amplitude * f.gain)


REFUSED = [
    ('complex array input', squared_sum, (Z,)),
    ('python complex input', lambda_square, (1 + 2j,)),
    ('complex128 input', lambda_square, (np.complex128(1 + 2j),)),
    ('complex data argument', scaled_by, (X, C)),
    ('global complex array', scaled_by_global, (X,)),
    ('closure complex array', _closure(), (X,)),
    ('helper making complex values', through_a_helper, (X,)),
    ("astype('complex128')", cast_by_name, (X,)),
    ("dtype='D'", dtype_code, (X,)),
    ('eigvals of a real matrix', eigenvalues, (X,)),
    ('python float ** 0.5 of a negative number', square_root_of_a_python_float, (1.0,)),
    ('list of complex arrays', first_of_list, (X, [C])),
    ('dict of complex arrays', dict_entry, (X, {'c': C})),
    ('list input with a complex leaf', list_loss_complex_out, ([Z, X],)),
    ('dataclass with a complex field', dataclass_complex_out, (Field(Z, 2.0),)),
    ('bound method, complex attribute', Steering(C).response, (X,)),
]


@pytest.mark.parametrize('what, f, args', REFUSED, ids=[r[0] for r in REFUSED])
@pytest.mark.parametrize('transform', [srcad.grad, srcad.value_and_grad],
                         ids=['grad', 'value_and_grad'])
def test_a_complex_output_is_refused(what, f, args, transform):
    with pytest.raises(srcad.SrcadError, match='real output') as refusal:
        transform(f)(*args)
    assert refusal.value.location is not None  # (located: the user's function)


@pytest.mark.parametrize('first, then', [(X, Z), (Z, X)], ids=['float first', 'complex first'])
def test_one_gradient_called_with_real_then_complex_arguments(first, then):
    g = srcad.grad(squared_sum)
    for z in (first, then, first):
        if np.iscomplexobj(z):
            with pytest.raises(srcad.SrcadError, match='real output'):
                g(z)
        else:
            assert_close(g(z), 2 * z)
    g = srcad.grad(squared_modulus)
    for z in (first, then, first):
        assert_close(g(z), 2 * np.conj(z))


def test_other_shapes_and_dtypes_after_the_first_call():
    g = srcad.grad(squared_sum)
    assert_close(g(X), 2 * X)
    assert_close(g(X.astype(np.float32)), 2 * X)   # same shape, another dtype: general code
    with pytest.raises(srcad.SrcadError, match='real output'):
        g(np.array([1j, 2.0]))                     # another shape, complex: general code
    assert_close(g(np.array([1.0, 2.0])), [2.0, 4.0])


def test_keyword_and_default_arguments():
    def scaled(x, c=1.0):
        return np.sum(c * x)
    g = srcad.grad(scaled)
    assert_close(g(X), np.ones(3))
    with pytest.raises(srcad.SrcadError, match='real output'):
        g(X, c=2j)
    with pytest.raises(srcad.SrcadError, match='real output'):
        g(X, 2j)


# -- the fold stays where it is right: real arguments, nothing complex ----------------------
def plain_sum_of_squares(x):
    return np.sum(x * x)


def test_real_arguments_keep_the_folded_seed():
    def code(source):  # (the generated lines, not the comments quoting the user's)
        return '\n'.join(line for line in source.splitlines()
                         if not line.strip().startswith('#'))
    g = srcad.grad(plain_sum_of_squares)
    g(X)
    assert 'seed(' not in code(g.specialized_source)
    assert 'np.sum' not in code(g.specialized_source)  # (the output is not computed)
    assert 'seed(' not in code(g.source)
    g(X[:2])  # (the general code, for another shape)
    assert 'seed(' in code(srcad.grad(scaled_by_global).source)


# -- Jacobians, Hessians, Hessian-vector products of complex inputs: refused ----------------
@pytest.mark.parametrize('transform', [
    lambda f: srcad.jacfwd(f)(Z.copy()),
    lambda f: srcad.jacrev(f)(Z.copy()),
    lambda f: srcad.hessian(f)(Z.copy()),
    lambda f: srcad.hvp(f, (Z.copy(),), np.ones(3) + 0j),
    lambda f: srcad.grad(srcad.grad(f))(1 + 2j),
], ids=['jacfwd', 'jacrev', 'hessian', 'hvp', 'grad of grad'])
def test_second_derivatives_and_jacobians_of_a_complex_input_are_refused(transform):
    with pytest.raises(srcad.NoRuleError, match='complex input') as refusal:
        transform(squared_modulus_of_any)
    assert refusal.value.location is not None


def squared_modulus_of_any(z):
    return np.sum(np.abs(z) ** 2)


def test_hvp_with_a_complex_data_argument():
    def loss(w, c):
        return np.sum(np.abs(c * w) ** 2)
    v = np.array([1.0, -2.0, 0.5])
    g = srcad.grad(loss)
    expected = (g(X + EPS * v, C) - g(X - EPS * v, C)) / (2 * EPS)
    assert_close(srcad.hvp(loss, (X.copy(), C), v), expected)
    with pytest.raises(srcad.NoRuleError, match='complex value'):
        srcad.hvp(scaled_by, (X.copy(), C), v)


# -- defaults, keywords, partials, star arguments, has_aux -----------------------------------
def with_complex_default(x, *, c=C):
    return np.sum(c * x)


def star_args(x, *cs):
    return np.sum(cs[0] * x)


def keyword_args(x, **k):
    return np.sum(k['c'] * x)


def with_aux(z):
    return np.sum(z ** 2), 'aux'


def modulus_with_aux(z):
    return np.sum(np.abs(z) ** 2), 'aux'


def test_complex_defaults_keywords_partials_and_star_arguments():
    import functools
    g = srcad.grad(with_complex_default)
    for x in (X, X[:1], X):  # (the specialized code, then the general code)
        with pytest.raises(srcad.SrcadError, match='real output'):
            g(x)
    with pytest.raises(srcad.SrcadError, match='real output'):
        srcad.grad(functools.partial(scaled_by, c=C))(X)
    assert_close(srcad.grad(functools.partial(scaled_by, c=X))(X), X)
    with pytest.raises(srcad.SrcadError, match='real output'):
        srcad.grad(star_args)(X, C)
    with pytest.raises(srcad.SrcadError, match='real output'):
        srcad.grad(keyword_args)(X, c=C)
    with pytest.raises(srcad.SrcadError, match='real output'):
        srcad.grad(with_aux, has_aux=True)(Z)
    g, aux = srcad.grad(modulus_with_aux, has_aux=True)(Z)
    assert aux == 'aux'
    assert_close(g, 2 * np.conj(Z))


def test_single_precision_then_complex64():
    g = srcad.grad(squared_sum)
    assert g(X.astype(np.float32)).dtype == np.float32
    with pytest.raises(srcad.SrcadError, match='real output'):
        g(Z.astype(np.complex64))


def fortran_order(m):
    return np.sum(m.reshape(2, 6, order='F')[0] * np.arange(6.0))


def compound(r):
    n, t = 12, 5
    return 1000.0 * (1 + r / n) ** (n * t)


def powers_of_an_array(x, p):
    return np.sum(np.abs(x) ** p)


@pytest.mark.parametrize('f, args', [(fortran_order, (np.arange(12.0).reshape(4, 3),)),
                                     (compound, (0.05,)),
                                     (powers_of_an_array, (X, 1.5))],
                         ids=['order F', 'integer power of a float', 'array power'])
def test_what_makes_no_complex_value_keeps_the_fold(f, args):
    g = srcad.grad(f)
    g(*args)
    body = g.specialized_source.split('# backward sweep')[1]
    assert 'seed(' not in body
