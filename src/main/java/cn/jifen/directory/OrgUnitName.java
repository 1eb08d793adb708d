package cn.jifen.directory;

import cn.jifen.shared.PlainText;

/** A unit's new name. */
public record OrgUnitName(@PlainText(max = 100, required = true) String name) { }
