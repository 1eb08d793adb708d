/**
 * The points rules (积分细则与负面清单): the county catalogue of items with versions, local points of villages, and the county policy settings.
 * <p>Owns {@code rule_category}, {@code rule_item}, {@code rule_item_version}, {@code rule_item_local}, {@code county_policy} and {@code county_policy_change}. Invariants: an item is never edited in place, a revision is a new version with a reason; a claim is always scored by the version in force on its day.
 * <p>Published API: {@link cn.jifen.rules.RuleCatalogue}, {@link cn.jifen.rules.CountyPolicies}, their records and the event {@link cn.jifen.rules.CountyPolicyChanged}.
 */
@ApplicationModule(displayName = "Rules", allowedDependencies = {"audit", "directory", "documents"})
package cn.jifen.rules;

import org.springframework.modulith.ApplicationModule;
