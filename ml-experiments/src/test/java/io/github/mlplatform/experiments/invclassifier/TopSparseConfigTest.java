package io.github.mlplatform.experiments.invclassifier;

import io.github.mlplatform.invariance.MwtaConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The top sparse layer takes any neurons and winners the settings check accepts. */
class TopSparseConfigTest {

    @Test
    void fewerTopNeuronsThanTheDefaultWinnersAreBuilt() {
        // -P top-neurons=2 -P top-winners=2 passed the settings check and then failed after training the first layers
        MwtaConfig c = InvarianceClassifierExperiment.topSparse(100, 2, 2, 0.008);
        assertThat(c.neurons()).isEqualTo(2);
        assertThat(c.winners()).isEqualTo(2);
        assertThat(c.inputs()).isEqualTo(100);
        assertThat(c.xi()).isEqualTo(0.008);
        assertThat(c.eps()).isEqualTo(MwtaConfig.defaults().eps());
        assertThat(InvarianceClassifierExperiment.topSparse(100, 3_600, 1_000, 0.01).winners()).isEqualTo(1_000);
    }
}
