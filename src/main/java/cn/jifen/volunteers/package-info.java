/**
 * Volunteer teams and informants (志愿服务与信息员): team members, activities, hours and honours, informant reports.
 * <p>Owns {@code volunteer_team}, {@code volunteer_member}, {@code volunteer_team_activity}, {@code volunteer_team_honour}, {@code informant} and {@code informant_report}.
 * <p>Published API: {@link cn.jifen.volunteers.VolunteerTeams}, {@link cn.jifen.volunteers.VolunteerHours}, {@link cn.jifen.volunteers.Informants} and their records.
 */
@ApplicationModule(displayName = "Volunteers", allowedDependencies = {"audit", "claims", "directory", "identity", "rules"})
package cn.jifen.volunteers;

import org.springframework.modulith.ApplicationModule;
