package cn.jifen.ledger.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sealed checkpoint of the ledger: per village, how many postings its chain had and the chain's head.
 * A county keeps it outside the database (printed, mailed to the town); verify --since proves that the
 * ledger still starts with exactly those postings. Text form, short enough to print:
 * <pre>
 * JIFEN-CHECKPOINT 1 2026-12-06T15:00:00Z
 * V 101 2345 9f0c…(64 hex)
 * SEAL 3ab1…(64 hex)
 * </pre>
 */
public record Checkpoint(Instant takenAt, Map<Long, Head> villages) {
    static final String MAGIC = "JIFEN-CHECKPOINT 1";

    /** One village's chain as it was: its length and its head. */
    public record Head(long entryCount, String headHash) { }

    /** The text to keep, sealed under the checkpoint key. */
    public String text(byte[] key) {
        String body = body();
        return body + "SEAL " + EntryHasher.hmac(key, body) + "\n";
    }

    private String body() {
        StringBuilder b = new StringBuilder(MAGIC).append(' ').append(takenAt).append('\n');
        villages.forEach((v, h) -> b.append("V ").append(v).append(' ').append(h.entryCount()).append(' ')
                .append(h.headHash()).append('\n'));
        return b.toString();
    }

    /** Reads a checkpoint and checks its seal; a clear Chinese message when it is not one this installation made. */
    public static Checkpoint parse(String text, byte[] key) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("检查点是空的");
        }
        List<String> lines = new ArrayList<>();
        for (String l : text.strip().split("\\R")) {
            if (!l.isBlank()) {
                lines.add(l.strip());
            }
        }
        try {
            String[] first = lines.get(0).split(" ");
            if (!lines.get(0).startsWith(MAGIC) || first.length != 3) {
                throw new IllegalArgumentException("不是 Jifen 账本检查点（第一行应为 " + MAGIC + " 和时间）");
            }
            Instant at = Instant.parse(first[2]);
            Map<Long, Head> villages = new LinkedHashMap<>();
            for (String l : lines.subList(1, lines.size() - 1)) {
                String[] f = l.split(" ");
                if (f.length != 4 || !f[0].equals("V") || !f[3].matches("[0-9a-f]{64}")) {
                    throw new IllegalArgumentException("检查点有一行看不懂：" + l);
                }
                villages.put(Long.parseLong(f[1]), new Head(Long.parseLong(f[2]), f[3]));
            }
            Checkpoint c = new Checkpoint(at, villages);
            String seal = lines.get(lines.size() - 1);
            if (!seal.equals("SEAL " + EntryHasher.hmac(key, c.body()))) {
                throw new IllegalArgumentException("检查点的封印不符：它被改过，或不是用本系统的密钥生成的");
            }
            return c;
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().contains("检查点")) {
                throw e;
            }
            throw new IllegalArgumentException("检查点格式不对，请原样粘贴 verify 打印的全部行（" + e.getMessage() + "）");
        }
    }
}
