package io.github.mlplatform.core.nn;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.module.Shape;
import io.github.mlplatform.core.module.ShapeMismatchException;
import org.nd4j.autodiff.samediff.SDVariable;

import java.util.Arrays;

/**
 * Reorders the axes of its input, as PyTorch's {@code x.permute(*dims)}: output axis {@code i} is
 * input axis {@code dims[i]}. E.g. {@code new Permute(DataFormat.TO_NHWC)} takes {@code [batch, C, H, W]}
 * to {@code [batch, H, W, C]}. The batch axis may move too; the output is a copy in row-major order.
 *
 * <ul>
 *   <li>input: any array of rank {@code dims.length};</li>
 *   <li>output: {@code [s[dims[0]], s[dims[1]], …]} for input shape {@code s}.</li>
 * </ul>
 */
public class Permute extends Module {

    private final int[] dims;

    /**
     * @throws IllegalArgumentException if {@code dims} is not a permutation of {@code 0 … dims.length − 1}
     */
    public Permute(int... dims) {
        if (dims.length == 0) {
            throw new IllegalArgumentException("Permute: expected at least one axis, got none");
        }
        int[] sorted = dims.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] != i) {
                throw new IllegalArgumentException("Permute: expected a permutation of 0.." + (dims.length - 1) + ", got "
                        + Arrays.toString(dims));
            }
        }
        this.dims = dims.clone();
    }

    /** The axes, as given. */
    public int[] dims() {
        return dims.clone();
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        return g.sd().permute(x, dims);
    }

    /**
     * @throws ShapeMismatchException if the input's rank is not {@code dims.length}
     */
    @Override
    public long[] outputShape(long[] s) {
        if (s.length != dims.length) {
            throw new ShapeMismatchException(this, "expected input of rank " + dims.length + ", got " + Shape.show(s));
        }
        long[] out = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = s[dims[i]];
        }
        return out;
    }

    @Override
    public String describe() {
        StringBuilder b = new StringBuilder("Permute(");
        for (int i = 0; i < dims.length; i++) {
            b.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        return b.append(')').toString();
    }
}
