"""The compiler driver: it chains the passes and does nothing else.

    parse -> validate -> normalize -> lower exits -> rename (SSA) -> analyze
      -> reverse -> emit
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import gc

from . import (arguments, codegen, controlflow, mutation, parse, ssa, staleness, starchecks,
               validate)
from .. import calls
from .analysis import analyze, check_callees
from .names import assigned_names
from .codegen import Compiled
from .containers import convert_containers
from .normalize import normalize
from .parameters import check_parameters, integer_arrays
from .frozen import frozen_distributions
from .resolve import Resolver
from .shapeinfo import shape_classes
from .forward import ForwardEmitter
from .reverse import ReverseEmitter


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
    src = parse.read_function(fn)
    validate.check(src)
    norm = normalize(src)
    norm.tree.body = arguments.protect(norm, src)
    norm.tree.body = controlflow.lower(norm.tree.body, norm.namer)
    norm.tree.body = ssa.rename(norm.tree.body, norm.params, norm.namer)
    aux = None
    if has_aux:
        norm.tree.body, aux = split_aux(norm.tree.body, norm.namer)
    resolver = Resolver(src, set(norm.params) | assigned_names(norm.tree.body), norm.helpers)
    sequences = {p: kind for p, kind in facts if isinstance(kind, str)}  # lists, tuples
    norm.tree.body = convert_containers(norm.tree.body, resolver, norm.namer, norm.helpers,
                                        sequences)
    if not src.filename.startswith('<srcad '):  # srcad's own output was checked as source
        guards = []  # calls whose in-place change depends on the argument: checked when run
        mutation.check_writes(norm.tree.body, src, resolver,
                              lambda a, b: norm.namer.variable(a) == norm.namer.variable(b),
                              guards)
        norm.tree.body = mutation.insert_guards(norm.tree.body, guards, norm.namer,
                                                norm.helpers, resolver.helpers)
    resolver.integers = frozenset(integer_arrays(norm.tree.body, resolver, norm.params))
    resolver.frozen = frozen_distributions(norm.tree.body, resolver, norm.params,
                                           src.filename.startswith('<srcad '))
    activity = analyze(norm.tree.body, wrt, resolver)
    check_callees(norm.tree.body, resolver, activity, src, norm.namer)
    starchecks.check_star_calls(norm.tree.body, resolver, activity, src, norm.namer)
    check_parameters(norm.tree.body, resolver, activity, src, norm.namer, forward=mode == 'jvp')
    base = 'lambda' if src.name == '<lambda>' else src.name
    name = base if mode == 'vjp' else f'{base}_{mode}'
    if mode == 'jvp':
        emitted = ForwardEmitter(src, norm, resolver, activity).build(wrt, name)
    else:
        shapes = shape_classes(norm.tree.body, norm.params, resolver,
                               {p: shape for p, shape in facts if not isinstance(shape, str)})
        emitted = ReverseEmitter(src, norm, resolver, activity, shapes).build(
            wrt, name, mode, aux, as_tuple)
    compiled = codegen.build(emitted.trees, emitted.helpers, src)
    resolved = [(root, list(attrs), obj) for (root, attrs), obj in resolver.resolved.items()]
    return dataclasses.replace(compiled, deps=staleness.record(src, resolved))


def split_aux(body: list, namer) -> tuple:
    """``return t`` becomes ``value = t[0]; aux = t[1]; return value`` (for has_aux)."""
    *rest, ret = body
    value, aux = namer.fresh('value'), namer.fresh('aux')
    parts = [ast.Assign([ast.Name(n, ast.Store())],
                        ast.Subscript(ret.value, ast.Constant(i), ast.Load()))
             for i, n in enumerate((value, aux))]
    parts = [ast.fix_missing_locations(ast.copy_location(p, ret)) for p in parts]
    return rest + parts + [ast.copy_location(ast.Return(ast.Name(value, ast.Load())), ret)], aux


calls.link(compile_gradient)  # calls of the user's other functions compile through here
