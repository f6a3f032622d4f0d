"""Determinants at singular matrices (held-out wave 6, C4).

The derivative of ``det(a)`` is the transposed adjugate, which exists everywhere; the rule
wrote it ``det(a) * inv(a).T``, so at a singular matrix (a robot's Jacobian at a
stretched-out pose, a degenerate simplex) NumPy's LinAlgError escaped from grad and jvp.
``slogdet``'s derivative is infinite there: a located refusal."""

import numpy as np
import pytest
import scipy.linalg

import srcad
from srcad.testing import check_derivatives

MODES = ('grad', 'value_and_grad', 'vjp', 'jvp', 'hvp')
SINGULAR_2 = np.array([[1.0, 2.0], [2.0, 4.0]])
SINGULAR_3 = np.array([[1.0, 2.0, 0.5], [2.0, 4.0, 1.0], [0.3, -1.0, 2.0]])
REGULAR_3 = np.array([[1.0, 2.0, 0.5], [0.2, 4.0, 1.0], [0.3, -1.0, 2.0]])


def det(a):
    return np.linalg.det(a)


def det_squared_plus(a):
    return np.linalg.det(a) ** 2 + np.sum(a)


def scipy_det(a):
    return scipy.linalg.det(a) * 2.0


def stacked(a):
    return np.sum(np.linalg.det(np.stack([a, a + np.eye(len(a))])))


def arm_jacobian_det(q):  # a two-link arm, stretched out at q[1] = 0: singular
    l1, l2 = 1.0, 0.7
    J = np.array([[-l1 * np.sin(q[0]) - l2 * np.sin(q[0] + q[1]), -l2 * np.sin(q[0] + q[1])],
                  [l1 * np.cos(q[0]) + l2 * np.cos(q[0] + q[1]), l2 * np.cos(q[0] + q[1])]])
    return np.linalg.det(J)


@pytest.mark.parametrize('fn', [det, det_squared_plus, scipy_det, stacked],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize('a', [SINGULAR_2, REGULAR_3], ids=['singular2', 'regular3'])
def test_every_mode(fn, a):
    check_derivatives(fn, a, modes=MODES)


def test_gradient_is_the_adjugate():
    np.testing.assert_allclose(srcad.grad(det)(SINGULAR_2), [[4.0, -2.0], [-2.0, 1.0]])


def test_singular_3x3_first_order_and_a_located_second_order_refusal():
    check_derivatives(det, SINGULAR_3, modes=('grad', 'value_and_grad', 'vjp', 'jvp'))
    with pytest.raises(srcad.SrcadError, match='singular 3 x 3'):
        srcad.hvp(det, (SINGULAR_3,), np.ones((3, 3)))


def test_jacobian_determinant_at_a_singular_pose():
    check_derivatives(arm_jacobian_det, np.array([0.3, 0.0]), modes=MODES)


def test_slogdet_of_a_singular_matrix_is_refused_with_a_location():
    def logdet(a):
        return np.linalg.slogdet(a)[1]
    with pytest.raises(srcad.SrcadError, match='slogdet of a singular matrix'):
        srcad.grad(logdet)(SINGULAR_2)
    with pytest.raises(srcad.SrcadError, match='slogdet of a singular matrix'):
        srcad.jvp(logdet, (SINGULAR_2,), (np.ones((2, 2)),))
    check_derivatives(logdet, REGULAR_3, modes=MODES)
