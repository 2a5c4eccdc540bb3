package io.github.mlplatform.experiments;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sizes that would exhaust memory, crash the JVM in native code or be silently clamped to the data
 * are refused before anything runs or is written: exit 2 and one line naming the key and its range.
 */
class OversizedSettingsTest {

    @TempDir
    Path out;

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
            "bench, comparative, batch-size=2000000000, 'must be in 1..65,536'",
            "bench, self-attention, batch-size=3000000, 'must be in 1..1,024'",
            "run, self-attention, width=1000000, 'must be in 1..1,024'",
            "run, self-attention, test-limit=20000, 'must be in 0..10,000'",
            "run, fashion-mlp, hidden=2000000000, 'every width must be in 1..65,536'",
            "run, fashion-mlp, limit=70000, 'must be in 0..60,000'",
            "run, comparative, classify-digits=20000, 'must be in 0..10,000'",
            "run, comparative, test-pairs=99999998, 'must be an even number in 2..10,000,000'",
    })
    void isRefusedUpFrontNamingTheKey(String command, String experiment, String setting, String message) throws Exception {
        CliTest.Outcome o = command.equals("run")
                ? CliTest.ml("run", experiment, "-P", setting, "--out", out.toString())
                : CliTest.ml("bench", experiment, "-P", setting);
        assertThat(o.code()).as(o.err()).isEqualTo(2);
        assertThat(o.err()).contains("-P " + setting + ": " + message);
        assertThat(o.err().lines().filter(l -> !l.isBlank()).count()).as(o.err()).isLessThanOrEqualTo(2);
        if (Files.exists(out)) {
            try (var s = Files.list(out)) {
                assertThat(s.count()).as("nothing written for a refused setting").isZero();
            }
        }
    }
}
