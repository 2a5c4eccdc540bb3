package io.github.mlplatform.core;

import io.github.mlplatform.core.progress.Progress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A status given as a supplier is made only when progress is shown, and the newest one is shown. */
class ProgressStatusTest {

    @Test
    void theStatusIsFormattedOnlyWhenShown() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicInteger made = new AtomicInteger();
        try (Progress p = Progress.start("loop", 1000, true, 10_000, new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            for (int i = 1; i <= 1000; i++) {
                int step = i;
                p.step(1, () -> {
                    made.incrementAndGet();
                    return "at " + step;
                });
            }
        }
        // a terminal bar redraws at most every 200 ms, plus once at the end: far fewer than 1000
        assertThat(made.get()).isBetween(1, 20);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("at 1000");
    }
}
