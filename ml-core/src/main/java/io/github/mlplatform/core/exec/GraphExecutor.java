package io.github.mlplatform.core.exec;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.RandomOp;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs a SameDiff graph as a fixed list of ops over preallocated arrays.
 *
 * <p>SameDiff's {@code InferenceSession} re-plans every execution: it tracks dependencies in hash
 * maps, computes every output shape natively and allocates every array again. For the small
 * convolutional graphs of this platform that bookkeeping cost about a fifth of a training step
 * (measured on LeNet, see {@code docs/results.md}). A {@code GraphExecutor} lets SameDiff execute
 * the graph once per distinct placeholder shape while it records, for every op, its arguments and
 * the arrays it read and wrote; later calls with the same shapes copy the placeholders into the
 * recorded input arrays and execute the recorded ops again, in the same order, into the same
 * output arrays. Parameters are read in place, so updates made to them between calls (by an
 * optimizer, {@code assign}, a training flag) are seen.
 *
 * <p>While replaying, it also picks a faster kernel where one was measured to be faster for the
 * same result: the legacy float {@code tanh} transform runs as libnd4j's {@code tanh} custom op
 * (which has a vectorised oneDNN implementation), and average pooling in NCHW runs without the
 * oneDNN helper (whose NCHW path reorders its input and was several times slower), and a
 * {@code conv2d_bp} whose input gradient nobody reads (a network's first convolution) computes only
 * the weight gradient, as one forward convolution (about 3.5 times faster on LeNet's first layer);
 * likewise a {@code matmul_bp} whose input gradient nobody reads computes only {@code xᵀ·dZ}; and
 * ReLU's gradient ({@code thresholdedrelu_bp}) runs as libnd4j's {@code relu_bp}, the same rule
 * 6-7 times faster.
 *
 * <p>Variables and constants are read in place wherever they live: in the graph itself (parameters)
 * or in SameDiff's gradient function, which holds the loss's initial gradient {@code one-var}
 * (read by {@code reduce_mean_bp} of every mean-reduced loss built from ordinary ops, and cast
 * first in double graphs). A graph it cannot replay safely (control flow, ops whose inputs were
 * made outside the recorded ops and are no variable, a session that copied a placeholder) is
 * executed by SameDiff as before; the reason is logged once. So is every call while SameDiff
 * listeners are attached to the graph (they expect to see each op). Replaying can be switched off
 * with {@code -Dml.exec.static=false}. {@link #lastExecution()} tells which path the last call
 * took and why, {@link #executions(Path)} how often each was taken.
 *
 * <p>Arrays returned by {@link #run} belong to the executor and are overwritten by the next call
 * with the same shapes: copy what must outlive it. An executor is not thread-safe; use one per
 * thread (e.g. per data-parallel replica).
 */
public final class GraphExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(GraphExecutor.class);
    /** Plans kept per executor (one per distinct set of placeholder shapes, e.g. full and last batch). */
    private static final int MAX_PLANS = 4;
    private static final Set<String> CONTROL_FLOW = Set.of("enter", "exit", "merge", "switch", "next_iteration", "loop_cond",
            "invoke", "while", "if", "tensorarrayv3", "tensorarraywritev3", "tensorarrayreadv3", "tensorarraysizev3",
            "tensorarrayscatterv3", "tensorarraygatherv3", "tensorarrayconcatv3", "tensorarraysplitv3", "tensorarrayclosev3");

    private final SameDiff sd;
    private final boolean enabled;
    private final Map<Key, Plan> plans = new LinkedHashMap<>(8, 0.75f, true);
    private Plan lastPlan;
    private String disabledReason;
    private Profile profile;
    private Execution last;
    private final long[] counts = new long[Path.values().length];

    /** An executor for {@code sd}; replaying is on unless the system property {@code ml.exec.static} is {@code false}. */
    public GraphExecutor(SameDiff sd) {
        this(sd, !"false".equalsIgnoreCase(System.getProperty("ml.exec.static", "true")));
    }

    /** An executor for {@code sd}; with {@code replay} false every call simply runs SameDiff's session. */
    public GraphExecutor(SameDiff sd, boolean replay) {
        this.sd = Objects.requireNonNull(sd, "sd");
        this.enabled = replay;
    }

    /** The outputs and the gradients of one execution, keyed by variable name. */
    public record Result(Map<String, INDArray> outputs, Map<String, INDArray> gradients) {
    }

    /** How a call was executed. */
    public enum Path {
        /** A recorded plan was replayed: the fast path. */
        REPLAYED,
        /** SameDiff's session ran while its ops were recorded (the first call for a set of placeholder shapes). */
        RECORDED,
        /** SameDiff's session ran and nothing was recorded: replaying is off, listeners are attached, or the graph cannot be replayed. */
        SESSION
    }

    /**
     * The path of one call and why it was taken, e.g. {@code SESSION: not replayable: control-flow
     * op 'enter'}; {@link #toString()} gives that one line for logs and benchmark output.
     */
    public record Execution(Path path, String reason) {
        @Override
        public String toString() {
            return path + ": " + reason;
        }
    }

    /**
     * Executes the graph for {@code placeholders}: the variables {@code outputs} and, if
     * {@code gradientsOf} is not empty, the gradients of the graph's loss with respect to those
     * variables. Returned arrays are reused by the next call with the same shapes.
     */
    public Result run(Map<String, INDArray> placeholders, List<String> outputs, List<String> gradientsOf) {
        Objects.requireNonNull(placeholders, "placeholders");
        if (!enabled) {
            return session(placeholders, outputs, gradientsOf, "replaying disabled (-Dml.exec.static=false or the constructor)");
        }
        if (disabledReason != null) {
            return session(placeholders, outputs, gradientsOf, "not replayable: " + disabledReason);
        }
        if (!(sd.getListeners() == null || sd.getListeners().isEmpty())) {
            // listeners expect to see every op: let the session run
            return session(placeholders, outputs, gradientsOf, "SameDiff listeners are attached (" + sd.getListeners().size() + ")");
        }
        // the plan of the previous call, recognised without building a key (a training loop's usual case)
        Plan plan = lastPlan != null && lastPlan.serves(placeholders, outputs, gradientsOf) ? lastPlan : null;
        Key key = plan == null ? Key.of(sd, placeholders, outputs, gradientsOf) : null;
        if (plan == null) {
            plan = plans.get(key);
        }
        String why = "first call with these placeholder shapes";
        if (plan != null && !plan.isCurrent(sd)) {
            plans.values().remove(plan);
            plan = null;
            why = "the graph or a variable's array changed since recording";
            key = key != null ? key : Key.of(sd, placeholders, outputs, gradientsOf);
        }
        if (plan == null) {
            Recording rec;
            try {
                rec = record(placeholders, outputs, gradientsOf);
            } catch (Unsupported u) {
                disabledReason = u.getMessage();
                LOG.info("graph is executed by SameDiff's session, not replayed: {}", disabledReason);
                return session(placeholders, outputs, gradientsOf, "not replayable: " + disabledReason);
            }
            plans.put(key, rec.plan);
            while (plans.size() > MAX_PLANS) {
                Key eldest = plans.keySet().iterator().next();
                plans.remove(eldest);
            }
            lastPlan = null; // recorded, not yet replayed: the next call looks it up by key
            note(Path.RECORDED, why + "; recorded " + rec.plan.steps.length + " ops");
            return rec.result;
        }
        lastPlan = plan;
        Result r = plan.replay(placeholders, profile);
        note(Path.REPLAYED, "replayed " + plan.steps.length + " recorded ops");
        return r;
    }

    private Result session(Map<String, INDArray> placeholders, List<String> outputs, List<String> gradientsOf, String reason) {
        Result r = viaSession(sd, placeholders, outputs, gradientsOf);
        note(Path.SESSION, reason);
        return r;
    }

    private void note(Path path, String reason) {
        counts[path.ordinal()]++;
        if (last == null || last.path() != path || !last.reason().equals(reason)) {
            last = new Execution(path, reason);
        }
    }

    /**
     * How the last call to {@link #run} was executed and why, or null before the first call. A
     * training loop can log it after its first steps (a graph that is not replayed says why, e.g.
     * {@code SESSION: not replayable: control-flow op 'enter'}), a benchmark print it.
     */
    public Execution lastExecution() {
        return last;
    }

    /** How many calls took {@code path} since this executor was made. */
    public long executions(Path path) {
        return counts[path.ordinal()];
    }

    /** Why replaying is off for this graph ({@code null} while it is on). */
    public String disabledReason() {
        return enabled ? disabledReason : "disabled by -Dml.exec.static=false or the constructor";
    }

    /** Drops the recorded plans (e.g. after the graph was changed); the next call records again. */
    public void invalidate() {
        plans.clear();
        lastPlan = null;
        disabledReason = null;
    }

    /**
     * Starts collecting the time of every replayed op (adds a {@code System.nanoTime} pair per op);
     * {@link #stopProfile()} returns what was collected.
     */
    public void startProfile() {
        profile = new Profile();
    }

    /** The per-op times since {@link #startProfile()}, and stops collecting. */
    public Profile stopProfile() {
        Profile p = profile;
        profile = null;
        return p == null ? new Profile() : p;
    }

    /** Time spent per op while replaying, keyed by op name and kernel. */
    public static final class Profile {
        private final Map<String, long[]> nanosAndCounts = new LinkedHashMap<>();
        private long replays;
        private long totalNanos;

        void add(String key, long nanos) {
            long[] v = nanosAndCounts.computeIfAbsent(key, k -> new long[2]);
            v[0] += nanos;
            v[1]++;
        }

        /** Per op name, kernel (in brackets) and shape of its first input: {total nanoseconds, executions}. */
        public Map<String, long[]> entries() {
            return nanosAndCounts;
        }

        /** Replays profiled. */
        public long replays() {
            return replays;
        }

        /** Wall time of the profiled replays, including the per-call checks and placeholder copies. */
        public long totalNanos() {
            return totalNanos;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Recording

    private static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message);
        }
    }

    private record Recorded(SameDiff executing, SameDiffOp op, List<INDArray> inputs, long[] iArgs, double[] tArgs,
                            boolean[] bArgs, DataType[] dArgs, INDArray[] outputs) {
    }

    private record Recording(Plan plan, Result result) {
    }

    private static final class Recorder extends BaseListener {
        final List<Recorded> ops = new ArrayList<>();
        private Recorded pending;

        @Override
        public boolean isActive(Operation operation) {
            return true;
        }

        @Override
        public void preOpExecution(SameDiff s, At at, SameDiffOp op, OpContext ctx) {
            pending = capture(s, op, ctx);
        }

        /** The op's context before it runs (its outputs are added when it has run). */
        private static Recorded capture(SameDiff s, SameDiffOp op, OpContext ctx) {
            return new Recorded(s, op, new ArrayList<>(ctx.getInputArrays()), longs(ctx.getIArguments()), doubles(ctx.getTArguments()),
                    booleans(ctx.getBArguments()), ctx.getDArguments().toArray(new DataType[0]), null);
        }

        @Override
        public void opExecution(SameDiff s, At at, MultiDataSet batch, SameDiffOp op, OpContext ctx, INDArray[] outputs) {
            Recorded p = pending;
            if (p == null || p.op() != op) {
                p = capture(s, op, ctx);
            }
            ops.add(new Recorded(p.executing(), op, p.inputs(), p.iArgs(), p.tArgs(), p.bArgs(), p.dArgs(), outputs.clone()));
            pending = null;
        }
    }

    private Recording record(Map<String, INDArray> placeholders, List<String> outputs, List<String> gradientsOf) throws Unsupported {
        // Own copies of the placeholders: they become the plan's input buffers.
        Map<String, INDArray> own = new LinkedHashMap<>();
        for (var e : placeholders.entrySet()) {
            own.put(e.getKey(), e.getValue().dup('c'));
        }
        if (!gradientsOf.isEmpty()) {
            io.github.mlplatform.core.model.SameDiffWorkarounds.createGradFunctionQuietly(sd);
        }
        Recorder rec = new Recorder();
        List<Listener> previous = new ArrayList<>(sd.getListeners() == null ? List.of() : sd.getListeners());
        List<Listener> with = new ArrayList<>(previous);
        with.add(rec);
        sd.setListeners(with.toArray(new Listener[0]));
        Result first;
        try {
            first = viaSession(sd, own, outputs, gradientsOf);
        } finally {
            sd.setListeners(previous.toArray(new Listener[0]));
        }
        Plan plan = Plan.build(sd, own, rec.ops, first, outputs, gradientsOf);
        return new Recording(plan, first);
    }

    private static Result viaSession(SameDiff sd, Map<String, INDArray> placeholders, List<String> outputs, List<String> gradientsOf) {
        if (gradientsOf.isEmpty()) {
            return new Result(sd.output(placeholders, outputs.toArray(new String[0])), Map.of());
        }
        var r = sd.calculateGradientsAndOutputs(placeholders, outputs, gradientsOf);
        return new Result(r.getOutputs(), r.getGradients());
    }

    // ------------------------------------------------------------------------------------------
    // Replaying

    private static final class Step {
        final String name;
        final Op legacy;            // executed with the context if non-null
        final CustomOp custom;      // executed with the context if non-null
        final OpContext ctx;
        final boolean random;       // draws from the RNG: gets fresh states from ND4J's generator before each execution
        final Runnable special;     // a kernel of several ops, run instead of the recorded op if non-null

        Step(String name, Op legacy, CustomOp custom, OpContext ctx, boolean random) {
            this(name, legacy, custom, ctx, random, null);
        }

        Step(String name, Op legacy, CustomOp custom, OpContext ctx, boolean random, Runnable special) {
            this.name = name;
            this.legacy = legacy;
            this.custom = custom;
            this.ctx = ctx;
            this.random = random;
            this.special = special;
        }
    }

    /**
     * {@code conv2d_bp} when nothing reads its input gradient (the first convolution of a network,
     * whose input is data): the weight gradient alone, computed as one forward convolution with
     * the roles of batch and channels swapped, {@code dW[kh,kw,i,o] = Σ_n,y,x x[n,i,y+kh,x+kw]·dY[n,o,y,x]},
     * i.e. the input {@code [C_in, N, H, W]} convolved with {@code dY} as an {@code [C_out, N, H_out, W_out]}
     * kernel. Measured on LeNet's first layer (batch 64, 1→6 channels, 5×5): 2.6 ms against 9.1 ms for
     * {@code conv2d_bp}, which also computes the unused input gradient ({@code bench/kernels/LenetKernels.java}).
     * In NHWC the same, with {@code x} and {@code dY} taken to {@code [C, N, H, W]} by {@code permute(3, 0, 1, 2)}.
     * Only for YXIO weights, stride 1, dilation 1 and explicit padding.
     */
    private static Step weightsOnlyConv2dBp(Recorded r, String shape) {
        List<INDArray> in = r.inputs();
        INDArray[] out = r.outputs();
        boolean bias = in.size() == 4;
        INDArray x = in.get(0);
        INDArray dY = in.get(bias ? 3 : 2);
        INDArray dW = out[1];
        INDArray dB = bias ? out[2] : null;
        boolean nhwc = r.iArgs()[9] == 1;
        if (nhwc) {
            Step im2col = weightsOnlyConv2dBpNhwc(r, shape);
            if (im2col != null) {
                return im2col;
            }
        }
        int[] toCnhw = nhwc ? new int[]{3, 0, 1, 2} : new int[]{1, 0, 2, 3};
        int[] spatial = nhwc ? new int[]{0, 1, 2} : new int[]{0, 2, 3};
        INDArray xView = x.permute(toCnhw);   // [C_in, N, H, W]
        INDArray dYView = dY.permute(toCnhw); // [C_out, N, H_out, W_out]
        long kH = r.iArgs()[0];
        long kW = r.iArgs()[1];
        INDArray xT = Nd4j.create(x.dataType(), xView.shape());
        INDArray dYT = Nd4j.create(dY.dataType(), dYView.shape());
        long cIn = xT.size(0);
        long cOut = dYT.size(0);
        INDArray dWT = Nd4j.create(dW.dataType(), cIn, cOut, kH, kW);
        OpContext ctx = Nd4j.getExecutioner().buildContext();
        // kernel = dY's spatial size, stride 1, the layer's padding, dilation 1, explicit padding, NCHW, OIYX weights
        ctx.setIArguments(dYT.size(2), dYT.size(3), 1, 1, r.iArgs()[4], r.iArgs()[5], 1, 1, 0, 0, 1);
        ctx.setInputArrays(xT, dYT);
        ctx.setOutputArrays(dWT);
        CustomOp conv = DynamicCustomOp.builder("conv2d").build();
        OpExecutioner ex = Nd4j.getExecutioner();
        Runnable kernel = () -> {
            xT.assign(xView);
            dYT.assign(dYView);
            ex.exec(conv, ctx);
            dW.assign(dWT.permute(2, 3, 0, 1));
            if (dB != null) {
                dY.sum(dB, spatial);
            }
        };
        return new Step("conv2d_bp [weights only]" + shape, null, null, null, false, kernel);
    }

    /** Largest im2col buffer {@link #weightsOnlyConv2dBpNhwc} builds (elements): 64 MB of floats. */
    private static final long MAX_COLUMNS = 16L << 20;

    /**
     * The weight gradient of an NHWC first convolution as one matrix product, {@code dW = cols · dY}:
     * {@code dY [N, H_out, W_out, C_out]} is already the matrix {@code [N·H_out·W_out, C_out]}, and
     * {@code cols [k·k·C_in, N·H_out·W_out]} holds the input under each kernel position (im2col, k·k
     * strided copies); the product is {@code dW [k, k, C_in, C_out]} as it is stored. On the
     * convolution example's first layer (1 → 32 channels, 3×3, batch 64) this replaces the transpose of
     * {@code dY} to channels-first that the convolution form needs (docs/results.md, "Convolution").
     * Null when the arrays are not plain row-major or the columns would exceed {@link #MAX_COLUMNS}.
     */
    private static Step weightsOnlyConv2dBpNhwc(Recorded r, String shape) {
        List<INDArray> in = r.inputs();
        boolean bias = in.size() == 4;
        INDArray x = in.get(0);
        INDArray dY = in.get(bias ? 3 : 2);
        INDArray dW = r.outputs()[1];
        INDArray dB = bias ? r.outputs()[2] : null;
        int kH = (int) r.iArgs()[0];
        int kW = (int) r.iArgs()[1];
        int pH = (int) r.iArgs()[4];
        int pW = (int) r.iArgs()[5];
        long n = x.size(0);
        long cIn = x.size(3);
        long hOut = dY.size(1);
        long wOut = dY.size(2);
        long cOut = dY.size(3);
        long k = (long) kH * kW * cIn;
        long p = n * hOut * wOut;
        if (k * p > MAX_COLUMNS || !plain(dY) || !plain(dW) || !plain(x) || dW.length() != k * cOut) {
            return null;
        }
        INDArray padded = pH == 0 && pW == 0 ? x : Nd4j.create(x.dataType(), n, x.size(1) + 2L * pH, x.size(2) + 2L * pW, cIn);
        INDArray interior = padded == x ? null
                : padded.get(NDArrayIndex.all(), NDArrayIndex.interval(pH, pH + x.size(1)), NDArrayIndex.interval(pW, pW + x.size(2)),
                NDArrayIndex.all());
        INDArray cols = Nd4j.create(x.dataType(), kH, kW, cIn, n, hOut, wOut);
        INDArray[] targets = new INDArray[kH * kW];
        INDArray[] sources = new INDArray[kH * kW];
        for (int i = 0; i < kH; i++) {
            for (int j = 0; j < kW; j++) {
                targets[i * kW + j] = cols.get(NDArrayIndex.point(i), NDArrayIndex.point(j), NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.all(), NDArrayIndex.all());
                sources[i * kW + j] = padded.get(NDArrayIndex.all(), NDArrayIndex.interval(i, i + hOut), NDArrayIndex.interval(j, j + wOut),
                        NDArrayIndex.all()).permute(3, 0, 1, 2);
            }
        }
        OpContext ctx = Nd4j.getExecutioner().buildContext();
        ctx.setIArguments(0, 0, 0);
        ctx.setTArguments(1.0, 0.0);
        ctx.setInputArrays(cols.reshape(k, p), dY.reshape(p, cOut));
        ctx.setOutputArrays(dW.reshape(k, cOut));
        CustomOp mmul = DynamicCustomOp.builder("matmul").build();
        OpExecutioner ex = Nd4j.getExecutioner();
        Runnable kernel = () -> {
            if (interior != null) {
                interior.assign(x);
            }
            for (int t = 0; t < targets.length; t++) {
                targets[t].assign(sources[t]);
            }
            ex.exec(mmul, ctx);
            if (dB != null) {
                dY.sum(dB, 0, 1, 2);
            }
        };
        return new Step("conv2d_bp [weights only, im2col]" + shape, null, null, null, false, kernel);
    }

    /** A row-major array that owns its whole buffer from offset 0, so that reshape is a view of it. */
    private static boolean plain(INDArray a) {
        return a.ordering() == 'c' && !a.isView() && a.offset() == 0 && a.length() == a.data().length();
    }

    private static boolean weightsOnlyApplies(Recorded r, IdentityHashMap<INDArray, Boolean> consumed) {
        long[] a = r.iArgs();
        INDArray[] out = r.outputs();
        return r.op().getOp().opName().equals("conv2d_bp") && a.length >= 11
                && a[2] == 1 && a[3] == 1 && a[6] == 1 && a[7] == 1 && a[8] == 0 && (a[9] == 0 || a[9] == 1) && a[10] == 0
                && (r.inputs().size() == 3 || r.inputs().size() == 4) && out.length == r.inputs().size() - 1
                && !consumed.containsKey(out[0])
                && r.inputs().get(0).dataType() == DataType.FLOAT && r.inputs().get(0).rank() == 4;
    }

    /**
     * {@code matmul_bp} of {@code z = x·w} when nothing reads its input gradient (a model's first
     * linear layer, whose input is data, or a one-hot lookup): only {@code dW = xᵀ·dZ}, as one
     * {@code matmul} with the first operand transposed, instead of both products. On the topology
     * model ({@code Linear(784, 784)}, batch 64) this is a third of the layer's arithmetic. Only for
     * rank-2 operands without transpose flags and the default alpha 1, beta 0.
     */
    private static Step weightsOnlyMatmulBp(Recorded r, String shape) {
        INDArray x = r.inputs().get(0);
        INDArray dZ = r.inputs().get(2);
        INDArray dW = r.outputs()[1];
        OpContext ctx = Nd4j.getExecutioner().buildContext();
        ctx.setIArguments(1, 0, 0);
        ctx.setTArguments(1.0, 0.0);
        ctx.setInputArrays(x, dZ);
        ctx.setOutputArrays(dW);
        CustomOp mmul = DynamicCustomOp.builder("matmul").build();
        return new Step("matmul_bp [weights only]" + shape, null, mmul, ctx, false);
    }

    private static boolean weightsOnlyMatmulApplies(Recorded r, IdentityHashMap<INDArray, Boolean> consumed) {
        if (!r.op().getOp().opName().equals("matmul_bp") || r.inputs().size() != 3 || r.outputs().length != 2
                || consumed.containsKey(r.outputs()[0])) {
            return false;
        }
        for (long a : r.iArgs()) {
            if (a != 0) {
                return false;
            }
        }
        double[] t = r.tArgs();
        if (t.length > 0 && t[0] != 1.0 || t.length > 1 && t[1] != 0.0) {
            return false;
        }
        INDArray x = r.inputs().get(0);
        INDArray w = r.inputs().get(1);
        INDArray dZ = r.inputs().get(2);
        INDArray dW = r.outputs()[1];
        return x.rank() == 2 && w.rank() == 2 && dZ.rank() == 2 && dW.rank() == 2
                && x.dataType() == dZ.dataType() && dW.dataType() == x.dataType()
                && Arrays.equals(dW.shape(), w.shape()) && x.size(0) == dZ.size(0);
    }

    private static final class Plan {
        private final Step[] steps;
        private final Map<String, INDArray> placeholderBuffers;
        private final VariableRef[] variableNames;  // parameters and constants read in place ...
        private final INDArray[] variableArrays;    // ... and the arrays they were bound to
        private final int opCount;
        private final int variableCount;
        private final Result result;
        private final List<String> outputs;
        private final List<String> gradientsOf;

        private Plan(Step[] steps, Map<String, INDArray> placeholderBuffers, VariableRef[] variableNames, INDArray[] variableArrays,
                     int opCount, int variableCount, Result result, List<String> outputs, List<String> gradientsOf) {
            this.outputs = List.copyOf(outputs);
            this.gradientsOf = List.copyOf(gradientsOf);
            this.steps = steps;
            this.placeholderBuffers = placeholderBuffers;
            this.variableNames = variableNames;
            this.variableArrays = variableArrays;
            this.opCount = opCount;
            this.variableCount = variableCount;
            this.result = result;
        }

        static Plan build(SameDiff sd, Map<String, INDArray> own, List<Recorded> ops, Result first, List<String> outputs,
                          List<String> gradientsOf) throws Unsupported {
            if (ops.isEmpty()) {
                throw new Unsupported("no ops were recorded");
            }
            IdentityHashMap<INDArray, Boolean> produced = new IdentityHashMap<>();
            IdentityHashMap<INDArray, Boolean> placeholderArrays = new IdentityHashMap<>();
            own.values().forEach(a -> placeholderArrays.put(a, Boolean.TRUE));
            Map<VariableRef, INDArray> variables = new LinkedHashMap<>();
            OpExecutioner ex = Nd4j.getExecutioner();
            List<Step> steps = new ArrayList<>();
            List<Recorded> stepRecords = new ArrayList<>();
            for (Recorded r : ops) {
                DifferentialFunction df = r.op().getOp();
                String opName = df.opName();
                if (CONTROL_FLOW.contains(opName.toLowerCase(java.util.Locale.ROOT))) {
                    throw new Unsupported("control-flow op '" + opName + "'");
                }
                List<String> inNames = r.op().getInputsToOp() == null ? List.of() : r.op().getInputsToOp();
                for (int i = 0; i < r.inputs().size(); i++) {
                    INDArray in = r.inputs().get(i);
                    if (in == null || produced.containsKey(in) || placeholderArrays.containsKey(in)) {
                        continue;
                    }
                    String name = i < inNames.size() ? inNames.get(i) : null;
                    // a variable of the graph (a parameter) or of the SameDiff that ran the op (the gradient
                    // function's 'one-var', the loss's initial gradient), read in place
                    SameDiff owner = name == null ? null : sd.hasVariable(name) ? sd
                            : r.executing() != null && r.executing().hasVariable(name) ? r.executing() : null;
                    SDVariable v = owner == null ? null : owner.getVariable(name);
                    if (v != null && (v.getVariableType() == VariableType.VARIABLE || v.getVariableType() == VariableType.CONSTANT)
                            && owner.getArrForVarName(name) == in) {
                        variables.putIfAbsent(new VariableRef(owner, name), in);
                        continue;
                    }
                    if (v != null && v.getVariableType() == VariableType.PLACEHOLDER) {
                        throw new Unsupported("the session copied placeholder '" + name + "' before op '" + r.op().getName() + "'");
                    }
                    throw new Unsupported("input " + i + " ('" + name + "') of op '" + r.op().getName() + "' (" + opName
                            + ") was not made by a recorded op");
                }
                INDArray[] outs = r.outputs();
                boolean allAliases = outs.length > 0;
                for (INDArray o : outs) {
                    boolean alias = false;
                    for (INDArray in : r.inputs()) {
                        alias |= in == o;
                    }
                    allAliases &= alias;
                }
                for (INDArray o : outs) {
                    produced.put(o, Boolean.TRUE);
                }
                if (allAliases) {
                    continue; // the session forwarded an input: nothing to compute
                }
                OpContext ctx = ex.buildContext();
                ctx.setIArguments(r.iArgs());
                ctx.setTArguments(r.tArgs());
                ctx.setBArguments(r.bArgs());
                if (r.dArgs().length > 0) {
                    ctx.setDArguments(r.dArgs());
                }
                ctx.setInputArrays(r.inputs());
                ctx.setOutputArrays(outs);
                Step s = kernelFor(r, df, ctx, shapeOf(r));
                steps.add(s);
                stepRecords.add(r);
            }
            Map<String, INDArray> resOut = new LinkedHashMap<>();
            for (String o : outputs) {
                INDArray a = first.outputs().get(o);
                if (a == null || !(produced.containsKey(a) || placeholderArrays.containsKey(a) || variables.containsValue(a))) {
                    throw new Unsupported("output '" + o + "' was not made by a recorded op");
                }
                resOut.put(o, a);
            }
            Map<String, INDArray> resGrad = new LinkedHashMap<>();
            for (String g : gradientsOf) {
                INDArray a = first.gradients().get(g);
                if (a == null) {
                    continue; // no gradient (e.g. not connected to the loss): the session returns none either
                }
                if (!produced.containsKey(a)) {
                    throw new Unsupported("the gradient of '" + g + "' was not made by a recorded op");
                }
                resGrad.put(g, a);
            }
            // second pass: kernels that depend on what later ops read
            IdentityHashMap<INDArray, Boolean> consumed = new IdentityHashMap<>();
            for (Recorded r : ops) {
                r.inputs().forEach(a -> consumed.put(a, Boolean.TRUE));
            }
            resOut.values().forEach(a -> consumed.put(a, Boolean.TRUE));
            resGrad.values().forEach(a -> consumed.put(a, Boolean.TRUE));
            for (int i = 0; i < steps.size(); i++) {
                if (weightsOnlyApplies(stepRecords.get(i), consumed)) {
                    steps.set(i, weightsOnlyConv2dBp(stepRecords.get(i), shapeOf(stepRecords.get(i))));
                } else if (weightsOnlyMatmulApplies(stepRecords.get(i), consumed)) {
                    steps.set(i, weightsOnlyMatmulBp(stepRecords.get(i), shapeOf(stepRecords.get(i))));
                }
            }
            return new Plan(steps.toArray(new Step[0]), own, variables.keySet().toArray(new VariableRef[0]),
                    variables.values().toArray(new INDArray[0]), sd.getOps().size(), sd.getVariables().size(),
                    new Result(Map.copyOf(resOut), Map.copyOf(resGrad)), outputs, gradientsOf);
        }

        private static String shapeOf(Recorded r) {
            return r.inputs().isEmpty() || r.inputs().get(0) == null ? "" : " " + Arrays.toString(r.inputs().get(0).shape());
        }

        /** The kernel a recorded op is replayed with (see the class comment for the measured substitutions). */
        private static Step kernelFor(Recorded r, DifferentialFunction df, OpContext ctx, String shape) throws Unsupported {
            String name = df.opName();
            boolean random = df instanceof RandomOp || df.getClass().getName().startsWith("org.nd4j.linalg.api.ops.random.");
            if (df instanceof Tanh && r.outputs().length == 1 && r.inputs().size() == 1
                    && r.inputs().get(0).dataType() == DataType.FLOAT && r.outputs()[0].dataType() == DataType.FLOAT) {
                return new Step("tanh [custom op]" + shape, null, TANH, ctx, false);
            }
            // measured on the CPU backend's oneDNN helper; on CUDA the helper is cuDNN, which was not measured
            if ((name.equals("avgpool2d") || name.equals("avgpool2d_bp")) && r.iArgs().length > 10 && r.iArgs()[10] == 0
                    && Nd4j.getEnvironment().isCPU()) {
                ctx.allowHelpers(false);
                return new Step(name + " [no oneDNN]" + shape, null, (CustomOp) df, ctx, false);
            }
            // same rule (x > cutoff ? dY : 0), same inputs and cutoff; libnd4j's generic thresholdedrelu_bp was
            // 6-7x slower on [64, 32, 26, 26] floats (21-27 ms against 3-6 ms), a quarter of a convnet's step
            if (name.equals("thresholdedrelu_bp") && r.inputs().size() == 2 && r.outputs().length == 1 && r.tArgs().length <= 1
                    && Nd4j.getEnvironment().isCPU()) {
                return new Step("thresholdedrelu_bp [relu_bp]" + shape, null, RELU_BP, ctx, false);
            }
            if (df instanceof CustomOp c) {
                return new Step(name + shape, null, c, ctx, random);
            }
            if (df instanceof Op o) {
                return new Step(name + shape, o, null, ctx, random);
            }
            throw new Unsupported("op '" + name + "' is neither a custom nor a legacy op");
        }

        private static final CustomOp TANH = DynamicCustomOp.builder("tanh").build();
        private static final CustomOp RELU_BP = DynamicCustomOp.builder("relu_bp").build();

        /**
         * True when this plan answers a call with these arguments: the same requested variables and
         * the same placeholders with the same data types and shapes (what {@link Key} compares).
         */
        boolean serves(Map<String, INDArray> placeholders, List<String> outputs, List<String> gradientsOf) {
            if (placeholders.size() != placeholderBuffers.size() || !this.outputs.equals(outputs) || !this.gradientsOf.equals(gradientsOf)) {
                return false;
            }
            for (var e : placeholderBuffers.entrySet()) {
                INDArray given = placeholders.get(e.getKey());
                INDArray own = e.getValue();
                if (given == null || given.dataType() != own.dataType() || !Arrays.equals(given.shape(), own.shape())) {
                    return false;
                }
            }
            return true;
        }

        /** False when the graph changed or a parameter/constant array was replaced since recording. */
        boolean isCurrent(SameDiff sd) {
            if (sd.getOps().size() != opCount || sd.getVariables().size() != variableCount) {
                return false;
            }
            for (int i = 0; i < variableNames.length; i++) {
                VariableRef v = variableNames[i];
                // the gradient function is made again when the graph changes (e.g. freezing): its variables go with it
                boolean ownerCurrent = v.owner() == sd || v.owner() == sd.getFunction(GRAD_FUNCTION);
                if (!ownerCurrent || !v.owner().hasVariable(v.name()) || v.owner().getArrForVarName(v.name()) != variableArrays[i]) {
                    return false;
                }
            }
            return true;
        }

        Result replay(Map<String, INDArray> placeholders, Profile profile) {
            long t0 = profile == null ? 0 : System.nanoTime();
            for (var e : placeholderBuffers.entrySet()) {
                INDArray given = placeholders.get(e.getKey());
                if (given == null) {
                    throw new IllegalArgumentException("placeholder '" + e.getKey() + "' missing");
                }
                if (given != e.getValue()) {
                    e.getValue().assign(given);
                }
            }
            OpExecutioner ex = Nd4j.getExecutioner();
            for (Step s : steps) {
                long a = profile == null ? 0 : System.nanoTime();
                if (s.random) {
                    // a recorded context keeps its RNG states: without new ones every replay would draw the same numbers
                    org.nd4j.linalg.api.rng.Random rng = Nd4j.getRandom();
                    s.ctx.setRngStates(rng.nextLong(), rng.nextLong());
                }
                if (s.special != null) {
                    s.special.run();
                } else if (s.custom != null) {
                    ex.exec(s.custom, s.ctx);
                } else {
                    ex.exec(s.legacy, s.ctx);
                }
                if (profile != null) {
                    profile.add(s.name, System.nanoTime() - a);
                }
            }
            if (profile != null) {
                profile.replays++;
                profile.totalNanos += System.nanoTime() - t0;
            }
            return result;
        }
    }

    // ------------------------------------------------------------------------------------------

    /** Name of the gradient function SameDiff creates ({@code SameDiff.GRAD_FN_KEY}). */
    private static final String GRAD_FUNCTION = "grad";

    /** A variable or constant read in place: its name in the SameDiff that holds it. */
    private record VariableRef(SameDiff owner, String name) {
        @Override
        public boolean equals(Object o) {
            return o instanceof VariableRef v && v.owner == owner && v.name.equals(name);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(owner) * 31 + name.hashCode();
        }
    }

    /** Which plan a call needs: the requested variables and the placeholders' shapes and types. */
    private record Key(List<String> outputs, List<String> gradients, Map<String, String> placeholders) {
        static Key of(SameDiff sd, Map<String, INDArray> ph, Collection<String> outputs, Collection<String> gradients) {
            Map<String, String> shapes = new java.util.TreeMap<>();
            for (var e : ph.entrySet()) {
                shapes.put(e.getKey(), e.getValue().dataType() + Arrays.toString(e.getValue().shape()));
            }
            return new Key(List.copyOf(outputs), List.copyOf(gradients), shapes);
        }
    }

    private static long[] longs(List<Long> l) {
        long[] a = new long[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }

    private static double[] doubles(List<Double> l) {
        double[] a = new double[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }

    private static boolean[] booleans(List<Boolean> l) {
        boolean[] a = new boolean[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }
}
