package cn.jifen.stats.internal;

import cn.jifen.directory.OrgUnit;
import cn.jifen.shared.PracticeFigures;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import cn.jifen.stats.Stats;

/**
 * The practice's figures (治理实践: party members, volunteering, meetings, wishes, votes, complaints, ...) of a unit
 * whose scope the caller checked: every {@link PracticeFigures} bean asked for the unit's villages, sections in their
 * order, labelled in the reader's language. Without any such bean (or for a unit without villages) there are none.
 */
@Component
public class Practice {
    /** One labelled figure; {@code unit} is empty for a plain count. */
    public record Line(String key, String label, BigDecimal value, String unit) { }

    /** One part of the practice with its figures. */
    public record Section(String key, String title, List<Line> figures) { }

    private final Stats stats;
    private final List<PracticeFigures> parts;
    private final MessageSource messages;

    public Practice(Stats stats, List<PracticeFigures> parts, MessageSource messages) {
        this.stats = stats;
        // sorted once: a section's place is its order, then its title key (two parts with the same order stay stable)
        this.parts = parts.stream().sorted(Comparator.comparingInt(PracticeFigures::order)
                .thenComparing(PracticeFigures::sectionKey)).toList();
        this.messages = messages;
    }

    public List<Section> sections(OrgUnit unit, LocalDate from, LocalDate to, Locale locale) {
        List<Long> villages = stats.villageIds(unit);
        if (villages.isEmpty()) {
            return List.of();
        }
        return parts.stream().map(p -> new Section(p.sectionKey(), msg(p.sectionKey(), locale),
                p.figures(villages, from, to).stream().map(f -> new Line(f.labelKey(), msg(f.labelKey(), locale),
                        f.value(), f.unitKey() == null ? "" : msg(f.unitKey(), locale))).toList())).toList();
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
