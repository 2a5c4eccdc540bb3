package io.github.mlplatform.regression.closedform;

/**
 * The maximum-likelihood estimate of a logistic/softmax model does not exist: the classes are
 * (quasi-)separable by hyperplanes, so the likelihood keeps growing as the weights go to infinity
 * (gradient descent then never converges; its weights grow like {@code log t}).
 */
public final class NoFiniteOptimumException extends IllegalArgumentException {

    public NoFiniteOptimumException(String message) {
        super(message);
    }
}
