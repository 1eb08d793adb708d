package cn.jifen.meetings;

import java.util.List;

/** A meeting with its attendance list and agenda (each item with its votes). */
public record MeetingDetail(Meeting meeting, List<Attendee> attendance, List<AgendaItem> items) { }
