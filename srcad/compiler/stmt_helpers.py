"""Runtime helpers of the lowered statements (:mod:`srcad.compiler.statements`).

The generated forward sweep calls them where the user's ``assert``, ``raise``,
``with`` and ``try`` ran.  None carries a derivative: each is declared
nondifferentiable, so a differentiated value reaching one (an exception
message built from ``x``) is a constant there.
"""

from __future__ import annotations

import sys

from ..errors import SrcadError
from ..rules.registry import nondifferentiable, register_helpers


def fail_assert(*message):
    """An ``assert`` whose test was false: raise the user's ``AssertionError``."""
    raise AssertionError(*message)


def raise_error(exc, cause=None, has_cause=False):
    """``raise exc`` (``raise exc from cause`` when ``has_cause``)."""
    if has_cause:
        raise exc from cause
    raise exc


def reraise():
    """A bare ``raise`` in an ``except`` block: the exception being handled again."""
    exc = sys.exc_info()[1]
    if exc is None:
        raise RuntimeError('No active exception to reraise')
    raise exc


def check_unpack(length, needed):
    """``a, *rest, b = xs`` needs at least ``needed`` elements, as Python checks."""
    if length < needed:
        raise ValueError(f'not enough values to unpack (expected at least {needed}, '
                         f'got {length})')


def check_star_length(values, least, most, label):
    """``f(*xs)`` fills at least ``least`` and at most ``most`` (None: any number, the
    rest going to ``*args``) parameters of ``f``: Python's own check of the count."""
    n = len(values)
    if n < least or (most is not None and n > most):
        raise TypeError(f'{label}() takes from {least} to {most} positional arguments from '
                        f'the *-argument but {n} were given')


def check_double_star(values, required, named, has_kwargs, label):
    """``f(**d)``: the keys ``f`` needs are there; a key naming a parameter srcad bound
    to its default (when ``f`` also takes ``**kwargs``) is refused."""
    from ..errors import RuntimeCheckError
    for key in required:
        if key not in values:
            raise TypeError(f'{label}() missing required argument: {key!r}')
    for key in values:
        if has_kwargs and key in named:
            raise RuntimeCheckError(
                f'srcad bound the parameter {key!r} of {label} to its default, but the '
                f'**-argument fills it', hint=f'pass {key}= by name')
        if not has_kwargs and key not in named:
            raise TypeError(f'{label}() got an unexpected keyword argument {key!r}')


def with_enter(manager):
    """``with manager as v``: enter it (as Python does, through its type)."""
    return type(manager).__enter__(manager)


def with_exit(manager):
    """Leave a ``with`` block that ran to its end."""
    type(manager).__exit__(manager, None, None, None)


def try_begin():
    """The flag of a ``try`` block: true until the generated ``except`` sets it false
    (the code generator writes the ``try``/``except`` around the block; see
    :func:`srcad.compiler.statements.render_try_blocks`)."""
    return True


def check_caught(kinds):
    """Inside the generated ``except``: let the exception go on unless one of the
    user's handlers names its type (``kinds``); srcad's own refusals always go on
    (a handler of the user's must never turn a refusal into a different path)."""
    exc = sys.exc_info()[1]
    if isinstance(exc, SrcadError) or not isinstance(exc, kinds):
        raise exc


def caught_exception():
    """The exception an ``except ... as e`` block handles."""
    return sys.exc_info()[1]


def caught_matches(exc, kinds) -> bool:
    """Whether the handled exception ``exc`` is one of ``kinds`` (an ``except`` clause)."""
    return isinstance(exc, kinds)


HELPERS = (fail_assert, check_unpack, check_star_length, check_double_star, raise_error, reraise, with_enter, with_exit, try_begin, check_caught,
           caught_exception, caught_matches)
nondifferentiable(*HELPERS, why='a statement of the forward sweep: no value to differentiate')
register_helpers({f.__name__: f for f in HELPERS})
