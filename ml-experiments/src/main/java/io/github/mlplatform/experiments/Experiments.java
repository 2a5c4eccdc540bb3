package io.github.mlplatform.experiments;

import io.github.mlplatform.experiments.activations.AllActivationsExperiment;
import io.github.mlplatform.experiments.attention.AttentionExperiment;
import io.github.mlplatform.experiments.autoencoder.AutoencoderExperiment;
import io.github.mlplatform.experiments.backprop.BackpropExperiment;
import io.github.mlplatform.experiments.bigram.BigramExperiment;
import io.github.mlplatform.experiments.comparative.ComparativeExperiment;
import io.github.mlplatform.experiments.config.ConfigBinder;
import io.github.mlplatform.experiments.convolution.ConvolutionExperiment;
import io.github.mlplatform.experiments.fashionmlp.FashionMlpExperiment;
import io.github.mlplatform.experiments.invariance.InvarianceExperiment;
import io.github.mlplatform.experiments.invariance.InvariancePresetsExperiment;
import io.github.mlplatform.experiments.invclassifier.InvarianceClassifierExperiment;
import io.github.mlplatform.experiments.lenet.LenetExperiment;
import io.github.mlplatform.experiments.names.MlpNamesExperiment;
import io.github.mlplatform.experiments.regression.LinearRegressionExperiment;
import io.github.mlplatform.experiments.regression.LogisticRegressionExperiment;
import io.github.mlplatform.experiments.softfloor.SoftfloorExperiment;
import io.github.mlplatform.experiments.staged.StagedExperiment;
import io.github.mlplatform.experiments.topology.TopologyExperiment;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry of experiments the CLI knows, by name. */
public final class Experiments {

    private Experiments() {
    }

    /** Every experiment, in the order {@code ml list} shows them. */
    public static Map<String, Experiment<?>> all() {
        return of(List.of(new LenetExperiment(), new InvarianceExperiment(), new InvariancePresetsExperiment(),
                new LinearRegressionExperiment(),
                new LogisticRegressionExperiment(), new BigramExperiment(), new MlpNamesExperiment(),
                new SoftfloorExperiment(), new TopologyExperiment(), new ConvolutionExperiment(), new AutoencoderExperiment(),
                new AllActivationsExperiment(), new StagedExperiment(), new ComparativeExperiment(), new AttentionExperiment(),
                new FashionMlpExperiment(), new BackpropExperiment(), new InvarianceClassifierExperiment()));
    }

    /** A registry of the given experiments, by name. */
    public static Map<String, Experiment<?>> of(Collection<? extends Experiment<?>> experiments) {
        Map<String, Experiment<?>> out = new LinkedHashMap<>();
        for (Experiment<?> e : experiments) {
            out.put(e.name(), e);
        }
        return out;
    }

    /** The built-in experiment called {@code name}; an unknown name is an error that lists the known ones. */
    public static Experiment<?> byName(String name) {
        return byName(name, all());
    }

    /** The experiment called {@code name} in {@code registry}; an unknown name is an error that lists the known ones. */
    public static Experiment<?> byName(String name, Map<String, Experiment<?>> registry) {
        Experiment<?> e = registry.get(name);
        if (e == null) {
            String near = ConfigBinder.closeTo(name, registry.keySet());
            throw new IllegalArgumentException("unknown experiment '" + name + "'; known: " + String.join(", ", registry.keySet())
                    + (near == null ? "" : " (did you mean '" + near + "'?)"));
        }
        return e;
    }
}
