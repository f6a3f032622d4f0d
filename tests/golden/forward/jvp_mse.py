def mse_jvp(tangents, /, w, b, X, y):
    # tangents of the inputs
    w_dot, b_dot = tangents
    # primal and tangent
    t1_dot = matmul_tangent(X, w_dot)
    pred = X @ w + b
    pred_dot = broadcast_like(t1_dot, pred) + broadcast_like(b_dot, pred)
    t2 = pred - y
    t2_dot = broadcast_like(pred_dot, t2)
    t4 = np.mean(t2 ** 2)
    t4_dot = np.mean(t2_dot * 2 * t2)
    return (t4, t4_dot)
