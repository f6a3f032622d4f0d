"""Session 7, consistency between modes: what one mode computes every mode computes
(exactly), what one refuses every mode refuses.  ``sum(chunks, start)`` with a start
srcad cannot see (a call's result, a slice of one) joins or adds as it finds when it
runs; a generator called inside is differentiated; a function declared with
``@srcad.nondifferentiable`` keeps its name; a custom elementwise rule that is one."""

import numpy as np

import srcad

from ..case import case

x5 = np.array([0.3, -0.7, 1.1, 0.4, 0.9])
x3 = np.array([0.3, -1.2, 0.7])


def first_two(x):
    return [x[0], x[1]]


# --- 1. sum(chunks, start): joined or added, the same in every mode ----------------------
@case(x5)
def sum_of_lists_with_a_start_from_a_call(x):
    chunks = [[x[2]], [x[3], x[4] ** 2]]
    return np.sum(np.array(sum(chunks, first_two(x))) ** 2 * np.arange(1.0, 6.0))


@case(x5)
def sum_of_lists_with_an_empty_slice_of_a_call(x):
    chunks = [[x[0]], [x[1], x[2]]]
    return np.sum(np.array(sum(chunks, first_two(x)[:0])) ** 2 * np.arange(1.0, 4.0))


@case(x5)
def sum_of_arrays_with_a_start_from_a_call(x):
    parts = [x[:3], np.sin(x[1:4])]
    return np.sum(sum(parts, np.zeros(3)) ** 2)


@case(x5)
def sum_of_arrays_with_the_input_as_start(x):
    parts = [x[:3] ** 2, np.sin(x[1:4])]
    return np.sum(sum(parts, x[2:]) ** 2)


@case(x5)
def sum_of_a_range_with_the_input_as_start(x):   # (jvp crashed: a range has no tangent)
    return np.sum(sum(range(3), x) ** 2)


@case(x5)
def sum_of_the_rows_of_an_array_with_a_start(x):
    table = np.outer(x[:3], x[2:])
    return np.sum(sum(table, np.ones(3)) ** 2)


@case(x5)
def sum_of_lists_converted_by_an_array_start(x):
    parts = [x[:2], [x[2], x[3] ** 2]]       # (NumPy adds: the list is converted)
    return np.sum(sum(parts, np.zeros(2)) ** 2)


@case(x5, expect='refused',
      why='sum joins the first lists, then adds an array to the joined list')
def sum_joining_then_adding(x):
    return np.sum(np.array(sum([[x[0]], x[1:3]], [])) ** 2)


# --- 2. a generator called inside is differentiated (a generator function itself is
# refused in every mode: tests/regressions/test_consistency_wave6.py, since the oracle
# cannot take finite differences of a generator) ---------------------------------------------
def squares(x):
    for v in x:
        yield v ** 2


@case(x3)
def consumes_a_generator(x):      # (a generator called inside: differentiated)
    return sum(squares(x)) + np.prod(list(squares(x[:2])))


# --- 3. @srcad.nondifferentiable keeps the name bound ---------------------------------------
@srcad.nondifferentiable
def bucket_of(t):
    return np.floor(t * 2.0) / 2.0


@srcad.nondifferentiable(why='an index')
def peak_of(t):
    return int(np.argmax(t))


@case(x3)
def uses_decorated_constants(x):
    return np.sum(x ** 2 * bucket_of(x)) + x[peak_of(x)] ** 3


# --- 4. a custom elementwise rule that is elementwise ----------------------------------------
def softplus_wave6(t):
    return np.log1p(np.exp(t))


srcad.adjoint(softplus_wave6, 't', t='g / (1.0 + np.exp(-t))', forward='elementwise')


@case(x3)
def uses_a_custom_elementwise_rule(x):
    return np.sum(softplus_wave6(x * 2.0) ** 2)


# --- 7. the same refusal in every mode ---------------------------------------------------------
@case(x3, expect='refused', why='the input fills *args: no parameter to differentiate by')
def loss_of_star_args(*xs):
    return np.sum(xs[0] ** 2)
