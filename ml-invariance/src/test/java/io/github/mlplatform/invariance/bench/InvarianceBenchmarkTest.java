package io.github.mlplatform.invariance.bench;

import io.github.mlplatform.invariance.Precision;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The benchmark's plumbing (arguments, one row per case, the printed table); no speed is asserted. */
class InvarianceBenchmarkTest {

    @Test
    void parsesArgumentsAndRefusesUnknownOnes() {
        InvarianceBenchmark.Config c = InvarianceBenchmark.parse(new String[] {"impl=fused", "sizes=16,32", "precision=double",
                "seconds=0.5", "inputs=both"});
        assertThat(c.impls()).containsExactly("fused");
        assertThat(c.sizes()).containsExactly(16, 32);
        assertThat(c.precision()).isEqualTo(Precision.DOUBLE);
        assertThat(c.tapestryInput()).isTrue();
        assertThat(c.denseInput()).isTrue();
        assertThatThrownBy(() -> InvarianceBenchmark.parse(new String[] {"speed=3"})).hasMessageContaining("speed");
        assertThatThrownBy(() -> InvarianceBenchmark.parse(new String[] {"impl=gpu"})).hasMessageContaining("gpu");
    }

    @Test
    void measuresEveryCaseAndPrintsATable() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        float[][] frames = SyntheticTapestry.generate(3).frames(200, 4);
        InvarianceBenchmark.Result r = InvarianceBenchmark.run(new InvarianceBenchmark.Config(List.of("fused", "nd4j"),
                new int[] {16, 32}, Precision.FLOAT, 0.05, true, false, new int[0], new int[0]), frames,
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertThat(r.rows()).hasSize(4);
        assertThat(r.rows()).extracting(InvarianceBenchmark.Row::sparseNeurons).containsExactly(16, 16, 32, 32);
        assertThat(r.rows()).allSatisfy(row -> assertThat(row.steps()).isPositive());
        assertThat(r.rows().get(0).inputDensity()).isEqualTo(SyntheticTapestry.density(frames));
        String table = buf.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("steps/s").contains("fused").contains("nd4j");
    }

    @Test
    void measuresBatchedAndParallelStreamsAsTotals() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        float[][] frames = SyntheticTapestry.generate(3).frames(200, 4);
        InvarianceBenchmark.Result r = InvarianceBenchmark.run(new InvarianceBenchmark.Config(List.of("fused"),
                new int[] {16}, Precision.FLOAT, 0.05, true, false, new int[] {1, 3}, new int[] {2}), frames,
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertThat(r.rows()).extracting(InvarianceBenchmark.Row::implementation)
                .containsExactly("fused", "nd4j-batch1", "nd4j-batch3", "fused-x2");
        InvarianceBenchmark.Row b3 = r.rows().get(2);
        // model-steps: a multiple of B (every batched step steps all 3 models), at the seed's size
        assertThat(b3.steps() % 3).isZero();
        assertThat(b3.steps()).isPositive();
        assertThat(b3.sparseNeurons()).isEqualTo(900);
        assertThat(r.rows().get(3).steps()).isPositive();
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("streams in one batch: 3").contains("threads: 2");
        assertThatThrownBy(() -> InvarianceBenchmark.parse(new String[] {"batches=0"})).hasMessageContaining("batches");
        assertThatThrownBy(() -> InvarianceBenchmark.parse(new String[] {"streams=x"})).hasMessageContaining("streams");
    }

    @Test
    void syntheticFramesLookLikeMnistWindows() {
        float[][] f = SyntheticTapestry.generate(1).frames(2000, 2);
        // MNIST has about 19% non-zero pixels; the synthetic tapestry is drawn to be similar
        assertThat(SyntheticTapestry.density(f)).isBetween(0.1, 0.3);
        // the random walk moves at most 3 pixels per step: consecutive frames overlap
        assertThat(f[100]).isNotEqualTo(f[101]);
        assertThat(SyntheticTapestry.generate(1).frames(10, 2)[9]).containsExactly(f[9]);
    }
}
