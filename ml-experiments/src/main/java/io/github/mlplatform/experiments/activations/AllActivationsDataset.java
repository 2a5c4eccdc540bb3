package io.github.mlplatform.experiments.activations;

/** The image sets {@code -P datasets} names. */
public enum AllActivationsDataset {
    MNIST("MNIST"),
    FASHION_MNIST("Fashion-MNIST");

    private final String label;

    AllActivationsDataset(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
