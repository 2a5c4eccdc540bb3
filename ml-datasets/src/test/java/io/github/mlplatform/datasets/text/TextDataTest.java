package io.github.mlplatform.datasets.text;

import io.github.mlplatform.datasets.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextDataTest {

    @Test
    void vocabularyPutsTheBoundaryFirstAndSortsTheRest() {
        CharVocabulary v = CharVocabulary.of(List.of("emma", "olivia", "ava"));
        assertThat(v.toString()).isEqualTo(".aeilmov");
        assertThat(v.indexOf('.')).isZero();
        assertThat(v.indexOf('a')).isEqualTo(1);
        assertThat(v.size()).isEqualTo(8);
        assertThatThrownBy(() -> v.indexOf('z')).hasMessageContaining("'z'").hasMessageContaining(".aeilmov");
    }

    @Test
    void contextWindowsFollowMakemoresBuildDataset() {
        CharVocabulary v = CharVocabulary.ofCharacters("abcdefghijklmnopqrstuvwxyz");
        ContextWindows w = ContextWindows.of(List.of("emma"), v, 3);
        // ... -> e, ..e -> m, .em -> m, emm -> a, mma -> .
        assertThat(w.contexts()).isDeepEqualTo(new int[][]{{0, 0, 0}, {0, 0, 5}, {0, 5, 13}, {5, 13, 13}, {13, 13, 1}});
        assertThat(w.targets()).containsExactly(5, 13, 13, 1, 0);
        assertThatThrownBy(() -> ContextWindows.of(List.of("emma"), v, 0)).hasMessageContaining("blockSize");
    }

    @Test
    void aCharacterOutsideTheVocabularyIsReportedWithItsLineNumber(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("names.txt");
        Files.writeString(f, "emma\n\nolivia\nzoë\n");
        CharVocabulary az = CharVocabulary.ofCharacters("abcdefghijklmnopqrstuvwxyz");
        assertThatThrownBy(() -> Words.read(f, az))
                .hasMessageContaining("names.txt: line 4 ('zoë'): character 'ë' is not allowed");
        Files.writeString(f, "\n \n");
        assertThatThrownBy(() -> Words.read(f, null)).hasMessageContaining("no words");
        Files.writeString(f, "emma\nolivia\n");
        assertThat(Words.read(f, az).words()).containsExactly("emma", "olivia");
    }

    @Test
    void wordsSayWhereTheyCameFrom(@TempDir Path dir) throws IOException {
        Words typed = new Words(List.of("emma", "ava"), "two names typed in");
        assertThat(typed.source()).isEqualTo("two names typed in");
        assertThat(typed.dataSource().kind()).isEqualTo(DataSource.Kind.IN_MEMORY);
        Path f = dir.resolve("names.txt");
        Files.writeString(f, "emma\nava\n");
        Words read = Words.read(f, null);
        assertThat(read.source()).isEqualTo(f.toString());
        assertThat(read.dataSource().kind()).isEqualTo(DataSource.Kind.EXPLICIT_DIR);
        assertThat(read.dataSource().location()).isEqualTo(f.toString());
        assertThat(read).isEqualTo(new Words(List.of("emma", "ava"), read.dataSource()));
    }

    /**
     * The split equals makemore's. Expected values computed with Python 3.11:
     * {@code random.seed(42); random.shuffle(words); n1, n2 = int(0.8*n), int(0.9*n)} on names.txt.
     */
    @Test
    @EnabledIfEnvironmentVariable(named = "ML_DATA_DIR", matches = ".+")
    void theSplitOfTheRealNamesIsPythonsShuffle() throws IOException {
        Words words = Words.read(Path.of(System.getenv("ML_DATA_DIR"), "names", "names.txt"), null);
        assertThat(words.size()).isEqualTo(32_033);
        assertThat(CharVocabulary.of(words.words()).toString()).isEqualTo(".abcdefghijklmnopqrstuvwxyz");
        Words.Split s = words.split(42);
        assertThat(s.train()).hasSize(25_626).startsWith("yuheng", "diondre", "xavien");
        assertThat(s.dev()).hasSize(28_829 - 25_626).startsWith("amay", "aytana", "jenevi");
        assertThat(s.test()).hasSize(32_033 - 28_829).startsWith("mustafa", "reuben", "kahlel").endsWith("yovani");
    }
}
