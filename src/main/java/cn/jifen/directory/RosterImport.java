package cn.jifen.directory;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.internal.HouseholdSql;
import cn.jifen.directory.internal.IdCards;
import cn.jifen.directory.internal.OrgUnitSql;
import cn.jifen.directory.internal.ResidentRules;
import cn.jifen.directory.internal.RosterColumn;
import cn.jifen.directory.internal.RosterIssue;
import cn.jifen.directory.internal.RosterReader;
import cn.jifen.directory.internal.RosterRow;
import cn.jifen.directory.internal.RosterSql;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.Texts;
import java.io.Serializable;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * Roster import (花名册导入): a village's households and residents from an .xlsx or .csv file.
 *
 * <p>All or nothing: every row is validated first, and if any row has a problem nothing is
 * written and every problem is reported with its row (as Excel numbers it, header = 1), column and
 * reason. A valid file is written in one transaction.
 *
 * <p>Natural keys: a household is (village, 户编号); a person is (village, 户编号, 姓名). A row
 * whose person is already registered with the same details is "unchanged" and skipped, so
 * importing the same file again changes nothing. Details are compared for the columns the file
 * has (an absent optional column, e.g. no 身份证号 column at all, is not compared; a present but
 * empty cell means "none"). A registered person with other details is an error — changes go
 * through the household page, never silently through a file. A new person under an existing
 * 户编号 joins that household if the row's grid, address (and low-income mark, when given)
 * match it. Nothing is ever deleted or updated by an import.
 * <p>Why one class of about 520 lines: The import is all-or-nothing: validation of every row and the writes of one
 * transaction are one algorithm (natural keys, unchanged rows, batch inserts); the file reading is in
 * RosterReader.
 */
@Service
public class RosterImport {
    /** At most this many problems are kept and shown; the count says how many there were. */
    public static final int MAX_PROBLEMS_KEPT = 10_000;

    /** One problem: row as Excel numbers it (0 = the file as a whole), column label, message key and sentence. */
    public record RowProblem(int row, String column, String code, String message) implements Serializable { }

    /**
     * The result of an import. {@code imported} is true when the file was valid (even if every row
     * was already registered); then {@code problems} is empty. Otherwise nothing was written and
     * {@code problems} lists the first {@link #MAX_PROBLEMS_KEPT} of {@code problemCount} problems.
     */
    public record Outcome(boolean imported, int householdsAdded, int residentsAdded, int residentsUnchanged,
                          int problemCount, List<RowProblem> problems) implements Serializable {
        public Outcome {
            problems = List.copyOf(problems);
        }
    }

    private static final Map<String, RosterColumn> FIELD_COLUMNS = Map.of(
            "householdRef", RosterColumn.REF, "address", RosterColumn.ADDRESS, "gridCode", RosterColumn.GRID,
            "name", RosterColumn.NAME, "relation", RosterColumn.RELATION, "gender", RosterColumn.GENDER,
            "birthYear", RosterColumn.BIRTH_YEAR, "phone", RosterColumn.PHONE, "idCard", RosterColumn.ID_CARD,
            "partyBranch", RosterColumn.BRANCH);
    private static final Map<String, Integer> COLUMN_ORDER = new HashMap<>();

    static {
        COLUMN_ORDER.put("", -1);
        for (RosterColumn c : RosterColumn.values()) {
            COLUMN_ORDER.put(c.label(), c.ordinal());
        }
    }

    private final Households households;
    private final HouseholdSql householdSql;
    private final OrgUnitSql orgSql;
    private final OrgUnits orgUnits;
    private final RosterSql sql;
    private final IdCards idCards;
    private final AuditLog audit;
    private final Clock clock;
    private final JsonMapper json;
    private final MessageSource messages;
    private final TransactionTemplate tx;
    private final int maxRows;
    private final long maxBytes;

    RosterImport(Households households, HouseholdSql householdSql, OrgUnitSql orgSql, OrgUnits orgUnits,
                 RosterSql sql, IdCards idCards, AuditLog audit, Clock clock, MessageSource messages,
                 PlatformTransactionManager transactions, @Value("${jifen.import.max-rows:20000}") int maxRows,
                 @Value("${spring.servlet.multipart.max-file-size:10MB}") DataSize maxUpload, JsonMapper json) {
        this.households = households;
        this.householdSql = householdSql;
        this.orgSql = orgSql;
        this.orgUnits = orgUnits;
        this.sql = sql;
        this.idCards = idCards;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
        this.messages = messages;
        this.tx = new TransactionTemplate(transactions);
        this.maxRows = maxRows;
        this.maxBytes = maxUpload.toBytes();
    }

    public int maxRows() { return maxRows; }

    public DataSize maxUpload() { return DataSize.ofBytes(maxBytes); }

    /** Imports a roster file into a village; problems in Chinese. Needs an admin role with the village in scope. */
    public Outcome importRoster(Actor actor, String villageCode, String filename, byte[] content) {
        return importRoster(actor, villageCode, filename, content, Locale.SIMPLIFIED_CHINESE);
    }

    /** As above, with problems put in the given language (column names stay those of the file's header). */
    public Outcome importRoster(Actor actor, String villageCode, String filename, byte[] content, Locale locale) {
        OrgUnit village = households.writableVillage(actor, villageCode);
        if (content == null) {
            return failed(List.of(RosterIssue.file("error.import.noFile")), locale);
        }
        if (content.length > maxBytes) {
            return failed(List.of(RosterIssue.file("error.upload.tooLarge")), locale);
        }
        RosterReader.Sheet sheet = RosterReader.read(content, maxRows);
        if (sheet.fatal()) {
            return failed(sheet.issues(), locale);
        }
        Result result;
        try {
            result = tx.execute(status -> {
                Result r = apply(actor, village, sheet, displayName(filename));
                if (!r.issues().isEmpty()) {
                    status.setRollbackOnly();
                }
                return r;
            });
        } catch (DataIntegrityViolationException | PessimisticLockingFailureException e) {
            // someone registered one of these people between our check and our write
            return failed(List.of(RosterIssue.file("error.import.concurrent")), locale);
        }
        if (!result.issues().isEmpty()) {
            return failed(result.issues(), locale);
        }
        return new Outcome(true, result.householdsAdded(), result.residentsAdded(), result.unchanged(), 0, List.of());
    }

    private record Result(List<RosterIssue> issues, int householdsAdded, int residentsAdded, int unchanged) { }

    /** One row after its own checks; a null field failed (and has its problem). */
    private static final class Line {
        int row;
        String ref;
        String name;
        OrgUnit grid;
        String address;
        Boolean lowIncome;
        boolean relationKnown;
        boolean head;
        String idCard;
        String digest;
        ResidentRules.Valid person;

        String personKey() {
            return ref == null || name == null ? null : ref + '\u0000' + name;
        }
    }

    private Result apply(Actor actor, OrgUnit village, RosterReader.Sheet sheet, String filename) {
        sql.lockVillage(village.id());
        Map<String, OrgUnit> gridByCode = new HashMap<>();
        Map<String, List<OrgUnit>> gridByName = new HashMap<>();
        for (OrgUnit g : orgUnits.gridsOf(village)) {
            if (g.active()) {
                gridByCode.put(g.code().toUpperCase(Locale.ROOT), g);
                gridByName.computeIfAbsent(g.name().replaceAll("\\s+", ""), k -> new ArrayList<>()).add(g);
            }
        }
        Map<String, RosterSql.StoredHousehold> stored = new HashMap<>();
        for (RosterSql.StoredHousehold h : sql.households(village.id())) {
            stored.put(h.ref(), h);
        }
        Map<String, HouseholdSql.ResidentKey> people = new HashMap<>();
        Map<String, String> idOwners = new HashMap<>();
        Set<String> refsWithHead = new HashSet<>();
        for (HouseholdSql.ResidentKey k : householdSql.residentKeys(village.id())) {
            String key = k.householdRef() + '\u0000' + k.name();
            people.put(key, k);
            if (k.idCardDigest() != null) {
                idOwners.put(k.idCardDigest(), key);
            }
            if (ResidentRules.HEAD.equals(k.relation())) {
                refsWithHead.add(k.householdRef());
            }
        }

        int year = LocalDate.now(clock).getYear();
        List<RosterIssue> issues = new ArrayList<>();
        List<Line> lines = new ArrayList<>(sheet.rows().size());
        for (RosterRow row : sheet.rows()) {
            lines.add(check(row, year, gridByCode, gridByName, issues));
        }

        // rows of one household agree; one person and one ID card appear once
        Map<String, Line> firstOfHousehold = new HashMap<>();
        Map<String, Integer> personRow = new HashMap<>();
        Map<String, Integer> idRow = new HashMap<>();
        for (Line l : lines) {
            if (l.ref != null) {
                Line first = firstOfHousehold.putIfAbsent(l.ref, l);
                if (first != null) {
                    String at = String.valueOf(first.row);
                    if (l.grid != null && first.grid != null && l.grid.id() != first.grid.id()) {
                        issues.add(RosterIssue.at(l.row, RosterColumn.GRID, "error.import.householdMismatch", at));
                    }
                    if (l.address != null && first.address != null && !l.address.equals(first.address)) {
                        issues.add(RosterIssue.at(l.row, RosterColumn.ADDRESS, "error.import.householdMismatch", at));
                    }
                    if (l.lowIncome != null && first.lowIncome != null && !l.lowIncome.equals(first.lowIncome)) {
                        issues.add(RosterIssue.at(l.row, RosterColumn.LOW_INCOME, "error.import.householdMismatch", at));
                    }
                }
            }
            String key = l.personKey();
            if (key != null) {
                Integer prev = personRow.putIfAbsent(key, l.row);
                if (prev != null) {
                    issues.add(RosterIssue.at(l.row, RosterColumn.NAME, "error.import.duplicateInFile", String.valueOf(prev)));
                }
            }
            if (l.idCard != null) {
                Integer prev = idRow.putIfAbsent(l.idCard, l.row);
                if (prev != null) {
                    issues.add(RosterIssue.at(l.row, RosterColumn.ID_CARD, "error.import.duplicateIdInFile",
                            String.valueOf(prev)));
                }
            }
        }

        // against what is registered
        Set<RosterColumn> columns = sheet.columns();
        int unchanged = 0;
        LinkedHashMap<String, List<Line>> newHouseholds = new LinkedHashMap<>();
        List<Line> joining = new ArrayList<>();
        for (Line l : lines) {
            if (l.ref == null) {
                continue;
            }
            RosterSql.StoredHousehold h = stored.get(l.ref);
            if (h != null) {
                if (l.grid != null && l.grid.id() != h.gridId()) {
                    issues.add(RosterIssue.at(l.row, RosterColumn.GRID, "error.import.existingHouseholdGrid", l.ref));
                }
                if (l.address != null && !l.address.equals(h.address())) {
                    issues.add(RosterIssue.at(l.row, RosterColumn.ADDRESS, "error.import.existingHouseholdGrid", l.ref));
                }
                if (columns.contains(RosterColumn.LOW_INCOME) && l.lowIncome != null && l.lowIncome != h.lowIncome()) {
                    issues.add(RosterIssue.at(l.row, RosterColumn.LOW_INCOME, "error.import.existingHouseholdLowIncome",
                            l.ref));
                }
            }
            String key = l.personKey();
            HouseholdSql.ResidentKey known = key == null ? null : people.get(key);
            if (known != null) {
                if (l.person != null) {
                    List<RosterColumn> differ = differences(l, known, columns);
                    for (RosterColumn c : differ) {
                        issues.add(RosterIssue.at(l.row, c, "error.import.conflictsWithDb"));
                    }
                    if (differ.isEmpty()) {
                        unchanged++;
                    }
                }
                continue;
            }
            if (l.digest != null && idOwners.containsKey(l.digest)) {
                issues.add(RosterIssue.at(l.row, RosterColumn.ID_CARD, "error.resident.idRegistered"));
            }
            if (h != null) {
                if (l.head && refsWithHead.contains(l.ref)) {
                    issues.add(RosterIssue.at(l.row, RosterColumn.RELATION, "error.household.oneHead"));
                }
                joining.add(l);
            } else {
                newHouseholds.computeIfAbsent(l.ref, k -> new ArrayList<>()).add(l);
            }
        }
        // each new household has exactly one head
        for (List<Line> members : newHouseholds.values()) {
            if (!members.stream().allMatch(m -> m.relationKnown)) {
                continue;                                       // the unknown relation is reported already
            }
            List<Line> heads = members.stream().filter(m -> m.head).toList();
            if (heads.isEmpty()) {
                issues.add(RosterIssue.at(members.get(0).row, RosterColumn.RELATION, "error.household.oneHead"));
            }
            for (int i = 1; i < heads.size(); i++) {
                issues.add(RosterIssue.at(heads.get(i).row, RosterColumn.RELATION, "error.household.oneHead"));
            }
        }
        if (!issues.isEmpty()) {
            return new Result(issues, 0, 0, 0);
        }
        return write(actor, village, newHouseholds, joining, stored, unchanged, sheet.rows().size(), filename);
    }

    /**
     * Writes what the checks let through, in bulk: the new households in a few multi-row INSERTs (their ids come
     * back with their refs), then every new resident, then the passbooks — a few dozen statements for 10,000 rows.
     */
    private Result write(Actor actor, OrgUnit village, LinkedHashMap<String, List<Line>> newHouseholds,
                         List<Line> joining, Map<String, RosterSql.StoredHousehold> stored, int unchanged, int rows,
                         String filename) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String firstPassbook = null;
        String lastPassbook = null;
        List<RosterSql.NewResident> people = new ArrayList<>();
        List<RosterSql.NewPassbook> passbooks = new ArrayList<>(newHouseholds.size());
        if (!newHouseholds.isEmpty()) {
            int seq = orgSql.reservePassbookSequence(village.id(), newHouseholds.size());
            List<RosterSql.NewHousehold> added = new ArrayList<>(newHouseholds.size());
            for (List<Line> members : newHouseholds.values()) {
                Line first = members.get(0);
                added.add(new RosterSql.NewHousehold(first.ref, first.grid.id(), first.address,
                        Boolean.TRUE.equals(first.lowIncome)));
            }
            Map<String, Long> ids = sql.insertHouseholds(village.id(), added, now);
            for (Map.Entry<String, List<Line>> h : newHouseholds.entrySet()) {
                long id = ids.get(h.getKey());
                for (Line member : h.getValue()) {
                    people.add(newResident(id, member));
                }
                String number = Households.passbookNumber(village, seq++);
                passbooks.add(new RosterSql.NewPassbook(id, number));
                firstPassbook = firstPassbook == null ? number : firstPassbook;
                lastPassbook = number;
            }
        }
        for (Line l : joining) {
            people.add(newResident(stored.get(l.ref).id(), l));
        }
        sql.insertResidents(village.id(), people, now);
        sql.insertPassbooks(village.id(), passbooks, now.toLocalDate());
        int residents = people.size();
        if (!newHouseholds.isEmpty() || residents > 0) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("file", filename);
            summary.put("rows", rows);
            summary.put("householdsAdded", newHouseholds.size());
            summary.put("residentsAdded", residents);
            summary.put("residentsUnchanged", unchanged);
            summary.put("passbooks", firstPassbook == null ? null : firstPassbook + " … " + lastPassbook);
            audit.record(actor, "roster.import", village.path(), "village", village.code(), null, json.writeValueAsString(summary),
                    filename);
        }
        return new Result(List.of(), newHouseholds.size(), residents, unchanged);
    }

    private RosterSql.NewResident newResident(long householdId, Line l) {
        String id = l.person.idCard();
        return new RosterSql.NewResident(householdId, l.person, id == null ? null : idCards.encrypt(id),
                id == null ? null : IdCards.mask(id), id == null ? null : l.digest);
    }

    /** The row's own checks: the same rules and messages as the household form. */
    private Line check(RosterRow row, int year, Map<String, OrgUnit> gridByCode, Map<String, List<OrgUnit>> gridByName,
                       List<RosterIssue> issues) {
        Line l = new Line();
        l.row = row.number();
        // a cell already flagged (a formula, or text no column can hold) gets no second message
        Set<RosterColumn> flagged = EnumSet.noneOf(RosterColumn.class);
        flagged.addAll(row.formulas());
        for (RosterColumn c : RosterColumn.values()) {
            if (row.formulas().contains(c)) {
                issues.add(RosterIssue.at(l.row, c, "error.import.formula"));
            } else if (Texts.isUnstorable(row.get(c))) {
                issues.add(RosterIssue.at(l.row, c, "error.import.unsafeText"));
                flagged.add(c);
            }
        }
        List<Problem> problems = new ArrayList<>();
        l.ref = Texts.code("householdRef", row.get(RosterColumn.REF), problems);
        l.address = Texts.name("address", row.get(RosterColumn.ADDRESS), 200, problems);
        l.grid = grid(row.get(RosterColumn.GRID), gridByCode, gridByName, problems);
        l.lowIncome = flag(row, RosterColumn.LOW_INCOME, flagged, issues);
        Boolean party = flag(row, RosterColumn.PARTY, flagged, issues);
        Boolean disabled = flag(row, RosterColumn.DISABLED, flagged, issues);
        String relation = Texts.clean(row.get(RosterColumn.RELATION));
        l.relationKnown = relation != null && ResidentRules.RELATIONS.contains(relation);
        l.head = ResidentRules.HEAD.equals(relation);
        l.name = Texts.clean(row.get(RosterColumn.NAME));
        ResidentDraft draft = new ResidentDraft(row.get(RosterColumn.NAME), relation, row.get(RosterColumn.GENDER),
                row.get(RosterColumn.BIRTH_YEAR), row.get(RosterColumn.PHONE), row.get(RosterColumn.ID_CARD),
                Boolean.TRUE.equals(party), row.get(RosterColumn.BRANCH), Boolean.TRUE.equals(disabled));
        l.person = ResidentRules.check(draft, "", year, problems);
        if (party == null || disabled == null) {
            l.person = null;
        }
        l.idCard = IdCards.normalise(Texts.clean(row.get(RosterColumn.ID_CARD)));
        l.digest = l.idCard == null ? null : idCards.digest(l.idCard);
        for (Problem p : problems) {
            RosterColumn c = FIELD_COLUMNS.get(p.field());
            if (c == null || !flagged.contains(c)) {
                issues.add(RosterIssue.at(l.row, c, p.messageKey(), p.args()));
            }
        }
        return l;
    }

    private static OrgUnit grid(String raw, Map<String, OrgUnit> byCode, Map<String, List<OrgUnit>> byName,
                                List<Problem> problems) {
        String g = Texts.clean(raw);
        if (g == null) {
            problems.add(new Problem("gridCode", "error.required"));
            return null;
        }
        OrgUnit grid = byCode.get(g.toUpperCase(Locale.ROOT));
        if (grid == null) {
            List<OrgUnit> named = byName.get(g.replaceAll("\\s+", ""));
            grid = named != null && named.size() == 1 ? named.get(0) : null;
        }
        if (grid == null) {
            problems.add(new Problem("gridCode", "error.household.unknownGrid", g));
        }
        return grid;
    }

    /** 是/否 cell: empty means no; anything else unreadable is a problem (null). */
    private static Boolean flag(RosterRow row, RosterColumn column, Set<RosterColumn> flagged, List<RosterIssue> issues) {
        Boolean b = ResidentRules.flag(row.get(column));
        if (b == null && !flagged.contains(column)) {
            issues.add(RosterIssue.at(row.number(), column, "error.import.flag"));
        }
        return b;
    }

    /** The columns in which a registered person differs from the row (only columns the file has). */
    private static List<RosterColumn> differences(Line l, HouseholdSql.ResidentKey k, Set<RosterColumn> columns) {
        ResidentRules.Valid p = l.person;
        List<RosterColumn> differ = new ArrayList<>();
        if (!p.relation().equals(k.relation())) {
            differ.add(RosterColumn.RELATION);
        }
        if (!p.gender().equals(k.gender())) {
            differ.add(RosterColumn.GENDER);
        }
        if (p.birthYear() != k.birthYear()) {
            differ.add(RosterColumn.BIRTH_YEAR);
        }
        if (columns.contains(RosterColumn.PHONE) && !Objects.equals(p.phone(), k.phone())) {
            differ.add(RosterColumn.PHONE);
        }
        if (columns.contains(RosterColumn.ID_CARD) && !Objects.equals(l.digest, k.idCardDigest())) {
            differ.add(RosterColumn.ID_CARD);
        }
        if (columns.contains(RosterColumn.PARTY) && p.partyMember() != k.partyMember()) {
            differ.add(RosterColumn.PARTY);
        } else if (columns.contains(RosterColumn.BRANCH) && p.partyMember()
                && !Objects.equals(p.partyBranch(), k.partyBranch())) {
            differ.add(RosterColumn.BRANCH);
        }
        if (columns.contains(RosterColumn.DISABLED) && p.disabled() != k.disabled()) {
            differ.add(RosterColumn.DISABLED);
        }
        return differ;
    }

    private Outcome failed(List<RosterIssue> issues, Locale locale) {
        List<RowProblem> kept = issues.stream()
                .sorted(Comparator.comparingInt(RosterIssue::row)
                        .thenComparingInt(i -> COLUMN_ORDER.getOrDefault(i.column(), 99)))
                .limit(MAX_PROBLEMS_KEPT)
                .map(i -> new RowProblem(i.row(), i.column(), i.key(), message(i, locale)))
                .toList();
        return new Outcome(false, 0, 0, 0, issues.size(), kept);
    }

    private String message(RosterIssue i, Locale locale) {
        Object[] args = i.args() == null ? new Object[0] : i.args().clone();
        for (int a = 0; a < args.length; a++) {
            if (args[a] instanceof Number n) {
                args[a] = n.toString();                          // 2026, not "2,026"
            }
        }
        return messages.getMessage(i.key(), args, i.key(), locale);
    }

    /** The file's name without any path, control characters or markup, for the audit record. */
    public static String displayName(String filename) {
        if (filename == null) {
            return null;
        }
        String n = filename.replaceAll("^.*[/\\\\]", "").replaceAll("[\\p{Cntrl}<>]", "").strip();
        if (n.isEmpty()) {
            return null;
        }
        return n.length() > 200 ? n.substring(0, 200) : n;
    }
}
