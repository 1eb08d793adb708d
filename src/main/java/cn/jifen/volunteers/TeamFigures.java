package cn.jifen.volunteers;

/** A team's year: hours its members gave to its activities, their check-ins (person-times), current members. */
public record TeamFigures(int rank, Team team, int year, long minutes, int personTimes, int activities, int members) {
    public String hours() { return VolunteerHours.hours(minutes); }
}
