package cn.jifen.ledger.internal;

import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.LedgerVerifier;
import cn.jifen.ledger.Posting;
import cn.jifen.ledger.PostingKind;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.ledger.StatementLine;
import cn.jifen.ledger.VerifyReport;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Period;
import cn.jifen.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "ledger", description = "积分账本：记账、余额、累计积分、流水与校验")
class LedgerApi {
    record PostingBody(String kind, Long points, Long residentId, String itemLabel, String reason,
                       UUID reversesPostingId) { }

    record Balance(String passbookNumber, long available, long score, LocalDate from, LocalDate to, boolean vetoed) { }

    /** A page of the passbook statement: the shape of shared.Page (items, page, size, total) plus the passbook and balance. */
    record Statement(String passbookNumber, long available, List<StatementLine> items, int page, int size, long total) { }

    private final Ledger ledger;
    private final LedgerVerifier verifier;
    private final Households households;
    private final OrgUnits orgUnits;
    private final Clock clock;

    private final ClientPostings clientPostings;

    LedgerApi(Ledger ledger, LedgerVerifier verifier, Households households, OrgUnits orgUnits, Clock clock,
              ClientPostings clientPostings) {
        this.clientPostings = clientPostings;
        this.ledger = ledger;
        this.verifier = verifier;
        this.households = households;
        this.orgUnits = orgUnits;
        this.clock = clock;
    }

    @PostMapping("/households/{villageId}/{id}/postings")
    @Operation(summary = "记一笔积分（需 Idempotency-Key 请求头；重复请求返回第一次的结果）")
    ResponseEntity<Posting> post(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                                 @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                 @RequestBody PostingBody body) {
        Household h = households.get(actor, villageId, id);
        requireMayPost(actor);
        PostingKind kind = kind(body.kind());   // the body's word for the kind; its other rules are the request's
        PostingRequest request = new PostingRequest(villageId, h.id(), kind, body.points() == null ? 0 : body.points(),
                body.residentId(), "api", null, body.itemLabel(), body.reason(), body.reversesPostingId(), key);
        if (body.residentId() != null && h.members().stream().noneMatch(m -> m.id() == body.residentId())) {
            throw InvalidInput.of("residentId", "error.resident.notFound");
        }
        Posting p = clientPostings.post(actor, request);
        return ResponseEntity.status(p.replayed() ? HttpStatus.OK : HttpStatus.CREATED).body(p);
    }

    /** Until claims and the supermarket arrive, direct postings are a village admin's act (corrections too). */
    private static void requireMayPost(Actor actor) {
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
    }

    private static PostingKind kind(String raw) {
        try {
            return PostingKind.valueOf(raw == null ? "" : raw.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw InvalidInput.of("kind", "error.ledger.kind");
        }
    }

    @GetMapping("/households/{villageId}/{id}/balance")
    Balance balance(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                    @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to) {
        Household h = households.get(actor, villageId, id);
        LocalDate today = LocalDate.now(clock);
        Period period = from == null && to == null ? Period.year(today.getYear())
                : new Period(from == null ? LocalDate.of(2000, 1, 1) : from, to == null ? today : to);
        return new Balance(h.passbookNumber(), ledger.balance(villageId, id), ledger.score(villageId, id, period),
                period.from(), period.to(), ledger.isVetoed(villageId, id, period.to().getYear()));
    }

    @GetMapping("/households/{villageId}/{id}/statement")
    Statement statement(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                        @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size);
        Household h = households.get(actor, villageId, id);
        return new Statement(h.passbookNumber(), ledger.balance(villageId, id),
                ledger.statement(villageId, id, paging.page(), paging.size()), paging.page(), paging.size(),
                ledger.statementSize(villageId, id));
    }

    @GetMapping("/ledger/verify")
    @Operation(summary = "校验账本：重算哈希链、缓存余额、封印、村账本链和各模块记录，报告第一处被篡改的地方；"
            + "完好时附一个检查点（checkpoint），请保存在系统之外")
    VerifyReport verify(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String village) {
        Long villageId = verifiable(actor, village);
        return verifier.verify(villageId);
    }

    @PostMapping(value = "/ledger/verify", consumes = "text/plain")
    @Operation(summary = "用保存的检查点校验账本（请求体是 verify 打印的检查点全文）：另外证明检查点之前的记录没有被删除或改写")
    VerifyReport verifySince(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String village,
                             @RequestBody(required = false) String checkpoint) {
        Long villageId = verifiable(actor, village);
        return verifier.verifySince(villageId, checkpoint);
    }

    /** The village to verify (null: the whole installation, for accounts bound to the county itself). */
    private Long verifiable(Actor actor, String village) {
        if (!(actor.isAdmin() || actor.is(Role.AUDITOR))) {
            throw Forbidden.role();
        }
        if (village == null || village.isBlank()) {
            if (orgUnits.byId(actor.orgUnitId()).parentId() != null) {
                throw InvalidInput.of("village", "error.required");
            }
            return null;
        }
        return orgUnits.visibleVillage(actor, village).id();
    }
}
