package cn.jifen.rules;

import cn.jifen.shared.PlainText;

/**
 * Why an item of the catalogue is revised or retired, or a county item's points are set locally: every such change
 * says why (at most 500 characters), kept with the version and in the audit log.
 */
record ChangeReason(@PlainText(max = 500, required = true) String reason) { }
