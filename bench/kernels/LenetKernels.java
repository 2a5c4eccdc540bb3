import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Locale;

/**
 * The kernel choices GraphExecutor makes for LeNet's ops, measured side by side in one JVM: for each
 * op the kernel SameDiff's session runs and the one the executor replays instead, with their ratio.
 * Shapes are LeNet's at batch 64, float32. Run from the repository root after building the shaded jar
 * (./ml builds it on first use):
 *
 *   OMP_NUM_THREADS=1 java -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2 \
 *       -cp ml-experiments/target/ml-experiments-0.1.0-SNAPSHOT-all.jar bench/kernels/LenetKernels.java
 *
 * Prints one Markdown table (milliseconds per call, best of 3 timed seconds after a warm-up).
 */
public class LenetKernels {

    static double time(Runnable r) {
        for (int i = 0; i < 50; i++) {
            r.run();
        }
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) {
            int n = 0;
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < 1_000_000_000L) {
                r.run();
                n++;
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e6 / n);
        }
        return best;
    }

    static DynamicCustomOp op(String name, INDArray[] in, INDArray[] out, int... iargs) {
        return DynamicCustomOp.builder(name).addInputs(in).addOutputs(out).addIntegerArguments(iargs).build();
    }

    static void row(String op, String before, Runnable a, String after, Runnable b) {
        double ta = time(a);
        double tb = time(b);
        System.out.printf(Locale.ROOT, "| %s | %s | %.3f | %s | %.3f | %.1fx |%n", op, before, ta, after, tb, ta / tb);
    }

    public static void main(String[] args) {
        System.out.println("| op (LeNet shape) | session kernel | ms | replayed kernel | ms | speed-up |");
        System.out.println("| --- | --- | ---: | --- | ---: | ---: |");
        Nd4j.getRandom().setSeed(1);
        INDArray a1 = Nd4j.rand(DataType.FLOAT, 64, 6, 28, 28).subi(0.5);
        INDArray z1 = a1.ulike();
        row("tanh [64,6,28,28]", "legacy transform", () -> Transforms.tanh(a1, false),
                "custom op `tanh` (oneDNN)", () -> Nd4j.exec(op("tanh", new INDArray[] {a1}, new INDArray[] {z1})));

        INDArray p1 = Nd4j.create(DataType.FLOAT, 64, 6, 14, 14);
        int[] pool = {2, 2, 2, 2, 0, 0, 1, 1, 0, 1, 0}; // k, s, pad, dilation, VALID, divisor incl. padding, NCHW
        OpContext withHelper = Nd4j.getExecutioner().buildContext();
        OpContext noHelper = Nd4j.getExecutioner().buildContext();
        for (OpContext c : new OpContext[] {withHelper, noHelper}) {
            c.setIArguments(2, 2, 2, 2, 0, 0, 1, 1, 0, 1, 0);
            c.setInputArrays(a1);
            c.setOutputArrays(p1);
        }
        noHelper.allowHelpers(false);
        DynamicCustomOp avg = DynamicCustomOp.builder("avgpool2d").build();
        row("avgpool2d NCHW [64,6,28,28]", "oneDNN helper", () -> Nd4j.getExecutioner().exec(avg, withHelper),
                "libnd4j (helper off)", () -> Nd4j.getExecutioner().exec(avg, noHelper));
        OpContext bpWith = Nd4j.getExecutioner().buildContext();
        OpContext bpWithout = Nd4j.getExecutioner().buildContext();
        for (OpContext c : new OpContext[] {bpWith, bpWithout}) {
            c.setIArguments(2, 2, 2, 2, 0, 0, 1, 1, 0, 1, 0);
            c.setInputArrays(a1, p1);
            c.setOutputArrays(z1);
        }
        bpWithout.allowHelpers(false);
        DynamicCustomOp avgBp = DynamicCustomOp.builder("avgpool2d_bp").build();
        row("avgpool2d_bp NCHW [64,6,28,28]", "oneDNN helper", () -> Nd4j.getExecutioner().exec(avgBp, bpWith),
                "libnd4j (helper off)", () -> Nd4j.getExecutioner().exec(avgBp, bpWithout));

        // first convolution: x [64,1,28,28], w [5,5,1,6] (YXIO), pad 2; dY [64,6,28,28]
        INDArray x = Nd4j.rand(DataType.FLOAT, 64, 1, 28, 28);
        INDArray w = Nd4j.rand(DataType.FLOAT, 5, 5, 1, 6);
        INDArray b = Nd4j.rand(DataType.FLOAT, 6);
        INDArray dY = Nd4j.rand(DataType.FLOAT, 64, 6, 28, 28);
        INDArray dX = x.ulike(), dW = w.ulike(), dB = b.ulike();
        INDArray xT = Nd4j.create(DataType.FLOAT, 1, 64, 28, 28);
        INDArray dYT = Nd4j.create(DataType.FLOAT, 6, 64, 28, 28);
        INDArray dWT = Nd4j.create(DataType.FLOAT, 1, 6, 5, 5);
        INDArray dW2 = w.ulike(), dB2 = b.ulike();
        Runnable weightsOnly = () -> {
            xT.assign(x.permute(1, 0, 2, 3));
            dYT.assign(dY.permute(1, 0, 2, 3));
            Nd4j.exec(op("conv2d", new INDArray[] {xT, dYT}, new INDArray[] {dWT}, 28, 28, 1, 1, 2, 2, 1, 1, 0, 0, 1));
            dW2.assign(dWT.permute(2, 3, 0, 1));
            dY.sum(dB2, 0, 2, 3);
        };
        Runnable full = () -> Nd4j.exec(op("conv2d_bp", new INDArray[] {x, w, b, dY}, new INDArray[] {dX, dW, dB}, 5, 5, 1, 1, 2, 2, 1, 1, 0, 0, 0));
        full.run();
        weightsOnly.run();
        double rel = dW.sub(dW2).amaxNumber().doubleValue() / dW.amaxNumber().doubleValue();
        row("conv2d_bp, first layer [64,1,28,28]", "`conv2d_bp` (dX, dW, dB)", full,
                "dW, dB only: forward conv, batch/channels swapped", weightsOnly);
        System.out.printf(Locale.ROOT, "%nweights-only dW vs conv2d_bp dW: max relative difference %.1e%n", rel);
    }
}
