package cn.jifen.directory.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.opc.PackageRelationshipCollection;
import org.apache.poi.openxml4j.opc.PackageRelationshipTypes;
import org.apache.poi.ss.usermodel.BuiltinFormats;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.SharedStrings;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFRelation;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads a roster file into rows. The type is told by content, never by the file's name: a ZIP
 * container must be an .xlsx workbook (read as a stream, first sheet only, so memory stays small);
 * anything else must be text, read as CSV in UTF-8 (with or without BOM), UTF-16 with BOM, or
 * GB18030 (what Excel on Chinese Windows saves). Legacy .xls and other binaries are refused.
 * The header is the first row naming at least 户编号 and 姓名 (a title row above it is skipped).
 * <p>Why one class of about 540 lines: One reader for every roster format counties send (xlsx streamed, CSV in
 * UTF-8, UTF-16 and GB18030), with the header search and the type told by content; each format's part is small.
 */
public final class RosterReader {
    /** Rows searched for the header before giving up. */
    private static final int HEADER_SEARCH = 10;
    private static final Set<String> WORKBOOK_TYPES = Set.of(XSSFRelation.WORKBOOK.getContentType(),
            XSSFRelation.MACROS_WORKBOOK.getContentType(), XSSFRelation.TEMPLATE_WORKBOOK.getContentType(),
            XSSFRelation.MACRO_TEMPLATE_WORKBOOK.getContentType(), XSSFRelation.MACRO_ADDIN_WORKBOOK.getContentType());

    /**
     * What was read: the columns the header names, the data rows, and problems; when {@code fatal},
     * the rows are not worth validating.
     */
    public record Sheet(Set<RosterColumn> columns, List<RosterRow> rows, List<RosterIssue> issues, boolean fatal) { }

    private RosterReader() { }

    public static Sheet read(byte[] content, int maxRows) {
        Collector rows = new Collector(maxRows);
        try {
            if (content == null || content.length == 0) {
                return fatal("error.import.empty");
            }
            if (startsWith(content, 0x50, 0x4B, 0x03, 0x04)) {
                rows = readXlsx(content, maxRows);
            } else if (startsWith(content, 0x50, 0x4B)) {
                return fatal("error.import.broken");           // an empty or spanned ZIP
            } else if (startsWith(content, 0xD0, 0xCF, 0x11, 0xE0)) {
                return fatal("error.import.type");             // OLE2: legacy .xls (or .doc, or an encrypted workbook)
            } else {
                String text = decode(content);
                if (text == null || looksBinary(text)) {
                    return fatal("error.import.type");
                }
                if (text.stripLeading().startsWith("<")) {
                    return fatal("error.import.type");         // HTML or XML saved as ".xls"
                }
                readCsv(text, rows);
            }
        } catch (Refused e) {
            return fatal(e.getMessage());
        } catch (Exception e) {
            return fatal("error.import.broken");
        }
        return rows.finish();
    }

    private static Sheet fatal(String key, Object... args) {
        return new Sheet(Set.of(), List.of(), List.of(RosterIssue.file(key, args)), true);
    }

    static boolean startsWith(byte[] b, int... magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- text

    /** The text of a CSV file, or null when the bytes are no text in any encoding we accept. */
    static String decode(byte[] b) {
        if (startsWith(b, 0xEF, 0xBB, 0xBF)) {
            return strict(StandardCharsets.UTF_8, b, 3);
        }
        if (startsWith(b, 0xFF, 0xFE)) {
            return strict(StandardCharsets.UTF_16LE, b, 2);
        }
        if (startsWith(b, 0xFE, 0xFF)) {
            return strict(StandardCharsets.UTF_16BE, b, 2);
        }
        String s = strict(StandardCharsets.UTF_8, b, 0);
        return s != null ? s : strict(Charset.forName("GB18030"), b, 0);
    }

    private static String strict(Charset cs, byte[] b, int offset) {
        try {
            return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, offset, b.length - offset)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * Text files hold no control characters other than tab and line breaks. A few stray NULs in
     * otherwise clean text are let through, so the import names the row and column holding them;
     * many NULs mean UTF-16 without a BOM or a binary file.
     */
    static boolean looksBinary(String s) {
        int nuls = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 && ++nuls <= STRAY_NULS) {
                continue;
            }
            if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7F || c == '\uFFFD') {
                return true;
            }
        }
        return false;
    }

    /** NULs tolerated in a CSV before it counts as binary (each is then reported at its cell). */
    private static final int STRAY_NULS = 16;

    private static void readCsv(String text, Collector sink) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter(text)).setIgnoreEmptyLines(false).get();
        try (CSVParser parser = format.parse(new StringReader(text))) {
            for (CSVRecord r : parser) {
                // a CSV holds no formulas, only text: "=…", "+…", "-…", "@…" are imported as typed and
                // neutralised on every export (docs/input-rules.md), as in an .xlsx text cell
                if (!sink.row((int) r.getRecordNumber(), r.toList(), new BitSet())) {
                    return;
                }
            }
        }
    }

    /** Comma, unless the first line is tab-separated (Excel's "Unicode text"). */
    private static char delimiter(String text) {
        int end = text.indexOf('\n');
        String first = end < 0 ? text : text.substring(0, end);
        long tabs = first.chars().filter(c -> c == '\t').count();
        long commas = first.chars().filter(c -> c == ',').count();
        return tabs > commas ? '\t' : ',';
    }

    // ---------------------------------------------------------------- xlsx

    /** Reads the first worksheet that has a roster header (a 说明 sheet moved to the front is skipped). */
    private static Collector readXlsx(byte[] content, int maxRows) throws Exception {
        OPCPackage pkg = OPCPackage.open(new ByteArrayInputStream(content));
        try {
            PackageRelationshipCollection core = pkg.getRelationshipsByType(PackageRelationshipTypes.CORE_DOCUMENT);
            PackagePart main = core.size() == 0 ? null : pkg.getPart(core.getRelationship(0));
            if (main == null || !WORKBOOK_TYPES.contains(main.getContentType())) {
                throw new Refused("error.import.type");     // a .docx, .xlsb, strict OOXML or any other ZIP
            }
            XSSFReader reader = new XSSFReader(pkg);
            SharedStrings strings = new ReadOnlySharedStringsTable(pkg, false);
            StylesTable styles = reader.getStylesTable();
            Iterator<InputStream> sheets = reader.getSheetsData();
            Collector first = null;
            while (sheets.hasNext()) {
                Collector sink = new Collector(maxRows);
                try (InputStream in = sheets.next()) {
                    XMLReader xml = XMLHelper.newXMLReader();
                    xml.setContentHandler(new SheetHandler(strings, styles, sink));
                    try {
                        xml.parse(new InputSource(in));
                    } catch (SAXException e) {
                        if (!(e instanceof Stop) && !(e.getException() instanceof Stop)) {
                            throw e;                            // malformed sheet XML: broken
                        }
                    }
                }
                if (sink.hasHeader()) {
                    return sink;
                }
                if (first == null) {
                    first = sink;
                }
            }
            return first == null ? new Collector(maxRows) : first;
        } finally {
            pkg.revert();
        }
    }

    /** A file-level refusal raised while reading (message = key). */
    private static final class Refused extends Exception {
        Refused(String key) {
            super(key, null, false, false);
        }
    }

    /** Ends the SAX parse early once the collector has seen enough. */
    private static final class Stop extends SAXException {
        Stop() {
            super("stop");
        }
    }

    /** Streams the cells of one worksheet part (sheetN.xml) row by row. */
    private static final class SheetHandler extends DefaultHandler {
        private final SharedStrings strings;
        private final StylesTable styles;
        private final Collector sink;
        private final DataFormatter formatter = new DataFormatter(Locale.SIMPLIFIED_CHINESE);
        private final StringBuilder text = new StringBuilder();
        private final List<String> cells = new ArrayList<>();
        private final BitSet formulas = new BitSet();
        private int row;
        private int col;
        private String type;
        private int style;
        private boolean formula;
        private boolean inValue;
        private boolean inInline;
        private boolean inText;
        private boolean inPhonetic;
        private String value;

        SheetHandler(SharedStrings strings, StylesTable styles, Collector sink) {
            this.strings = strings;
            this.styles = styles;
            this.sink = sink;
        }

        private static String local(String localName, String qName) {
            if (localName != null && !localName.isEmpty()) {
                return localName;
            }
            int colon = qName.indexOf(':');
            return colon < 0 ? qName : qName.substring(colon + 1);
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes a) {
            switch (local(localName, qName)) {
                case "row" -> {
                    String r = a.getValue("r");
                    row = r == null ? row + 1 : Integer.parseInt(r);
                    cells.clear();
                    formulas.clear();
                    col = -1;
                }
                case "c" -> {
                    String r = a.getValue("r");
                    col = r == null ? col + 1 : columnIndex(r);
                    type = a.getValue("t");
                    String s = a.getValue("s");
                    style = s == null ? -1 : Integer.parseInt(s);
                    formula = false;
                    value = null;
                    text.setLength(0);
                }
                case "f" -> formula = true;
                case "v" -> {
                    inValue = true;
                    text.setLength(0);
                }
                case "is" -> {
                    inInline = true;
                    text.setLength(0);
                }
                case "rPh" -> inPhonetic = true;
                case "t" -> inText = inInline && !inPhonetic;
                default -> { }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (inValue || inText) {
                text.append(ch, start, length);
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            switch (local(localName, qName)) {
                case "v" -> {
                    inValue = false;
                    value = text.toString();
                }
                case "t" -> inText = false;
                case "rPh" -> inPhonetic = false;
                case "is" -> {
                    inInline = false;
                    value = text.toString();
                }
                case "c" -> {
                    while (cells.size() <= col) {
                        cells.add(null);
                    }
                    cells.set(col, cellText());
                    if (formula) {
                        formulas.set(col);
                    }
                }
                case "row" -> {
                    if (!sink.row(row, cells, formulas)) {
                        throw new Stop();
                    }
                }
                default -> { }
            }
        }

        private String cellText() {
            if (value == null) {
                return null;
            }
            if (type == null || type.equals("n")) {
                return number(value);
            }
            return switch (type) {
                case "s" -> strings.getItemAt(Integer.parseInt(value.strip())).getString();
                case "b" -> "1".equals(value.strip()) ? "TRUE" : "FALSE";
                default -> value;                               // str, inlineStr, e (#N/A…), d (ISO date)
            };
        }

        /**
         * Numbers as a clerk typed them: a date-formatted cell as its date, any whole number as plain
         * digits (birth year 1960.0 → "1960", phone 1.3912345678E10 → "13912345678", no thousands
         * separators from the cell's format), other numbers in plain decimal notation.
         */
        private String number(String raw) {
            String s = raw.strip();
            if (s.isEmpty()) {
                return s;
            }
            BigDecimal d;
            try {
                d = new BigDecimal(s);
            } catch (NumberFormatException e) {
                return s;
            }
            String date = dateText(d.doubleValue());
            if (date != null) {
                return date;
            }
            d = d.stripTrailingZeros();
            return d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
        }

        private String dateText(double v) {
            if (styles == null || style < 0 || style >= styles.getNumCellStyles()) {
                return null;
            }
            XSSFCellStyle st = styles.getStyleAt(style);
            if (st == null) {
                return null;
            }
            int index = st.getDataFormat();
            String fmt = st.getDataFormatString();
            if (fmt == null) {
                fmt = BuiltinFormats.getBuiltinFormat(index);
            }
            if (fmt == null || !DateUtil.isADateFormat(index, fmt) || !DateUtil.isValidExcelDate(v)) {
                return null;
            }
            return formatter.formatRawCellContents(v, index, fmt);
        }

        static int columnIndex(String ref) {
            int n = 0;
            for (int i = 0; i < ref.length(); i++) {
                char c = ref.charAt(i);
                if (c >= 'A' && c <= 'Z') {
                    n = n * 26 + (c - 'A' + 1);
                } else if (c >= 'a' && c <= 'z') {
                    n = n * 26 + (c - 'a' + 1);
                } else {
                    break;
                }
            }
            return n - 1;
        }
    }

    // ---------------------------------------------------------------- rows

    /** Finds the header, maps columns, keeps non-blank data rows up to the cap. */
    private static final class Collector {
        private final int maxRows;
        private final List<RosterRow> rows = new ArrayList<>();
        private final List<RosterIssue> issues = new ArrayList<>();
        private Map<Integer, RosterColumn> columns;
        private List<String> firstCells;
        private int firstNumber;
        private int nonBlankBeforeHeader;
        private boolean fatal;

        Collector(int maxRows) {
            this.maxRows = maxRows;
        }

        /** Whether a row naming 户编号 and 姓名 was found. */
        boolean hasHeader() {
            return columns != null && columns.containsValue(RosterColumn.REF) && columns.containsValue(RosterColumn.NAME);
        }

        /** Takes one row; false to stop reading. */
        boolean row(int number, List<String> cells, BitSet formulas) {
            if (columns == null) {
                if (cells.stream().allMatch(RosterReader::blank)) {
                    return true;
                }
                if (firstCells == null) {
                    firstCells = new ArrayList<>(cells);
                    firstNumber = number;
                }
                nonBlankBeforeHeader++;
                Map<Integer, RosterColumn> found = new HashMap<>();
                for (int i = 0; i < cells.size(); i++) {
                    RosterColumn c = RosterColumn.byHeader(cells.get(i));
                    if (c != null) {
                        found.put(i, c);
                    }
                }
                if (found.containsValue(RosterColumn.REF) && found.containsValue(RosterColumn.NAME)) {
                    header(number, cells);
                    return !fatal;
                }
                if (nonBlankBeforeHeader >= HEADER_SEARCH) {
                    header(firstNumber, firstCells);
                    return false;
                }
                return true;
            }
            Map<RosterColumn, String> values = new EnumMap<>(RosterColumn.class);
            Set<RosterColumn> withFormula = EnumSet.noneOf(RosterColumn.class);
            boolean blank = true;
            for (Map.Entry<Integer, RosterColumn> e : columns.entrySet()) {
                int i = e.getKey();
                String v = i < cells.size() ? cells.get(i) : null;
                if (v != null) {
                    values.put(e.getValue(), v);
                }
                if (formulas.get(i)) {
                    withFormula.add(e.getValue());
                    blank = false;
                } else if (!blank(v)) {
                    blank = false;
                }
            }
            if (blank) {
                return true;
            }
            if (rows.size() >= maxRows) {
                issues.add(RosterIssue.file("error.import.tooManyRows", String.valueOf(maxRows)));
                fatal = true;
                return false;
            }
            rows.add(new RosterRow(number, values, withFormula));
            return true;
        }

        private void header(int number, List<String> cells) {
            columns = new HashMap<>();
            Set<RosterColumn> seen = EnumSet.noneOf(RosterColumn.class);
            for (int i = 0; i < cells.size(); i++) {
                RosterColumn c = RosterColumn.byHeader(cells.get(i));
                if (c == null) {
                    continue;
                }
                if (!seen.add(c)) {
                    issues.add(RosterIssue.at(number, c, "error.import.headerDuplicate", c.label()));
                    fatal = true;
                }
                columns.put(i, c);
            }
            for (RosterColumn c : RosterColumn.values()) {
                if (c.required() && !seen.contains(c)) {
                    issues.add(RosterIssue.at(number, c, "error.import.header", c.label()));
                    fatal = true;
                }
            }
        }

        Sheet finish() {
            if (columns == null) {
                if (firstCells == null) {
                    return fatal("error.import.empty");
                }
                header(firstNumber, firstCells);
            }
            if (!fatal && rows.isEmpty()) {
                return fatal("error.import.empty");
            }
            Set<RosterColumn> named = EnumSet.noneOf(RosterColumn.class);
            named.addAll(columns.values());
            return new Sheet(named, fatal ? List.of() : List.copyOf(rows), List.copyOf(issues), fatal);
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
