package io.github.mlplatform.core.progress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long loop. On an interactive terminal it redraws a one-line bar on stderr
 * (like tqdm); otherwise (CI, redirected output) it writes a log line every
 * {@code logIntervalMillis} (10 s by default) and one at the end.
 *
 * <pre>{@code
 * try (Progress p = Progress.start("epoch 1", 60000)) {
 *     for (...) { ...; p.step(64, "loss=0.12"); }
 * }
 * }</pre>
 */
public final class Progress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
    private static final int BAR_WIDTH = 30;

    private final String label;
    private final long total;
    private final boolean terminal;
    private final long logIntervalMillis;
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private long done;
    private long lastDrawMillis;
    private String status = "";
    private java.util.function.Supplier<String> pendingStatus;
    private boolean closed;

    private Progress(String label, long total, boolean terminal, long logIntervalMillis, PrintStream out) {
        this.label = label;
        this.total = total;
        this.terminal = terminal;
        this.logIntervalMillis = logIntervalMillis;
        this.out = out;
        this.lastDrawMillis = System.currentTimeMillis();
    }

    /** Starts progress over {@code total} units (use 0 when the total is unknown). */
    public static Progress start(String label, long total) {
        return new Progress(label, total, isTerminal(), 10_000, System.err);
    }

    /** For tests and callers that decide the mode themselves. */
    public static Progress start(String label, long total, boolean terminal, long logIntervalMillis, PrintStream out) {
        return new Progress(label, total, terminal, logIntervalMillis, out);
    }

    /** True when stderr/stdout is an interactive terminal (and not disabled by ML_NO_PROGRESS_BAR). */
    public static boolean isTerminal() {
        return System.console() != null && System.getenv("ML_NO_PROGRESS_BAR") == null
                && !"true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Advances by {@code n} units. */
    public void step(long n) {
        step(n, (String) null);
    }

    /** Advances by {@code n} units and sets a short status text (e.g. the current loss). */
    public void step(long n, String newStatus) {
        done += n;
        if (newStatus != null) {
            status = newStatus;
            pendingStatus = null;
        }
        long now = System.currentTimeMillis();
        long interval = terminal ? 200 : logIntervalMillis;
        if (now - lastDrawMillis >= interval) {
            lastDrawMillis = now;
            report(false);
        }
    }

    /**
     * As {@link #step(long, String)}, but the status text is made only when it is shown (every
     * 200 ms on a terminal, every log interval otherwise, and at the end): a training loop that
     * steps every few hundred microseconds does not format a string per step.
     */
    public void step(long n, java.util.function.Supplier<String> newStatus) {
        pendingStatus = newStatus;
        step(n, (String) null);
    }

    /** Units done so far. */
    public long done() {
        return done;
    }

    /** Units per second since the start. */
    public double rate() {
        double s = (System.nanoTime() - startNanos) / 1e9;
        return s <= 0 ? 0 : done / s;
    }

    private void report(boolean last) {
        if (pendingStatus != null) {
            status = pendingStatus.get();
        }
        double secs = (System.nanoTime() - startNanos) / 1e9;
        String rate = String.format(Locale.ROOT, "%.1f/s", rate());
        String pct = total > 0 ? String.format(Locale.ROOT, "%3.0f%%", 100.0 * done / total) : "";
        String counts = total > 0 ? done + "/" + total : Long.toString(done);
        String eta = "";
        if (total > 0 && done > 0 && !last) {
            double remaining = secs * (total - done) / done;
            eta = " eta " + formatSeconds(remaining);
        }
        String tail = counts + " [" + formatSeconds(secs) + eta + ", " + rate + "]" + (status.isEmpty() ? "" : " " + status);
        if (terminal) {
            StringBuilder bar = new StringBuilder();
            if (total > 0) {
                int filled = (int) Math.min(BAR_WIDTH, BAR_WIDTH * done / total);
                bar.append('|').append("█".repeat(filled)).append(" ".repeat(BAR_WIDTH - filled)).append("| ");
            }
            out.print("\r" + label + ": " + pct + bar + tail + "\u001b[K");
            if (last) {
                out.println();
            }
            out.flush();
        } else {
            LOG.info("{}: {} {}", label, pct, tail);
        }
    }

    static String formatSeconds(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60)
                : String.format(Locale.ROOT, "%02d:%02d", t / 60, t % 60);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            report(true);
        }
    }
}
