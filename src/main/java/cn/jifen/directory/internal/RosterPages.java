package cn.jifen.directory.internal;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.RosterImport;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Texts;
import cn.jifen.web.ProblemMessages;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The roster-import page. The problems of the last failed import are kept in the HTTP session (a
 * small serialisable list, so it works with session replication or a shared session store) for
 * the errors.xlsx download; a new upload replaces them, a successful one clears them.
 */
@Controller
class RosterPages {
    static final String SESSION_KEY = "jifen.roster.errors";
    /** Problems listed on the page; the download has all that were kept. */
    static final int SHOWN = 500;
    private static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    /** The problems of the last failed import in this session. */
    record StoredErrors(String id, String filename, List<RosterImport.RowProblem> problems) implements Serializable { }

    private final RosterImport rosters;
    private final OrgUnits orgUnits;
    private final ProblemMessages messages;

    RosterPages(RosterImport rosters, OrgUnits orgUnits, ProblemMessages messages) {
        this.rosters = rosters;
        this.orgUnits = orgUnits;
        this.messages = messages;
    }

    @GetMapping("/console/import")
    String page(Actor actor, @RequestParam(required = false) String village,
                @RequestParam(name = RosterUploadGuard.REJECTED, required = false) String rejected, Model model) {
        requireAdmin(actor);
        String chosen = Texts.clean(village);
        if (chosen != null) {
            orgUnits.visibleVillage(actor, chosen);     // another village's code: not found
        }
        if ("tooLarge".equals(rejected) || "broken".equals(rejected)) {
            model.addAttribute("problems", List.of(messages.msg("error.upload." + rejected)));
        }
        return render(actor, chosen, model);
    }

    @PostMapping("/console/import")
    String upload(Actor actor, @RequestParam(required = false) String village,
                  @RequestParam(required = false) MultipartFile file, HttpSession session, Model model) {
        requireAdmin(actor);
        String code = Texts.clean(village);
        if (code == null) {
            code = ownVillage(actor);
        }
        if (code == null) {
            model.addAttribute("problems", List.of(messages.of(new InvalidInput.Problem("village", "error.required"))));
            return render(actor, null, model);
        }
        byte[] content;
        String filename = file == null ? null : file.getOriginalFilename();
        try {
            content = file == null || (file.isEmpty() && Texts.clean(filename) == null) ? null : file.getBytes();
        } catch (IOException e) {
            content = new byte[0];
        }
        RosterImport.Outcome outcome = rosters.importRoster(actor, code, filename, content,
                LocaleContextHolder.getLocale());
        session.removeAttribute(SESSION_KEY);
        if (!outcome.imported()) {
            StoredErrors errors = new StoredErrors(UUID.randomUUID().toString(), RosterImport.displayName(filename),
                    outcome.problems());
            session.setAttribute(SESSION_KEY, errors);
            model.addAttribute("errorsId", errors.id());
        }
        model.addAttribute("outcome", outcome);
        model.addAttribute("filename", RosterImport.displayName(filename));
        model.addAttribute("shown", outcome.problems().stream().limit(SHOWN).toList());
        return render(actor, code, model);
    }

    @GetMapping("/console/import/template.xlsx")
    ResponseEntity<byte[]> template(Actor actor, @RequestParam(required = false) String village) {
        requireAdmin(actor);
        String code = Texts.clean(village);
        if (code == null) {
            code = ownVillage(actor);
        }
        OrgUnit v = code == null ? null : orgUnits.visibleVillage(actor, code);
        List<OrgUnit> grids = v == null ? List.of() : orgUnits.gridsOf(v).stream().filter(OrgUnit::active).toList();
        byte[] bytes = RosterWorkbooks.template(v == null ? null : v.name(), grids, rosters.maxRows(),
                messages.msg("import.rules"));
        return xlsx(bytes, "花名册模板" + (v == null ? "" : "-" + v.code()) + ".xlsx");
    }

    @GetMapping("/console/import/errors.xlsx")
    ResponseEntity<byte[]> errors(Actor actor, @RequestParam(required = false) String id, HttpSession session) {
        requireAdmin(actor);
        if (!(session.getAttribute(SESSION_KEY) instanceof StoredErrors errors)
                || (id != null && !id.equals(errors.id()))) {
            throw new NotFound("error.import.noErrors");
        }
        byte[] bytes = RosterWorkbooks.errors(errors.problems(), messages.msg("import.row"),
                messages.msg("import.column"), messages.msg("import.reason"));
        String base = errors.filename() == null ? "花名册" : errors.filename().replaceAll("\\.[A-Za-z]{2,4}$", "");
        return xlsx(bytes, base + "-错误清单.xlsx");
    }

    private String render(Actor actor, String chosen, Model model) {
        List<OrgUnit> villages = orgUnits.villagesVisible(actor);
        String own = ownVillage(actor);
        model.addAttribute("villages", villages);
        model.addAttribute("chosen", chosen != null ? chosen : own);
        long mb = rosters.maxUpload().toMegabytes();
        model.addAttribute("maxUpload", mb >= 1 ? mb + " MB" : rosters.maxUpload().toKilobytes() + " KB");
        model.addAttribute("maxRows", rosters.maxRows());
        return "import";
    }

    /** The actor's own village, when it is bound to one. */
    private String ownVillage(Actor actor) {
        OrgUnit own = orgUnits.byId(actor.orgUnitId());
        return own.isVillage() ? own.code() : null;
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
    }

    private static ResponseEntity<byte[]> xlsx(byte[] bytes, String filename) {
        return ResponseEntity.ok().contentType(XLSX)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(filename, StandardCharsets.UTF_8)
                                .build().toString())
                .body(bytes);
    }
}
