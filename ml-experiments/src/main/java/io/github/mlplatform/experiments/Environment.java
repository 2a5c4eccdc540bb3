package io.github.mlplatform.experiments;

import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** What a run ran on: backend, threads, versions and machine, for run records and {@code ml info}. */
public final class Environment {

    private Environment() {
    }

    public static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        m.put("backend", String.valueOf(env.getOrDefault("backend", Nd4j.getBackend().getClass().getSimpleName())));
        m.put("nd4j_backend_class", Nd4j.getBackend().getClass().getName());
        m.put("nd4j_platform_extension", System.getProperty("org.bytedeco.javacpp.platform.extension", ""));
        m.put("blas_vendor", String.valueOf(env.getOrDefault("blas.vendor", "?")));
        m.put("omp_threads", String.valueOf(env.getOrDefault("omp.threads", "?")));
        m.put("blas_threads", String.valueOf(env.getOrDefault("blas.threads", "?")));
        m.put("OMP_NUM_THREADS", System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"));
        m.put("SD_MAX_THREADS", System.getenv().getOrDefault("SD_MAX_THREADS", "(unset)"));
        m.put("native_threads", NativeThreads.describe());
        // glibc's allocator settings that `./ml` exports (large native temporaries reused, not re-faulted)
        m.put("MALLOC_MMAP_MAX_", System.getenv().getOrDefault("MALLOC_MMAP_MAX_", "(unset)"));
        m.put("MALLOC_TRIM_THRESHOLD_", System.getenv().getOrDefault("MALLOC_TRIM_THRESHOLD_", "(unset)"));
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("nd4j_version", "1.0.0-M2.1");
        m.put("platform_version", Environment.class.getPackage().getImplementationVersion() == null
                ? "dev" : Environment.class.getPackage().getImplementationVersion());
        return m;
    }
}
