package io.github.mlplatform.experiments.cli;

import java.io.IOException;
import java.nio.file.Path;

/** Writes a run's HTML report with ml-viz. */
final class Reports {

    private Reports() {
    }

    static Path write(Path runDir) throws IOException {
        return io.github.mlplatform.viz.report.RunReport.write(runDir);
    }
}
