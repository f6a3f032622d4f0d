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
    """Raised by runtime helpers inside generated code; the caller adds where (or,
    failing that, the error finds the user's line it came from in its traceback)."""

    def __str__(self):
        if self.location is None and self.__traceback__ is not None:
            where = generated_origin(self)
            if where is not None:
                self.location = where
                self.args = (self._render(),)
        return super().__str__()


#: generated file name -> (the user's file, {generated line: user line}); filled by
#: :func:`srcad.compiler.codegen.build`, read when an error is raised in generated code.
ORIGINS = {}


def _last_generated_frame(exc: BaseException, origins: dict):
    """``(filename, line)`` of the innermost frame of generated code in ``exc``'s
    traceback, or None."""
    tb, found = exc.__traceback__, None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename in origins and (found is None or tb.tb_lineno in origins[filename][1]):
            found = (filename, tb.tb_lineno)  # (a line of srcad's own: the caller's)
        tb = tb.tb_next
    return found


def generated_origin(exc: BaseException) -> Location | None:
    """The user's line that the generated code ``exc`` was raised in differentiates
    (through generated code of generated code, for ``hvp``), or None."""
    found = _last_generated_frame(exc, ORIGINS)
    seen = set()
    while found is not None and found[0] in ORIGINS and found not in seen:
        seen.add(found)
        user_file, lines = ORIGINS[found[0]]
        user_line = lines.get(found[1])
        if not user_line:
            return None
        found = (user_file, user_line)
    if found is None:
        return None
    line = linecache.getline(*found)
    return Location(*found, len(line) - len(line.lstrip()))  # (the caret at the statement)


def note_generated_origin(exc: BaseException) -> None:
    """Tell, on an error raised inside generated code, which user line it came from.

    Adds a note (Python 3.11+) naming the generated line and the user's line
    it differentiates, so a traceback never ends in compiler output alone.
    """
    found = _last_generated_frame(exc, ORIGINS)
    if found is None:
        return
    filename, line = found
    user_file, lines = ORIGINS[filename]
    user_line = lines.get(line)
    generated = linecache.getline(filename, line).strip()
    note = f'srcad: raised by the generated line {generated!r}'
    if user_line:
        source = linecache.getline(user_file, user_line).strip()
        note += f'\n  which differentiates {user_file}:{user_line}: {source}'
    if note in getattr(exc, '__notes__', ()):
        return
    if hasattr(exc, 'add_note'):
        exc.add_note(note)
    else:  # Python 3.10: the same attribute, which tracebacks there do not print
        try:
            exc.__notes__ = [*getattr(exc, '__notes__', []), note]
        except AttributeError:
            pass
