"""Session 7: modes and API corners made consistent.  What one mode computes, every mode
computes (and the same); what one refuses, every mode refuses, with srcad's own error
of the same type, located in this file.  Expected values come from finite differences
(srcad.testing.check_derivatives) or from NumPy written out by hand."""

import numpy as np
import pytest

import srcad
from srcad import InputError, NonScalarOutputError, SrcadError, UnsupportedSyntaxError, WrtError
from srcad.errors import RuntimeCheckError
from srcad.rules.registry import lookup
from srcad.testing import check_derivatives

HERE = __file__
x3 = np.array([0.3, -1.2, 0.7])
x5 = np.array([0.3, -0.7, 1.1, 0.4, 0.9])
V3 = np.array([0.5, -1.0, 2.0])
ALL = ('grad', 'value_and_grad', 'vjp', 'jvp', 'hvp')


def run(mode, fn, *args):
    """Call ``fn`` through one mode (the first argument differentiated)."""
    x = args[0]
    v = np.ones_like(x) * 0.5
    if mode == 'grad':
        return srcad.grad(fn)(*args)
    if mode == 'value_and_grad':
        return srcad.value_and_grad(fn)(*args)[1]
    if mode == 'vjp':
        out, back = srcad.vjp(fn, *args)
        return back(np.ones_like(out) if np.ndim(out) else 1.0)[0]
    if mode == 'jvp':
        return srcad.jvp(fn, args, (v,) + tuple(np.zeros_like(a) for a in args[1:]))[1]
    if mode == 'hvp':
        return srcad.hvp(fn, args, v)
    if mode == 'hessian':
        return srcad.hessian(fn)(*args)
    return getattr(srcad, mode)(fn)(*args)   # jacfwd, jacrev


def refused_alike(fn, *args, modes=ALL, kind=SrcadError):
    """Every mode raises ``kind``, with one first line, located in this file."""
    firsts = set()
    for mode in modes:
        with pytest.raises(kind) as info:
            run(mode, fn, *args)
        assert type(info.value) is kind or kind is SrcadError, mode
        assert HERE in str(info.value), (mode, str(info.value))
        firsts.add(str(info.value).splitlines()[0])
    assert len(firsts) == 1, firsts
    return firsts.pop()


# --- 1. sum(chunks, start) with a start from a call -------------------------------------------
def first_two(x):
    return [x[0], x[1]]


def sum_with_an_empty_start_from_a_call(x):
    chunks = [[x[0]], [x[1], x[2]]]
    return np.sum(np.array(sum(chunks, first_two(x)[:0])) ** 2 * np.arange(1.0, 4.0))


def sum_with_a_start_from_a_call(x):
    chunks = [[x[2]], [x[3], x[4] ** 2]]
    return np.sum(np.array(sum(chunks, first_two(x))) ** 2 * np.arange(1.0, 6.0))


def sum_of_arrays_with_a_start(x):
    parts = [x[:3], np.sin(x[1:4])]
    return np.sum(sum(parts, np.zeros(3)) ** 2)


def sum_of_a_range_with_the_input_as_start(x):
    return np.sum(sum(range(3), x) ** 2)


def sum_of_rows_with_a_start(x):
    return np.sum(sum(np.outer(x[:3], x[2:]), np.ones(3)) ** 2)


@pytest.mark.parametrize('fn', [sum_with_an_empty_start_from_a_call, sum_with_a_start_from_a_call,
                                sum_of_arrays_with_a_start, sum_of_a_range_with_the_input_as_start,
                                sum_of_rows_with_a_start], ids=lambda f: f.__name__)
def test_sum_with_a_start_computes_in_every_mode(fn):
    check_derivatives(fn, x5.copy(), modes=ALL)


def test_sum_with_a_start_from_a_call_is_exact():
    # d/dx of x0^2 + 2 x1^2 + 3 x2^2 (the start slice is empty: only the chunks count)
    expected = np.array([2 * x5[0], 4 * x5[1], 6 * x5[2], 0.0, 0.0])
    np.testing.assert_allclose(srcad.grad(sum_with_an_empty_start_from_a_call)(x5), expected)
    tangent = srcad.jvp(sum_with_an_empty_start_from_a_call, (x5,), (np.ones(5),))[1]
    np.testing.assert_allclose(tangent, expected.sum())


def sum_joining_then_adding(x):
    return np.sum(np.array(sum([[x[0]], x[1:3]], [])) ** 2)


def test_sum_joining_then_adding_is_refused_in_every_mode():
    first = refused_alike(sum_joining_then_adding, x5.copy(), kind=RuntimeCheckError)
    assert 'joins lists and then adds an array' in first


# --- 2. a generator function ------------------------------------------------------------------
def yields_its_loss(x):
    yield np.sum(x ** 2)


def squares(x):
    for v in x:
        yield v ** 2


def consumes_a_generator(x):
    return sum(squares(x))


def endless(x):
    while True:
        yield x * 2.0


MODES8 = ALL + ('hessian', 'jacfwd', 'jacrev')


def test_a_generator_function_is_refused_in_every_mode():
    first = refused_alike(yields_its_loss, x3.copy(), modes=MODES8, kind=UnsupportedSyntaxError)
    assert 'generator function yields_its_loss' in first


def test_a_generator_consumed_inside_is_still_differentiated():
    check_derivatives(consumes_a_generator, x3.copy(), modes=ALL)
    np.testing.assert_allclose(srcad.grad(consumes_a_generator)(x3), 2 * x3)


def test_a_generator_the_language_check_refuses_keeps_its_message():
    with pytest.raises(UnsupportedSyntaxError, match="'Yield'"):
        srcad.jvp(endless, (x3,), (V3,))


# --- 3. @nondifferentiable as a decorator -----------------------------------------------------
@srcad.nondifferentiable
def bucket_of(t):
    return np.floor(t * 2.0) / 2.0


@srcad.nondifferentiable(why='an index')
def peak_of(t):
    return int(np.argmax(t))


def uses_decorated(x):
    return np.sum(x ** 2 * bucket_of(x)) + x[peak_of(x)] ** 3


def test_nondifferentiable_decorates_and_returns_the_function():
    assert callable(bucket_of) and bucket_of.__name__ == 'bucket_of'
    np.testing.assert_allclose(bucket_of(np.array([0.3, 0.8])), [0.0, 0.5])
    assert peak_of(x3) == 2
    assert lookup(bucket_of) is not None and lookup(peak_of).constants == {'args': 'an index'}
    assert srcad.nondifferentiable(np.floor) is np.floor
    check_derivatives(uses_decorated, x3.copy(), modes=ALL)
    expected = 2 * x3 * bucket_of(x3) + np.array([0.0, 0.0, 3 * x3[2] ** 2])
    np.testing.assert_allclose(srcad.grad(uses_decorated)(x3), expected)


def test_nondifferentiable_refuses_a_reason_given_as_a_function():
    with pytest.raises(TypeError, match='why='):
        srcad.nondifferentiable('a reason')


# --- 4. forward='elementwise' on what is not elementwise ---------------------------------------
def total_w6(t):
    return np.sum(t) * 1.0


def running_total_w6(t):
    return np.cumsum(t)


def outer_w6(a, b):
    return np.multiply.outer(a, b)


def softplus_w6(t):
    return np.log1p(np.exp(t))


@pytest.mark.parametrize('fn, signature, adjoints, why', [
    (total_w6, 't', dict(t='g * np.ones_like(t)'), 'keeps the shape'),
    (running_total_w6, 't', dict(t='np.cumsum(g[::-1])[::-1]'), 'not diagonal'),
    (outer_w6, 'a, b', dict(a='np.sum(g * b, axis=-1)', b='np.sum(g * a[:, None], axis=0)'),
     'keeps the shape')], ids=lambda v: getattr(v, '__name__', ''))
@pytest.mark.parametrize('kind', ['elementwise', 'pointwise'])
def test_elementwise_is_refused_for_what_is_not(fn, signature, adjoints, why, kind):
    with pytest.raises(ValueError, match=why):
        srcad.adjoint(fn, signature, forward=kind, **adjoints)
    assert lookup(fn) is None   # (the declaration is not kept)


def uses_running_total(x):
    return np.sum(running_total_w6(x) ** 2)


def test_a_refused_declaration_leaves_the_function_differentiated_from_source():
    with pytest.raises(ValueError):
        srcad.adjoint(running_total_w6, 't', t='np.cumsum(g[::-1])[::-1]', forward='elementwise')
    check_derivatives(uses_running_total, x3.copy(), modes=ALL)


def uses_softplus(x):
    return np.sum(softplus_w6(2.0 * x) ** 2)


def test_an_elementwise_rule_that_is_one_is_declared():
    srcad.adjoint(softplus_w6, 't', t='g / (1.0 + np.exp(-t))', forward='elementwise')
    assert lookup(softplus_w6).elementwise
    check_derivatives(uses_softplus, x3.copy(), modes=ALL)


# --- 5. vjp refusals from the return's backward lines are located --------------------------------
def test_a_vjp_refusal_from_the_return_is_located_there():
    out, back = srcad.vjp(sum_joining_then_adding, x5.copy())
    with pytest.raises(RuntimeCheckError) as info:
        back(1.0)
    line = sum_joining_then_adding.__code__.co_firstlineno + 1
    assert f'{HERE}:{line}' in str(info.value)


# --- 6. a global rebound from a real to a complex value after compiling ---------------------------
SCALE = 2.0
TABLE = {'w': np.array([1.0, 2.0, 3.0])}


def scaled_loss(x):
    return np.sum(SCALE * x ** 2)


def helper_reading_table(v):
    return TABLE['w'] * v


def loss_through_helper(x):
    return np.sum(helper_reading_table(x) ** 2)


def test_a_global_rebound_to_a_complex_value_is_seen():
    global SCALE
    gradient = srcad.grad(scaled_loss)
    np.testing.assert_allclose(gradient(x3), 4.0 * x3)
    try:
        SCALE = 2.0 + 1.0j   # the output is complex now: grad refuses it, cached or not
        with pytest.raises(NonScalarOutputError, match='complex'):
            gradient(x3)
        with pytest.raises(NonScalarOutputError, match='complex'):
            srcad.grad(scaled_loss)(x3)
        SCALE = 3.0
        np.testing.assert_allclose(gradient(x3), 6.0 * x3)
    finally:
        SCALE = 2.0


def test_a_global_read_by_a_helper_changed_to_complex_is_seen():
    gradient = srcad.grad(loss_through_helper)
    np.testing.assert_allclose(gradient(x3), 2 * TABLE['w'] ** 2 * x3)
    saved = TABLE['w']
    try:
        TABLE['w'] = saved * (1.0 + 1.0j)
        with pytest.raises(SrcadError, match='complex'):
            gradient(x3)
    finally:
        TABLE['w'] = saved
    np.testing.assert_allclose(gradient(x3), 2 * saved ** 2 * x3)


def make_scaled(k):
    def loss(x):
        return np.sum(k * x)

    def set_k(value):
        nonlocal k
        k = value
    return loss, set_k


def test_a_closure_value_rebound_to_a_complex_value_is_seen():
    loss, set_k = make_scaled(3.0)
    gradient = srcad.grad(loss)
    np.testing.assert_allclose(gradient(x3), [3.0, 3.0, 3.0])
    set_k(1.0j)
    with pytest.raises(NonScalarOutputError, match='complex'):
        gradient(x3)
    set_k(2.0)
    np.testing.assert_allclose(gradient(x3), [2.0, 2.0, 2.0])


# --- 7. pairs of modes that disagreed --------------------------------------------------------------
def vector_valued(x):
    return np.sin(x)


def complex_valued(x):
    return np.sum(x * 1j)


@pytest.mark.parametrize('fn', [vector_valued, complex_valued], ids=lambda f: f.__name__)
def test_hvp_and_hessian_refuse_an_output_as_grad_does(fn):
    refused_alike(fn, x3.copy(), modes=('grad', 'hvp', 'hessian'), kind=NonScalarOutputError)


def returns_nothing(x):
    y = x * 2.0  # noqa: F841


def test_a_function_returning_none_is_refused_in_every_mode():
    first = refused_alike(returns_nothing, x3.copy(), modes=MODES8, kind=UnsupportedSyntaxError)
    assert 'returns None' in first


def dict_valued(x):
    return {'a': np.sum(x)}


def string_valued(x):
    return 'done'


@pytest.mark.parametrize('fn', [dict_valued, string_valued], ids=lambda f: f.__name__)
def test_jacobians_refuse_an_output_that_is_not_an_array_alike(fn):
    first = refused_alike(fn, x3.copy(), modes=('jacfwd',), kind=NonScalarOutputError)
    with pytest.raises(NonScalarOutputError) as info:
        srcad.jacrev(fn)(x3)
    assert str(info.value).splitlines()[0] == first.replace('jacfwd', 'jacrev')


def powered(x, n):
    return np.sum(x ** n)


def chosen(x, mode):
    return np.sum(x ** 2) if mode == 'square' else np.sum(x)


def test_jacrev_takes_other_arguments_as_jacfwd_does():
    for fn, other in ((powered, 3), (chosen, 'square')):
        forward, reverse = srcad.jacfwd(fn)(x3, other), srcad.jacrev(fn)(x3, other)
        np.testing.assert_allclose(reverse, forward)
    np.testing.assert_allclose(srcad.jacrev(powered)(x3, 3), 3 * x3 ** 2)


def test_vjp_refuses_a_string_argument_as_grad_does():
    _, back = srcad.vjp(chosen, x3, 'square')
    with pytest.raises(InputError, match="'mode': it is str"):
        back(1.0)
    with pytest.raises(InputError, match="'mode': it is str"):
        srcad.grad(chosen, wrt=1)(x3, 'square')


def star_loss(*xs):
    return np.sum(xs[0] ** 2)


def test_an_argument_filling_star_args_is_refused_in_every_mode():
    for mode in MODES8:
        with pytest.raises(WrtError):
            run(mode, star_loss, x3.copy())
