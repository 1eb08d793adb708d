package cn.jifen.stats.internal;

import cn.jifen.directory.OrgUnit;
import cn.jifen.documents.PdfFonts;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Period;
import cn.jifen.stats.Figures;
import cn.jifen.stats.Stats;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

/**
 * The one-page report of an org unit for a month, quarter or year: headline figures, breakdown by
 * category, months, comparison of the units below, top households, vetoes and honours — as a page,
 * a PDF and an .xlsx workbook with one sheet per table. It says whether the period is closed.
 */
@Service
public class Reports {
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-[Qq]([1-4])");
    private static final Pattern YEAR = Pattern.compile("(\\d{4})");

    /** The report's section and sheet of the practice's figures. */
    public static final String PRACTICE = "治理实践";

    /** One labelled figure. */
    public record Figure(String name, String label, Object value) { }

    public record Report(OrgUnit unit, String periodLabel, Period period, boolean closed, Figures figures,
                         List<Figure> headline, List<Stats.Line> categories, List<Stats.Month> months,
                         List<Stats.Row> comparison, List<Stats.Top> top, List<StatsSql.VetoLine> vetoes,
                         List<HonoursSource.Honour> honours, String lineage, List<Practice.Section> practice) { }

    private final Stats stats;
    private final MessageSource messages;
    private final Clock clock;
    private final HonoursSource honours;
    private final Practice practice;

    public Reports(Stats stats, MessageSource messages, Clock clock, HonoursSource honours, Practice practice) {
        this.stats = stats;
        this.practice = practice;
        this.messages = messages;
        this.clock = clock;
        this.honours = honours;
    }

    /** "2026-03" (month), "2026-Q1" (quarter) or "2026" (year); empty: this month. */
    public Period parse(String label) {
        String s = label == null ? "" : label.strip();
        if (s.isEmpty()) {
            return Period.month(YearMonth.now(clock));
        }
        try {
            Matcher m = MONTH.matcher(s);
            if (m.matches()) {
                return Period.month(YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
            }
            m = QUARTER.matcher(s);
            if (m.matches()) {
                return Period.quarter(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            }
            m = YEAR.matcher(s);
            if (m.matches()) {
                return Period.year(Integer.parseInt(m.group(1)));
            }
        } catch (DateTimeException e) {
            // falls through to the message below
        }
        throw InvalidInput.of("period", "error.stats.badPeriod");
    }

    public static String label(Period p) {
        if (p.from().getDayOfMonth() == 1 && p.to().equals(YearMonth.from(p.from()).atEndOfMonth())) {
            return YearMonth.from(p.from()).toString();
        }
        if (p.from().getDayOfYear() == 1 && p.to().equals(LocalDate.of(p.from().getYear(), 12, 31))) {
            return String.valueOf(p.from().getYear());
        }
        return p.from().getYear() + "-Q" + ((p.from().getMonthValue() - 1) / 3 + 1);
    }

    public Report report(Actor actor, String code, String period, Locale locale) {
        OrgUnit unit = stats.unit(actor, code);
        Period p = parse(period);
        Figures f = stats.figures(unit, p);
        List<Figure> headline = new ArrayList<>();
        for (RecordComponent c : Figures.class.getRecordComponents()) {
            String key = "stats.f." + c.getName();
            String label = messages.getMessage(key, null, null, locale);
            if (label == null) {
                continue;
            }
            try {
                headline.add(new Figure(c.getName(), label, c.getAccessor().invoke(f)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        String lineage = String.join(" / ", stats.lineage(unit).stream().map(OrgUnit::name).toList());
        return new Report(unit, label(p), p, f.closed(), f, headline, stats.byCategory(unit, p), stats.monthly(unit, p),
                stats.compare(unit, p), stats.top(unit, p, 10), stats.vetoes(unit, p),
                honours.awarded(stats.villageIds(unit), p.from(), p.to()), lineage,
                practice.sections(unit, p.from(), p.to(), locale));
    }

    public String msg(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }

    // ------------------------------------------------------------------ .xlsx: one sheet per table

    public void xlsx(Report r, OutputStream out) {
        Locale zh = Locale.SIMPLIFIED_CHINESE;
        try (Sheets s = Sheets.of("xlsx", out, clock.getZone())) {
            s.sheet("主要数字", "指标", "数值");
            s.row("单位", r.lineage());
            s.row("期间", r.periodLabel() + "（" + r.period().from() + " 至 " + r.period().to() + "）");
            s.row("状态", msg(r.closed() ? "stats.closed" : "stats.open", zh));
            for (Figure f : r.headline()) {
                s.row(f.label(), f.value());
            }
            s.sheet("按类别", "类别", "记账笔数", "加分", "扣分", "累计积分");
            for (Stats.Line l : r.categories()) {
                s.row(l.category(), l.postings(), l.earned(), l.deducted(), l.score());
            }
            s.sheet("按月", "月份", "记账笔数", "发放", "扣减", "兑换", "累计积分");
            for (Stats.Month m : r.months()) {
                s.row(m.month(), m.postings(), m.issued(), m.deducted(), m.redeemed(), m.score());
            }
            s.sheet("下级比较", "编码", "单位", "户数", "存折", "记账笔数", "发放", "扣减", "兑换", "期末结余");
            for (Stats.Row x : r.comparison()) {
                s.row(x.code(), x.name(), x.households(), x.passbooks(), x.postings(), x.issued(), x.deducted(),
                        x.redeemed(), x.outstanding());
            }
            s.sheet("积分前十户", "村", "存折编号", "户主", "累计积分", "期末可用积分");
            for (Stats.Top t : r.top()) {
                s.row(t.village(), t.passbook(), t.head(), t.score(), t.balance());
            }
            s.sheet("一票否决", "村", "存折编号", "日期", "事项", "原因", "已冲正");
            for (StatsSql.VetoLine v : r.vetoes()) {
                s.row(v.village(), v.passbook(), v.postedOn(), v.label(), v.reason(), v.corrected());
            }
            s.sheet("荣誉", "村", "荣誉", "期次", "获得者", "日期");
            for (HonoursSource.Honour h : r.honours()) {
                s.row(h.village(), h.kind(), h.periodLabel(), h.holderName(), h.awardedOn());
            }
            s.sheet(PRACTICE, "板块", "指标", "数值", "单位");
            for (Practice.Section sec : r.practice()) {
                for (Practice.Line l : sec.figures()) {
                    s.row(sec.title(), l.label(), l.value(), l.unit());
                }
            }
            s.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ PDF (A4, one page for a village or town)

    public byte[] pdf(Report r) {
        Locale zh = Locale.SIMPLIFIED_CHINESE;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4, 30, 30, 30, 30);
        try {
            PdfWriter.getInstance(doc, out);
            doc.open();
            Paragraph title = new Paragraph(r.unit().name() + " 积分制统计报告 " + r.periodLabel(), PdfFonts.bold(16));
            title.setAlignment(Element.ALIGN_CENTER);
            doc.add(title);
            doc.add(new Paragraph(r.lineage() + "    " + r.period().from() + " 至 " + r.period().to(), PdfFonts.font(9)));
            doc.add(new Paragraph(msg(r.closed() ? "stats.closed" : "stats.open", zh), PdfFonts.bold(9)));
            PdfPTable head = new PdfPTable(new float[] {3.2f, 1.3f, 3.2f, 1.3f});
            head.setWidthPercentage(100);
            head.setSpacingBefore(6);
            for (Figure f : r.headline()) {
                cell(head, f.label(), false);
                cell(head, f.value() == null ? "—" : String.valueOf(f.value()), true);
            }
            if (r.headline().size() % 2 == 1) {
                cell(head, "", false);
                cell(head, "", false);
            }
            doc.add(head);
            table(doc, "按类别", new String[] {"类别", "笔数", "加分", "扣分", "累计"},
                    r.categories().stream().map(l -> new Object[] {l.category(), l.postings(), l.earned(), l.deducted(),
                            l.score()}).toList());
            table(doc, "下级比较", new String[] {"单位", "户数", "笔数", "发放", "扣减", "兑换", "结余"},
                    r.comparison().stream().map(x -> new Object[] {x.name(), x.households(), x.postings(), x.issued(),
                            x.deducted(), x.redeemed(), x.outstanding()}).toList());
            table(doc, "积分前十户", new String[] {"村", "存折编号", "户主", "累计积分", "可用积分"},
                    r.top().stream().map(t -> new Object[] {t.village(), t.passbook(), t.head(), t.score(), t.balance()})
                            .toList());
            table(doc, "一票否决", new String[] {"村", "存折编号", "日期", "原因"},
                    r.vetoes().stream().map(v -> new Object[] {v.village(), v.passbook(), v.postedOn(), v.reason()})
                            .toList());
            table(doc, "荣誉", new String[] {"村", "荣誉", "期次", "获得者"},
                    r.honours().stream().map(h -> new Object[] {h.village(), h.kind(), h.periodLabel(), h.holderName()})
                            .toList());
            table(doc, PRACTICE, new String[] {"板块", "指标", "数值"},
                    r.practice().stream().flatMap(sec -> sec.figures().stream().map(l -> new Object[] {sec.title(),
                            l.label(), l.value().toPlainString() + (l.unit().isEmpty() ? "" : " " + l.unit())})).toList());
            doc.close();
        } catch (DocumentException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static void cell(PdfPTable t, String text, boolean bold) {
        PdfPCell c = new PdfPCell(new Phrase(text, bold ? PdfFonts.bold(8) : PdfFonts.font(8)));
        c.setPadding(2);
        t.addCell(c);
    }

    private static void table(Document doc, String title, String[] header, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Paragraph p = new Paragraph(title, PdfFonts.bold(10));
        p.setSpacingBefore(6);
        doc.add(p);
        PdfPTable t = new PdfPTable(header.length);
        t.setWidthPercentage(100);
        for (String h : header) {
            cell(t, h, true);
        }
        for (Object[] r : rows) {
            for (Object o : r) {
                cell(t, o == null ? "" : String.valueOf(o), false);
            }
        }
        doc.add(t);
    }
}
