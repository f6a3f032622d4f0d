"""The compiler driver: one line per pass, in order, and nothing else.

Each pass takes the program record (:class:`srcad.compiler.normalize.Normalized`:
the function's syntax tree, its parameters, the name generator and the runtime
helpers its code calls) and plain data, and returns what it computed: a new
record, or a frozen analysis.  :func:`compile_gradient` is the table of contents;
``docs/how-it-works.md`` walks it pass by pass.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import functools
import gc

from . import (arguments, codegen, controlflow, mutation, parse, ssa, staleness, starchecks,
               validate, view_writes)
from .. import calls
from . import desugar, effects, inplace_elision
from .analysis import Activity, analyze, check_callees
from .array_named_fields import check_array_named_fields
from .array_attribute_reads import guard_reads
from .names import NameFacts, assigned_names
from .method_calls import route_methods
from .codegen import Compiled
from .containers import convert_containers
from .normalize import Normalized, normalize
from .parameters import check_parameters, integer_arrays
from .frozen import frozen_distributions
from .resolve import Resolver
from .shapeinfo import shape_classes
from .forward import ForwardEmitter
from .reverse import ReverseEmitter


@dataclasses.dataclass(frozen=True)
class Spec:
    """What to build: the transform (``grad``, ``value_and_grad``, ``vjp`` or ``jvp``),
    the parameters differentiated, and the facts the caller checks on every call."""

    wrt: tuple
    mode: str = 'grad'
    has_aux: bool = False
    as_tuple: bool = False
    facts: tuple = ()   # (parameter, shape) pairs, or (parameter, 'list' / 'tuple')

    @property
    def shapes(self) -> dict:
        return {p: shape for p, shape in self.facts if not isinstance(shape, str)}

    @property
    def sequences(self) -> dict:
        return {p: kind for p, kind in self.facts if isinstance(kind, str)}


def _without_gc(compile):
    """``compile`` with the cyclic garbage collector paused: a compile makes many
    short-lived syntax trees and no cycles worth collecting midway (10-20% of the
    time went to collections); the collector runs again when the compile ends."""
    @functools.wraps(compile)
    def run(*args, **kwargs):
        paused = gc.isenabled()
        gc.disable()
        try:
            return compile(*args, **kwargs)
        finally:
            if paused:
                gc.enable()
    return run


@_without_gc
def compile_gradient(fn, wrt: list, mode: str = 'grad', has_aux: bool = False,
                     as_tuple: bool = False, facts: tuple = ()) -> Compiled:
    """Generate, compile and return the derivative code of ``fn`` with respect to ``wrt``.

    ``mode`` is ``grad``, ``value_and_grad``, ``vjp`` (a forward and a
    backward function) or ``jvp`` (forward mode); with ``has_aux`` the
    function returns ``(value, aux)``; ``as_tuple`` returns gradients as a tuple
    even for one ``wrt``; ``facts`` are ``(parameter, shape)`` pairs the code
    may assume (the caller checks them on every call), or ``(parameter, kind)``
    for a parameter holding a list or tuple (:func:`srcad.compiler.containers.sequence_kind`).
    """
    spec = Spec(tuple(wrt), mode, has_aux, as_tuple, tuple(facts))
    src = parse.read_function(fn)                 # source text + resolved names
    src = desugar.lower(src)                      # walrus, match, swaps... as plain Python
    validate.check(src)                           # refuse what is outside the language
    prog = normalize(src)                         # one operation per statement
    prog = view_writes.write_back_views(prog)     # changes through views written back
    prog = protect_arguments(prog, src)           # copies of what f changes in place
    prog = lower_control_flow(prog)               # one exit; nothing after a jump
    prog = rename(prog)                           # SSA: one assignment per name
    prog, aux = split_aux(prog) if has_aux else (prog, None)
    ops = classify(prog, src)                     # each statement's operation, once
    prog, ops = containers_to_arrays(prog, ops, spec)  # lists NumPy converts, converted
    prog = plain_inplace(prog, ops, spec)         # x op= v: NumPy's cast and checks, if needed
    prog = check_aliasing(prog, src, ops)         # refuse or guard shared writes
    prog = method_calls(prog, src, ops, spec)     # obj.mean(x) of a non-array: at run time
    ops = known_values(prog, src, ops)            # integer arrays, frozen distributions
    activity = analyze(prog.tree.body, spec.wrt, ops)      # varied and useful names
    relied = refuse_underivable(prog, src, ops, activity, spec)  # default-deny checks
    prog, ops = check_attribute_reads(prog, src, ops, activity, spec)  # p.size of an object
    emitted = emit(prog, src, ops, activity, spec, aux)    # sweeps, optimized
    compiled = codegen.build(emitted.trees, emitted.helpers, src)  # source, compiled
    return dataclasses.replace(compiled, deps=dependencies(src, ops, relied))


# -- the passes, as the driver calls them ---------------------------------------------------
def _with_body(prog: Normalized, body: list, helpers: dict | None = None,
               namer=None) -> Normalized:
    """``prog`` with a new function body (the tree is copied, not changed), and the
    runtime helpers and name generator given (a pass adds to copies of its input's)."""
    tree = copy.copy(prog.tree)  # (a shallow copy: the same arguments, decorators...)
    tree.body = body
    return dataclasses.replace(prog, tree=tree,
                               helpers=prog.helpers if helpers is None else helpers,
                               namer=prog.namer if namer is None else namer)


def protect_arguments(prog: Normalized, src) -> Normalized:
    """Copy the containers the function changes in place (:mod:`.arguments`).  srcad's
    own generated code changes only what it made (its backward halves copy the stacks
    they pop): it needs no copies."""
    if src.filename.startswith('<srcad '):
        return prog
    new = dataclasses.replace(prog, helpers=dict(prog.helpers),  # (protect adds one)
                              namer=prog.namer.copy())
    return _with_body(new, arguments.protect(new, src))


def lower_control_flow(prog: Normalized) -> Normalized:
    """One exit, nothing after ``return``/``break``/``continue`` (:mod:`.controlflow`)."""
    namer = prog.namer.copy()
    return _with_body(prog, controlflow.lower(prog.tree.body, namer), namer=namer)


def rename(prog: Normalized) -> Normalized:
    """Static single assignment: each name assigned once (:mod:`.ssa`)."""
    namer = prog.namer.copy()
    body, versions = ssa.rename(prog.tree.body, prog.params, namer)
    return dataclasses.replace(_with_body(prog, body, namer=namer),
                               versions=prog.versions + versions)


def classify(prog: Normalized, src) -> Resolver:
    """What each statement's operation is (a rule, a call of the user's function,
    a container operation...), decided once and cached (:mod:`.resolve`)."""
    return Resolver(src, set(prog.params) | assigned_names(prog.tree.body),
                    dict(prog.helpers))


def containers_to_arrays(prog: Normalized, ops: Resolver, spec: Spec) -> tuple:
    """Lists and tuples reaching NumPy converted as NumPy converts them (:mod:`.containers`):
    the new record, and a resolver that knows the temporaries and helpers it added and
    the names holding lists (what calls of the user's functions are compiled for)."""
    helpers, ops, namer = dict(prog.helpers), ops.knowing(), prog.namer.copy()
    body, containers = convert_containers(prog.tree.body, ops, namer, helpers, spec.sequences)
    return _with_body(prog, body, helpers, namer), ops.knowing(containers=containers)


def check_aliasing(prog: Normalized, src, ops: Resolver) -> Normalized:
    """Refuse writes another name would see; guard those decided only at run time
    (:mod:`.mutation`).  srcad's own generated code was checked as source already."""
    if src.filename.startswith('<srcad '):
        return prog
    guards = []  # calls whose in-place change depends on the argument: checked when run
    mutation.check_writes(prog.tree.body, src, ops, NameFacts.of(prog).variable, guards,
                          prog.in_place)
    if not guards:
        return prog
    helpers = dict(prog.helpers)  # (the resolver learns them in known_values)
    namer = prog.namer.copy()
    return _with_body(prog, mutation.insert_guards(prog.tree.body, guards, namer, helpers),
                      helpers, namer)


def method_calls(prog: Normalized, src, ops: Resolver, spec: Spec) -> Normalized:
    """``obj.mean(x)`` of an ``obj`` that may not be an array written as a call
    decided when it runs (:mod:`.method_calls`)."""
    namer = prog.namer.copy()
    # a parameter with a shape fact is an ndarray or a float on every call of this code
    # (srcad.specialize checks its type first): its methods are the array's, bound now
    arrays = tuple(p for p in spec.shapes if p in prog.params)
    body, helpers = route_methods(prog.tree.body, prog.params, spec.wrt + arrays, src,
                                  namer, prog.helpers, ops.local)
    return prog if body is prog.tree.body else _with_body(prog, body, helpers, namer)


def known_values(prog: Normalized, src, ops: Resolver) -> Resolver:
    """A new classification that knows the program's helpers and what its values are
    known to be: integer arrays (no derivative) and frozen ``scipy.stats`` distributions."""
    ops = ops.knowing(helpers=prog.helpers)
    integers = frozenset(integer_arrays(prog.tree.body, ops, prog.params))
    frozen = frozen_distributions(prog.tree.body, ops, prog.params,
                                  src.filename.startswith('<srcad '))
    return ops.knowing(integers=integers, frozen=frozen)


def plain_inplace(prog: Normalized, ops: Resolver, spec: Spec) -> Normalized:
    """``x = x op v`` for ``x op= v`` where NumPy's cast into ``x`` and its checks
    provably change nothing (:mod:`.inplace_elision`)."""
    body = inplace_elision.elide(prog.tree.body, prog.params, ops, spec.shapes)
    return prog if body is prog.tree.body else _with_body(prog, body)


def refuse_underivable(prog: Normalized, src, ops: Resolver, activity: Activity,
                       spec: Spec) -> list:
    """Default-deny: a located refusal for every differentiated value that reaches
    a callee, a star-argument or a rule parameter srcad has no derivative for.  Returns
    what the answer relied on beyond the function's own names (:mod:`.effects`)."""
    names = NameFacts.of(prog)  # (which names are the user's variables, which temporaries)
    check_callees(prog.tree.body, ops, activity, src, names)
    check_array_named_fields(prog.tree.body, ops, activity, src, names)
    starchecks.check_star_calls(prog.tree.body, ops, activity, src, names)
    check_parameters(prog.tree.body, ops, activity, src, names, forward=spec.mode == 'jvp')
    return effects.check_effect_calls(prog.tree.body, src, ops, activity, prog)  # for effect


def check_attribute_reads(prog: Normalized, src, ops: Resolver, activity: Activity,
                          spec: Spec) -> tuple:
    """``p.size`` (``.shape``, ``.ndim``, ``.dtype``) of a varied ``p`` that may be the
    user's object checked when it runs (:mod:`.array_attribute_reads`): the new record and resolver."""
    body, namer, helpers = guard_reads(prog.tree.body, ops, activity, spec.wrt, src,
                                       prog.namer, prog.helpers, lambda: NameFacts.of(prog))
    if body is prog.tree.body:
        return prog, ops
    return _with_body(prog, body, helpers, namer), ops.knowing(helpers=helpers)


def front_half(fn, wrt: tuple, facts: tuple):
    """The passes up to activity analysis on another function ``fn`` called for its
    effect (:mod:`.effects` checks what its calls do): ``(src, prog, ops, activity)``."""
    spec = Spec(wrt, 'grad', False, False, facts)
    src = desugar.lower(parse.read_function(fn))
    validate.check(src)
    prog = protect_arguments(view_writes.write_back_views(normalize(src)), src)
    prog = rename(lower_control_flow(prog))
    ops = classify(prog, src)
    prog, ops = containers_to_arrays(prog, ops, spec)
    prog = check_aliasing(prog, src, ops)
    prog = method_calls(prog, src, ops, spec)
    ops = known_values(prog, src, ops)
    return src, prog, ops, analyze(prog.tree.body, spec.wrt, ops)


effects.FRONT_HALF = front_half


def emit(prog: Normalized, src, ops: Resolver, activity: Activity, spec: Spec, aux):
    """The derivative code: forward mode (:mod:`.forward`), or the forward and
    backward sweeps of reverse mode (:mod:`.reverse`), each optimized."""
    base = 'lambda' if src.name == '<lambda>' else src.name
    name = base if spec.mode == 'vjp' else f'{base}_{spec.mode}'
    if spec.mode == 'jvp':
        return ForwardEmitter(src, prog, ops, activity).build(list(spec.wrt), name)
    shapes = shape_classes(prog.tree.body, prog.params, ops, spec.shapes)
    return ReverseEmitter(src, prog, ops, activity, shapes).build(
        list(spec.wrt), name, spec.mode, aux, spec.as_tuple)


def dependencies(src, ops: Resolver, relied=()):
    """What the code relied on when it was compiled: rebuilt when it changes (:mod:`.staleness`)."""
    resolved = [(root, list(attrs), obj) for (root, attrs), obj in ops.resolved.items()]
    return staleness.record(src, resolved, relied)


def split_aux(prog: Normalized) -> tuple:
    """``return t`` becomes ``value = t[0]; aux = t[1]; return value`` (for has_aux):
    the new record and the name of the aux value."""
    *rest, ret = prog.tree.body
    namer = prog.namer.copy()
    value, aux = namer.fresh('value'), namer.fresh('aux')
    parts = [ast.Assign([ast.Name(n, ast.Store())],
                        ast.Subscript(ret.value, ast.Constant(i), ast.Load()))
             for i, n in enumerate((value, aux))]
    parts = [ast.fix_missing_locations(ast.copy_location(p, ret)) for p in parts]
    body = rest + parts + [ast.copy_location(ast.Return(ast.Name(value, ast.Load())), ret)]
    return _with_body(prog, body, namer=namer), aux


calls.link(compile_gradient)  # calls of the user's other functions compile through here
