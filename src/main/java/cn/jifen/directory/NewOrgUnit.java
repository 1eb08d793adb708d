package cn.jifen.directory;

import cn.jifen.shared.Code;
import cn.jifen.shared.PlainText;

/**
 * What an admin types to open a unit below {@code parentCode}: its code and name (a village may be a community).
 * The field rules are its constraints; the parent (required, visible, active, able to have children) and the code's
 * uniqueness are checked by {@link OrgUnits}.
 */
public record NewOrgUnit(String parentCode, @Code String code, @PlainText(max = 100, required = true) String name,
                         String villageKind) { }
