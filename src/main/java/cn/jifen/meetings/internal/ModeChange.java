package cn.jifen.meetings.internal;

import cn.jifen.meetings.ReviewMode;

import java.time.OffsetDateTime;

/** One change of a village's review mode, kept for its history. */
public record ModeChange(ReviewMode mode, String reason, String setBy, OffsetDateTime setAt) { }
