def grid_clip_grad(x, w):
    # forward sweep
    s = 0.0
    t3 = range(x.shape[0])
    stack = []
    t10 = None
    t12 = None
    t6 = None
    t7 = None
    t8 = None
    t9 = None
    v = None
    for i in t3:
        stack.append(t6)
        t6 = range(w.shape[0])
        for j in t6:
            stack.append(t7)
            t7 = x[i]
            stack.append(t8)
            t8 = w[j]
            stack.append(v)
            v = t7 * t8
            stack.append(t9)
            t9 = v > 0
            if t9:
                stack.append(t10)
                t10 = np.sin(v)
                stack.append(s)
                s = s + t10
            else:
                stack.append(t12)
                t12 = 0.5 * v
                stack.append(s)
                s = s - t12
    # backward sweep
    # grad of: return s
    s_bar = seed(s)
    # grad of: for i in range(x.shape[0]):
    w_bar = None
    x_bar = None
    for i in reversed(t3):
        # grad of: for j in range(w.shape[0]):
        for j in reversed(t6):
            # grad of: if v > 0:
            if t9:
                # grad of: s = s + np.sin(v)
                t11_bar = s_bar
                s = stack.pop()
                s_bar = unbroadcast(s_bar, s)
                t10_bar = unbroadcast(t11_bar, t10)
                v_bar = t10_bar * np.cos(v)
                t10 = stack.pop()
            else:
                # grad of: s = s - 0.5 * v
                t13_bar = s_bar
                s = stack.pop()
                s_bar = unbroadcast(s_bar, s)
                t12_bar = unbroadcast(-t13_bar, t12)
                v_bar = t12_bar * 0.5
                t12 = stack.pop()
            t9 = stack.pop()
            # grad of: v = x[i] * w[j]
            t7_bar = unbroadcast(v_bar * t8, t7)
            t8_bar = unbroadcast(v_bar * t7, t8)
            v = stack.pop()
            w_bar = add_at(w_bar, w, j, t8_bar)
            t8 = stack.pop()
            x_bar = add_at(x_bar, x, i, t7_bar)
            t7 = stack.pop()
        t6 = stack.pop()
    return (like_input(x_bar, x), like_input(w_bar, w))
