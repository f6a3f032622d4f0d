"""Bare errors and crashes noticed last session, fixed as refusals or exact derivatives;
forward mode's tidied output checked against finite differences."""

import dataclasses
import math

import numpy as np
import pytest

import srcad
from srcad.errors import RuntimeCheckError
from srcad.testing import check_derivatives

X = np.array([0.7, -1.3])


def shrink_list(x):
    lst = [x, 2 * x, 3 * x]
    lst[1:2] = []
    return np.sum(lst[0] * lst[1])


def grow_list(x):
    lst = [x, 2 * x, 3 * x]
    lst[1:2] = [x * x, x]
    return np.sum(lst[0] * lst[1] + lst[3])


def replace_slice(x):
    lst = [x, 2 * x, 3 * x]
    lst[0:2] = [x * x, np.sin(x)]
    return np.sum(lst[0] * lst[1] + lst[2])


def replace_every_other(x):
    lst = [x, 2 * x, 3 * x, x ** 2]
    lst[::2] = (np.cos(x), x ** 3)
    return np.sum(lst[0] * lst[1] + lst[2] * lst[3])


@pytest.mark.parametrize('fn', [shrink_list, grow_list])
@pytest.mark.parametrize('mode', ['grad', 'jvp'])
def test_list_slice_assignment_that_changes_the_length_is_refused(fn, mode):
    # the adjoint of every later entry would belong to another position: grad crashed with
    # a bare TypeError in zero_at (and a growing one would have read the wrong entries)
    with pytest.raises(RuntimeCheckError, match='changes the length of the list'):
        if mode == 'grad':
            srcad.grad(fn)(X)
        else:
            srcad.jvp(fn, (X,), (np.ones(2),))


@pytest.mark.parametrize('fn', [replace_slice, replace_every_other])
def test_list_slice_assignment_of_the_same_length(fn):
    # (it was refused as "joining lists with +": the values' adjoint is one entry each)
    check_derivatives(fn, X)


@dataclasses.dataclass
class Magnitude:
    w: np.ndarray

    def __abs__(self):
        return Magnitude(np.abs(self.w) + 1.0)


def abs_of_object(p):
    q = np.abs(p)
    return np.sum(q.w ** 2)


def abs_of_array(x):
    return np.sum(np.absolute(np.sin(x)) * x) + np.sum(np.abs(x * (1 + 1j)) ** 3)


def test_np_abs_of_an_object_is_refused_in_forward_mode_as_in_reverse():
    p = Magnitude(X.copy())
    with pytest.raises(RuntimeCheckError, match='__abs__'):
        srcad.grad(abs_of_object)(p)
    with pytest.raises(RuntimeCheckError, match='__abs__'):  # (a bare TypeError before)
        srcad.jvp(abs_of_object, (p,), (Magnitude(np.ones(2)),))


def test_np_abs_of_arrays_real_and_complex():
    check_derivatives(abs_of_array, X)


def layered(x, w):
    h = x
    for i in range(3):
        h = np.tanh(w * h + 0.5)
    if np.sum(h) > 0:
        out = np.sum(h ** 2)
    else:
        out = -np.mean(h)
    return out + np.sum(np.concatenate([x, 2 * x], axis=0) ** 2)


def test_tidied_forward_code_folds_temporaries_and_stays_exact():
    w = np.array([0.4, -0.9])
    check_derivatives(layered, X, w, wrt=1)
    check_derivatives(layered, X, w, wrt=0)
    from srcad.calls import jvp_of
    source = jvp_of(layered, ['w'], ()).source
    assert 'h = np.tanh(w * h + 0.5)' in source, source


def root_times(x):
    return np.sqrt(x[0]) * x[1] + x


@pytest.mark.filterwarnings('ignore::RuntimeWarning')
def test_jacfwd_refuses_a_nan_of_a_finite_value_as_jvp_does():
    # (inf * 0 in the tangent of sqrt at 0: jvp refused it, jacfwd returned the nan)
    x = np.array([0.0, 0.0])
    with pytest.raises(RuntimeCheckError, match='Jacobian of root_times is indeterminate'):
        srcad.jacfwd(root_times)(x)
    assert np.allclose(srcad.jacfwd(root_times)(np.array([4.0, 1.0])),
                       [[1.25, 2.0], [0.25, 3.0]])


def _quiet(v, scale):
    return None


def _writer(v, scale):
    np.multiply(v, scale, out=v)


LOGGER = _quiet


def _log(v):
    LOGGER(v, 3.0)


def logs_its_value(x):
    y = x * 2.0
    _log(y)
    return np.sum(y ** 2)


def test_a_helper_checked_for_its_effect_is_checked_again_when_what_it_calls_is_rebound(
        monkeypatch):
    # the check of _log was cached by function: with LOGGER rebound to a writer the
    # compiled gradient (and a new one) ignored the write (gradient 8x, truth 72x)
    x = np.array([1.0, 2.0])
    gradient = srcad.grad(logs_its_value)
    assert np.allclose(gradient(x), 8 * x)
    monkeypatch.setitem(globals(), 'LOGGER', _writer)
    with pytest.raises(srcad.SrcadError, match="_writer changes its argument 'v' in place"):
        gradient(x)
    with pytest.raises(srcad.SrcadError, match="_writer changes its argument 'v' in place"):
        srcad.grad(logs_its_value)(x)


def _rotated(x):
    return x * np.exp(0.5j)


def _complex_sum(x, c):
    return np.sum(c * x)


def test_jacrev_of_a_complex_output_is_refused():
    # (its rows were those of the real part only, with a ComplexWarning)
    with pytest.raises(srcad.SrcadError, match='output is complex'):
        srcad.jacrev(_rotated)(np.array([1.0, 2.0]))
    assert np.allclose(srcad.jacfwd(_rotated)(np.array([1.0, 2.0])), np.eye(2) * np.exp(0.5j))


def test_jvp_of_a_gradient_with_a_complex_argument_checks_the_seed():
    # jvp(grad(f)) ran the gradient compiled for real arguments (its seed folded to 1.0)
    x, c = np.array([1.0, 2.0]), np.array([1 + 1j, 2 - 1j])
    with pytest.raises(srcad.SrcadError, match='real output'):
        srcad.jvp(srcad.grad(_complex_sum), (x, c), (np.ones(2), np.zeros(2)))


def _math_functions(x):
    return (math.sqrt(x[0]) + math.log1p(x[1]) + math.asin(x[2]) + math.acos(x[2])
            + math.atanh(x[2] * 0.5) + math.acosh(1.5 + x[0] ** 2)
            + math.atan2(x[1], 1.0 + x[0] ** 2) + math.log(x[0] + 2.0)
            + math.log(x[0] + 2.0, 3.0) + math.pow(x[0] + 1.0, 1.5)
            + math.log2(x[0] + 1.0) + math.log10(x[0] + 3.0))


def _float_powers(x):
    return float(x[0]) ** 0.5 + x[1] ** 1.5 + np.sum(x ** 2.5)


def test_math_functions_compute_their_singular_derivatives_in_float64():
    # (Python floats raised ZeroDivisionError at 0 from the generated derivative)
    x = np.array([0.3, 0.4, 0.2])
    check_derivatives(_math_functions, x)
    check_derivatives(_float_powers, x)
    with np.errstate(divide='ignore'):
        g = srcad.grad(_float_powers)(np.array([0.0, 1.0, 0.1]))
    assert g[0] == np.inf and np.isclose(g[1], 1.5 + 2.5)
