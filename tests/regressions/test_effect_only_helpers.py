"""Calls kept for their effect (probe4 W7, helper H11): a call whose result is unused,
passed a differentiated value, of a function whose effect srcad cannot see, was
dropped and gave a ZERO derivative.  Now the function's body is checked (recursively)
and such a call is refused at the caller's line, naming the function and the statement
inside it; a helper that only prints, asserts or logs keeps working, and scipy.ndimage's
``output=`` is a write, as ``out=`` is."""

import bisect
import heapq
import logging
import random

import numpy as np
import pytest
import scipy.ndimage as ndi

import srcad
from srcad.testing import check_derivatives

x3 = np.array([0.3, -0.6, 0.45])
IMG = np.random.RandomState(0).rand(5, 5)
log = logging.getLogger('srcad.tests.effects')


class Box:
    pass


# -- helpers writing through something srcad does not follow ---------------------------
def fill_setitem(src, dst):
    np.ndarray.__setitem__(dst, Ellipsis, src)


def f_fill_setitem(x):
    out = np.zeros(3)
    fill_setitem(x * 2.0, out)
    return np.sum(out ** 2)


def fill_blas(src, dst):
    from scipy.linalg import blas
    blas.dcopy(src, dst)


def f_fill_blas(x):
    out = np.zeros(3)
    fill_blas(x * 2.0, out)
    return np.sum(out ** 2)


def push(heap, v):
    heapq.heappush(heap, v)


def f_push(x):
    heap = []
    push(heap, x[0] * 2.0)
    return heap[0] * 3.0


def vars_set(o, v):
    vars(o)['w'] = v


def f_vars_set(x):
    o = Box()
    vars_set(o, x[0] * 2.0)
    return o.w * 3.0


def outer(v, heap):
    inner(v * 2.0, heap)  # a helper of a helper


def inner(v, heap):
    heapq.heappush(heap, v)


def f_outer(x):
    heap = []
    outer(x[1], heap)
    return heap[0]


def f_unused_assign(x):
    heap = []
    _ = heapq.heappush(heap, x[0] * 2.0)  # assigned, never read
    return heap[0]


def f_sobel(img):
    return np.sum(ndi.sobel(img, axis=0) ** 2)


def f_prewitt(img):
    return np.sum(ndi.prewitt(img) ** 2)


def f_correlate1d_output(img):
    buf = np.zeros_like(img)
    ndi.correlate1d(img, [1.0, 2.0, 1.0], axis=0, output=buf)
    return np.sum(buf ** 2)


@pytest.mark.parametrize('fn, arg, text', [
    (f_fill_setitem, x3, r'fill_setitem changes its argument .dst.'),
    (f_fill_blas, x3, r'fill_blas is called for its effect.*dcopy'),
    (f_push, x3, r'push changes its argument .heap.'),
    (f_vars_set, x3, r"vars_set is called for its effect.*vars\(o\)\['w'\] = v"),
    (f_outer, x3, r'outer is called for its effect.*inner changes its argument .heap.'),
    (f_correlate1d_output, IMG, r'correlate1d'),
])
@pytest.mark.parametrize('mode', ['grad', 'jvp'])
def test_effect_only_call_refused_at_the_call(fn, arg, text, mode):
    with pytest.raises(srcad.SrcadError, match=text) as info:
        if mode == 'grad':
            srcad.grad(fn)(arg)
        else:
            srcad.jvp(fn, (arg,), (np.ones_like(arg),))
    err = info.value
    assert err.location is not None and err.location.filename == __file__


def test_refusal_names_the_users_line_and_the_statement_inside():
    with pytest.raises(srcad.SrcadError) as info:
        srcad.grad(f_fill_blas)(x3)
    line = f_fill_blas.__code__.co_firstlineno + 2  # fill_blas(x * 2.0, out)
    assert info.value.location.lineno == line
    assert 'blas.dcopy(src, dst)' in info.value.message  # the statement inside fill_blas
    assert f':{fill_blas.__code__.co_firstlineno + 2}:' in info.value.message


def test_unused_assignment_of_an_opaque_call_refused():
    with pytest.raises(srcad.SrcadError, match='heappush'):
        srcad.grad(f_unused_assign)(x3)


@pytest.mark.parametrize('fn', [f_sobel, f_prewitt])
def test_ndimage_sobel_prewitt_refused(fn):
    with pytest.raises(srcad.SrcadError, match='scipy.ndimage') as info:
        srcad.grad(fn)(IMG)
    assert info.value.location.filename == __file__


# -- in-place writers inside a helper: refused by the caller's argument-write check ------
def h_copyto(dst, src):
    np.copyto(dst, src)


def h_copyto_returns(dst, src):
    np.copyto(dst, src)
    return 1.0


def h_ufunc_out(dst, src):
    np.multiply(src, 2.0, out=dst)


def h_fill_diagonal(dst, src):
    np.fill_diagonal(dst, src)


def h_put(dst, src):
    np.put(dst, [0, 1, 2], src)


def h_add_at(dst, src):
    np.add.at(dst, [0, 1, 2], src)


def h_shuffle(lst):
    random.shuffle(lst)


def h_insort(lst, v):
    bisect.insort(lst, v)


def h_setattr(o, v):
    setattr(o, 'w', v)


def h_dst_ellipsis(dst, src):
    dst[...] = src


def f_copyto(x):
    out = np.zeros(3)
    h_copyto(out, x * 2.0)
    return np.sum(out ** 2)


def f_copyto_returns(x):
    out = np.zeros(3)
    r = h_copyto_returns(out, x * 2.0)  # result used: the write was lost all the same
    return np.sum(out ** 2) * r


def f_ufunc_out(x):
    out = np.zeros(3)
    h_ufunc_out(out, x)
    return np.sum(out ** 2)


def f_fill_diagonal(x):
    out = np.zeros((3, 3))
    h_fill_diagonal(out, x * 2.0)
    return np.sum(out ** 2)


def f_put(x):
    out = np.zeros(3)
    h_put(out, x * 2.0)
    return np.sum(out ** 2)


def f_add_at(x):
    out = np.zeros(3)
    h_add_at(out, x * 2.0)
    return np.sum(out ** 2)


def f_shuffle(x):
    lst = [x[0] * 2.0, x[1], x[2] * 3.0]
    h_shuffle(lst)
    return lst[0] + 2.0 * lst[1]


def f_insort(x):
    lst = [0.0, 10.0]
    h_insort(lst, x[0] * 2.0)
    return lst[1] * 3.0


def f_setattr(x):
    o = Box()
    h_setattr(o, x[0] * 2.0)
    return o.w * 3.0


def f_dst_ellipsis(x):
    out = np.zeros(3)
    h_dst_ellipsis(out, x * 2.0)
    return np.sum(out ** 2)


@pytest.mark.parametrize('fn, helper', [
    (f_copyto, 'h_copyto'), (f_copyto_returns, 'h_copyto_returns'),
    (f_ufunc_out, 'h_ufunc_out'), (f_fill_diagonal, 'h_fill_diagonal'), (f_put, 'h_put'),
    (f_add_at, 'h_add_at'), (f_shuffle, 'h_shuffle'), (f_insort, 'h_insort'),
    (f_setattr, 'h_setattr'), (f_dst_ellipsis, 'h_dst_ellipsis'),
])
def test_helper_writing_into_its_argument_refused(fn, helper):
    with pytest.raises(srcad.SrcadError, match=helper) as info:
        srcad.grad(fn)(x3)
    assert info.value.location.filename == __file__


# -- what must keep working ------------------------------------------------------------
def show(v):
    print('norm', np.sqrt(np.sum(v ** 2)))
    assert np.all(np.isfinite(v))


def report(v):
    log.info('mean %s', v.mean())
    log.debug('values %s', v)


def pure(v):
    return np.sum(v ** 3)  # result unused by the caller: no effect, dropped


def shows_through(v):
    show(v * 2.0)  # a helper of a helper that only prints


def f_show(x):
    show(x * 2.0)
    report(x)
    pure(x)
    shows_through(x)
    return np.sum(np.sin(x) * x)


def local_list(v):
    acc = [v[0], v[1] * 2.0]
    acc.append(v[2])
    acc.sort()
    return acc


def f_local_list(x):
    local_list(x * 2.0)  # changes only a list it made
    return np.sum(x ** 2)


def f_ndimage_output(img):
    buf = np.zeros_like(img)
    ndi.gaussian_filter(img, 1.0, output=buf)
    return np.sum(buf ** 2)


def f_ndimage_output_positional(img):
    buf = np.zeros_like(img)
    r = ndi.uniform_filter1d(img, 3, 0, buf)
    return np.sum(buf ** 2) + np.sum(r)


@pytest.mark.parametrize('fn, arg', [
    (f_show, x3), (f_local_list, x3), (f_ndimage_output, IMG),
    (f_ndimage_output_positional, IMG),
])
def test_effect_free_helpers_still_work(fn, arg, capsys):
    check_derivatives(fn, arg, modes=('grad', 'value_and_grad', 'vjp', 'jvp', 'hvp'))


def test_ndimage_output_value():
    # the zeros this used to give; the write into buf is now seen
    g = srcad.grad(f_ndimage_output)(IMG)
    assert np.abs(g).max() > 0.1


def f_asserts(x):
    np.testing.assert_allclose(x, x * 1.0)  # library Python called for its effect: reads only
    np.testing.assert_array_less(x, 10.0)
    return np.sum(x ** 2)


def shuffled_rows(idx, rng):
    rng.shuffle(idx)  # changes a constant (integer) argument: no differentiated value reaches it


def f_constant_shuffle(x):
    idx = np.arange(3)
    shuffled_rows(idx, np.random.default_rng(0))
    return np.sum(x[idx] ** 2)


def test_numpy_testing_asserts_keep_working():
    check_derivatives(f_asserts, x3, modes=('grad', 'jvp', 'hvp'))


def test_helper_changing_only_constants_keeps_working():
    check_derivatives(f_constant_shuffle, x3, modes=('grad', 'jvp', 'hvp'))


HISTORY = []


def record(v):
    HISTORY.append(float(np.sum(v)))  # refused in f itself too


def f_record(x):
    record(x * 2.0)
    return np.sum(x ** 2)


def test_helper_appending_to_a_global_refused_as_in_f():
    with pytest.raises(srcad.SrcadError, match=r'record is called for its effect.*HISTORY\.append'):
        srcad.grad(f_record)(x3)
