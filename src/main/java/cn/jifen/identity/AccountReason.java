package cn.jifen.identity;

import cn.jifen.shared.PlainText;

/** Why an admin resets an account's password or deactivates (or reactivates) it: kept in the audit log. */
record AccountReason(@PlainText(max = 500, required = true) String reason) { }
