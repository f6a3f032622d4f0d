def with_block_grad(x):
    # forward sweep
    manager = np.errstate(divide='ignore')
    with_enter(manager)
    t1 = x * x
    y = np.log(t1)
    with_exit(manager)
    # backward sweep
    # grad of: return np.sum(y)
    y_bar = unreduce(1.0, y)
    # grad of: with np.errstate(divide='ignore'):
    t1_bar = keep_zero(y_bar, y_bar / t1)
    x_bar = 2 * (t1_bar * x)
    return like_input(x_bar, x)
