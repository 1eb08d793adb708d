package cn.jifen.browser;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** A small, valid roster (花名册) workbook as a village clerk would fill it in Excel. */
final class RosterFile {
    static final List<String> HEADER = List.of("户编号", "网格", "家庭住址", "低收入户", "姓名", "与户主关系", "性别",
            "出生年份", "手机号", "身份证号", "党员", "所在党支部", "残疾人");

    private RosterFile() {
    }

    /** Two households (refs PREFIX-1 and PREFIX-2) in grid GRID, each with a 户主 and a 配偶. */
    static Path twoHouseholds(Path dir, String prefix, String grid, int phoneSeed) throws IOException {
        String phone1 = String.format("139%08d", Math.floorMod(phoneSeed, 100_000_000));
        String phone2 = String.format("138%08d", Math.floorMod(phoneSeed, 100_000_000));
        Object[][] rows = {
                {prefix + "-1", grid, "龙南村3队18号", "否", "陈建国", "户主", "男", 1960, phone1, "", "是", "龙南村党支部", "否"},
                {prefix + "-1", grid, "龙南村3队18号", "否", "黄秀英", "配偶", "女", 1962, "", "", "否", "", "否"},
                {prefix + "-2", grid, "龙南村5队7号", "是", "李德福", "户主", "男", 1955, phone2, "", "否", "", "是"},
                {prefix + "-2", grid, "龙南村5队7号", "是", "张桂兰", "配偶", "女", 1958, "", "", "否", "", "否"},
        };
        Path file = dir.resolve("花名册-" + prefix + ".xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = wb.createSheet("花名册");
            Row header = sheet.createRow(0);
            for (int c = 0; c < HEADER.size(); c++) {
                header.createCell(c).setCellValue(HEADER.get(c));
            }
            for (int r = 0; r < rows.length; r++) {
                Row row = sheet.createRow(r + 1);
                for (int c = 0; c < rows[r].length; c++) {
                    Object v = rows[r][c];
                    if (v instanceof Integer n) {
                        row.createCell(c).setCellValue(n); // birth years typed as numbers, as in Excel
                    } else if (!"".equals(v)) {
                        row.createCell(c).setCellValue((String) v);
                    }
                }
            }
            wb.write(out);
        }
        return file;
    }
}
