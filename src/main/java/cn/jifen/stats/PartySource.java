package cn.jifen.stats;

import cn.jifen.directory.OrgUnit;
import cn.jifen.party.Party;
import org.springframework.stereotype.Component;

/** Party members by class and by stars in a unit, from the party module's read API ({@link Party#figures}). */
@Component
class PartySource {
    private final Party party;
    private final Stats stats;

    PartySource(Party party, Stats stats) {
        this.party = party;
        this.stats = stats;
    }

    Party.Figures figures(OrgUnit unit, int year) {
        return party.figures(stats.villageIds(unit), year);
    }
}
