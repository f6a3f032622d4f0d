def while_loop_grad(x):
    # forward sweep
    n = 0
    n1 = 0
    t2 = n < 5
    stack = []
    while t2:
        n1 = n1 + 1
        stack.append(x)
        x = x * 0.5 + np.cos(x)
        n = n + 1
        t2 = n < 5
    # backward sweep
    # grad of: return np.sum(x)
    x_bar = unreduce(1.0, x)
    # grad of: while n < 5:
    for _ in range(n1):
        # grad of: x = x * 0.5 + np.cos(x)
        t3_bar = x_bar
        x = stack.pop()
        x_bar = -x_bar * np.sin(x)
        x_bar = x_bar + t3_bar * 0.5
    return like_input(x_bar, x)
