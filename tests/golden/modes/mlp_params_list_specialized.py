def mlp_grad(params, X, y):
    # forward sweep
    h = X
    t2 = params[:-1]
    t3 = sequence(t2)
    t4 = len(t3)
    t5 = range(t4)
    stack = []
    W = None
    b = None
    t6 = None
    t7 = None
    for k1 in t5:
        stack.append(t6)
        t6 = t3[k1]
        stack.append(W)
        stack.append(b)
        W, b = t6
        stack.append(t7)
        t7 = h @ W
        stack.append(h)
        h = np.tanh(t7 + b)
    t9 = params[-1]
    W_1, b_1 = t9
    t10 = h @ W_1
    out = t10 + b_1
    t11 = out - y
    t12 = t11 ** 2
    # backward sweep
    # grad of: return np.mean((out - y) ** 2)
    t12_bar = unreduce(1.0 / reduced_size(t12), t12)
    out_bar = unbroadcast(t12_bar * 2 * t11, out)
    # grad of: out = h @ W + b
    t10_bar = unbroadcast(out_bar, t10)
    b_1_bar = unbroadcast(out_bar, b_1)
    h_bar = matmul_dx(t10_bar, h, W_1)
    W_1_bar = matmul_dy(t10_bar, h, W_1)
    # grad of: W, b = params[-1]
    t9_bar = unpacked_adjoint([W_1_bar, b_1_bar], t9)
    params_bar = index_adjoint(t9_bar, params, -1)
    # grad of: for W, b in params[:-1]:
    t3_bar = None
    for k1 in reversed(t5):
        # grad of: h = np.tanh(h @ W + b)
        t8_bar = h_bar * (1 - h * h)
        h = stack.pop()
        t7_bar = unbroadcast(t8_bar, t7)
        b_bar = unbroadcast(t8_bar, b)
        h_bar = matmul_dx(t7_bar, h, W)
        W_bar = matmul_dy(t7_bar, h, W)
        t7 = stack.pop()
        t6_bar = unpacked_adjoint([W_bar, b_bar], t6)
        b = stack.pop()
        W = stack.pop()
        t3_bar = add_at(t3_bar, t3, k1, t6_bar)
        t6 = stack.pop()
    t2_bar = None
    if t3_bar is not None:
        t2_bar = unsequence(t3_bar, t2)
    if t2_bar is not None:
        params_bar = add_at(params_bar, params, slice(None, -1), t2_bar)
    return like_input(params_bar, params)
