package io.github.mlplatform.datasets.text;

import java.util.Arrays;
import java.util.Collection;
import java.util.TreeSet;

/**
 * The characters of a set of words as class indices, with {@value #BOUNDARY} as the start/end
 * token at index 0 and the other characters in sorted order from index 1: the vocabulary of the
 * makemore project (a..z gives 27 symbols, {@code .} = 0, {@code a} = 1, ..., {@code z} = 26).
 */
public final class CharVocabulary {

    /** The token that starts and ends every word; never part of a word. */
    public static final char BOUNDARY = '.';

    private final char[] symbols;
    private final int[] index = new int[Character.MAX_VALUE + 1];

    private CharVocabulary(char[] symbols) {
        this.symbols = symbols;
        Arrays.fill(index, -1);
        for (int i = 0; i < symbols.length; i++) {
            index[symbols[i]] = i;
        }
    }

    /**
     * The vocabulary of {@code words}: the boundary token, then every character that occurs, sorted.
     *
     * @throws IllegalArgumentException if a word contains the boundary token or no word is given
     */
    public static CharVocabulary of(Collection<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("vocabulary: no words given");
        }
        TreeSet<Character> chars = new TreeSet<>();
        for (String w : words) {
            for (int i = 0; i < w.length(); i++) {
                char c = w.charAt(i);
                if (c == BOUNDARY) {
                    throw new IllegalArgumentException("vocabulary: word '" + w + "' contains the boundary token '" + BOUNDARY + "'");
                }
                chars.add(c);
            }
        }
        char[] symbols = new char[chars.size() + 1];
        symbols[0] = BOUNDARY;
        int i = 1;
        for (char c : chars) {
            symbols[i++] = c;
        }
        return new CharVocabulary(symbols);
    }

    /** The vocabulary of exactly these characters (after the boundary token), e.g. {@code "abc...z"}. */
    public static CharVocabulary ofCharacters(String characters) {
        return of(java.util.List.of(characters));
    }

    /** Number of symbols, the boundary token included (27 for a..z). */
    public int size() {
        return symbols.length;
    }

    /** The symbol at {@code i}. */
    public char symbol(int i) {
        return symbols[i];
    }

    /** Whether {@code c} is a symbol of this vocabulary. */
    public boolean contains(char c) {
        return index[c] >= 0;
    }

    /**
     * The index of {@code c}.
     *
     * @throws IllegalArgumentException if {@code c} is not in the vocabulary
     */
    public int indexOf(char c) {
        int i = index[c];
        if (i < 0) {
            throw new IllegalArgumentException("character '" + c + "' (U+" + String.format("%04X", (int) c)
                    + ") is not in the vocabulary " + this);
        }
        return i;
    }

    /** The symbols in index order, e.g. {@code ".abcdefghijklmnopqrstuvwxyz"}. */
    @Override
    public String toString() {
        return new String(symbols);
    }
}
