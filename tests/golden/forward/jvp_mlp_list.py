def mlp_jvp(tangents, /, params, x, y):
    # tangents of the inputs
    params_dot = tangents[0]
    # primal and tangent
    W1, b1, W2, b2 = params
    W1_dot, b1_dot, W2_dot, b2_dot = tangent_parts(params_dot, params)
    t1_dot = matmul_tangent(x, W1_dot)
    t2 = x @ W1 + b1
    t2_dot = broadcast_like(t1_dot, t2) + broadcast_like(b1_dot, t2)
    h = np.tanh(t2)
    h_dot = t2_dot * (1 - h * h)
    t3_dot = matmul_tangent(h_dot, W2) + matmul_tangent(h, W2_dot)
    out = h @ W2 + b2
    out_dot = broadcast_like(t3_dot, out) + broadcast_like(b2_dot, out)
    t4 = out - y
    t4_dot = broadcast_like(out_dot, t4)
    t6 = np.mean(t4 ** 2)
    t6_dot = np.mean(t4_dot * 2 * t4)
    return (t6, t6_dot)
