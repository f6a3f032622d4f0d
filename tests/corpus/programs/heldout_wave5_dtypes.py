"""Held-out wave 5: casts, integer and piecewise-constant steps, complex numbers (products,
conjugates, phases, FFT power spectra), ufunc methods (reduce/accumulate/outer/reduceat),
nan-aware reductions and the less common elementwise functions."""

import math

import numpy as np

from ..case import case

x6 = np.array([0.3, -0.6, 0.45, 0.8, -1.1, 0.25]) + 0.0123


@case(x6)
def astype_int_is_constant(x):
    return np.sum(x * (x * 3).astype(int))


@case(x6)
def int_of_scalar(x):
    return x[0] * int(x[1] * 10) + x[2] ** 2


@case(x6)
def round_floor_ceil(x):
    return np.sum(np.round(x * 3) * x) + math.floor(x[0] * 7) * x[1] + np.ceil(x[2] * 4) * x[2]


@case(x6)
def complex_modulus_square(x):
    z = x[:3] + 1j * x[3:]
    return np.sum(np.abs(z) ** 2)


@case(x6)
def complex_product_real(x):
    z = x[:3] + 1j * x[3:]
    w = z * z
    return np.sum(w.real) + np.sum(w.imag ** 2)


@case(x6)
def complex_conj_product(x):
    z = x[:3] + 1j * x[3:]
    return np.real(np.sum(z * np.conj(z) * (1 + 2j)))


@case(x6)
def complex_exp_phase(x):
    z = np.exp(1j * x)
    return np.sum(z).real + np.sum(z).imag ** 2


@case(x6)
def complex_angle(x):
    z = x[:3] + 1j * x[3:]
    return np.sum(np.angle(z))


@case(x6)
def complex_abs_of_fft(x):
    return np.sum(np.abs(np.fft.fft(x)) ** 2)


@case(x6)
def rfft_power_spectrum(x):
    X = np.fft.rfft(x)
    return np.sum((X * X.conj()).real * np.arange(len(X)))


@case(x6)
def ifft_roundtrip_filter(x):
    X = np.fft.fft(x)
    X[3:] = 0
    return np.sum(np.fft.ifft(X).real ** 2)


@case(x6)
def complex_builtin(x):
    z = complex(x[0], x[1])
    return abs(z * z) + (z ** 3).real


@case(x6)
def complex_sqrt_and_log(x):
    z = x[:3] + 1j * x[3:]
    return np.sum(np.sqrt(z).real) + np.sum(np.log(z).imag)


@case(x6)
def complex_division(x):
    z = x[:3] + 1j * x[3:]
    return np.sum(np.abs(1 / (z + 2)))


@case(x6)
def complex_matmul(x):
    U = np.array([[1, 1j], [1j, 1]]) / np.sqrt(2)
    psi = x[:2] + 1j * x[2:4]
    out = U @ psi
    return np.sum(np.abs(out) ** 2 * np.array([1.0, 3.0]))


@case(x6)
def complex_vdot(x):
    a = x[:3] + 1j * x[3:]
    return np.abs(np.vdot(a, a[::-1])) ** 2


@case(x6)
def complex_astype(x):
    z = x.astype(np.complex128)
    return np.sum((z * 1j + 1) ** 2).real


@case(x6)
def real_imag_functions(x):
    z = x[:3] * np.exp(1j * x[3:])
    return np.sum(np.real(z) ** 2 - np.imag(z))


@case(x6)
def np_float64_cast_of_item(x):
    return np.float64(x[0]) * x[1] + x[2].item() * x[3] + float(x[4]) ** 2


@case(x6)
def bool_mul(x):
    return np.sum(x * (x > 0)) + np.sum((x < 0) * x ** 2)


@case(x6)
def int_exponent_array(x):
    p = np.array([1, 2, 3, 2, 1, 3])
    return np.sum(x ** p) + np.sum(np.power(x, 2))


@case(x6)
def float_power_negative_base(x):
    return np.sum(np.float_power(x, 2)) + np.sum(np.abs(x) ** 1.5)


@case(x6)
def mod_and_fmod(x):
    return np.sum(np.mod(x * 3, 1.0)) + np.sum(np.fmod(x * 3, 1.0) * x) + np.sum((x * 5) % 2)


@case(x6)
def divmod_python(x):
    q, r = divmod(x[0] * 10, 3.0)
    return q * x[1] + r ** 2


@case(x6)
def floor_divide(x):
    return np.sum((x * 10) // 3 * x)


@case(x6)
def np_sinc_numpy(x):
    return np.sum(np.sinc(x)) + np.sinc(0.0 * x[0])


@case(x6)
def cbrt_exp2_log2(x):
    return np.sum(np.cbrt(x) + np.exp2(x) + np.log2(np.abs(x)) + np.expm1(x) + np.log10(x ** 2))


@case(x6)
def heaviside_and_copysign(x):
    return np.sum(np.heaviside(x, 0.5) * x + np.copysign(x ** 2, x))


@case(x6)
def arctan2_hypot(x):
    return np.sum(np.arctan2(x[:3], x[3:]) + np.hypot(x[:3], x[3:]))


@case(x6)
def deg2rad_rad2deg(x):
    return np.sum(np.sin(np.deg2rad(x * 90)) + np.radians(x) + np.degrees(x))


@case(x6)
def nan_functions(x):
    y = np.where(x > 0.7, np.nan, x)
    return np.nansum(y ** 2) + np.nanmean(y) + np.nanmax(y)


@case(x6)
def nan_to_num_of_log(x):
    return np.sum(np.nan_to_num(np.log(x), nan=0.0, neginf=0.0))


@case(x6)
def isfinite_mask(x):
    y = 1 / (x - 0.3)
    return np.sum(np.where(np.isfinite(y), y, 0.0))


@case(x6)
def fmax_fmin(x):
    return np.sum(np.fmax(x, 0.1) + np.fmin(x, x[::-1]))


@case(x6)
def logaddexp_reduce(x):
    return np.logaddexp.reduce(x) + np.logaddexp2(x[0], x[1])


@case(x6, expect='refused',
      why='np.add.reduceat has no rule (FALSE refusal, rare)')
def reduceat_segments(x):
    return np.sum(np.add.reduceat(x, [0, 2, 5]) ** 2)


@case(x6)
def subtract_outer(x):
    return np.sum(np.exp(-np.subtract.outer(x, x) ** 2))


@case(x6)
def multiply_outer_accumulate(x):
    return np.sum(np.multiply.outer(x[:3], x[3:])) + np.sum(np.multiply.accumulate(x))


@case(x6)
def sum_dtype_float32(x):
    return float(np.sum(x, dtype=np.float64)) * x[0]


@case(x6)
def abs_builtin_and_max_builtin(x):
    return abs(x[0]) + max(x[1], x[2]) + min(x[3], x[4], 0.0) + max(x)
