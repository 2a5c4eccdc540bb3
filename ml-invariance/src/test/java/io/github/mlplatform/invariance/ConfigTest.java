package io.github.mlplatform.invariance;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTest {

    @Test
    void defaultsAreTheSeedsFinalConfiguration() {
        MwtaConfig s = MwtaConfig.defaults();
        assertThat(s).isEqualTo(new MwtaConfig(30 * 30, 20 * 20, 4, 0.008, 1e-10, 0.2));
        EmaInvariantConfig i = EmaInvariantConfig.defaults();
        assertThat(i).isEqualTo(new EmaInvariantConfig(10 * 10, 900, 2.0 / 6, 0.05, 0.0005, 1e-10, 0.1, 2000, 9));
        assertThat(EmaInvariantConfig.neurons49().neurons()).isEqualTo(49);
        assertThat(EmaInvariantConfig.neurons49().renormSum()).isEqualTo(18.0);
        assertThat(EmaInvariantConfig.forNeurons(49)).isEqualTo(EmaInvariantConfig.neurons49());
        assertThat(EmaInvariantConfig.forNeurons(100)).isEqualTo(EmaInvariantConfig.defaults());
    }

    @Test
    void badValuesNameTheField() {
        assertThatThrownBy(() -> MwtaConfig.defaults().withWinners(0)).hasMessageContaining("MwtaConfig.winners");
        assertThatThrownBy(() -> MwtaConfig.defaults().withXi(-1)).hasMessageContaining("MwtaConfig.xi");
        assertThatThrownBy(() -> EmaInvariantConfig.defaults().withRenormEvery(-2)).hasMessageContaining("renormEvery");
        assertThatThrownBy(() -> EmaInvariantConfig.defaults().withRates(Double.NaN, 0)).hasMessageContaining("leta");
        assertThatThrownBy(() -> InvarianceModel.create(Implementation.FUSED, MwtaConfig.defaults(),
                EmaInvariantConfig.defaults().withInputs(10), Precision.FLOAT, 1)).hasMessageContaining("inputs");
        assertThatThrownBy(() -> Precision.parse("half", "-P precision")).hasMessageContaining("-P precision");
    }
}
