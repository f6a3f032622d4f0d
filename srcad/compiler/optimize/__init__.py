"""Optimizations of generated code that only drop provably useless work.

Each pass takes a tree (and plain facts about it) and returns the better tree;
one pass per module.  In the order the reverse emitter
(:mod:`srcad.compiler.reverse`) runs them:

Before emission
    :func:`forward_values` (:mod:`.reuse`): which pure call each forward name holds.

On each backward expression, as it is built
    1. :func:`drop_shape_noops` (:mod:`.shapes`): ``unbroadcast``/``unreduce``
       that cannot change anything;
    2. :func:`specialize_helpers` (:mod:`.shapes`): shape helpers written out for
       concrete shapes;
    3. :func:`reuse_forward` (:mod:`.reuse`): values the forward sweep computed.

On the backward sweep
    4. :func:`propagate_copies` (:mod:`.copies`): copies folded into their readers;
    5. :func:`fold_spreads` (:mod:`.spreads`): reduction adjoints left unspread
       where their readers broadcast them anyway;
    6. :func:`propagate_copies` again, on what that left.

On the whole function
    7. :func:`drop_dead` (:mod:`.reuse`): forward statements nothing reads;
    8. :func:`rematerialize` (:mod:`.recompute`): numbers a loop would save,
       computed again instead;
    9. :func:`inline_temps` (:mod:`.inline`): temporaries read once folded into
       their reader;
    10. :func:`walk_saved` (:mod:`.memory`): a backward loop walking the values
        its forward loop saved instead of popping them;
    11. :func:`free_early` (:mod:`.memory`): big arrays deleted after their last use.

:func:`renamed` (:mod:`.common`, with the other shared tree utilities) is also
used by the emitter.
"""

from __future__ import annotations

from .common import renamed
from .copies import propagate_copies
from .inline import inline_parts, inline_temps
from .memory import free_early, walk_saved
from .recompute import rematerialize
from .reuse import drop_dead, forward_values, reuse_forward
from .shapes import drop_shape_noops, specialize_helpers
from .spreads import fold_spreads

__all__ = ['forward_values', 'drop_shape_noops', 'specialize_helpers', 'reuse_forward',
           'propagate_copies', 'fold_spreads', 'drop_dead', 'rematerialize',
           'inline_temps', 'inline_parts', 'walk_saved', 'free_early', 'renamed']
