"""Writes of differentiated values into arrays whose dtype comes from data, and
arrays of dtypes srcad does not follow (held-out probe 5: V4, V5, C1).

NumPy casts a value written into an array to the array's dtype when the code
runs: into integers or booleans a float is truncated (no derivative flows),
whether the dtype was spelled (``dtype=int``) or came from data (``np.arange``,
``np.zeros_like(idx)``, ``np.array([1, 2])``, ``np.argsort``, ``np.where(c, 1, 0)``).
Arrays of ``dtype=object`` or with named fields holding differentiated values
are refused, located.
"""

import numpy as np

from ..case import case

x4 = np.array([1.3173, -0.6331, 2.4617, 0.8129])
X23 = np.array([[0.4, -0.3, 1.1], [0.9, 0.2, -0.6]])
LABELS = np.array([2, 0, 1, 1])

REFUSED_DTYPE = 'srcad follows derivatives through arrays of floating or complex numbers only'


# -- floats written into integer arrays whose dtype comes from data: truncated, no derivative

@case(x4)
def rank_weights_from_arange(x):
    w = np.arange(4)
    w[2] = x[2] * 3               # truncated to 7
    return np.sum(w * x)


@case(x4)
def counts_then_overwrite(x):
    c = np.bincount(LABELS, minlength=4)
    c[0] = x[0] * 2
    return np.sum(c * x ** 2)


@case(x4)
def order_written_with_scores(x):
    order = np.argsort(x)
    order[1] = x[1] * 4
    return np.sum(order * x)


@case(x4)
def zeros_like_labels(x):
    y = np.zeros_like(LABELS)
    y[1] = x[1] * 5
    y[3] = x[3] + 1.0
    return np.sum(y * x)


@case(x4)
def indicator_from_where(x):
    ind = np.where(x > 0, 1, 0)
    ind[2] = x[2] * 2
    return np.sum(ind * x)


@case(x4)
def copy_of_int_list_array(x):
    base = np.array([1, 2, 3, 4])
    y = base.copy()
    y[:2] = x[:2] * 10
    return np.sum(y * x)


@case(x4)
def slice_fill_of_empty_like(x):
    y = np.empty_like(np.arange(4))
    y[:] = x * 3
    return np.sum(y * x)


@case(x4)
def element_iadd_into_ints(x):
    y = np.arange(4)
    y[2] += x[2] * 3              # NumPy casts on the write back
    return np.sum(y * x)


@case(x4)
def fill_int_array(x):
    y = np.arange(4)
    y.fill(x[0] * 3)
    return np.sum(y * x)


@case(x4)
def add_at_into_int_counts(x):
    y = np.zeros_like(LABELS)
    np.add.at(y, LABELS, x * 3)
    return np.sum(y * x)


@case(x4)
def bool_mask_written(x):
    m = x > 0
    m[1] = x[1] * 3
    return np.sum(m * x)


@case(x4)
def int_dtype_of_other_array(x):
    y = np.zeros(4, dtype=LABELS.dtype)
    y[1:3] = x[1:3] * 4
    return np.sum(y * x)


@case(x4)
def concatenated_ints(x):
    a = np.concatenate([np.arange(2), np.arange(2)])
    a[2] = x[2] * 3
    return np.sum(a * x)


@case(x4)
def default_argument_ints(x, base=np.array([1, 2, 3, 4])):
    y = base.copy()
    y[0] = x[0] * 3
    return np.sum(y * x)


# -- the same writes into float arrays: the derivative flows ----------------------------------

@case(x4)
def float_arange_written(x):
    w = np.arange(4.0)
    w[2] = x[2] * 3
    return np.sum(w * x)


@case(x4)
def zeros_like_float_written(x):
    y = np.zeros_like(x)
    y[1] = x[1] * 5
    y[2] += x[0] * x[3]
    return np.sum(y * x)


@case(x4)
def astype_float_then_written(x):
    y = LABELS.astype(float)
    y[0] = x[0] ** 2
    return np.sum(y * x)


@case(x4)
def add_at_into_float(x):
    y = np.zeros(3)
    np.add.at(y, LABELS[:3], x[:3] * 3)
    return np.sum(y ** 2)


@case(X23)
def rows_into_float_buffer(X):
    out = np.empty((2, 3))
    for i in range(2):
        out[i] = X[i] * (i + 1)
    return np.sum(out ** 2)


@case(x4)
def complex_buffer_written(x):
    z = np.zeros(4, dtype=complex)
    z[:] = x * 1j + x ** 2
    return np.sum(np.abs(z) ** 2)


@case(x4)
def iadd_float_array(x):
    acc = np.zeros(4)
    acc += x * 2
    acc *= x
    return np.sum(acc)


# -- dtypes srcad does not follow: refused, located ----------------------------------------------

@case(x4, expect='refused', why=REFUSED_DTYPE)
def object_array_of_entries(x):
    o = np.array([x[0], x[1]], dtype=object)
    return float(np.sum(o * o))


@case(x4, expect='refused', why=REFUSED_DTYPE)
def astype_object(x):
    o = x.astype(object)
    return float(np.sum(o ** 2))


@case(x4, expect='refused', why=REFUSED_DTYPE)
def object_back_to_float(x):
    o = np.asarray([x[0], x[1]], dtype='O')
    return np.sum(o.astype(float) ** 2)


@case(x4, expect='refused', why=REFUSED_DTYPE)
def ragged_object_array(x):
    o = np.empty(2, dtype=object)
    o[0] = x[:1]
    o[1] = x[1:]
    return sum(np.sum(v ** 2) for v in o)


@case(x4, expect='refused', why=REFUSED_DTYPE)
def structured_record_fields(x):
    s = np.zeros(2, dtype=[('a', float), ('b', float)])
    s['a'] = x[:2]
    s['b'] = x[2:]
    return np.sum(s['a'] * s['b'])


@case(x4, expect='refused', why=REFUSED_DTYPE)
def structured_from_tuples(x):
    s = np.array([(x[0], x[1]), (x[2], x[3])], dtype=[('a', 'f8'), ('b', 'f8')])
    return np.sum(s['a'] ** 2 + s['b'])
