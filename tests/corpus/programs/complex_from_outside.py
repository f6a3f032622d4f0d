"""Real parameters meeting complex values the function's own text does not show:
complex data arguments, global and closure arrays, helpers that rotate phases, casts
by dtype name, containers and objects holding complex arrays, a Python float's
fractional power.  A real output (a modulus, a real part, a power) is differentiated;
a complex output given to grad is refused (session 6: its seed was folded to 1.0)."""

from dataclasses import dataclass

import numpy as np

from ..case import case

_rng = np.random.default_rng(66)
W = np.array([0.4, -0.2, 0.7, 1.1])
STEER = np.exp(1j * np.linspace(0.0, 2.0, 4))          # a steering vector (global)
TAPS = (_rng.standard_normal(4) + 1j * _rng.standard_normal(4)) * 0.5
TARGET = np.array([0.5 + 0.5j, -1j, 0.25, 1.0 - 0.5j])


def phase_rotate(v, angle):
    return v * np.exp(1j * angle)


@dataclass
class Channel:
    response: np.ndarray
    noise: float


class Antenna:
    def __init__(self, gains):
        self.gains = gains

    def power(self, w):
        return np.abs(np.sum(self.gains * w)) ** 2

    def field(self, w):
        return np.sum(self.gains * w)


# ---------------------------------------------------------------- real outputs
@case(W.copy())
def beam_power(w):
    return np.abs(np.sum(w * STEER)) ** 2


@case(W.copy(), TAPS)
def filter_energy(w, taps):
    y = np.convolve(w, taps)[:4]
    return np.sum(y.real ** 2 + y.imag ** 2)


@case(W.copy())
def fit_rotated_target(w):
    r = phase_rotate(w, 0.3) - TARGET
    return np.mean(np.abs(r) ** 2)


@case(W.copy(), {'h': TAPS, 'scale': 2.0})
def dict_of_complex_data(w, p):
    return p['scale'] * np.real(np.vdot(p['h'] * w, p['h'] * w))


@case(W.copy(), [TAPS, STEER])
def list_of_complex_data(w, hs):
    total = 0.0
    for h in hs:
        total = total + np.abs(np.dot(h, w)) ** 2
    return total


@case(W.copy(), Channel(TAPS, 0.1))
def dataclass_with_complex_field(w, ch):
    return np.sum(np.abs(ch.response * w) ** 2) + ch.noise * np.sum(w ** 2)


@case(W.copy())
def real_part_of_a_complex_sum(w):
    return np.real(np.sum(w * STEER))


def _make_demodulator(carrier):
    def demodulate(w):
        return np.sum(np.angle(w + 2.0 + carrier * 0.1))
    return demodulate


demodulate = case(W.copy())(_make_demodulator(STEER))


# ---------------------------------------------------------------- complex outputs: refused
@case(W.copy(), expect='refused', modes=('grad',), why='the output is complex (a data argument)')
def complex_weighted_sum(w, taps=TAPS):
    return np.sum(taps * w)


@case(W.copy(), expect='refused', modes=('grad',), why='the output is complex (a global array)')
def beam_field(w):
    return np.sum(w * STEER)


@case(W.copy(), expect='refused', modes=('grad',), why='the output is complex (a helper)')
def rotated_sum(w):
    return np.sum(phase_rotate(w, 0.5))


@case(W.copy(), expect='refused', modes=('grad',), why='the output is complex (a cast by name)')
def cast_to_complex_by_name(w):
    z = w.astype('complex128')
    return np.sum(z * z)


@case(W.copy(), {'h': TAPS}, expect='refused', modes=('grad',),
      why='the output is complex (an entry of a dict)')
def complex_dict_entry(w, p):
    return np.sum(p['h'] * w)


@case(1.0, expect='refused', modes=('grad',),
      why='a Python float to a fractional power is complex for a negative base')
def distance_from_three(t):
    return (t - 3.0) ** 0.5


@case(W.copy(), expect='refused', modes=('grad',), why='the output is complex (an attribute)')
def antenna_field(w):
    return Antenna(STEER).field(w)


@case(W.copy())
def antenna_power(w):
    return Antenna(STEER).power(w)
