package io.github.mlplatform.core.model;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.NoOpMemoryMgr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works around a defect of SameDiff 1.0.0-M2.1 found while building this platform: with the
 * default {@code ArrayCacheMemoryMgr}, FLOAT graphs return wrong gradients from the second
 * execution on (a released array is handed out again while still in use; the same graph in DOUBLE
 * is correct). Two calls of {@code calculateGradients} on the same inputs then disagree and training
 * diverges. Every {@link InferenceSession} is therefore created with the {@link NoOpMemoryMgr},
 * which allocates fresh arrays. {@code ModelAndTrainerTest} and {@code SameDiffWorkaroundsTest}
 * fail if this is removed.
 */
public final class SameDiffWorkarounds {

    private static final Logger LOG = LoggerFactory.getLogger(SameDiffWorkarounds.class);
    private static volatile boolean applied;

    private SameDiffWorkarounds() {
    }

    /** Installs the workaround once per JVM (idempotent). Called by {@link Model}. */
    public static synchronized void apply() {
        if (applied) {
            return;
        }
        io.github.mlplatform.core.util.Nd4jLogging.quietKnownWarnings();
        SameDiff.bindInferenceFactory(sd -> {
            InferenceSession s = new InferenceSession(sd);
            s.setMmgr(new NoOpMemoryMgr());
            return s;
        });
        applied = true;
        LOG.debug("SameDiff sessions use NoOpMemoryMgr (workaround for ArrayCacheMemoryMgr reuse bug in 1.0.0-M2.1)");
    }

    /**
     * Builds {@code sd}'s gradient function if it has none yet. SameDiff 1.0.0-M2.1 prints one
     * "Added differentiated op ..." line per op to {@code System.out} while doing so; those lines
     * go to the trace log instead, everything else printed meanwhile still reaches standard output.
     */
    public static void createGradFunctionQuietly(SameDiff sd) {
        if (sd.getFunction("grad") != null) {
            return;
        }
        withGradientLinesToTrace(sd::createGradFunction);
    }

    /**
     * Runs {@code action} (anything that may build a SameDiff gradient graph, e.g.
     * {@code sd.createGradFunction("input")} or a DL4J {@code SameDiffLayer}'s first backward pass)
     * with SameDiff's "Added differentiated op ..." lines on {@code System.out} sent to the trace
     * log; every other line printed meanwhile still reaches standard output.
     */
    public static void withGradientLinesToTrace(Runnable action) {
        synchronized (System.class) {
            java.io.PrintStream original = System.out;
            java.io.PrintStream filter = new java.io.PrintStream(new java.io.OutputStream() {
                private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

                @Override
                public void write(int b) {
                    if (b == '\n') {
                        String s = line.toString(java.nio.charset.StandardCharsets.UTF_8);
                        line.reset();
                        if (s.startsWith("Added differentiated op")) {
                            LOG.trace(s);
                        } else {
                            original.println(s);
                        }
                    } else {
                        line.write(b);
                    }
                }

                @Override
                public void flush() {
                    if (line.size() > 0) {
                        original.print(line.toString(java.nio.charset.StandardCharsets.UTF_8));
                        line.reset();
                    }
                    original.flush();
                }
            }, true, java.nio.charset.StandardCharsets.UTF_8);
            System.setOut(filter);
            try {
                action.run();
            } finally {
                filter.flush();
                System.setOut(original);
            }
        }
    }
}
