package cn.jifen.meetings.internal;

import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimStatus;
import cn.jifen.claims.Claims;
import cn.jifen.directory.OrgUnit;
import cn.jifen.identity.UserAccount;
import cn.jifen.identity.Users;
import cn.jifen.meetings.AgendaItem;
import cn.jifen.meetings.Attendee;
import cn.jifen.meetings.Meeting;
import cn.jifen.meetings.MeetingDetail;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Role;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * What a closed meeting decided, applied to the claims. An item's outcome is the choice of more than half of the votes
 * cast (调整分值: the lower median of the points proposed); otherwise UNDECIDED, and the item comes up again at the next
 * meeting. A decided item is applied through the claims module's own decisions, acting as the chair; when the reviewer
 * rule stops the chair (recorder, kin, a veto's first approver), as the next present staff member of the panel who is a
 * village admin of the village and whom it does not stop; when no one may, the item is left with the reason.
 */
@Component
public class MeetingOutcomes {
    record Tally(String outcome, Integer points, String reasons, long approve, long adjust, long reject) { }

    private final MeetingSql sql;
    private final Claims claims;
    private final Users users;
    private final MessageSource messages;

    MeetingOutcomes(MeetingSql sql, Claims claims, Users users, MessageSource messages) {
        this.sql = sql;
        this.claims = claims;
        this.users = users;
        this.messages = messages;
    }

    /** The outcome of the votes cast on one item. */
    static Tally tally(List<Vote> votes) {
        Map<Choice, Long> n = votes.stream().collect(Collectors.groupingBy(Vote::choice, Collectors.counting()));
        long approve = n.getOrDefault(Choice.APPROVE, 0L);
        long adjust = n.getOrDefault(Choice.ADJUST, 0L);
        long reject = n.getOrDefault(Choice.REJECT, 0L);
        long cast = votes.size();
        for (Choice c : Choice.values()) {
            if (n.getOrDefault(c, 0L) * 2 > cast) {
                if (c != Choice.ADJUST) {
                    return new Tally(c.name(), null, null, approve, adjust, reject);
                }
                List<Integer> points = votes.stream().filter(v -> v.choice() == Choice.ADJUST).map(Vote::points)
                        .sorted().toList();
                String reasons = votes.stream().filter(v -> v.choice() == Choice.ADJUST).map(Vote::reason)
                        .collect(Collectors.toCollection(LinkedHashSet::new)).stream().collect(Collectors.joining("；"));
                return new Tally(c.name(), points.get((points.size() - 1) / 2), reasons, approve, adjust, reject);
            }
        }
        return new Tally("UNDECIDED", null, null, approve, adjust, reject);
    }

    public void apply(Actor chair, OrgUnit village, Meeting m, MeetingDetail d) {
        List<Actor> appliers = appliers(chair, village, d);
        for (AgendaItem item : d.items()) {
            Tally t = tally(item.votes());
            if ("UNDECIDED".equals(t.outcome())) {
                sql.outcome(village.id(), item.id(), t.outcome(), null, false, null,
                        item.votes().isEmpty() ? "meetings.note.noVotes" : "meetings.note.noMajority");
                continue;
            }
            String reason = messages.getMessage("meetings.decisionReason", new Object[] {m.heldOn().toString(),
                    t.approve(), t.adjust(), t.reject()}, Locale.SIMPLIFIED_CHINESE)
                    + (t.reasons() == null || t.reasons().isBlank() ? "" : "：" + t.reasons());
            if (reason.length() > 500) {
                reason = reason.substring(0, 500);
            }
            applyOne(village, item, t, reason, appliers);
        }
    }

    private void applyOne(OrgUnit village, AgendaItem item, Tally t, String reason, List<Actor> appliers) {
        List<String> by = new ArrayList<>();
        String note = "meetings.note.noEligible";
        for (Actor a : appliers) {
            try {
                Claim after = decide(a, village.id(), item, t, reason);
                by.add(a.displayName());
                note = null;
                if (!"VETO".equals(item.kind()) || after.status() != ClaimStatus.AWAITING_SECOND_APPROVAL) {
                    break;
                }
                note = "meetings.note.vetoAwaitsSecond";   // a veto needs a second, different approver: go on
            } catch (Forbidden e) {
                // the reviewer rule stops this member for this item: the next may decide
            } catch (Conflict | NotFound e) {
                note = e instanceof Conflict c ? c.messageKey() : ((NotFound) e).messageKey();
                break;
            } catch (InvalidInput e) {
                note = e.problems().get(0).messageKey();
                break;
            }
        }
        sql.outcome(village.id(), item.id(), t.outcome(), t.points(), !by.isEmpty(),
                by.isEmpty() ? null : String.join("、", by), note);
    }

    private Claim decide(Actor a, long villageId, AgendaItem item, Tally t, String reason) {
        boolean approve = !"REJECT".equals(t.outcome());
        return switch (item.kind()) {
            case "OBJECTION" -> approve ? claims.dismiss(a, villageId, item.claimId(), item.objectionId(), reason)
                    : claims.uphold(a, villageId, item.claimId(), item.objectionId(), reason);
            case "APPEAL" -> approve ? claims.dismissAppeal(a, villageId, item.claimId(), item.appealId(), reason)
                    : claims.upholdAppeal(a, villageId, item.claimId(), item.appealId(), reason);
            default -> approve ? claims.approve(a, villageId, item.claimId(), t.points(), reason)
                    : claims.reject(a, villageId, item.claimId(), reason);
        };
    }

    /** The chair, then the present staff members of the panel who are active village admins of the village. */
    private List<Actor> appliers(Actor chair, OrgUnit village, MeetingDetail d) {
        List<Actor> out = new ArrayList<>();
        out.add(chair);
        Set<Long> present = d.attendance().stream().filter(Attendee::present).map(Attendee::memberId)
                .collect(Collectors.toSet());
        for (PanelMember p : sql.panel(village.id())) {
            if (!p.staff() || !present.contains(p.id()) || p.userId() == chair.userId()) {
                continue;
            }
            UserAccount u = users.account(p.userId()).orElse(null);
            if (u != null && u.active() && u.role() == Role.VILLAGE_ADMIN && u.orgUnitId() == village.id()) {
                out.add(new Actor(u.id(), u.username(), u.displayName(), u.role(), u.orgUnitId(), u.orgPath(),
                        u.householdId(), chair.remoteAddr()));
            }
        }
        return out;
    }
}
