package io.github.mlplatform.layers.dl4j;

import io.github.mlplatform.core.model.SameDiffWorkarounds;
import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.layers.Shapes;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Exposes any {@link Module} as a DL4J layer ({@link SameDiffLayer}), so a
 * {@code MultiLayerNetwork} user can put, say, {@code SoftmaxGrouped} or the all-the-activations
 * {@code Parallel} block into a DL4J model:
 *
 * <pre>{@code
 * .layer(new DenseLayer.Builder().nIn(784).nOut(128).activation(Activation.IDENTITY).build())
 * .layer(new ModuleLayer(ModuleRecipe.of("AllActivations", Map.of("inputSize", 128))))
 * .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
 * .setInputType(InputType.feedForward(784))
 * }</pre>
 *
 * <p><b>What is serialised.</b> DL4J re-creates layers from JSON, but a Module is arbitrary Java.
 * The layer therefore stores a {@link ModuleRecipe} (a {@link ModuleRegistry} factory name and its
 * JSON arguments, including any permutation seeds) and the seed of the initial parameter values;
 * the module is rebuilt from the recipe when needed. Parameter <em>values</em> are DL4J's, kept in
 * the network's parameter array, so {@code ModelSerializer} round trips keep trained weights.
 *
 * <p><b>Parameters.</b> Each module parameter becomes a DL4J parameter whose key is its
 * hierarchical name with '.' replaced by '-' ({@code 8.weight} → {@code 8-weight}; DL4J keys can
 * contain neither '.' nor '_', see {@link #paramKey}); parameters
 * named {@code bias} are DL4J bias parameters (no L1/L2 by default), the rest weights. Initial
 * values come from the module's own initialisers with {@link #getSeed() seed}.
 *
 * <p><b>Limits.</b> (1) A recipe can only describe modules with a registered factory (or a public
 * no-argument constructor via {@code Class}); a module built from a lambda or with state not in its
 * constructor arguments cannot be serialised this way, and custom factories must be registered in
 * every JVM that reads the configuration. (2) DL4J does not tell a {@code SameDiffLayer} whether it
 * is training, so modules see the evaluation flag: {@code Dropout} inside a module is inactive
 * (use DL4J's own dropout on the layer instead). (3) Arrays reach the module in DL4J's layout
 * ({@code [batch, features]}, NCHW images, NCW sequences); the output type is found by running the
 * module once on a one-example batch, and rank-3 outputs are reported as NCW sequences.
 * (4) Masks are ignored. (5) DL4J 1.0.0-M2.1 returns every {@code SameDiffLayer} gradient 2× too
 * large; this layer measures and undoes that factor (see {@code ExternalErrorsCorrection}), so its
 * gradients pass DL4J's gradient check.
 */
public class ModuleLayer extends SameDiffLayer {

    /** Seed of the initial parameter values when none is given. */
    public static final long DEFAULT_SEED = 42;

    @JsonProperty("factory")
    private String factory;
    @JsonProperty("arguments")
    private String arguments;
    @JsonProperty("seed")
    private long seed;

    @JsonIgnore
    private transient Module module;
    @JsonIgnore
    private transient Map<String, long[]> outputShapes;

    /** For JSON deserialisation only. */
    protected ModuleLayer() {
    }

    /** A layer that builds its module from {@code recipe}, initial parameter values from {@link #DEFAULT_SEED}. */
    public ModuleLayer(ModuleRecipe recipe) {
        this(recipe, DEFAULT_SEED);
    }

    /** A layer that builds its module from {@code recipe}, initial parameter values from {@code seed}. */
    public ModuleLayer(ModuleRecipe recipe, long seed) {
        Objects.requireNonNull(recipe, "ModuleLayer: recipe");
        this.factory = recipe.factory();
        this.arguments = recipe.arguments();
        this.seed = seed;
        module(); // fail now on a bad recipe, not when the network is initialised
    }

    /** The recipe of the module (serialised as its two fields {@code factory} and {@code arguments}). */
    @JsonIgnore
    public ModuleRecipe getRecipe() {
        return new ModuleRecipe(factory, arguments);
    }

    public long getSeed() {
        return seed;
    }

    /** The module this layer runs (built from the recipe on first use). */
    public synchronized Module module() {
        if (module == null) {
            Module m = getRecipe().create();
            checkKeys(m);
            module = m;
        }
        return module;
    }

    /**
     * The DL4J parameter key of a module parameter name: '.' becomes '-' ({@code 8.weight} →
     * {@code 8-weight}). DL4J keys may contain neither '.' nor '_': the network prefixes them with
     * the layer index and an '_' ({@code 1_8-weight}) and its updater splits that at the
     * <em>last</em> '_', so a key such as {@code 8_weight} breaks training.
     */
    public static String paramKey(String moduleParameterName) {
        return moduleParameterName.replace('.', '-');
    }

    private static void checkKeys(Module m) {
        Map<String, String> seen = new HashMap<>();
        for (String name : m.namedParameters().keySet()) {
            if (name.contains("_")) {
                throw new IllegalArgumentException("ModuleLayer: parameter '" + name + "' contains '_', which DL4J parameter keys "
                        + "cannot contain (DL4J splits '<layer>_<key>' at the last '_'); rename the module or parameter");
            }
            String prev = seen.put(paramKey(name), name);
            if (prev != null) {
                throw new IllegalArgumentException("ModuleLayer: parameters '" + prev + "' and '" + name
                        + "' map to the same DL4J key '" + paramKey(name) + "'");
            }
        }
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        module().namedParameters().forEach((name, p) -> {
            if ("bias".equals(p.name())) {
                params.addBiasParam(paramKey(name), p.shape());
            } else {
                params.addWeightParam(paramKey(name), p.shape());
            }
        });
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        if (params.isEmpty()) {
            return;
        }
        DataType dt = params.values().iterator().next().dataType();
        Module fresh = getRecipe().create(); // fresh values from the seed, independent of earlier use
        fresh.initialise(seed, dt);
        fresh.namedParameters().forEach((name, p) -> {
            INDArray target = params.get(paramKey(name));
            if (target == null) {
                throw new IllegalStateException("ModuleLayer: DL4J gave no array for parameter '" + paramKey(name) + "'");
            }
            target.assign(p.value().castTo(dt));
        });
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable layerInput, Map<String, SDVariable> paramTable, SDVariable mask) {
        SameDiffWorkarounds.apply();
        Module m = module();
        Graph g = new Graph(sd, layerInput.dataType());
        m.namedParameters().forEach((name, p) -> {
            SDVariable v = paramTable.get(paramKey(name));
            if (v == null) {
                throw new IllegalStateException("ModuleLayer: no SameDiff variable for parameter '" + paramKey(name) + "'");
            }
            g.bind(p, v);
        });
        // DL4J 1.0.0-M2.1 doubles every SameDiffLayer gradient; see ExternalErrorsCorrection
        return ExternalErrorsCorrection.apply(sd, m.forward(g, layerInput));
    }

    /** DL4J's own instantiation, with the implementation that keeps the gradient-graph lines off the console. */
    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(org.deeplearning4j.nn.conf.NeuralNetConfiguration conf,
                                                      java.util.Collection<org.deeplearning4j.optimize.api.TrainingListener> listeners,
                                                      int layerIndex, INDArray paramsView, boolean initializeParams,
                                                      DataType networkDataType) {
        QuietSameDiffLayerImpl layer = new QuietSameDiffLayerImpl(conf, networkDataType);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer().init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        long[] in = exampleShape(inputType);
        long[] out = outputShape(in);
        return switch (out.length) {
            case 1 -> InputType.feedForward(out[0]);
            case 2 -> InputType.recurrent(out[0], out[1], RNNFormat.NCW);
            case 3 -> InputType.convolutional(out[1], out[2], out[0], CNN2DFormat.NCHW);
            default -> throw new IllegalStateException("ModuleLayer " + getRecipe() + ": output of rank " + (out.length + 1)
                    + " (shape [batch, " + Arrays.toString(out) + "]) has no DL4J input type");
        };
    }

    /** The module's output shape for one example of shape {@code exampleShape} (without the batch). */
    public synchronized long[] outputShape(long[] exampleShape) {
        if (outputShapes == null) {
            outputShapes = new HashMap<>();
        }
        String key = Arrays.toString(exampleShape);
        long[] cached = outputShapes.get(key);
        if (cached != null) {
            return cached.clone();
        }
        SameDiffWorkarounds.apply();
        Module m = getRecipe().create();
        m.initialise(seed, DataType.FLOAT);
        long[] ph = new long[exampleShape.length + 1];
        ph[0] = -1;
        System.arraycopy(exampleShape, 0, ph, 1, exampleShape.length);
        long[] s = Shapes.moduleOutput(m, ph, DataType.FLOAT);
        if (s == null) {
            throw new IllegalStateException("ModuleLayer " + getRecipe() + ": could not determine the output shape for input [batch, "
                    + key.substring(1));
        }
        long[] out = Arrays.copyOfRange(s, 1, s.length);
        outputShapes.put(key, out);
        return out.clone();
    }

    /** The shape of one example of {@code t} as the arrays DL4J passes. */
    static long[] exampleShape(InputType t) {
        if (t instanceof InputType.InputTypeFeedForward ff) {
            return new long[]{ff.getSize()};
        }
        if (t instanceof InputType.InputTypeConvolutionalFlat cf) {
            return new long[]{cf.getFlattenedSize()};
        }
        if (t instanceof InputType.InputTypeConvolutional c) {
            return c.getFormat() == CNN2DFormat.NHWC
                    ? new long[]{c.getHeight(), c.getWidth(), c.getChannels()}
                    : new long[]{c.getChannels(), c.getHeight(), c.getWidth()};
        }
        if (t instanceof InputType.InputTypeRecurrent r) {
            if (r.getTimeSeriesLength() <= 0) {
                throw new IllegalArgumentException("ModuleLayer: recurrent input needs a known time series length, got " + t);
            }
            return r.getFormat() == RNNFormat.NWC
                    ? new long[]{r.getTimeSeriesLength(), r.getSize()}
                    : new long[]{r.getSize(), r.getTimeSeriesLength()};
        }
        throw new IllegalArgumentException("ModuleLayer: unsupported input type " + t
                + "; expected feed-forward, convolutional(flat) or recurrent with a known length");
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        // the module's parameter shapes are fixed by its recipe
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null; // the module sees DL4J's arrays as they are
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ModuleLayer other) || !other.canEqual(this) || !super.equals(o)) {
            return false;
        }
        return seed == other.seed && Objects.equals(getRecipe(), other.getRecipe());
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof ModuleLayer;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), getRecipe(), seed);
    }

    @Override
    public String toString() {
        return "ModuleLayer(" + getRecipe() + ", seed=" + seed + ")";
    }
}
