package cn.jifen.honours.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import cn.jifen.honours.Periods;
import cn.jifen.honours.RankLine;
import cn.jifen.honours.Ranking;
import cn.jifen.honours.Subject;

/** A ranking as an .xlsx sheet (Chinese headers, like the printed page). */
public final class RankingWorkbook {
    private RankingWorkbook() { }

    public static byte[] of(Ranking r) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet("排行");
            CellStyle bold = wb.createCellStyle();
            Font f = wb.createFont();
            f.setBold(true);
            bold.setFont(f);
            Row title = sheet.createRow(0);
            title.createCell(0).setCellValue(r.scopeName() + " " + subjectLabel(r.subject()) + "积分排行 "
                    + Periods.label(r.period()) + (r.categoryName() == null ? "" : "（" + r.categoryName() + "）"));
            title.getCell(0).setCellStyle(bold);
            String[] heads = {"名次", "姓名/户主", "存折编号", "村", "网格", "支部", "累计积分", "说明"};
            Row head = sheet.createRow(2);
            for (int i = 0; i < heads.length; i++) {
                head.createCell(i).setCellValue(heads[i]);
                head.getCell(i).setCellStyle(bold);
            }
            int n = 3;
            for (RankLine l : r.lines()) {
                Row row = sheet.createRow(n++);
                if (l.rank() != null) {
                    row.createCell(0).setCellValue(l.rank());
                } else {
                    row.createCell(0).setCellValue("—");
                }
                row.createCell(1).setCellValue(l.name());
                row.createCell(2).setCellValue(l.passbookNumber() == null ? "" : l.passbookNumber());
                row.createCell(3).setCellValue(l.villageName());
                row.createCell(4).setCellValue(l.gridName());
                row.createCell(5).setCellValue(l.branch() == null ? "" : l.branch());
                row.createCell(6).setCellValue(l.score());
                row.createCell(7).setCellValue(l.ineligible() ? "一票否决，本年度不参评" : "");
            }
            for (int i = 0; i < heads.length; i++) {
                sheet.setColumnWidth(i, i == 1 || i == 2 ? 22 * 256 : 12 * 256);
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write ranking workbook", e);
        }
    }

    public static String subjectLabel(Subject s) {
        return switch (s) {
            case HOUSEHOLD -> "农户";
            case RESIDENT -> "村民";
            case PARTY -> "党员";
        };
    }
}
