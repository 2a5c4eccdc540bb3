/**
 * A neural network from first principles (seed 003, "Neural Nets t2"): layers on plain
 * {@code double[]} vectors that compute their output ({@link Layer#forward}), take the gradient of
 * the loss at their output and return it at their input while adjusting their own parameters
 * ({@link Layer#backprop}), a {@link Network} that learns facts one at a time with the loss
 * {@code e·e/2}, and the seed's learning bench {@link NNBench}.
 *
 * <p>No autodiff and no ND4J: every derivative is written out, which is the point of the seed.
 * The package lives in ml-regression because it is a classic model from first principles beside
 * the hand-written gradient fits of {@code gradient} (the module map in {@code docs/architecture.md}),
 * and because it needs nothing but plain Java. Its tests check it against finite differences and
 * against SameDiff's automatic differentiation of the same network.
 *
 * <p>What was fixed against the seed: the affine layer's input gradient is {@code Mᵀ·dE/dy} (the
 * seed computed {@code M·dE/dy}, and asked "left-multiply or right-multiply?"; the seed's version
 * stays reachable as {@link AffineLayer.InputGradient#SEED_UNTRANSPOSED}); and the leaky ReLU's
 * negative slope equals its derivative (the seed's formula gave slope {@code leak/2} for a derivative
 * of {@code leak}).
 */
package io.github.mlplatform.regression.backprop;
