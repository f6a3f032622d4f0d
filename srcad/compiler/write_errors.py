"""The refusals of writes another name would see (:mod:`.mutation`'s messages)."""

from __future__ import annotations

from ..errors import UnsupportedSyntaxError


def _write_error(target, other, location, attribute=False):
    if attribute:  # obj.attr = v (srcad/compiler/attributes.py)
        return UnsupportedSyntaxError(
            f'srcad does not support assigning an attribute of {target!r} while {other!r} '
            f'refers to the same object and is read afterwards (Python would change it '
            f'through both names)', location,
            f'read what you need from {other!r} before the assignment, or build a separate '
            f'object for each name')
    return UnsupportedSyntaxError(
        f'srcad does not support writing into {target!r} while {other!r} '
        f'refers to the same data and is read afterwards', location,
        f'copy first (e.g. {target} = {target}.copy()) so the write '
        f'changes only {target!r}')


def _argument_error(target, param, location):
    return UnsupportedSyntaxError(
        f'srcad does not support writing into {target!r}, which refers to the data of the '
        f'argument {param!r}: NumPy would change the caller\'s {param!r} in place, and a '
        f'gradient call never changes its arguments', location,
        f'copy first ({target} = {target}.copy()) so the write changes only {target!r}')
