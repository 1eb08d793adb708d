package cn.jifen.honours.internal;

import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.Resident;
import cn.jifen.honours.CertificatePurpose;
import cn.jifen.honours.Consents;
import cn.jifen.honours.Honour;
import cn.jifen.honours.Honours;
import cn.jifen.honours.ReferenceCertificate;
import cn.jifen.honours.ReferenceCertificates;
import cn.jifen.identity.Users;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Reference certificates: issue, list, print, revoke; household consent; partner-bank auditors; public verification. */
@Controller
public class CertificatePages {
    private final ReferenceCertificates certificates;
    private final Honours honours;
    private final Consents consents;
    private final Households households;
    private final OrgUnits orgUnits;
    private final PublicUrls urls;
    private final Users users;

    public record AuditorOption(String username, String label) { }

    public CertificatePages(ReferenceCertificates certificates, Honours honours, Consents consents, Households households,
                     OrgUnits orgUnits, PublicUrls urls, Users users) {
        this.users = users;
        this.certificates = certificates;
        this.honours = honours;
        this.consents = consents;
        this.households = households;
        this.orgUnits = orgUnits;
        this.urls = urls;
    }

    @GetMapping("/console/certificates")
    public String list(Actor actor, @RequestParam(required = false) String village,
                @RequestParam(defaultValue = "0") int page, Model model) {
        OrgUnit v = null;
        if (village != null && !village.isBlank()) {
            v = orgUnits.workingVillage(actor, village);
        } else {
            OrgUnit own = orgUnits.byId(actor.orgUnitId());
            v = own.isVillage() ? own : null;
        }
        model.addAttribute("village", v);
        model.addAttribute("villages", v == null ? orgUnits.villagesVisible(actor) : List.of());
        Paging paging = new Paging(page, 100);
        Page<ReferenceCertificate> listed = v == null ? paging.of(List.of(), 0) : certificates.list(actor, v.code(), paging);
        model.addAttribute("certificates", listed.items());
        model.addAttribute("page", listed);
        model.addAttribute("canEdit", actor.isAdmin());
        model.addAttribute("county", actor.is(Role.COUNTY_ADMIN));
        model.addAttribute("partner", consents.partnerOf(actor).orElse(null));
        model.addAttribute("purposes", CertificatePurpose.values());
        // pick lists: the partner banks already known, and (county admin) the auditor accounts to bind to one
        model.addAttribute("partners", actor.isAdmin() ? consents.knownPartners(actor) : List.of());
        model.addAttribute("auditors", !actor.is(Role.COUNTY_ADMIN) ? List.of() : users.staffUnder(actor.orgPath()).stream()
                .filter(u -> u.role() == Role.AUDITOR && u.active())
                .map(u -> new AuditorOption(u.username(), u.displayName() + "（" + u.username() + "）"
                        + consents.partnerOfAccount(u.id()).map(p -> " · " + p).orElse(""))).toList());
        return "certificates";
    }

    @PostMapping("/console/certificates")
    public String issue(Actor actor, @RequestParam(required = false) String passbook, @RequestParam(required = false) String resident,
                 @RequestParam(required = false) String purpose, @RequestParam(required = false) String purposeNote,
                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        Household h = households.byPassbook(actor, passbook);
        Long residentId = residentId(h, resident);
        ReferenceCertificate c = certificates.issue(actor, new ReferenceCertificates.Request(h.villageId(), h.id(),
                residentId, purpose, purposeNote, from, to));
        return "redirect:/console/certificates/" + c.villageId() + "/" + c.id();
    }

    public static Long residentId(Household h, String resident) {
        String name = Texts.clean(resident);
        if (name == null) {
            return null;
        }
        return h.members().stream().filter(m -> m.name().equals(name)).map(Resident::id).findFirst()
                .orElseThrow(() -> InvalidInput.of("resident", "error.certificates.resident"));
    }

    @GetMapping("/console/certificates/{villageId}/{id}")
    public String detail(Actor actor, @PathVariable long villageId, @PathVariable long id, Model model) {
        ReferenceCertificate c = certificates.get(actor, villageId, id);
        model.addAttribute("c", c);
        model.addAttribute("verifyUrl", urls.verify(c.code()));
        model.addAttribute("canEdit", actor.isAdmin());
        return "certificate";
    }

    @GetMapping({"/console/certificates/{villageId}/{id}/certificate.pdf", "/me/certificates/{villageId}/{id}/certificate.pdf"})
    public ResponseEntity<byte[]> pdf(Actor actor, @PathVariable long villageId, @PathVariable long id) {
        ReferenceCertificate c = certificates.get(actor, villageId, id);
        if (c.revoked()) {
            throw new Conflict("error.certificates.revoked");
        }
        return HonoursPages.pdf(CertificatePdf.reference(c, urls.verify(c.code())), "积分证明-" + c.serial() + ".pdf");
    }

    @PostMapping("/console/certificates/{villageId}/{id}/revoke")
    public String revoke(Actor actor, @PathVariable long villageId, @PathVariable long id,
                  @RequestParam(required = false) String reason) {
        certificates.revoke(actor, villageId, id, reason);
        return "redirect:/console/certificates/" + villageId + "/" + id;
    }

    @PostMapping("/console/certificates/consent")
    public String consent(Actor actor, @RequestParam(required = false) String passbook, @RequestParam(required = false) String partner,
                   @RequestParam(required = false) String note, @RequestParam(defaultValue = "grant") String action) {
        Household h = households.byPassbook(actor, passbook);
        if ("withdraw".equals(action)) {
            consents.withdraw(actor, h.villageId(), h.id(), partner);
        } else {
            consents.grant(actor, h.villageId(), h.id(), partner, note);
        }
        return "redirect:/console/certificates?village=" + orgUnits.byId(h.villageId()).code() + "&consent";
    }

    @PostMapping("/console/certificates/partners")
    public String bind(Actor actor, @RequestParam(required = false) String username, @RequestParam(required = false) String partner) {
        consents.bindAuditor(actor, username, partner);
        return "redirect:/console/certificates?bound";
    }

    /** Public verification of a reference certificate or an honour certificate. Unknown codes: the plain not-found page. */
    @GetMapping("/verify/{code}")
    public String verify(@PathVariable String code, Model model) {
        var ref = certificates.byCode(code);
        if (ref.isPresent()) {
            model.addAttribute("c", ref.get());
            return "verify";
        }
        Honour h = honours.byCode(code).orElseThrow(() -> new NotFound("error.verify.notFound"));
        model.addAttribute("h", h);
        model.addAttribute("villageName", orgUnits.byId(h.villageId()).name());
        model.addAttribute("masked", maskedName(h.holderName()));
        return "verify";
    }

    public static String maskedName(String name) {
        return new ReferenceCertificate(0, 0, null, null, 0, null, name, null, null, CertificatePurpose.OTHER, null, null,
                null, null, null, null, null, null, null).maskedName();
    }
}
