"""Wrong results found while integrating wave 2's work, fixed as refusals or rules."""

import numpy as np
import pytest

import srcad
from srcad.errors import RuntimeCheckError


def padded_empty(x):
    return np.sum(np.pad(x, 2, mode='empty') ** 2)


@pytest.mark.parametrize('transform', [
    lambda x: srcad.grad(padded_empty)(x),
    lambda x: srcad.jvp(padded_empty, (x,), (np.ones_like(x),)),
])
def test_pad_mode_empty_is_refused(transform):
    # its padding is whatever the memory held: no derivative (it was differentiated as zeros)
    with pytest.raises(RuntimeCheckError, match="mode='empty'"):
        transform(np.linspace(0.5, 1.5, 3))


def sign_of_complex(x):
    z = x[0] + 1j * x[1]
    return np.real(np.sign(z)) + x[0]


def sign_of_real(x):
    return np.sum(np.sign(x) * x ** 2)


@pytest.mark.parametrize('transform', [
    lambda x: srcad.grad(sign_of_complex)(x),
    lambda x: srcad.jvp(sign_of_complex, (x,), (np.array([1.0, 0.3]),)),
])
def test_sign_of_a_complex_value_is_refused(transform):
    # sign(z) = z / |z| turns with z: it was read as piecewise constant (gradient 0, FD 1.26)
    with pytest.raises(RuntimeCheckError, match='np.sign of a complex value'):
        transform(np.array([0.3, -0.5]))


def test_sign_of_a_real_value_is_piecewise_constant():
    from srcad.testing import check_derivatives
    check_derivatives(sign_of_real, np.array([0.3, -0.5, 1.2]))


def hessian_taker(x):
    return np.sum(np.sin(x) ** 3 * x[0])


def test_jvp_of_a_function_taking_star_args_is_refused_not_zero():
    # jacfwd(hessian(f)): hessian's function takes *args; its tangent was silently zero
    with pytest.raises(srcad.WrtError, match='fills \\*args'):
        srcad.jacfwd(srcad.hessian(hessian_taker))(np.array([0.3, 0.5, 0.7]))


class SquaredView:
    """A user class whose __getitem__ is not linear in what it holds."""
    def __init__(self, v):
        self.v = v

    def __getitem__(self, name):
        return self.v[:2] ** 2


def squared_view_loss(w):
    p = SquaredView(w)
    return np.sum(p['a'])


# forward mode indexed the object's tangent with the user's __getitem__ (right only when
# it is linear); now refused, as in reverse mode (srcad/runtime/objects.py: index_tangent)
def test_jvp_through_a_user_getitem_is_right_or_refused():
    w, d = np.array([0.4, -0.3, 0.9]), np.array([1.0, 0.5, 0.2])
    try:
        _, tangent = srcad.jvp(squared_view_loss, (w,), (d,))
    except srcad.SrcadError:
        return
    assert tangent == pytest.approx(2 * w[0] * d[0] + 2 * w[1] * d[1])
