package io.github.mlplatform.regression.backprop;

import io.github.mlplatform.core.model.SameDiffWorkarounds;
import io.github.mlplatform.regression.data.NumpyRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written backward passes against central finite differences and against SameDiff's
 * automatic differentiation of the same network, in double precision; and the seed's {@code M·δ}
 * shown wrong by the same check.
 */
class BackpropGradientTest {

    private static final double H = 1e-6;

    /** A fact with both outputs away from the network's, so every gradient is non-trivial. */
    private static Fact fact() {
        return new Fact(new double[]{0.7, -1.3}, new double[]{0.4, 2.1});
    }

    /** The largest relative difference between backprop's gradients and central differences of e·e/2. */
    static double finiteDifferenceError(Network net, Fact fact) {
        Network.Gradients g = net.gradients(fact);
        double worst = 0;
        double[] x = fact.input();
        for (int j = 0; j < x.length; j++) {
            double[] up = x.clone();
            double[] down = x.clone();
            up[j] += H;
            down[j] -= H;
            double numeric = (net.loss(new Fact(up, fact.expected())) - net.loss(new Fact(down, fact.expected()))) / (2 * H);
            worst = Math.max(worst, relative(g.input()[j], numeric));
        }
        for (int l = 0; l < net.layers().size(); l++) {
            Layer layer = net.layers().get(l);
            double[] p = layer.parameters();
            for (int k = 0; k < p.length; k++) {
                double[] q = p.clone();
                q[k] = p[k] + H;
                layer.setParameters(q);
                double lossUp = net.loss(fact);
                q[k] = p[k] - H;
                layer.setParameters(q);
                double lossDown = net.loss(fact);
                layer.setParameters(p);
                worst = Math.max(worst, relative(g.parameters().get(l)[k], (lossUp - lossDown) / (2 * H)));
            }
        }
        return worst;
    }

    private static double relative(double a, double b) {
        return Math.abs(a - b) / Math.max(1e-3, Math.max(Math.abs(a), Math.abs(b)));
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void everyArchitectureMatchesFiniteDifferences(Architecture arch) {
        Network net = arch.build(new NumpyRandom(0), AffineLayer.InputGradient.TRANSPOSED);
        assertThat(finiteDifferenceError(net, fact())).as(arch.key()).isLessThan(1e-6);
    }

    @Test
    void everyMapLayerDerivativeMatchesFiniteDifferences() {
        for (MapLayer m : List.of(MapLayer.halfSquare(), MapLayer.relu(), MapLayer.leakyRelu(0.1), MapLayer.tanh(), MapLayer.sigmoid())) {
            for (double x : new double[]{-3.1, -0.4, 0.3, 2.2, 40, -40}) {
                double numeric = (m.value(x + H) - m.value(x - H)) / (2 * H);
                assertThat(relative(m.derivative(x), numeric)).as(m.name() + " at " + x).isLessThan(1e-6);
            }
        }
        // the seed's leaky ReLU formula had slope leak/2 below 0; ours has slope leak, as its derivative says
        assertThat(MapLayer.leakyRelu(0.1).value(-2)).isEqualTo(-0.2, org.assertj.core.api.Assertions.within(1e-15));
    }

    @Test
    void theSeedsUntransposedGradientFailsTheCheckOnceAnAffineLayerIsNotFirst() {
        Network seed = Architecture.AFFINE_TANH_AFFINE.build(new NumpyRandom(0), AffineLayer.InputGradient.SEED_UNTRANSPOSED);
        assertThat(finiteDifferenceError(seed, fact())).isGreaterThan(0.05);
        // as the first layer it is harmless: its input gradient is discarded, so the parameter gradients are right
        Network first = Architecture.AFFINE_HALF_SQUARE.build(new NumpyRandom(0), AffineLayer.InputGradient.SEED_UNTRANSPOSED);
        Network.Gradients g = first.gradients(fact());
        Network fixed = Architecture.AFFINE_HALF_SQUARE.build(new NumpyRandom(0), AffineLayer.InputGradient.TRANSPOSED);
        assertThat(g.parameters().get(0)).containsExactly(fixed.gradients(fact()).parameters().get(0));
    }

    @ParameterizedTest
    @EnumSource(value = Architecture.class, names = {"AFFINE_TANH_AFFINE", "WIDE_TANH"})
    void hiddenLayerNetworksMatchSameDiffAutodiff(Architecture arch) {
        Network net = arch.build(new NumpyRandom(7), AffineLayer.InputGradient.TRANSPOSED);
        Fact f = fact();
        Network.Gradients g = net.gradients(f);

        SameDiffWorkarounds.apply();
        SameDiff sd = SameDiff.create();
        AffineLayer a1 = (AffineLayer) net.layers().get(0);
        AffineLayer a2 = (AffineLayer) net.layers().get(2);
        SDVariable x = sd.var("x", Nd4j.createFromArray(f.input()).reshape(2, 1));
        SDVariable m1 = sd.var("m1", Nd4j.createFromArray(a1.weights()));
        SDVariable b1 = sd.var("b1", Nd4j.createFromArray(a1.bias()).reshape(a1.outputs(), 1));
        SDVariable m2 = sd.var("m2", Nd4j.createFromArray(a2.weights()));
        SDVariable b2 = sd.var("b2", Nd4j.createFromArray(a2.bias()).reshape(2, 1));
        SDVariable t = sd.constant("t", Nd4j.createFromArray(f.expected()).reshape(2, 1));
        SDVariable h = sd.math().tanh(m1.mmul(x).add(b1));
        SDVariable e = m2.mmul(h).add(b2).sub(t);
        SDVariable loss = e.mul(e).sum().div(2.0);
        sd.setLossVariables(loss);
        assertThat(loss.eval().getDouble(0)).isCloseTo(g.loss(), org.assertj.core.api.Assertions.within(1e-12));
        SameDiffWorkarounds.createGradFunctionQuietly(sd);
        Map<String, INDArray> auto = sd.calculateGradients(Map.of(), "x", "m1", "b1", "m2", "b2");

        assertClose(g.input(), auto.get("x"));
        assertClose(g.parameters().get(0), flatConcat(auto.get("m1"), auto.get("b1")));
        assertClose(g.parameters().get(2), flatConcat(auto.get("m2"), auto.get("b2")));
    }

    private static INDArray flatConcat(INDArray m, INDArray b) {
        return Nd4j.concat(0, m.reshape(-1), b.reshape(-1));
    }

    private static void assertClose(double[] ours, INDArray theirs) {
        double[] v = theirs.reshape(-1).toDoubleVector();
        assertThat(ours).hasSize(v.length);
        for (int i = 0; i < v.length; i++) {
            assertThat(ours[i]).as("component " + i).isCloseTo(v[i], org.assertj.core.api.Assertions.within(1e-12 * Math.max(1, Math.abs(v[i]))));
        }
    }

    @Test
    void backpropStepsEveryParameterByMinusAlphaTimesItsGradient() {
        Network net = Architecture.WIDE_TANH.build(new NumpyRandom(1), AffineLayer.InputGradient.TRANSPOSED).setAlpha(0.05);
        List<double[]> before = new ArrayList<>();
        net.layers().forEach(l -> before.add(l.parameters()));
        Network.Gradients g = net.gradients(fact());
        double loss = net.learn(fact());
        assertThat(loss).isEqualTo(g.loss());
        for (int l = 0; l < before.size(); l++) {
            double[] after = net.layers().get(l).parameters();
            for (int k = 0; k < after.length; k++) {
                assertThat(after[k]).isCloseTo(before.get(l)[k] - 0.05 * g.parameters().get(l)[k],
                        org.assertj.core.api.Assertions.within(1e-15));
            }
        }
    }
}
