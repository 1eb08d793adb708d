package cn.jifen.wishes.internal;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The county's forbidden goods (不得提议的物品): a wish whose normalised name contains a term is refused with a message
 * naming the rule. A county that never changed its list has {@link #DEFAULTS}; its county admin adds and removes
 * terms (audited); every staff member and villager of the county may read it.
 */
@Service
public class ForbiddenGoods {
    /** The built-in list: tobacco and alcohol, which a points supermarket does not offer. */
    static final List<String[]> DEFAULTS = List.of(
            new String[] {"烟草", "烟草制品"}, new String[] {"香烟", "烟草制品"}, new String[] {"卷烟", "烟草制品"},
            new String[] {"烟丝", "烟草制品"}, new String[] {"雪茄", "烟草制品"}, new String[] {"电子烟", "烟草制品"},
            new String[] {"白酒", "酒类"}, new String[] {"啤酒", "酒类"}, new String[] {"米酒", "酒类"},
            new String[] {"黄酒", "酒类"}, new String[] {"红酒", "酒类"}, new String[] {"葡萄酒", "酒类"},
            new String[] {"烧酒", "酒类"}, new String[] {"洋酒", "酒类"}, new String[] {"二锅头", "酒类"});

    private final WishSql sql;
    private final OrgUnits orgUnits;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final RequestValidation validation;

    ForbiddenGoods(WishSql sql, OrgUnits orgUnits, AuditLog audit, Clock clock, TransactionTemplate tx, RequestValidation validation) {
        this.validation = validation;
        this.sql = sql;
        this.orgUnits = orgUnits;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
    }

    /** The county a unit belongs to: the first id of its path. */
    static long countyOf(String path) {
        String[] parts = path.split("/");
        for (String p : parts) {
            if (!p.isEmpty()) {
                return Long.parseLong(p);
            }
        }
        throw new NotFound("error.org.notFound");
    }

    /** The county's list as it applies now (the default until the county changes it). */
    public List<ForbiddenTerm> list(Actor actor) {
        return terms(countyOf(actor.orgPath()));
    }

    List<ForbiddenTerm> terms(long countyId) {
        if (sql.countySetUp(countyId)) {
            return sql.terms(countyId);
        }
        List<ForbiddenTerm> out = new ArrayList<>();
        for (int i = 0; i < DEFAULTS.size(); i++) {
            out.add(new ForbiddenTerm(-(i + 1), DEFAULTS.get(i)[0], DEFAULTS.get(i)[1]));
        }
        return out;
    }

    /** The term a goods name falls under in the county of this village path, if any. */
    public Optional<ForbiddenTerm> match(String villagePath, String goodsName) {
        String key = WishNames.key(goodsName);
        return terms(countyOf(villagePath)).stream()
                .filter(t -> !WishNames.key(t.term()).isEmpty() && key.contains(WishNames.key(t.term()))).findFirst();
    }

    public boolean mayEdit(Actor actor) {
        return actor.is(Role.COUNTY_ADMIN);
    }

    private long editable(Actor actor) {
        if (!mayEdit(actor)) {
            throw Forbidden.role();
        }
        OrgUnit unit = orgUnits.byId(actor.orgUnitId());
        return countyOf(unit.path());
    }

    /** Adds a term under a rule (e.g. 槟榔 under 其他不宜物品). A term already listed is refused. */
    public ForbiddenTerm add(Actor actor, String term, String rule) {
        return add(actor, new TermDraft(term, rule));
    }

    /** As {@link #add(Actor, String, String)}: the draft checked after the role. */
    public ForbiddenTerm add(Actor actor, TermDraft d) {
        long county = editable(actor);
        List<Problem> problems = new ArrayList<>();
        String t = Texts.clean(d.term());
        String r = Texts.clean(d.rule());
        if (validation.valid(d, "term") && WishNames.key(t).isEmpty()) {
            problems.add(new Problem("term", "error.wishes.termEmpty"));
        }
        validation.check(d, problems);
        String key = WishNames.key(t);
        OffsetDateTime now = OffsetDateTime.now(clock);
        long id = tx.execute(s -> {
            setUp(actor, county, now);
            if (sql.hasTerm(county, key)) {
                throw InvalidInput.of("term", "error.wishes.termListed", t);
            }
            long tid = sql.insertTerm(county, t, key, r, actor.username(), now);
            audit.record(actor, "wishes.forbidden.add", actor.orgPath(), "wish_forbidden_term", county + "/" + tid,
                    null, t + " (" + r + ")", null);
            return tid;
        });
        return new ForbiddenTerm(id, t, r);
    }

    /** Removes a term; a default term (negative id) is removed from the county's own copy of the list. */
    public void remove(Actor actor, long id) {
        long county = editable(actor);
        OffsetDateTime now = OffsetDateTime.now(clock);
        tx.executeWithoutResult(s -> {
            long realId = id;
            if (id < 0 && !sql.countySetUp(county)) {
                int index = (int) (-id - 1);
                if (index >= DEFAULTS.size()) {
                    throw new NotFound("error.wishes.termNotFound");
                }
                setUp(actor, county, now);
                String key = WishNames.key(DEFAULTS.get(index)[0]);
                realId = sql.terms(county).stream().filter(t -> WishNames.key(t.term()).equals(key))
                        .findFirst().orElseThrow().id();
            }
            ForbiddenTerm t = sql.term(county, realId).orElseThrow(() -> new NotFound("error.wishes.termNotFound"));
            sql.deleteTerm(county, realId);
            audit.record(actor, "wishes.forbidden.remove", actor.orgPath(), "wish_forbidden_term", county + "/" + realId,
                    t.term() + " (" + t.rule() + ")", null, null);
        });
    }

    /** The county's first change copies the default list in, so the change applies to the list people saw. */
    private void setUp(Actor actor, long county, OffsetDateTime now) {
        if (sql.countySetUp(county)) {
            sql.lockCounty(county);
            return;
        }
        sql.setUpCounty(county, actor.username(), now);
        for (String[] d : DEFAULTS) {
            sql.insertTerm(county, d[0], WishNames.key(d[0]), d[1], actor.username(), now);
        }
    }
}
