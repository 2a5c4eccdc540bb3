package io.github.mlplatform.experiments.softfloor;

import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.Param;

import java.util.List;

/**
 * Settings of {@code ml run softfloor}, written to the run's {@code config.json} under the same keys.
 * Defaults are the seed notebook's figure: {@code softfloor_make(factor)} for factor 0.5, 0.1, 0.01
 * and 1e-4 (the function itself uses {@code f = 1 + factor}), drawn on [−2, 2] from points 0.01 apart.
 *
 * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
 * <table>
 * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
 * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code factors}</td><td>list of number</td><td>0.5,0.1,0.01,1e-4</td><td>the seed's softfloor_make(factor) arguments, one curve each; the function uses f = 1 + factor</td></tr>
 * <tr><td>{@code x-min}</td><td>number</td><td>-2</td><td>left end of the plotted range; the table covers its integers and half-integers</td></tr>
 * <tr><td>{@code x-max}</td><td>number</td><td>2</td><td>right end of the plotted range</td></tr>
 * <tr><td>{@code step}</td><td>number</td><td>0.01</td><td>distance between the plotted points (the seed's np.arange step)</td></tr>
 * </table>
 * <!-- /settings -->
 */
public record SoftfloorConfig(
        @Param(doc = "the seed's softfloor_make(factor) arguments, one curve each; the function uses f = 1 + factor") List<Double> factors,
        @Param(doc = "left end of the plotted range; the table covers its integers and half-integers") double xMin,
        @Param(doc = "right end of the plotted range") double xMax,
        @Param(doc = "distance between the plotted points (the seed's np.arange step)") double step) {

    public SoftfloorConfig {
        Check.that(factors != null && !factors.isEmpty(), "factors", "needs at least one value");
        for (Double f : factors) {
            Check.that(f != null && f > 0 && Double.isFinite(f), "factors", "must be numbers > 0 (the function uses 1 + factor), got " + f);
        }
        factors = List.copyOf(factors);
        Check.that(Double.isFinite(xMin) && Double.isFinite(xMax) && xMin < xMax, "x-min", "must be a number below x-max");
        Check.that(xMax - xMin <= 1000, "x-max", "must be at most 1000 above x-min");
        Check.that(step > 0 && Double.isFinite(step), "step", "must be a number > 0");
        Check.that((xMax - xMin) / step <= 1_000_000, "step", "gives more than 1,000,000 points on [x-min, x-max]; take a larger step");
    }

    /** The seed's figure: factors 0.5, 0.1, 0.01, 1e-4 on [−2, 2], step 0.01. */
    public static SoftfloorConfig defaults() {
        return new SoftfloorConfig(List.of(0.5, 0.1, 0.01, 1e-4), -2, 2, 0.01);
    }
}
