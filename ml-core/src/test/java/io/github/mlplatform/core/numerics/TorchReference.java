package io.github.mlplatform.core.numerics;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the PyTorch reference values written by {@code src/test/resources/numerics/torch_reference.py}
 * (see its docstring for the format and how to regenerate) and compares arrays with them.
 */
public final class TorchReference {

    private TorchReference() {
    }

    /** One reference case: an input, PyTorch's output and PyTorch's gradient of the input. */
    public record Case(String id, String fn, DataType dataType, JsonNode node) {

        public INDArray x() {
            return array(node.get("x"), dataType);
        }

        /** The upstream gradient the output was differentiated with (element-wise and row-wise functions). */
        public INDArray upstream() {
            return array(node.get("upstream"), dataType);
        }

        public INDArray out() {
            return array(node.get("out"), dataType);
        }

        public INDArray grad() {
            return array(node.get("grad"), dataType);
        }

        /** Class-index targets as one-hot rows {@code [N, classes]}, or the target tensor itself (MSE, BCE). */
        public INDArray target(long classes) {
            JsonNode t = node.get("target");
            if (t.get(0).isArray()) {
                return array(t, dataType);
            }
            INDArray y = Nd4j.zeros(dataType, t.size(), classes);
            for (int i = 0; i < t.size(); i++) {
                y.putScalar(i, t.get(i).asInt(), 1.0);
            }
            return y;
        }

        public double number(String field) {
            return node.get(field).asDouble();
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /** The cases of a fixture on the class path, e.g. {@code /numerics/torch-reference.json}. */
    public static List<Case> load(String resource) {
        JsonMapper mapper = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
        try (InputStream in = TorchReference.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            JsonNode root = mapper.readTree(in);
            List<Case> out = new ArrayList<>();
            for (JsonNode c : root.get("cases")) {
                DataType dt = switch (c.get("dtype").asText()) {
                    case "float32" -> DataType.FLOAT;
                    case "float64" -> DataType.DOUBLE;
                    default -> throw new IllegalStateException("unknown dtype in " + c.get("id"));
                };
                out.add(new Case(c.get("id").asText(), c.get("fn").asText(), dt, c));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Nested JSON lists (or a number) as an array of {@code dataType}; float values are exact in both types. */
    public static INDArray array(JsonNode n, DataType dataType) {
        List<Long> shape = new ArrayList<>();
        for (JsonNode c = n; c.isArray(); c = c.get(0)) {
            shape.add((long) c.size());
        }
        List<Double> flat = new ArrayList<>();
        flatten(n, flat);
        double[] v = flat.stream().mapToDouble(Double::doubleValue).toArray();
        if (shape.isEmpty()) {
            return Nd4j.scalar(dataType, v[0]);
        }
        return Nd4j.createFromArray(v).castTo(dataType).reshape('c', shape.stream().mapToLong(Long::longValue).toArray());
    }

    private static void flatten(JsonNode n, List<Double> out) {
        if (n.isArray()) {
            n.forEach(c -> flatten(c, out));
        } else {
            out.add(n.asDouble());
        }
    }

    /**
     * Null if {@code actual} matches {@code expected} element by element, else a description of the
     * worst element. Non-finite values must be identical; finite ones agree within
     * {@code rtol·|e| + atol·max(1, max|e|)}: rtol 1e-12 and atol 1e-13 in double, 1e-5 and 1e-6 in float.
     */
    public static String mismatch(INDArray actual, INDArray expected) {
        double[] a = actual.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        double[] e = expected.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        if (!java.util.Arrays.equals(actual.shape(), expected.shape()) && a.length != e.length) {
            return "shape " + java.util.Arrays.toString(actual.shape()) + ", expected " + java.util.Arrays.toString(expected.shape());
        }
        boolean dbl = expected.dataType() == DataType.DOUBLE;
        double rtol = dbl ? 1e-12 : 1e-5;
        double scale = 1;
        for (double v : e) {
            if (Double.isFinite(v)) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        double atol = (dbl ? 1e-13 : 1e-6) * scale;
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < e.length; i++) {
            double excess;
            if (!Double.isFinite(e[i]) || !Double.isFinite(a[i])) {
                excess = Double.compare(a[i], e[i]) == 0 ? 0 : Double.POSITIVE_INFINITY;
            } else {
                excess = Math.abs(a[i] - e[i]) / (rtol * Math.abs(e[i]) + atol);
            }
            if (excess > 1 && excess > worstExcess || (worst < 0 && excess > 1)) {
                worst = i;
                worstExcess = excess;
            }
        }
        if (worst < 0) {
            return null;
        }
        return String.format(Locale.ROOT, "element %d (flat) is %s, PyTorch %s; all: %s vs PyTorch %s", worst, a[worst], e[worst],
                java.util.Arrays.toString(a), java.util.Arrays.toString(e));
    }
}
