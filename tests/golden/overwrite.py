def overwrite_grad(x, y):
    # forward sweep
    z = x * y
    t1 = np.sin(z)
    z_1 = t1 + x
    z_2 = inplace_result(z_1 + 1.0, z_1, '+')
    t3 = z_2 ** 2
    # backward sweep
    # grad of: return np.sum(z ** 2)
    t3_bar = unreduce(1.0, t3)
    z_2_bar = t3_bar * 2 * z_2
    # grad of: z += 1.0
    # grad of: z = np.sin(z) + x
    t1_bar = unbroadcast(z_2_bar, t1)
    x_bar = unbroadcast(z_2_bar, x)
    z_bar = t1_bar * np.cos(z)
    # grad of: z = x * y
    x_bar = x_bar + unbroadcast(z_bar * y, x)
    y_bar = unbroadcast(z_bar * x, y)
    return (like_input(x_bar, x), like_input(y_bar, y))
