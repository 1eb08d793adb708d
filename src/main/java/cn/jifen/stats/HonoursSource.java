package cn.jifen.stats;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;

/** Honours awarded in a scope and period. Until the honours module is merged there are none to show. */
@Component
class HonoursSource {
    /** One honour as the report shows it. */
    record Honour(String village, String kind, String periodLabel, String holderName, LocalDate awardedOn) { }

    List<Honour> awarded(Collection<Long> villageIds, LocalDate from, LocalDate to) {
        return List.of();
    }
}
