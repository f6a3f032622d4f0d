"""Registering corpus programs and judging what srcad does with them."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field

import numpy as np

import srcad
from srcad.testing import DerivativeMismatch, InputMutated, check_derivatives

ALL_MODES = ('grad', 'value_and_grad', 'vjp', 'jvp', 'hvp')
CASES: list = []


@dataclass
class Case:
    fn: object
    args: tuple
    wrt: object = 0
    expect: str = 'ok'          # 'ok' or 'refused'
    modes: tuple = ALL_MODES
    why: str = ''               # for 'refused': the reason srcad must give
    rtol: float = 1e-5
    atol: float = 1e-7

    @property
    def name(self) -> str:
        return f'{self.fn.__module__.rsplit(".", 1)[-1]}.{self.fn.__qualname__}'


def case(*args, wrt=0, expect='ok', modes=ALL_MODES, why='', rtol=1e-5, atol=1e-7):
    """Register the decorated function as a corpus program called with ``args``."""
    def register(fn):
        CASES.append(Case(fn, args, wrt, expect, tuple(modes), why, rtol, atol))
        return fn
    return register


@dataclass
class Outcome:
    kind: str      # 'ok', 'refused', 'wrong', 'mutated', 'crash'
    detail: str = ''
    mode: str = ''


def judge(c: Case) -> Outcome:
    """Run every mode of ``c`` and say what srcad did, worst outcome first."""
    for mode in c.modes:
        try:
            check_derivatives(c.fn, *_fresh(c.args), wrt=c.wrt, modes=(mode,),
                              rtol=c.rtol, atol=c.atol)
        except srcad.SrcadError as e:
            return Outcome('refused', str(e).splitlines()[0], mode)
        except DerivativeMismatch as e:
            return Outcome('wrong', str(e), mode)
        except InputMutated as e:
            return Outcome('mutated', str(e), mode)
        except Exception as e:  # noqa: BLE001  (anything else escaping srcad is a crash)
            return Outcome('crash', f'{type(e).__name__}: {e}\n{traceback.format_exc(limit=-3)}',
                           mode)
    return Outcome('ok')


def _fresh(args):
    import copy
    return copy.deepcopy(args)


def load_all():
    """Import every program module so that its cases register."""
    import importlib
    import pkgutil
    from . import programs
    for info in pkgutil.iter_modules(programs.__path__):
        importlib.import_module(f'{programs.__name__}.{info.name}')
    return CASES
