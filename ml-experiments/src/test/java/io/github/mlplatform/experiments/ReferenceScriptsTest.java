package io.github.mlplatform.experiments;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each PyTorch reference script in {@code bench/reference} names in its docstring the {@code ./ml run}
 * (or {@code ./ml bench}) line of the same recipe, and that line is accepted as it stands: every
 * {@code -P} key exists and every value is valid ({@code --dry-run}, nothing is trained).
 */
class ReferenceScriptsTest {

    static final Path REFERENCE = Path.of("../bench/reference");
    static final Pattern ML_LINE = Pattern.compile("\\./ml ((?:run|bench) [^`\\n]*)");

    @Test
    void everyScriptNamesAnAcceptedMlLine(@TempDir Path out) throws IOException {
        List<Path> scripts;
        try (Stream<Path> s = Files.list(REFERENCE)) {
            scripts = s.filter(p -> p.toString().endsWith(".py")).sorted().toList();
        }
        assertThat(scripts).isNotEmpty();
        for (Path script : scripts) {
            String src = Files.readString(script, StandardCharsets.UTF_8);
            int start = src.indexOf("\"\"\"");
            String doc = src.substring(start + 3, src.indexOf("\"\"\"", start + 3));
            Matcher m = ML_LINE.matcher(doc);
            List<String> lines = new ArrayList<>();
            while (m.find()) {
                lines.add(m.group(1).strip());
            }
            assertThat(lines).as(script + " names the ./ml line of its recipe in its docstring").isNotEmpty();
            for (String line : lines) {
                List<String> args = new ArrayList<>(Arrays.asList(line.split("\\s+")));
                args.add("--dry-run");
                if (args.get(0).equals("run")) {
                    args.addAll(List.of("--out", out.toString()));
                }
                CliTest.Outcome o = CliTest.ml(args.toArray(new String[0]));
                assertThat(o.code()).as(script.getFileName() + ": ./ml " + line + " -> " + o.err()).isZero();
            }
        }
    }
}
