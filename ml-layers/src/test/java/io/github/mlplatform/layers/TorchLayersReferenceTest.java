package io.github.mlplatform.layers;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.mlplatform.core.model.SameDiffWorkarounds;
import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The numerics layers against PyTorch 1.13, forward and gradient of the input, float and double,
 * at ordinary and extreme inputs ({@code numerics/torch-layers.json}, written by ml-core's
 * {@code src/test/resources/numerics/torch_reference.py}; its docstring says how to regenerate).
 * Tolerances as in ml-core's {@code TorchReferenceTest}: {@code 1e-12·|e| + 1e-13·max(1, max|e|)} in
 * double, {@code 1e-5·|e| + 1e-6·max(1, max|e|)} in float.
 */
class TorchLayersReferenceTest {

    static {
        SameDiffWorkarounds.apply();
    }

    record Case(String id, DataType dataType, JsonNode node) {
        INDArray array(String field) {
            return TorchLayersReferenceTest.array(node.get(field), dataType);
        }

        @Override
        public String toString() {
            return id;
        }
    }

    static List<Case> load() throws Exception {
        JsonMapper mapper = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
        try (InputStream in = TorchLayersReferenceTest.class.getResourceAsStream("/numerics/torch-layers.json")) {
            assertThat(in).as("test resource numerics/torch-layers.json").isNotNull();
            List<Case> out = new ArrayList<>();
            for (JsonNode c : mapper.readTree(in).get("cases")) {
                out.add(new Case(c.get("id").asText(), c.get("dtype").asText().equals("float64") ? DataType.DOUBLE : DataType.FLOAT, c));
            }
            return out;
        }
    }

    static INDArray array(JsonNode n, DataType dataType) {
        List<Long> shape = new ArrayList<>();
        for (JsonNode c = n; c.isArray(); c = c.get(0)) {
            shape.add((long) c.size());
        }
        List<Double> flat = new ArrayList<>();
        flatten(n, flat);
        INDArray a = Nd4j.createFromArray(flat.stream().mapToDouble(Double::doubleValue).toArray()).castTo(dataType);
        return a.reshape('c', shape.stream().mapToLong(Long::longValue).toArray());
    }

    private static void flatten(JsonNode n, List<Double> out) {
        if (n.isArray()) {
            n.forEach(c -> flatten(c, out));
        } else {
            out.add(n.asDouble());
        }
    }

    static Module module(Case c) {
        JsonNode n = c.node();
        String fn = n.get("fn").asText();
        Module m = switch (fn) {
            case "SoftmaxGrouped" -> new SoftmaxGrouped(n.get("group").asInt());
            case "SelfAttention" -> new SelfAttention((int) c.array("x").size(2), n.get("heads").asInt());
            case "LayerNorm" -> new LayerNorm(c.array("x").size(1));
            case "Softfloor" -> Softfloor.ofEpsilon(n.get("epsilon").asDouble());
            default -> throw new IllegalArgumentException("unknown layer " + fn);
        };
        m.initialise(0, c.dataType());
        Map<String, INDArray> state = new LinkedHashMap<>();
        if (n.has("weights")) {
            n.get("weights").fields().forEachRemaining(e -> state.put(e.getKey(), array(e.getValue(), c.dataType())));
        }
        if (fn.equals("LayerNorm")) {
            state.put("weight", c.array("weight"));
            state.put("bias", c.array("bias"));
        }
        if (!state.isEmpty()) {
            m.loadStateDict(state);
        }
        return m;
    }

    /** The layer's output and the gradient of its input for the case's upstream gradient. */
    static INDArray[] evaluate(Case c) {
        Module m = module(c);
        SameDiff sd = SameDiff.create();
        Graph g = new Graph(sd, c.dataType());
        m.namedParameters().forEach((name, p) -> g.bind(p, sd.var(name, p.value().dup())));
        SDVariable x = sd.var("x", c.array("x"));
        SDVariable out = m.forward(g, x);
        sd.setLossVariables(sd.sum("objective", out.mul(sd.constant("upstream", c.array("upstream")))));
        var r = sd.calculateGradientsAndOutputs(Map.of(), List.of(out.name()), List.of("x"));
        return new INDArray[] {r.getOutputs().get(out.name()), r.getGradients().get("x")};
    }

    static String mismatch(INDArray actual, INDArray expected) {
        double[] a = actual.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        double[] e = expected.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        if (a.length != e.length) {
            return "shape " + Arrays.toString(actual.shape()) + ", PyTorch " + Arrays.toString(expected.shape());
        }
        boolean dbl = expected.dataType() == DataType.DOUBLE;
        double scale = 1;
        for (double v : e) {
            scale = Double.isFinite(v) ? Math.max(scale, Math.abs(v)) : scale;
        }
        double atol = (dbl ? 1e-13 : 1e-6) * scale;
        double rtol = dbl ? 1e-12 : 1e-5;
        for (int i = 0; i < e.length; i++) {
            boolean ok = Double.isFinite(e[i]) && Double.isFinite(a[i])
                    ? Math.abs(a[i] - e[i]) <= rtol * Math.abs(e[i]) + atol
                    : Double.compare(a[i], e[i]) == 0;
            if (!ok) {
                return String.format(Locale.ROOT, "element %d (flat) is %s, PyTorch %s; all: %s vs PyTorch %s", i, a[i], e[i],
                        Arrays.toString(a), Arrays.toString(e));
            }
        }
        return null;
    }

    @TestFactory
    Stream<DynamicTest> layersMatchPyTorch() throws Exception {
        List<Case> cases = load();
        assertThat(cases).hasSizeGreaterThan(20);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            INDArray[] got = evaluate(c);
            List<String> problems = new ArrayList<>();
            String f = mismatch(got[0], c.array("out"));
            if (f != null) {
                problems.add("forward: " + f);
            }
            String b = mismatch(got[1], c.array("grad"));
            if (b != null) {
                problems.add("gradient: " + b);
            }
            assertThat(problems).as(c.id()).isEmpty();
        }));
    }
}
