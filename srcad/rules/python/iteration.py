"""Rules for iterating containers (see :mod:`srcad.rules.python.iteration_helpers`).

``zip``, ``enumerate``, ``reversed``, ``sorted``, ``list``, ``tuple``, ``dict``
and a dict's ``items``/``values``/``get`` move values without changing them:
the adjoint of each element goes back to the element it came from, and the
tangent of each element comes along.  Keys, positions and orders carry none.
"""

import builtins

from ... import runtime
from . import iteration_helpers as hi
from ..registry import adjoint, linear, nondifferentiable

# what carries no derivative: flags, start counts, sort keys, and the containers the
# adjoint helpers read only for their structure (lengths, keys, types, orders)
_FLAG = 'a flag'
_STRUCTURE = 'read only for its structure (length, keys, type), or for an order'
CONSTANTS = {
    hi.zip_list: {'strict': _FLAG},
    hi.enumerate_list: {'start': 'the first count (an integer)'},
    hi.sorted_list: {'key': 'a function giving the sort order', 'reverse': _FLAG},
    hi.route_back: {'seq': _STRUCTURE}, hi.unzip: {'seqs': _STRUCTURE, 'strict': _FLAG},
    hi.unenumerate: {'xs': _STRUCTURE, 'start': 'the first count (an integer)'},
    hi.unreverse: {'xs': _STRUCTURE},
    hi.unsort: {'xs': _STRUCTURE, 'key': 'a function giving the sort order',
                'reverse': _FLAG},
    hi.unitems: {'d': _STRUCTURE}, hi.unvalues: {'d': _STRUCTURE},
    hi.undict: {'obj': _STRUCTURE}, hi.unget: {'d': _STRUCTURE},
    hi.unget_default: {'d': _STRUCTURE}, hi.untolist: {'x': _STRUCTURE},
    hi.unsequence: {'x': _STRUCTURE}, hi.unlist_items: {'iterable': _STRUCTURE},
}

nondifferentiable(hi.dict_keys, hi.sort_order, hi.zip_length, hi.count_start)

adjoint(hi.zip_list, 'seqs, strict=False', seqs='unzip(g, seqs, strict)',
        tangent=dict(seqs='zip_tangent(dot, seqs, strict)'),
        constants=CONSTANTS[hi.zip_list])
adjoint(hi.enumerate_list, 'xs, start=0', xs='unenumerate(g, xs, start)',
        tangent=dict(xs='enumerate_tangent(dot, xs, start)'),
        constants=CONSTANTS[hi.enumerate_list])
adjoint(hi.reversed_list, 'xs', xs='unreverse(g, xs)',
        tangent=dict(xs='reversed_tangent(dot, xs)'))
adjoint(hi.sorted_list, 'xs, key=None, reverse=False', xs='unsort(g, xs, key, reverse)',
        tangent=dict(xs='sorted_tangent(dot, xs, key, reverse)'),
        constants=CONSTANTS[hi.sorted_list])
adjoint(hi.dict_items, 'd', d='unitems(g, d)', tangent=dict(d='items_tangent(dot, d)'))
adjoint(hi.dict_values, 'd', d='unvalues(g, d)', tangent=dict(d='values_tangent(dot, d)'))
adjoint(hi.make_dict, 'obj=()', obj='undict(g, obj)', tangent=dict(obj='dict_tangent(dot, obj)'))
adjoint(hi.dict_get, 'd, key, default=None', d='unget(g, d, key)',
        default='unget_default(g, d, key)',
        tangent=dict(d='get_tangent(dot, d, key, default)',
                     default='get_default_tangent(dot, d, key)'))
adjoint(hi.tolist, 'x', x='untolist(g, x)', tangent=dict(x='tolist_tangent(dot, x)'))

# what a for loop walks: the sequence itself, but a dict's keys carry no derivative
adjoint(runtime.sequence, 'x', x='unsequence(g, x)', tangent=dict(x='sequence_tangent(dot, x)'))

# list(x), tuple(x): the same elements (of a dict: its keys, no derivative)
for fn in (builtins.list, builtins.tuple):
    adjoint(fn, 'iterable=()', iterable='unlist_items(g, iterable)',
            tangent=dict(iterable='list_tangent(dot, iterable)'))

# the adjoint helpers are linear in g (second order: forward over reverse)
for fn, signature in {
    hi.route_back: 'entries, seq', hi.unzip: 'g, seqs, strict=False',
    hi.unenumerate: 'g, xs, start=0', hi.unreverse: 'g, xs',
    hi.unsort: 'g, xs, key=None, reverse=False', hi.unitems: 'g, d', hi.unvalues: 'g, d',
    hi.undict: 'g, obj=()', hi.unget: 'g, d, key', hi.unget_default: 'g, d, key',
    hi.untolist: 'g, x', hi.unsequence: 'g, x', hi.unlist_items: 'g, iterable=()',
}.items():
    linear(fn, 'entries' if fn is hi.route_back else 'g', signature=signature,
           constants=CONSTANTS.get(fn))

