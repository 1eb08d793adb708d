package cn.jifen.market.internal;

import cn.jifen.directory.OrgUnits;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A village's org-unit path, which scopes the counter's audit rows, kept per village for a few seconds: a path
 * changes only when a village is moved to another town, and an audit row written in those seconds keeps the old one.
 */
@Component
public class VillagePaths {
    private final OrgUnits orgUnits;
    private final VillageCache<Long, String> paths;

    public VillagePaths(OrgUnits orgUnits, @Value("${jifen.market.cache-seconds:10}") int cacheSeconds) {
        this.orgUnits = orgUnits;
        this.paths = new VillageCache<>(Duration.ofSeconds(cacheSeconds));
    }

    public String of(long villageId) {
        return paths.get(villageId, v -> orgUnits.byId(v).path());
    }
}
