package cn.jifen.wishes.internal;

/** One term of a county's forbidden goods: a wish whose name contains it is refused under {@code rule}. */
public record ForbiddenTerm(long id, String term, String rule) { }
