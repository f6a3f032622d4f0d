def list_comprehension_grad(w, X):
    # forward sweep
    t1 = []
    t3 = sequence(X)
    t4 = len(t3)
    t5 = range(t4)
    stack = []
    t7 = None
    t9 = None
    x = None
    for k2 in t5:
        stack.append(x)
        x = t3[k2]
        stack.append(t7)
        t7 = np.sum(x) > 0
        if t7:
            stack.append(t9)
            t9 = np.tanh(x @ w)
            t10 = list_append(t1, t9)
            t1 = t10
    rows = t1
    t11 = sum(rows)
    # backward sweep
    # grad of: return sum(rows)
    t11_bar = seed(t11)
    rows_bar = unarray(np.broadcast_to(t11_bar, (summed_length(rows),) + np.shape(t11_bar)), rows)
    # grad of: rows = [np.tanh(x @ w) for x in X if np.sum(x) > 0]
    t1_bar = rows_bar
    w_bar = None
    for k2 in reversed(t5):
        # grad of: rows = [np.tanh(x @ w) for x in X if np.sum(x) > 0]
        if t7:
            # grad of: rows = [np.tanh(x @ w) for x in X if np.sum(x) > 0]
            t10_bar = t1_bar
            t1_bar = unappend(t1_bar, len(t1_bar) - 1)
            t8_bar = t10_bar[-1] * (1 - t9 * t9)
            t9 = stack.pop()
            w_bar = matmul_dy(t8_bar, x, w) if w_bar is None else w_bar + matmul_dy(t8_bar, x, w)
        t7 = stack.pop()
        x = stack.pop()
    return like_input(w_bar, w)
