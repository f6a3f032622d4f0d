"""Every corpus program: each mode matches finite differences, or srcad refuses
it with its own error where the program says it must; never a wrong number, a
crash, or a changed argument."""

import pytest

from corpus.case import judge, load_all

CASES = load_all()


@pytest.mark.parametrize('c', CASES, ids=[c.name for c in CASES])
def test_corpus_program(c):
    out = judge(c)
    assert out.kind == c.expect, f'{out.kind} in {out.mode}: {out.detail}'
