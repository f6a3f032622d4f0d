def for_loop_grad(x, w):
    # forward sweep
    s = 0.0
    t1 = len(w)
    t2 = range(t1)
    stack = []
    t3 = None
    t5 = None
    for i in t2:
        stack.append(t3)
        t3 = w[i]
        stack.append(t5)
        t5 = np.tanh(x * t3)
        stack.append(s)
        s = s + t5
    # backward sweep
    # grad of: return np.sum(s)
    s_bar = unreduce(1.0, s)
    # grad of: for i in range(len(w)):
    w_bar = None
    x_bar = None
    for i in reversed(t2):
        # grad of: s = s + np.tanh(x * w[i])
        t6_bar = s_bar
        s = stack.pop()
        s_bar = unbroadcast(s_bar, s)
        t5_bar = unbroadcast(t6_bar, t5)
        t4_bar = t5_bar * (1 - t5 * t5)
        t5 = stack.pop()
        x_bar = unbroadcast(t4_bar * t3, x) if x_bar is None else x_bar + unbroadcast(t4_bar * t3, x)
        t3_bar = unbroadcast(t4_bar * x, t3)
        w_bar = add_at(w_bar, w, i, t3_bar)
        t3 = stack.pop()
    return (like_input(x_bar, x), like_input(w_bar, w))
