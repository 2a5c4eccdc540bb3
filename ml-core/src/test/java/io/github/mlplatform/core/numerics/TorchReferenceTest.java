package io.github.mlplatform.core.numerics;

import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.SameDiffWorkarounds;
import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.nn.Activation;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every activation and loss against PyTorch 1.13, forward and gradient, float and double, one row
 * and several rows, at ordinary and extreme inputs ({@code numerics/torch-reference.json}, written
 * by {@code numerics/torch_reference.py}).
 */
class TorchReferenceTest {

    static {
        SameDiffWorkarounds.apply();
    }

    static final List<TorchReference.Case> CASES = TorchReference.load("/numerics/torch-reference.json");

    static Activation activation(String fn) {
        return switch (fn) {
            case "identity" -> Activation.identity();
            case "relu" -> Activation.relu();
            case "tanh" -> Activation.tanh();
            case "sigmoid" -> Activation.sigmoid();
            case "softplus" -> Activation.softplus();
            case "gelu" -> Activation.gelu();
            case "leakyRelu(0.01)" -> Activation.leakyRelu();
            case "leakyRelu(0.1)" -> Activation.leakyRelu(0.1);
            case "logSigmoid" -> Activation.logSigmoid();
            case "lecunTanh" -> Activation.lecunTanh();
            case "softmax" -> Activation.softmax();
            case "logSoftmax" -> Activation.logSoftmax();
            default -> null;
        };
    }

    static SDVariable loss(Graph g, String fn, SDVariable x, SDVariable labels) {
        return switch (fn) {
            case "crossEntropy" -> Loss.crossEntropyFromLogits().compute(g, "loss", x, labels);
            case "nll" -> Loss.nll().compute(g, "loss", x, labels);
            case "logSoftmax+nll" -> Loss.nll().compute(g, "loss", Activation.logSoftmax().forward(g, x), labels);
            case "mse" -> Loss.mse().compute(g, "loss", x, labels);
            case "bce" -> Loss.bceFromLogits().compute(g, "loss", x, labels);
            default -> throw new IllegalArgumentException("no loss for " + fn);
        };
    }

    /** The function's output and the gradient of its input, computed by SameDiff. */
    static INDArray[] evaluate(TorchReference.Case c) {
        SameDiff sd = SameDiff.create();
        Graph g = new Graph(sd, c.dataType());
        INDArray xArr = c.x();
        SDVariable x = sd.var("x", xArr);
        SDVariable out;
        SDVariable objective;
        Activation a = activation(c.fn());
        if (a != null) {
            out = a.forward(g, x);
            objective = sd.sum("objective", out.mul(sd.constant("upstream", c.upstream())));
        } else {
            SDVariable labels = sd.constant("labels", c.target(xArr.size(1)));
            out = loss(g, c.fn(), x, labels);
            objective = out;
        }
        sd.setLossVariables(objective);
        var r = sd.calculateGradientsAndOutputs(Map.of(), List.of(out.name()), List.of("x"));
        return new INDArray[] {r.getOutputs().get(out.name()), r.getGradients().get("x")};
    }

    /**
     * {@code grad} with the entries at NaN inputs set to 0: there the gradient is an artefact of
     * the comparison a kernel happens to use (PyTorch's relu passes the upstream gradient through
     * at NaN, SameDiff's gives 0) and the output, hence the loss, is NaN anyway.
     */
    static INDArray atFiniteOrInfiniteInputs(INDArray grad, INDArray x) {
        INDArray g = grad.dup('c');
        INDArray xc = x.dup('c');
        for (long i = 0; i < g.length(); i++) {
            if (Double.isNaN(xc.getDouble(i))) {
                g.putScalar(i, 0.0);
            }
        }
        return g;
    }

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        assertThat(CASES).hasSizeGreaterThan(100);
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            INDArray[] got = evaluate(c);
            List<String> problems = new ArrayList<>();
            String f = TorchReference.mismatch(got[0], c.out());
            if (f != null) {
                problems.add("forward: " + f);
            }
            String b = TorchReference.mismatch(atFiniteOrInfiniteInputs(got[1], c.x()), atFiniteOrInfiniteInputs(c.grad(), c.x()));
            if (b != null) {
                problems.add("gradient: " + b);
            }
            assertThat(problems).as(c.id()).isEmpty();
        }));
    }
}
