"""The compiler driver: it chains the passes and does nothing else.

    parse -> validate -> normalize -> lower exits -> rename (SSA) -> analyze
      -> reverse -> emit
"""

from __future__ import annotations

from . import codegen, controlflow, parse, ssa, validate
from .analysis import analyze
from .names import assigned_names
from .codegen import Compiled
from .normalize import normalize
from .resolve import Resolver
from .reverse import ReverseEmitter


def compile_gradient(fn, wrt: list, with_value: bool = False) -> Compiled:
    """Generate, compile and return the gradient of ``fn`` with respect to ``wrt``."""
    src = parse.read_function(fn)
    validate.check(src)
    norm = normalize(src)
    norm.tree.body = controlflow.lower(norm.tree.body, norm.namer)
    norm.tree.body = ssa.rename(norm.tree.body, norm.params, norm.namer)
    resolver = Resolver(src, set(norm.params) | assigned_names(norm.tree.body))
    activity = analyze(norm.tree.body, wrt, resolver)
    base = 'lambda' if src.name == '<lambda>' else src.name
    suffix = 'value_and_grad' if with_value else 'grad'
    emitted = ReverseEmitter(src, norm, resolver, activity).build(
        wrt, f'{base}_{suffix}', with_value)
    return codegen.build(emitted.tree, emitted.helpers, src)
