package cn.jifen.stats.internal;

import cn.jifen.directory.OrgUnit;
import cn.jifen.party.Party;
import org.springframework.stereotype.Component;
import cn.jifen.stats.Figures;
import cn.jifen.stats.Stats;

/** Party members by class and by stars in a unit, from the party module's read API ({@link Party#figures}). */
@Component
public class PartySource {
    private final Party party;
    private final Stats stats;

    public PartySource(Party party, Stats stats) {
        this.party = party;
        this.stats = stats;
    }

    public Party.Figures figures(OrgUnit unit, int year) {
        return party.figures(stats.villageIds(unit), year);
    }
}
