package io.github.mlplatform.experiments;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NativeThreadsTest {

    @Test
    void setsTheNativeOpsThreadsUntilClosed() throws Exception {
        int before = NativeThreads.current();
        int other = before == 3 ? 2 : 3;
        try (AutoCloseable t = NativeThreads.use(other)) {
            assertThat(NativeThreads.current()).isEqualTo(other);
            try (AutoCloseable unchanged = NativeThreads.use(0)) {
                assertThat(NativeThreads.current()).isEqualTo(other);
            }
        }
        assertThat(NativeThreads.current()).isEqualTo(before);
        assertThatThrownBy(() -> NativeThreads.use(-1)).hasMessage("threads: expected 0 (as OMP_NUM_THREADS says) or more, got -1");
    }
}
