"""srcad's exceptions.

Every refusal srcad makes is a subclass of :class:`SrcadError`.  When the
problem sits in the user's code, the message shows the file, line and column,
the source line with a caret under the construct, and what to do about it, so
that nobody has to read compiler internals to understand a refusal.
"""

from __future__ import annotations

import linecache
from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where in the user's source a construct sits (1-based line, 0-based col)."""

    filename: str
    lineno: int
    col: int = 0

    def describe(self) -> str:
        """``file:line:col`` followed by the source line and a caret."""
        head = f'{self.filename}:{self.lineno}:{self.col + 1}'
        line = linecache.getline(self.filename, self.lineno).rstrip('\n')
        if not line.strip():
            return head
        caret = ' ' * self.col + '^'
        return f'{head}\n    {line}\n    {caret}'


class SrcadError(Exception):
    """Base class of every error srcad raises on purpose."""

    def __init__(self, message: str, location: Location | None = None,
                 hint: str | None = None):
        self.message = message
        self.location = location
        self.hint = hint
        super().__init__(self._render())

    def _render(self) -> str:
        parts = [self.message]
        if self.location is not None:
            parts.append(f'  at {self.location.describe()}')
        if self.hint:
            parts.append(f'  hint: {self.hint}')
        return '\n'.join(parts)


class UnsupportedSyntaxError(SrcadError):
    """The function uses a construct srcad cannot differentiate."""


class NoRuleError(SrcadError):
    """A call has no derivative rule and no source srcad could differentiate."""


class SourceUnavailableError(SrcadError):
    """The source of a function cannot be read (a builtin, C code, exec'd code)."""


class NonScalarOutputError(SrcadError):
    """``grad`` was asked for the gradient of a function whose output is not a scalar."""


class InputError(SrcadError):
    """An argument cannot be differentiated with respect to (an int, an object)."""


class WrtError(SrcadError):
    """``wrt`` names something that is not a parameter of the function."""


class RuntimeCheckError(SrcadError):
    """Raised by runtime helpers inside generated code; the caller adds where."""
