/**
 * Complaints and suggestions (投诉建议): a villager files one (anonymous to the village if they wish, never to the
 * town or county), the village answers by a deadline, an overdue one is escalated to the town, the villager rates
 * the answer. Public API: {@link cn.jifen.complaints.Complaints}, its records and events.
 * <p>Owns {@code complaint}, {@code complaint_photo} and {@code complaint_setting}. Invariant: an anonymous complaint never shows the villager to the village.
 */
@ApplicationModule(displayName = "Complaints", allowedDependencies = {"audit", "claims", "directory"})
package cn.jifen.complaints;

import org.springframework.modulith.ApplicationModule;
