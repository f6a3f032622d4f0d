"""Registry-wide cases (tests/test_rules.py) for the rules of
srcad/rules/everyday/ufuncs.py and srcad/rules/everyday/callbacks.py: ``cases()`` maps
each callable to ``[(args, kwargs), ...]`` like ``test_rules.CASES``."""

from __future__ import annotations

import numpy as np

RNG = np.random.default_rng(44)


def C(*args, **kwargs):
    return args, kwargs


def randn(*shape):
    return RNG.standard_normal(shape)


def nonzero(*shape):
    return RNG.choice([-1.0, 1.0], shape) * RNG.uniform(0.3, 2.0, shape)


def distinct(*shape):
    n = int(np.prod(shape))
    return np.reshape((RNG.permutation(n) + RNG.uniform(0, 0.5, n)) * 0.5 - n / 4, shape)


MASK = np.array([[True, False, True], [True, True, False]])


def cases() -> dict:
    from numpy.lib.stride_tricks import sliding_window_view
    from srcad.rules.everyday import callbacks as cb, helpers as he
    out = {
        sliding_window_view: [C(randn(6), 3), C(randn(4, 5), (2, 3)), C(randn(4, 5), 2, axis=0),
                              C(randn(3, 4), (2,), axis=(1,))],
        np.unwrap: [C(randn(6) * 4.0), C(randn(3, 5) * 4.0, axis=0),
                    C(randn(6) * 4.0, discont=4.0), C(list(randn(4) * 4.0))],
        he.put_along_axis_copy: [C(randn(3, 4), np.array([[0], [2], [1]]), randn(3, 1), 1),
                                 C(randn(3, 4), np.array([[0, 3], [2, 1], [1, 0]]), 0.5, 1),
                                 C(randn(3, 4), np.array([[2, 0, 1, 1]]), randn(1, 4), 0),
                                 C(randn(5), np.array([1, 4]), randn(2), None)],
        np.add.reduce: [C(randn(4)), C(randn(2, 3)), C(randn(2, 3), axis=1), C(randn(2, 3), None),
                        C(randn(2, 3), 1, keepdims=True), C(randn(2, 3), axis=1, where=MASK),
                        C(randn(2, 3), axis=(0, 1), initial=2.0)],
        np.multiply.reduce: [C(nonzero(4)), C(nonzero(2, 3)), C(nonzero(2, 3), axis=-1),
                             C(nonzero(2, 3), axis=None), C(nonzero(2, 3), axis=1, initial=1.5),
                             C(nonzero(2, 3), axis=1, where=MASK)],
        np.logaddexp.accumulate: [C(randn(5)), C(randn(2, 3), axis=1), C(randn(3, 2) * 30.0)],
        np.logaddexp2.accumulate: [C(randn(5)), C(randn(2, 3), axis=-1)],
        np.hypot.reduce: [C(randn(4)), C(randn(2, 3), axis=1), C(randn(2, 3), axis=0, initial=0.5),
                          C(randn(2, 3), axis=1, where=MASK, keepdims=True)],
        np.polyder: [C(randn(4)), C(randn(5), 2), C(randn(3), m=3), C(randn(2), 0)],
        np.polyint: [C(randn(3)), C(randn(3), 2), C(randn(3), 2, k=randn(2)), C(randn(2), k=1.5),
                     C(randn(3), 3, k=0.7)],
        cb.piecewise_part: [C(randn(5), [np.arange(5) < 2], 0, 2), C(randn(5), [np.arange(5) < 2], 1, 2),
                            C(randn(2, 3), [MASK], 0, 1)],
        cb.piecewise_join: [C(randn(5), [np.arange(5) < 2, np.arange(5) > 3], 3,
                              [randn(2), 1.5, randn(2)]),
                            C(randn(4), [np.arange(4) < 3, np.arange(4) > 0], 2,
                              [randn(3), randn(3)])],
        cb.along_axis_rows: [C(randn(3, 4), 1), C(randn(3, 4), 0), C(randn(2, 3, 4), -2)],
        cb.along_axis_join: [C([randn(2) for _ in range(3)], randn(3, 4), 1),
                             C([float(randn()) for _ in range(4)], randn(3, 4), 0),
                             C([randn(2, 2) for _ in range(8)], randn(2, 3, 4), 1)],
    }
    for ufunc in (np.maximum, np.minimum, np.fmax, np.fmin):
        big = 100.0 if ufunc in (np.maximum, np.fmax) else -100.0
        out[ufunc.reduce] = [C(distinct(5)), C(distinct(2, 3), axis=1), C(distinct(2, 3), None),
                             C(distinct(2, 3), 0, keepdims=True), C(distinct(4), initial=-big),
                             C(distinct(4), initial=big), C(distinct(2, 3), axis=1, where=MASK,
                                                             initial=-big / 5)]
    for ufunc in (np.logaddexp, np.logaddexp2):
        out[ufunc.reduce] = [C(randn(5)), C(randn(2, 3), axis=1), C(randn(2, 3), 0, keepdims=True),
                             C(randn(2, 3), axis=1, initial=0.5), C(randn(2, 3), axis=1, where=MASK,
                                                                     initial=-1.0)]
    return out
