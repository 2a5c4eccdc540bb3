package io.github.mlplatform.regression.backprop;

import io.github.mlplatform.core.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A cascade of {@link Layer}s that learns facts one at a time (seed 003's {@code Network}).
 *
 * <p>For each fact {@code (x, t)}: {@code y = net(x)}, {@code e = y − t}, loss {@code E = e·e/2},
 * so {@code ∂E/∂y = e}; that gradient goes back through the layers in reverse order, each returning
 * the gradient at its input and stepping its own parameters by {@code −alpha·∂E/∂w}. This is
 * stochastic gradient descent with batch size 1 on the squared error.
 *
 * <p>Not thread-safe: layers remember their last input.
 */
public final class Network {

    /** The seed's step size ({@code self.alpha = 0.1 #FIXME}). */
    public static final double SEED_ALPHA = 0.1;

    private final List<Layer> layers = new ArrayList<>();
    private double alpha = SEED_ALPHA;

    /** An empty network (the identity map) with alpha 0.1. */
    public Network() {
    }

    /** A network of the given layers, in order. */
    public static Network of(Layer... layers) {
        Network net = new Network();
        for (Layer l : layers) {
            net.extend(l);
        }
        return net;
    }

    /** Appends a layer at the output end (the seed's {@code extend}); returns this network. */
    public Network extend(Layer layer) {
        if (layer == null) {
            throw new IllegalArgumentException("network: layer must not be null");
        }
        layers.add(layer);
        return this;
    }

    /** The layers, input end first (unmodifiable view; the layers themselves are live). */
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** The step size of {@link #learn}. */
    public double alpha() {
        return alpha;
    }

    /**
     * Sets the step size.
     *
     * @throws IllegalArgumentException if alpha is negative or not finite
     */
    public Network setAlpha(double alpha) {
        if (!(alpha >= 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a finite number >= 0, got " + alpha);
        }
        this.alpha = alpha;
        return this;
    }

    /** The output for input {@code x}. */
    public double[] forward(double[] x) {
        double[] v = x;
        for (Layer l : layers) {
            v = l.forward(v);
        }
        return v == x ? x.clone() : v;
    }

    /** {@code e·e/2} for one fact, without learning. */
    public double loss(Fact fact) {
        return halfSquaredError(forward(fact.input()), fact.expected());
    }

    /** The mean of {@link #loss} over {@code facts}, without learning (NaN for an empty list). */
    public double meanLoss(List<Fact> facts) {
        double s = 0;
        for (Fact f : facts) {
            s += loss(f);
        }
        return s / facts.size();
    }

    /**
     * Learns one fact: forward, loss, backward with updates.
     *
     * @return the fact's loss {@code e·e/2} before the update
     * @throws IllegalArgumentException if the fact's sizes do not fit the network
     */
    public double learn(Fact fact) {
        double[] y = forward(fact.input());
        double[] t = fact.expected();
        requireOutput(y, t);
        double[] grad = new double[y.length];
        double loss = 0;
        for (int i = 0; i < y.length; i++) {
            grad[i] = y[i] - t[i];
            loss += grad[i] * grad[i];
        }
        for (int i = layers.size() - 1; i >= 0; i--) {
            grad = layers.get(i).backprop(grad, alpha);
        }
        return loss / 2.0;
    }

    /**
     * Learns the facts in order, one step each, and returns the loss of the <em>last</em> one before
     * its update — the seed's {@code learn(facts)}, whose {@code loss} variable is overwritten by each
     * fact. Use {@link #learn(Fact)} per fact for a learning curve.
     *
     * @return the last fact's loss, NaN when there are no facts
     */
    public double learn(Iterable<Fact> facts) {
        double loss = Double.NaN;
        for (Fact f : facts) {
            loss = learn(f);
        }
        return loss;
    }

    /** The loss, the input gradient and each layer's parameter gradient of one fact. */
    public record Gradients(double loss, double[] input, List<double[]> parameters) {
    }

    /**
     * Back-propagation without learning: {@code ∂E/∂x} and {@code ∂E/∂w} of every layer for one fact
     * (the parameters are unchanged).
     */
    public Gradients gradients(Fact fact) {
        double[] y = forward(fact.input());
        double[] t = fact.expected();
        requireOutput(y, t);
        double[] grad = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            grad[i] = y[i] - t[i];
        }
        double loss = halfSquaredError(y, t);
        List<double[]> params = new ArrayList<>(Collections.nCopies(layers.size(), (double[]) null));
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer l = layers.get(i);
            params.set(i, l.parameterGradient(grad));
            grad = l.backprop(grad, 0);
        }
        return new Gradients(loss, grad, params);
    }

    /** A deep copy (layers, parameters, alpha): the seed's checkpoint by {@code dill.dumps}. */
    public Network copy() {
        Network c = new Network();
        c.alpha = alpha;
        for (Layer l : layers) {
            c.layers.add(l.copy());
        }
        return c;
    }

    /**
     * Writes alpha and every layer's name and parameters to a text file, atomically (one line per
     * layer: {@code name<TAB>v1 v2 ...}, each value as Java's shortest exact decimal), so that
     * {@link #loadParameters} restores them bit for bit. The layers' functions are code and are not
     * written: load into a network of the same architecture.
     */
    public void saveParameters(Path file) throws IOException {
        StringBuilder sb = new StringBuilder("alpha\t").append(alpha).append('\n');
        for (Layer l : layers) {
            sb.append(l.name()).append('\t');
            double[] p = l.parameters();
            for (int i = 0; i < p.length; i++) {
                sb.append(i == 0 ? "" : " ").append(p[i]);
            }
            sb.append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /**
     * Restores alpha and the parameters written by {@link #saveParameters}.
     *
     * @throws IllegalArgumentException if the file was written by a network with other layers (names
     *                                  or sizes differ); the network is then unchanged
     */
    public void loadParameters(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() != layers.size() + 1 || !lines.get(0).startsWith("alpha\t")) {
            throw new IllegalArgumentException(file + ": expected an alpha line and " + layers.size() + " layer lines ("
                    + describe() + "), found " + lines.size() + " lines");
        }
        List<double[]> values = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            String[] parts = lines.get(i + 1).split("\t", -1);
            Layer l = layers.get(i);
            if (parts.length != 2 || !parts[0].equals(l.name())) {
                throw new IllegalArgumentException(file + ": line " + (i + 2) + " is for layer '" + parts[0] + "', expected '"
                        + l.name() + "'");
            }
            double[] p = parts[1].isEmpty() ? new double[0]
                    : java.util.Arrays.stream(parts[1].split(" ")).mapToDouble(Double::parseDouble).toArray();
            if (p.length != l.parameters().length) {
                throw new IllegalArgumentException(file + ": layer " + l.name() + " has " + l.parameters().length
                        + " parameters, the file gives " + p.length);
            }
            values.add(p);
        }
        double a = Double.parseDouble(lines.get(0).substring("alpha\t".length()));
        setAlpha(a);
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).setParameters(values.get(i));
        }
    }

    /** The layer names joined by {@code →}, e.g. {@code affine(2→2) → map(tanh)}. */
    public String describe() {
        List<String> names = new ArrayList<>();
        for (Layer l : layers) {
            names.add(l.name());
        }
        return names.isEmpty() ? "identity" : String.join(" → ", names);
    }

    static double halfSquaredError(double[] y, double[] t) {
        requireOutput(y, t);
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            double e = y[i] - t[i];
            s += e * e;
        }
        return s / 2.0;
    }

    private static void requireOutput(double[] y, double[] t) {
        if (y.length != t.length) {
            throw new IllegalArgumentException("fact: expected output has length " + t.length + " but the network gives "
                    + y.length + " outputs");
        }
    }
}
