"""Every Python example in README.md and docs/ runs, and prints what the docs say.

A ```python block followed directly by a ```text block must print exactly
that text.  The blocks of one file share a namespace, like a reader's session.
Each block is written to a real file first, so srcad can read its source.

After an intended change to generated code, refresh the shown outputs with
``SRCAD_UPDATE_DOCS=1 python -m pytest tests/test_docs.py`` and review the diff.
"""

import contextlib
import io
import os
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
FILES = [ROOT / 'README.md'] + sorted((ROOT / 'docs').glob('*.md'))
BLOCK = re.compile(r'```(\w+)\n(.*?)```', re.S)


def blocks(text):
    """(code, expected output or None, the output block's match or None)."""
    found = list(BLOCK.finditer(text))
    for i, match in enumerate(found):
        if match.group(1) == 'python':
            following = found[i + 1] if i + 1 < len(found) else None
            shown = following if following is not None and following.group(1) == 'text' \
                else None
            yield match.group(2), (shown.group(2) if shown else None), shown


@pytest.mark.parametrize('path', FILES, ids=[p.name for p in FILES])
def test_examples_in_docs_run(path, tmp_path):
    namespace = {'__name__': f'doc_{path.stem}'}
    text = path.read_text()
    updates = []
    for n, (code, expected, shown) in enumerate(blocks(text)):
        file = tmp_path / f'{path.stem}_block{n}.py'
        file.write_text(code)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, str(file), 'exec'), namespace)
        if expected is None:
            continue
        if os.environ.get('SRCAD_UPDATE_DOCS'):
            updates.append((shown.start(2), shown.end(2), out.getvalue().strip() + '\n'))
        else:
            assert out.getvalue().strip() == expected.strip(), f'{path.name} block {n}'
    for start, end, new in reversed(updates):
        text = text[:start] + new + text[end:]
    if updates:
        path.write_text(text)
