package io.github.mlplatform.layers;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import org.nd4j.autodiff.samediff.SDVariable;

import java.util.Collections;
import java.util.List;

/**
 * The head of a staged network (the seed's {@code ExpansionReplace}, experiment 08): at stage
 * {@code s} only network {@code s} is applied, {@code y = nₛ(x)}. The seed uses it for the
 * classifier, {@code Linear((s+1)·16, 10)}, which must change with the width of the growing
 * parallel part. A replaced network is frozen (it no longer takes part in the graph) and stays
 * registered under its stage number, so its parameters remain in the state dict.
 */
public class ExpansionReplace extends Module implements Expansion, StaticShape {

    private final List<Module> networks;
    private int stage = -1;

    public ExpansionReplace(List<? extends Module> networks) {
        if (networks == null || networks.isEmpty()) {
            throw new IllegalArgumentException("ExpansionReplace needs at least one network");
        }
        this.networks = List.copyOf(networks);
        expandTo(0);
    }

    public List<Module> networks() {
        return Collections.unmodifiableList(networks);
    }

    /** The network of the current stage. */
    public Module active() {
        return networks.get(stage);
    }

    @Override
    public int stage() {
        return stage;
    }

    @Override
    public int stageCount() {
        return networks.size();
    }

    @Override
    public void expandTo(int target) {
        Expansion.checkStage("ExpansionReplace", Math.max(stage, 0), target, networks.size());
        if (target != stage) {
            if (stage >= 0) {
                networks.get(stage).freeze();
            }
            register(Integer.toString(target), networks.get(target));
        }
        Expansion.expand(networks.get(target), target);
        stage = target;
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        return networks.get(stage).forward(g, x);
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return Shapes.staticOutput(active(), inputShape);
    }

    @Override
    public String describe() {
        return "ExpansionReplace(stage " + stage + " of 0.." + (networks.size() - 1) + ")";
    }
}
