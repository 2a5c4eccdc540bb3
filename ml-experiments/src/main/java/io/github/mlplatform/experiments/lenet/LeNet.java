package io.github.mlplatform.experiments.lenet;

import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.AvgPool2d;
import io.github.mlplatform.core.nn.Conv2d;
import io.github.mlplatform.core.nn.Flatten;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;

/**
 * The seed's LeNet-5-like network, layer for layer:
 * Conv(1→6, 5×5, pad 2), 1.7159·tanh(2x/3), AvgPool 2×2, Conv(6→16, 5×5), scaled tanh,
 * AvgPool 2×2, Flatten, Linear 400→120, scaled tanh, Linear 120→84, scaled tanh, Linear 84→10.
 * Input {@code [batch, 1, 28, 28]}, output 10 logits.
 */
public final class LeNet {

    private LeNet() {
    }

    public static Module create() {
        return new Sequential(
                new Conv2d(1, 6, 5, 1, 2),
                Activation.lecunTanh(),
                new AvgPool2d(2),
                new Conv2d(6, 16, 5),
                Activation.lecunTanh(),
                new AvgPool2d(2),
                new Flatten(),
                new Linear(400, 120),
                Activation.lecunTanh(),
                new Linear(120, 84),
                Activation.lecunTanh(),
                new Linear(84, 10));
    }
}
