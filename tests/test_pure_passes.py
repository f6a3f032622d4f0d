"""Issue 14: passes hand facts on as data in the program record, not through marks on
syntax nodes or the name generator; forward mode indexes a known ndarray's tangent as
the array is indexed."""

import ast

import numpy as np
import pytest

import srcad
from srcad.calls import jvp_of
from srcad.compiler import parse, pipeline
from srcad.compiler.fastast import walk
from srcad.compiler.names import NameFacts, Namer
from srcad.compiler.normalize import normalize
from srcad.errors import UnsupportedSyntaxError
from srcad.testing import check_derivatives


def _accumulate(x):
    y = x * 1.0
    z = y
    y += x
    return np.sum(z * y)


def _sorted_alias(x):
    y = x * 1.0
    z = y
    y.sort()
    return np.sum(z)


def _entry_in_place(x):
    hs = [x * 1.0, x * 2.0]
    h = hs[0]
    hs[0] += x
    return np.sum(h) + np.sum(hs[0])


def test_in_place_writes_are_facts_of_the_normalized_record():
    prog = normalize(parse.read_function(_accumulate))
    assert isinstance(prog.in_place, frozenset) and len(prog.in_place) == 1
    ((position, target, operand), mark), = prog.in_place
    assert (target, operand, mark) == ('y', 'y', ast.Add)
    assert position[0] == _accumulate.__code__.co_firstlineno + 3  # the line of y += x
    assert not any(k.startswith('srcad_') for n in walk(prog.tree) for k in vars(n))
    entry = normalize(parse.read_function(_entry_in_place))
    assert [operand for (_, _, operand), _ in entry.in_place] == [None]  # the read hs[0]


@pytest.mark.parametrize('fn', [_accumulate, _sorted_alias])
def test_the_mutation_check_reads_the_facts_after_renaming(fn):
    with pytest.raises(UnsupportedSyntaxError, match="'z'"):
        srcad.grad(fn)(np.array([3.0, 1.0, 2.0]))


def test_rename_returns_the_versions_it_made():
    src = parse.read_function(_accumulate)
    prog = pipeline.rename(pipeline.lower_control_flow(normalize(src)))
    versions = dict(prog.versions)
    assert versions and set(versions.values()) == {'y'}
    names = NameFacts.of(prog)
    assert all(names.variable(v) == 'y' for v in versions)
    assert names.is_temporary('t1') and not names.is_temporary('y')
    namer = Namer(['x'])
    assert not any(hasattr(namer, a) for a in ('versions', 'temps', 'derived_from'))


def test_a_user_name_shaped_like_a_temporary_is_the_users():
    def f(t1):
        t2 = t1 * 2.0
        return np.sum(t2 * t1)
    prog = normalize(parse.read_function(f))
    names = NameFacts.of(prog)
    assert not names.is_temporary('t1') and not names.is_temporary('t2')
    check_derivatives(f, np.array([0.5, -1.0]))


def _built_then_indexed(x):
    out = np.zeros(3)
    out[0] = x[0] * 2.0
    out[1] = np.sin(x[1])
    out[2] = out[0] * out[1]
    return out[2] + out[0] ** 2


def test_forward_mode_indexes_a_known_ndarray_tangent_directly():
    source = jvp_of(_built_then_indexed, ['x']).compiled.source
    assert 'out_2_dot[0] * t6' in source and 'out_3_dot[2]' in source, source
    assert 'index_tangent(x_dot, x, 0)' in source  # a parameter may be a list: kept
    assert not any('index_tangent' in line and 'out' in line.split('=')[1]
                   for line in source.splitlines() if '=' in line), source
    check_derivatives(_built_then_indexed, np.array([0.3, -0.7]))


def test_an_object_with_its_own_getitem_is_still_refused_in_forward_mode():
    class Boxed:
        def __init__(self, a):
            self.a = a

        def __getitem__(self, i):
            return self.a[i] * 2.0

    def f(x, box):
        return x[0] * box[0]

    with pytest.raises(srcad.SrcadError):
        srcad.jvp(lambda b: f(np.ones(2), b), (Boxed(np.ones(2)),), (Boxed(np.ones(2)),))
