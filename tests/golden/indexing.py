def indexing_grad(x, idx):
    # forward sweep
    a = x[0]
    b = x[idx]
    t1 = b[:, ::-1]
    t2 = a * t1
    t4 = x[..., 1]
    # backward sweep
    # grad of: return np.sum(a * b[:, ::-1]) + x[..., 1].sum()
    t4_bar = unreduce(1.0, t4)
    x_bar = index_adjoint(t4_bar, x, (..., 1))
    t2_bar = unreduce(1.0, t2)
    a_bar = unbroadcast(t2_bar * t1, a)
    t1_bar = unbroadcast(t2_bar * a, t1)
    b_bar = index_adjoint(t1_bar, b, (slice(None, None), slice(None, None, -1)))
    # grad of: a, b = x[0], x[idx]
    x_bar = add_at(x_bar, x, idx, b_bar)
    x_bar = add_at(x_bar, x, 0, a_bar)
    return like_input(x_bar, x)
