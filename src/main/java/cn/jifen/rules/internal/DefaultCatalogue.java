package cn.jifen.rules.internal;

import cn.jifen.directory.CountyCreated;
import cn.jifen.rules.RuleCatalogue;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Seeds the seven default categories when the county is created, in the same transaction. */
@Component
class DefaultCatalogue {
    private final RuleCatalogue catalogue;
    private final Clock clock;

    DefaultCatalogue(RuleCatalogue catalogue, Clock clock) {
        this.catalogue = catalogue;
        this.clock = clock;
    }

    @EventListener
    void countyCreated(CountyCreated event) {
        catalogue.seedDefaults(OffsetDateTime.now(clock));
    }
}
