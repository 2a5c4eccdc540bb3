package io.github.mlplatform.core.nn;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/** Reshapes {@code [batch, d1, d2, …]} to {@code [batch, d1·d2·…]} (row-major, as PyTorch's Flatten). */
public class Flatten extends Module {

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        SameDiff sd = g.sd();
        SDVariable batch = sd.slice(sd.shape(x), new int[]{0}, 1);
        SDVariable newShape = sd.concat(0, batch, sd.constant(Nd4j.createFromArray(-1L)));
        return sd.reshape(x, newShape);
    }

    @Override
    public String describe() {
        return "Flatten()";
    }
}
