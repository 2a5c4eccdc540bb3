package io.github.mlplatform.layers;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.module.Shape;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * Build-time shape inference, so modules can reject bad input with a clear message when a model is
 * built (a feature count that is not a multiple of a group size, a residual whose {@code f(x)}
 * differs in shape from {@code x}) instead of failing deep inside ND4J at run time.
 *
 * <p>SameDiff 1.0.0-M2.1 knows static shapes only for placeholders and variables: the shape of an
 * op output is {@code null} until the graph runs. This class therefore combines
 * <ol>
 *   <li>static shapes of placeholders ({@code -1} batch dimension);</li>
 *   <li>shapes that modules {@linkplain #record recorded} for their outputs (per {@link Graph});</li>
 *   <li>a <em>dry run</em>: the part of the graph built so far is executed once on a batch of one
 *       all-zero example, and the result is remembered;</li>
 *   <li>{@link #staticOutput}: the modules' shape rules ({@link Module#outputShape}, ml-core's
 *       contract), with no execution at all;</li>
 *   <li>{@link #moduleOutput}: as a last resort a module is built on a small scratch graph and
 *       run on one example.</li>
 * </ol>
 * After a container validated a sub-module this way, {@link #unchecked} builds it in the real
 * graph without repeating the checks. SameDiff 1.0.0-M2.1 executes op by op at about a millisecond
 * per op, so dry runs are kept rare: a staged network with 160 residual layers builds with a
 * single one. Batch dimensions are reported as {@code -1}.
 */
public final class Shapes {

    private static final Logger LOG = LoggerFactory.getLogger(Shapes.class);
    private static final Map<Graph, Map<String, long[]>> KNOWN = Collections.synchronizedMap(new WeakHashMap<>());
    private static final ThreadLocal<int[]> SUPPRESSED = ThreadLocal.withInitial(() -> new int[1]);

    private Shapes() {
    }

    /**
     * The shape of the batch-first activation {@code x} with {@code -1} as batch dimension, or
     * {@code null} when it cannot be determined or checks are {@linkplain #unchecked suppressed}.
     */
    public static long[] infer(Graph g, SDVariable x) {
        long[][] r = inferAll(g, x);
        return r == null ? null : r[0];
    }

    /** {@link #infer} for several activations with at most one dry run; null if any stays unknown. */
    public static long[][] inferAll(Graph g, SDVariable... xs) {
        long[][] out = new long[xs.length][];
        List<SDVariable> unknown = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            out[i] = known(g, xs[i]);
            if (out[i] == null) {
                unknown.add(xs[i]);
            }
        }
        if (unknown.isEmpty()) {
            return out;
        }
        if (!checking()) {
            return null;
        }
        Map<String, long[]> ran = dryRun(g.sd(), unknown);
        if (ran == null) {
            return null;
        }
        ran.forEach((name, s) -> knownOf(g).put(name, s));
        for (int i = 0; i < xs.length; i++) {
            if (out[i] == null) {
                out[i] = ran.get(xs[i].name()).clone();
            }
        }
        return out;
    }

    /** The shape of {@code x} if known without running anything (placeholder or recorded), else null. */
    public static long[] known(Graph g, SDVariable x) {
        if (x.getVariableType() == VariableType.PLACEHOLDER) {
            long[] s = x.getShape();
            if (s != null && s.length > 0 && Arrays.stream(s, 1, s.length).allMatch(d -> d > 0)) {
                long[] c = s.clone();
                c[0] = -1;
                return c;
            }
        }
        long[] r = knownOf(g).get(x.name());
        return r == null ? null : r.clone();
    }

    /** Remembers the shape of a module output (no-op for a null shape). Returns {@code v}. */
    public static SDVariable record(Graph g, SDVariable v, long[] shape) {
        if (shape != null) {
            knownOf(g).put(v.name(), shape.clone());
        }
        return v;
    }

    /** False inside {@link #unchecked}: the surrounding module has already validated this part. */
    public static boolean checking() {
        return SUPPRESSED.get()[0] == 0;
    }

    /** Runs {@code body} with shape checks switched off (for a module already validated on a scratch graph). */
    public static <T> T unchecked(Supplier<T> body) {
        int[] depth = SUPPRESSED.get();
        depth[0]++;
        try {
            return body.get();
        } finally {
            depth[0]--;
        }
    }

    /**
     * The output shape of {@code m} for input {@code inputShape} without running anything, or null
     * if it cannot be known that way: ml-core's {@link Shape#outputOf}, i.e. the module's own
     * {@link Module#outputShape} rule (every ml-core module and every module here has one).
     *
     * @throws io.github.mlplatform.core.module.ShapeMismatchException if a module rejects its input shape
     */
    public static long[] staticOutput(Module m, long[] inputShape) {
        return Shape.outputOf(m, inputShape);
    }

    /**
     * For a module about to process {@code x}: the module's output shape, validating the input, or
     * null when the input shape is unknown (or checks are suppressed).
     */
    static long[] expect(Graph g, SDVariable x, Module m) {
        long[] s = infer(g, x);
        return s == null ? null : Shape.outputOf(m, s);
    }

    /**
     * The output shape of {@code m} for input {@code inputShape} ({@code -1} batch), found by
     * building {@code m} on a scratch graph and running it on one all-zero example; null if that
     * fails for a reason other than a module's own validation. Validation errors
     * ({@link IllegalArgumentException}) propagate.
     */
    public static long[] moduleOutput(Module m, long[] inputShape, DataType dataType) {
        SameDiff sd = SameDiff.create();
        Graph g = new Graph(sd, dataType);
        long[] ph = inputShape.clone();
        ph[0] = -1;
        SDVariable in = sd.placeHolder("input", dataType, ph);
        m.namedParameters().forEach((name, p) -> {
            INDArray v = p.value() != null ? p.value().castTo(dataType) : Nd4j.zeros(dataType, p.shape());
            g.bind(p, sd.var(name, v.dup()));
        });
        SDVariable out = m.forward(g, in);
        return infer(g, out);
    }

    private static Map<String, long[]> knownOf(Graph g) {
        return KNOWN.computeIfAbsent(g, k -> Collections.synchronizedMap(new HashMap<>()));
    }

    private static Map<String, long[]> dryRun(SameDiff sd, List<SDVariable> xs) {
        Map<String, INDArray> feed = new HashMap<>();
        for (String name : sd.inputs()) {
            SDVariable p = sd.getVariable(name);
            long[] s = p.getShape();
            if (s == null || s.length == 0) {
                continue;
            }
            long[] one = s.clone();
            if (one[0] < 0) {
                one[0] = 1;
            }
            if (Arrays.stream(one).allMatch(d -> d > 0)) {
                feed.put(name, Nd4j.zeros(p.dataType(), one));
            }
        }
        List<String> names = xs.stream().map(SDVariable::name).toList();
        try {
            long start = System.nanoTime();
            Map<String, INDArray> res = sd.output(feed, names);
            LOG.debug("dry run for the shapes of {}: {} ms", names, (System.nanoTime() - start) / 1_000_000);
            Map<String, long[]> out = new HashMap<>();
            for (String n : names) {
                long[] s = res.get(n).shape().clone();
                if (s.length > 0) {
                    s[0] = -1;
                }
                out.put(n, s);
            }
            return out;
        } catch (RuntimeException e) {
            LOG.debug("shape of {} could not be inferred by a dry run: {}", names, e.toString());
            return null;
        }
    }

    /** Product of the dimensions after the batch dimension. */
    static long perExample(long[] shape) {
        return Shape.perExample(shape);
    }

    /** {@code [batch, d1, d2, …]} as text with "batch" for the -1. */
    static String show(long[] shape) {
        return Shape.show(shape);
    }

    /**
     * Selects columns of {@code x [batch, n]}: {@code y[:, j] = x[:, columns[j]]}, as a product with
     * a constant 0/1 matrix {@code S [n, k]} ({@code S[columns[j], j] = 1}). SameDiff's
     * {@code gather} would be the natural op, but its gradient is broken in 1.0.0-M2.1 (a second
     * gather in a graph fails with "Variable name "transposeConcat" already exists", and the
     * backprop of a single one can fail in {@code CreateView}). The product is exact for finite
     * inputs (each output is one input times 1 plus zeros); a non-finite input spreads NaN.
     */
    static SDVariable selectColumns(SameDiff sd, SDVariable x, int n, int[] columns, DataType dataType) {
        INDArray s = Nd4j.zeros(dataType, n, columns.length);
        for (int j = 0; j < columns.length; j++) {
            s.putScalar(columns[j], j, 1.0);
        }
        return x.mmul(sd.constant(s));
    }

    /**
     * The shape {@code [batch(x), rest...]} as a graph variable: the batch size is read from
     * {@code x} at run time (placeholders have a -1 batch dimension, so static shapes cannot be
     * used), the other dimensions are constants ({@code -1} allowed once).
     */
    static SDVariable batchShape(SameDiff sd, SDVariable x, long... rest) {
        SDVariable batch = sd.slice(sd.shape(x), new int[]{0}, 1);
        return sd.concat(0, batch, sd.constant(Nd4j.createFromArray(rest)));
    }

    /** {@code shape} with the last dimension replaced. */
    static long[] withLast(long[] shape, long last) {
        long[] s = shape.clone();
        s[s.length - 1] = last;
        return s;
    }
}
