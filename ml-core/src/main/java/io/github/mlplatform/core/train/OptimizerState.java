package io.github.mlplatform.core.train;

import io.github.mlplatform.core.io.AtomicFiles;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The optimizer's per-parameter state (e.g. Adam's moments) and step counters, kept as one flat
 * array per parameter so it can be checkpointed and restored exactly.
 */
final class OptimizerState {

    private static final int MAGIC = 0x4D4C4F53; // "MLOS"

    private final IUpdater updater;
    private final Map<String, INDArray> views = new LinkedHashMap<>();
    private final Map<String, GradientUpdater<?>> updaters = new LinkedHashMap<>();
    int iteration;

    OptimizerState(IUpdater updater) {
        this.updater = updater;
    }

    /** The updater of a parameter, created (with fresh state) on first use. */
    GradientUpdater<?> updaterFor(String name, INDArray param) {
        GradientUpdater<?> u = updaters.get(name);
        if (u == null) {
            long size = updater.stateSize(param.length());
            INDArray view = size == 0 ? null : Nd4j.zeros(param.dataType(), 1, size);
            u = updater.instantiate(view, true);
            if (view != null) {
                u.setStateViewArray(view, param.shape(), param.ordering(), true);
                views.put(name, view);
            }
            updaters.put(name, u);
        }
        return u;
    }

    /** Forgets the state of parameters that are no longer trained (frozen since). */
    void retainOnly(Set<String> names) {
        updaters.keySet().retainAll(names);
        views.keySet().retainAll(names);
    }

    void save(Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            // buffered: Nd4j.write/read go value by value through the Data*Stream
            DataOutputStream d = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
            d.writeInt(MAGIC);
            d.writeInt(iteration);
            d.writeInt(views.size());
            for (var e : views.entrySet()) {
                d.writeUTF(e.getKey());
                Nd4j.write(e.getValue(), d);
            }
            d.flush();
        });
    }

    /** Restores saved state; parameters are matched by name and must have the same state size. */
    void load(Path file, Map<String, INDArray> params) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16); DataInputStream d = new DataInputStream(in)) {
            if (d.readInt() != MAGIC) {
                throw new IOException(file + " is not an optimizer-state file");
            }
            iteration = d.readInt();
            int n = d.readInt();
            for (int i = 0; i < n; i++) {
                String name = d.readUTF();
                INDArray saved = Nd4j.read(d);
                INDArray param = params.get(name);
                if (param == null) {
                    throw new IOException(file + ": state for unknown parameter '" + name + "'");
                }
                updaterFor(name, param);
                INDArray view = views.get(name);
                if (view == null || view.length() != saved.length()) {
                    throw new IOException(file + ": optimizer state of '" + name + "' has " + saved.length()
                            + " values, expected " + (view == null ? 0 : view.length()) + " (different optimizer?)");
                }
                view.assign(saved.castTo(view.dataType()).reshape(view.shape()));
            }
        }
    }

    static DataType dataTypeOf(INDArray a) {
        return a.dataType();
    }
}
