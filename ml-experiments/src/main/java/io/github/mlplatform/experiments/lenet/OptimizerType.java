package io.github.mlplatform.experiments.lenet;

/** The optimizers {@code -P optimizer} names (see {@link io.github.mlplatform.core.train.Optimizer}). */
public enum OptimizerType {
    /** SGD; Nesterov momentum when {@code momentum > 0}. */
    SGD,
    ADAM,
    /** AdaDelta as PyTorch's {@code Adadelta(lr)}: rho 0.9, eps 1e-6, the step multiplied by {@code lr} (1.0 = the original method). */
    ADADELTA
}
