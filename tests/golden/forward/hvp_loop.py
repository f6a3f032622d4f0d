def loop_grad_jvp(tangents, /, x):
    # tangents of the inputs
    x_dot = tangents[0]
    # primal and tangent
    s = 0.0
    s_dot = zero_tangent(s)
    t1 = range(4)
    stack = []
    stack_dot = []
    t2 = None
    t2_dot = zero_tangent(t2)
    t3 = None
    t3_dot = zero_tangent(t3)
    t4 = sequence(t1)
    t6 = len(t4)
    t7 = range(t6)
    for k1 in t7:
        i = t4[k1]
        t8_dot = list_append(stack_dot, t2_dot)
        t8 = list_append(stack, t2)
        stack = t8
        stack_dot = t8_dot
        t2 = x * i
        t2_dot = x_dot * i
        t9_dot = list_append(stack_dot, t3_dot)
        t9 = list_append(stack, t3)
        stack = t9
        stack_dot = t9_dot
        t3 = np.sin(t2)
        t3_dot = t2_dot * np.cos(t2)
        t10_dot = list_append(stack_dot, s_dot)
        t10 = list_append(stack, s)
        stack = t10
        stack_dot = t10_dot
        t11 = s + t3
        t11_dot = broadcast_like(s_dot, t11) + broadcast_like(t3_dot, t11)
        s = t11
        s_dot = t11_dot
    t5 = s ** 2
    t5_bar = unreduce(1.0, t5)
    t12 = t5_bar * 2
    t13 = t12 * s
    t13_dot = s_dot * t12
    s_bar = unbroadcast(t13, s)
    s_bar_dot = unbroadcast(t13_dot, s)
    x_bar = None
    x_bar_dot = zero_tangent(x_bar)
    t15 = sequence(t1)
    t16 = len(t15)
    t17 = t16 - 1
    t18 = range(t17, -1, -1)
    s_1 = s
    for k14 in t18:
        i_1 = t15[k14]
        t4_bar = s_bar
        t4_bar_dot = s_bar_dot
        s_1_dot = list_pop(stack_dot)
        s_1 = list_pop(stack)
        t19 = unbroadcast(s_bar, s_1)
        t19_dot = unbroadcast(s_bar_dot, s_1)
        s_bar = t19
        s_bar_dot = t19_dot
        t3_bar = unbroadcast(t4_bar, t3)
        t3_bar_dot = unbroadcast(t4_bar_dot, t3)
        t20 = np.cos(t2)
        t20_dot = -t2_dot * np.sin(t2)
        t2_bar = t3_bar * t20
        t2_bar_dot = t3_bar_dot * t20 + t20_dot * t3_bar
        t3_dot = list_pop(stack_dot)
        t3 = list_pop(stack)
        t22 = x_bar is None
        if t22:
            t21 = t2_bar * i_1
            t21_dot = t2_bar_dot * i_1
        else:
            t23 = t2_bar * i_1
            t23_dot = t2_bar_dot * i_1
            t21 = x_bar + t23
            t21_dot = broadcast_like(x_bar_dot, t21) + broadcast_like(t23_dot, t21)
        x_bar = t21
        x_bar_dot = t21_dot
        t2_dot = list_pop(stack_dot)
        t2 = list_pop(stack)
    t24 = like_input(x_bar, x)
    t24_dot = like_input(x_bar_dot, x)
    return (t24, t24_dot)
