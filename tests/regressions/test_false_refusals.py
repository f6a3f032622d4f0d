"""Code srcad refuses although nothing in it shares data (found by the fuzzer).

Refusing a write into shared data is right; these writes share nothing.
Each test is ``xfail(strict=True)`` while srcad refuses.
"""

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives, check_grad


def write_after_early_return(x, c):
    if c > 0.0:
        return c
    x[0] = 1.0
    return np.sum(x * c)


# Found by the fuzzer; fixed, kept as a guard.
def test_write_into_an_argument_after_an_early_return():
    check_grad(write_after_early_return, np.ones(3), -1.0, wrt=(0, 1))


def total_and_double(a):
    return np.sum(a), a * 2.0


def write_into_part_of_a_result(x):
    s, v = total_and_double(x)
    v[0] = 1.0
    return np.sum(v * x) + s


# Found by the fuzzer; fixed, kept as a guard.
def test_write_into_one_part_of_a_tuple_result():
    check_grad(write_into_part_of_a_result, np.array([0.5, -1.0, 2.0]))


def overwrite_an_element_after_reading_it(c):
    buf = np.zeros(2)
    buf[0] = c
    t = buf[0]
    buf[0] = 3.0
    return t * buf[0]


# Found by the fuzzer; fixed, kept as a guard.
def test_overwrite_an_element_after_reading_it():
    check_grad(overwrite_an_element_after_reading_it, 0.5)


def overwrite_elements_in_a_loop(c):
    buf = np.zeros(3) + 1.0
    total = 0.0
    for i in range(3):
        t = buf[i]
        buf[i] = c * t
        total = total + t * buf[i]
    return total


def overwrite_elements_of_a_matrix(c):
    buf = np.ones((2, 2))
    buf[0, 1] = c
    t = buf[0, 1]
    buf[0, 1] = 3.0
    k = (1, 0)
    u = buf[k]
    buf[k] = c
    return t * buf[0, 1] + u * buf[1, 0]


def overwrite_at_computed_indices(c):
    buf = np.zeros(4, dtype=float)
    for i in range(2):
        j = i + 1
        t = buf[j]
        buf[j] = c + t
    t = buf[-1]
    buf[-1] = c
    return np.sum(buf) * c + t


# One number of an array known to have that many dimensions is a copy: writing into
# the array afterwards changes nothing read through it.
@pytest.mark.parametrize('f', [overwrite_elements_in_a_loop, overwrite_elements_of_a_matrix,
                               overwrite_at_computed_indices], ids=lambda f: f.__name__)
def test_overwrite_elements_after_reading_them(f):
    check_grad(f, 0.5)


def overwrite_after_taking_a_slice(c):
    buf = np.zeros(2)
    buf[0] = c
    t = buf[0:1]
    buf[0] = 3.0
    return np.sum(t) * buf[0]


def overwrite_after_taking_a_row(c):
    buf = np.zeros((2, 2))
    buf[0, 0] = c
    t = buf[0]
    buf[0, 0] = 3.0
    return np.sum(t) * c


def overwrite_after_an_ellipsis_index(c):
    buf = np.zeros(2)
    buf[0] = c
    t = buf[..., 0]
    buf[0] = 3.0
    return t * c


def overwrite_an_argument_after_reading_it(c, x):
    t = x[0]
    x[0] = c
    return t * x[0]


def overwrite_an_object_array(c):
    buf = np.empty(2, dtype=object)
    buf[0] = np.zeros(2)
    t = buf[0]
    buf[0] = 3.0
    return np.sum(t) * c


def overwrite_after_a_resize(c):
    buf = np.zeros(4)
    alias = buf
    alias.resize((2, 2), refcheck=False)
    t = buf[0]
    buf[0, 0] = c
    return np.sum(t) * c


def overwrite_after_a_call(c):
    buf = np.zeros(4)
    reshape_in_place(buf)
    t = buf[0]
    buf[0, 0] = c
    return np.sum(t) * c


def reshape_in_place(a):
    np.ndarray.resize(a, (2, 2), refcheck=False)  # unseen by the check of called functions


# ...but these share data (a view; an array whose dimensions are not known here, or
# that other code may change in place; an object array's element): the view is read again
# after the write where NumPy's is one (srcad/compiler/view_writes.py, runtime.views)...
@pytest.mark.parametrize('f', [overwrite_after_taking_a_slice, overwrite_after_taking_a_row,
                               overwrite_after_an_ellipsis_index, overwrite_an_object_array,
                               overwrite_after_a_call], ids=lambda f: f.__name__)
def test_view_read_again_after_a_write_into_its_array(f):
    check_derivatives(f, 0.7)


def test_element_read_again_after_a_write_into_the_argument():
    check_derivatives(overwrite_an_argument_after_reading_it, 0.7, np.array([1.0, 2.0]))


# ...and a resize srcad does not see stays refused.
@pytest.mark.parametrize('f', [overwrite_after_a_resize],
                         ids=lambda f: f.__name__)
def test_overwrite_after_taking_a_view_is_refused(f):
    # (a.resize(...) itself is refused now: it changes the array in place)
    with pytest.raises(srcad.UnsupportedSyntaxError,
                       match='refers to the same data|resize.*changes .* in place'):
        srcad.grad(f)(0.5, np.array([1.0, 2.0])) if f is overwrite_an_argument_after_reading_it \
            else srcad.grad(f)(0.5)


def update_from_another_element(c):
    buf = np.zeros(2)
    buf[0] = c
    buf[1] -= buf[0]
    return buf[1] ** 2


# Found by the fuzzer; fixed, kept as a guard.
def test_hvp_of_an_element_update():
    assert srcad.grad(update_from_another_element)(0.5) == pytest.approx(1.0)
    assert srcad.hvp(update_from_another_element, (0.5,), 1.0) == pytest.approx(2.0)


def write_into_an_argument_after_an_early_return(x, c, a):
    if c > 5.0:
        return x[0]
    a[1, 0] = x[1]
    return np.sum(x ** 3) + np.sum(a)


# Found by the fuzzer; fixed, kept as a guard.
def test_hvp_of_a_write_into_an_argument_after_an_early_return():
    args = (np.ones(2), 1.0, np.ones((2, 2)))
    np.testing.assert_array_equal(
        srcad.hvp(write_into_an_argument_after_an_early_return, args, np.ones(2)), [6.0, 6.0])


def scale_in_place(a):
    a *= 2.0
    return a


def calls_with_a_float(x, c):
    return scale_in_place(c) * np.sum(x) + scale_in_place(x[0])


# Found by the fuzzer; fixed, kept as a guard.
def test_augmented_assignment_to_a_float_argument_of_a_called_function():
    check_grad(calls_with_a_float, np.array([1.0, 2.0]), 0.5, wrt=(0, 1))


def shift_and_scale(a, b):
    a += b
    a -= 0.5
    a /= 2.0
    a **= 2
    return a


def calls_with_numbers(x, c):
    buf = np.zeros(2) + 1.0
    buf[1] = c
    t = buf[1]                  # one number of an array known here
    u = shift_and_scale(t, c)   # so no check is needed when the code runs
    v = shift_and_scale(3.0, c)
    total = 0.0
    for i in range(2):
        total = total + shift_and_scale(x[i], c) + u * v
    return total + scale_in_place(c) * np.sum(x ** 2)


# a op= v rebinds a float (or a numpy number) argument, whatever the op.
def test_augmented_assignments_to_number_arguments():
    x, c = np.array([1.0, -2.0]), 0.5
    check_grad(calls_with_numbers, x, c, wrt=(0, 1))
    checks = [line.strip() for line in srcad.grad(calls_with_numbers).source.splitlines()
              if 'rebinds_argument(' in line]
    assert [c.split(',')[0] for c in checks] == ['rebinds_argument(t3', 'rebinds_argument(c']
    v, eps = np.array([1.0, 0.5]), 1e-6
    grad_x = srcad.grad(calls_with_numbers)
    assert srcad.jvp(calls_with_numbers, (x, c), (v, 0.0))[1] == pytest.approx(
        np.vdot(grad_x(x, c), v))
    np.testing.assert_allclose(srcad.hvp(calls_with_numbers, (x, c), v),
                               (grad_x(x + eps * v, c) - grad_x(x - eps * v, c)) / (2 * eps),
                               rtol=1e-5)


def grow(a):
    a += [1.0]
    return len(a)


def calls_with_a_list(x):
    items = [x]
    n = grow(items)
    return x * n * len(items)


def scale_with_a_default(x, a=np.ones(2)):
    a *= 2.0
    return x * np.sum(a)


def calls_with_the_default(x):
    return scale_with_a_default(x)


# ...but an array, a row of one, a 0-d array or a list changes in the caller's hands: those
# are refused when the code runs (the shapes and types of arguments are not known before),
# and the caller's data stays as it was.
@pytest.mark.parametrize('x, c', [
    (np.array([[1.0, 2.0], [3.0, 4.0]]), 0.5),    # x[0] is a row: a view of x
    (np.array([1.0, 2.0]), np.array([0.5, 1.0])),  # c an array
    (np.array([1.0, 2.0]), np.array(0.5)),         # c a 0-d array
], ids=['row', 'array', '0-d array'])
@pytest.mark.parametrize('how', ['grad', 'grad wrt x only', 'jvp', 'hvp'])
def test_augmented_assignment_to_a_mutable_argument_is_refused(x, c, how):
    before = (x.copy(), np.copy(c))
    with pytest.raises(srcad.UnsupportedSyntaxError,
                       match=r"scale_in_place changes its argument 'a' in place \(line \d+: the "
                             r"argument is a ndarray"):
        if how == 'grad':
            srcad.grad(calls_with_a_float, wrt=(0, 1))(x, c)
        elif how == 'grad wrt x only':
            srcad.grad(calls_with_a_float)(x, c)
        elif how == 'jvp':
            srcad.jvp(calls_with_a_float, (x, c), (np.ones_like(x), np.ones_like(c)))
        else:
            srcad.hvp(calls_with_a_float, (x, c), np.ones_like(x))
    np.testing.assert_array_equal(x, before[0])
    np.testing.assert_array_equal(c, before[1])


def test_augmented_assignment_to_a_list_argument_is_refused():
    with pytest.raises(srcad.UnsupportedSyntaxError, match="grow changes its argument 'a'"):
        srcad.grad(calls_with_a_list)(2.0)


def test_augmented_assignment_to_a_mutable_default_is_refused():
    with pytest.raises(srcad.UnsupportedSyntaxError,
                       match="scale_with_a_default changes its argument 'a' in place"):
        srcad.grad(calls_with_the_default)(2.0)
