package cn.jifen.directory;

import cn.jifen.shared.PlainText;

/** Why a unit is deactivated or reactivated, or a resident's status changes (kept in the audit log). */
public record DirectoryReason(@PlainText(max = 500, required = true) String reason) { }
