package io.github.mlplatform.core.nn;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Initializer;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.module.Parameter;
import io.github.mlplatform.core.module.Shape;
import io.github.mlplatform.core.module.ShapeMismatchException;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * A lookup table of {@code numEmbeddings} trainable vectors of size {@code dim}, after PyTorch's
 * {@code nn.Embedding}: each class index of the input is replaced by its row of the table.
 *
 * <ul>
 *   <li>input: class indices of any shape {@code [batch, d1, …]}, e.g. {@code [batch, T]} for T
 *       characters of context. {@code Model} feeds floating-point arrays, so the indices are
 *       floating-point numbers that are whole, 0 ≤ i &lt; numEmbeddings;</li>
 *   <li>output: {@code [batch, d1, …, dim]}, e.g. {@code [batch, T, dim]} (put a {@link Flatten}
 *       after it for a {@link Linear}: {@code [batch, T·dim]});</li>
 *   <li>parameter: {@code weight [numEmbeddings, dim]}, initialised N(0, 1) like PyTorch's (the
 *       same layout as PyTorch, so a PyTorch state dict loads unchanged).</li>
 * </ul>
 *
 * <p><b>How.</b> The graph is {@code oneHot(indices) · weight} (a {@code [n, numEmbeddings]} 0/1
 * matrix times the table), not SameDiff's {@code gather}: {@code gather}'s backpropagation is
 * broken in 1.0.0-M2.1 (a second gather in one graph fails with {@code Variable name
 * "transposeConcat" already exists}). The product gives the table's gradient as
 * {@code oneHot(indices)ᵀ · upstream}, i.e. the upstream rows summed per index, which is what
 * PyTorch's embedding backward computes; {@code EmbeddingTest} checks it against finite
 * differences in double precision and against PyTorch 1.13's values. The cost is one
 * {@code [n, numEmbeddings] × [numEmbeddings, dim]} product, small for character vocabularies;
 * for vocabularies of many thousands a gather would be cheaper once SameDiff's is fixed.
 *
 * <p><b>Indices out of range.</b> The graph cannot reject a bad index: {@code oneHot} turns an
 * index outside 0..numEmbeddings−1 into an all-zero row (a zero vector, silently), and a fraction
 * is truncated. {@code Model} checks only the shape of a batch, not its
 * values; check the indices with {@link #checkIndices(INDArray)} where they are made (once for a
 * whole data set is enough), as the {@code mlp-names} experiment does.
 */
public class Embedding extends Module {

    private final long numEmbeddings;
    private final long dim;
    private final Parameter weight;

    /**
     * A table of {@code numEmbeddings} vectors of size {@code dim}, drawn from N(0, 1).
     *
     * @throws IllegalArgumentException if {@code numEmbeddings} or {@code dim} is not positive
     */
    public Embedding(long numEmbeddings, long dim) {
        if (numEmbeddings <= 0 || dim <= 0) {
            throw new IllegalArgumentException("Embedding sizes must be positive, got numEmbeddings=" + numEmbeddings + ", dim=" + dim);
        }
        this.numEmbeddings = numEmbeddings;
        this.dim = dim;
        this.weight = parameter("weight", Initializer.normal(0, 1), numEmbeddings, dim);
    }

    /** The table {@code [numEmbeddings, dim]}. */
    public Parameter weight() {
        return weight;
    }

    public long numEmbeddings() {
        return numEmbeddings;
    }

    public long embeddingDim() {
        return dim;
    }

    /**
     * {@code reshape(oneHot(x) · weight)}. {@code oneHot} reads floating-point indices as they are (a
     * fraction is truncated), so no cast op is needed. When the input's shape after the batch
     * dimension is known while building (the model's input placeholder, as in
     * {@code Embedding → Flatten → Linear}), the output is reshaped to that static shape; otherwise
     * to {@code shape(x) + [dim]} computed in the graph. Fewer ops matter here: a character model's
     * training step is a few dozen small ops, each costing a native call.
     */
    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        SameDiff sd = g.sd();
        SDVariable flat = sd.reshape(x, -1);
        SDVariable hot = sd.oneHot(flat, (int) numEmbeddings, -1, 1.0, 0.0, g.dataType());
        SDVariable rows = hot.mmul(g.param(weight));
        long[] known = g.knownShape(x);
        if (known != null) {
            long[] shape = Arrays.copyOf(known, known.length + 1);
            shape[0] = -1;
            shape[known.length] = dim;
            return sd.reshape(rows, shape);
        }
        SDVariable shape = sd.concat(0, sd.shape(x).castTo(DataType.INT64), sd.constant(Nd4j.createFromArray(dim)));
        return sd.reshape(rows, shape);
    }

    /**
     * {@code [batch, d1, …, dim]} for input {@code [batch, d1, …]}: the input's shape with the
     * embedding size appended.
     *
     * @throws ShapeMismatchException for input without a batch dimension (a shape of rank 0)
     */
    @Override
    public long[] outputShape(long[] s) {
        if (s.length == 0) {
            throw new ShapeMismatchException(this, "expected input [batch, …] of class indices, got a scalar");
        }
        long[] out = Arrays.copyOf(s, s.length + 1);
        out[s.length] = dim;
        return out;
    }

    /**
     * Checks that every element of {@code indices} is a whole number in 0..numEmbeddings−1 (what
     * the graph cannot check, see the class comment). Call it where the indices are made, e.g. once
     * for a data set's whole feature array.
     *
     * @throws IllegalArgumentException naming the first bad element by its position, e.g.
     *                                  "Embedding(27, 10): index 27.0 at [3, 1] is out of range (expected whole numbers 0..26)"
     */
    public void checkIndices(INDArray indices) {
        checkIndices(indices, numEmbeddings, describe());
    }

    /**
     * {@link #checkIndices(INDArray)} for a table of {@code numEmbeddings} rows; {@code what} names
     * the table in the message.
     *
     * @throws IllegalArgumentException naming the first element that is not a whole number in 0..numEmbeddings−1
     */
    public static void checkIndices(INDArray indices, long numEmbeddings, String what) {
        if (indices == null) {
            throw new IllegalArgumentException(what + ": no indices given");
        }
        if (!indices.dataType().isNumerical()) {
            throw new IllegalArgumentException(what + ": indices must be numbers, got data type " + indices.dataType());
        }
        double[] v = indices.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int i = 0; i < v.length; i++) {
            double d = v[i];
            if (!(d >= 0 && d < numEmbeddings && d == Math.rint(d))) {
                throw new IllegalArgumentException(what + ": index " + d + " at " + Arrays.toString(position(indices.shape(), i))
                        + (d == Math.rint(d) ? " is out of range" : " is not a whole number")
                        + " (expected whole numbers 0.." + (numEmbeddings - 1) + ")");
            }
        }
    }

    private static long[] position(long[] shape, long flat) {
        long[] p = new long[shape.length];
        for (int k = shape.length - 1; k >= 0; k--) {
            p[k] = flat % shape[k];
            flat /= shape[k];
        }
        return p;
    }

    @Override
    public String describe() {
        return "Embedding(" + numEmbeddings + ", " + dim + ")";
    }
}
