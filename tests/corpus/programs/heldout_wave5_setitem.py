"""Held-out wave 5: writes into arrays, the shapes and indices NumPy allows -- values with
leading singleton axes, scalars broadcast into repeated fancy indices and masks, 2-D masks
with broadcast columns, np.putmask's cycling values, Ellipsis and None in the index, negative
steps, repeated index pairs, overlapping chains, 0-d integer indices, bool scalar index,
strided rows with fancy columns."""

import numpy as np

from ..case import case

x4 = np.array([0.3173, -0.6331, 0.4617, 0.8129])


@case(x4)
def setitem_leading_singleton_dims(x):
    y = np.zeros(4)
    y[1:3] = x[None, :2]
    return np.sum(y * np.arange(4))


@case(x4)
def setitem_row_from_2d_singleton(x):
    A = np.zeros((2, 4))
    A[0] = x[None, :] * 2
    return np.sum(A * np.arange(8).reshape(2, 4))


@case(x4)
def setitem_repeated_scalar_broadcast(x):
    y = np.zeros(4)
    y[[0, 0, 1]] = x[2] * 3
    return np.sum(y * np.arange(1, 5))


@case(x4)
def setitem_mask_scalar_broadcast(x):
    y = np.ones(4)
    y[np.array([True, False, True, True])] = x[1] ** 2
    return np.sum(y * np.arange(1, 5))


@case(x4)
def setitem_2d_mask_with_column_broadcast(x):
    A = np.zeros((2, 4))
    A[:, [True, False, True, False]] = x[:2, None]
    return np.sum(A * np.arange(8).reshape(2, 4))


@case(x4, expect='refused',
      why='np.putmask (rare)')
def putmask_cycling_values(x):
    y = np.zeros(4)
    np.putmask(y, np.array([True, True, True, False]), x[:2])
    return np.sum(y * np.arange(1, 5))


@case(x4)
def setitem_ellipsis_broadcast(x):
    A = np.zeros((3, 4))
    A[...] = x
    return np.sum(A * np.arange(12).reshape(3, 4))


@case(x4)
def setitem_newaxis_index(x):
    A = np.zeros((3, 4))
    A[None, 1] = x
    return np.sum(A * np.arange(12).reshape(3, 4))


@case(x4)
def setitem_negative_step_broadcast(x):
    y = np.zeros(6)
    y[::-3] = x[0]
    return np.sum(y * np.arange(6))


@case(x4)
def setitem_tuple_of_arrays_repeated(x):
    A = np.zeros((2, 2))
    A[np.array([0, 0, 1]), np.array([1, 1, 0])] = x[:3]
    return np.sum(A * np.array([[1.0, 2.0], [3.0, 4.0]]))


@case(x4)
def setitem_then_read_overlap_chain(x):
    y = np.zeros(5)
    y[1:] = x
    y[:-1] = y[1:] * 2
    return np.sum(y * np.arange(5))


@case(x4)
def iadd_repeated_fancy_scalar(x):
    y = np.zeros(4)
    y[[1, 1, 2]] += x[0]
    return np.sum(y * np.arange(1, 5))


@case(x4)
def imul_mask(x):
    y = x * 1.0
    y[y > 0] *= y[0]
    return np.sum(y ** 2)


@case(x4)
def setitem_with_list_of_lists_index(x):
    A = np.zeros((3, 3))
    A[[[0, 1], [1, 2]]] = 1.0
    A[[0, 2], [0, 2]] = x[:2]
    return np.sum(A * np.arange(9).reshape(3, 3))


@case(x4)
def setitem_int_array_0d_index(x):
    y = np.zeros(4)
    y[np.int64(2)] = x[3] * 2
    y[np.array(1)] = x[0]
    return np.sum(y * np.arange(1, 5))


@case(x4)
def setitem_bool_scalar_index(x):
    y = x * 1.0
    z = y[True]
    return np.sum(z ** 2)


@case(x4)
def setitem_slice_with_step_and_fancy_mix(x):
    A = np.zeros((4, 4))
    A[::2, [1, 3]] = np.outer(x[:2], x[2:])
    return np.sum(A * np.arange(16).reshape(4, 4))
