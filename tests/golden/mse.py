def mse_grad(w, b, X, y):
    # forward sweep
    t1 = X @ w
    pred = t1 + b
    t2 = pred - y
    t3 = t2 ** 2
    # backward sweep
    # grad of: return np.mean((pred - y) ** 2)
    t3_bar = unreduce(1.0 / reduced_size(t3), t3)
    pred_bar = unbroadcast(t3_bar * 2 * t2, pred)
    # grad of: pred = X @ w + b
    t1_bar = unbroadcast(pred_bar, t1)
    b_bar = unbroadcast(pred_bar, b)
    w_bar = matmul_dy(t1_bar, X, w)
    return (like_input(w_bar, w), like_input(b_bar, b))
