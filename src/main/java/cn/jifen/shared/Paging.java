package cn.jifen.shared;

import java.util.List;

/**
 * Which page of a list a caller asks for: {@code page} from 0, {@code size} rows a page (default
 * {@value #DEFAULT_SIZE}, at most {@value #MAX_SIZE}). A value out of range is refused with a message
 * naming the parameter, never silently clamped, so a client never takes a cut list for the whole.
 */
public record Paging(int page, int size) {
    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;

    public Paging {
        if (page < 0) {
            throw InvalidInput.of("page", "error.paging.page");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw InvalidInput.of("size", "error.paging.size", MAX_SIZE);
        }
    }

    /** The request's page and size; either may be absent (first page, default size). */
    public static Paging of(Integer page, Integer size) {
        return new Paging(page == null ? 0 : page, size == null ? DEFAULT_SIZE : size);
    }

    /** The first {@code size} rows: what a page view shows before its own paging links. */
    public static Paging first(int size) {
        return new Paging(0, size);
    }

    /** Rows to skip before this page. */
    public long offset() {
        return (long) page * size;
    }

    /**
     * This page cut from a whole list held in memory (a list ranked or merged in Java, so the database cannot page
     * it): empty past the end, the last page partial.
     */
    public <T> Page<T> slice(List<T> all) {
        int from = (int) Math.min(all.size(), offset());
        return of(List.copyOf(all.subList(from, Math.min(all.size(), from + size))), all.size());
    }

    /** This page of a list whose rows the database counted ({@code total}). */
    public <T> Page<T> of(List<T> items, long total) {
        return new Page<>(items, page, size, total);
    }
}
