"""Issue 13, families A, B, C, D (modes and crashes): forward mode refuses what reverse
mode refuses, runtime helpers refuse what they were not written for, options and
constructs that crashed are supported or refused, complex values and second
derivatives at removable singularities."""

import numpy as np
import scipy.linalg

from ..case import case

x4 = np.array([0.3, -1.2, 0.7, 0.25])
x3 = np.array([0.3, -1.2, 0.7])
SPD = np.array([[2.0, 0.3, 0.1], [0.3, 1.5, 0.2], [0.1, 0.2, 1.0]])
TALL = np.array([[1.0, 0.2], [0.3, 2.0], [0.5, 0.1]])
WEIGHTS = np.array([0.5, -0.25, 1.5, 2.0, 0.75, -1.0, 0.3, 1.1])

square = lambda t: t * t  # noqa: E731  (a lambda bound to a name, called below)


# --- A. forward mode refuses what reverse mode refuses ----------------------------------
@case(x3)  # np.add.at has rules now (srcad/rules/everyday/rules.py)
def scatter_add_histogram(x):
    bins = np.zeros(2)
    np.add.at(bins, [0, 1, 0], x)
    return np.sum(bins ** 2)


@case(x3, expect='refused', why='np.put changes its argument in place')
def put_into_buffer(x):
    buf = np.zeros(4)
    np.put(buf, [0, 2, 3], x)
    return np.sum(buf * buf)


@case(x3, expect='refused', why='np.putmask changes its argument in place')
def putmask_clipping(x):
    y = np.zeros(3)
    np.putmask(y, np.array([True, False, True]), x)
    return np.sum(y ** 2)


class Recorder:
    def __init__(self):
        self.seen = []

    def record(self, v):
        self.seen.append(v)


@case(x3, expect='ok', why='FIXED in wave 6 (was refused): a method of an unknown object called on a varied value')
def logger_side_effect(x):
    rec = Recorder()
    y = np.tanh(x)
    rec.record(y)
    return np.sum(y)


@case(x4)
def r_concatenation(x):
    return np.sum(np.r_[x, x[:2]] ** 2)


@case(x4)
def c_columns(x):
    return np.sum(np.c_[x, 2.0 * x] ** 2)


@case(0.4)
def linspace_grid_energy(a):
    t = np.linspace(0.0, a, 5)
    return np.sum(np.sin(t) ** 2)


# --- A. einsum in sublist form, both modes ------------------------------------------------
@case(np.array([[0.5, -0.2, 0.1], [0.3, 0.8, -0.4]]))
def einsum_sublist_matmul(W):
    x = np.array([1.0, -0.5, 0.25])
    h = np.einsum(W, [0, 1], x, [1], [0])
    return np.sum(np.tanh(h) ** 2)


@case(x3)
def einsum_sublist_gram(x):
    A = np.outer(x, x + 1.0)
    G = np.einsum(A, [0, 1], A, [2, 1], [0, 2])
    return np.sum(G ** 2)


@case(x3)
def einsum_sublist_dot(x):
    return np.einsum(x, [0], np.sin(x), [0])


@case(SPD)
def einsum_sublist_trace(A):
    return np.einsum(A, [0, 0]) ** 2


@case(np.array([[0.2, 0.4], [0.6, -0.1]]))
def einsum_sublist_bilinear(M):
    u = np.array([1.0, 2.0])
    v = np.array([-0.5, 0.3])
    return np.einsum(u, [0], M, [0, 1], v, [1]) ** 2


@case(x3)
def einsum_string_form_still_works(x):
    return np.einsum('i,i->', x, x) * np.einsum('i->', x)


# --- C. options that are linear index maps or piecewise linear ----------------------------
@case(x4)
def pad_edge_smoothing(x):
    p = np.pad(x, 2, mode='edge')
    return np.sum((p[1:] - p[:-1]) ** 2 * WEIGHTS[:7])


@case(x4)
def pad_reflect_conv(x):
    p = np.pad(x, (1, 2), mode='reflect')
    return np.sum(np.convolve(p, np.array([0.25, 0.5, 0.25]), mode='valid') ** 2)


@case(x4)
def pad_wrap_periodic_laplacian(x):
    p = np.pad(x, 1, mode='wrap')
    lap = p[:-2] - 2 * p[1:-1] + p[2:]
    return np.sum(lap ** 2)


@case(x4)
def pad_symmetric_weighted(x):
    return np.sum(np.pad(x, (2, 1), mode='symmetric') ** 2 * WEIGHTS[:7])


@case(x4, expect='refused', why="np.pad mode='linear_ramp' has no reverse rule")
def pad_linear_ramp(x):
    return np.sum(np.pad(x, 2, mode='linear_ramp') ** 2 * WEIGHTS)


@case(np.array([0.3, -1.2, 0.7, 0.25, 1.9]))
def quantile_lower_loss(x):
    return np.quantile(x, 0.3, method='lower') ** 2


@case(np.array([0.3, -1.2, 0.7, 0.25, 1.9]))
def quantile_midpoint_loss(x):
    return np.quantile(x, 0.3, method='midpoint') * np.sum(x)


@case(np.array([0.3, -1.2, 0.7, 0.25, 1.9]))
def percentile_nearest_loss(x):
    return np.percentile(x, 40, method='nearest') ** 3


@case(np.array([0.3, -1.2, 0.7, 0.25, 1.9]))
def quantile_higher_iqr(x):
    return np.quantile(x, 0.75, method='higher') - np.quantile(x, 0.25, method='lower')


@case(np.arange(6.0).reshape(1, 2, 3) + 0.5)
def transpose_negative_axes(a):
    b = np.transpose(a, (-1, 0, 1))
    return np.sum(b * np.arange(6.0).reshape(3, 1, 2) * b)


@case(np.arange(6.0).reshape(2, 3) + 0.5)
def transpose_method_negative_axes(a):
    return np.sum(a.transpose(-1, -2) ** 2 * np.arange(6.0).reshape(3, 2))


@case(np.array([[1.0, 0.2, 0.3], [0.3, 2.0, -0.4]]))
def qr_complete_wide(A):
    q, r = np.linalg.qr(A, mode='complete')
    return np.sum(r ** 2) + np.sum(q * np.array([[1.0, 2.0], [0.5, -1.0]]))


@case(TALL, expect='refused', why="the extra columns of a tall Q with mode='complete' are not unique")
def qr_complete_tall(A):
    q, r = np.linalg.qr(A, mode='complete')
    return np.sum(r ** 2) + np.sum(q[:, :2] * A)


@case(SPD)
def eigh_top_two_eigenvalues(A):
    w = scipy.linalg.eigh(A, eigvals_only=True, subset_by_index=[1, 2])
    return np.sum(w ** 2)


@case(SPD)
def eigh_eigenvalues_in_window(A):
    w = scipy.linalg.eigh(A, eigvals_only=True, subset_by_value=[1.2, 5.0])
    return np.sum(w ** 3)


@case(SPD)  # the eigenvectors of a subset, to second order
def eigh_top_eigenvector_projection(A):
    w, v = scipy.linalg.eigh(A, subset_by_index=[2, 2])
    return w[0] + np.sum(v[:, 0] * np.array([1.0, 2.0, 3.0])) ** 2


@case(SPD)
def eigh_generalized(A):
    w = scipy.linalg.eigh(A, np.eye(3) * 2.0, eigvals_only=True)
    return np.sum(w ** 2)


@case(SPD)
def solve_positive_definite(A):
    return np.sum(scipy.linalg.solve(A, np.ones(3), assume_a='pos'))


@case(np.array([0.2, 1.3]), expect='refused', why='np.interp with period has no rule')
def interp_periodic(fp):
    return np.interp(0.3, [0.0, 0.5], fp, period=1.0) ** 2


# --- C. constructs that crashed the compiler ----------------------------------------------
@case(x4)
def lambda_bound_to_a_name(x):
    return np.sum(square(np.tanh(x)))


def _scaled(a):
    def inner(t):
        return a * t
    return inner


@case(0.7, expect='ok', why='FIXED in wave 6 (was refused): a function returned by a helper closes over a varied value')
def helper_returns_nested_def(a):
    step = _scaled(a)
    return step(1.5) * a


@case(x4)
def pairs_of_indices_accumulate(x):
    z = x * 1.0
    for i, j in [(0, 1), (2, 3), (0, 3)]:
        z[i] += x[j] * x[i]
    return np.sum(z ** 2)


@case(np.array([[0.5, 1.0], [2.0, 3.0]]))
def nested_loop_element_writes(X):
    Y = X * 1.0
    for i in range(2):
        for j in range(2):
            Y[i, j] = Y[i, j] * X[j, i] + 0.1
    return np.sum(Y ** 2)


@case(x4)
def list_element_rescaling(x):
    xs = [x[0], x[1], x[2]]
    for i in range(3):
        xs[i] = xs[i] * x[3] + 1.0
    return xs[0] * xs[1] + xs[2] ** 2


@case(np.array([0.5, 1.0, 2.0, 3.0]))
def stencil_grid_writes(u):
    v = np.zeros(4)
    for i in range(1, 3):
        v[i] = u[i - 1] - 2.0 * u[i] + u[i + 1]
    v[0] = u[0]
    v[3] = u[3]
    return np.sum(v ** 2)


# --- D. complex numbers ---------------------------------------------------------------------
@case(x4, expect='refused', why='grad of a complex-valued output is not defined')
def complex_valued_output(x):
    return np.sum(np.exp(1j * x))


@case(x4, expect='refused', why='grad of a complex-valued output is not defined')
def complex_fft_coefficient(x):
    return np.fft.fft(x)[1]


@case(x4)
def fft_power_spectrum(x):
    return np.sum(np.abs(np.fft.fft(x)) ** 2)


@case(x4)
def fft_magnitude_loss(x):
    return np.sum(np.abs(np.fft.fft(x)))


@case(x4)
def rfft_magnitude_weighted(x):
    return np.sum(np.abs(np.fft.rfft(x)) * np.array([0.5, 1.0, 2.0]))


@case(x4)
def complex_modulus_cubed(x):
    z = x[0] + 1j * x[1]
    return np.abs(z) ** 3 + x[2] * x[3]


@case(x4)
def phasor_sum_magnitude(x):
    z = np.exp(1j * x) * np.array([1.0, 0.5, 0.25, 2.0])
    return np.abs(np.sum(z)) ** 2


@case(x4)
def complex_real_part_loss(x):
    return np.real(np.sum(np.exp(1j * x) * (1.0 + 2.0j)))


@case(x4)
def complex_magnitude_builtin_abs(x):
    z = complex(x[0], x[1])
    return abs(z) * x[2]


@case(0.0)
def sinc_at_zero(a):
    return np.sinc(a)


@case(0.3)
def sinc_window(a):
    return np.sinc(a) ** 2 + np.sinc(2.0 * a)


@case(np.array([0.0, 0.4, -0.8]))
def sinc_filter_bank(x):
    return np.sum(np.sinc(x) * np.array([1.0, 2.0, 0.5]))


# --- B. runtime helpers: containers whose adjoint reached them as arrays ------------------
@case([0.5, -1.0, 2.0])
def list_input_as_vector(w):
    x = np.array([0.5, -1.0, 0.25])
    return np.sum((np.asarray(w) * x) ** 2)


@case({'scale': 1.5, 'shift': np.array([0.1, -0.2])})
def dict_of_parameters(p):
    x = np.array([0.3, 0.7])
    return np.sum((p['scale'] * x + p['shift']) ** 2)


@case((0.5, np.array([1.0, 2.0])))
def tuple_of_parameters(p):
    a, b = p
    return a * np.sum(b ** 2)
