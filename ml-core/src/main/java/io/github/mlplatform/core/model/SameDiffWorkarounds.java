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

    /**
     * {@code sd.dup()} with the op settings the copy loses put back (see {@link #repairCopiedOps}).
     * Use it for every copy of a graph that may be differentiated (the trainer's data-parallel
     * replicas).
     */
    public static SameDiff dup(SameDiff sd) {
        SameDiff copy = sd.dup();
        repairCopiedOps(copy);
        return copy;
    }

    /**
     * Puts back the op settings that SameDiff 1.0.0-M2.1 drops when it copies a graph
     * ({@code SameDiff.dup()}) or reads a saved one ({@code SameDiff.load}): a
     * {@code CompareAndSet} ({@code replaceWhere}, which ml-core's log-sigmoid and softplus use)
     * comes back with its condition mode {@code null}, and the copy can then not be differentiated
     * ({@code createGradFunction} fails with "NullPointerException: ... "mode2" is null"), so a
     * model with those activations could neither train with two workers nor train again after
     * loading. The mode is restored from the op's condition, or else from its last extra argument
     * (the mode's number, which the native kernel reads). Returns how many ops were repaired.
     */
    public static int repairCopiedOps(SameDiff sd) {
        int repaired = 0;
        for (org.nd4j.autodiff.functions.DifferentialFunction f : sd.ops()) {
            if (f instanceof org.nd4j.linalg.api.ops.impl.transforms.comparison.CompareAndSet cas && repairMode(cas)) {
                repaired++;
            }
        }
        return repaired;
    }

    private static boolean repairMode(org.nd4j.linalg.api.ops.impl.transforms.comparison.CompareAndSet cas) {
        try {
            java.lang.reflect.Field mode = cas.getClass().getDeclaredField("mode");
            mode.setAccessible(true);
            if (mode.get(cas) != null) {
                return false;
            }
            java.lang.reflect.Field condition = cas.getClass().getDeclaredField("condition");
            condition.setAccessible(true);
            Object c = condition.get(cas);
            org.nd4j.linalg.indexing.conditions.Conditions.ConditionMode m = null;
            if (c instanceof org.nd4j.linalg.indexing.conditions.Condition cond) {
                m = cond.conditionType();
            }
            Object[] extra = cas.getExtraArgs();
            if (m == null && extra != null && extra.length >= 4 && extra[3] instanceof Number n) {
                m = org.nd4j.linalg.indexing.conditions.Conditions.ConditionMode.fromNumber(n.intValue());
            }
            if (m == null) {
                throw new IllegalStateException("CompareAndSet op '" + cas.getOwnName() + "' lost its condition mode and has no condition "
                        + "or mode argument to restore it from");
            }
            mode.set(cas, m);
            return true;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot repair CompareAndSet op '" + cas.getOwnName() + "' (SameDiff changed?): " + e, e);
        }
    }
}
