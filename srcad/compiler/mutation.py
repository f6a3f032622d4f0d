"""Refuse element writes whose effect srcad would not reproduce.

srcad compiles ``x[i] = v`` as ``x = setitem(x, i, v)``: a new value for the
name ``x``, leaving the old buffer alone (so the caller's arrays are never
modified and the backward sweep can read the old values).  In Python the
write changes the buffer itself, visible through every other name for it: a
copy ``y = x``, a view ``y = x[1:]``, ``x.T``, ``x.reshape(...)``, a list
holding ``x``.  When such another name is read after the write, the two
semantics differ, and srcad refuses with a clear error instead of computing
a different function.

One element ``t = x[i, j]`` of a numeric array shares nothing (numpy hands
out a copy, a number) -- when the checker can tell that ``x`` is such an
array with that many dimensions (made here by ``np.zeros((2, 3))`` and the
like, and never handed to code that could change it in place); else it
assumes a view.

The check is split by what it needs to know: :mod:`~srcad.compiler.sharing`
(which objects a name may be, or hold), :mod:`~srcad.compiler.value_kinds` (what
some values surely are: an array with a known number of dimensions, a number,
a tuple), :mod:`~srcad.compiler.argument_writes` (called functions that change
their arguments) and :mod:`~srcad.compiler.mutation_guards` (the checks left to
run time).  This module walks the body in program order, finds the writes and
refuses.
"""

from __future__ import annotations

import ast

from .sequence_results import sequence_result
from .fastast import walk
from .. import runtime
from ..errors import UnsupportedSyntaxError
from .names import assigned_names, live_in, param_names
from .parse import FunctionSource
from ..rules.python.attribute_writes import set_attribute
from .argument_writes import IN_PLACE, _check_calls
from .mutation_guards import AUGMENTED, ITERATED
from .sharing import _flows, _inside_too, field_flows
from .sharing_joins import Joins
from .overwrites import refuse_calls
from .view_calls import maybe_views, optimistic
from .element_writes import element_error, element_write, repeats, two_rounds
from .flatten_nodes import statement_position
from .value_kinds import INT, NUMBER, _atom_kind, _in_order, _is_array, _is_method, value_kinds

# (also imported from here: the public names of the modules the check is split into)
from .argument_writes import MUTATING_METHODS, argument_changes, changes_an_argument  # noqa: F401
from .mutation_guards import insert_guards, rebinds_argument, writes_shared_data  # noqa: F401
from .sharing import VIEW_METHODS  # noqa: F401
from .write_errors import _argument_error, _write_error
from .write_through import back_parts, seeing


def check_writes(body: list, src: FunctionSource, resolver, variable=None,
                 guards: list | None = None, in_place: frozenset = frozenset()) -> None:
    """:func:`_check_writes`, where a call that may return a view or a new array
    (``np.diag(v)``, ``np.asarray(v)``: :func:`srcad.compiler.view_calls.maybe_views`) is
    a view; when that refuses (or leaves a check) that taking those calls for new arrays
    would not, they are taken so and each is checked when the code runs instead
    (:func:`srcad.compiler.view_calls.no_shared_data`, a guard ``('fresh', ...)``)."""
    first = None if guards is None else []
    try:
        _check_writes(body, src, resolver, variable, first, in_place)
        error = None
    except UnsupportedSyntaxError as e:
        error = e
    maybe = {} if guards is None or error is None and not _aliases(first) else \
        maybe_views(body, resolver, _flat(body))
    if maybe:
        second = []
        try:
            with optimistic(maybe):
                _check_writes(body, src, resolver, variable, second, in_place)
        except UnsupportedSyntaxError:
            second = None
        if second is not None and (error is not None or _aliases(first) != _aliases(second)):
            guards.extend(second)
            for stmt, names in maybe.values():
                where = src.location(stmt)
                guards.append(('fresh', stmt, stmt.targets[0].id, [n.id for n in names],
                               ast.unparse(stmt.value.func),
                               f'{where.filename}:{where.lineno}:{where.col + 1}'))
            return
    if error is not None:
        raise error
    if guards is not None:
        guards.extend(first)


def _aliases(guards) -> set:
    """The run-time checks of shared data among ``guards`` (by statement and name)."""
    return {(id(g[1]), g[3], g[4]) for g in guards or () if g[0] == 'alias'}


def _check_writes(body: list, src: FunctionSource, resolver, variable=None,
                  guards: list | None = None, in_place: frozenset = frozenset()) -> None:
    """Raise if a written array is read afterwards through another name, or if a
    called function changes an argument in place.

    One pass in program order tracks which names may share a buffer with
    which (a copy or a view shares; anything else makes a new buffer).  With a
    ``guards`` list, calls that change an argument only if it is mutable are
    added to it instead of refused (to be checked when the code runs: see
    :func:`insert_guards`).  ``variable``: the variable a renamed version belongs to
    (the rename pass's facts); ``in_place``: the normalized record's facts of the
    writes into a value's data (:func:`srcad.compiler.flatten_nodes.in_place_facts`).
    """
    variable = variable or (lambda name: name)

    def same_variable(a, b):
        return variable(a) == variable(b)
    marks = _marks(in_place)
    reads = {}  # (position, variable) -> the version of it last read there (see _in_place)
    params = param_names(src.tree.args)
    _check_calls(body, src, resolver, guards)  # (it finds the value kinds it needs)
    statements = list(_flat(body))
    refuse_calls(statements, src, resolver, lambda: two_rounds(body),  # (nan_to_num(y,
                 variable or (lambda name: name))  # copy=False), scipy's overwrite_a=True)
    if not marks and not any(_written(stmt, resolver) for stmt in statements):
        return  # no write into a value's data anywhere: nothing for another name to see
    kinds = value_kinds(body, resolver, params)
    order = list(two_rounds(body))  # a loop's body twice: what a round leaves, seen
    own = {}    # name -> tokens of the objects (array data, lists) it may be, or view
    held = {}   # name -> tokens of the objects it may hold (a list's entries...)
    packs = {}  # name of a tuple or list built here -> the atoms it holds
    numeric = set()  # names of arithmetic's or numpy's results: never a list or a dict
    iterated = set()  # the sequences loops go over (runtime.sequence(x))
    repeated = set()  # tokens of containers holding one object under two indices
    looped = set()  # the variables of loops: x = t[k1] of an iterated t
    fields = {}  # name of an object built here -> what each attribute holds (sharing.py)

    def shown(name):  # the user's name for srcad's version x_1 of x
        import re
        base = re.sub(r'_\d+$', '', name)
        return base if base != name and same_variable(name, base) else name

    parts = back_parts(body, variable, resolver.callee)  # (write_through.py)
    joins = Joins(order, own, held, packs, numeric, fields)  # (a name may be what any
    # path made it: sharing_joins.py)
    for k, (stmt, loops) in enumerate(order):
        joins.before(k)
        if not isinstance(stmt, ast.Assign):
            continue
        shared_and_read = joins.path_aware(_shared_and_read, stmt)
        target = _written(stmt, resolver)
        rebound = set(assigned_names([stmt]))  # their old values die here (a loop's round 2)
        if target is not None:
            part = parts.get(id(stmt))  # a write back: the view written back holds it
            sees = seeing(order, k, target, variable, resolver, part)
            other = shared_and_read(target, own, held, order[k + 1:], loops, same_variable,
                                     exclude=rebound | sees)
            if other in iterated and guards is not None \
                    and resolver.callee(stmt.value.func) is runtime.setitem:
                # for k in d: d[k] = ...: a dict's loop goes over its keys, which a write
                # to an existing key leaves alone; a list's or an array's loop would see it
                other = shared_and_read(target, own, held, order[k + 1:], loops,
                                         same_variable, exclude=iterated | rebound | sees)
                if other is None:
                    where = src.location(stmt)
                    guards.append(('alias', stmt, ast.Name(target, ast.Load()), ITERATED,
                                   shown(target), shown(target),
                                   f'{where.filename}:{where.lineno}:{where.col + 1}',
                                   stmt.value.args[1]))  # the key: must be in the dict
            if other is not None:
                raise _write_error(shown(target), shown(other), src.location(stmt),
                                   resolver.callee(stmt.value.func) is set_attribute)
            param = _argument_seen(target, own, params, same_variable)
            if param is not None:
                raise _argument_error(shown(target), param, src.location(stmt))
        value_nodes = walk(stmt.value)
        written = _in_place(stmt, kinds, value_nodes, marks, variable, reads)
        if written is not None:
            name, method = written
            other = shared_and_read(name, own, held, order[k + 1:], loops, same_variable,
                                     exclude=rebound | seeing(order, k, name, variable,
                                                              resolver))
            param = _argument_seen(name, own, params, same_variable) if other is None else None
            if other is not None or param is not None:
                if guards is None or _is_array(kinds.get(name)) or method not in AUGMENTED:
                    raise _write_error(shown(name), shown(other), src.location(stmt)) \
                        if other is not None else \
                        _argument_error(shown(name), param, src.location(stmt))
                where = src.location(stmt)
                guards.append(('alias', stmt, ast.Name(name, ast.Load()), method, shown(name),
                               shown(other) if other is not None else param,
                               f'{where.filename}:{where.lineno}:{where.col + 1}',
                               other is None))
        if isinstance(stmt.value, (ast.Tuple, ast.List)):
            packs[stmt.targets[0].id] = stmt.value.elts
        for node in value_nodes:  # a parameter (or a name bound later): its own
            if isinstance(node, ast.Name) and node.id in resolver.local:
                own.setdefault(node.id, {node.id})
        flows = _flows(stmt, resolver, packs, own, held, kinds, written, numeric)
        flows.update(field_flows(stmt, resolver, own, held, fields, rebound))
        if isinstance(stmt.targets[0], ast.Name) and _numeric_value(stmt.value, resolver, kinds,
                                                                      numeric):
            numeric.add(stmt.targets[0].id)
        if isinstance(stmt.value, ast.Call) and resolver.callee(stmt.value.func) is \
                runtime.sequence and isinstance(stmt.targets[0], ast.Name):
            iterated.add(stmt.targets[0].id)
        for name in rebound:
            made, holding = flows.get(name, (set(), set()))
            own[name], held[name] = made or {('new', k, name)}, holding
        repeated |= repeats(stmt, own, held, kinds, resolver.callee, runtime.setitem,
                            runtime.list_append, repeated)
        if isinstance(stmt.value, ast.Subscript) and isinstance(stmt.value.value, ast.Name) \
                and stmt.value.value.id in iterated and isinstance(stmt.targets[0], ast.Name):
            looped.add(stmt.targets[0].id)
        entry = element_write(stmt, k, order, loops, own, held, kinds, repeated,
                              same_variable, shared_and_read, looped | iterated,
                              _marked(stmt, marks, variable).get(None), params)
        if entry is not None:  # xs[i] op= v (obj.attr op= v) into an array another name holds
            sure, method, text, other = entry
            container = stmt.value.value.id
            attribute = isinstance(stmt.value, ast.Attribute)
            if guards is None:
                raise element_error(text, shown(other), shown(container), method,
                                    src.location(stmt))
            # checked when the code runs: an array's element write is the write into the
            # array (above); a dict's loop hands out keys, which share nothing
            where = src.location(stmt)
            guards.append(('alias', order[k + 1][0], ast.Name(stmt.targets[0].id, ast.Load()),
                           method, text, shown(other),
                           f'{where.filename}:{where.lineno}:{where.col + 1}',
                           sure == 'argument', ast.Name(container, ast.Load()), sure == 'keys',
                           stmt.value.attr if attribute else False))
        elif isinstance(stmt.value, ast.Attribute) and guards is not None \
                and isinstance(stmt.value.value, ast.Name) \
                and _marked(stmt, marks, variable).get(None) is not None \
                and stmt.value.attr not in fields.get(stmt.value.value.id, {}):
            # obj.attr op= v of an attribute perhaps not the instance's own: a class's
            # (shared by every instance) would change; checked when the code runs
            where = src.location(stmt)
            mark = _marked(stmt, marks, variable)[None]
            guards.append(('alias', order[k + 1][0], ast.Name(stmt.targets[0].id, ast.Load()),
                           IN_PLACE.get(mark[0], '__iadd__'), mark[1], None,
                           f'{where.filename}:{where.lineno}:{where.col + 1}', False,
                           ast.Name(stmt.value.value.id, ast.Load()), False, stmt.value.attr))
    if guards:  # a loop's body was checked twice: one check each
        seen = set()
        guards[:] = [g for g in guards if g[0] != 'alias' or (id(g[1]), g[3], g[4]) not in seen
                     and not seen.add((id(g[1]), g[3], g[4]))]


def _argument_seen(target, own, params, same_variable):
    """The parameter whose object (the caller's argument, or an entry of it) a write into
    ``target`` would change, when ``target`` is another name for it (a view ``w = x[1:]``,
    an alias ``y = x``, an entry ``w = Ws[0]``), or None.  A write through the parameter's
    own name (``x += 1``, ``x[0] = v``) is computed as a new value, as before."""
    mine = own.get(target, {target})
    for param in params:
        if (param in mine or ('in', param) in mine) and not same_variable(target, param):
            return param
    return None


def _shared_and_read(target, own, held, after, loops, same_variable, exclude=(),
                     paths=None):
    """A name other than ``target`` (and those in ``exclude``) that may see a write into
    ``target``'s object (the same object, a view of its data, or a container holding it)
    and is read after the write (or in the next round of a loop around it), or None.
    ``paths``: (the branches around a statement, those around the write), for
    :func:`_read_before_rebound` (:meth:`srcad.compiler.sharing_joins.Joins.path_aware`)."""
    mine = own.get(target, {target})
    others = sorted((n for n in set(own) | set(held)
                     if n != target and not same_variable(n, target) and n not in exclude
                     and _inside_too(own.get(n, {n}) | held.get(n, set())) & mine),
                    key=lambda n: (_temporary(n), n))  # a user's name first, for the message
    later = [s for s, _ in after]
    for other in others:
        next_round = any(other in live_in(loop.body)
                         and any(_reads(s, other) for s in _flat(loop.body)) for loop in loops)
        if next_round or _read_before_rebound(later, other, paths):
            return other
    return None


def _temporary(name) -> bool:
    import re
    return re.fullmatch(r't\d+(_\d+)?', name) is not None


def _marks(in_place) -> dict:
    """The in-place facts by statement: (position, target) -> {operand: mark}."""
    marks = {}
    for (position, target, operand), mark in in_place:
        marks.setdefault((position, target), {}).setdefault(operand, mark)
    return marks


def _marked(stmt, marks, variable) -> dict:
    """The in-place facts of ``stmt`` ({} for most): {operand variable: mark}, the
    operand None for the read ``t = xs[i]`` of ``xs[i] op= v``."""
    if not marks or not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1 \
            or not isinstance(stmt.targets[0], ast.Name):
        return {}
    return marks.get((statement_position(stmt), variable(stmt.targets[0].id)), {})


def _in_place(stmt, kinds, nodes=None, marks=None, variable=None, reads=None):
    """``(name, method)`` when ``stmt`` changes ``name``'s object in place: an augmented
    assignment ``x += v`` (normalized to ``x = x + v``, its operand noted in the
    record's facts; method ``'__iadd__'``), or ``x.sort()`` (``x = np.sort(x)``; method
    ``'sort'``).  Not for a name surely a number or a tuple (there ``x += v`` makes a
    new value).  ``nodes``: ``walk(stmt.value)``, if known.  ``reads``: the names read
    by the statements before at each position (a later pass may have moved the operand
    into one: ``t6 = as_operand(xs, t3); xs_1 = t6 + t7``), added to here."""
    variable = variable or (lambda name: name)
    nodes = walk(stmt.value) if nodes is None else nodes
    marked = _marked(stmt, marks, variable)
    if reads is not None and marks:
        position = statement_position(stmt)
        for node in nodes:
            if isinstance(node, ast.Name):
                reads[position, variable(node.id)] = node.id
    if not any(operand is not None for operand in marked):
        return None
    found = next(((node.id, marked[variable(node.id)]) for node in nodes
                  if isinstance(node, ast.Name) and variable(node.id) in marked), None)
    if found is None and reads is not None:  # the operand read by an earlier statement
        found = next(((reads[statement_position(stmt), operand], mark)
                      for operand, mark in marked.items()
                      if (statement_position(stmt), operand) in reads), None)
    if found is None:
        return None
    name, mark = found
    if isinstance(mark, str):
        return name, mark
    kind = kinds.get(name)
    if kind in (INT, NUMBER) or (isinstance(kind, tuple) and kind[0] == 'tuple'):
        return None
    return name, IN_PLACE.get(mark, '__iadd__')


def _numeric_value(value, resolver, kinds, numeric) -> bool:
    """Whether an (ANF) expression's value is surely no list, tuple or dict: arithmetic
    on numbers or arrays, or a numpy function's result."""
    if isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Add, ast.Mult)):
        # xs + ys joins lists, xs * 2 repeats one: not with a float or an array operand
        def sure(a):
            kind = _atom_kind(a, kinds)
            return _is_array(kind) or kind == NUMBER or (
                isinstance(a, ast.Constant) and type(a.value) in (float, complex))
        both = all(isinstance(a, ast.Name) and a.id in numeric
                   for a in (value.left, value.right))
        return both or sure(value.left) or sure(value.right)
    if isinstance(value, (ast.BinOp, ast.UnaryOp)):
        return True
    if isinstance(value, ast.Call) and not _is_method(value.func, resolver):
        callee = resolver.callee(value.func)
        module = str(getattr(callee, '__module__', None) or '')
        return module.split('.')[0] == 'numpy' and not sequence_result(callee)
    return False



def _written(stmt, resolver):
    """The object ``stmt`` writes into (``x = setitem(x, ...)``, ``xs = list_append(xs, v)``),
    if any."""
    value = getattr(stmt, 'value', None)
    if isinstance(stmt, ast.Assign) and isinstance(value, ast.Call) \
            and resolver.callee(value.func) in (runtime.setitem, runtime.list_append,
                                                set_attribute) \
            and value.args and isinstance(value.args[0], ast.Name):
        return value.args[0].id
    return None


def _flat(stmts):
    for stmt, _ in _in_order(stmts, ()):
        yield stmt


def _read_before_rebound(stmts, name, paths=None) -> bool:
    """Whether ``name`` is read in ``stmts`` (those after a write) before a rebinding that
    every path from the write passes (``paths``: see :func:`_shared_and_read`; a rebinding
    in a branch or loop body the write is not in only makes the reads after it in that
    branch or body read the new value)."""
    chain, where = paths or (lambda stmt: (), ())
    shadows = []  # the branches where name was rebound
    for stmt in stmts:
        if _reads(stmt, name) and not (shadows and any(
                chain(stmt)[:len(s)] == s for s in shadows)):
            return True
        if isinstance(stmt, ast.Assign) and name in assigned_names([stmt]):
            at = chain(stmt)
            if where[:len(at)] == at:
                return False
            shadows.append(at)
    return False


def _reads(stmt, name) -> bool:
    own = [stmt.test] if isinstance(stmt, ast.If) else [stmt] if not hasattr(stmt, 'body') \
        else []
    return any(isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id == name
               for part in own for n in walk(part))
