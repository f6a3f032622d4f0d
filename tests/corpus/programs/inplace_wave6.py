"""In-place and aliasing code people write every day (wave 6): row loops that change the
rows of a 2-D array, in-place helpers, grid[i][j] = v, swap idioms, an alias taken in
one round of a loop, np.copyto / out= / x[...] = / fill / put, masked +=, reshape and
transpose views written through.  NumPy semantics are the spec: model them or refuse."""

import numpy as np

from ..case import case

x6 = np.array([0.3, -0.6, 0.45, 0.8, -1.1, 0.25])
A23 = np.array([[0.3, -0.6, 0.45], [0.8, -1.1, 0.25]])
A33 = np.array([[0.3, -0.6, 0.45], [0.8, -1.1, 0.25], [0.7, 0.2, -0.35]])


@case(A23)
def row_loop_scale(A):
    B = A * 1.0
    for row in B:
        row *= 2.0
    return np.sum(B ** 2)


@case(np.abs(A23) + 0.5)
def row_loop_normalize(A):
    B = A * 1.0
    for row in B:
        row[:] = row / row.sum()
    return np.sum(B * np.arange(6.0).reshape(2, 3))


@case(x6)
def helper_normalize_local(x):
    def normalize_(v):
        v /= np.linalg.norm(v)
    y = x * 2.0
    normalize_(y)
    return np.sum(y * np.arange(6.0))


@case(x6)
def grid_list_of_lists(x):
    grid = [[0.0, 0.0], [0.0, 0.0]]
    grid[0][1] = x[0] * x[1]
    grid[1][0] = x[2] ** 2
    return grid[0][1] + 3.0 * grid[1][0] + grid[1][1]


@case(A23)
def grid_2d_array_chained(A):
    B = A * 1.0
    B[0][1] = B[1][2] * 3.0
    return np.sum(B ** 2)


@case(A33)
def swap_rows_fancy(A):
    B = A * 1.0
    B[[0, 1]] = B[[1, 0]]
    return np.sum(B * np.arange(9.0).reshape(3, 3))


@case(A33)
def swap_cols_fancy(A):
    B = A * 1.0
    B[:, [0, 1]] = B[:, [1, 0]]
    return np.sum(B * np.arange(9.0).reshape(3, 3))


@case(x6)
def swap_tuple_1d(x):
    y = x * 1.0
    y[0], y[3] = y[3], y[0]
    return np.sum(y * np.arange(6.0))


@case(A33)
def swap_tuple_rows_2d_numpy_bug(A):
    B = A * 1.0
    B[0], B[1] = B[1], B[0]    # numpy: B[1] is a view, so both rows end up the old B[1]
    return np.sum(B * np.arange(9.0).reshape(3, 3))


@case(x6)
def alias_first_round(x):
    y = x * 1.0
    z = x * 0.0
    for i in range(3):
        if i == 0:
            z = y
        z += 1.0
    return np.sum(y * np.arange(6.0)) + np.sum(z ** 2)


@case(A23)
def row_view_iadd_then_read_base(A):
    B = A * 1.0
    r = B[1]
    r += 1.0
    return np.sum(B ** 2) + np.sum(r)


@case(A23)
def row_loop_enumerate_scale(A):
    B = A * 1.0
    for i, row in enumerate(B):
        row *= float(i + 1)
    return np.sum(B ** 2)


@case(A23)
def row_loop_index_view(A):
    B = A * 1.0
    for i in range(B.shape[0]):
        r = B[i]
        r -= r.mean()
    return np.sum(B ** 3)


@case(x6)
def one_d_loop_no_write_back(x):
    y = x * 1.0
    for a in y:
        a *= 2.0     # a number: y is left alone
    return np.sum(y ** 2)


@case(x6)
def helper_scale_return(x):
    def scale_(v, s):
        v *= s
        return v
    y = x * 1.0
    z = scale_(y, 3.0)
    return np.sum(y) + np.sum(z ** 2)


@case(x6)
def helper_writes_slice(x):
    def zero_first(v):
        v[0] = 0.0
    y = x * 1.0
    zero_first(y)
    return np.sum(y ** 2)


@case(x6)
def alias_then_iadd(x):
    y = x * 1.0
    z = y
    z += 1.0
    return np.sum(y ** 2)


@case(x6)
def copyto_whole(x):
    y = np.zeros(6)
    np.copyto(y, x ** 2)
    return np.sum(y * np.arange(6.0))


@case(x6)
def out_argument(x):
    y = np.empty(6)
    np.multiply(x, 2.0, out=y)
    return np.sum(y ** 2)


@case(x6)
def ellipsis_assign(x):
    y = np.zeros(6)
    y[...] = x * 3.0
    return np.sum(y ** 2)


@case(x6)
def fill_then_write(x):
    y = np.empty(6)
    y.fill(x[0])
    y[2] = x[1]
    return np.sum(y * np.arange(6.0))


@case(x6, expect='refused', why='srcad does not support np.put(...), which changes its argument in place')
def put_values(x):
    y = x * 1.0
    np.put(y, [0, 2], x[3:5])
    return np.sum(y ** 2)


@case(x6)
def masked_iadd(x):
    y = x * 1.0
    y[y > 0] += 1.0
    return np.sum(y ** 2)


@case(x6)
def cumulative_loop_writes(x):
    y = np.zeros(6)
    y[0] = x[0]
    for i in range(1, 6):
        y[i] = y[i - 1] * 0.5 + x[i]
    return np.sum(y ** 2)


@case(A23)
def transpose_then_write(A):
    B = A * 1.0
    B = B.T
    B[0] = 1.0
    return np.sum(B * np.arange(6.0).reshape(3, 2))


@case(x6)
def reshape_view_write_read_view(x):
    y = x * 1.0
    Y = y.reshape(2, 3)
    Y[:, 0] = 0.0
    return np.sum(Y ** 2)


@case(A23)
def row_of_2d_iadd(A):
    B = A * 1.0
    r = B[1]
    r += 1.0
    return np.sum(B ** 2)


@case(A33)
def chained_iadd_2d(A):
    B = A * 1.0
    for i in range(3):
        B[i][i] += 1.0
    return np.sum(B ** 2)


@case(A33)
def grid_list_of_lists_loops(A):  # ([0.0] * n holds entries of [0.0], not n: sharing.py)
    n = 3
    grid = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            grid[i][j] = A[i, j] * (i + j)
    return sum(grid[i][j] ** 2 for i in range(n) for j in range(n))


@case(x6, expect='refused',
      why="srcad does not support z += ... on a ndarray while 'y' refers to the same data")
def alias_or_view_by_path(x):
    y = x * 1.0
    z = x * 0.0
    for i in range(3):
        if i == 0:
            z = y
        else:
            z = y[1:]   # a view of y on this path: neither y itself nor apart from it
        z += 1.0
    return np.sum(y ** 2)


@case(x6)
def alias_in_a_later_round_setitem(x):
    y = x * 1.0
    z = np.zeros(6)
    for i in range(3):
        if i == 1:
            z = y
        z[i] = x[i] ** 2
    return np.sum(y * np.arange(6.0)) + np.sum(z ** 2)


@case(x6)
def bubble_sort_tuple_swaps(x):
    y = x * 1.0
    for i in range(6):
        for j in range(5 - i):
            if y[j] > y[j + 1]:
                y[j], y[j + 1] = y[j + 1], y[j]
    return np.sum(y * np.arange(6.0))


@case(x6)
def swap_list_of_lists(x):
    L = [[x[0], x[1]], [x[2], x[3]]]
    L[0], L[1] = L[1], L[0]    # references: a true swap
    return L[0][0] * 2 + L[1][1] * 3 + L[0][1]


@case(A33)
def view_of_view_write(A):
    B = A * 1.0
    r = B[1]
    s = r[1:]
    s *= 3.0
    return np.sum(B ** 2)


@case(A33)
def view_read_again_after_base_write(A):
    B = A * 1.0
    r = B[0]
    B *= 2.0
    B[0, 1] = 5.0 * A[1, 1]
    return np.sum(r ** 2) + np.sum(B)


@case(x6, expect='refused', why='more than once')
def repeated_inner_list(x):
    grid = [[0.0, 0.0]] * 2     # one list twice: grid[1] changes too
    grid[0][1] = x[0] * x[1]
    return grid[0][1] + 3.0 * grid[1][1]


@case(A33, expect='refused',
      why="srcad does not support row *= ... on a ndarray while 'B' refers to the same data")
def loop_rebinds_what_it_walks(A):
    B = A * 1.0
    for row in B:               # walks the old B
        row *= 2.0
        B = B + 1.0
    return np.sum(B ** 2)


@case(x6)
def nested_list_rows_grid(x):
    grid = [[0.0] * 3 for _ in range(2)]
    for i in range(2):
        for j in range(3):
            grid[i][j] = x[3 * i + j] * (i + 1)
    return grid[1][2] * grid[0][1] + grid[1][0]
