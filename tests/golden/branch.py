def branch_grad(x, y):
    # forward sweep
    t2 = np.sum(x) > 0
    if t2:
        z = x * y
    else:
        z = np.sin(x)
    # backward sweep
    # grad of: return np.sum(z)
    z_bar = unreduce(1.0, z)
    # grad of: if np.sum(x) > 0:
    y_bar = None
    if t2:
        # grad of: z = x * y
        x_bar = unbroadcast(z_bar * y, x)
        y_bar = unbroadcast(z_bar * x, y)
    else:
        # grad of: z = np.sin(x)
        x_bar = z_bar * np.cos(x)
    return (like_input(x_bar, x), like_input(y_bar, y))
