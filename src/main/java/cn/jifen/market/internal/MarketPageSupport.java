package cn.jifen.market.internal;

import cn.jifen.market.Supermarkets;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import cn.jifen.web.FormValues;
import cn.jifen.web.ProblemMessages;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ui.Model;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import java.time.format.DateTimeParseException;
import org.springframework.stereotype.Component;

/**
 * What the market's staff pages share: the supermarket page frame ({@link #common}), a change that reports its
 * outcome on the page it redirects to ({@link #act}), and reading the forms' numbers, amounts and dates.
 */
@Component
public class MarketPageSupport {
    /** Rows a list on these pages shows before it says "仅显示前 N 条". */
    public static final int SHOWN = 500;
    private final Supermarkets supermarkets;
    private final OrgUnits orgUnits;
    private final ProblemMessages problems;
    private final Clock clock;

    public MarketPageSupport(Supermarkets supermarkets, OrgUnits orgUnits, ProblemMessages problems, Clock clock) {
        this.supermarkets = supermarkets;
        this.orgUnits = orgUnits;
        this.problems = problems;
        this.clock = clock;
    }

    public static String base(long v, long s) {
        return "/console/market/" + v + "/" + s;
    }

    public static Integer integer(String raw) {
        String s = Texts.clean(raw);
        if (s == null) {
            return null;
        }
        try {
            return Integer.valueOf(s);
        } catch (NumberFormatException e) {
            throw InvalidInput.of("quantity", "error.market.wholeNumber");
        }
    }

    public static BigDecimal money(String field, String raw) {
        List<InvalidInput.Problem> p = new ArrayList<>();
        BigDecimal b = Money.parse(field, raw, p);
        Texts.throwIfAny(p);
        return b;
    }

    public static Long id(String raw) {
        String s = Texts.clean(raw);
        try {
            return s == null ? null : Long.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public static Long productId(String raw) {
        Long id = id(raw);
        if (id == null) {
            throw InvalidInput.of("productId", "error.required");
        }
        return id;
    }

    public static LocalDate date(String field, String raw) {
        return FormValues.date(field, raw, "error.market.date");
    }

    public static LocalDateTime dateTime(String field, String raw) {
        String s = Texts.clean(raw);
        if (s == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(s);
        } catch (DateTimeParseException e) {
            throw InvalidInput.of(field, "error.market.dateTime");
        }
    }

    /** Runs a change; bad input or a conflict becomes a message on the page it redirects to. */
    public String act(RedirectAttributes flash, String back, String okKey, Runnable change) {
        try {
            change.run();
            flash.addFlashAttribute("ok", problems.msg(okKey));
        } catch (InvalidInput e) {
            flash.addFlashAttribute("problems", problems.of(e));
        } catch (Conflict e) {
            flash.addFlashAttribute("problems", List.of(problems.msg(e.messageKey(), e.args())));
        }
        return "redirect:" + back;
    }

    public Supermarkets.Supermarket common(Actor actor, long v, long s, Model model) {
        Supermarkets.Supermarket sm = supermarkets.visible(actor, v, s);
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
        OrgUnit village = orgUnits.byId(v);
        model.addAttribute("sm", sm);
        model.addAttribute("village", village);
        model.addAttribute("base", base(v, s));
        model.addAttribute("isAdmin", actor.isAdmin());
        model.addAttribute("canSell", actor.is(Role.KEEPER) || actor.isAdmin());
        model.addAttribute("today", LocalDate.now(clock));
        return sm;
    }
}
