package cn.jifen.stats.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Where exported rows go: a CSV (UTF-8 with a byte-order mark, so Excel opens Chinese correctly) or an
 * .xlsx written by POI's streaming SXSSF (only 200 rows in memory per sheet; the rest on disk until the
 * workbook is zipped into the response). Either way memory does not grow with the number of rows.
 */
public abstract class Sheets implements Closeable {
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public static Sheets of(String format, OutputStream out, ZoneId zone) {
        return "csv".equals(format) ? new Csv(out, zone) : new Xlsx(out, zone);
    }

    public final ZoneId zone;
    public long rows;

    public Sheets(ZoneId zone) {
        this.zone = zone;
    }

    /** Starts a sheet (a CSV holds one table: later sheets follow after a blank line). */
    public abstract void sheet(String name, String... header) throws IOException;

    public abstract void row(Object... values) throws IOException;

    public abstract void finish() throws IOException;

    public Object text(Object v) {
        if (v instanceof OffsetDateTime t) {
            return TIME.format(t.atZoneSameInstant(zone));
        }
        if (v instanceof Timestamp t) {
            return TIME.format(t.toInstant().atZone(zone));
        }
        if (v instanceof Boolean b) {
            return b ? "是" : "否";
        }
        return v;
    }

    public static final class Csv extends Sheets {
        private final Writer w;
        private final CSVPrinter printer;
        private boolean first = true;

        Csv(OutputStream out, ZoneId zone) {
            super(zone);
            try {
                out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
                w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                printer = new CSVPrinter(w, CSVFormat.EXCEL);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void sheet(String name, String... header) throws IOException {
            if (!first) {
                printer.println();
                printer.printRecord(name);
            }
            first = false;
            printer.printRecord((Object[]) header);
        }

        @Override
        public void row(Object... values) throws IOException {
            Object[] out = new Object[values.length];
            for (int i = 0; i < values.length; i++) {
                Object t = text(values[i]);
                // a cell starting with = + - @ is data, not a formula, when opened in Excel
                out[i] = t instanceof String s && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : t;
            }
            printer.printRecord(out);
            rows++;
            if (rows % 1000 == 0) {
                printer.flush();
            }
        }

        @Override
        public void finish() throws IOException {
            printer.flush();
        }

        @Override
        public void close() throws IOException {
            printer.flush();
        }
    }

    public static final class Xlsx extends Sheets {
        private final OutputStream out;
        private final SXSSFWorkbook wb = new SXSSFWorkbook(200);
        private final CellStyle bold;
        private Sheet sheet;
        private int next;

        Xlsx(OutputStream out, ZoneId zone) {
            super(zone);
            this.out = out;
            wb.setCompressTempFiles(true);
            Font f = wb.createFont();
            f.setBold(true);
            bold = wb.createCellStyle();
            bold.setFont(f);
        }

        @Override
        public void sheet(String name, String... header) {
            sheet = wb.createSheet(WorkbookUtil.createSafeSheetName(name));
            next = 0;
            Row r = sheet.createRow(next++);
            for (int i = 0; i < header.length; i++) {
                Cell c = r.createCell(i);
                c.setCellValue(header[i]);
                c.setCellStyle(bold);
            }
        }

        @Override
        public void row(Object... values) {
            if (next > 1_048_000) {   // Excel's row limit: continue on a new sheet
                sheet("续" + wb.getNumberOfSheets());
            }
            Row r = sheet.createRow(next++);
            for (int i = 0; i < values.length; i++) {
                Object v = text(values[i]);
                if (v == null) {
                    continue;
                }
                Cell c = r.createCell(i);
                if (v instanceof Number n) {
                    c.setCellValue(n.doubleValue());
                } else if (v instanceof LocalDate d) {
                    c.setCellValue(d.toString());
                } else {
                    c.setCellValue(v.toString());
                }
            }
            rows++;
        }

        @Override
        public void finish() throws IOException {
            wb.write(out);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            wb.close();
        }
    }
}
