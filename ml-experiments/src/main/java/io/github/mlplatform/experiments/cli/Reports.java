package io.github.mlplatform.experiments.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;

/** Writes a run's HTML report with ml-viz. */
final class Reports {

    private static final Logger LOG = LoggerFactory.getLogger(Reports.class);

    private Reports() {
    }

    static Path write(Path runDir) throws IOException {
        return io.github.mlplatform.viz.report.RunReport.write(runDir);
    }

    /** Writes the report, logging (not throwing) a failure so the run's own outcome is what the user sees. */
    static void writeQuietly(Path runDir) {
        try {
            write(runDir);
        } catch (Exception e) {
            LOG.warn("could not write the report of {}: {}", runDir, e.getMessage());
        }
    }
}
