package cn.jifen.directory.internal;

import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.Resident;
import cn.jifen.documents.PassbookCover;
import cn.jifen.shared.Actor;
import java.time.LocalDate;
import java.util.List;
import org.springframework.stereotype.Service;

/** The printable passbook cover (A5 PDF) of a household in scope. */
@Service
public class PassbookCovers {
    private final Households households;
    private final OrgUnits orgUnits;
    private final HouseholdSql sql;

    PassbookCovers(Households households, OrgUnits orgUnits, HouseholdSql sql) {
        this.households = households;
        this.orgUnits = orgUnits;
        this.sql = sql;
    }

    public byte[] pdf(Actor actor, long villageId, long householdId) {
        Household h = households.get(actor, villageId, householdId);
        LocalDate issuedOn = sql.passbookIssuedOn(villageId, householdId);
        List<OrgUnit> lineage = orgUnits.lineage(orgUnits.byId(villageId));
        return PassbookCover.render(new PassbookCover.Data(lineage.get(0).name(), lineage.get(1).name(),
                lineage.get(2).name(), h.passbookNumber(), h.headName(), h.address(), h.gridName(),
                h.members().stream().filter(m -> "ACTIVE".equals(m.status())).map(Resident::name).toList(), issuedOn));
    }
}
