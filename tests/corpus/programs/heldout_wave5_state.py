"""Held-out wave 5: state outside the differentiated values -- global buffers, dicts, lists and
class attributes written and read back (directly and through helpers), global statements,
closure state, objects accumulating through methods, helpers filling an out argument.  Python
shows the change; srcad must follow it or refuse, never drop it."""

import numpy as np

from ..case import case

x3 = np.array([0.3, -0.6, 0.45])
BUF = np.zeros(3)
CACHE = {}
LOG = []

def store(v):
    BUF[:] = v


@case(x3, expect='refused',
      why='store is called for its effect on a differentiated value in helper_writes_global_buffer, a')
def helper_writes_global_buffer(x):
    store(x * 2)
    return np.sum(BUF ** 2)


@case(x3, expect='refused',
      why='srcad only supports writing into an element of a local array, not BUF')
def direct_write_global_buffer(x):
    BUF[:] = x * 2
    return np.sum(BUF ** 2)


@case(x3, expect='refused',
      why='srcad only supports writing into an element of a local array, not CACHE')
def global_dict_cache_roundtrip(x):
    CACHE['k'] = x * 2
    return np.sum(CACHE['k'] ** 2)

def put(v):
    CACHE['v'] = v
def get():
    return CACHE['v']


@case(x3, expect='refused',
      why='put is called for its effect on a differentiated value in helper_global_dict_roundtrip, an')
def helper_global_dict_roundtrip(x):
    put(x * 3)
    return np.sum(get() ** 2)


@case(x3, expect='refused',
      why='no derivative rule for LOG.append (a builtins.builtin_function_or_method), called on a dif')
def global_list_append_then_read(x):
    LOG.append(x * 2)
    out = np.sum(LOG[-1] ** 2)
    LOG.clear()
    return out

class Registry:
    last = None


@case(x3, expect='refused',
      why='srcad does not support assigning Registry.last: "Registry" is not built in class_attribute')
def class_attribute_store_then_read(x):
    Registry.last = x * 2
    return np.sum(Registry.last ** 2)

def set_reg(v):
    Registry.last = v


@case(x3, expect='refused',
      why='set_reg is called for its effect on a differentiated value in helper_class_attribute_store')
def helper_class_attribute_store(x):
    set_reg(x * 2)
    return np.sum(Registry.last ** 2)

STATE = {'w': np.ones(3)}


@case(x3, expect='refused',
      why='srcad only supports writing into an element of a local array, not STATE')
def global_state_in_place_update_read(x):
    STATE['w'] = STATE['w'] * 0 + x
    return np.sum(STATE['w'] ** 2)

COUNTER = [0.0]


@case(x3, expect='refused',
      why='srcad only supports writing into an element of a local array, not COUNTER')
def global_accumulator_list_cell(x):
    COUNTER[0] = 0.0
    for v in x:
        COUNTER[0] += v * v
    return COUNTER[0]

def make_stateful():
    state = {'acc': 0.0}
    def step(v):
        state['acc'] = state['acc'] + v ** 2
        return state['acc']
    return step


@case(x3, expect='refused',
      why='a closure updating its state dict (FALSE refusal, rare)')
def closure_state_dict(x):
    step = make_stateful()
    for v in x:
        r = step(v)
    return r

class Accumulator:
    def __init__(self):
        self.items = []
    def add(self, v):
        self.items.append(v)
    def total(self):
        return sum(self.items)


# FIXED (wave 6 objects; was a false refusal: self.items.append, srcad/compiler/appends.py)
@case(x3)
def object_accumulates_via_method(x):
    acc = Accumulator()
    for v in x:
        acc.add(v ** 2)
    return acc.total()


@case(x3, expect='refused',
      why='srcad does not support assigning GACC.items: "GACC" is not built in module_level_object_st')
def module_level_object_state(x):
    GACC.items = []
    for v in x:
        GACC.add(v ** 2)
    return GACC.total()
GACC = Accumulator()


@case(x3)
def np_random_state_not_involved(x):
    rng = np.random.default_rng(0)
    noise = rng.normal(size=3)
    return np.sum((x + 0.01 * noise) ** 2)


@case(x3, expect='refused',
      why='srcad does not support writing the global variable "GVAL" in global_statement_rebind (the ')
def global_statement_rebind(x):
    global GVAL
    GVAL = x * 2
    return np.sum(GVAL ** 2)
GVAL = None

def writes_global_via_global_stmt(v):
    global GVAL2
    GVAL2 = v * 3
GVAL2 = None


@case(x3, expect='refused',
      why='writes_global_via_global_stmt is called for its effect on a differentiated value in helper')
def helper_global_stmt_then_read(x):
    writes_global_via_global_stmt(x)
    return np.sum(GVAL2 ** 2)

def fill_out(v, out):
    out[:] = v ** 2


@case(x3, expect='refused',
      why='a helper filling out[:] = ... of a local array (FALSE refusal)')
def helper_fills_local_out(x):
    out = np.zeros(3)
    fill_out(x, out)
    return np.sum(out * np.arange(3))

def fill_via_np_copyto(v, out):
    np.copyto(out, v ** 2)


@case(x3, expect='refused',
      why='a helper calling np.copyto(out, ...) (FALSE refusal)')
def helper_copyto_local(x):
    out = np.zeros(3)
    fill_via_np_copyto(x, out)
    return np.sum(out * np.arange(3))

def setattr_helper(o, v):
    setattr(o, 'w', v)

class Box:
    pass


@case(x3, expect='refused',
      why='setattr_helper changes its argument "o" in place (line 158); srcad cannot show that change')
def helper_setattr_on_local_object(x):
    b = Box()
    b.w = np.zeros(3)
    setattr_helper(b, x * 2)
    return np.sum(b.w ** 2)

def dict_update_helper(d, v):
    d.update(w=v)


@case(x3, expect='refused',
      why='dict_update_helper changes its argument "d" in place (line 171); srcad cannot show that ch')
def helper_dict_update(x):
    d = {'w': np.zeros(3)}
    dict_update_helper(d, x * 2)
    return np.sum(d['w'] ** 2)

def list_extend_helper(l, v):
    l.extend([v, v * 2])


@case(x3, expect='refused',
      why='a helper extending a local list (FALSE refusal)')
def helper_list_extend(x):
    l = []
    list_extend_helper(l, x)
    return sum(np.sum(a ** 2) for a in l)
