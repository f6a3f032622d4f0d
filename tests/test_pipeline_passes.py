"""The driver's passes one by one: a small function -> the passes before the one
tested (as :func:`srcad.compiler.pipeline.compile_gradient` runs them) -> that pass
-> the expected program, and its input record (tree, helpers, resolver) as it was.

The optimizer's passes are tested the same way in tests/test_optimize_passes.py.
"""

import ast
import copy

import numpy as np
import pytest

from srcad.compiler import parse, pipeline, validate
from srcad.compiler.analysis import analyze
from srcad.compiler.ir import Comment, ForRange, WhileLoop
from srcad.compiler.method_calls import route_methods
from srcad.compiler.names import NameFacts
from srcad.compiler.normalize import normalize
from srcad.compiler.reverse import ReverseEmitter
from srcad.method_dispatch import method_call


# -- running the driver up to a pass --------------------------------------------------------
def front(fn, wrt, until='classify'):
    """``(spec, src, prog, ops)`` after the driver's passes up to ``until`` (included)."""
    spec = pipeline.Spec(tuple(wrt))
    src = parse.read_function(fn)
    validate.check(src)
    prog = normalize(src)
    prog = pipeline.protect_arguments(prog, src)
    prog = pipeline.lower_control_flow(prog)
    prog = pipeline.rename(prog)
    ops = pipeline.classify(prog, src)
    steps = [
        ('containers_to_arrays', lambda p, o: pipeline.containers_to_arrays(p, o, spec)),
        ('check_aliasing', lambda p, o: (pipeline.check_aliasing(p, src, o), o)),
        ('method_calls', lambda p, o: (pipeline.method_calls(p, src, o, spec), o)),
        ('known_values', lambda p, o: (p, pipeline.known_values(p, src, o))),
    ]
    for name, step in steps:
        if until == 'classify':
            break
        prog, ops = step(prog, ops)
        if name == until:
            break
    return spec, src, prog, ops


def program(stmts, indent=0) -> list:
    """Source lines of a normalized body (srcad's loop statements included)."""
    pad, out = '    ' * indent, []
    for stmt in stmts:
        if isinstance(stmt, ast.If):
            out.append(f'{pad}if {ast.unparse(stmt.test)}:')
            out += program(stmt.body, indent + 1)
            if stmt.orelse:
                out.append(f'{pad}else:')
                out += program(stmt.orelse, indent + 1)
        elif isinstance(stmt, ForRange):
            out.append(f'{pad}for {ast.unparse(stmt.target)} in {ast.unparse(stmt.range_)}:')
            out += program(stmt.body, indent + 1)
        elif isinstance(stmt, WhileLoop):
            out.append(f'{pad}while {ast.unparse(stmt.test)}:')
            out += program(stmt.body, indent + 1)
        elif isinstance(stmt, Comment):
            out.append(f'{pad}# {stmt.text}')
        else:
            node = ast.fix_missing_locations(copy.deepcopy(stmt))
            out += [pad + line for line in ast.unparse(node).split('\n')]
    return out


def text(prog) -> str:
    return '\n'.join(program(prog.tree.body))


def snapshot(prog, ops=None):
    """What a pass must leave as it was: the record's tree and helpers, the resolver's facts."""
    record = (ast.dump(prog.tree), prog.tree.body[:], dict(prog.helpers),
              prog.namer.snapshot(), dict(prog.namer._next))
    if ops is None:
        return record
    return record + (set(ops.local), dict(ops.helpers), ops.integers, dict(ops.frozen),
                     dict(ops.containers))


def same_snapshot(a, b) -> bool:
    return a[0] == b[0] and len(a[1]) == len(b[1]) and all(
        x is y for x, y in zip(a[1], b[1])) and a[2:] == b[2:]


# -- protect_arguments, split_aux --------------------------------------------------------
def shrinks(xs, w):
    last = xs.pop()
    return np.sum(xs[0] * last * w)


def test_protect_arguments_copies_what_the_function_changes_and_leaves_its_input():
    src = parse.read_function(shrinks)
    prog = normalize(src)
    before = snapshot(prog)
    new = pipeline.protect_arguments(prog, src)
    assert text(new) == '\n'.join(['xs = copy_containers(xs)', 'w = copy_containers(w)'] +
                                   program(prog.tree.body))
    assert same_snapshot(snapshot(prog), before)
    assert 'copy_containers' in new.helpers and 'copy_containers' not in prog.helpers


def with_aux(w, x):
    y = np.tanh(w * x)
    return np.sum(y), y


def test_split_aux_returns_the_value_and_names_the_aux():
    spec, src, prog, ops = front(with_aux, ['w'])
    before = snapshot(prog)
    new, aux = pipeline.split_aux(prog)
    assert aux == 'aux'
    assert text(new).endswith('\n'.join(['value = t3[0]', 'aux = t3[1]', 'return value']))
    assert same_snapshot(snapshot(prog), before)
    assert 'aux' not in prog.namer.taken and 'aux' in new.namer.taken


# -- method_calls: obj.mean(x) of an obj that may not be an array ----------------------------
def uses_reducer(w, reducer, flag):
    if flag:
        m = reducer.mean(w)
    else:
        m = np.mean(w)
    return m * 2.0


def test_method_calls_routes_a_method_of_a_non_array_and_leaves_its_input():
    spec, src, prog, ops = front(uses_reducer, ['w'], until='check_aliasing')
    assert text(prog) == '\n'.join([
        'if flag:',
        '    m = reducer.mean(w)',
        'else:',
        '    m = np.mean(w)',
        't1 = m * 2.0',
        'return t1'])
    before = snapshot(prog, ops)
    new = pipeline.method_calls(prog, src, ops, spec)
    # (named method_call_1: this module has a global method_call)
    assert text(new) == '\n'.join([
        'if flag:',
        "    m = method_call_1('mean', reducer, w)",
        'else:',
        '    m = np.mean(w)',
        't1 = m * 2.0',
        'return t1'])
    assert new.helpers['method_call_1'] is method_call
    assert same_snapshot(snapshot(prog, ops), before)  # the input: as it was
    assert method_call not in prog.helpers.values()
    # unchanged statements are shared, changed ones (and those holding them) are new
    assert new.tree.body[1] is prog.tree.body[1] and new.tree.body[0] is not prog.tree.body[0]
    assert new.tree.body[0].orelse is prog.tree.body[0].orelse


def test_route_methods_without_anything_to_route_returns_its_inputs():
    spec, src, prog, ops = front(uses_reducer, ['w', 'reducer'], until='check_aliasing')
    body, helpers = route_methods(prog.tree.body, prog.params, spec.wrt, src, prog.namer,
                                  prog.helpers, ops.local)
    assert body is prog.tree.body and helpers is prog.helpers
    assert pipeline.method_calls(prog, src, ops, spec) is prog


# -- known_values: a new resolver with integer arrays and frozen distributions --------------
def integer_buffer(x):
    k = np.zeros(3, dtype=int)
    k[0] = x[0]
    return np.sum(x * k[0])


def test_known_values_makes_a_new_resolver_with_the_facts_fixed():
    spec, src, prog, ops = front(integer_buffer, ['x'], until='method_calls')
    before = snapshot(prog, ops)
    resolved = dict(ops.resolved)
    known = pipeline.known_values(prog, src, ops)
    assert known is not ops
    assert 'k' in {NameFacts.of(prog).variable(n) for n in known.integers}
    assert ops.integers == frozenset() and dict(ops.frozen) == {}  # the input: as it was
    assert same_snapshot(snapshot(prog, ops), before)
    assert all(known.resolved[key] is obj for key, obj in resolved.items())
    with pytest.raises(AttributeError):
        known.integers = frozenset()
    with pytest.raises(AttributeError):
        known.frozen = {}
    with pytest.raises(TypeError):
        known.frozen['d'] = None


def test_a_write_into_an_integer_buffer_carries_no_derivative():
    spec, src, prog, ops = front(integer_buffer, ['x'], until='known_values')
    write = next(s for s in prog.tree.body if isinstance(s, ast.Assign)
                 and isinstance(s.value, ast.Call) and 'setitem' in ast.unparse(s.value.func))
    assert ops.op(write.value).kind == 'const'


# -- containers_to_arrays ----------------------------------------------------------------
def stacked(a, b, flag):
    xs = [a, b * 2.0]
    if flag:
        s = np.sum(xs)
    else:
        s = np.mean(xs) * 3.0
    return s


def test_containers_to_arrays_converts_lists_numpy_receives_and_leaves_its_input():
    spec, src, prog, ops = front(stacked, ['a'])
    before = snapshot(prog, ops)
    new, new_ops = pipeline.containers_to_arrays(prog, ops, spec)
    assert text(new) == '\n'.join([
        't1 = b * 2.0',
        'xs = [a, t1]',
        'if flag:',
        '    t3 = as_array(xs)',
        '    s = np.sum(t3)',
        'else:',
        '    t4 = as_array(xs)',
        '    t2 = np.mean(t4)',
        '    s = t2 * 3.0',
        'return s'])
    assert same_snapshot(snapshot(prog, ops), before)  # the input record and resolver
    assert new_ops is not ops and {'t3', 't4'} <= new_ops.local and not {'t3', 't4'} & ops.local
    assert 'as_array' in new.helpers and 'as_array' in new_ops.helpers
    assert 'as_array' not in prog.helpers and 'as_array' not in ops.helpers
    # the names holding lists: what calls of the user's functions are compiled for
    assert dict(new_ops.containers) == {'xs': 'sequence'} and dict(ops.containers) == {}
    later = pipeline.known_values(new, src, new_ops)
    assert later.containers is new_ops.containers


# -- emit: the reverse emitter reads its record, never writes it -----------------------------
def stop_when_big(x, n):
    s = x
    going = True
    for i in range(n):
        if going:  # the branch assigns its own test
            s = s * 2
            going = np.sum(s) < 1
    return np.sum(s)


def test_reverse_emission_leaves_its_input_record_as_it_was():
    spec, src, prog, ops = front(stop_when_big, ['x'], until='known_values')
    activity = analyze(prog.tree.body, spec.wrt, ops)
    before = snapshot(prog, ops)
    emitter = ReverseEmitter(src, prog, ops, activity, {})
    emitted = emitter.build(['x'], 'stop_when_big_grad')
    assert same_snapshot(snapshot(prog, ops), before)
    assert emitter.norm is not prog  # its own record: the test copied before the ``if``
    assert 'for i in t1:\n    t5 = going\n    if t5:' in text(emitter.norm)
    assert 'if going:' in text(prog)
    assert emitted.trees and 'x_bar' in '\n'.join(pipeline.codegen.render(emitted.trees))
    # through the driver's emit: the same code as compile_gradient, the record unchanged
    emitted = pipeline.emit(prog, src, ops, activity, spec, None)
    assert same_snapshot(snapshot(prog, ops), before)
    assert pipeline.codegen.build(emitted.trees, emitted.helpers, src).source == \
        pipeline.compile_gradient(stop_when_big, ['x']).source


# -- every pass of the driver, on a few programs: nothing changes its input ------------------
def lists_and_loops(ws, x):
    total = 0.0
    for w in ws:
        total = total + np.sum(np.sin(w * x))
    return total


@pytest.mark.parametrize('fn, wrt, mode, aux', [
    (uses_reducer, ['w'], 'grad', False),
    (integer_buffer, ['x'], 'value_and_grad', False),
    (stacked, ['a', 'b'], 'vjp', False),
    (stop_when_big, ['x'], 'jvp', False),
    (with_aux, ['w'], 'grad', True),
    (lists_and_loops, ['ws'], 'grad', False),
])
def test_no_pass_changes_its_input_record(fn, wrt, mode, aux, monkeypatch):
    seen = []

    def checked(name):
        run = getattr(pipeline, name)

        def call(*args, **kwargs):
            records = [a for a in args if isinstance(a, pipeline.Normalized)]
            resolvers = [a for a in args if isinstance(a, pipeline.Resolver)]
            before = [snapshot(p, resolvers[0] if resolvers else None) for p in records]
            out = run(*args, **kwargs)
            after = [snapshot(p, resolvers[0] if resolvers else None) for p in records]
            assert all(same_snapshot(a, b) for a, b in zip(after, before)), name
            seen.append(name)
            return out
        monkeypatch.setattr(pipeline, name, call)
    for name in ('protect_arguments', 'lower_control_flow', 'rename', 'split_aux', 'classify',
                 'containers_to_arrays', 'check_aliasing', 'method_calls', 'known_values',
                 'refuse_underivable', 'emit'):
        checked(name)
    pipeline.compile_gradient(fn, wrt, mode, has_aux=aux)
    assert {'rename', 'known_values', 'emit'} <= set(seen)


def scalar_running_product(a):
    p = a
    q = p
    for _ in range(3):
        p *= a
    return p + q


def test_check_aliasing_with_run_time_guards_leaves_its_input():
    spec, src, prog, ops = front(scalar_running_product, ['a'], until='containers_to_arrays')
    before = snapshot(prog)
    new = pipeline.check_aliasing(prog, src, ops)
    assert new is not prog  # (guards were inserted)
    assert same_snapshot(snapshot(prog), before)
