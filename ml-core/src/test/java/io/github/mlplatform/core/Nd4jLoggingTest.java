package io.github.mlplatform.core;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.util.Nd4jLogging;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class Nd4jLoggingTest {

    @Test
    void buildingAModelLogsNoKnownNd4jNoise() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        try {
            Model.builder(new Linear(3, 2)).inputShape(3).seed(1).build();
        } finally {
            root.detachAppender(appender);
        }
        assertThat(appender.list).extracting(ILoggingEvent::getLoggerName)
                .doesNotContainAnyElementsOf(Nd4jLogging.NOISY_LOGGERS);
        for (String name : Nd4jLogging.NOISY_LOGGERS) {
            assertThat(((Logger) LoggerFactory.getLogger(name)).getLevel()).isEqualTo(Level.ERROR);
        }
    }
}
