package io.github.mlplatform.regression.backprop;

import io.github.mlplatform.regression.data.NumpyRandom;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NNBenchTest {

    @Test
    void factsAreNumpysRandnDrawsOfTheBenchSeed() {
        List<Fact> facts = NNBench.facts(Task.SWAP::ideal, NNBench.SEED, 2);
        // np.random.seed(3); np.random.randn(2), np.random.randn(2)
        assertThat(facts.get(0).input()).containsExactly(new double[]{1.7886284734303186, 0.43650985051198943}, within(1e-15));
        assertThat(facts.get(1).input()).containsExactly(new double[]{0.09649746807200862, -1.8634927033644908}, within(1e-15));
        assertThat(facts.get(0).expected()).containsExactly(0.43650985051198943, 1.7886284734303186);
        assertThat(NNBench.facts(Task.SWAP::ideal, NNBench.SEED, 2).get(1).input()).containsExactly(facts.get(1).input());
    }

    @Test
    void rollbackRestoresTheCheckpointAsOftenAsAsked() {
        Network net = Architecture.AFFINE_TANH_AFFINE.build(new NumpyRandom(0), AffineLayer.InputGradient.TRANSPOSED);
        NNBench bench = new NNBench(net, Task.IDENTITY, NNBench.SEED);
        double[] before = net.layers().get(0).parameters();
        bench.checkpoint();
        double[] first = bench.learn(50);
        assertThat(bench.net().layers().get(0).parameters()).isNotEqualTo(before);
        bench.rollback();
        assertThat(bench.net().layers().get(0).parameters()).containsExactly(before);
        assertThat(bench.learn(50)).containsExactly(first);
        bench.rollback();
        assertThat(bench.net().layers().get(0).parameters()).containsExactly(before);
        assertThatThrownBy(() -> new NNBench(net, Task.IDENTITY, 3).rollback()).hasMessageContaining("checkpoint() first");
    }

    @Test
    void curvesAndPotentialLeaveTheNetworkUnchangedAndLearnTheIdentity() {
        Network net = Architecture.AFFINE.build(new NumpyRandom(0), AffineLayer.InputGradient.TRANSPOSED);
        double[] before = net.layers().get(0).parameters();
        NNBench bench = new NNBench(net, Task.IDENTITY, NNBench.SEED);
        double potential = bench.learningPotential(100, 0.1);
        double[] curve = bench.curve(100, 0.1);
        assertThat(net.layers().get(0).parameters()).containsExactly(before);
        assertThat(potential).isEqualTo(-Math.log(curve[99]));
        // the seed: one affine layer "learns just fine" (its potential was 17.5): loss falls by orders of magnitude
        assertThat(curve[99]).isLessThan(1e-4 * curve[0]);
        List<Fact> heldOut = NNBench.facts(Task.IDENTITY::ideal, 4, 200);
        assertThat(bench.heldOutLoss(100, 0.1, heldOut)).isLessThan(1e-4 * net.meanLoss(heldOut));
    }

    @Test
    void lowPassIsScipysGaussianFilterWithReflectedEdges() {
        // scipy.ndimage.gaussian_filter(np.array([0, 0, 0, 0, 0, 8, 0, 0, 0, 0.]), 1), SciPy 1.10.1
        double[] spike = {0, 0, 0, 0, 0, 8, 0, 0, 0, 0};
        assertThat(NNBench.lowPass(spike, 1)).containsExactly(new double[]{0.0, 0.001070644996917934, 0.03545489296025013,
                0.43192901936563516, 1.9357715652528058, 3.191547754848782, 1.9357715652528058, 0.43192901936563516,
                0.03545489296025013, 0.001070644996917934}, within(1e-15));
        // gaussian_filter(np.arange(1, 11.)**2, 3): the kernel's radius 12 exceeds the 10 samples, so edges reflect twice
        double[] squares = new double[10];
        for (int i = 0; i < 10; i++) {
            squares[i] = (i + 1) * (i + 1);
        }
        assertThat(NNBench.lowPass(squares, 3)).containsExactly(new double[]{11.90105395776083, 14.103858149897263,
                18.42384920214647, 24.666715702375548, 32.48340703773948, 41.31362267892365, 50.350532908722585,
                58.572235175726824, 64.87647892961516, 68.30824625709221}, within(1e-12));
        assertThat(NNBench.lowPass(spike, 0)).containsExactly(spike);
        assertThatThrownBy(() -> NNBench.lowPass(spike, -1)).hasMessageContaining("sigma must be a finite number >= 0");
    }

    @Test
    void parametersSurviveASaveAndLoadBitForBit(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Network net = Architecture.WIDE_TANH.build(new NumpyRandom(5), AffineLayer.InputGradient.TRANSPOSED).setAlpha(0.03);
        new NNBench(net, Task.XOR, NNBench.SEED).learn(200);
        java.nio.file.Path file = dir.resolve("net.txt");
        net.saveParameters(file);
        Network other = Architecture.WIDE_TANH.build(new NumpyRandom(6), AffineLayer.InputGradient.TRANSPOSED);
        other.loadParameters(file);
        assertThat(other.alpha()).isEqualTo(0.03);
        for (int l = 0; l < 3; l++) {
            assertThat(other.layers().get(l).parameters()).containsExactly(net.layers().get(l).parameters());
        }
        Fact probe = new Fact(new double[]{0.3, -0.8}, new double[]{1, -1});
        assertThat(other.forward(probe.input())).containsExactly(net.forward(probe.input()));
        Network wrong = Architecture.AFFINE_TANH_AFFINE.build(new NumpyRandom(6), AffineLayer.InputGradient.TRANSPOSED);
        double[] before = wrong.layers().get(0).parameters();
        assertThatThrownBy(() -> wrong.loadParameters(file)).hasMessageContaining("expected 'affine(2→2)'");
        assertThat(wrong.layers().get(0).parameters()).containsExactly(before);
    }

    @Test
    void badInputsGetOneClearMessage() {
        assertThatThrownBy(() -> Architecture.WIDE_TANH.build(new NumpyRandom(0), AffineLayer.InputGradient.SEED_UNTRANSPOSED))
                .hasMessageContaining("needs a square M");
        Network net = Architecture.AFFINE.build(new NumpyRandom(0), AffineLayer.InputGradient.TRANSPOSED);
        assertThatThrownBy(() -> net.learn(new Fact(new double[]{1, 2, 3}, new double[]{1, 2})))
                .hasMessageContaining("affine(2→2): input must have length 2, got 3");
        assertThatThrownBy(() -> net.learn(new Fact(new double[]{1, 2}, new double[]{1})))
                .hasMessageContaining("expected output has length 1 but the network gives 2 outputs");
        assertThatThrownBy(() -> net.setAlpha(-0.1)).hasMessageContaining("alpha must be a finite number >= 0");
        assertThatThrownBy(() -> new NNBench(net, Task.XOR, -1)).hasMessageContaining("seed");
        assertThatThrownBy(() -> new MapLayer("relu", Math::abs, x -> 1).backprop(new double[1], 0.1))
                .hasMessageContaining("backprop before forward");
    }

    @Test
    void theSeedsGradientIsHarmlessFirstAndWrongAfterAHiddenLayer() {
        for (Task task : Task.values()) {
            double[] seed = new NNBench(Architecture.AFFINE_RELU.build(new NumpyRandom(0), AffineLayer.InputGradient.SEED_UNTRANSPOSED),
                    task, NNBench.SEED).curve(300, 0.1);
            double[] fixed = new NNBench(Architecture.AFFINE_RELU.build(new NumpyRandom(0), AffineLayer.InputGradient.TRANSPOSED),
                    task, NNBench.SEED).curve(300, 0.1);
            assertThat(seed).as(task.key()).containsExactly(fixed);
            double[] seedHidden = new NNBench(Architecture.AFFINE_TANH_AFFINE.build(new NumpyRandom(0),
                    AffineLayer.InputGradient.SEED_UNTRANSPOSED), task, NNBench.SEED).curve(300, 0.1);
            double[] fixedHidden = new NNBench(Architecture.AFFINE_TANH_AFFINE.build(new NumpyRandom(0),
                    AffineLayer.InputGradient.TRANSPOSED), task, NNBench.SEED).curve(300, 0.1);
            assertThat(seedHidden).as(task.key()).isNotEqualTo(fixedHidden);
        }
    }
}
