def for_loop_jvp(tangents, /, x, w):
    # tangents of the inputs
    x_dot, w_dot = tangents
    # primal and tangent
    s = 0.0
    s_dot = zero_tangent(s)
    t1 = len(w)
    t2 = range(t1)
    for i in t2:
        t3 = w[i]
        t3_dot = index_tangent(w_dot, w, i)
        t5 = np.tanh(x * t3)
        t6 = s + t5
        t6_dot = broadcast_like(s_dot, t6) + broadcast_like((x_dot * t3 + t3_dot * x) * (1 - t5 * t5), t6)
        s = t6
        s_dot = t6_dot
    t7 = np.sum(s)
    t7_dot = np.sum(s_dot)
    return (t7, t7_dot)
