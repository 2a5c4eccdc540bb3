package io.github.mlplatform.layers;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.nn.Activation;
import org.nd4j.autodiff.samediff.SDVariable;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * Any parameter-free SameDiff function {@code y = fn(x)} as a module, shown in the model summary as
 * {@code LambdaModule(<expression>)}: the seeds' {@code LambdaModule(lambda x: ...)}, used for
 * LeNet's scaled tanh, the autoencoder's final reshape and the identity ("skip") branch of the
 * all-the-activations block. It is an {@link Activation} (ml-core's named parameter-free
 * function) whose name is the readable expression.
 *
 * <pre>{@code
 * Module square = new LambdaModule("x*x", x -> x.mul(x));
 * Module lecun = LambdaModule.lecunTanh();   // 1.7159*tanh(2*x/3)
 * }</pre>
 */
public class LambdaModule extends Activation implements StaticShape {

    /** The LeCun scaling constant of {@link #lecunTanh()}: {@code 1.7159 ≈ 1/tanh(2/3)}. */
    public static final double LECUN_SCALE = 1.7159;

    private final String expression;
    private final UnaryOperator<long[]> shapeRule;

    /** A function of the graph and the input (for functions that need the SameDiff or the data type). */
    public LambdaModule(String expression, BiFunction<Graph, SDVariable, SDVariable> fn) {
        this(expression, fn, null);
    }

    /**
     * As above, with a shape rule: the output shape for an input shape ({@code -1} batch), so
     * enclosing modules can check shapes at build time without running the graph (see
     * {@link StaticShape}); {@link #SAME_SHAPE} for element-wise functions.
     */
    public LambdaModule(String expression, BiFunction<Graph, SDVariable, SDVariable> fn, UnaryOperator<long[]> shapeRule) {
        super("LambdaModule(" + requireExpression(expression) + ")", fn);
        this.expression = expression;
        this.shapeRule = shapeRule;
    }

    /** A function of the input alone. */
    public LambdaModule(String expression, UnaryOperator<SDVariable> fn) {
        this(expression, (g, x) -> Objects.requireNonNull(fn, "fn").apply(x));
    }

    /** The shape rule of element-wise functions: output shape = input shape. */
    public static final UnaryOperator<long[]> SAME_SHAPE = long[]::clone;

    /** The output shape by the shape rule given at construction, or null without one. */
    @Override
    public long[] outputShape(long[] inputShape) {
        return shapeRule == null ? null : shapeRule.apply(inputShape);
    }

    private static String requireExpression(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("LambdaModule: expression (the readable name shown in the summary) must be non-blank");
        }
        return expression;
    }

    /** The readable expression, e.g. {@code 1.7159*tanh(2*x/3)}. */
    public String expression() {
        return expression;
    }

    /** LeCun's scaled tanh {@code y = 1.7159·tanh(2x/3)}, the activation of the seed LeNet. */
    public static LambdaModule lecunTanh() {
        return new LambdaModule("1.7159*tanh(2*x/3)", (g, x) -> g.sd().math().tanh(x.mul(2.0 / 3.0)).mul(LECUN_SCALE), SAME_SHAPE);
    }

    /** The identity {@code y = x}, the "null activation" (skip) branch of the all-the-activations block. */
    public static LambdaModule identity() {
        return new LambdaModule("x", (g, x) -> g.sd().identity(x), SAME_SHAPE);
    }

    /**
     * Reshapes each example to {@code shape} keeping the batch: {@code x.reshape(-1, shape...)}, as
     * the seed autoencoder's last step {@code x.reshape(-1, 1, 28, 28)}.
     */
    public static LambdaModule reshape(long... shape) {
        if (shape.length == 0 || Arrays.stream(shape).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException("LambdaModule.reshape: shape must be non-empty and positive, got " + Arrays.toString(shape));
        }
        String text = Arrays.toString(shape);
        String expression = "x.reshape(-1, " + text.substring(1, text.length() - 1) + ")";
        long size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        return new LambdaModule(expression, (g, x) -> g.sd().reshape(x, Shapes.batchShape(g.sd(), x, shape)), in -> {
            if (Shapes.perExample(in) != size) {
                throw new IllegalArgumentException("LambdaModule(" + expression + "): needs " + size + " values per example, got input "
                        + Shapes.show(in));
            }
            long[] out = new long[shape.length + 1];
            out[0] = -1;
            System.arraycopy(shape, 0, out, 1, shape.length);
            return out;
        });
    }
}
