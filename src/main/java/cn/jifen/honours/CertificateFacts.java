package cn.jifen.honours;

import java.util.ArrayList;
import java.util.List;

/**
 * What a reference certificate states, fixed when it is issued: the score over the period by category,
 * the honours in the period, the years with a veto, and the village ledger's verification state.
 */
public record CertificateFacts(long totalScore, List<CategoryScore> categories, List<String> honours,
                               List<Integer> vetoYears, boolean ledgerIntact, long entriesChecked) {

    public record CategoryScore(String category, long score) { }

    /** One fact per line, tab-separated: stable, readable in the database, no JSON library needed. */
    String encode() {
        StringBuilder b = new StringBuilder();
        b.append("total\t").append(totalScore).append('\n');
        for (CategoryScore c : categories) {
            b.append("category\t").append(clean(c.category())).append('\t').append(c.score()).append('\n');
        }
        for (String h : honours) {
            b.append("honour\t").append(clean(h)).append('\n');
        }
        for (Integer y : vetoYears) {
            b.append("veto\t").append(y).append('\n');
        }
        b.append("ledger\t").append(ledgerIntact ? "intact" : "broken").append('\t').append(entriesChecked).append('\n');
        return b.toString();
    }

    public static CertificateFacts decode(String s) {
        long total = 0;
        boolean intact = false;
        long checked = 0;
        List<CategoryScore> cats = new ArrayList<>();
        List<String> honours = new ArrayList<>();
        List<Integer> vetoes = new ArrayList<>();
        for (String line : s.split("\n")) {
            String[] f = line.split("\t");
            switch (f[0]) {
                case "total" -> total = Long.parseLong(f[1]);
                case "category" -> cats.add(new CategoryScore(f[1], Long.parseLong(f[2])));
                case "honour" -> honours.add(f[1]);
                case "veto" -> vetoes.add(Integer.parseInt(f[1]));
                case "ledger" -> {
                    intact = "intact".equals(f[1]);
                    checked = Long.parseLong(f[2]);
                }
                default -> { }
            }
        }
        return new CertificateFacts(total, cats, honours, vetoes, intact, checked);
    }

    private static String clean(String s) {
        return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ');
    }
}
