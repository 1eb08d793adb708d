package cn.jifen.rules;

/** Whether an item awards points (积分细则) or deducts them (负面清单). */
public enum RuleSign { EARN, DEDUCT }
