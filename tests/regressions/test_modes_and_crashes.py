"""Issue 13, families A-D: forward mode refuses what reverse mode refuses; runtime
helpers refuse what they were not written for; crashes became support or srcad's
own located error; complex outputs and second derivatives."""

import numpy as np
import pytest
import scipy.linalg

import srcad
from srcad import NoRuleError, SrcadError
from srcad.runtime import like_input
from srcad.testing import check_derivatives

HERE = __file__
x3 = np.array([0.3, -1.2, 0.7])
x4 = np.array([0.3, -1.2, 0.7, 0.25])
SPD = np.array([[2.0, 0.3, 0.1], [0.3, 1.5, 0.2], [0.1, 0.2, 1.0]])
square = lambda t: t * t  # noqa: E731


def both_modes_refuse(fn, *args, match=''):
    """grad and jvp both raise srcad's error, with the same first line, at this file."""
    with pytest.raises(SrcadError) as rev:
        srcad.grad(fn)(*args)
    with pytest.raises(SrcadError) as fwd:
        srcad.jvp(fn, args, tuple(np.ones_like(a) for a in args))
    first = str(rev.value).splitlines()[0]
    assert first == str(fwd.value).splitlines()[0]
    assert match in first
    assert HERE in str(rev.value) and HERE in str(fwd.value)
    return rev.value, fwd.value


# --- A -------------------------------------------------------------------------------------
def scatter_add(x):
    y = np.zeros(3)
    np.add.at(y, [0, 0, 1], x)
    return np.sum(y ** 2)


def scatter_multiply(x):
    y = np.ones(3)
    np.multiply.at(y, [0, 0, 1], x)
    return np.sum(y ** 2)


class Box:
    def keep(self, v):
        self.v = v


def method_effect(x):
    b = Box()
    y = x * 2.0
    b.keep(y)
    return np.sum(y)


def double(x):
    return 2.0 * x


def einsum_sublist(x):
    a = np.outer(x, x + 1.0)
    return np.sum(np.einsum(a, [0, 1], a, [1, 2], [0, 2]) ** 2)


def einsum_sublist_implicit(x):
    m = np.outer(x, np.sin(x))
    return np.einsum(m, [0, 1], x, [1]) @ x


def test_forward_mode_refuses_a_call_that_may_change_a_varied_value():
    """jvp gave zero tangents through np.add.at / a method of an object (issue 13, A)."""
    # np.add.at has rules now (compiled as a new array: srcad/rules/everyday/rules.py); the
    # other ufuncs' .at are refused before any mode runs
    check_derivatives(scatter_add, x3)
    both_modes_refuse(scatter_multiply, x3, match='np.multiply.at')
    # b.keep(y) assigns b.v: written out on b since tests/test_callable_objects.py
    check_derivatives(method_effect, x3)


_vdouble = np.vectorize(double)


def _calls_vectorized(x):
    return np.sum(_vdouble(x))


def test_forward_mode_refuses_a_call_without_rule_with_the_same_hint():
    _, fwd = both_modes_refuse(_calls_vectorized, x3, match='no derivative rule for _vdouble')
    assert 'hint: register one with srcad' in str(fwd)


def linspace_energy(a):
    return np.sum(np.sin(np.linspace(0.0, a, 5)) ** 2)


def test_a_varied_value_in_a_parameter_without_rule_is_refused_or_differentiated():
    """A parameter a rule declares no derivative for, fed a differentiated value, used to
    count as a constant: now refused in both modes (or differentiated, once a rule exists)."""
    from srcad.rules.registry import lookup
    if 'stop' in lookup(np.linspace).adjoints:
        check_derivatives(linspace_energy, 0.4)
    else:
        both_modes_refuse(linspace_energy, 0.4, match="'stop'")


def test_einsum_sublist_form_in_every_mode():
    check_derivatives(einsum_sublist, x3)
    check_derivatives(einsum_sublist_implicit, x3)


def eigh_subset_values(A):
    return np.sum(scipy.linalg.eigh(A, eigvals_only=True, subset_by_index=[1, 2]) ** 2)


def eigh_subset_vectors(A):
    w, v = scipy.linalg.eigh(A, subset_by_index=[1, 2])
    return np.sum(w) + np.sum(v[:, 1] * np.array([1.0, 2.0, 3.0])) ** 2


def test_scipy_eigh_subset_by_index():
    check_derivatives(eigh_subset_values, SPD)
    check_derivatives(eigh_subset_vectors, SPD)  # (second order too: scipy_linalg_more.py)


# --- B -------------------------------------------------------------------------------------
def test_like_input_refuses_adjoints_it_was_not_written_for():
    with pytest.raises(SrcadError, match='dict input'):
        like_input(np.ones(2), {'a': 1.0, 'b': 2.0})
    with pytest.raises(SrcadError, match='2 entries for an input of 3'):
        like_input([1.0, 2.0], [0.0, 0.0, 0.0])
    with pytest.raises(SrcadError, match='scalar input'):
        like_input(np.ones(3), np.float64(1.0))
    # "nothing flowed" is still zero
    assert like_input(None, {'a': 1.0}) == {'a': 0.0}
    assert like_input(0.0, [1.0, 2.0]) == [0.0, 0.0]


# --- C -------------------------------------------------------------------------------------
def qr_wide_complete(A):
    q, r = np.linalg.qr(A, mode='complete')
    return np.sum(r ** 2) + np.sum(q * np.array([[1.0, 2.0], [0.5, -1.0]]))


def qr_tall_complete(A):
    q, r = np.linalg.qr(A, mode='complete')
    return np.sum(r ** 2)


def pad_ramp(x):
    return np.sum(np.pad(x, 2, mode='linear_ramp') ** 2)  # <- refused


def solve_pos(A):
    return np.sum(scipy.linalg.solve(A, np.ones(3), assume_a='pos'))


def eigh_generalized(A):
    return np.sum(scipy.linalg.eigh(A, np.eye(3), eigvals_only=True))


def interp_period(fp):
    return np.interp(0.3, [0.0, 0.5], fp, period=1.0)


def transpose_negative(a):
    return np.sum(np.transpose(a, (-1, 0, 1)) * np.arange(6.0).reshape(3, 1, 2) ** 2)


def r_stack(x):
    return np.sum(np.r_[x, x[:2]] ** 2)


def named_lambda(x):
    return np.sum(square(np.tanh(x)))


def test_unsupported_options_are_located_srcad_errors():
    """NotImplementedError escaped the runtime helpers; now srcad's error at the user's line."""
    for fn, args in ((qr_tall_complete, (np.array([[1.0, 0.2], [0.3, 2.0], [0.5, 0.1]]),)),
                     (pad_ramp, (x4,)), (interp_period, (np.array([0.2, 1.3]),))):
        with pytest.raises(SrcadError) as info:
            srcad.grad(fn)(*args)
        assert HERE in str(info.value), fn.__name__
    with pytest.raises(SrcadError) as info:
        srcad.grad(pad_ramp)(x4)
    lineno = pad_ramp.__code__.co_firstlineno + 1
    assert f'{HERE}:{lineno}:' in str(info.value)


def test_options_with_known_math_are_supported():
    check_derivatives(qr_wide_complete, np.array([[1.0, 0.2, 0.3], [0.3, 2.0, -0.4]]))
    check_derivatives(transpose_negative, np.arange(6.0).reshape(1, 2, 3) + 0.5)
    # (assume_a='pos' and the generalized eigh(a, b): srcad/rules/scipy/linalg_more.py)
    check_derivatives(solve_pos, SPD)
    check_derivatives(eigh_generalized, SPD)


def test_crashes_in_the_compiler_became_support_or_refusals():
    check_derivatives(r_stack, x4)  # (np.r_ was refused; it is a rule now)
    check_derivatives(named_lambda, x4, modes=('grad', 'value_and_grad', 'vjp', 'jvp'))


# --- D -------------------------------------------------------------------------------------
def complex_output(x):
    return np.sum(np.exp(1j * x))


def fft_power(x):
    return np.sum(np.abs(np.fft.fft(x)) ** 2)


def fft_magnitude(x):
    return np.sum(np.abs(np.fft.fft(x)))


def sinc(a):
    return np.sinc(a)


def test_grad_of_a_complex_output_is_refused():
    for make in (srcad.grad, srcad.value_and_grad):
        with pytest.raises(SrcadError, match='complex'):
            make(complex_output)(x4)


def test_second_derivatives_of_abs_of_complex_values():
    """hvp of FFT-magnitude losses read np.sign(z) as piecewise constant."""
    check_derivatives(fft_power, x4)
    check_derivatives(fft_magnitude, x4)


def test_second_derivative_of_sinc_at_zero():
    assert srcad.grad(srcad.grad(sinc))(0.0) == pytest.approx(-np.pi ** 2 / 3)
    assert srcad.grad(srcad.grad(sinc))(0.3) == pytest.approx(
        (srcad.grad(sinc)(0.3 + 1e-6) - srcad.grad(sinc)(0.3 - 1e-6)) / 2e-6, rel=1e-6)
