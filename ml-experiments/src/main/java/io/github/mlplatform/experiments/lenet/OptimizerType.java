package io.github.mlplatform.experiments.lenet;

/** The optimizers {@code -P optimizer} names (see {@link io.github.mlplatform.core.train.Optimizer}). */
public enum OptimizerType {
    /** SGD; Nesterov momentum when {@code momentum > 0}. */
    SGD,
    ADAM,
    /** AdaDelta has no learning rate; {@code lr} is ignored. */
    ADADELTA
}
