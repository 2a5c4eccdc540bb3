package io.github.mlplatform.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.exec.GraphExecutor;
import io.github.mlplatform.core.io.AtomicFiles;
import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.module.Parameter;
import io.github.mlplatform.core.module.Shape;
import io.github.mlplatform.core.module.ShapeMismatchException;
import io.github.mlplatform.core.util.Json;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A {@link Module} built into one SameDiff graph with an input placeholder {@value #INPUT}, a
 * label placeholder {@value #LABELS}, an output {@value #OUTPUT} and a scalar loss {@value #LOSS}.
 * It predicts, evaluates, and saves/loads as one file (the graph with its weights and, for
 * checkpoints, the optimizer state).
 *
 * <pre>{@code
 * Model m = Model.builder(net).inputShape(1, 28, 28).loss(Loss.crossEntropyFromLogits()).seed(42).build();
 * INDArray logits = m.predict(images);
 * }</pre>
 *
 * <p><b>Checked inputs.</b> {@link Builder#build()} walks the module tree with
 * {@link Module#outputShape} before anything runs and fails naming the module that cannot take its
 * input. Every batch (predict, loss, evaluate and the {@code Trainer}, through {@link #feed}) is
 * checked against the input shape, and its labels against the output: for the classification
 * losses ({@code cross_entropy}, {@code nll}) labels may be one-hot {@code [N, C]} or class indices
 * {@code [N]} / {@code [N, 1]} of any numeric type (as PyTorch and DJL take them), converted to
 * one-hot here; for {@code mse} and {@code bce_with_logits} they must have the output's shape. A bad
 * batch fails with one line saying what was wrong and what was expected.
 *
 * <p><b>State.</b> The parameter values live in the graph. {@link #stateDict()} copies them,
 * {@link #loadStateDict(Map, boolean)} sets them (strictly or partially, with a report); the
 * module tree's {@code Module.stateDict()/loadStateDict()} read and write the same values (the
 * module's parameters are attached to this model when it is built; see
 * {@link io.github.mlplatform.core.module.Parameter}). No copying back is needed.
 *
 * <p><b>Loaded models.</b> {@link #load} restores the graph with its weights, the input, output
 * and label shapes, the loss name, the parameter names and which of them are frozen, and the
 * printed module tree ({@link #description()}). Every loaded model predicts, evaluates, trains and
 * resumes (the {@code Trainer}), saves, reads and writes its state dict, and freezes or unfreezes
 * parameters by name prefix ({@link #freeze(String...)}). Its module tree ({@link #module()}) is
 * restored when the tree was made only of ml-core's built-in modules ({@code Sequential},
 * {@code Linear}, {@code Conv2d}, {@code MaxPool2d}, {@code AvgPool2d}, {@code Flatten},
 * {@code Dropout}, the {@code Activation} factories), with their frozen flags and attached to the
 * loaded graph: it can be frozen module by module and used inside a bigger tree
 * ({@code Model.builder(new Sequential(loaded.module(), head))} starts from the loaded weights).
 * Any other module (ml-layers', your own) is arbitrary code that is not serialised: then
 * {@code module()} is null, and to extend the model you build the new tree in code and copy the
 * weights by name, {@code bigger.loadStateDict(loaded.stateDict(), false)}.
 */
public final class Model {

    public static final String INPUT = "input";
    public static final String LABELS = "labels";
    public static final String OUTPUT = "output";
    public static final String LOSS = "loss";

    private static final int FORMAT_VERSION = 1;
    private static final Logger LOG = LoggerFactory.getLogger(Model.class);
    /** Losses whose labels are classes: one-hot rows, or class indices converted to one-hot. */
    private static final Set<String> CLASSIFICATION_LOSSES = Set.of("cross_entropy", "nll");
    /** Built-in losses that compare labels and outputs element by element. */
    private static final Set<String> ELEMENTWISE_LOSSES = Set.of("mse", "bce_with_logits");

    static {
        SameDiffWorkarounds.apply();
    }
    private static final String ENTRY_META = "model.json";
    private static final String ENTRY_GRAPH = "graph.sdz";

    private final SameDiff sd;
    private final Module module;
    private final long[] inputShape;
    private final DataType dataType;
    private final String lossName;
    private final List<String> parameterNames;
    private final String description;
    /** Per-example shape of the labels as declared ({@link Builder#labelShape}), or null. */
    private final long[] labelShape;
    /** Parameters frozen by name ({@link #freeze(String...)}), on top of the module tree's frozen modules. */
    private final Set<String> frozenNames = new LinkedHashSet<>();
    /** The output shape with batch -1: from the module tree's shape rules, or found by one run; null until known. */
    private long[] outputShape;
    private boolean outputShapeResolved;
    private GraphExecutor executor;

    private Model(SameDiff sd, Module module, long[] inputShape, DataType dataType, String lossName,
                  List<String> parameterNames, String description, long[] labelShape, long[] outputShape) {
        this.sd = sd;
        this.module = module;
        this.inputShape = inputShape;
        this.dataType = dataType;
        this.lossName = lossName;
        this.parameterNames = List.copyOf(parameterNames);
        this.description = description;
        this.labelShape = labelShape == null ? null : labelShape.clone();
        this.outputShape = outputShape == null ? null : outputShape.clone();
        this.outputShapeResolved = outputShape != null;
    }

    public static Builder builder(Module module) {
        return new Builder(module);
    }

    /** Builds models; {@link #inputShape} is required. */
    public static final class Builder {
        private final Module module;
        private long[] inputShape;
        private long[] labelShape;
        private DataType dataType = DataType.FLOAT;
        private long seed = 42;
        private Loss loss = Loss.crossEntropyFromLogits();

        private Builder(Module module) {
            this.module = java.util.Objects.requireNonNull(module, "module");
        }

        /** Shape of one example, without the batch dimension (e.g. 1, 28, 28). */
        public Builder inputShape(long... shape) {
            this.inputShape = shape.clone();
            return this;
        }

        /**
         * Shape of one example's labels without the batch dimension. Optional: by default it follows
         * from the output ({@code [C]} for the classification losses, the output's shape for
         * {@code mse} and {@code bce_with_logits}). For classification {@code [C]} (one-hot) and
         * {@code [1]} (class indices) are accepted.
         */
        public Builder labelShape(long... shape) {
            this.labelShape = shape.clone();
            return this;
        }

        public Builder dataType(DataType dataType) {
            this.dataType = dataType;
            return this;
        }

        /** Seed of the parameter initialisation. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder loss(Loss loss) {
            this.loss = java.util.Objects.requireNonNull(loss, "loss");
            return this;
        }

        /**
         * Initialises the module's parameters (those without a value), checks the module tree's
         * shapes against the input shape, and builds the graph. The module's parameters are
         * attached to the new model (see {@link Parameter#attach}); a module built before carries
         * its current values over.
         *
         * @throws ShapeMismatchException if a module cannot take the shape it would get, naming the
         *                                module by its hierarchical name, e.g. "module '1'
         *                                Linear(in=700, out=128): expected input [batch, 700], got [batch, 784] (...)"
         * @throws IllegalArgumentException if the input or label shape is missing or not positive, the
         *                                  data type is not floating point, or the label shape does not
         *                                  fit the output for the loss
         */
        public Model build() {
            if (inputShape == null || inputShape.length == 0) {
                throw new IllegalStateException("Model.builder(...).inputShape(...) is required (shape of one example without the batch)");
            }
            if (Arrays.stream(inputShape).anyMatch(d -> d <= 0)) {
                throw new IllegalArgumentException("inputShape: expected positive sizes of one example (without the batch), got "
                        + Arrays.toString(inputShape));
            }
            if (labelShape != null && Arrays.stream(labelShape).anyMatch(d -> d <= 0)) {
                throw new IllegalArgumentException("labelShape: expected positive sizes of one example's labels, got "
                        + Arrays.toString(labelShape));
            }
            if (!dataType.isFPType()) {
                throw new IllegalArgumentException("model data type must be floating point, got " + dataType);
            }
            long[] in = prepend(-1, inputShape);
            long[] out;
            try {
                out = Shape.outputOf(module, in);
            } catch (ShapeMismatchException e) {
                throw e.at(e.module() == null ? null : module.nameOf(e.module()), "model input " + Shape.show(in));
            }
            long[] labelPlaceholder = labelPlaceholder(loss.name(), labelShape, out);
            module.initialise(seed, dataType);
            SameDiff sd = SameDiff.create();
            Graph g = new Graph(sd, dataType);
            SDVariable input = sd.placeHolder(INPUT, dataType, in);
            SDVariable labels = sd.placeHolder(LABELS, dataType, labelPlaceholder);
            Map<String, Parameter> params = module.namedParameters();
            // a copy per model: a module built into a second model must not share arrays with the first
            params.forEach((name, p) -> g.bind(p, sd.var(name, p.value().castTo(dataType).dup())));
            SDVariable output;
            try {
                output = sd.identity(OUTPUT, module.forward(g, input));
            } catch (ShapeMismatchException e) { // a module that checks its input while building (its shape rule said "unknown")
                throw e.path() != null ? e : e.at(e.module() == null ? null : module.nameOf(e.module()), "model input " + Shape.show(in));
            }
            loss.compute(g, LOSS, output, labels);
            sd.setLossVariables(LOSS);
            Model m = new Model(sd, module, inputShape, dataType, loss.name(), new ArrayList<>(params.keySet()), module.summary(),
                    labelShape, out);
            params.forEach((name, p) -> p.attach(() -> sd.getArrForVarName(name)));
            m.applyFreezing();
            return m;
        }

        /** The label placeholder's shape, checking a declared label shape against the output for the loss. */
        private static long[] labelPlaceholder(String lossName, long[] declared, long[] out) {
            boolean classification = CLASSIFICATION_LOSSES.contains(lossName);
            long classes = classification && out != null && out.length == 2 ? out[1] : -1;
            if (declared != null) {
                if (classes > 0) {
                    if (!(declared.length == 1 && (declared[0] == classes || declared[0] == 1))) {
                        throw new IllegalArgumentException("labelShape " + Arrays.toString(declared) + " does not fit the model's " + classes
                                + " outputs: " + lossName + " takes one-hot labels [" + classes + "] or class indices [1]");
                    }
                    return new long[]{-1, classes};
                }
                if (ELEMENTWISE_LOSSES.contains(lossName) && out != null && !Arrays.equals(prepend(-1, declared), out)) {
                    throw new IllegalArgumentException("labelShape " + Arrays.toString(declared) + " does not match the output "
                            + Shape.show(out) + ": " + lossName + " compares labels and outputs element by element");
                }
                return prepend(-1, declared);
            }
            if (classes > 0) {
                return new long[]{-1, classes};
            }
            if (ELEMENTWISE_LOSSES.contains(lossName) && out != null) {
                return out.clone();
            }
            return new long[]{-1, -1};
        }

        private static long[] prepend(long first, long[] rest) {
            long[] out = new long[rest.length + 1];
            out[0] = first;
            System.arraycopy(rest, 0, out, 1, rest.length);
            return out;
        }
    }

    /** The SameDiff graph (for advanced use: extra outputs, custom training loops). */
    public SameDiff sameDiff() {
        return sd;
    }

    /**
     * The module the model was built from (its parameters live in this model, see
     * {@link Parameter#attach}); for a loaded model the rebuilt tree, or null when the tree had
     * modules other than ml-core's built-in ones (see {@link #load}).
     */
    public Module module() {
        return module;
    }

    /** The shape of one example, without the batch dimension. */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /**
     * The shape of a batch's output with {@code -1} for the batch, e.g. {@code [-1, 10]}: from the
     * modules' shape rules, or, where a module has none, found once by running the model on one
     * all-zero example. Null if neither works.
     */
    public synchronized long[] outputShape() {
        if (!outputShapeResolved) {
            outputShapeResolved = true;
            try {
                INDArray one = Nd4j.zeros(dataType, prepend(1, inputShape));
                boolean training = isTraining();
                setTraining(false);
                try {
                    long[] s = sd.output(Map.of(INPUT, one), OUTPUT).get(OUTPUT).shape().clone();
                    if (s.length > 0) {
                        s[0] = -1;
                        outputShape = s;
                    }
                } finally {
                    setTraining(training);
                }
            } catch (RuntimeException e) {
                LOG.debug("the output shape could not be found by running one example: {}", e.toString());
            }
        }
        return outputShape == null ? null : outputShape.clone();
    }

    private boolean isTraining() {
        return sd.hasVariable(Graph.TRAINING_FLAG) && sd.getArrForVarName(Graph.TRAINING_FLAG).getDouble(0) != 0;
    }

    private static long[] prepend(long first, long[] rest) {
        return Builder.prepend(first, rest);
    }

    public DataType dataType() {
        return dataType;
    }

    public String lossName() {
        return lossName;
    }

    /** The module tree printout the model was built from. */
    public String description() {
        return description;
    }

    public List<String> parameterNames() {
        return parameterNames;
    }

    /**
     * Makes the graph match what is frozen: the parameters of frozen modules and those frozen by
     * name with {@link #freeze(String...)} become constants (so no updater touches them), the
     * others variables. Called by the builder, by {@link #freeze}/{@link #unfreeze} and by the
     * {@code Trainer} before each epoch; call it after freezing a module of a built model.
     *
     * @return true if anything changed (the optimizer state of changed parameters starts afresh)
     */
    public boolean applyFreezing() {
        Set<String> frozen = new LinkedHashSet<>(frozenNames);
        if (module != null) {
            frozen.addAll(module.frozenParameters().keySet());
        }
        List<SDVariable> toConstant = new ArrayList<>();
        List<SDVariable> toVariable = new ArrayList<>();
        for (String name : parameterNames) {
            SDVariable v = sd.getVariable(name);
            if (frozen.contains(name) && v.getVariableType() == VariableType.VARIABLE) {
                toConstant.add(v);
            } else if (!frozen.contains(name) && v.getVariableType() == VariableType.CONSTANT) {
                toVariable.add(v);
            }
        }
        if (!toConstant.isEmpty()) {
            sd.convertToConstants(toConstant);
        }
        if (!toVariable.isEmpty()) {
            sd.convertToVariables(toVariable);
        }
        boolean changed = !toConstant.isEmpty() || !toVariable.isEmpty();
        if (changed && executor != null) {
            executor.invalidate(); // the gradient graph is rebuilt by SameDiff; recorded plans refer to the old one
        }
        return changed;
    }

    /** Names of the parameters that training currently updates. */
    public Set<String> trainableParameterNames() {
        Set<String> out = new LinkedHashSet<>();
        for (String name : parameterNames) {
            if (sd.getVariable(name).getVariableType() == VariableType.VARIABLE) {
                out.add(name);
            }
        }
        return out;
    }

    /**
     * Freezes every parameter whose hierarchical name is a prefix's name or lies below it
     * ({@code "0"} and {@code "0."} both mean {@code 0.weight}, {@code 0.bias}, {@code 0.conv.weight},
     * …; {@code ""} means all) and applies it at once. Works on loaded models (which have no module
     * tree) as well; a loaded model keeps what was frozen when it was saved.
     *
     * @throws IllegalArgumentException if a prefix matches no parameter (naming it and the parameters)
     */
    public Model freeze(String... prefixes) {
        frozenNames.addAll(matching("freeze", prefixes));
        applyFreezing();
        return this;
    }

    /**
     * Undoes {@link #freeze(String...)} for the matching parameters and applies it at once.
     *
     * @throws IllegalArgumentException if a prefix matches no parameter, or matches parameters of a
     *                                  module frozen with {@code Module.freeze()} (unfreeze that module instead)
     */
    public Model unfreeze(String... prefixes) {
        Set<String> names = matching("unfreeze", prefixes);
        if (module != null) {
            Set<String> byModule = new TreeSet<>(module.frozenParameters().keySet());
            byModule.retainAll(names);
            if (!byModule.isEmpty()) {
                throw new IllegalArgumentException("unfreeze: " + byModule + " belong to a module frozen with Module.freeze(); "
                        + "call unfreeze() on that module (Model.unfreeze undoes Model.freeze only)");
            }
        }
        frozenNames.removeAll(names);
        applyFreezing();
        return this;
    }

    /** Names of the parameters that training currently leaves unchanged. */
    public Set<String> frozenParameterNames() {
        Set<String> out = new LinkedHashSet<>(parameterNames);
        out.removeAll(trainableParameterNames());
        return out;
    }

    private Set<String> matching(String what, String... prefixes) {
        Set<String> out = new LinkedHashSet<>();
        for (String prefix : prefixes) {
            String p = prefix.isEmpty() || prefix.endsWith(".") ? prefix : prefix + ".";
            List<String> hits = parameterNames.stream().filter(n -> n.equals(prefix) || n.startsWith(p)).toList();
            if (hits.isEmpty()) {
                throw new IllegalArgumentException(what + ": no parameter is named '" + prefix + "' or lies below it; the parameters are "
                        + abbreviated(parameterNames));
            }
            out.addAll(hits);
        }
        return out;
    }

    private static String abbreviated(List<String> names) {
        return names.size() <= 12 ? names.toString()
                : names.subList(0, 12).toString().replace("]", ", … (" + names.size() + " in all)]");
    }

    /**
     * The executor that runs this model's graph (predict, evaluate and the {@link
     * io.github.mlplatform.core.train.Trainer} use it): SameDiff's session on first use per input
     * shape, then a replay of the recorded ops (see {@link GraphExecutor}). Callers that change
     * the graph through {@link #sameDiff()} should call {@link GraphExecutor#invalidate()}.
     * Not thread-safe: the model's own methods synchronise on it.
     */
    public synchronized GraphExecutor executor() {
        if (executor == null) {
            executor = new GraphExecutor(sd);
        }
        return executor;
    }

    /** Switches dropout-like modules between training (true) and evaluation (false) behaviour. */
    public void setTraining(boolean training) {
        if (sd.hasVariable(Graph.TRAINING_FLAG)) {
            sd.getArrForVarName(Graph.TRAINING_FLAG).assign(training ? 1.0 : 0.0);
        }
    }

    /**
     * The output (e.g. logits) for a batch of inputs {@code [batch, inputShape...]}, in evaluation mode.
     *
     * @throws IllegalArgumentException if the input does not have the model's input shape (see {@link #feed})
     */
    public INDArray predict(INDArray input) {
        INDArray x = features(input);
        setTraining(false);
        GraphExecutor ex = executor();
        synchronized (ex) {
            return ex.run(Map.of(INPUT, x), List.of(OUTPUT), List.of()).outputs().get(OUTPUT).dup();
        }
    }

    /** The arg-max class of each row of the output. */
    public int[] predictClasses(INDArray input) {
        INDArray out = predict(input);
        INDArray idx = Nd4j.argMax(out, 1);
        return idx.toIntVector();
    }

    /**
     * The mean loss of one batch, in evaluation mode.
     *
     * @throws IllegalArgumentException if the features or labels do not fit the model (see {@link #feed})
     */
    public double loss(INDArray input, INDArray labels) {
        Map<String, INDArray> feed = feed(input, labels);
        setTraining(false);
        GraphExecutor ex = executor();
        synchronized (ex) {
            return ex.run(feed, List.of(LOSS), List.of()).outputs().get(LOSS).getDouble(0);
        }
    }

    /**
     * Checks one batch and returns what the graph is fed: {@value #INPUT} and {@value #LABELS}, cast
     * to the model's data type, class-index labels converted to one-hot.
     * <ul>
     *   <li>features must be {@code [N, inputShape...]} with N ≥ 1;</li>
     *   <li>labels must have N rows; for {@code cross_entropy} and {@code nll} they are one-hot
     *       {@code [N, C]} or class indices {@code [N]} / {@code [N, 1]} (whole numbers 0..C−1 of any
     *       numeric type) for the model's C outputs; for {@code mse} and {@code bce_with_logits} they
     *       have the output's shape; for other losses the declared {@link Builder#labelShape}, if any.</li>
     * </ul>
     *
     * @throws IllegalArgumentException with one line naming what was wrong and what was expected,
     *                                  e.g. "labels: class 10 at row 3 (0-based) is out of range for 10 outputs (expected 0..9)"
     */
    public Map<String, INDArray> feed(INDArray features, INDArray labels) {
        INDArray x = features(features);
        return Map.of(INPUT, x, LABELS, labels(labels, x.size(0)));
    }

    private INDArray features(INDArray input) {
        if (input == null) {
            throw new IllegalArgumentException("features: none given; expected [batch, " + joined(inputShape) + "]");
        }
        long[] s = input.shape();
        if (s.length != inputShape.length + 1 || !Arrays.equals(Arrays.copyOfRange(s, 1, s.length), inputShape)) {
            throw new IllegalArgumentException("features: expected shape [batch, " + joined(inputShape) + "] (the model's input shape), got "
                    + Arrays.toString(s));
        }
        if (s[0] == 0) {
            throw new IllegalArgumentException("features: the batch is empty (" + Arrays.toString(s) + "); expected at least one example");
        }
        return input.dataType() == dataType ? input : input.castTo(dataType);
    }

    private INDArray labels(INDArray labels, long rows) {
        if (labels == null) {
            throw new IllegalArgumentException("labels: none given; the loss " + lossName + " needs labels for each of the " + rows + " examples");
        }
        long[] s = labels.shape();
        if (s.length == 0 || s[0] != rows) {
            throw new IllegalArgumentException("labels: " + (s.length == 0 ? "a scalar" : s[0] + " rows (shape " + Arrays.toString(s) + ")")
                    + ", but the features have " + rows + "; expected one label row per example");
        }
        long[] out = outputShape();
        if (CLASSIFICATION_LOSSES.contains(lossName) && out != null && out.length == 2) {
            long classes = out[1];
            boolean indices = s.length == 1 || (s.length == 2 && s[1] == 1 && classes != 1);
            if (indices) {
                return oneHot(labels, rows, classes);
            }
            if (s.length != 2 || s[1] != classes) {
                throw new IllegalArgumentException("labels: expected one-hot [" + rows + ", " + classes + "] or class indices [" + rows
                        + "] in 0.." + (classes - 1) + " for the model's " + classes + " outputs, got " + Arrays.toString(s));
            }
        } else if (ELEMENTWISE_LOSSES.contains(lossName) && out != null) {
            long[] expected = out.clone();
            expected[0] = rows;
            if (!Arrays.equals(s, expected)) {
                throw new IllegalArgumentException("labels: expected " + Arrays.toString(expected) + " like the model's output ("
                        + lossName + " compares them element by element), got " + Arrays.toString(s));
            }
        } else if (labelShape != null && !Arrays.equals(Arrays.copyOfRange(s, 1, s.length), labelShape)) {
            throw new IllegalArgumentException("labels: expected [" + rows + ", " + joined(labelShape) + "] (the declared label shape), got "
                    + Arrays.toString(s));
        }
        return labels.dataType() == dataType ? labels : labels.castTo(dataType);
    }

    /** Class indices {@code [N]} or {@code [N, 1]} as one-hot rows {@code [N, classes]}, each index checked. */
    private INDArray oneHot(INDArray labels, long rows, long classes) {
        if (!labels.dataType().isNumerical()) {
            throw new IllegalArgumentException("labels: class indices must be numbers, got data type " + labels.dataType());
        }
        if (rows * classes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("labels: " + rows + " rows of " + classes + " classes is too large to convert to one-hot");
        }
        double[] idx = labels.reshape(rows).castTo(DataType.DOUBLE).toDoubleVector();
        double[] hot = new double[(int) (rows * classes)];
        for (int i = 0; i < idx.length; i++) {
            double c = idx[i];
            if (c != Math.rint(c)) {
                throw new IllegalArgumentException("labels: class " + c + " at row " + i + " (0-based) is not a whole number; class indices must be 0.."
                        + (classes - 1) + " (or give one-hot rows [N, " + classes + "])");
            }
            if (c < 0 || c >= classes) {
                throw new IllegalArgumentException("labels: class " + (long) c + " at row " + i + " (0-based) is out of range for " + classes
                        + " outputs (expected 0.." + (classes - 1) + ")");
            }
            hot[(int) (i * classes + (long) c)] = 1;
        }
        return Nd4j.create(hot, new long[]{rows, classes}, 'c').castTo(dataType);
    }

    private static String joined(long[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(a[i]);
        }
        return sb.toString();
    }

    /**
     * Evaluates on every batch of {@code data} (reset first): mean loss, accuracy and confusion
     * matrix, in evaluation mode. Labels as for {@link #feed}: one-hot rows or class indices.
     *
     * @throws IllegalArgumentException if the data are empty or a batch does not fit the model
     */
    public Evaluation evaluate(DataSetIterator data) {
        setTraining(false);
        data.reset();
        Evaluation.Accumulator acc = null;
        while (data.hasNext()) {
            DataSet ds = data.next();
            Map<String, INDArray> feed = feed(ds.getFeatures(), ds.getLabels());
            GraphExecutor ex = executor();
            int[] predicted;
            double loss;
            synchronized (ex) {
                Map<String, INDArray> res = ex.run(feed, List.of(OUTPUT, LOSS), List.of()).outputs();
                INDArray out = res.get(OUTPUT);
                if (acc == null) {
                    acc = new Evaluation.Accumulator((int) out.size(1));
                }
                predicted = Nd4j.argMax(out, 1).toIntVector();
                loss = res.get(LOSS).getDouble(0);
            }
            acc.add(predicted, Nd4j.argMax(feed.get(LABELS), 1).toIntVector(), loss);
        }
        data.reset();
        if (acc == null) {
            throw new IllegalArgumentException("evaluation data is empty");
        }
        return acc.result();
    }

    /**
     * Copies of the current parameter values (the graph's, i.e. what training wrote), by
     * hierarchical name. A pure read: the module tree sees the same values without it.
     */
    public Map<String, INDArray> stateDict() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String name : parameterNames) {
            out.put(name, sd.getArrForVarName(name).dup());
        }
        return out;
    }

    /** What {@link #loadStateDict(Map, boolean)} did: parameters set, parameters left as they were, entries not used. */
    public record StateDictLoad(List<String> loaded, List<String> missing, List<String> unexpected) {
        public StateDictLoad {
            loaded = List.copyOf(loaded);
            missing = List.copyOf(missing);
            unexpected = List.copyOf(unexpected);
        }

        /** True when every parameter was set and every entry used. */
        public boolean complete() {
            return missing.isEmpty() && unexpected.isEmpty();
        }

        @Override
        public String toString() {
            return "loaded " + loaded.size() + " parameters" + (missing.isEmpty() ? "" : "; missing (left as they were): " + missing)
                    + (unexpected.isEmpty() ? "" : "; unexpected (ignored): " + unexpected);
        }
    }

    /** {@link #loadStateDict(Map, boolean)} with {@code strict = true}. */
    public StateDictLoad loadStateDict(Map<String, INDArray> state) {
        return loadStateDict(state, true);
    }

    /**
     * Sets parameters from {@code state} (by hierarchical name, any floating-point type), in place:
     * predict and training use them from the next call on, and the module tree sees them. With
     * {@code strict}, every parameter must be given and nothing else (PyTorch's
     * {@code load_state_dict(strict=True)}); without, matching names are loaded, the rest is reported
     * in the result and logged. Shape mismatches are always an error. Nothing changes when it fails.
     * Works on loaded models as well.
     *
     * @throws IllegalArgumentException naming the missing, unexpected (strict only) and mis-shaped entries
     */
    public StateDictLoad loadStateDict(Map<String, INDArray> state, boolean strict) {
        java.util.Objects.requireNonNull(state, "state");
        List<String> missing = new ArrayList<>();
        List<String> loaded = new ArrayList<>();
        StringBuilder shapeErrors = new StringBuilder();
        for (String name : parameterNames) {
            INDArray v = state.get(name);
            if (v == null) {
                missing.add(name);
                continue;
            }
            long[] expected = sd.getArrForVarName(name).shape();
            if (!Arrays.equals(v.shape(), expected)) {
                shapeErrors.append(' ').append(name).append(": expected ").append(Arrays.toString(expected))
                        .append(" got ").append(Arrays.toString(v.shape())).append(';');
            } else {
                loaded.add(name);
            }
        }
        List<String> unexpected = new ArrayList<>(new TreeSet<>(state.keySet()));
        unexpected.removeAll(parameterNames);
        if (shapeErrors.length() > 0 || (strict && (!missing.isEmpty() || !unexpected.isEmpty()))) {
            throw new IllegalArgumentException("state dict does not fit the model" + (strict ? "" : " (non-strict load)")
                    + (strict && !missing.isEmpty() ? "; missing: " + missing : "")
                    + (strict && !unexpected.isEmpty() ? "; unexpected: " + unexpected : "")
                    + (shapeErrors.length() == 0 ? "" : "; shape mismatch:" + shapeErrors)
                    + (strict && shapeErrors.length() == 0 ? " (use loadStateDict(state, false) for a partial load)" : ""));
        }
        for (String name : loaded) {
            INDArray target = sd.getArrForVarName(name);
            INDArray v = state.get(name);
            target.assign(v.dataType() == target.dataType() ? v : v.castTo(target.dataType()));
        }
        StateDictLoad r = new StateDictLoad(loaded, missing, unexpected);
        if (!r.complete()) {
            LOG.info("loadStateDict (non-strict): {}", r);
        }
        return r;
    }

    /**
     * Saves the model to one file (zip: {@code model.json} + the SameDiff graph with its weights),
     * atomically. (The {@code Trainer} keeps optimizer state in its own checkpoint file.)
     */
    public void save(Path file) throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", "ml-platform-model");
        meta.put("formatVersion", FORMAT_VERSION);
        meta.put("inputShape", inputShape);
        long[] output = outputShape();
        if (output != null) {
            meta.put("outputShape", output);
        }
        if (labelShape != null) {
            meta.put("labelShape", labelShape);
        }
        meta.put("dataType", dataType.name());
        meta.put("loss", lossName);
        meta.put("parameters", parameterNames);
        meta.put("frozen", frozenParameterNames());
        meta.put("description", description);
        if (module != null) {
            JsonNode recipe = ModuleTrees.recipe(module);
            if (recipe != null) {
                meta.put("module", recipe); // lets load() rebuild the tree (ml-core's built-in modules only)
            }
        }
        byte[] metaBytes = Json.mapper().writeValueAsBytes(meta);
        Path graphTmp = Files.createTempFile("model-graph", ".sdz");
        try {
            sd.save(graphTmp.toFile(), false);
            AtomicFiles.write(file, out -> {
                try (ZipOutputStream zip = new ZipOutputStream(out)) {
                    zip.putNextEntry(new ZipEntry(ENTRY_META));
                    zip.write(metaBytes);
                    zip.closeEntry();
                    zip.putNextEntry(new ZipEntry(ENTRY_GRAPH));
                    Files.copy(graphTmp, zip);
                    zip.closeEntry();
                }
            });
        } finally {
            Files.deleteIfExists(graphTmp);
        }
    }

    /**
     * Loads a model saved with {@link #save}. It predicts, evaluates, continues training, saves,
     * reads and writes its state dict and freezes/unfreezes by name prefix. Its module tree is
     * rebuilt if it consisted of ml-core's built-in modules only, otherwise {@link #module()} is
     * null ({@link #description()} still prints the tree it was built from); see the class
     * comment. The parameters that were frozen when it was saved stay frozen.
     *
     * @throws IOException if the file is missing, not a model file, or from a newer format
     */
    public static Model load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no model file here");
        }
        JsonNode meta = null;
        Path graphTmp = Files.createTempFile("model-graph", ".sdz");
        boolean graphFound = false;
        try {
            try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
                ZipEntry e;
                while ((e = zip.getNextEntry()) != null) {
                    if (e.getName().equals(ENTRY_META)) {
                        meta = Json.mapper().readTree(zip.readAllBytes());
                    } else if (e.getName().equals(ENTRY_GRAPH)) {
                        try (OutputStream out = Files.newOutputStream(graphTmp)) {
                            zip.transferTo(out);
                        }
                        graphFound = true;
                    }
                }
            } catch (ZipException e) {
                throw new IOException(file + " is not a model file (not a zip archive): " + e.getMessage(), e);
            }
            if (meta == null || !graphFound || !"ml-platform-model".equals(meta.path("format").asText())) {
                throw new IOException(file + " is not a model file: expected entries " + ENTRY_META + " and " + ENTRY_GRAPH);
            }
            if (meta.path("formatVersion").asInt() > FORMAT_VERSION) {
                throw new IOException(file + " was written by a newer version (format " + meta.path("formatVersion").asInt()
                        + ", this library reads up to " + FORMAT_VERSION + ")");
            }
            for (String field : List.of("inputShape", "dataType", "loss", "parameters")) {
                if (!meta.hasNonNull(field)) {
                    throw new IOException(file + ": " + ENTRY_META + " has no '" + field + "'; expected the fields inputShape, dataType, loss, parameters");
                }
            }
            SameDiff sd = SameDiff.load(graphTmp.toFile(), false);
            SameDiffWorkarounds.repairCopiedOps(sd); // a loaded graph loses CompareAndSet's mode: it could not be trained again
            for (JsonNode n : meta.get("parameters")) {
                if (!sd.hasVariable(n.asText())) {
                    throw new IOException(file + ": parameter '" + n.asText() + "' listed in " + ENTRY_META + " is not in the graph");
                }
            }
            long[] inputShape = Json.mapper().convertValue(meta.get("inputShape"), long[].class);
            List<String> names = new ArrayList<>();
            meta.get("parameters").forEach(n -> names.add(n.asText()));
            long[] outputShape = meta.hasNonNull("outputShape") ? Json.mapper().convertValue(meta.get("outputShape"), long[].class) : null;
            long[] labelShape = meta.hasNonNull("labelShape") ? Json.mapper().convertValue(meta.get("labelShape"), long[].class) : null;
            Module tree = null;
            if (meta.hasNonNull("module")) {
                try {
                    tree = ModuleTrees.build(meta.get("module"));
                } catch (IllegalArgumentException e) {
                    LOG.warn("{}: the saved module tree cannot be rebuilt ({}); loading without a module tree", file, e.getMessage());
                }
            }
            if (tree != null && !fits(tree, names, sd)) {
                LOG.warn("{}: the saved module tree does not match the graph's parameters; loading without a module tree", file);
                tree = null;
            }
            Model m = new Model(sd, tree, inputShape, DataType.valueOf(meta.get("dataType").asText()),
                    meta.get("loss").asText(), names, meta.path("description").asText(), labelShape, outputShape);
            Set<String> frozenByModule = tree == null ? Set.of() : tree.frozenParameters().keySet();
            for (String n : names) {
                if (sd.getVariable(n).getVariableType() == VariableType.CONSTANT && !frozenByModule.contains(n)) {
                    m.frozenNames.add(n); // frozen parameters are constants in the saved graph
                }
            }
            if (tree != null) {
                tree.namedParameters().forEach((name, p) -> p.attach(() -> sd.getArrForVarName(name)));
            }
            return m;
        } finally {
            Files.deleteIfExists(graphTmp);
        }
    }

    /** True if {@code tree} has exactly the parameters {@code names}, in order, with the graph's shapes. */
    private static boolean fits(Module tree, List<String> names, SameDiff sd) {
        Map<String, Parameter> params = tree.namedParameters();
        if (!new ArrayList<>(params.keySet()).equals(names)) {
            return false;
        }
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            if (!Arrays.equals(e.getValue().shape(), sd.getArrForVarName(e.getKey()).shape())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sets this model's weights to those saved in {@code file}, which must come from a model with
     * the same parameters (names and shapes).
     */
    public void restore(Path file) throws IOException {
        Model loaded = load(file);
        if (!loaded.parameterNames.equals(parameterNames)) {
            throw new IOException(file + " holds parameters " + loaded.parameterNames + " but this model has " + parameterNames);
        }
        for (String name : parameterNames) {
            INDArray target = sd.getArrForVarName(name);
            INDArray source = loaded.sd.getArrForVarName(name);
            if (!Arrays.equals(target.shape(), source.shape())) {
                throw new IOException(file + ": parameter " + name + " has shape " + Arrays.toString(source.shape())
                        + " but this model expects " + Arrays.toString(target.shape()));
            }
            target.assign(source);
        }
    }
}
