"""A bounded run of the random-program fuzzer, and checks that the fuzzer itself
catches a wrong derivative.

The long run is ``python -m tests.fuzz --examples N --seed S`` (docs/fuzzing.md).
Here hypothesis is derandomized, so CI sees the same programs every time.
Failures whose signature is a known, reported bug (each with an xfail test in
tests/regressions/) are tolerated; remove an entry once its bug is fixed.
"""

import textwrap

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings

from tests import fuzz

#: Outcome signature -> the regression test that pins the bug.
KNOWN = {
    # 'vjp raised: UnboundLocalError: cannot access local variable':
    #     'tests/regressions/test_reverse_mode_bugs.py::'
    #     'test_a_loop_in_a_branch_not_taken_in_split_mode',   (fixed in 9e4b209)
}


@pytest.fixture(scope='module')
def directory(tmp_path_factory):
    return tmp_path_factory.mktemp('fuzz')


#: The constructs (of issue 13 and of the second wave) the bounded run includes.
#: All of fuzz.CONSTRUCTS
#: pass its derandomized examples today, though the long run knows wrong numbers
#: for views and aliases of a parameter (/work/brief/fuzz_findings.md) that
#: these examples do not hit.  If a known srcad bug makes one fail, drop it here
#: with a note until the bug is fixed.
BOUNDED_CONSTRUCTS = fuzz.CONSTRUCTS

SETTINGS = settings(max_examples=20, derandomize=True, deadline=None, database=None,
                    phases=[Phase.explicit, Phase.generate],  # shrinking compiles for minutes
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


@SETTINGS
@given(program=fuzz.programs(constructs=()))
def test_random_programs(program, directory):
    judge(program, directory)


@SETTINGS
@given(program=fuzz.programs(constructs=BOUNDED_CONSTRUCTS))
def test_random_programs_with_containers_aliases_views_casts(program, directory):
    """Issue 13's constructs: a refusal is fine, a wrong number, a crash or a
    changed argument is not."""
    assert program.constructs
    judge(program, directory)


def judge(program, directory):
    outcome = fuzz.check(program, directory)
    if outcome.status == 'fail' and outcome.signature in KNOWN:
        return
    if outcome.status == 'skip' or outcome.stage == 'inconclusive':
        from hypothesis import reject
        reject()
    if outcome.status not in ('ok', 'refused'):
        path = fuzz.save(program, outcome, directory / 'failure.py')
        raise AssertionError(
            f'{outcome.status} at {outcome.stage}:\n{outcome.message}\n--- program ---\n'
            f'{program!r}\nSaved to {path}; shrink it with\n'
            f'    python -m tests.fuzz --replay {path} --minimize')


@pytest.mark.parametrize('construct', fuzz.CONSTRUCTS)
def test_every_construct_draws_programs_that_numpy_runs(construct, directory):
    """The generator's own check (no srcad): each construct's programs import
    and run, and f returns a float."""
    @settings(max_examples=8, derandomize=True, deadline=None, database=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(program=fuzz.programs(max_statements=4, constructs=(construct,)))
    def runs(program):
        assert construct in program.constructs
        value = fuzz.load(program, directory).f(*fuzz.make_inputs(program))
        assert np.asarray(value).dtype.kind == 'f' and np.shape(value) == (), program

    with np.errstate(all='ignore'):
        runs()


WRONG_RULE = textwrap.dedent('''\
    import numpy as np
    import srcad


    def twice(x):
        return 2.0 * x


    srcad.adjoint(twice, 'x', x='3.0 * g')  # wrong on purpose


    def f(x):
        t1 = np.sin(x)
        t2 = np.cos(x) * 0.5
        t3 = twice(x)
        return np.sum(t3 * t1)
    ''')


def planted(source=WRONG_RULE):
    return fuzz.Program(source, (('x', fuzz.V),), (0,), 3, 1)


def test_a_wrong_derivative_is_caught(tmp_path):
    outcome = fuzz.check(planted(), tmp_path)
    assert outcome.status == 'fail' and outcome.stage == 'gradient mismatch'


def test_a_correct_program_passes(tmp_path):
    source = WRONG_RULE.replace("x='3.0 * g'", "x='2.0 * g'").replace('twice', 'double')
    assert fuzz.check(planted(source), tmp_path).status == 'ok'


def test_inputs_are_checked_unchanged(tmp_path):
    source = textwrap.dedent('''\
        import numpy as np


        def f(x):
            x[0] = x[1] * 2.0
            return np.sum(np.sin(x))
        ''')
    assert fuzz.check(planted(source), tmp_path).status == 'ok'  # f writes, grad must not


def test_a_failing_program_is_saved_replayed_and_minimized(tmp_path):
    program = planted()
    outcome = fuzz.check(program, tmp_path)
    path = fuzz.save(program, outcome, tmp_path / 'failure-001.py')
    assert fuzz.read_saved(path) == program
    assert fuzz.replay(path).signature == outcome.signature
    smaller = fuzz.minimize(program, tmp_path)
    assert 'np.cos' not in smaller.source and 'twice(x)' in smaller.source
    assert fuzz.check(smaller, tmp_path).signature == outcome.signature


def test_a_refusal_of_a_new_construct_is_counted_not_failed(tmp_path):
    source = textwrap.dedent('''\
        import numpy as np


        def f(x):
            b = x * 1.0
            w = b[1:]
            w *= 2.0
            return np.sum(b ** 2)
        ''')
    program = fuzz.Program(source, (('x', fuzz.V),), (0,), 3, 1, constructs=('views',))
    outcome = fuzz.check(program, tmp_path, jvp=True)
    assert outcome.status in ('ok', 'refused')
    summary = fuzz.Summary(tmp_path, 0)
    summary.record(program, outcome)
    assert summary.per_construct == {'views': {'programs': 1, outcome.category: 1}}


def test_a_wrong_jvp_is_caught_on_its_own(tmp_path):
    source = textwrap.dedent('''\
        import numpy as np
        import srcad


        def twice(x):
            return 2.0 * x


        srcad.adjoint(twice, 'x', x='2.0 * g')
        srcad.rules.registry.tangent(twice, x='3.0 * dot')  # wrong on purpose


        def f(x):
            return np.sum(np.sin(twice(x)))
        ''')
    outcome = fuzz.check(planted(source), tmp_path, jvp=True)
    assert outcome.status == 'fail' and outcome.stage == 'jvp mismatch (fd)', outcome


def test_importing_the_fuzzer_does_not_import_hypothesis():
    import subprocess
    import sys
    code = 'import sys, srcad, tests.fuzz; print("hypothesis" in sys.modules)'
    assert subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                          check=True).stdout.strip() == 'False'


def test_the_command_line_runs_and_summarizes(tmp_path, capsys):
    status = fuzz.main(['--examples', '3', '--seed', '1', '--out', str(tmp_path), '--every', '1'])
    out = capsys.readouterr().out
    assert 'tests.fuzz: 3 programs' in out and '[     3]' in out
    assert status in (0, 1)
