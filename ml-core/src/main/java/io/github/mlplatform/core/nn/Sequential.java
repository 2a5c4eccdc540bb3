package io.github.mlplatform.core.nn;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.module.Shape;
import org.nd4j.autodiff.samediff.SDVariable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Applies its modules in order: {@code y = fₙ(…f₂(f₁(x)))}. Sub-modules are named 0, 1, 2, … as in PyTorch.
 *
 * <ul>
 *   <li>input: whatever its first module takes;</li>
 *   <li>output: the shape its modules produce one after the other (the input shape if it is empty).</li>
 * </ul>
 */
public class Sequential extends Module {

    private final List<Module> modules = new ArrayList<>();

    public Sequential(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    public Sequential(List<? extends Module> modules) {
        modules.forEach(this::add);
    }

    /** Appends a module (named by its position). */
    public final Sequential add(Module m) {
        register(Integer.toString(modules.size()), m);
        modules.add(m);
        return this;
    }

    public final List<Module> modules() {
        return Collections.unmodifiableList(modules);
    }

    public final Module get(int i) {
        return modules.get(i);
    }

    public final int size() {
        return modules.size();
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        SDVariable y = x;
        long[] shape = g.knownShape(x);
        for (Module m : modules) {
            y = m.forward(g, y);
            // the model's build already checked these shapes; here they tell later modules what is known
            if (shape != null) {
                g.knowShape(y, Shape.outputOf(m, shape));
                shape = g.knownShape(y);
            }
        }
        return y;
    }

    /**
     * The shape after each module in turn, or null as soon as one module's output shape is unknown.
     *
     * @throws io.github.mlplatform.core.module.ShapeMismatchException from the first module (at any
     *         depth) that cannot take the shape the modules before it produce
     */
    @Override
    public long[] outputShape(long[] inputShape) {
        long[] s = inputShape;
        for (Module m : modules) {
            s = Shape.outputOf(m, s);
            if (s == null) {
                return null;
            }
        }
        return s.clone();
    }

    @Override
    public String describe() {
        return "Sequential";
    }
}
