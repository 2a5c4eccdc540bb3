package io.github.mlplatform.experiments.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Using the modules from Maven" recipe is the bom-consumer integration-test project
 * verbatim, so what users paste is what the build compiles and runs against a fresh repository.
 */
class ReadmeMavenRecipeTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path CONSUMER = ROOT.resolve("ml-experiments/src/it/bom-consumer");

    private static String readme() throws IOException {
        return Files.readString(ROOT.resolve("README.md"));
    }

    @Test
    void readmeHoldsTheConsumerPomFragment() throws IOException {
        String pom = Files.readString(CONSUMER.resolve("pom.xml"));
        String begin = "<!-- README:maven:begin -->\n";
        String fragment = pom.substring(pom.indexOf(begin) + begin.length(), pom.indexOf("  <!-- README:maven:end -->"));
        String deIndented = fragment.lines().map(l -> l.startsWith("  ") ? l.substring(2) : l)
                .collect(Collectors.joining("\n"));
        assertThat(readme()).contains("```xml\n" + deIndented + "\n```");
    }

    @Test
    void readmeHoldsTheConsumerExampleClass() throws IOException {
        String java = Files.readString(CONSUMER.resolve("src/main/java/example/TrainMnist.java"));
        assertThat(readme()).contains("```java\n" + java + "```");
    }
}
