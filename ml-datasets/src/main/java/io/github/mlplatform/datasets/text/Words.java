package io.github.mlplatform.datasets.text;

import io.github.mlplatform.datasets.DataSource;
import org.apache.commons.math3.random.MersenneTwister;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A list of words, one per line of a UTF-8 text file (the format of makemore's {@code names.txt}),
 * with where they came from.
 *
 * @param words      the words in file order, none empty
 * @param dataSource where they were read from: the lookup step, the file, one line for run records
 *                   ({@link #source()})
 */
public record Words(List<String> words, DataSource dataSource) {

    public Words {
        words = List.copyOf(words);
        Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Words built in memory, {@code source} saying what they are. */
    public Words(List<String> words, String source) {
        this(words, DataSource.inMemory(Objects.requireNonNull(source, "source")));
    }

    /** Where the words came from, one line (the file's path for {@link #read(Path, CharVocabulary)}). */
    public String source() {
        return dataSource.description();
    }

    /**
     * Reads one word per line. Leading and trailing white space is removed; empty lines are
     * skipped. Every character must be in {@code allowed} (null: any character except the boundary
     * token {@code .}).
     *
     * @throws IOException              if the file cannot be read or is not UTF-8
     * @throws IllegalArgumentException naming the file and line number of the first character
     *                                  outside the vocabulary, or if the file holds no word
     */
    public static Words read(Path file, CharVocabulary allowed) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, new DataSource(DataSource.Kind.EXPLICIT_DIR, file.toString(), file.toString()), allowed);
        }
    }

    /**
     * As {@link #read(Path, CharVocabulary)}, from a stream (not closed) of UTF-8 text that came
     * from {@code source}; messages name {@code source.location()}.
     */
    public static Words read(InputStream in, DataSource source, CharVocabulary allowed) throws IOException {
        String name = source.location();
        List<String> out = new ArrayList<>();
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        int lineNo = 0;
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, decoder));
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                String w = line.strip();
                if (w.isEmpty()) {
                    continue;
                }
                for (int i = 0; i < w.length(); i++) {
                    char c = w.charAt(i);
                    boolean ok = allowed == null ? c != CharVocabulary.BOUNDARY : allowed.contains(c) && c != CharVocabulary.BOUNDARY;
                    if (!ok) {
                        throw new IllegalArgumentException(name + ": line " + lineNo + " ('" + w + "'): character '" + c
                                + "' is not allowed; expected " + (allowed == null ? "any character but '.'"
                                : "one of \"" + allowed.toString().substring(1) + "\""));
                    }
                }
                out.add(w);
            }
        } catch (CharacterCodingException e) {
            throw new IOException(name + ": not UTF-8 text after line " + lineNo + " (" + e + ")", e);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(name + ": no words (expected one word per line)");
        }
        return new Words(out, source);
    }

    public int size() {
        return words.size();
    }

    /**
     * The words shuffled exactly as Python's {@code random.seed(seed); random.shuffle(words)} does
     * (Mersenne Twister MT19937 seeded by {@code init_by_array}, Fisher-Yates from the end with
     * {@code _randbelow}), so a split matches the makemore lecture's for the same seed.
     *
     * @param seed a non-negative seed below 2^32 (Python seeds an int by its absolute value's 32-bit words)
     */
    public List<String> pythonShuffled(long seed) {
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("seed: expected 0 <= seed < 2^32, got " + seed);
        }
        MersenneTwister mt = new MersenneTwister(new int[]{(int) seed});
        List<String> list = new ArrayList<>(words);
        for (int i = list.size() - 1; i > 0; i--) {
            int j = randBelow(mt, i + 1);
            Collections.swap(list, i, j);
        }
        return list;
    }

    /** Python's {@code Random._randbelow_with_getrandbits(n)} for 0 < n < 2^31. */
    private static int randBelow(MersenneTwister mt, int n) {
        int k = 32 - Integer.numberOfLeadingZeros(n);
        int r;
        do {
            r = mt.nextInt() >>> (32 - k);
        } while (r >= n);
        return r;
    }

    /**
     * The makemore split: the words shuffled as {@link #pythonShuffled(long)}, then the first 80%
     * for training, the next 10% for development and the rest for test ({@code n1 = int(0.8·n)},
     * {@code n2 = int(0.9·n)}).
     */
    public Split split(long seed) {
        List<String> s = pythonShuffled(seed);
        int n1 = (int) (0.8 * s.size());
        int n2 = (int) (0.9 * s.size());
        return new Split(s.subList(0, n1), s.subList(n1, n2), s.subList(n2, s.size()));
    }

    /** A train/dev/test split by word. */
    public record Split(List<String> train, List<String> dev, List<String> test) {
        public Split {
            train = List.copyOf(train);
            dev = List.copyOf(dev);
            test = List.copyOf(test);
        }
    }
}
