package io.github.mlplatform.core.data;

/** An iterator (typically a DataSetIterator) that knows how many examples one pass yields, for progress bars. */
public interface CountedIterator {

    /** Examples in one full pass. */
    long totalExamples();
}
