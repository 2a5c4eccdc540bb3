package io.github.mlplatform.experiments;

import io.github.mlplatform.experiments.invariance.InvarianceExperiment;
import io.github.mlplatform.experiments.lenet.LenetExperiment;
import io.github.mlplatform.experiments.regression.RegressionExperiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry of experiments the CLI knows, by name. */
public final class Experiments {

    private Experiments() {
    }

    /** Every experiment, in the order {@code ml list} shows them. */
    public static Map<String, Experiment> all() {
        List<Experiment> list = new ArrayList<>();
        list.add(new LenetExperiment());
        list.add(new InvarianceExperiment());
        list.add(new RegressionExperiment());
        Map<String, Experiment> out = new LinkedHashMap<>();
        for (Experiment e : list) {
            out.put(e.name(), e);
        }
        return out;
    }

    /** The experiment called {@code name}; an unknown name is an error that lists the known ones. */
    public static Experiment byName(String name) {
        Experiment e = all().get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown experiment '" + name + "'; known: " + String.join(", ", all().keySet()));
        }
        return e;
    }
}
