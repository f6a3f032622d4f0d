"""Each optimizer pass on its own: a small program (statements parsed from source)
-> the pass, with plain facts given as functions -> the expected program.

The passes live one per module in srcad/compiler/optimize/; these tests call them
through the package, as the emitters do, and check no pass changes its input.
"""

import ast
import copy
import textwrap

from srcad.compiler import optimize


def parse(src: str) -> list:
    return ast.parse(textwrap.dedent(src)).body


def expr(src: str) -> ast.expr:
    return ast.parse(src, mode='eval').body


def source(stmts) -> str:
    tree = stmts if isinstance(stmts, ast.AST) else ast.Module(body=list(stmts),
                                                               type_ignores=[])
    return ast.unparse(ast.fix_missing_locations(copy.deepcopy(tree)))


def same(got, want: str):
    assert source(got) == textwrap.dedent(want).strip(), source(got)


def unchanged_input(run, *trees):
    """``run()``'s result, checking it left ``trees`` as they were."""
    before = [ast.dump(ast.Module(body=list(t), type_ignores=[])) for t in trees]
    out = run()
    assert [ast.dump(ast.Module(body=list(t), type_ignores=[])) for t in trees] == before
    return out


HELPERS = {'unbroadcast': 'unbroadcast', 'unreduce': 'unreduce',
           'reduced_size': 'reduced_size', 'matmul_dx': 'matmul_dx', 'matmul_dy': 'matmul_dy'}


def shapes_of(table):
    def shape(node):
        name = node if isinstance(node, str) else getattr(node, 'id', None)
        return table.get(name)
    return shape


# -- shapes: drop_shape_noops, specialize_helpers ------------------------------------

def test_drop_shape_noops_drops_helpers_that_change_nothing():
    out = optimize.drop_shape_noops(
        expr('unbroadcast(g * x, x) + unreduce(s, c) + unbroadcast(g, y)'), HELPERS,
        same_shape=lambda atom: getattr(atom, 'id', None) == 'x',
        is_scalar=lambda atom: getattr(atom, 'id', None) == 'c')
    same(out, 'g * x + s + unbroadcast(g, y)')


def test_drop_shape_noops_without_the_helpers_in_the_code_leaves_the_expression():
    e = expr('unbroadcast(g, x)')
    assert optimize.drop_shape_noops(e, {}, lambda a: True, lambda a: True) is e


def test_specialize_helpers_writes_out_what_the_shapes_decide():
    shape = shapes_of({'x': (3, 4), 'b': (4,), 'c': (3, 1), 'a': (2, 3), 'w': (3, 5)})
    same(optimize.specialize_helpers(expr('reduced_size(x, 1)'), HELPERS, shape, None), '4')
    same(optimize.specialize_helpers(expr('reduced_size(x, None)'), HELPERS, shape, None), '12')
    same(optimize.specialize_helpers(expr('unbroadcast(e, b)'), HELPERS, shape, (3, 4)),
         'e.sum(axis=0)')
    same(optimize.specialize_helpers(expr('unbroadcast(e, c)'), HELPERS, shape, (3, 4)),
         'e.sum(axis=1, keepdims=True)')
    same(optimize.specialize_helpers(expr('matmul_dx(g, a, w)'), HELPERS, shape, None),
         'g @ w.T')
    same(optimize.specialize_helpers(expr('matmul_dy(g, a, w)'), HELPERS, shape, None),
         'a.T @ g')


def test_specialize_helpers_leaves_unknown_shapes_to_the_helper():
    shape = shapes_of({'x': (3, 4)})
    same(optimize.specialize_helpers(expr('unbroadcast(e, q)'), HELPERS, shape, (3, 4)),
         'unbroadcast(e, q)')
    same(optimize.specialize_helpers(expr('reduced_size(q, 0)'), HELPERS, shape, None),
         'reduced_size(q, 0)')


# -- reuse: forward_values, reuse_forward, drop_dead ----------------------------------

def test_reuse_forward_replaces_a_call_the_forward_sweep_computed():
    body = parse('''
        b = np.cos(x)
        y = np.sin(x) * b
    ''')
    values = unchanged_input(lambda: optimize.forward_values(body, lambda call: True, ('x',)),
                             body)
    assert set(values.values()) == {'b'}
    same(optimize.reuse_forward(expr('g * np.cos(x)'), values), 'g * b')


def test_forward_values_skips_names_bound_twice():
    body = parse('''
        b = np.cos(x)
        b = b * 2
    ''')
    assert optimize.forward_values(body, lambda call: True, ('x',)) == {}


def test_drop_dead_removes_chains_nothing_reads():
    forward = parse('''
        a = np.sin(x)
        b = a * 2
        c = np.cos(x)
        print(c)
    ''')
    later = parse('return c')
    removable = lambda stmt: isinstance(stmt, ast.Assign)  # noqa: E731
    out = unchanged_input(lambda: optimize.drop_dead(forward, later, removable), forward)
    same(out, '''
        c = np.cos(x)
        print(c)
    ''')


# -- copies: propagate_copies ----------------------------------------------------------

def test_propagate_copies_folds_copies_and_constants():
    body = parse('''
        a = b
        c = a * 2
        k = 1.0
        y = k * x
        s = 64
        t = -1.0 / s
        z = c + y + t
    ''')
    out = unchanged_input(lambda: optimize.propagate_copies(
        body, body, ('b', 'x'), is_float=lambda name: name == 'x'), body)
    same(out, '''
        c = b * 2
        z = c + x + -0.015625
    ''')


def test_propagate_copies_decides_tests_on_a_folded_constant():
    body = parse('''
        g = 1.0
        if g is not None:
            y = g * w
        else:
            y = w
    ''')
    same(optimize.propagate_copies(body, body, ('w',)), 'y = 1.0 * w')


def test_propagate_copies_keeps_copies_carried_around_a_loop():
    body = parse('''
        for i in range(3):
            a = h
            h = a * 2
    ''')
    same(optimize.propagate_copies(body, body, ('h',)), '''
        for i in range(3):
            a = h
            h = a * 2
    ''')


# -- spreads: fold_spreads -------------------------------------------------------------

def test_fold_spreads_leaves_a_reduction_adjoint_unspread_when_readers_broadcast():
    body = parse('''
        X = unreduce(g, x, 1)
        y_bar = X * w
    ''')
    shape = shapes_of({'x': (3, 4), 'w': (3, 4), 'g': (3,)})
    out = unchanged_input(lambda: optimize.fold_spreads(
        body, 'unreduce', shape, lambda name: False), body)
    same(out, '''
        X = g[:, None]
        y_bar = X * w
    ''')


def test_fold_spreads_seed_of_a_sum_becomes_the_scalar():
    body = parse('''
        X = unreduce(s, x)
        y_bar = X * w
    ''')
    shape = shapes_of({'x': (3, 4), 'w': (3, 4)})
    same(optimize.fold_spreads(body, 'unreduce', shape, lambda name: name == 's'), '''
        X = s
        y_bar = X * w
    ''')


def test_fold_spreads_keeps_a_spread_a_reader_needs_in_full():
    body = parse('''
        X = unreduce(g, x, 1)
        y_bar = np.dot(X, v)
    ''')
    shape = shapes_of({'x': (3, 4), 'v': (4,), 'g': (3,)})
    same(optimize.fold_spreads(body, 'unreduce', shape, lambda name: False), '''
        X = unreduce(g, x, 1)
        y_bar = np.dot(X, v)
    ''')


def test_fold_spreads_on_a_long_chain_does_not_recurse():
    lines = ['X = unreduce(s, x)', 't0 = X * 0.5'] + \
        [f't{k} = t{k - 1} * 0.5 + w' for k in range(1, 3000)]
    body = parse('\n'.join(lines))
    shape = shapes_of({'x': (4,), 'w': (4,)})
    out = optimize.fold_spreads(body, 'unreduce', shape, lambda name: name == 's')
    assert source(out[:2]) == 'X = s\nt0 = X * 0.5'


# -- inline: inline_temps --------------------------------------------------------------

def temp(name):
    return name.startswith('t')


def test_inline_temps_folds_a_temporary_into_its_only_reader():
    body = parse('''
        t1 = a * b
        u = t1 + c
        v = u * 2
    ''')
    out = unchanged_input(lambda: optimize.inline_temps(body, body, ('a', 'b', 'c'),
                                                        temporary=temp), body)
    same(out, '''
        u = a * b + c
        v = u * 2
    ''')


def test_inline_temps_moves_signs_outward_and_merges_sums():
    body = parse('''
        t1 = -a
        g = g + t1 * b
        g = g + c
    ''')
    same(optimize.inline_temps(body, body, ('a', 'b', 'c', 'g'), temporary=temp),
         'g = g - a * b + c')


def test_inline_temps_does_not_move_past_a_call_that_may_change_things():
    body = parse('''
        t1 = a * b
        update(a)
        u = t1 + c
    ''')
    same(optimize.inline_temps(body, body, ('a', 'b', 'c'), temporary=temp), '''
        t1 = a * b
        update(a)
        u = t1 + c
    ''')


def test_inline_temps_keeps_user_names():
    body = parse('''
        x_bar = a * b
        u = x_bar + c
    ''')
    same(optimize.inline_temps(body, body, ('a', 'b', 'c'), temporary=temp), '''
        x_bar = a * b
        u = x_bar + c
    ''')


# -- recompute: rematerialize ----------------------------------------------------------

def test_rematerialize_computes_a_saved_number_again():
    forward = parse('''
        t = None
        for i in range(3):
            stack.append(t)
            t = y * y
            z = z * t
    ''')
    backward = parse('''
        for i in reversed(range(3)):
            z_bar = z_bar * t
            t = stack.pop()
        return z_bar
    ''')
    fresh = iter(['t_1'])
    out = unchanged_input(lambda: optimize.rematerialize(
        forward, backward, lambda name: name == 'y', lambda name: next(fresh)),
        forward, backward)
    same(out[0], '''
        for i in range(3):
            t = y * y
            z = z * t
    ''')
    same(out[1], '''
        for i in reversed(range(3)):
            t_1 = y * y
            z_bar = z_bar * t_1
        return z_bar
    ''')


def test_rematerialize_keeps_a_value_read_after_the_loop():
    forward = parse('''
        t = None
        for i in range(3):
            stack.append(t)
            t = y * y
            z = z * t
    ''')
    backward = parse('''
        for i in reversed(range(3)):
            z_bar = z_bar * t
            t = stack.pop()
        return z_bar + t
    ''')
    out = optimize.rematerialize(forward, backward, lambda name: name == 'y',
                                 lambda name: 't_1')
    assert source(out[0]) == source(forward) and source(out[1]) == source(backward)


# -- memory: walk_saved, free_early ----------------------------------------------------

def test_walk_saved_walks_the_stack_instead_of_popping():
    forward = parse('''
        for i in range(n):
            stack.append(h)
            h = np.tanh(h)
    ''')
    backward = parse('''
        for i in reversed(range(n)):
            h = stack.pop()
            h_bar = h_bar * (1 - h ** 2)
    ''')
    out = unchanged_input(lambda: optimize.walk_saved(forward, backward), forward, backward)
    same(out, '''
        for h in reversed(stack):
            h_bar = h_bar * (1 - h ** 2)
    ''')


def test_walk_saved_keeps_popping_when_the_index_is_read():
    forward = parse('''
        for i in range(n):
            stack.append(h)
            h = np.tanh(h) * i
    ''')
    backward = parse('''
        for i in reversed(range(n)):
            h = stack.pop()
            h_bar = h_bar * i
    ''')
    assert source(optimize.walk_saved(forward, backward)) == source(backward)


def test_free_early_deletes_big_arrays_after_their_last_read():
    body = parse('''
        a = np.ones(n)
        b = a * 2
        c = b + 1
        return c
    ''')
    out = unchanged_input(lambda: optimize.free_early(body, lambda name: name != 'c',
                                                      ('n',)), body)
    same(out, '''
        a = np.ones(n)
        b = a * 2
        del a
        c = b + 1
        return c
    ''')


# -- common: renamed -------------------------------------------------------------------

def test_renamed_copies_with_names_replaced():
    test = expr('a > b')
    same(optimize.renamed(test, {'a': 'a_1'}), 'a_1 > b')
    same(test, 'a > b')
