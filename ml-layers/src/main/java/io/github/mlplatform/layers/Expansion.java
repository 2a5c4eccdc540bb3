package io.github.mlplatform.layers;

import io.github.mlplatform.core.module.Module;

/**
 * A module of a staged network that grows in stages (the seed's {@code Expansion}, experiment
 * 08): first fully train a network, freeze it, attach a new network, train the combined network,
 * repeat. The current stage is the seed's {@code expansion_step}.
 *
 * <p>A SameDiff graph is static, so growing is explicit: call {@link #expandTo(int)} on the root,
 * then build a new {@code Model} from the same module tree. The trained values carry over with no
 * further step: a built module's parameters live in its model (ml-core's {@code Parameter.attach}),
 * and the next model is built from their current values. Stages only grow.
 *
 * <pre>{@code
 * ExpansionSerial net = StagedNetwork.build(StagedNetwork.Config.seedDefaults());
 * for (int stage = 0; stage < net.stageCount(); stage++) {
 *     net.expandTo(stage);                       // adds branch `stage`, freezes the earlier ones
 *     Model m = Model.builder(net).inputShape(1, 28, 28).build();   // starts from the values trained so far
 *     trainer.fit(m, train, test);
 * }
 * }</pre>
 */
public interface Expansion {

    /** The current stage, from 0. */
    int stage();

    /** How many stages this module supports (stages 0 .. stageCount()−1). */
    int stageCount();

    /** Moves to {@code stage} (≥ the current stage, &lt; {@link #stageCount()}), registering and freezing sub-networks as needed. */
    void expandTo(int stage);

    /** Calls {@link #expandTo} if {@code m} is an expansion; other modules have no stages. */
    static void expand(Module m, int stage) {
        if (m instanceof Expansion e) {
            e.expandTo(stage);
        }
    }

    /** Fails unless {@code 0 ≤ current ≤ target < count}, naming the module. */
    static void checkStage(String who, int current, int target, int count) {
        if (target < current) {
            throw new IllegalArgumentException(who + ": stages only grow; current stage is " + current + ", asked for " + target);
        }
        if (target >= count) {
            throw new IllegalArgumentException(who + ": stage " + target + " does not exist; this module has stages 0.." + (count - 1));
        }
    }
}
