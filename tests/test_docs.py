"""Every Python example in README.md and docs/ runs, and prints what the docs say.

A ```python block followed directly by a ```text block must print exactly
that text.  The blocks of one file share a namespace, like a reader's session.
Each block is written to a real file first, so srcad can read its source.
"""

import contextlib
import io
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
FILES = [ROOT / 'README.md'] + sorted((ROOT / 'docs').glob('*.md'))
BLOCK = re.compile(r'```(\w+)\n(.*?)```', re.S)


def blocks(path):
    found = BLOCK.findall(path.read_text())
    for i, (lang, code) in enumerate(found):
        if lang == 'python':
            following = found[i + 1] if i + 1 < len(found) else (None, None)
            expected = following[1] if following[0] == 'text' else None
            yield code, expected


@pytest.mark.parametrize('path', FILES, ids=[p.name for p in FILES])
def test_examples_in_docs_run(path, tmp_path):
    namespace = {'__name__': f'doc_{path.stem}'}
    for n, (code, expected) in enumerate(blocks(path)):
        file = tmp_path / f'{path.stem}_block{n}.py'
        file.write_text(code)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, str(file), 'exec'), namespace)
        if expected is not None:
            assert out.getvalue().strip() == expected.strip(), f'{path.name} block {n}'
