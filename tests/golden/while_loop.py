def while_loop_grad(x):
    # forward sweep
    n = 0
    n1 = 0
    t2 = n < 5
    stack = []
    t3 = None
    t4 = None
    while t2:
        n1 = n1 + 1
        stack.append(t3)
        t3 = x * 0.5
        stack.append(t4)
        t4 = np.cos(x)
        t5 = t3 + t4
        stack.append(x)
        x = t5
        t6 = n + 1
        n = t6
        t2 = n < 5
    t7 = np.sum(x)
    # backward sweep
    # grad of: return np.sum(x)
    t7_bar = seed(t7)
    x_bar = unreduce(t7_bar, x)
    # grad of: while n < 5:
    for _ in range(n1):
        # grad of: x = x * 0.5 + np.cos(x)
        t5_bar = x_bar
        x = stack.pop()
        t3_bar = unbroadcast(t5_bar, t3)
        t4_bar = unbroadcast(t5_bar, t4)
        x_bar = -t4_bar * np.sin(x)
        t4 = stack.pop()
        x_bar = x_bar + unbroadcast(t3_bar * 0.5, x)
        t3 = stack.pop()
    return like_input(x_bar, x)
