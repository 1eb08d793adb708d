package cn.jifen.noticeboard;

import cn.jifen.claims.Claims;
import cn.jifen.directory.OrgLevel;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.honours.Honour;
import cn.jifen.honours.HonourRecords;
import cn.jifen.honours.Periods;
import cn.jifen.honours.RankLine;
import cn.jifen.honours.Rankings;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.VillagePosting;
import cn.jifen.market.Funds;
import cn.jifen.market.RedemptionWindow;
import cn.jifen.market.RedemptionWindows;
import cn.jifen.noticeboard.internal.BoardCache;
import cn.jifen.noticeboard.internal.BoardSql;
import cn.jifen.party.Party;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
import cn.jifen.rules.RuleSign;
import cn.jifen.shared.Actor;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Period;
import cn.jifen.shared.ReadReplica;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The village's public notice board (公示栏), assembled from claims in publicity, the month's and quarter's
 * postings, rankings, honours and the catalogue in force, with people shown as the village's privacy mode
 * allows. Negative-list postings are shown by name only when the county allows it (红黑榜).
 */
@Service
public class Board {
    static final int TOP = 10;
    static final int RECENT = 30;
    /** Claims in publicity the board lists; beyond them it says "仅显示前 N 条，共 M 条". */
    static final int PUBLICITY_SHOWN = 500;

    private final OrgUnits orgUnits;
    private final Claims claims;
    private final Ledger ledger;
    private final Rankings rankings;
    private final HonourRecords honours;
    private final RuleCatalogue catalogue;
    private final BoardSettings settings;
    private final BoardSql sql;
    private final BoardCache cache;
    private final Clock clock;
    private final RedemptionWindows windows;
    private final Funds funds;
    private final Party party;
    private final ReadReplica replica;

    Board(OrgUnits orgUnits, Claims claims, Ledger ledger, Rankings rankings, HonourRecords honours,
          RuleCatalogue catalogue, BoardSettings settings, BoardSql sql, BoardCache cache, Clock clock,
          RedemptionWindows windows, Funds funds, Party party, ReadReplica replica) {
        this.replica = replica;
        this.party = party;
        this.windows = windows;
        this.funds = funds;
        this.orgUnits = orgUnits;
        this.claims = claims;
        this.ledger = ledger;
        this.rankings = rankings;
        this.honours = honours;
        this.catalogue = catalogue;
        this.settings = settings;
        this.sql = sql;
        this.cache = cache;
        this.clock = clock;
    }

    /** An active village by code; any other code (unknown, a town, a grid, inactive) is the same NotFound. */
    public OrgUnit village(String code) {
        return orgUnits.byCode(code == null ? "" : code.strip()).filter(u -> u.isVillage() && u.active())
                .orElseThrow(() -> new NotFound("error.board.notFound"));
    }

    /** The board of a village (cached for a few seconds, see {@link BoardCache}). */
    public BoardView view(String villageCode) {
        OrgUnit village = village(villageCode);
        // assembled on the read replica when one is configured (docs/scale.md): the board only shows, never writes
        return cache.get("v" + village.id() + ":board", () -> replica.read(() -> assemble(village)));
    }

    /** The county's towns, each with its active villages, for /board. */
    public Map<OrgUnit, List<OrgUnit>> directory() {
        return cache.get("directory", () -> replica.read(() -> {
            Map<OrgUnit, List<OrgUnit>> towns = new LinkedHashMap<>();
            Map<Long, OrgUnit> byId = new LinkedHashMap<>();
            for (OrgUnit u : orgUnits.tree(Actor.system("/"))) {
                if (u.level() == OrgLevel.TOWN && u.active()) {
                    byId.put(u.id(), u);
                    towns.put(u, new ArrayList<>());
                }
            }
            for (OrgUnit u : orgUnits.tree(Actor.system("/"))) {
                if (u.isVillage() && u.active() && byId.containsKey(u.parentId())) {
                    towns.get(byId.get(u.parentId())).add(u);
                }
            }
            return towns;
        }));
    }

    /** Drops the village's cached board (after a change that must show at once). */
    public void evict(long villageId) {
        cache.evict(villageId);
    }

    BoardView assemble(OrgUnit village) {
        LocalDate today = LocalDate.now(clock);
        Privacy privacy = settings.privacy(village.id());
        boolean negativeByName = settings.negativeByName(village.id());
        List<OrgUnit> lineage = orgUnits.lineage(village);
        String town = lineage.stream().filter(u -> u.level() == OrgLevel.TOWN).map(OrgUnit::name).findFirst().orElse("");
        String county = lineage.stream().filter(u -> u.level() == OrgLevel.COUNTY).map(OrgUnit::name).findFirst().orElse("");

        Page<Claims.BoardLine> inPublicity = claims.publicity(village.id(), Paging.first(PUBLICITY_SHOWN));
        Period month = Period.month(YearMonth.from(today));
        Period quarter = Period.quarterOf(today);
        Period year = Period.year(today.getYear());
        List<VillagePosting> postings = ledger.postings(village.id(), month, RECENT);
        boolean starsShown = party.boardShowsStars(village.id());   // the county decides whether 星级党员 are public
        List<Honour> shownHonours = honours.latest(village.id(), 20).stream()
                .filter(h -> starsShown || !"STAR_PARTY_MEMBER".equals(h.kind())).toList();

        // the names and passbook numbers of only the people the board shows (not the village's whole roster)
        Set<Long> householdIds = new HashSet<>();
        Set<Long> residentIds = new HashSet<>();
        inPublicity.items().forEach(l -> note(householdIds, residentIds, l.claim().householdId(), l.claim().residentId()));
        postings.forEach(p -> note(householdIds, residentIds, p.householdId(), p.residentId()));
        shownHonours.forEach(h -> note(householdIds, residentIds, h.householdId(), h.residentId()));
        Map<Long, String[]> households = sql.households(village.id(), householdIds);
        Map<Long, String> residents = sql.residents(village.id(), residentIds);

        List<BoardView.PublicityLine> publicity = new ArrayList<>();
        Map<String, Boolean> deductItems = new LinkedHashMap<>();
        for (Claims.BoardLine l : inPublicity.items()) {
            var c = l.claim();
            boolean deduct = deductItems.computeIfAbsent(c.itemId() + "/" + c.itemVersion(), k -> {
                RuleItem item = catalogue.version(c.itemId(), c.itemVersion());
                return item.sign() == RuleSign.DEDUCT || item.veto();
            });
            String who = deduct && !negativeByName ? null
                    : person(privacy, households, residents, c.householdId(), c.residentId());
            publicity.add(new BoardView.PublicityLine(c.villageId(), c.id(), who, c.itemLabel(), c.points(), deduct,
                    c.occurredOn(), c.publicityEndsAt(), "OBJECTED".equals(c.status().name()), l.objections().size()));
        }

        List<BoardView.PostingLine> recent = new ArrayList<>();
        for (VillagePosting p : postings) {
            if (p.scoreDelta() == 0) {
                continue;
            }
            boolean negative = p.scoreDelta() < 0;
            String who = negative && !negativeByName ? null
                    : person(privacy, households, residents, p.householdId(), p.residentId());
            recent.add(new BoardView.PostingLine(p.postedOn(), who, p.itemLabel(), p.scoreDelta()));
        }

        List<BoardView.HonourRow> honourRows = new ArrayList<>();
        for (Honour h : shownHonours) {
            honourRows.add(new BoardView.HonourRow(h.kind(), h.periodLabel(),
                    person(privacy, households, residents, h.householdId(), h.residentId()), h.stars()));
        }

        Map<String, List<BoardView.CatalogueItem>> groups = new LinkedHashMap<>();
        for (RuleItem i : catalogue.inForceFor(village, today)) {
            groups.computeIfAbsent(i.categoryName(), k -> new ArrayList<>()).add(new BoardView.CatalogueItem(i.code(),
                    i.name(), i.pointsLabel(), i.sign() == RuleSign.DEDUCT));
        }
        List<BoardView.CatalogueGroup> cat = groups.entrySet().stream()
                .map(e -> new BoardView.CatalogueGroup(e.getKey(), e.getValue())).toList();

        LocalDateTime nowLocal = LocalDateTime.now(clock);
        BoardView.RedemptionDay redemption = windows.next(village.id())
                .map((RedemptionWindow w) -> new BoardView.RedemptionDay(w.title(), w.opensAt(), w.closesAt(),
                        w.isOpenAt(nowLocal)))
                .orElse(null);
        List<BoardView.DonorRow> donors = funds.donors(village.id()).stream().limit(20)
                .map(d -> new BoardView.DonorRow(d.name(), d.amountYuan(), d.lastDonatedOn())).toList();

        return new BoardView(village.id(), village.code(), village.name(), town, county, today, privacy, negativeByName,
                publicity, inPublicity.total(), Periods.label(month), ledger.postedTotals(village.id(), month), Periods.label(quarter),
                ledger.postedTotals(village.id(), quarter), recent,
                top(privacy, village, month), Periods.label(year), top(privacy, village, year),
                honourRows, cat, redemption, windows.openEveryDay(village.id()), donors);
    }

    private List<BoardView.RankRow> top(Privacy privacy, OrgUnit village, Period p) {
        List<BoardView.RankRow> rows = new ArrayList<>();
        for (RankLine l : rankings.topHouseholds(village, p, TOP)) {
            rows.add(new BoardView.RankRow(l.rank(), privacy.show(l.name(), l.passbookNumber()), l.score(), false));
        }
        return rows;
    }

    private static void note(Set<Long> households, Set<Long> residents, long householdId, Long residentId) {
        households.add(householdId);
        if (residentId != null) {
            residents.add(residentId);
        }
    }

    private static String person(Privacy privacy, Map<Long, String[]> households, Map<Long, String> residents,
                                 long householdId, Long residentId) {
        String[] h = Optional.ofNullable(households.get(householdId)).orElse(new String[] {null, null});
        String name = residentId != null && residents.containsKey(residentId) ? residents.get(residentId) : h[0];
        return privacy.show(name, h[1]);
    }
}
