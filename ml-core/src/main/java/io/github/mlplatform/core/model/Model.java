package io.github.mlplatform.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.exec.GraphExecutor;
import io.github.mlplatform.core.io.AtomicFiles;
import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.module.Parameter;
import io.github.mlplatform.core.util.Json;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

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
 */
public final class Model {

    public static final String INPUT = "input";
    public static final String LABELS = "labels";
    public static final String OUTPUT = "output";
    public static final String LOSS = "loss";

    private static final int FORMAT_VERSION = 1;

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
    private GraphExecutor executor;

    private Model(SameDiff sd, Module module, long[] inputShape, DataType dataType, String lossName,
                  List<String> parameterNames, String description) {
        this.sd = sd;
        this.module = module;
        this.inputShape = inputShape;
        this.dataType = dataType;
        this.lossName = lossName;
        this.parameterNames = List.copyOf(parameterNames);
        this.description = description;
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

        /** Shape of one example's labels without the batch dimension (default: one unknown dimension). */
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

        public Model build() {
            if (inputShape == null || inputShape.length == 0) {
                throw new IllegalStateException("Model.builder(...).inputShape(...) is required (shape of one example without the batch)");
            }
            if (!dataType.isFPType()) {
                throw new IllegalArgumentException("model data type must be floating point, got " + dataType);
            }
            module.initialise(seed, dataType);
            SameDiff sd = SameDiff.create();
            Graph g = new Graph(sd, dataType);
            SDVariable in = sd.placeHolder(INPUT, dataType, prepend(-1, inputShape));
            SDVariable labels = sd.placeHolder(LABELS, dataType, labelShape == null ? new long[]{-1, -1} : prepend(-1, labelShape));
            Map<String, Parameter> params = module.namedParameters();
            params.forEach((name, p) -> g.bind(p, sd.var(name, p.value())));
            SDVariable out = sd.identity(OUTPUT, module.forward(g, in));
            loss.compute(g, LOSS, out, labels);
            sd.setLossVariables(LOSS);
            Model m = new Model(sd, module, inputShape, dataType, loss.name(), new ArrayList<>(params.keySet()), module.summary());
            m.applyFreezing();
            return m;
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

    /** The module the model was built from, or null for a model loaded from a file. */
    public Module module() {
        return module;
    }

    public long[] inputShape() {
        return inputShape.clone();
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
     * Makes the graph match the modules' frozen flags: parameters of frozen modules become
     * constants (so no updater touches them), the others variables. Called by the builder and by
     * the {@code Trainer} before each fit; call it after freezing a module of a built model.
     *
     * @return true if anything changed (the optimizer state of changed parameters starts afresh)
     */
    public boolean applyFreezing() {
        if (module == null) {
            return false;
        }
        Set<String> frozen = module.frozenParameters().keySet();
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

    /** The output (e.g. logits) for a batch of inputs {@code [batch, inputShape...]}, in evaluation mode. */
    public INDArray predict(INDArray input) {
        checkInput(input);
        setTraining(false);
        GraphExecutor ex = executor();
        synchronized (ex) {
            return ex.run(Map.of(INPUT, input.castTo(dataType)), List.of(OUTPUT), List.of()).outputs().get(OUTPUT).dup();
        }
    }

    /** The arg-max class of each row of the output. */
    public int[] predictClasses(INDArray input) {
        INDArray out = predict(input);
        INDArray idx = Nd4j.argMax(out, 1);
        return idx.toIntVector();
    }

    /** The mean loss of one batch, in evaluation mode. */
    public double loss(INDArray input, INDArray labels) {
        checkInput(input);
        setTraining(false);
        GraphExecutor ex = executor();
        synchronized (ex) {
            return ex.run(Map.of(INPUT, input.castTo(dataType), LABELS, labels.castTo(dataType)), List.of(LOSS), List.of())
                    .outputs().get(LOSS).getDouble(0);
        }
    }

    private void checkInput(INDArray input) {
        long[] s = input.shape();
        if (s.length != inputShape.length + 1 || !Arrays.equals(Arrays.copyOfRange(s, 1, s.length), inputShape)) {
            throw new IllegalArgumentException("model input must have shape [batch, " + joined(inputShape) + "], got "
                    + Arrays.toString(s));
        }
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
     * matrix against one-hot labels, in evaluation mode.
     */
    public Evaluation evaluate(DataSetIterator data) {
        setTraining(false);
        data.reset();
        Evaluation.Accumulator acc = null;
        while (data.hasNext()) {
            DataSet ds = data.next();
            INDArray x = ds.getFeatures().castTo(dataType);
            INDArray y = ds.getLabels().castTo(dataType);
            checkInput(x);
            GraphExecutor ex = executor();
            int[] predicted;
            double loss;
            synchronized (ex) {
                Map<String, INDArray> res = ex.run(Map.of(INPUT, x, LABELS, y), List.of(OUTPUT, LOSS), List.of()).outputs();
                INDArray out = res.get(OUTPUT);
                if (acc == null) {
                    acc = new Evaluation.Accumulator((int) out.size(1));
                }
                predicted = Nd4j.argMax(out, 1).toIntVector();
                loss = res.get(LOSS).getDouble(0);
            }
            acc.add(predicted, Nd4j.argMax(y, 1).toIntVector(), loss);
        }
        data.reset();
        if (acc == null) {
            throw new IllegalArgumentException("evaluation data is empty");
        }
        return acc.result();
    }

    /** Current parameter values, by hierarchical name (copies); also copied into the module's parameters. */
    public Map<String, INDArray> stateDict() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String name : parameterNames) {
            out.put(name, sd.getArrForVarName(name).dup());
        }
        if (module != null) {
            module.namedParameters().forEach((n, p) -> p.set(out.get(n).dup()));
        }
        return out;
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
        meta.put("dataType", dataType.name());
        meta.put("loss", lossName);
        meta.put("parameters", parameterNames);
        meta.put("description", description);
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

    /** Loads a model saved with {@link #save}; it can predict, evaluate and continue training. */
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
            SameDiff sd = SameDiff.load(graphTmp.toFile(), false);
            long[] inputShape = Json.mapper().convertValue(meta.get("inputShape"), long[].class);
            List<String> names = new ArrayList<>();
            meta.get("parameters").forEach(n -> names.add(n.asText()));
            return new Model(sd, null, inputShape, DataType.valueOf(meta.get("dataType").asText()),
                    meta.get("loss").asText(), names, meta.path("description").asText());
        } finally {
            Files.deleteIfExists(graphTmp);
        }
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
        if (module != null) {
            stateDict();
        }
    }
}
