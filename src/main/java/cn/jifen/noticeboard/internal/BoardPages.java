package cn.jifen.noticeboard.internal;

import cn.jifen.claims.Claims;
import cn.jifen.directory.OrgUnit;
import cn.jifen.noticeboard.Board;
import cn.jifen.noticeboard.BoardSettings;
import cn.jifen.noticeboard.BoardView;
import cn.jifen.proposals.Proposals;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/** The public board (/board, /board/{code}, the poster) and the village's board settings page. */
@Controller
public class BoardPages {
    private final Board board;
    private final BoardSettings settings;
    private final BoardCache cache;
    private final Claims claims;
    private final ITemplateEngine templates;
    private final String publicUrl;
    private final Proposals proposals;

    public BoardPages(Board board, BoardSettings settings, BoardCache cache, Claims claims, ITemplateEngine templates,
               @Value("${jifen.public-url:}") String publicUrl, Proposals proposals) {
        this.proposals = proposals;
        this.templates = templates;
        this.board = board;
        this.settings = settings;
        this.cache = cache;
        this.claims = claims;
        this.publicUrl = publicUrl == null ? "" : publicUrl.strip().replaceAll("/+$", "");
    }

    @GetMapping("/board")
    public String index(Model model) {
        model.addAttribute("towns", board.directory());
        return "board-index";
    }

    /**
     * The board page. The page is the same for every visitor of a language (no login state, no form token),
     * so the rendered HTML is cached with the board itself (see {@link BoardCache}): a crowd of phones costs
     * one database assembly and one render per village and language per interval.
     */
    @GetMapping("/board/{code}")
    public ResponseEntity<String> board(@PathVariable String code, HttpServletRequest request, HttpServletResponse response) {
        BoardView b = board.view(code);
        // two languages only: any other ?lang= must not make a new cache entry (nor a new render)
        Locale locale = "en".equals(LocaleContextHolder.getLocale().getLanguage()) ? Locale.ENGLISH
                : Locale.SIMPLIFIED_CHINESE;
        String html = cache.get("v" + b.villageId() + ":html:" + locale.toLanguageTag(), () -> {
            var exchange = JakartaServletWebApplication.buildApplication(request.getServletContext())
                    .buildExchange(request, response);
            return templates.process("board", new WebContext(exchange, locale,
                    Map.of("b", b, "votes", proposals.board(b.villageId()))));
        });
        return ResponseEntity.ok().contentType(HTML).cacheControl(CacheControl.noCache()).body(html);
    }

    private static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");

    @GetMapping("/board/{code}/poster.pdf")
    public ResponseEntity<byte[]> poster(@PathVariable String code, @RequestParam(required = false) String size) {
        BoardView b = board.view(code);
        String s = size == null || size.isBlank() ? "A3" : size.strip().toUpperCase(Locale.ROOT);
        if (!s.equals("A3") && !s.equals("A4")) {
            throw InvalidInput.of("size", "error.board.size");
        }
        String url = boardUrl(b.villageCode());
        // without a configured public address the QR code comes from the request's Host header: such a poster is
        // never cached, so one request with a forged Host cannot put its address on everyone's poster
        byte[] pdf = publicUrl.isEmpty() ? PosterPdf.render(b, s, url)
                : cache.get("v" + b.villageId() + ":poster:" + s, () -> PosterPdf.render(b, s, url));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .cacheControl(CacheControl.noCache())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename(b.villageName() + "积分公示栏-" + s + ".pdf", StandardCharsets.UTF_8).build().toString())
                .body(pdf);
    }

    /** The online board's address, for the poster's QR code: the configured public address, else this request's. */
    public String boardUrl(String code) {
        String base = publicUrl.isEmpty() ? ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString()
                : publicUrl;
        return base + "/board/" + code;
    }

    @GetMapping("/console/board-settings")
    public String settingsPage(Actor actor, @RequestParam(required = false) String village, Model model) {
        OrgUnit v = village == null || village.isBlank()
                ? claims.defaultVillage(actor).orElse(null) : claims.village(actor, village);
        model.addAttribute("village", v);
        model.addAttribute("villages", v == null ? claims.villages(actor) : List.of());
        model.addAttribute("privacy", v == null ? null : settings.privacy(v.id()));
        model.addAttribute("allowed", v == null ? Set.of() : settings.allowed(v.id()));
        model.addAttribute("negativeByName", v != null && settings.negativeByName(v.id()));
        if (v != null) {
            model.addAttribute("countyPrivacy", settings.countyDefault(v.id()));
            model.addAttribute("publicityDays", claims.publicityDays(v.id()));
            model.addAttribute("ownPublicityDays", claims.ownPublicityDays(v.id()).orElse(null));
            model.addAttribute("countyPublicityDays", claims.countyPublicityDays(v.id()));
        }
        model.addAttribute("canEdit", actor.isAdmin());
        return "board-settings";
    }

    @PostMapping("/console/board-settings")
    public String save(Actor actor, @RequestParam String village, @RequestParam(required = false) String privacy) {
        settings.setPrivacy(actor, village, privacy);
        return "redirect:/console/board-settings?village=" + village + "&saved";
    }

    /** The village's own publicity period (公示天数), beside the county's default. */
    @PostMapping("/console/board-settings/publicity-days")
    public String savePublicityDays(Actor actor, @RequestParam String village,
                             @RequestParam(required = false) Integer publicityDays) {
        claims.setPublicityDays(actor, village, publicityDays);
        return "redirect:/console/board-settings?village=" + village + "&saved";
    }

    /** Drops the village's own publicity period: the county's default applies again. */
    @PostMapping("/console/board-settings/publicity-days/clear")
    public String clearPublicityDays(Actor actor, @RequestParam String village) {
        claims.clearPublicityDays(actor, village);
        return "redirect:/console/board-settings?village=" + village + "&saved";
    }
}
