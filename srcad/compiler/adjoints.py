"""What the backward sweep knows about each adjoint at one point of the code.

An adjoint ``x_bar`` is in one of four states:

* ``DEAD``: unbound, or left over from an earlier iteration: nothing has
  arrived.  The next contribution simply assigns it.
* ``NONE``: bound to ``None``: nothing has arrived, and the name is bound.
* ``MAYBE``: ``None`` or a value, decided at run time (after a branch or a loop).
* ``DEFINED``: a value.

Tracking this statically lets the emitter write ``x_bar = expr`` for a first
contribution, ``x_bar = x_bar + expr`` for later ones, and only where the
control flow really leaves it open ``x_bar = expr if x_bar is None else
x_bar + expr`` — never an array of zeros allocated only to be added to.

``owned`` names the adjoints whose buffer no other name refers to, so an
index contribution may be added into it in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEAD, NONE, MAYBE, DEFINED = 'dead', 'none', 'maybe', 'defined'


@dataclass
class Adjoints:
    """Adjoint states by primal name (absent means DEAD) and the owned buffers."""

    status: dict = field(default_factory=dict)
    owned: set = field(default_factory=set)

    def get(self, name: str) -> str:
        return self.status.get(name, DEAD)

    def has_value(self, name: str) -> bool:
        """Whether a contribution may have arrived (so reading it makes sense)."""
        return self.get(name) in (MAYBE, DEFINED)

    def set(self, name: str, state: str, owned: bool = False) -> None:
        if state == DEAD:
            self.status.pop(name, None)
        else:
            self.status[name] = state
        (self.owned.add if owned else self.owned.discard)(name)

    def receive(self, name: str) -> None:
        """A contribution was added: ``x_bar = expr`` may alias ``expr``'s buffer,
        ``x_bar = x_bar + expr`` makes a fresh one."""
        self.set(name, DEFINED, owned=self.get(name) == DEFINED)

    def scatter(self, name: str) -> None:
        """A contribution was scattered into a buffer of its own (``add_at``)."""
        self.set(name, DEFINED, owned=True)

    def copy(self) -> 'Adjoints':
        return Adjoints(dict(self.status), set(self.owned))

    def replace(self, other: 'Adjoints') -> None:
        self.status, self.owned = dict(other.status), set(other.owned)

    def may_own(self, name: str) -> bool:
        """In-place addition is safe: the buffer is owned, or there is none yet."""
        return name in self.owned or self.get(name) in (DEAD, NONE)

    @staticmethod
    def join(a: 'Adjoints', b: 'Adjoints') -> 'Adjoints':
        """The state after either of two paths (DEAD on one side becomes MAYBE
        only where the caller binds it to None first; see :meth:`unbound`)."""
        out = Adjoints()
        for name in set(a.status) | set(b.status):
            sa, sb = a.get(name), b.get(name)
            if sa == sb:
                state = sa
            elif {sa, sb} <= {DEAD, NONE}:
                state = DEAD
            else:
                state = MAYBE
            owned = a.may_own(name) and b.may_own(name)
            out.set(name, state, owned and state != DEAD)
        return out

    def unbound(self, later: 'Adjoints') -> list:
        """Names that are DEAD here but MAYBE in ``later``: they must be bound
        to None here so every path reaching ``later`` has them bound."""
        return sorted(n for n, s in later.status.items() if s == MAYBE and self.get(n) == DEAD)
