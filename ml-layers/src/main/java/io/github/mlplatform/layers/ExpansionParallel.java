package io.github.mlplatform.layers;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import org.nd4j.autodiff.samediff.SDVariable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The parallel stage of a staged network (the seed's {@code ExpansionParallel}, experiment 08):
 * at stage {@code s} the first {@code s + 1} networks all read the same input and their outputs
 * are concatenated along the last axis, {@code y = [n₀(x) ‖ n₁(x) ‖ … ‖ nₛ(x)]}. Moving to stage
 * {@code s} attaches network {@code s} and, with {@code freezePrevious} (the default, as in the
 * seed), freezes networks {@code 0..s−1}, so only the newest one trains. Network {@code i} that is
 * itself an {@link Expansion} is moved to stage {@code s − i}, as in the seed.
 *
 * <p>Networks are registered as sub-modules {@code 0, 1, …} only when they become active, so the
 * parameters of a model built at stage {@code s} are exactly those of the active networks.
 */
public class ExpansionParallel extends Module implements Expansion, StaticShape {

    private final List<Module> networks;
    private final boolean freezePrevious;
    private int stage = -1;

    /** Freezes earlier networks when a new one is attached (the seed's default). */
    public ExpansionParallel(List<? extends Module> networks) {
        this(networks, true);
    }

    public ExpansionParallel(List<? extends Module> networks, boolean freezePrevious) {
        if (networks == null || networks.isEmpty()) {
            throw new IllegalArgumentException("ExpansionParallel needs at least one network");
        }
        this.networks = List.copyOf(networks);
        this.freezePrevious = freezePrevious;
        expandTo(0);
    }

    /** All networks, active or not. */
    public List<Module> networks() {
        return Collections.unmodifiableList(networks);
    }

    /** The networks of the current stage, {@code 0..stage}. */
    public List<Module> activeNetworks() {
        return new ArrayList<>(networks.subList(0, stage + 1));
    }

    public boolean freezePrevious() {
        return freezePrevious;
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
        Expansion.checkStage("ExpansionParallel", Math.max(stage, 0), target, networks.size());
        for (int i = 0; i <= target; i++) {
            Module n = networks.get(i);
            if (i > stage) {
                register(Integer.toString(i), n);
            }
            Expansion.expand(n, target - i);
            if (freezePrevious && i < target) {
                n.freeze();
            }
        }
        stage = target;
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        SDVariable[] outs = new SDVariable[stage + 1];
        for (int i = 0; i <= stage; i++) {
            outs[i] = networks.get(i).forward(g, x);
        }
        return outs.length == 1 ? outs[0] : Shapes.record(g, g.sd().concat(-1, outs), Parallel.concatShape(g, outs));
    }

    /** Concatenation of the active networks' static output shapes (null if any is unknown). */
    @Override
    public long[] outputShape(long[] inputShape) {
        return Parallel.concat(activeNetworks().stream().map(n -> Shapes.staticOutput(n, inputShape)).toList());
    }

    @Override
    public String describe() {
        return "ExpansionParallel(stage " + stage + " of 0.." + (networks.size() - 1) + ", freeze_previous=" + freezePrevious + ")";
    }
}
