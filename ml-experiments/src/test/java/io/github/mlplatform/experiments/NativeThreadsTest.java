package io.github.mlplatform.experiments;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NativeThreadsTest {

    @Test
    void setsTheNativeOpsThreadsUntilClosed() throws Exception {
        int before = NativeThreads.current();
        int perOpBefore = NativeThreads.perOp();
        int other = before == 3 ? 2 : 3;
        try (AutoCloseable t = NativeThreads.use(other)) {
            assertThat(NativeThreads.current()).isEqualTo(other);
            // libnd4j's per-op threads follow, up to its pool's size
            assertThat(NativeThreads.perOp()).isEqualTo(Math.min(other, NativeThreads.capacity()));
            assertThat(NativeThreads.describe()).isEqualTo(other + " OpenMP, " + Math.min(other, NativeThreads.capacity())
                    + " of " + NativeThreads.capacity() + " libnd4j per op");
            try (AutoCloseable unchanged = NativeThreads.use(0)) {
                assertThat(NativeThreads.current()).isEqualTo(other);
            }
        }
        assertThat(NativeThreads.current()).isEqualTo(before);
        assertThat(NativeThreads.perOp()).isEqualTo(perOpBefore);
        assertThatThrownBy(() -> NativeThreads.use(-1)).hasMessage("threads: expected 0 (as OMP_NUM_THREADS says) or more, got -1");
    }
}
