def mse_grad_jvp(tangents, /, w, b, X, y):
    # tangents of the inputs
    w_dot = tangents[0]
    # primal and tangent
    t1 = X @ w
    t1_dot = matmul_tangent(X, w_dot)
    pred = t1 + b
    pred_dot = broadcast_like(t1_dot, pred)
    t2 = pred - y
    t2_dot = broadcast_like(pred_dot, t2)
    t3 = t2 ** 2
    t4 = reduced_size(t3)
    t5 = 1.0 / t4
    t3_bar = unreduce(t5, t3)
    t6 = t3_bar * 2
    t7 = t6 * t2
    t7_dot = t2_dot * t6
    pred_bar = unbroadcast(t7, pred)
    pred_bar_dot = unbroadcast(t7_dot, pred)
    t1_bar = unbroadcast(pred_bar, t1)
    t1_bar_dot = unbroadcast(pred_bar_dot, t1)
    w_bar = matmul_dy(t1_bar, X, w)
    w_bar_dot = matmul_dy(t1_bar_dot, X, w)
    t8 = like_input(w_bar, w)
    t8_dot = like_input(w_bar_dot, w)
    return (t8, t8_dot)
