package io.github.mlplatform.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad grids are one line and exit 2 before anything starts (no Spark, no sweep directory); good ones list their configurations. */
class SweepValidationTest {

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    private Result sweep(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SweepMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private Result refused(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--out", tmp.resolve("sweep").toString()));
        Result r = sweep(a.toArray(new String[0]));
        assertThat(r.code()).as(r.err()).isEqualTo(SweepMain.USAGE);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("ml: error: ");
        assertThat(tmp.resolve("sweep")).doesNotExist();
        return r;
    }

    @Test
    void aMasterSparkCannotParseAndAnOutThatCannotBeMadeAreRefusedBeforeSparkStarts() {
        assertThat(refused("linear-regression", "--grid", "degree=1,2", "--master", "bogus").err())
                .contains("--master bogus: expected local[*], local[N], spark://HOST:PORT");
        assertThat(refused("linear-regression", "--grid", "degree=1,2", "--master", "local[0]").err()).contains("--master local[0]");
        assertThat(refused("linear-regression", "--grid", "degree=1,2", "--master", "bogus", "--dry-run").err()).contains("--master bogus");
        Path file = tmp.resolve("a-file");
        try {
            Files.writeString(file, "x");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Result r = sweep("linear-regression", "--grid", "degree=1,2", "--out", file.resolve("sweep").toString());
        assertThat(r.code()).as(r.err()).isEqualTo(SweepMain.USAGE);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("--out " + file.resolve("sweep")).contains("cannot create the sweep's directory");
    }

    @Test
    void unknownKeyIsNamedWithTheClosestKnownOne() {
        assertThat(refused("sweep", "linear-regression", "--grid", "degre=1,2").err())
                .contains("--grid degre=1").contains("has no setting 'degre'").contains("did you mean 'degree'");
    }

    @Test
    void badValueNamesTheValueAndWhatWasExpected() {
        assertThat(refused("linear-regression", "--grid", "degree=1,x").err()).contains("--grid degree=x: expected a whole number");
        // a value the config record rejects, with the record's own reason
        assertThat(refused("linear-regression", "--grid", "degree=1,11").err()).contains("--grid degree=11").contains("at most 10");
    }

    @Test
    void aCombinationTheConfigRejectsIsRefusedBeforeAnyTaskStarts() {
        // each value alone is fine; outliers=5 with points=3 is not
        assertThat(refused("linear-regression", "--grid", "points=10,50", "--grid", "outliers=0,20").err())
                .contains("outliers").contains("must be fewer than points");
    }

    @Test
    void malformedGridsAndOptions() {
        assertThat(refused("linear-regression", "--grid", "degree").err()).contains("expected KEY=V1,V2");
        assertThat(refused("linear-regression", "--grid", "degree=1,,2").err()).contains("an empty value");
        assertThat(refused("linear-regression", "--grid", "degree=1,1").err()).contains("value '1' is given twice");
        assertThat(refused("linear-regression", "--grid", "degree=1", "--grid", "degree=2").err()).contains("swept twice");
        assertThat(refused("linear-regression", "--grid", "degree=1,2", "-P", "degree=3").err()).contains("also swept by --grid");
        assertThat(refused("linear-regression").err()).contains("nothing to sweep");
        assertThat(refused("linear-regression", "--seeds", "2", "--grid", "seed=1,2").err()).contains("in one place");
        assertThat(refused("softfloor", "--seeds", "2").err()).contains("has no setting 'seed'");
        assertThat(refused("linear-regresion", "--seeds", "2").err()).contains("unknown experiment").contains("linear-regression");
        assertThat(refused("linear-regression", "--seeds", "2", "--goal", "up").err()).contains("--goal up: expected max or min");
        assertThat(refused("linear-regression", "--seeds", "2", "--conf", "executor.memory=2g").err()).contains("expected spark.KEY=VALUE");
    }

    @Test
    void dryRunListsTheConfigurationsGridFirstSeedsInnermost() {
        Result r = sweep("linear-regression", "--grid", "degree=1,2", "--grid", "shuffle=true,false", "--seeds", "2", "-P", "seed=7",
                "--dry-run", "--out", tmp.resolve("sweep").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("8 configurations");
        assertThat(r.out().lines().skip(1).map(String::strip).toList()).containsExactly(
                "degree=1,shuffle=true,seed=7", "degree=1,shuffle=true,seed=8", "degree=1,shuffle=false,seed=7",
                "degree=1,shuffle=false,seed=8", "degree=2,shuffle=true,seed=7", "degree=2,shuffle=true,seed=8",
                "degree=2,shuffle=false,seed=7", "degree=2,shuffle=false,seed=8");
        assertThat(tmp.resolve("sweep")).doesNotExist();
    }

    @Test
    void aListSettingIsSweptWithSemicolons() {
        Result r = sweep("softfloor", "--grid", "factors=0.5,0.1;0.01", "--dry-run", "--out", tmp.resolve("s").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().skip(1).map(String::strip).toList()).containsExactly("factors=0.5,0.1", "factors=0.01");
    }

    @Test
    void idsAreSafeDirectoryNamesAndLongOnesStayDistinct() {
        assertThat(SweepPlan.id(List.of("stream", "seed"), List.of("ribbon", "42"))).isEqualTo("stream=ribbon,seed=42");
        assertThat(SweepPlan.id(List.of("x"), List.of("a/b c"))).startsWith("x=a_b_c~").hasSize("x=a_b_c".length() + 9);
        String a = SweepPlan.id(List.of("k"), List.of("1".repeat(200) + "a"));
        String b = SweepPlan.id(List.of("k"), List.of("1".repeat(200) + "b"));
        assertThat(a).hasSizeLessThanOrEqualTo(SweepPlan.MAX_ID).isNotEqualTo(b);
    }

    @Test
    void goalFollowsTheMetricsName() {
        assertThat(SweepSpec.Goal.infer("test_loss")).isEqualTo(SweepSpec.Goal.MIN);
        assertThat(SweepSpec.Goal.infer("least_squares_mse")).isEqualTo(SweepSpec.Goal.MIN);
        assertThat(SweepSpec.Goal.infer("test_accuracy")).isEqualTo(SweepSpec.Goal.MAX);
    }

    @Test
    void csvQuotesWhatNeedsIt() {
        assertThat(SweepReport.csvRow(List.of("a", "b,c", "say \"x\"", ""))).isEqualTo("a,\"b,c\",\"say \"\"x\"\"\",\n");
    }
}
