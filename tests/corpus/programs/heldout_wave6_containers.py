"""Held-out wave 6: containers built at run time and then used as indices or operands --
lists of index lists grouped by a computed key, dict.setdefault, defaultdict(list),
deque as a queue, list.insert/extend/pop/remove, sets turned into sorted index lists, index
lists from np.where().tolist(), lists of arrays grown in a loop and stacked, dicts of arrays
keyed by strings built in a loop. Every mode incl. hvp is checked."""

import collections

import numpy as np

from ..case import case

x6 = np.array([0.4, -0.3, 0.9, 0.2, -0.7, 0.5])
keys = np.array([0, 1, 0, 2, 1, 0])


@case(x6)
def group_by_computed_key_lists(x):
    groups = [[], [], []]
    for i, k in enumerate(keys):
        groups[int(k)].append(i)
    return sum(np.sum(x[g] ** 3) * (j + 1) for j, g in enumerate(groups))


# was WRONG when written (family W2); right in the tree at 19:57 UTC
@case(x6)
def group_by_setdefault(x):
    groups = {}
    for i, k in enumerate(keys):
        groups.setdefault(int(k), []).append(i)
    return sum(np.prod(x[g] + 2.0) for g in groups.values())


@case(x6,
      expect='refused', why='hvp: a defaultdict (its missing keys filled by __missing__) is written to or given a derivative: srcad follows plai (FALSE refusal, R9)')
def group_by_defaultdict(x):
    groups = collections.defaultdict(list)
    for i in range(6):
        groups[int(keys[i])].append(i)
    return np.sum(x[groups[0]] ** 2) * np.sum(x[groups[1]] ** 3)


@case(x6,
      expect='refused', why='grad: no derivative rule for groups[int(keys[i])].append, called on a differentiated value in group_values_not_indic (FALSE refusal, R9)')
def group_values_not_indices(x):
    groups = [[], [], []]
    for i in range(6):
        groups[int(keys[i])].append(x[i])
    return sum(sum(g) ** 2 for g in groups)


# was WRONG when written (family W2); right in the tree at 19:57 UTC
@case(x6)
def branch_chosen_list_append(x):
    pos, neg = [], []
    for i in range(6):
        (pos if x[i] > 0 else neg).append(i)
    return np.sum(x[pos] ** 3) - np.sum(x[neg] ** 2)


@case(x6,
      expect='refused', why='grad: no derivative rule for pos.append, called on a differentiated value in branch_chosen_list_append_values (FALSE refusal, R9)')
def branch_chosen_list_append_values(x):
    pos, neg = [], []
    for t in x:
        (pos if t > 0 else neg).append(t)
    return sum(p ** 3 for p in pos) - sum(n ** 2 for n in neg)


@case(x6)
def if_else_append_indices(x):
    pos, neg = [], []
    for i in range(6):
        if x[i] > 0:
            pos.append(i)
        else:
            neg.append(i)
    return np.sum(x[pos] ** 3) - np.sum(x[neg] ** 2)


@case(x6)
def where_tolist_indices(x):
    idx = np.where(x > 0)[0].tolist()
    return np.sum(x[idx] ** 3)


@case(x6)
def set_to_sorted_indices(x):
    s = set()
    for k in keys:
        s.add(int(k) * 2)
    idx = sorted(s)
    return np.sum(x[idx] ** 3)


@case(x6,
      expect='refused', why='grad: srcad does not support writing into "q" while "seen" refers to the same data and is read afterwards (FALSE refusal, R9)')
def deque_queue_processing(x):
    q = collections.deque([0])
    seen = []
    while q:
        i = q.popleft()
        seen.append(i)
        for j in (2 * i + 1, 2 * i + 2):
            if j < 6:
                q.append(j)
    return sum(x[i] ** 3 * (k + 1) for k, i in enumerate(seen))


@case(x6)
def list_insert_extend_pop(x):
    idx = [1, 2]
    idx.insert(0, 5)
    idx.extend([3, 3])
    idx.pop()
    idx.remove(2)
    return np.sum(x[idx] ** 3)


@case(x6)
def list_of_arrays_grown_and_stacked(x):
    rows = []
    for i in range(3):
        rows.append(x[2 * i:2 * i + 2] ** 2)
    M = np.stack(rows)
    return np.sum(M @ M.T)


@case(x6,
      expect='refused', why='grad: no reverse-mode rule for srcad.runtime.containers.list_pop (parameter "xs") (FALSE refusal, R9)')
def list_of_arrays_pop_last(x):
    stack = [x[:2], x[2:4] ** 2, x[4:] ** 3]
    top = stack.pop()
    nxt = stack.pop()
    return np.sum(top * nxt) + np.sum(stack[0] ** 2)


@case(x6)
def dict_of_arrays_keyed_in_loop(x):
    d = {}
    for i in range(3):
        d[f'layer{i}'] = x[2 * i:2 * i + 2] * (i + 1)
    return sum(np.sum(v ** 3) for k, v in sorted(d.items()))


@case(x6,
      expect='refused', why='grad: no derivative rule for a.update(...), called for its effect on "a", which depends on a differentiated input (FALSE refusal, R9)')
def dict_update_merge(x):
    a = {'u': x[:3] ** 2}
    b = {'v': x[3:] ** 3}
    a.update(b)
    c = {**a, 'w': np.sin(x)}
    return np.sum(c['u'] * c['v']) + np.sum(c['w'] ** 2)


@case(x6,
      expect='refused', why='grad: srcad supports a generator expression (or map/filter) only where it is consumed at once: by sum, max, min, any (FALSE refusal, R2)')
def counter_weights(x):
    cnt = collections.Counter(int(k) for k in keys)
    return sum(cnt[int(k)] * x[i] ** 3 for i, k in enumerate(keys))


@case(x6)
def index_list_from_argsort_tolist(x):
    order = np.argsort(x).tolist()
    top = order[-3:]
    return np.sum(x[top] ** 3)


@case(x6)
def nested_lists_indices_computed(x):
    blocks = [[i, (i + 1) % 6] for i in range(0, 6, 2)]
    return sum(np.prod(x[b] ** 2) for b in blocks)


@case(x6)
def tuple_index_built_in_loop(x):
    M = np.outer(x, x)
    rows, cols = [], []
    for i in range(6):
        if keys[i] == 0:
            rows.append(i)
            cols.append((i + 1) % 6)
    return np.sum(M[rows, cols] ** 2)


@case(x6)
def grouped_segment_softmax(x):
    groups = [[] for _ in range(3)]
    for i in range(6):
        groups[int(keys[i])].append(i)
    out = 0.0
    for g in groups:
        z = x[g]
        p = np.exp(z) / np.sum(np.exp(z))
        out = out + np.sum(p * z)
    return out


@case(x6)
def mask_list_of_bools(x):
    m = [bool(t > 0) for t in x]
    return np.sum(x[m] ** 3)


@case(x6)
def enumerate_filter_indices_comprehension(x):
    idx = [i for i, t in enumerate(x) if t > 0]
    return np.sum(x[idx] ** 3)


@case(x6,
      expect='refused', why='grad: srcad supports .sort() in place on numpy arrays only, not on a list (line 208) (FALSE refusal, R9)')
def list_reverse_sort_inplace(x):
    vals = [x[0] ** 2, x[1] * 3, np.sin(x[2])]
    vals.sort()
    vals.reverse()
    return vals[0] * 3 + vals[1] * 2 + vals[2]


@case(x6)
def list_copy_then_mutate(x):
    a = [x[0], x[1]]
    b = a.copy()
    b.append(x[2] ** 2)
    b[0] = b[0] * 5
    return sum(a) ** 2 + sum(b)


@case(x6,
      expect='refused', why='grad: srcad does not support writing into "b" while "a" refers to the same data and is read afterwards (FALSE refusal, R9)')
def list_alias_then_mutate(x):
    a = [x[0], x[1]]
    b = a
    b.append(x[2] ** 2)
    b[0] = b[0] * 5
    return sum(a) ** 3
