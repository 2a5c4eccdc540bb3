package io.github.mlplatform.core.util;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.util.List;

/**
 * Silences the warnings ND4J/SameDiff 1.0.0-M2.1 logs on every start or graph build although
 * nothing is wrong, so that a user's log shows this platform's progress and real problems:
 * <ul>
 *   <li>{@code org.nd4j.imports.converters.ImportClassMapping}: "Duplicate TF op mapping found for
 *       op ..." (twice per JVM, from ND4J's own op table);</li>
 *   <li>{@code org.nd4j.autodiff.functions.DifferentialFunction}: "No fields found for property
 *       name ..." (per loss op built, from ND4J's property reflection).</li>
 * </ul>
 * Only loggers the user has not configured are touched: a level set for them in the user's
 * logging configuration wins. Supported bindings: Logback (level set to ERROR) and slf4j-simple
 * (its per-logger system property set to {@code error} unless present); with other bindings set
 * those two loggers to ERROR in your own configuration.
 */
public final class Nd4jLogging {

    /** The ND4J loggers whose warnings carry no information for users of this platform. */
    public static final List<String> NOISY_LOGGERS = List.of(
            "org.nd4j.imports.converters.ImportClassMapping",
            "org.nd4j.autodiff.functions.DifferentialFunction");

    private static volatile boolean applied;

    private Nd4jLogging() {
    }

    /** Applies the levels once per JVM (idempotent; never throws). */
    public static synchronized void quietKnownWarnings() {
        if (applied) {
            return;
        }
        applied = true;
        for (String name : NOISY_LOGGERS) {
            String simpleKey = "org.slf4j.simpleLogger.log." + name;
            if (System.getProperty(simpleKey) == null) {
                System.setProperty(simpleKey, "error");
            }
        }
        quiet(NOISY_LOGGERS, "ERROR");
    }

    /**
     * Under Logback, sets each of {@code loggers} that has no level of its own (none in the user's
     * configuration) to {@code level} (a Logback level name: ERROR, WARN, INFO, ...); with any other
     * binding, or a Logback too different to configure this way, does nothing. Never throws.
     */
    public static void quiet(List<String> loggers, String level) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!factory.getClass().getName().equals("ch.qos.logback.classic.LoggerContext")) {
            return;
        }
        try {
            Class<?> levelClass = Class.forName("ch.qos.logback.classic.Level", true, factory.getClass().getClassLoader());
            Object target = levelClass.getField(level).get(null);
            Method getLogger = factory.getClass().getMethod("getLogger", String.class);
            for (String name : loggers) {
                Object logger = getLogger.invoke(factory, name);
                if (logger.getClass().getMethod("getLevel").invoke(logger) == null) {
                    logger.getClass().getMethod("setLevel", levelClass).invoke(logger, target);
                }
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            // a Logback too different to configure this way: the levels stay as they are
        }
    }
}
