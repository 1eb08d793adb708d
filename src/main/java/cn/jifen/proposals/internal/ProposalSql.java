package cn.jifen.proposals.internal;

import cn.jifen.proposals.ProposalStatus;
import cn.jifen.proposals.Proposals;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The proposals' tables: proposal, proposal_option, proposal_voter. Every query is routed by village_id. */
@Repository
public class ProposalSql {
    /** A proposal row without its options and village name (the service adds them). */
    public record Row(long villageId, long id, String title, String description, Electorate electorate, LocalDate opensOn,
               LocalDate closesOn, String itemCode, ProposalStatus status, Integer electorateSize, long votes,
               String createdBy, OffsetDateTime createdAt, OffsetDateTime publishedAt, OffsetDateTime closedAt,
               String withdrawReason, Integer awarded) { }

    public record OptionRow(int position, String label, long votes) { }

    public record VoterRow(String key, long householdId, Long residentId, String channel, LocalDate castOn,
                    String enteredBy, Long claimId) { }

    private final JdbcClient jdbc;

    ProposalSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // every use binds :v to the village; the subquery names it too, not p.village_id: Citus cannot route a scalar
    // subquery in the select list by the outer row, so it would run on every shard (docs/citus.md)
    private static final String SELECT = """
            SELECT p.village_id, p.id, p.title, p.description, p.electorate, p.opens_on, p.closes_on, p.item_code,
                   p.status, p.electorate_size,
                   (SELECT COUNT(*) FROM proposal_voter v WHERE v.village_id = :v AND v.proposal_id = p.id),
                   p.created_by, p.created_at, p.published_at, p.closed_at, p.withdraw_reason, p.awarded
            FROM proposal p
            """;

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                Electorate.valueOf(rs.getString(5)), rs.getObject(6, LocalDate.class), rs.getObject(7, LocalDate.class),
                rs.getString(8), ProposalStatus.valueOf(rs.getString(9)), rs.getObject(10, Integer.class), rs.getLong(11),
                rs.getString(12), rs.getObject(13, OffsetDateTime.class), rs.getObject(14, OffsetDateTime.class),
                rs.getObject(15, OffsetDateTime.class), rs.getString(16), rs.getObject(17, Integer.class));
    }

    public long insert(long villageId, String title, String description, Electorate electorate, LocalDate opensOn,
                LocalDate closesOn, String itemCode, String by, OffsetDateTime at) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO proposal (village_id, title, description, electorate, opens_on, closes_on, item_code, status,
                                      created_by, created_at)
                VALUES (:v, :t, :d, :e, :o, :c, :i, 'DRAFT', :by, :at)""")
                .param("v", villageId).param("t", title).param("d", description).param("e", electorate.name())
                .param("o", opensOn).param("c", closesOn).param("i", itemCode).param("by", by).param("at", at)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    /** Changes a draft; false when it is no longer a draft. */
    public boolean updateDraft(long villageId, long id, String title, String description, Electorate electorate,
                        LocalDate opensOn, LocalDate closesOn, String itemCode) {
        return jdbc.sql("""
                UPDATE proposal SET title = :t, description = :d, electorate = :e, opens_on = :o, closes_on = :c,
                                    item_code = :i
                WHERE village_id = :v AND id = :id AND status = 'DRAFT'""")
                .param("t", title).param("d", description).param("e", electorate.name()).param("o", opensOn)
                .param("c", closesOn).param("i", itemCode).param("v", villageId).param("id", id).update() == 1;
    }

    public void replaceOptions(long villageId, long id, List<String> labels) {
        jdbc.sql("DELETE FROM proposal_option WHERE village_id = :v AND proposal_id = :id")
                .param("v", villageId).param("id", id).update();
        for (int i = 0; i < labels.size(); i++) {
            jdbc.sql("INSERT INTO proposal_option (village_id, proposal_id, position, label) VALUES (:v, :id, :p, :l)")
                    .param("v", villageId).param("id", id).param("p", i + 1).param("l", labels.get(i)).update();
        }
    }

    public Optional<Row> get(long villageId, long id) {
        return jdbc.sql(SELECT + " WHERE p.village_id = :v AND p.id = :id").param("v", villageId).param("id", id)
                .query(ProposalSql::row).optional();
    }

    /** A village's proposals: open first, then drafts, then the rest, newest period first. */
    public List<Row> ofVillage(long villageId, int limit, long offset) {
        return jdbc.sql(SELECT + """
                 WHERE p.village_id = :v
                 ORDER BY CASE p.status WHEN 'OPEN' THEN 0 WHEN 'DRAFT' THEN 1 ELSE 2 END, p.closes_on DESC, p.id DESC
                 LIMIT :limit OFFSET :offset""")
                .param("v", villageId).param("limit", limit).param("offset", offset).query(ProposalSql::row).list();
    }

    public long countOfVillage(long villageId) {
        return jdbc.sql("SELECT COUNT(*) FROM proposal WHERE village_id = :v").param("v", villageId)
                .query(Long.class).single();
    }

    /** Published proposals of a village in the given states, closing on or after a day; soonest closing first. */
    public List<Row> inStates(long villageId, Collection<String> states, LocalDate closingFrom, int limit) {
        return jdbc.sql(SELECT + """
                 WHERE p.village_id = :v AND p.status IN (:s) AND p.closes_on >= :from
                 ORDER BY p.closes_on DESC, p.id DESC LIMIT :limit""")
                .param("v", villageId).param("s", states).param("from", closingFrom).param("limit", limit)
                .query(ProposalSql::row).list();
    }

    public Map<Long, List<OptionRow>> options(long villageId, Collection<Long> ids) {
        Map<Long, List<OptionRow>> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                SELECT proposal_id, position, label, votes FROM proposal_option
                WHERE village_id = :v AND proposal_id IN (:ids) ORDER BY proposal_id, position""")
                .param("v", villageId).param("ids", ids)
                .query(rs -> {
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new OptionRow(rs.getInt(2), rs.getString(3), rs.getLong(4)));
                });
        return out;
    }

    /** DRAFT → OPEN with the electorate's size; false when it was no longer a draft. */
    public boolean publish(long villageId, long id, int electorateSize, String by, OffsetDateTime at) {
        return jdbc.sql("""
                UPDATE proposal SET status = 'OPEN', electorate_size = :n, published_by = :by, published_at = :at
                WHERE village_id = :v AND id = :id AND status = 'DRAFT'""")
                .param("n", electorateSize).param("by", by).param("at", at).param("v", villageId).param("id", id)
                .update() == 1;
    }

    public boolean close(long villageId, long id, String by, OffsetDateTime at) {
        return jdbc.sql("""
                UPDATE proposal SET status = 'CLOSED', closed_by = :by, closed_at = :at
                WHERE village_id = :v AND id = :id AND status = 'OPEN'""")
                .param("by", by).param("at", at).param("v", villageId).param("id", id).update() == 1;
    }

    public boolean withdraw(long villageId, long id, String reason, String by, OffsetDateTime at) {
        return jdbc.sql("""
                UPDATE proposal SET status = 'WITHDRAWN', withdraw_reason = :r, closed_by = :by, closed_at = :at
                WHERE village_id = :v AND id = :id AND status IN ('DRAFT', 'OPEN')""")
                .param("r", reason).param("by", by).param("at", at).param("v", villageId).param("id", id)
                .update() == 1;
    }

    public void awarded(long villageId, long id, int claims) {
        jdbc.sql("UPDATE proposal SET awarded = :n WHERE village_id = :v AND id = :id")
                .param("n", claims).param("v", villageId).param("id", id).update();
    }

    // ------------------------------------------------------------ votes

    /** Locks the proposal row while a vote is taken, so a vote and the close cannot cross (the vote sees OPEN). */
    public Optional<String> lockStatus(long villageId, long id) {
        return jdbc.sql("SELECT status FROM proposal WHERE village_id = :v AND id = :id FOR UPDATE")
                .param("v", villageId).param("id", id).query(String.class).optional();
    }

    /** Marks the voter; a second row for the same voter fails on the primary key (DuplicateKeyException). */
    public void insertVoter(long villageId, long id, String key, long householdId, Long residentId, String channel,
                     LocalDate on, String by) {
        jdbc.sql("""
                INSERT INTO proposal_voter (village_id, proposal_id, voter_key, household_id, resident_id, channel,
                                            cast_on, entered_by)
                VALUES (:v, :id, :k, :h, :r, :c, :on, :by)""")
                .param("v", villageId).param("id", id).param("k", key).param("h", householdId).param("r", residentId)
                .param("c", channel).param("on", on).param("by", by).update();
    }

    public void count(long villageId, long id, int position) {
        jdbc.sql("UPDATE proposal_option SET votes = votes + 1 WHERE village_id = :v AND proposal_id = :id AND position = :p")
                .param("v", villageId).param("id", id).param("p", position).update();
    }

    boolean hasVoted(long villageId, long id, String key) {
        return jdbc.sql("SELECT COUNT(*) FROM proposal_voter WHERE village_id = :v AND proposal_id = :id AND voter_key = :k")
                .param("v", villageId).param("id", id).param("k", key).query(Long.class).single() > 0;
    }

    /** Voter keys of one household on the given proposals: proposal id → keys. */
    public Map<Long, List<String>> keysOfHousehold(long villageId, long householdId, Collection<Long> ids) {
        Map<Long, List<String>> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                SELECT proposal_id, voter_key FROM proposal_voter
                WHERE village_id = :v AND household_id = :h AND proposal_id IN (:ids)""")
                .param("v", villageId).param("h", householdId).param("ids", ids)
                .query(rs -> {
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                });
        return out;
    }

    public List<VoterRow> voters(long villageId, long id) {
        return jdbc.sql("""
                SELECT voter_key, household_id, resident_id, channel, cast_on, entered_by, claim_id FROM proposal_voter
                WHERE village_id = :v AND proposal_id = :id ORDER BY household_id, resident_id""")
                .param("v", villageId).param("id", id)
                .query((rs, n) -> new VoterRow(rs.getString(1), rs.getLong(2), rs.getObject(3, Long.class),
                        rs.getString(4), rs.getObject(5, LocalDate.class), rs.getString(6), rs.getObject(7, Long.class)))
                .list();
    }

    public void claim(long villageId, long id, String key, long claimId) {
        jdbc.sql("UPDATE proposal_voter SET claim_id = :c WHERE village_id = :v AND proposal_id = :id AND voter_key = :k")
                .param("c", claimId).param("v", villageId).param("id", id).param("k", key).update();
    }

    // ------------------------------------------------------------ statistics

    /** Proposals put to the vote (published, not withdrawn) whose voting opened in [from, to]. */
    public long held(Collection<Long> villageIds, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM proposal WHERE village_id IN (:v) AND status IN ('OPEN', 'CLOSED')
                  AND opens_on >= :f AND opens_on <= :t""")
                .param("v", villageIds).param("f", from).param("t", to).query(Long.class).single();
    }

    /** Votes cast in [from, to] on proposals that were not withdrawn. */
    public long votesCast(Collection<Long> villageIds, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM proposal_voter v JOIN proposal p ON p.village_id = v.village_id AND p.id = v.proposal_id
                WHERE v.village_id IN (:v) AND p.status IN ('OPEN', 'CLOSED') AND v.cast_on >= :f AND v.cast_on <= :t""")
                .param("v", villageIds).param("f", from).param("t", to).query(Long.class).single();
    }

    /** Of the proposals closed with their last voting day in [from, to]: {votes, electorate}. */
    public long[] turnout(Collection<Long> villageIds, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                SELECT COALESCE(SUM((SELECT COUNT(*) FROM proposal_voter v
                                     WHERE v.village_id = p.village_id AND v.proposal_id = p.id)), 0),
                       COALESCE(SUM(p.electorate_size), 0)
                FROM proposal p WHERE p.village_id IN (:v) AND p.status = 'CLOSED'
                  AND p.closes_on >= :f AND p.closes_on <= :t""")
                .param("v", villageIds).param("f", from).param("t", to)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
    }
}
