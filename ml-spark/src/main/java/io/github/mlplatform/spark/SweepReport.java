package io.github.mlplatform.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mlplatform.core.io.AtomicFiles;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.viz.chart.ChartStyle;
import io.github.mlplatform.viz.chart.Charts;
import io.github.mlplatform.viz.chart.Series;
import io.github.mlplatform.viz.report.RunReport;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The driver's summary of a sweep, in the sweep directory: {@code sweep.csv} (one row per
 * configuration: id, status, swept parameters, every final metric, seconds, run directory, error),
 * {@code sweep.json} (the same with the sweep's definition) and {@code report.html} (configurations
 * ranked by the metric, a chart of the metric against each swept parameter in {@code figures/},
 * links to every run's own report). All written atomically.
 */
public final class SweepReport {

    public static final String CSV = "sweep.csv";
    public static final String JSON = "sweep.json";
    public static final String HTML = "report.html";
    public static final String FIGURES = "figures";

    private SweepReport() {
    }

    /**
     * The metric to rank by: the one asked for, else the first numeric final metric of the first
     * finished configuration; null when no configuration finished. An asked metric that no
     * finished configuration reported is an {@link IllegalArgumentException} naming the ones there are.
     */
    public static String metric(String asked, List<TaskResult> results) {
        Set<String> numeric = new LinkedHashSet<>();
        for (TaskResult r : results) {
            if (r.finished()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = r.finals().fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (e.getValue().isNumber()) {
                        numeric.add(e.getKey());
                    }
                }
            }
        }
        if (asked != null) {
            if (!numeric.isEmpty() && !numeric.contains(asked)) {
                throw new IllegalArgumentException("--metric " + asked + ": no finished configuration reported it; numeric final metrics: "
                        + String.join(", ", numeric));
            }
            return asked;
        }
        return numeric.isEmpty() ? null : numeric.iterator().next();
    }

    /** Results ranked: finished ones by the metric (best first, missing values last), then failed ones. */
    public static List<TaskResult> ranked(List<TaskResult> results, String metric, SweepSpec.Goal goal) {
        Comparator<TaskResult> byMetric = Comparator.comparingDouble(r -> {
            double v = metric == null ? Double.NaN : r.metric(metric);
            return Double.isNaN(v) ? Double.POSITIVE_INFINITY : goal == SweepSpec.Goal.MAX ? -v : v;
        });
        List<TaskResult> out = new ArrayList<>(results);
        out.sort(Comparator.comparing((TaskResult r) -> !r.finished()).thenComparing(byMetric));
        return out;
    }

    /**
     * Writes {@code sweep.csv}, {@code sweep.json}, the charts and {@code report.html} into the
     * plan's directory.
     *
     * @param command the command line, for the report
     * @param master  the Spark master the sweep ran on
     * @return the report's path
     */
    public static Path write(SweepPlan plan, Sweep.Outcome outcome, String metric, SweepSpec.Goal goal, String command, String master)
            throws IOException {
        Path dir = plan.outDir();
        List<TaskResult> results = outcome.results();
        List<String> params = new ArrayList<>(plan.tasks().isEmpty() ? List.of() : plan.tasks().get(0).params().keySet());
        Set<String> finals = new LinkedHashSet<>();
        for (TaskResult r : results) {
            r.finals().fields().forEachRemaining(e -> {
                if (e.getValue().isValueNode()) {
                    finals.add(e.getKey()); // lists and tables stay in sweep.json and the run's metrics.json
                }
            });
        }
        List<TaskResult> ranked = ranked(results, metric, goal);

        // sweep.csv
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("rank", "id", "status"));
        header.addAll(params);
        header.addAll(finals);
        header.addAll(List.of("seconds", "reused", "run_dir", "error"));
        csv.append(csvRow(header));
        int rank = 0;
        for (TaskResult r : ranked) {
            List<String> row = new ArrayList<>();
            row.add(r.finished() ? Integer.toString(++rank) : "");
            row.add(r.id());
            row.add(r.status());
            for (String p : params) {
                row.add(r.params().getOrDefault(p, ""));
            }
            JsonNode f = r.finals();
            for (String k : finals) {
                JsonNode v = f.get(k);
                row.add(v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString());
            }
            row.add(String.format(Locale.ROOT, "%.3f", r.seconds()));
            row.add(Boolean.toString(r.reused()));
            row.add(r.runDir() == null ? "" : dir.relativize(Path.of(r.runDir())).toString());
            row.add(r.error() == null ? "" : r.error());
            csv.append(csvRow(row));
        }
        AtomicFiles.writeString(dir.resolve(CSV), csv.toString());

        // sweep.json
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("experiment", plan.spec().experiment());
        json.put("command", command);
        json.put("master", master);
        json.put("written", LocalDateTime.now(ZoneOffset.UTC) + "Z");
        json.set("grid", Json.mapper().valueToTree(plan.spec().grid()));
        json.set("fixed", Json.mapper().valueToTree(plan.spec().fixed()));
        json.put("seeds", plan.spec().seeds());
        json.put("metric", metric);
        json.put("goal", goal.name().toLowerCase(Locale.ROOT));
        json.put("wall_seconds", outcome.wallSeconds());
        json.put("ran", outcome.ran());
        ArrayNode configs = json.putArray("configurations");
        rank = 0;
        for (TaskResult r : ranked) {
            ObjectNode c = configs.addObject();
            if (r.finished()) {
                c.put("rank", ++rank);
            }
            c.put("id", r.id());
            c.put("status", r.status());
            c.set("params", Json.mapper().valueToTree(r.params()));
            c.set("final", r.finals());
            c.put("seconds", r.seconds());
            c.put("reused", r.reused());
            c.put("worker", r.worker());
            c.put("run_dir", r.runDir() == null ? null : dir.relativize(Path.of(r.runDir())).toString());
            c.put("error", r.error());
        }
        Json.write(dir.resolve(JSON), json);

        List<Path> charts = metric == null ? List.of() : charts(dir, params, results, metric);
        Path html = dir.resolve(HTML);
        AtomicFiles.writeString(html, html(plan, outcome, ranked, params, metric, goal, command, master, charts));
        return html;
    }

    /** One chart per swept parameter: the metric of every finished run, and its mean per value. */
    static List<Path> charts(Path dir, List<String> params, List<TaskResult> results, String metric) throws IOException {
        List<Path> out = new ArrayList<>();
        Files.createDirectories(dir.resolve(FIGURES));
        for (String p : params) {
            List<String> values = new ArrayList<>();
            for (TaskResult r : results) {
                String v = r.params().get(p);
                if (v != null && !values.contains(v)) {
                    values.add(v);
                }
            }
            boolean numeric = values.stream().allMatch(SweepReport::isNumber);
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            TreeMap<Double, double[]> sums = new TreeMap<>();
            for (TaskResult r : results) {
                double y = r.metric(metric);
                String v = r.params().get(p);
                if (!r.finished() || v == null || !Double.isFinite(y)) {
                    continue;
                }
                double x = numeric ? Double.parseDouble(v) : values.indexOf(v);
                xs.add(x);
                ys.add(y);
                sums.computeIfAbsent(x, k -> new double[2]);
                sums.get(x)[0] += y;
                sums.get(x)[1] += 1;
            }
            if (xs.isEmpty()) {
                continue;
            }
            double[] mx = sums.keySet().stream().mapToDouble(Double::doubleValue).toArray();
            double[] my = sums.values().stream().mapToDouble(s -> s[0] / s[1]).toArray();
            XYChart chart = Charts.line(metric + " against " + p, p, metric, List.of(new Series("mean", mx, my)),
                    ChartStyle.defaults().withSize(560, 380).withMarkers(true).withLegend(true));
            XYSeries each = chart.addSeries("each run", xs.stream().mapToDouble(Double::doubleValue).toArray(),
                    ys.stream().mapToDouble(Double::doubleValue).toArray());
            each.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            each.setMarker(SeriesMarkers.DIAMOND);
            each.setMarkerColor(Charts.color(1));
            // XChart's own tick labels print every digit when the points are few
            chart.getStyler().setYAxisDecimalPattern(tickPattern(ys.stream().mapToDouble(d -> Math.abs(d)).max().orElse(1)));
            if (!numeric) {
                chart.getStyler().setXAxisTickMarkSpacingHint(20); // a tick at every category (the formatter blanks the others)
                chart.getStyler().setXAxisLabelRotation(25);
                chart.setCustomXAxisTickLabelsFormatter(d -> {
                    int i = (int) Math.round(d);
                    return Math.abs(d - i) < 1e-9 && i >= 0 && i < values.size() ? values.get(i) : "";
                });
            }
            out.add(Charts.write(chart, dir.resolve(FIGURES).resolve("metric-vs-" + p.replaceAll("[^A-Za-z0-9._-]", "_") + ".png")));
        }
        return out;
    }

    private static String html(SweepPlan plan, Sweep.Outcome outcome, List<TaskResult> ranked, List<String> params, String metric,
                               SweepSpec.Goal goal, String command, String master, List<Path> charts) {
        Path dir = plan.outDir();
        long finished = ranked.stream().filter(TaskResult::finished).count();
        long reused = ranked.stream().filter(TaskResult::reused).count();
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>sweep of ").append(esc(plan.spec().experiment()))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td.t{text-align:left}"
                        + "tr.failed td{color:#b00}img{margin:6px}</style></head><body>\n");
        b.append("<h1>Sweep of ").append(esc(plan.spec().experiment())).append("</h1>\n<p><code>").append(esc(command))
                .append("</code></p>\n<p>").append(ranked.size()).append(" configurations: ").append(finished).append(" finished, ")
                .append(ranked.size() - finished).append(" failed; ").append(reused).append(" taken from an earlier run of this sweep. ")
                .append(String.format(Locale.ROOT, "%d ran now in %.1f s wall time on <code>%s</code>.", outcome.ran(), outcome.wallSeconds(),
                        esc(master))).append("</p>\n");
        b.append("<p>Ranked by <b>").append(esc(metric == null ? "(no finished configuration)" : metric)).append("</b>, ")
                .append(goal == SweepSpec.Goal.MAX ? "largest" : "smallest").append(" first. Files: <a href=\"").append(CSV)
                .append("\">").append(CSV).append("</a>, <a href=\"").append(JSON).append("\">").append(JSON).append("</a>.</p>\n");
        for (Path c : charts) {
            b.append("<img src=\"").append(RunReport.href(dir, c)).append("\" alt=\"").append(esc(c.getFileName().toString())).append("\">");
        }
        b.append("\n<table>\n<tr><th>rank</th>");
        for (String p : params) {
            b.append("<th>").append(esc(p)).append("</th>");
        }
        b.append("<th>").append(esc(metric == null ? "metric" : metric)).append("</th><th>status</th><th>seconds</th><th>run</th></tr>\n");
        int rank = 0;
        for (TaskResult r : ranked) {
            b.append(r.finished() ? "<tr>" : "<tr class=\"failed\">");
            b.append("<td>").append(r.finished() ? Integer.toString(++rank) : "").append("</td>");
            for (String p : params) {
                b.append("<td>").append(esc(r.params().getOrDefault(p, ""))).append("</td>");
            }
            double m = metric == null ? Double.NaN : r.metric(metric);
            b.append("<td>").append(Double.isNaN(m) ? "" : String.format(Locale.ROOT, "%.6g", m)).append("</td>");
            b.append("<td class=\"t\">").append(esc(r.status() + (r.reused() ? " (earlier)" : "")))
                    .append(r.error() == null ? "" : ": " + esc(r.error())).append("</td>");
            b.append("<td>").append(String.format(Locale.ROOT, "%.1f", r.seconds())).append("</td><td class=\"t\">");
            if (r.runDir() != null) {
                Path run = Path.of(r.runDir());
                b.append("<a href=\"").append(RunReport.href(dir, run.resolve(RunReport.REPORT))).append("\">")
                        .append(esc(dir.relativize(run).toString())).append("</a>");
            }
            b.append("</td></tr>\n");
        }
        b.append("</table>\n</body></html>\n");
        return b.toString();
    }

    /** A tick label pattern for values up to {@code max} in size: about four significant digits. */
    static String tickPattern(double max) {
        if (max >= 1000) {
            return "#,##0";
        }
        if (max >= 1) {
            return "0.###";
        }
        return max >= 1e-3 ? "0.#####" : "0.##E0";
    }

    private static boolean isNumber(String s) {
        try {
            return Double.isFinite(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String esc(String s) {
        return RunReport.esc(s);
    }

    /** One CSV line (RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled). */
    static String csvRow(List<String> fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            String f = fields.get(i);
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                b.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                b.append(f);
            }
        }
        return b.append('\n').toString();
    }
}
