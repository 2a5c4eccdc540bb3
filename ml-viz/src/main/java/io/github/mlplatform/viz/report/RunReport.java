package io.github.mlplatform.viz.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.io.AtomicFiles;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.viz.chart.ChartStyle;
import io.github.mlplatform.viz.chart.Charts;
import io.github.mlplatform.viz.chart.Series;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The HTML report of one run directory written by {@link RunRecord}: {@code report.html} next to
 * {@code metrics.json}, with the title (experiment, run id, status), the summary, final metrics,
 * learning curves, per-epoch metrics, configuration, environment, notes, and every picture of
 * {@code figures/} (PNG, SVG, GIF, JPEG) captioned with its file name.
 *
 * <p>Curves: the numeric keys of {@code metrics.json}'s {@code "epochs"} (except {@code "epoch"},
 * which is the x axis; the epoch's position + 1 when absent) are grouped into families (see
 * {@link #family}): names with a word containing "loss" are the loss family, names with the word
 * "acc"/"accuracy" the accuracy family, any other name is its own family once a leading split
 * word ({@code train}, {@code test}, {@code val}, ...) and a trailing {@code _per_epoch} are
 * removed (so {@code train_time} and {@code test_time} share "time", and
 * {@code samples_per_s} stays "samples_per_s"). Each family becomes one line chart
 * {@code figures/curves-<family>.png} titled as the metric reads ({@link #title}:
 * "samples/s per epoch", "steps/s per epoch", "learning rate per epoch"), log y for a positive
 * family spanning more than two decades.
 *
 * <p>The page is self-contained in the sense that matters for a run directory: inline CSS, no
 * script, no external URL. Pictures are referenced by <em>relative</em> paths inside the run
 * directory rather than embedded as data URIs: the HTML stays small and quick to open even with
 * many figures or large GIF animations, the pictures stay ordinary files (one copy on disk), and
 * the directory remains movable as a whole (copy, tar, CI artifact). Every text from the run is
 * HTML-escaped. Written atomically.
 */
public final class RunReport {

    private static final Logger LOG = LoggerFactory.getLogger(RunReport.class);

    /** File name of the report inside the run directory. */
    public static final String REPORT = "report.html";

    /** Size of the curve charts: two fit side by side in a 1200-pixel-wide window. */
    static final int CURVE_WIDTH = 520;
    static final int CURVE_HEIGHT = 340;

    private static final Set<String> PICTURES = Set.of("png", "svg", "gif", "jpg", "jpeg");

    private RunReport() {
    }

    /**
     * Draws the curves into {@code runDir/figures/} and writes {@code runDir/report.html}.
     *
     * @return the path of {@code report.html}
     * @throws IOException when {@code runDir} is not a run directory (no readable metrics.json)
     *                     or a file cannot be written
     */
    public static Path write(Path runDir) throws IOException {
        if (runDir == null || !Files.isDirectory(runDir)) {
            throw new IOException("run directory '" + runDir + "' does not exist or is not a directory");
        }
        Path metricsFile = runDir.resolve(RunRecord.METRICS);
        if (!Files.isRegularFile(metricsFile)) {
            throw new IOException("'" + runDir + "' is not a run directory: expected " + RunRecord.METRICS + " in it");
        }
        JsonNode metrics = Json.read(metricsFile);
        if (!metrics.isObject()) {
            throw new IOException(metricsFile + ": expected a JSON object");
        }
        JsonNode config = readOptional(runDir.resolve(RunRecord.CONFIG));
        JsonNode environment = readOptional(runDir.resolve(RunRecord.ENVIRONMENT));
        String summary = Files.isRegularFile(runDir.resolve(RunRecord.SUMMARY))
                ? Files.readString(runDir.resolve(RunRecord.SUMMARY), StandardCharsets.UTF_8) : null;

        Path figures = runDir.resolve(RunRecord.FIGURES);
        List<Curve> curves = drawCurves(metrics.path("epochs"), figures);
        List<Path> pictures = pictures(figures, curves.stream().map(Curve::file).toList());

        String html = html(runDir, metrics, config, environment, summary, curves, pictures);
        Path report = runDir.resolve(REPORT);
        AtomicFiles.writeString(report, html);
        LOG.info("wrote run report {} ({} curves, {} figures)", report, curves.size(), pictures.size());
        return report;
    }

    // ------------------------------------------------------------------ curves

    /** Words that name the data split a metric was measured on, not the quantity. */
    private static final Set<String> SPLITS = Set.of("train", "training", "test", "testing", "val", "valid",
            "validation", "eval", "evaluation", "dev");

    /** Unit words after "per" and how a chart writes them ("samples_per_s" reads "samples/s"). */
    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("s", "s"), Map.entry("sec", "s"), Map.entry("secs", "s"), Map.entry("second", "s"),
            Map.entry("seconds", "s"), Map.entry("ms", "ms"), Map.entry("min", "min"), Map.entry("minute", "min"),
            Map.entry("minutes", "min"), Map.entry("h", "h"), Map.entry("hour", "h"), Map.entry("hours", "h"));

    /** Abbreviated family names spelt out in titles. */
    private static final Map<String, String> SPELLED = Map.of("lr", "learning rate");

    /**
     * The family of a metric name: "loss" when a word contains "loss", "accuracy" when a word is
     * "acc"/"accuracy" (or "top1acc", "top5accuracy"); otherwise the name's words (split at '_',
     * '.', '/', '-' or spaces) without a leading split word (train, test, val, ...) and without a
     * trailing "per epoch" (every curve is per epoch), joined with '_'. The whole quantity is kept:
     * {@code samples_per_s} is "samples_per_s", not its last word "s".
     */
    static String family(String metric) {
        List<String> words = words(metric);
        for (String w : words) {
            if (w.contains("loss")) {
                return "loss";
            }
        }
        for (String w : words) {
            if (w.equals("acc") || w.equals("accuracy") || w.matches("top\\d+acc(uracy)?")) {
                return "accuracy";
            }
        }
        List<String> q = new ArrayList<>(words);
        if (q.size() >= 3 && q.get(q.size() - 2).equals("per") && q.get(q.size() - 1).startsWith("epoch")) {
            q = q.subList(0, q.size() - 2);
        }
        if (q.size() >= 2 && SPLITS.contains(q.get(0))) {
            q = q.subList(1, q.size());
        }
        String f = String.join("_", q);
        return f.isEmpty() ? "metric" : f;
    }

    /**
     * The chart title of a metric's family, as the metric reads: "samples/s per epoch",
     * "steps/s per epoch", "seconds per epoch", "learning rate per epoch".
     */
    static String title(String metric) {
        return label(family(metric)) + " per epoch";
    }

    /** The y-axis label of a family: its words, "X_per_<unit>" as "X/unit", abbreviations spelt out. */
    static String label(String family) {
        String spelled = SPELLED.get(family);
        if (spelled != null) {
            return spelled;
        }
        List<String> w = words(family);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < w.size(); i++) {
            String word = w.get(i);
            if (word.equals("per") && i > 0 && i == w.size() - 2) {
                String next = w.get(i + 1);
                b.append('/').append(UNITS.getOrDefault(next, next));
                break;
            }
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(word);
        }
        return b.toString();
    }

    /** The file-name part of a family: lower-case letters, digits and '-'. */
    static String slug(String family) {
        String f = family.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return f.isEmpty() ? "metric" : f;
    }

    private static List<String> words(String name) {
        List<String> out = new ArrayList<>();
        for (String w : name.toLowerCase(Locale.ROOT).split("[_./\\s-]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** A drawn curve chart and its title. */
    private record Curve(Path file, String title) {
    }

    private static List<Curve> drawCurves(JsonNode epochs, Path figures) throws IOException {
        List<Curve> out = new ArrayList<>();
        if (!epochs.isArray() || epochs.isEmpty()) {
            return out;
        }
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        for (int e = 0; e < epochs.size(); e++) {
            JsonNode row = epochs.get(e);
            if (!row.isObject()) {
                continue;
            }
            double x = row.path("epoch").isNumber() ? row.get("epoch").asDouble() : e + 1;
            Iterator<Map.Entry<String, JsonNode>> it = row.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("epoch") || !f.getValue().isNumber()) {
                    continue;
                }
                double v = f.getValue().asDouble();
                if (Double.isFinite(v)) {
                    points.computeIfAbsent(f.getKey(), k -> new ArrayList<>()).add(new double[] {x, v});
                }
            }
        }
        Map<String, List<Series>> families = new LinkedHashMap<>();
        for (Map.Entry<String, List<double[]>> m : points.entrySet()) {
            List<double[]> pts = m.getValue();
            double[] xs = new double[pts.size()];
            double[] ys = new double[pts.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = pts.get(i)[0];
                ys[i] = pts.get(i)[1];
            }
            families.computeIfAbsent(family(m.getKey()), k -> new ArrayList<>()).add(new Series(m.getKey(), xs, ys));
        }
        for (Map.Entry<String, List<Series>> f : families.entrySet()) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            int longest = 0;
            for (Series s : f.getValue()) {
                longest = Math.max(longest, s.y().length);
                for (double v : s.y()) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            boolean log = lo > 0 && hi / lo > 100;
            ChartStyle style = ChartStyle.defaults().withSize(CURVE_WIDTH, CURVE_HEIGHT).withLogY(log).withMarkers(longest <= 60);
            Path file = figures.resolve("curves-" + slug(f.getKey()) + ".png");
            String label = label(f.getKey());
            Charts.write(Charts.line(label + " per epoch", "epoch", label, f.getValue(), style), file);
            out.add(new Curve(file, label + " per epoch"));
        }
        return out;
    }

    private static List<Path> pictures(Path figures, List<Path> exclude) throws IOException {
        if (!Files.isDirectory(figures)) {
            return List.of();
        }
        Set<Path> skip = new LinkedHashSet<>();
        for (Path p : exclude) {
            skip.add(p.toAbsolutePath().normalize());
        }
        try (Stream<Path> s = Files.walk(figures, 3)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> PICTURES.contains(extension(p)))
                    .filter(p -> !skip.contains(p.toAbsolutePath().normalize()))
                    .sorted()
                    .toList();
        }
    }

    // ------------------------------------------------------------------ HTML

    private static String html(Path runDir, JsonNode metrics, JsonNode config, JsonNode environment, String summary,
                               List<Curve> curves, List<Path> pictures) {
        String experiment = text(metrics.path("experiment"), runDir.getParent() == null ? "run"
                : String.valueOf(runDir.toAbsolutePath().getParent().getFileName()));
        String runId = String.valueOf(runDir.toAbsolutePath().normalize().getFileName());
        String status = text(metrics.path("status"), "unknown");
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(experiment + " \u2013 " + runId + " (" + status + ")")).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<header>\n<h1>").append(esc(experiment)).append(" <span class=\"run\">").append(esc(runId))
                .append("</span> <span class=\"status ").append(statusClass(status)).append("\">").append(esc(status))
                .append("</span></h1>\n<p class=\"meta\">");
        List<String> meta = new ArrayList<>();
        if (metrics.hasNonNull("started")) {
            meta.add("started " + esc(text(metrics.get("started"), "")));
        }
        if (metrics.hasNonNull("finished")) {
            meta.add("finished " + esc(text(metrics.get("finished"), "")));
        }
        h.append(String.join(" &middot; ", meta)).append("</p>\n<p class=\"files\">files:");
        for (String f : List.of(RunRecord.CONFIG, RunRecord.ENVIRONMENT, RunRecord.METRICS, RunRecord.SUMMARY)) {
            if (Files.isRegularFile(runDir.resolve(f))) {
                h.append(" <a href=\"").append(href(runDir, runDir.resolve(f))).append("\">").append(esc(f)).append("</a>");
            }
        }
        h.append("</p>\n<nav>");
        String[][] sections = {{"summary", "Summary"}, {"final", "Final metrics"}, {"curves", "Curves"},
            {"epochs", "Per-epoch metrics"}, {"config", "Configuration"}, {"environment", "Environment"},
            {"notes", "Notes"}, {"figures", "Figures"}};
        for (String[] s : sections) {
            h.append("<a href=\"#").append(s[0]).append("\">").append(s[1]).append("</a>");
        }
        h.append("</nav>\n</header>\n<main>\n");

        h.append("<section id=\"summary\">\n<h2>Summary</h2>\n");
        if (summary == null || summary.isBlank()) {
            h.append("<p class=\"none\">no summary.txt</p>\n");
        } else {
            h.append("<pre>").append(esc(summary.strip())).append("</pre>\n");
        }
        h.append("</section>\n");

        h.append("<section id=\"final\">\n<h2>Final metrics</h2>\n");
        keyValueTable(h, flatten(metrics.path("final")), "metric");
        h.append("</section>\n");

        h.append("<section id=\"curves\">\n<h2>Curves</h2>\n");
        if (curves.isEmpty()) {
            h.append("<p class=\"none\">no per-epoch metrics</p>\n");
        } else {
            h.append("<div class=\"gallery\">\n");
            for (Curve c : curves) {
                figure(h, runDir, c.file(), c.title());
            }
            h.append("</div>\n");
        }
        h.append("</section>\n");

        h.append("<section id=\"epochs\">\n<h2>Per-epoch metrics</h2>\n");
        epochTable(h, metrics.path("epochs"));
        h.append("</section>\n");

        h.append("<section id=\"config\">\n<h2>Configuration</h2>\n");
        keyValueTable(h, flatten(config), "parameter");
        h.append("</section>\n");

        h.append("<section id=\"environment\">\n<h2>Environment</h2>\n");
        keyValueTable(h, flatten(environment), "property");
        h.append("</section>\n");

        h.append("<section id=\"notes\">\n<h2>Notes</h2>\n");
        keyValueTable(h, flatten(metrics.path("notes")), "note");
        h.append("</section>\n");

        h.append("<section id=\"figures\">\n<h2>Figures</h2>\n");
        if (pictures.isEmpty()) {
            h.append("<p class=\"none\">no figures</p>\n");
        } else {
            h.append("<div class=\"gallery\">\n");
            for (Path p : pictures) {
                figure(h, runDir, p, null);
            }
            h.append("</div>\n");
        }
        h.append("</section>\n</main>\n<footer>written by ml-viz RunReport</footer>\n</body>\n</html>\n");
        return h.toString();
    }

    /** A linked picture captioned with its path; {@code alt} is its description (the path when null). */
    private static void figure(StringBuilder h, Path runDir, Path file, String alt) {
        String rel = runDir.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString()
                .replace('\\', '/');
        String src = href(runDir, file);
        h.append("<figure><a href=\"").append(src).append("\"><img src=\"").append(src).append("\" alt=\"")
                .append(esc(alt == null ? rel : alt)).append("\" loading=\"lazy\"></a><figcaption>").append(esc(rel))
                .append("</figcaption></figure>\n");
    }

    private static void keyValueTable(StringBuilder h, Map<String, String> rows, String keyHeader) {
        if (rows.isEmpty()) {
            h.append("<p class=\"none\">none</p>\n");
            return;
        }
        h.append("<table class=\"kv\">\n<thead><tr><th>").append(esc(keyHeader)).append("</th><th>value</th></tr></thead>\n<tbody>\n");
        for (Map.Entry<String, String> r : rows.entrySet()) {
            h.append("<tr><td>").append(esc(r.getKey())).append("</td><td>").append(esc(r.getValue())).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void epochTable(StringBuilder h, JsonNode epochs) {
        if (!epochs.isArray() || epochs.isEmpty()) {
            h.append("<p class=\"none\">none</p>\n");
            return;
        }
        Set<String> cols = new LinkedHashSet<>();
        cols.add("epoch");
        for (JsonNode e : epochs) {
            e.fieldNames().forEachRemaining(cols::add);
        }
        h.append("<div class=\"scroll\"><table class=\"epochs\">\n<thead><tr>");
        for (String c : cols) {
            h.append("<th>").append(esc(c)).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        int i = 0;
        for (JsonNode e : epochs) {
            i++;
            h.append("<tr>");
            for (String c : cols) {
                JsonNode v = e.get(c);
                String s = v == null ? (c.equals("epoch") ? Integer.toString(i) : "") : value(v);
                h.append("<td>").append(esc(s)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table></div>\n");
    }

    /** Nested objects become dotted keys, arrays of scalars one value, arrays of objects key[i]. */
    static Map<String, String> flatten(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && !node.isMissingNode() && !node.isNull()) {
            flatten("", node, out);
        }
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            if (node.isEmpty() && !prefix.isEmpty()) {
                out.put(prefix, "{}");
            }
            node.fields().forEachRemaining(f -> flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), out));
        } else if (node.isArray()) {
            boolean scalars = true;
            for (JsonNode e : node) {
                scalars &= e.isValueNode();
            }
            if (scalars) {
                List<String> parts = new ArrayList<>();
                node.forEach(e -> parts.add(value(e)));
                out.put(prefix.isEmpty() ? "value" : prefix, "[" + String.join(", ", parts) + "]");
            } else {
                for (int i = 0; i < node.size(); i++) {
                    flatten(prefix + "[" + i + "]", node.get(i), out);
                }
            }
        } else {
            out.put(prefix.isEmpty() ? "value" : prefix, value(node));
        }
    }

    /** A JSON scalar as text: integers plainly, other numbers with 6 significant digits. */
    static String value(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        }
        if (v.isIntegralNumber()) {
            return v.asText();
        }
        if (v.isNumber()) {
            double d = v.asDouble();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            double a = Math.abs(d);
            if (a >= 1e-4 && a < 1e7) {
                String s = String.format(Locale.ROOT, "%.6g", d);
                return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
            }
            return String.format(Locale.ROOT, "%.5e", d);
        }
        if (v.isValueNode()) {
            return v.asText();
        }
        return Json.toString(v).replaceAll("\\s+", " ");
    }

    private static String text(JsonNode n, String fallback) {
        return n == null || n.isMissingNode() || n.isNull() ? fallback : (n.isValueNode() ? n.asText() : value(n));
    }

    private static String statusClass(String status) {
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "finished", "done", "ok", "success", "completed" -> "ok";
            case "failed", "error", "killed" -> "failed";
            default -> "other";
        };
    }

    /** HTML-escapes text for element content and (double-quoted) attribute values (also for other HTML pages, e.g. ml-spark's sweep report). */
    public static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** A relative URL from the run directory (or any directory) to {@code file}, each segment percent-encoded, HTML-escaped. */
    public static String href(Path runDir, Path file) {
        Path rel = runDir.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
        List<String> parts = new ArrayList<>();
        for (Path seg : rel) {
            parts.add(URLEncoder.encode(seg.toString(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return esc(String.join("/", parts));
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1);
    }

    private static JsonNode readOptional(Path file) throws IOException {
        return Files.isRegularFile(file) ? Json.read(file) : null;
    }

    private static final String CSS = """
            body{font-family:-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Helvetica,Arial,sans-serif;margin:0;color:#222;background:#fafafa;line-height:1.4}
            header{background:#fff;border-bottom:1px solid #ddd;padding:16px 28px 8px}
            h1{font-size:1.5em;margin:0 0 6px}
            h1 .run{font-weight:normal;color:#666;font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.8em}
            .status{font-size:.6em;vertical-align:middle;padding:2px 8px;border-radius:10px;color:#fff;background:#888;text-transform:uppercase;letter-spacing:.05em}
            .status.ok{background:#2e7d32}.status.failed{background:#c62828}.status.other{background:#ef6c00}
            .meta,.files{margin:2px 0;color:#555;font-size:.9em}
            nav{margin-top:8px;font-size:.9em}nav a{margin-right:14px}
            a{color:#1565c0;text-decoration:none}a:hover{text-decoration:underline}
            main{padding:4px 28px 24px;max-width:1400px}
            section{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:4px 16px 12px;margin:16px 0}
            h2{font-size:1.15em;border-bottom:1px solid #eee;padding-bottom:4px}
            table{border-collapse:collapse;font-size:.88em}
            th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
            th{background:#f0f0f0}
            table.epochs td{text-align:right;font-variant-numeric:tabular-nums}
            table.kv td:first-child{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;white-space:nowrap}
            table.kv td:last-child{word-break:break-word}
            tbody tr:nth-child(even){background:#fafafa}
            .scroll{overflow-x:auto;max-height:480px;overflow-y:auto}
            pre{background:#f6f6f6;border:1px solid #e6e6e6;padding:8px;overflow-x:auto;font-size:.85em}
            .gallery{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
            figure{margin:0;background:#fff;border:1px solid #e6e6e6;padding:6px;max-width:100%}
            figure img{display:block;max-width:100%;max-height:640px;height:auto;image-rendering:auto}
            figcaption{font-size:.85em;color:#555;margin-top:4px;font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace}
            .none{color:#888;font-style:italic}
            footer{color:#999;font-size:.8em;padding:0 28px 16px}
            """;
}
