"""Aliasing, in-place arithmetic and repeated indices in writes (issue 13, families 3
and 4): NumPy's semantics, computed exactly or refused with a located error."""

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives

x3 = np.array([0.3, -1.2, 0.7])


# -- family 3: a write through one name is seen through every name sharing the data --

def alias_then_augmented(x):
    x = x * 1.0
    y = x
    x += 1.0
    return np.sum(y * y)


def row_view_times(X):
    X = X * 1.0
    z = X[0]
    z *= 3
    return np.sum(X ** 2)


def normalize_rows_in_loop(X):
    X = X + 0.0
    for row in X:
        row /= row.sum()
    return np.sum(X ** 3)


def reshape_view(x):
    x = x * 1.0
    y = x.reshape(2, 2)
    y *= 2
    return np.sum(x ** 2)


def transpose_view(X):
    X = X * 1.0
    Y = X.T
    Y += np.array([1.0, 2.0])
    return np.sum(X ** 2)


def list_alias_append(x):
    a = [x[0]]
    b = a
    b.append(x[1])
    return a[-1] * 2.0


def list_alias_plus_equals(x):
    xs = [x[0]]
    ys = xs
    xs += [x[1]]
    return ys[-1] * 2.0


def parameter_alias(x):
    y = x
    x += 1.0
    return np.sum(y * x)


def out_into_shared(x):
    a = x * 1.0
    b = a
    np.tanh(a, out=a)
    return np.sum(b)


def sort_while_aliased(x):
    y = x * 1.0
    z = y
    y.sort()
    return z[0]


X22 = np.array([[0.5, 1.0], [2.0, 3.0]])


@pytest.mark.parametrize('f', [row_view_times, normalize_rows_in_loop])
def test_writes_through_a_row_are_written_back(f):
    check_derivatives(f, X22)  # (NumPy's row views: srcad/compiler/view_writes.py)


@pytest.mark.parametrize('f, arg', [
    (alias_then_augmented, x3),
    (reshape_view, np.array([0.5, 1.0, 2.0, 3.0])), (transpose_view, X22),
    (list_alias_append, x3), (list_alias_plus_equals, x3), (parameter_alias, x3),
    (out_into_shared, x3), (sort_while_aliased, x3)], ids=lambda v: getattr(v, '__name__', ''))
@pytest.mark.parametrize('mode', ['grad', 'jvp', 'hvp'])
def test_writes_seen_through_another_name_are_refused(f, arg, mode):
    with pytest.raises(srcad.SrcadError, match='refers to the same data') as info:
        check_derivatives(f, arg, modes=(mode,))
    assert 'test_aliasing.py' in str(info.value)  # located in the user's source


def augmented_fresh(x):
    r = x * 2.0
    r -= np.mean(r)
    r *= 0.5
    for _ in range(2):
        r += np.tanh(r)
    return np.sum(r ** 2)


def scalar_aliases(a, b):
    c = a
    a += b       # a number: a new value, c keeps the old one
    return a * c


def augmented_parameter(x):
    x += 1.0
    return np.sum(x * x)


def test_augmented_assignment_nobody_else_sees_is_computed():
    check_derivatives(augmented_fresh, x3)
    check_derivatives(scalar_aliases, 0.7, 1.3)
    check_derivatives(augmented_parameter, x3)


def sort_then_pick(x):
    y = x * 1.0
    y.sort()
    return y[0] * 2.0 + y[2]


def fill_then_use(x):
    a = x * 1.0
    a.fill(x[1])
    return np.sum(a * x)


def copyto_then_use(x):
    a = np.zeros(3)
    np.copyto(a, x ** 2)
    return np.sum(a * x)


def ufunc_out(x):
    a = x * 2.0
    np.add(a, x, out=a)
    np.exp(a, out=a)
    return np.sum(a)


def test_in_place_methods_and_out_are_computed():
    for f in (sort_then_pick, fill_then_use, copyto_then_use, ufunc_out):
        check_derivatives(f, x3)
    assert srcad.grad(sort_then_pick)(x3) == pytest.approx([0.0, 2.0, 1.0])  # y = x[[1, 0, 2]]


def shuffle(x):
    a = x * 1.0
    np.random.shuffle(a)
    return a[0]


def put(x):
    a = x * 1.0
    a.put([0], 5.0)
    return np.sum(a)


def resize(x):
    a = x * 1.0
    a.resize(2, refcheck=False)
    return np.sum(a)


def sort_a_list(x):
    xs = [x[2], x[0]]
    xs.sort()
    return xs[0]


@pytest.mark.parametrize('f, match', [(shuffle, 'shuffle'), (put, r'a\.put'),
                                      (resize, r'a\.resize'), (sort_a_list, 'numpy arrays only')],
                         ids=lambda v: getattr(v, '__name__', ''))
def test_other_in_place_changes_are_refused(f, match):
    with pytest.raises(srcad.SrcadError, match=match):
        srcad.grad(f)(x3.copy())
    with pytest.raises(srcad.SrcadError, match=match):
        srcad.jvp(f, (x3.copy(),), (np.ones(3),))


def test_no_argument_is_changed_by_an_in_place_program():
    x = x3.copy()
    srcad.grad(augmented_parameter)(x)
    srcad.jvp(augmented_parameter, (x,), (np.ones(3),))
    assert np.array_equal(x, x3)


# -- family 4: repeated indices in a write: the last write wins -----------------------

def repeated_index_add(x):
    z = x * 1.0
    z[[0, 0]] += x[1]
    return np.sum(z ** 2)


def repeated_index_set(x):
    z = x * 1.0
    z[[0, 0]] = x[1:]
    return np.sum(z ** 2)


def repeated_pairs_2d(X):
    Y = X * 1.0
    Y[[0, 0, 1], [1, 1, 0]] = np.array([1.0, 3.0, 5.0]) * X[1, 1]
    return np.sum(Y ** 2)


def masked_and_unique(x):
    z = x * 1.0
    z[z > 0] *= 2.0
    z[[2, 0]] = x[:2] * 3.0
    return np.sum(z ** 3)


def test_repeated_indices_write_once_per_element():
    check_derivatives(repeated_index_add, x3)
    check_derivatives(repeated_index_set, x3)
    check_derivatives(repeated_pairs_2d, X22)
    check_derivatives(masked_and_unique, x3)
    # z[[0, 0]] = x[1:]: z is [x[2], x[1], x[2]] (the last write wins at z[0])
    assert srcad.grad(repeated_index_set)(x3) == pytest.approx(
        [0.0, 2 * x3[1], 4 * x3[2]])
