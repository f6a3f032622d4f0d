"""Checks on the function being differentiated itself (its arguments': :mod:`srcad.wrt`),
made the same way by every transform: ``grad`` and ``value_and_grad``
(:mod:`srcad.api`), ``vjp`` (:mod:`srcad.pullback`), ``jvp`` and the rest
(:mod:`srcad.transforms`), so that each refuses what another refuses."""

from __future__ import annotations

import inspect

from .compiler import desugar_generators, parse
from .errors import Location, UnsupportedSyntaxError


def refuse_generator(fn, target) -> None:
    """Refuse a generator function (its body yields) in every mode, at its ``def``:
    calling it gives a generator, which has no derivative.  (Inside a differentiated
    function, its calls are differentiated: :mod:`srcad.compiler.desugar_generators`;
    one that cannot be rewritten is refused by the language check, at its ``yield``.)"""
    code = getattr(target, '__code__', None)
    if code is None or not code.co_flags & (inspect.CO_GENERATOR | inspect.CO_ASYNC_GENERATOR):
        return
    if not desugar_generators.qualifies(parse.read_function(target).tree):
        return  # (its yield is refused by the language check, where it is written)
    name = getattr(fn, '__qualname__', getattr(target, '__qualname__', repr(fn)))
    raise UnsupportedSyntaxError(
        f'generator function {name} cannot be differentiated: calling it gives a '
        f'generator, not a value', Location(code.co_filename, code.co_firstlineno),
        hint=f'differentiate a function that consumes what it yields, e.g. '
             f'lambda x: sum({target.__name__}(x)), or make it return a list')


def refuse_none_output(target) -> None:
    """Refuse a function that returned None (at its ``def``), with the words reverse
    mode refuses it with when compiling (:mod:`srcad.compiler.reverse`)."""
    code = target.__code__
    raise UnsupportedSyntaxError(
        f'{getattr(target, "__qualname__", target)} returns None: there is nothing to '
        f'differentiate', Location(code.co_filename, code.co_firstlineno),
        'return the value (the loss) to differentiate')
