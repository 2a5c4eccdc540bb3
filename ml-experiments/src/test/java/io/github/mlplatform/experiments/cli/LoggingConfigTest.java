package io.github.mlplatform.experiments.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import java.net.URL;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI's logback.xml (not the tests' logback-test.xml) silences ND4J's start-up noise:
 * "Duplicate TF op mapping" (ImportClassMapping) and "No fields found for property" (DifferentialFunction),
 * and keeps the platform's own INFO lines.
 */
class LoggingConfigTest {

    @Test
    void cliLoggingDropsNd4jStartupNoiseAndKeepsOurInfo() throws Exception {
        URL config = MlCli.class.getClassLoader().getResource("logback.xml");
        assertThat(config).as("ml-experiments' logback.xml on the class path").isNotNull();
        LoggerContext ctx = new LoggerContext();
        JoranConfigurator jc = new JoranConfigurator();
        jc.setContext(ctx);
        jc.doConfigure(config);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setContext(ctx);
        seen.start();
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender("STDERR"); // keep the test's own output clean
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(seen);

        ctx.getLogger("org.nd4j.imports.converters.ImportClassMapping").warn("Duplicate TF op mapping found for op Pow: ...");
        ctx.getLogger("org.nd4j.autodiff.functions.DifferentialFunction").warn("No fields found for property name labelsSmoothing ...");
        ctx.getLogger("org.nd4j.linalg.factory.Nd4jBackend").info("Loaded [CpuBackend] backend");
        ctx.getLogger("io.github.mlplatform.core.train.Trainer").info("epoch 1/1: train loss 0.1");
        ctx.getLogger("org.nd4j.linalg.api.ops.executioner.DefaultOpExecutioner").error("a real error");

        assertThat(seen.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("epoch 1/1: train loss 0.1", "a real error");
        assertThat(ctx.getLogger("org.nd4j.imports.converters.ImportClassMapping").getEffectiveLevel()).isEqualTo(Level.ERROR);
        ctx.stop();
    }
}
