"""Helpers called for their effect (their result unused) with differentiated values:
the ones that write through something srcad cannot follow are refused (they gave a
zero derivative, probe4 W7), the ones that only print, log, check or build their own
values keep working; scipy.ndimage's output= is a write, as out= is."""

import heapq
import logging

import numpy as np
import scipy.ndimage as ndi

from ..case import case

x4 = np.array([0.3, -0.6, 0.45, 1.2])
img = np.random.RandomState(3).rand(6, 5)
logger = logging.getLogger('corpus.effects')


# ------------------------------------------------------------------ refused
def _blit(src, dst):
    from scipy.linalg import blas
    blas.dcopy(src, dst)


@case(x4, expect='refused', why='blas.dcopy writes into dst inside a helper whose result is unused')
def blas_copy_in_helper(x):
    buf = np.empty(4)
    _blit(np.tanh(x), buf)
    return buf @ buf


def _enqueue(queue, priority):
    heapq.heappush(queue, priority)


@case(x4, expect='refused', why='heapq.heappush inside a helper changes its list argument')
def priority_queue_helper(x):
    q = []
    for v in x:
        _enqueue(q, v * v)
    return q[0] + q[-1]


@case(img, expect='refused', why='sobel writes through a C call into its output')
def edge_energy_sobel(im):
    gx = ndi.sobel(im, axis=0)
    gy = ndi.sobel(im, axis=1)
    return np.sum(np.hypot(gx, gy))


@case(img, expect='refused', why='correlate1d with output= writes through a C call')
def smooth_rows_into_buffer(im):
    out = np.zeros_like(im)
    ndi.correlate1d(im, [0.25, 0.5, 0.25], axis=1, output=out)
    return np.sum(out ** 2)


def _record(state, value):
    setattr(state, 'last', value)


class _State:
    last = 0.0


@case(x4, expect='refused', why='setattr on an argument inside a helper')
def state_recorder(x):
    s = _State()
    _record(s, np.sum(x ** 2))
    return s.last * 2.0


def _normalize_into(v, out):
    np.divide(v, np.linalg.norm(v), out=out)


@case(x4, expect='refused', why='out= into an argument inside a helper')
def normalize_into_buffer(x):
    buf = np.zeros(4)
    _normalize_into(x, buf)
    return np.sum(buf * np.arange(4.0))


# ------------------------------------------------------------------ keep working
def _debug(name, v):
    print(f'{name}: min={v.min():.3f} max={v.max():.3f}')
    logger.debug('%s norm %.3f', name, np.linalg.norm(v))
    assert np.all(np.isfinite(v)), name


@case(x4)
def mlp_with_debug_prints(x):
    W = np.array([[0.5, -0.2, 0.1, 0.3], [0.2, 0.4, -0.3, 0.1]])
    h = np.tanh(W @ x)
    _debug('hidden', h)
    out = np.sum(h ** 2)
    _debug('input', x)
    return out


def _stats(v):
    return {'mean': float(np.mean(v)), 'std': float(np.std(v))}  # computed, thrown away


@case(x4)
def stats_computed_and_dropped(x):
    _stats(x * 2.0)
    return np.sum(np.exp(-x ** 2))


@case(img)
def gaussian_filter_into_buffer(im):
    blurred = np.empty_like(im)
    ndi.gaussian_filter(im, sigma=1.0, output=blurred)
    return np.sum((im - blurred) ** 2)


@case(img)
def uniform_filter_output_returned(im):
    buf = np.zeros_like(im)
    r = ndi.uniform_filter1d(im, 3, axis=0, output=buf)
    return np.sum(r * im)
