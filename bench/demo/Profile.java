import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the demo load's time goes, from a flight recording of bench/demo/first-start.sh (JFR=1): the loading
 * thread's execution samples counted by the demo step they fall in (the innermost cn.jifen.demo method), by the
 * service the demo called (the outermost cn.jifen method under it) and by what the thread was doing at the leaf
 * (H2 executing, H2 storing a commit, bcrypt, Spring/JDBC plumbing...). Run: java bench/demo/Profile.java run-1.jfr [category, to see its commonest stacks]
 */
public class Profile {
    public static void main(String[] args) throws Exception {
        Map<String, Integer> step = new HashMap<>(), service = new HashMap<>(), what = new HashMap<>(), leaf = new HashMap<>();
        Map<String, Integer> stacks = new HashMap<>(), inner = new HashMap<>();
        int total = 0, demo = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            String thread = e.getThread("sampledThread").getJavaName();
            if (!"main".equals(thread)) {
                continue;
            }
            total++;
            List<String> frames = new ArrayList<>();
            for (RecordedFrame f : e.getStackTrace().getFrames()) {
                String name = f.getMethod().getType().getName() + "." + f.getMethod().getName();
                if (!name.contains("$$")) {
                    frames.add(name);
                }
            }
            int d = -1;
            for (int i = 0; i < frames.size(); i++) {
                if (frames.get(i).startsWith("cn.jifen.demo.") && !frames.get(i).contains("lambda$")) {
                    d = i;
                    break;
                }
            }
            if (d < 0) {
                continue;
            }
            demo++;
            step.merge(frames.get(d), 1, Integer::sum);
            String s = "(in the demo itself)";
            for (int i = d - 1; i >= 0; i--) {
                if (frames.get(i).startsWith("cn.jifen.") && !frames.get(i).contains("lambda$")) {
                    s = frames.get(i);
                    break;
                }
            }
            service.merge(s, 1, Integer::sum);
            what.merge(category(frames), 1, Integer::sum);
            leaf.merge(frames.get(0), 1, Integer::sum);
            frames.stream().filter(f -> f.startsWith("cn.jifen.") && !f.contains("lambda$")).findFirst()
                    .ifPresent(f -> inner.merge(f, 1, Integer::sum));
            if (args.length > 1 && category(frames).equals(args[1])) {
                stacks.merge(String.join("\n      ", frames.subList(0, Math.min(frames.size(), 14))), 1, Integer::sum);
            }
        }
        System.out.printf("loading thread: %d samples, %d in the demo%n", total, demo);
        print("demo step", step, demo, 30);
        print("service called", service, demo, 40);
        print("doing", what, demo, 20);
        print("innermost Jifen method (which query or step)", inner, demo, 40);
        print("leaf method", leaf, demo, 15);
        if (args.length > 1) {
            print("stack (" + args[1] + ")", stacks, demo, 12);
        }
    }

    /** What the thread was doing: bcrypt or H2 storing a commit anywhere on the stack, else the frame nearest the leaf that says. */
    static String category(List<String> frames) {
        String[][] anywhere = {
                {"BCrypt", "bcrypt"},
                {"org.h2.schema.Sequence.flush", "H2 writing the file (sequence flush)"},
                {"org.h2.mvstore.MVStore.beforeWrite", "H2 writing the file (unsaved memory full)"},
                {"org.h2.mvstore.MVStore.store", "H2 writing the file (commit)"},
                {"org.h2.mvstore.MVStore.commit", "H2 writing the file (commit)"},
                {"org.h2.mvstore.FileStore.storeIt", "H2 writing the file (other)"},
                {"org.h2.command.Parser", "H2 parsing SQL"},
                {"org.h2.command.query.Optimizer", "H2 planning"}};
        for (String[] r : anywhere) {
            for (String f : frames) {
                if (f.contains(r[0])) {
                    return r[1];
                }
            }
        }
        String[][] nearest = {
                {"org.h2.", "H2 executing"},
                {"com.zaxxer.", "Hikari (connections)"},
                {"org.springframework.jdbc.", "Spring JDBC (statements, row mapping)"},
                {"org.springframework.transaction.", "Spring transaction management"},
                {"org.springframework.", "Spring (other)"},
                {"cn.jifen.", "Jifen code"},
                {"java.", "JDK called from Jifen code"}};
        for (String f : frames) {
            for (String[] r : nearest) {
                if (f.startsWith(r[0])) {
                    return r[1];
                }
            }
        }
        return "other";
    }

    static void print(String title, Map<String, Integer> m, int total, int limit) {
        System.out.println("\n-- by " + title);
        m.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(limit)
                .forEach(x -> System.out.printf("%6d %5.1f%%  %s%n", x.getValue(), 100.0 * x.getValue() / total, x.getKey()));
    }
}
