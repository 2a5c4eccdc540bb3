package io.github.mlplatform.experiments;

import io.github.mlplatform.experiments.config.Param;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Optional;

/** {@code ml run fail -P kind=...}: an experiment that throws what a real run might (for the CLI's robustness tests). */
final class FailingExperiment implements Experiment<FailingExperiment.Config> {

    enum Kind { NONE, OOM, STACK, NATIVE, NULL_MESSAGE }

    record Config(@Param(doc = "what to throw") Kind kind, @Param(doc = "passes", resumable = true) int epochs) {
    }

    @Override
    public String name() {
        return "fail";
    }

    @Override
    public String description() {
        return "throws on request";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Config defaults() {
        return new Config(Kind.NONE, 1);
    }

    @Override
    public Optional<String> checkpoint() {
        return Optional.of("checkpoint");
    }

    @Override
    public String run(Config config, RunContext ctx) throws Exception {
        switch (config.kind()) {
            case OOM -> {
                long[] huge = new long[1 << 30]; // 8 GB: more than the test JVM's heap
                return "never " + huge.length;
            }
            case STACK -> {
                return "never " + recurse(0);
            }
            case NATIVE -> {
                // a shape mismatch rejected by libnd4j / ND4J at run time
                return "never " + Nd4j.create(2, 3).mmul(Nd4j.create(4, 5));
            }
            case NULL_MESSAGE -> throw new IllegalStateException();
            default -> {
                java.nio.file.Files.writeString(ctx.record().file("checkpoint"), "epochs " + config.epochs());
                return "ok";
            }
        }
    }

    private static long recurse(long n) {
        return recurse(n + 1) + 1;
    }
}
