"""Generated source shown to a person: highlighted HTML for notebooks."""

from __future__ import annotations

import html

from ..errors import SrcadError


def source_html(source: str) -> str:
    """``source`` as self-contained HTML: Pygments colours inline, or a plain ``<pre>``.

    >>> source_html('x = 1 < 2\\n').count('&lt;')
    1
    """
    try:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import PythonLexer
    except ImportError:
        return f'<pre>{html.escape(source)}</pre>'
    return highlight(source, PythonLexer(), HtmlFormatter(noclasses=True))


def gradient_html(gradient) -> str:
    """What a notebook shows for a gradient: its source, or why it has none."""
    try:
        return source_html(gradient.source)
    except SrcadError as exc:
        return f'<pre>{html.escape(repr(gradient))}\n{html.escape(str(exc))}</pre>'
