package cn.jifen.claims.internal;

import cn.jifen.shared.PlainText;

/**
 * A kin relation to register: the staff account and how it is related to the household (父子, 配偶, …, at most 32
 * characters). Whether the account may be named (exists in the village, is an active admin or grid worker) needs the
 * database and is checked by {@link KinRegister}.
 */
record KinDraft(long userId, @PlainText(max = 32, required = true) String relation) { }
