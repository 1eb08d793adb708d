package cn.jifen.ledger;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * How a {@link PostingsCreated} is kept in the event publication registry (Spring Modulith writes it as JSON in the
 * posting's transaction, and reads it back only to run a listener again after a crash). A batch award's 10,000
 * postings were 3.1 MB of JSON, every field named 10,000 times (issue #17: a tenth of the award's posting thread and
 * ~25 ms of its database backend); kept by column, with the values a batch shares as runs, it is a fifth of that.
 * Reads both this form and the earlier one (a list of postings, each an object), which a registry may still hold.
 */
final class PostingsCreatedJson {
    static final String FORMAT = "columns";

    private PostingsCreatedJson() { }

    static Map<String, Object> write(List<PostingCreated> postings) {
        int n = postings.size();
        String[] ids = new String[n];
        long[] households = new long[n];
        long[] balances = new long[n];
        long[] seqs = new long[n];
        for (int i = 0; i < n; i++) {
            Posting p = postings.get(i).posting();
            ids[i] = p.postingId().toString();
            households[i] = p.householdId();
            balances[i] = p.balanceAfter();
            seqs[i] = p.seq();
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("postingId", ids);
        json.put("householdId", households);
        json.put("balanceAfter", balances);
        json.put("seq", seqs);
        json.put("villageId", runs(postings, c -> c.posting().villageId()));
        json.put("kind", runs(postings, c -> c.posting().kind().name()));
        json.put("amount", runs(postings, c -> c.posting().amount()));
        json.put("scoreDelta", runs(postings, c -> c.posting().scoreDelta()));
        json.put("postedOn", runs(postings, c -> c.posting().postedOn()));
        json.put("createdAt", runs(postings, c -> c.posting().createdAt()));
        json.put("replayed", runs(postings, c -> c.posting().replayed()));
        json.put("itemLabel", runs(postings, PostingCreated::itemLabel));
        json.put("sourceType", runs(postings, PostingCreated::sourceType));
        json.put("sourceRef", runs(postings, PostingCreated::sourceRef));
        return json;
    }

    /** A column as runs of equal values: [[value, count], …], each value written as text or a number. */
    private static List<Object[]> runs(List<PostingCreated> postings, Function<PostingCreated, Object> column) {
        List<Object[]> runs = new ArrayList<>();
        Object last = null;
        int count = 0;
        for (PostingCreated c : postings) {
            Object v = column.apply(c);
            if (count > 0 && !Objects.equals(v, last)) {
                runs.add(new Object[] {text(last), count});
                count = 0;
            }
            last = v;
            count++;
        }
        if (count > 0) {
            runs.add(new Object[] {text(last), count});
        }
        return runs;
    }

    private static Object text(Object v) {
        return v instanceof LocalDate || v instanceof OffsetDateTime ? v.toString() : v;
    }

    static PostingsCreated read(Map<String, Object> json) {
        if (!FORMAT.equals(json.get("format"))) {
            return readObjects(json);
        }
        List<?> ids = (List<?>) json.get("postingId");
        List<?> households = (List<?>) json.get("householdId");
        List<?> balances = (List<?>) json.get("balanceAfter");
        List<?> seqs = (List<?>) json.get("seq");
        int n = ids.size();
        List<Object> villages = unrolled(json, "villageId", n);
        List<Object> kinds = unrolled(json, "kind", n);
        List<Object> amounts = unrolled(json, "amount", n);
        List<Object> scores = unrolled(json, "scoreDelta", n);
        List<Object> days = unrolled(json, "postedOn", n);
        List<Object> moments = unrolled(json, "createdAt", n);
        List<Object> replays = unrolled(json, "replayed", n);
        List<Object> labels = unrolled(json, "itemLabel", n);
        List<Object> types = unrolled(json, "sourceType", n);
        List<Object> refs = unrolled(json, "sourceRef", n);
        List<PostingCreated> postings = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Posting p = new Posting(UUID.fromString((String) ids.get(i)), number(villages.get(i)),
                    number(households.get(i)), PostingKind.valueOf((String) kinds.get(i)), number(amounts.get(i)),
                    number(scores.get(i)), number(balances.get(i)), number(seqs.get(i)),
                    LocalDate.parse((String) days.get(i)), OffsetDateTime.parse((String) moments.get(i)),
                    (Boolean) replays.get(i));
            postings.add(new PostingCreated(p, (String) labels.get(i), (String) types.get(i), (String) refs.get(i)));
        }
        return new PostingsCreated(postings);
    }

    private static List<Object> unrolled(Map<String, Object> json, String column, int n) {
        List<Object> values = new ArrayList<>(n);
        for (Object run : (List<?>) json.get(column)) {
            List<?> r = (List<?>) run;
            for (long k = number(r.get(1)); k > 0; k--) {
                values.add(r.get(0));
            }
        }
        if (values.size() != n) {
            throw new IllegalArgumentException("column " + column + " has " + values.size() + " values, not " + n);
        }
        return values;
    }

    /** The earlier form: {"postings": [{"posting": {…}, "itemLabel": …, "sourceType": …, "sourceRef": …}, …]}. */
    private static PostingsCreated readObjects(Map<String, Object> json) {
        List<PostingCreated> postings = new ArrayList<>();
        for (Object o : (List<?>) json.get("postings")) {
            Map<?, ?> c = (Map<?, ?>) o;
            Map<?, ?> p = (Map<?, ?>) c.get("posting");
            postings.add(new PostingCreated(new Posting(UUID.fromString((String) p.get("postingId")),
                    number(p.get("villageId")), number(p.get("householdId")), PostingKind.valueOf((String) p.get("kind")),
                    number(p.get("amount")), number(p.get("scoreDelta")), number(p.get("balanceAfter")),
                    number(p.get("seq")), LocalDate.parse((String) p.get("postedOn")),
                    OffsetDateTime.parse((String) p.get("createdAt")), Boolean.TRUE.equals(p.get("replayed"))),
                    (String) c.get("itemLabel"), (String) c.get("sourceType"), (String) c.get("sourceRef")));
        }
        return new PostingsCreated(postings);
    }

    private static long number(Object v) {
        return ((Number) v).longValue();
    }
}
