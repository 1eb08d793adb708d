package cn.jifen.directory.internal;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.RosterImport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** The roster template and the error list, as .xlsx files. Their text is Chinese: so is the roster format. */
final class RosterWorkbooks {
    static final String ROSTER_SHEET = "花名册";
    static final String RULES_SHEET = "说明";
    static final String EXAMPLE_REF = "A0001";

    private RosterWorkbooks() { }

    /**
     * The template: the header row (required columns marked "*"), an example household of two
     * people, drop-down lists for the fixed-value columns, text format for number-like codes so
     * Excel keeps leading zeros; and a second sheet 说明 with the rules and the allowed values.
     */
    static byte[] template(String villageName, List<OrgUnit> grids, int maxRows, String rules) {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            CellStyle head = headerStyle(wb);
            CellStyle text = wb.createCellStyle();
            text.setDataFormat(wb.createDataFormat().getFormat("@"));
            Sheet sheet = wb.createSheet(ROSTER_SHEET);
            RosterColumn[] cols = RosterColumn.values();
            Row header = sheet.createRow(0);
            for (RosterColumn c : cols) {
                Cell cell = header.createCell(c.ordinal());
                cell.setCellValue(c.header());
                cell.setCellStyle(head);
                sheet.setColumnWidth(c.ordinal(), width(c));
                if (c == RosterColumn.REF || c == RosterColumn.PHONE || c == RosterColumn.ID_CARD
                        || c == RosterColumn.GRID) {
                    sheet.setDefaultColumnStyle(c.ordinal(), text);
                }
            }
            String grid = grids.isEmpty() ? "第一网格" : grids.get(0).name();
            String place = (villageName == null ? "" : villageName) + "1队8号";
            Object[][] example = {
                    {EXAMPLE_REF, grid, place, "否", "张建国", "户主", "男", 1965, "13800138000", "", "是",
                            (villageName == null ? "" : villageName) + "党支部", "否"},
                    {EXAMPLE_REF, grid, place, "否", "李秀英", "配偶", "女", 1968, "", "", "否", "", "否"}};
            for (int r = 0; r < example.length; r++) {
                Row row = sheet.createRow(r + 1);
                for (int c = 0; c < example[r].length; c++) {
                    Object v = example[r][c];
                    Cell cell = row.createCell(c);
                    if (v instanceof Integer n) {
                        cell.setCellValue(n);
                    } else if (!"".equals(v)) {
                        cell.setCellValue((String) v);
                        if (cols[c] == RosterColumn.REF || cols[c] == RosterColumn.PHONE || cols[c] == RosterColumn.GRID) {
                            cell.setCellStyle(text);
                        }
                    }
                }
            }
            sheet.createFreezePane(0, 1);
            int last = Math.max(2, Math.min(maxRows, 20_000));
            DataValidationHelper dv = sheet.getDataValidationHelper();
            list(sheet, dv, RosterColumn.RELATION, last, relations());
            list(sheet, dv, RosterColumn.GENDER, last, new String[] {"男", "女"});
            for (RosterColumn c : List.of(RosterColumn.LOW_INCOME, RosterColumn.PARTY, RosterColumn.DISABLED)) {
                list(sheet, dv, c, last, new String[] {"是", "否"});
            }

            Sheet help = wb.createSheet(RULES_SHEET);
            help.setColumnWidth(0, 16 * 256);
            help.setColumnWidth(1, 10 * 256);
            help.setColumnWidth(2, 90 * 256);
            int r = 0;
            help.createRow(r++).createCell(0).setCellValue(rules);
            help.createRow(r++).createCell(0).setCellValue("第 2、3 行是示例，导入前请删除或改成真实数据。一次最多导入 "
                    + maxRows + " 行；只读取第一个工作表。");
            r++;
            Row h = help.createRow(r++);
            String[] titles = {"列", "必填", "填写说明"};
            for (int i = 0; i < titles.length; i++) {
                h.createCell(i).setCellValue(titles[i]);
                h.getCell(i).setCellStyle(head);
            }
            for (RosterColumn c : cols) {
                Row row = help.createRow(r++);
                row.createCell(0).setCellValue(c.label());
                row.createCell(1).setCellValue(c.required() ? "是" : "否");
                row.createCell(2).setCellValue(explain(c));
            }
            if (!grids.isEmpty()) {
                r++;
                Row gh = help.createRow(r++);
                gh.createCell(0).setCellValue("网格编码");
                gh.createCell(1).setCellValue("");
                gh.createCell(2).setCellValue("网格名称" + (villageName == null ? "" : "（" + villageName + "）"));
                for (int i = 0; i < 3; i++) {
                    gh.getCell(i).setCellStyle(head);
                }
                for (OrgUnit g : grids) {
                    Row row = help.createRow(r++);
                    row.createCell(0).setCellValue(g.code());
                    row.createCell(2).setCellValue(g.name());
                }
            }
            return bytes(wb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The problems of a failed import: 行号 / 列 / 问题 (row 0, the file as a whole, shows as "—"). */
    static byte[] errors(List<RosterImport.RowProblem> problems, String rowLabel, String columnLabel, String reasonLabel) {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            CellStyle head = headerStyle(wb);
            Sheet sheet = wb.createSheet("错误清单");
            Row header = sheet.createRow(0);
            String[] titles = {rowLabel, columnLabel, reasonLabel};
            for (int i = 0; i < titles.length; i++) {
                header.createCell(i).setCellValue(titles[i]);
                header.getCell(i).setCellStyle(head);
            }
            sheet.setColumnWidth(0, 8 * 256);
            sheet.setColumnWidth(1, 14 * 256);
            sheet.setColumnWidth(2, 80 * 256);
            sheet.createFreezePane(0, 1);
            int r = 1;
            for (RosterImport.RowProblem p : problems) {
                Row row = sheet.createRow(r++);
                if (p.row() > 0) {
                    row.createCell(0).setCellValue(p.row());
                } else {
                    row.createCell(0).setCellValue("—");
                }
                row.createCell(1).setCellValue(p.column());      // always text cells: nothing is evaluated
                row.createCell(2).setCellValue(p.message());
            }
            return bytes(wb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] relations() {
        List<String> out = new ArrayList<>();
        out.add(ResidentRules.HEAD);
        ResidentRules.RELATIONS.stream().filter(r -> !r.equals(ResidentRules.HEAD)).sorted().forEach(out::add);
        return out.toArray(String[]::new);
    }

    private static String explain(RosterColumn c) {
        return switch (c) {
            case REF -> "本村自己的户编号，2–32 位字母、数字、“-”或“_”（如 001、A0001）。同一户的每个人填同一个户编号。";
            case GRID -> "本村网格的编码或名称（见下方网格列表）。";
            case ADDRESS -> "同一户的各行须填写相同的住址，最多 200 字。";
            case LOW_INCOME -> "填“是”或“否”，空着视为“否”；同一户的各行须一致。";
            case NAME -> "最多 50 字，不能含 < > 等符号。同一户里不能有重名（户编号 + 姓名 识别一个人）。";
            case RELATION -> "以下之一：" + String.join("、", relations()) + "。每户须有且只有一位户主。";
            case GENDER -> "男 或 女。";
            case BIRTH_YEAR -> "四位数字，如 1965。";
            case PHONE -> "11 位手机号（1 开头），或带区号的固定电话，如 0763-1234567。可不填。";
            case ID_CARD -> "18 位身份证号，最后一位可以是 X。可不填；同一号码在本村只能登记一次。请把此列设为“文本”格式。";
            case PARTY -> "填“是”或“否”，空着视为“否”。";
            case BRANCH -> "党员须填写所在党支部。";
            case DISABLED -> "填“是”或“否”，空着视为“否”。";
        };
    }

    private static void list(Sheet sheet, DataValidationHelper dv, RosterColumn c, int lastRow, String[] values) {
        DataValidation v = dv.createValidation(dv.createExplicitListConstraint(values),
                new CellRangeAddressList(1, lastRow, c.ordinal(), c.ordinal()));
        v.setShowErrorBox(true);
        v.setSuppressDropDownArrow(true);
        sheet.addValidationData(v);
    }

    private static int width(RosterColumn c) {
        return switch (c) {
            case ADDRESS -> 24 * 256;
            case ID_CARD -> 22 * 256;
            case PHONE, GRID, BRANCH -> 16 * 256;
            default -> 11 * 256;
        };
    }

    private static CellStyle headerStyle(XSSFWorkbook wb) {
        CellStyle s = wb.createCellStyle();
        Font f = wb.createFont();
        f.setBold(true);
        s.setFont(f);
        s.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
        s.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        s.setBorderBottom(BorderStyle.THIN);
        return s;
    }

    private static byte[] bytes(XSSFWorkbook wb) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        wb.write(out);
        return out.toByteArray();
    }
}
