package io.github.mlplatform.spark;

import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The JVM options Spark 3.5 needs on Java 17 are the ones its own launcher uses, in ./ml and in this build's test JVMs. */
class SparkFlagsTest {

    @Test
    void theMlScriptPassesEveryOptionOfSparksLauncher() throws Exception {
        String script = Files.readString(Path.of("..", "ml"));
        for (String option : JavaModuleOptions.defaultModuleOptions().split(" ")) {
            assertThat(script).as("./ml sweep must pass " + option).contains(option);
        }
    }

    @Test
    void thisTestJvmGotThemFromThePom() {
        var args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String option : JavaModuleOptions.defaultModuleOptions().split(" ")) {
            assertThat(args).as("ml-spark's spark.java.options must hold " + option).contains(option);
        }
    }
}
