/**
 * Complaints and suggestions (投诉建议): a villager files one (anonymous to the village if they wish, never to the
 * town or county), the village answers by a deadline, an overdue one is escalated to the town, the villager rates
 * the answer. Public API: {@link cn.jifen.complaints.Complaints}, its records and events.
 */
package cn.jifen.complaints;
