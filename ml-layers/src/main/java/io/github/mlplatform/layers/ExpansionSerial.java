package io.github.mlplatform.layers;

import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Sequential;

import java.util.List;

/**
 * The serial container of a staged network (the seed's {@code ExpansionSerial}, experiment 08):
 * applies its nodes in order, {@code y = fₙ(…f₁(x))}, like {@link Sequential}, and passes the
 * stage to every node that is an {@link Expansion}. The seed's model is
 * {@code ExpansionSerial[Flatten, ExpansionParallel(branches), ExpansionReplace(heads)]}; see
 * {@link StagedNetwork}.
 */
public class ExpansionSerial extends Sequential implements Expansion {

    private int stage;

    public ExpansionSerial(Module... nodes) {
        super(nodes);
    }

    public ExpansionSerial(List<? extends Module> nodes) {
        super(nodes);
    }

    @Override
    public int stage() {
        return stage;
    }

    /** The smallest stage count of the expansion nodes (unbounded without any). */
    @Override
    public int stageCount() {
        int n = Integer.MAX_VALUE;
        for (Module m : modules()) {
            if (m instanceof Expansion e) {
                n = Math.min(n, e.stageCount());
            }
        }
        return n;
    }

    @Override
    public void expandTo(int target) {
        Expansion.checkStage("ExpansionSerial", stage, target, stageCount());
        for (Module m : modules()) {
            Expansion.expand(m, target);
        }
        stage = target;
    }

    @Override
    public String describe() {
        return "ExpansionSerial(stage " + stage + ")";
    }
}
