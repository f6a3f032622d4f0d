"""The operations the resolver (:mod:`srcad.compiler.resolve`) finds: what a normalized
right-hand side is, and which of its inputs a derivative can flow through."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..rules import registry


@dataclass(frozen=True)
class Op:
    """One normalized operation.

    ``kind`` is one of ``copy``, ``const``, ``rule``, ``index``, ``pack``,
    ``call`` (the user's function, known now), ``dynamic`` (a callable known
    only when the code runs: a parameter, a method of an object), ``unknown``; ``inputs`` maps each input's role (a rule parameter, or the
    position in a literal) to the atom passed there.
    """

    kind: str
    inputs: dict = field(default_factory=dict)
    rule: registry.Rule | None = None
    callee: object = None

    @cached_property  # (asked of every statement by several passes; read, never changed)
    def differentiable_inputs(self) -> dict:
        """The inputs a derivative can flow through."""
        if self.kind in ('copy', 'index', 'pack', 'unknown', 'call', 'dynamic'):
            return {k: v for k, v in self.inputs.items() if k != 'index'}
        if self.kind == 'rule':
            return {k: v for k, v in self.inputs.items()
                    if k in self.rule.adjoints or k in self.rule.forward_params()}
        return {}


class Described(str):
    """The callee of an ``unknown`` operation as a sentence, with the hint the refusal
    gives when a differentiated value reaches it (:meth:`srcad.compiler.emitter.Emitter.no_rule`)."""

    def __new__(cls, text: str, hint: str):
        self = super().__new__(cls, text)
        self.hint = hint
        return self
