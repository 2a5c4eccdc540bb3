package io.github.mlplatform.experiments.config;

import io.github.mlplatform.experiments.Benchmark;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.Experiments;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings table in each config record's Javadoc is the one {@link ConfigBinder#javadoc} generates
 * from the {@link Param} annotations (the same source as {@code ml run NAME --help}). Regenerate with
 * {@code -Dml.updateDocs=true}.
 */
class ConfigDocsTest {

    static final Path SOURCES = Path.of("src/main/java");

    /** Every config record of the built-in experiments and benchmarks, with its defaults. */
    static Map<Class<? extends Record>, Record> configs() {
        Map<Class<? extends Record>, Record> out = new LinkedHashMap<>();
        for (Experiment<?> e : Experiments.all().values()) {
            out.put(e.configType(), e.defaults());
            e.benchmark().ifPresent(b -> out.put(b.configType(), defaults(b)));
        }
        return out;
    }

    private static Record defaults(Benchmark<?> b) {
        return b.defaults();
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void javadocTablesAreGeneratedFromTheAnnotations() throws IOException {
        boolean update = Boolean.getBoolean("ml.updateDocs");
        List<String> stale = new ArrayList<>();
        for (Map.Entry<Class<? extends Record>, Record> e : configs().entrySet()) {
            Class<? extends Record> type = e.getKey();
            String top = type.getName().replaceFirst("\\$.*", "");
            Path file = SOURCES.resolve(top.replace('.', '/') + ".java");
            String src = Files.readString(file, StandardCharsets.UTF_8);
            int decl = src.indexOf("record " + type.getSimpleName() + "(");
            assertThat(decl).as("declaration of %s in %s", type.getSimpleName(), file).isPositive();
            int begin = src.lastIndexOf(ConfigBinder.JAVADOC_BEGIN, decl);
            assertThat(begin).as("%s: Javadoc of %s needs the settings markers", file, type.getSimpleName()).isPositive();
            int lineStart = src.lastIndexOf('\n', begin) + 1;
            String indent = src.substring(lineStart, begin); // e.g. " * " or "     * "
            int end = src.indexOf(ConfigBinder.JAVADOC_END, begin);
            int endLine = src.indexOf('\n', end) + 1;
            assertThat(end).isPositive().isLessThan(decl);
            assertThat(src.substring(end, decl)).as("%s: markers belong to the Javadoc of %s", file, type.getSimpleName())
                    .doesNotContain("record ");
            StringBuilder expected = new StringBuilder();
            for (String line : ConfigBinder.of((Class) type).javadoc(e.getValue()).split("\n")) {
                expected.append(indent).append(line).append('\n');
            }
            String actual = src.substring(lineStart, endLine);
            if (!actual.contentEquals(expected)) {
                if (update) {
                    Files.writeString(file, src.substring(0, lineStart) + expected + src.substring(endLine), StandardCharsets.UTF_8);
                } else {
                    stale.add(file + " (" + type.getSimpleName() + ")");
                }
            }
        }
        assertThat(stale).as("settings tables out of date; regenerate with: ./mvnw -pl ml-experiments -am test "
                + "-Dtest=ConfigDocsTest -Dsurefire.failIfNoSpecifiedTests=false -Dml.updateDocs=true").isEmpty();
    }
}
