"""The compiler driver: it chains the passes and does nothing else.

    parse -> validate -> normalize -> lower exits -> rename (SSA) -> analyze
      -> reverse -> emit
"""

from __future__ import annotations

import ast

from . import codegen, controlflow, mutation, parse, ssa, validate
from .analysis import analyze
from .names import assigned_names
from .codegen import Compiled
from .normalize import normalize
from .resolve import Resolver
from .shapeinfo import shape_classes
from .forward import ForwardEmitter
from .reverse import ReverseEmitter


def compile_gradient(fn, wrt: list, mode: str = 'grad', has_aux: bool = False,
                     as_tuple: bool = False, facts: tuple = ()) -> Compiled:
    """Generate, compile and return the derivative code of ``fn`` with respect to ``wrt``.

    ``mode`` is ``grad``, ``value_and_grad``, ``vjp`` (a forward and a
    backward function) or ``jvp`` (forward mode); with ``has_aux`` the
    function returns ``(value, aux)``; ``as_tuple`` returns gradients as a tuple
    even for one ``wrt``; ``facts`` are ``(parameter, shape)`` pairs the code
    may assume (the caller checks them on every call).
    """
    src = parse.read_function(fn)
    validate.check(src)
    norm = normalize(src)
    norm.tree.body = controlflow.lower(norm.tree.body, norm.namer)
    norm.tree.body = ssa.rename(norm.tree.body, norm.params, norm.namer)
    aux = None
    if has_aux:
        norm.tree.body, aux = split_aux(norm.tree.body, norm.namer)
    resolver = Resolver(src, set(norm.params) | assigned_names(norm.tree.body), norm.helpers)
    if not src.filename.startswith('<srcad '):  # srcad's own output was checked as source
        guards = []  # calls whose in-place change depends on the argument: checked when run
        mutation.check_writes(norm.tree.body, src, resolver,
                              lambda a, b: norm.namer.variable(a) == norm.namer.variable(b),
                              guards)
        norm.tree.body = mutation.insert_guards(norm.tree.body, guards, norm.namer,
                                                norm.helpers, resolver.helpers)
    activity = analyze(norm.tree.body, wrt, resolver)
    base = 'lambda' if src.name == '<lambda>' else src.name
    name = base if mode == 'vjp' else f'{base}_{mode}'
    if mode == 'jvp':
        emitted = ForwardEmitter(src, norm, resolver, activity).build(wrt, name)
    else:
        shapes = shape_classes(norm.tree.body, norm.params, resolver, dict(facts))
        emitted = ReverseEmitter(src, norm, resolver, activity, shapes).build(
            wrt, name, mode, aux, as_tuple)
    return codegen.build(emitted.trees, emitted.helpers, src)


def split_aux(body: list, namer) -> tuple:
    """``return t`` becomes ``value = t[0]; aux = t[1]; return value`` (for has_aux)."""
    *rest, ret = body
    value, aux = namer.fresh('value'), namer.fresh('aux')
    parts = [ast.Assign([ast.Name(n, ast.Store())],
                        ast.Subscript(ret.value, ast.Constant(i), ast.Load()))
             for i, n in enumerate((value, aux))]
    parts = [ast.fix_missing_locations(ast.copy_location(p, ret)) for p in parts]
    return rest + parts + [ast.copy_location(ast.Return(ast.Name(value, ast.Load())), ret)], aux
