package io.github.mlplatform.experiments.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.util.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigBinderTest {

    enum Mode { FAST, SEED_PORT }

    record Demo(@Param(doc = "passes", unit = "epochs", resumable = true) int epochs,
                @Param(doc = "learning rate") double lr,
                @Param(doc = "steps between decays", unit = "epochs") int lrStep,
                @Param(doc = "big number") long seed,
                @Param(doc = "flag") boolean verbose,
                @Param(doc = "mode") Mode mode,
                @Param(doc = "name") String label,
                @Param(doc = "sizes", unit = "neurons") List<Integer> sizes,
                @Param(doc = "modes") List<Mode> modes) {
        Demo {
            Check.atLeast(epochs, 1, "epochs");
            Check.positive(lr, "lr");
        }
    }

    static final Demo DEFAULTS = new Demo(3, 0.05, 5, 42, false, Mode.FAST, "x", List.of(1, 2), List.of(Mode.FAST));
    static final ConfigBinder<Demo> B = ConfigBinder.of(Demo.class);

    static Demo bind(Setting... s) {
        return B.bind(DEFAULTS, List.of(s), "ml run demo");
    }

    @Test
    void keysAreKebabCaseComponentNames() {
        assertThat(B.keys()).extracting(ConfigBinder.Key::key)
                .containsExactly("epochs", "lr", "lr-step", "seed", "verbose", "mode", "label", "sizes", "modes");
    }

    @Test
    void bindsEveryType() {
        Demo d = bind(Setting.param("epochs", "7"), Setting.param("lr", "1e-3"), Setting.param("lr-step", "2"),
                Setting.param("seed", "12345678901"), Setting.param("verbose", "TRUE"), Setting.param("mode", "seed-port"),
                Setting.param("label", " hello "), Setting.param("sizes", "225, 900,3600"), Setting.param("modes", "fast,SEED_PORT"));
        assertThat(d).isEqualTo(new Demo(7, 1e-3, 2, 12345678901L, true, Mode.SEED_PORT, "hello", List.of(225, 900, 3600),
                List.of(Mode.FAST, Mode.SEED_PORT)));
        assertThat(bind()).isEqualTo(DEFAULTS);
    }

    @Test
    void unknownKeyNamesWhatWasTypedAndTheClosestKey() {
        assertThatThrownBy(() -> bind(Setting.param("lr-stpe", "3")))
                .hasMessage("-P lr-stpe=3: 'ml run demo' has no setting 'lr-stpe'; did you mean 'lr-step'? (see 'ml run demo --help')");
        assertThatThrownBy(() -> bind(Setting.option("--batch-size", "batch-size", 8)))
                .hasMessageStartingWith("--batch-size 8: 'ml run demo' has no setting 'batch-size'");
        assertThat(ConfigBinder.closest("optimiser", List.of("optimizer", "momentum", "lr"))).isEqualTo("optimizer");
        assertThat(ConfigBinder.closest("mnist-lr", List.of("limit", "lr", "mnist"))).isEqualTo("lr");
    }

    @Test
    void badValuesNameWhatWasTypedAndWhatIsExpected() {
        assertThatThrownBy(() -> bind(Setting.param("lr", "abc"))).hasMessage("-P lr=abc: expected a number (e.g. 0.05 or 1e-4)");
        assertThatThrownBy(() -> bind(Setting.param("epochs", "2.5"))).hasMessage("-P epochs=2.5: expected a whole number");
        assertThatThrownBy(() -> bind(Setting.param("verbose", "yes"))).hasMessage("-P verbose=yes: expected true or false");
        assertThatThrownBy(() -> bind(Setting.param("mode", "fats")))
                .hasMessage("-P mode=fats: expected one of fast, seed-port; did you mean 'fast'?");
        assertThatThrownBy(() -> bind(Setting.param("sizes", "1,x"))).hasMessageStartingWith("-P sizes=1,x: expected a comma-separated list of integer");
        assertThatThrownBy(() -> bind(Setting.param("lr", "NaN"))).hasMessageStartingWith("-P lr=NaN: expected a number");
    }

    @Test
    void recordChecksNameTheKeyAsTyped() {
        assertThatThrownBy(() -> bind(Setting.option("--epochs", "epochs", 0))).hasMessage("--epochs 0: must be at least 1");
        assertThatThrownBy(() -> bind(Setting.param("lr", "-1"))).hasMessage("-P lr=-1: must be a number > 0");
    }

    @Test
    void sameKeyTwiceWithDifferentValuesIsRefused() {
        assertThatThrownBy(() -> bind(Setting.option("--epochs", "epochs", 2), Setting.param("epochs", "3")))
                .hasMessage("--epochs 2 and -P epochs=3 set the same setting 'epochs'");
    }

    @Test
    void jsonRoundTripUsesTheSameKeys() throws Exception {
        Demo d = bind(Setting.param("mode", "seed-port"), Setting.param("lr", "1e-4"));
        Map<String, Object> m = B.toMap(d);
        assertThat(m).containsEntry("lr", 1e-4).containsEntry("lr-step", 5).containsEntry("mode", "seed-port")
                .containsEntry("sizes", List.of(1, 2)).containsEntry("modes", List.of("fast"));
        JsonNode node = Json.mapper().valueToTree(m);
        assertThat(B.fromJson(node, DEFAULTS, "config.json")).isEqualTo(d);
        assertThatThrownBy(() -> B.fromJson(Json.mapper().readTree("{\"learningRate\": 0.1}"), DEFAULTS, "x/config.json"))
                .hasMessageContaining("x/config.json: unknown setting 'learningRate'");
    }

    @Test
    void differencesSkipResumableSettingsUnlessAsked() {
        Demo d = bind(Setting.param("epochs", "9"), Setting.param("lr", "0.1"));
        assertThat(B.differences(DEFAULTS, d, false)).containsExactly("lr=0.05 → lr=0.1");
        assertThat(B.differences(DEFAULTS, d, true)).containsExactly("epochs=3 → epochs=9", "lr=0.05 → lr=0.1");
    }

    @Test
    void helpListsKeyTypeDefaultAndMeaning() {
        String help = B.help(DEFAULTS);
        assertThat(help).contains("KEY").contains("TYPE").contains("DEFAULT").contains("MEANING");
        assertThat(help.lines().filter(l -> l.strip().startsWith("lr-step ")).findFirst().orElseThrow())
                .contains("integer").contains("5 epochs").contains("steps between decays");
        assertThat(help).contains("fast|seed-port").contains("list of integer").contains("1,2 neurons")
                .contains("(--resume may change it)");
    }

    @Test
    void numbersAreShownAsTyped() {
        assertThat(ConfigBinder.text(1e-4)).isEqualTo("1e-4");
        assertThat(ConfigBinder.text(5e-4)).isEqualTo("5e-4");
        assertThat(ConfigBinder.text(0.05)).isEqualTo("0.05");
        assertThat(ConfigBinder.text(12.0)).isEqualTo("12");
        assertThat(ConfigBinder.text(0.2)).isEqualTo("0.2");
    }

    record NoParam(int x) {
    }

    @Test
    void everyComponentNeedsParam() {
        assertThatThrownBy(() -> ConfigBinder.of(NoParam.class)).hasMessageContaining("needs @Param");
    }
}
