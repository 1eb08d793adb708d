/**
 * Who and where (组织与户籍): the county, town, village and grid tree, the households with their passbooks and residents, and the roster import.
 * <p>Owns {@code org_unit}, {@code household}, {@code passbook}, {@code passbook_sequence} and {@code resident}. Invariants: an org unit's path is its parent's path plus its own code; a household belongs to exactly one village and grid, has exactly one head and one passbook number; ID card numbers are stored sealed and masked when shown.
 * <p>Published API: {@link cn.jifen.directory.OrgUnits}, {@link cn.jifen.directory.Households}, {@link cn.jifen.directory.RosterImport}, {@link cn.jifen.directory.PartyRoster}, their records ({@link cn.jifen.directory.OrgUnit}, {@link cn.jifen.directory.Household}, ...) and the event {@link cn.jifen.directory.CountyCreated}.
 */
@ApplicationModule(displayName = "Directory", allowedDependencies = {"audit", "documents"})
package cn.jifen.directory;

import org.springframework.modulith.ApplicationModule;
