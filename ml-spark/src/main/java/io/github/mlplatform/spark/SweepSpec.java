package io.github.mlplatform.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code ml sweep} was asked to do, as typed, not yet checked against the experiment.
 *
 * @param experiment the experiment's name ({@code ml list})
 * @param grid       swept key → its values as typed, in the order given ({@code --grid key=v1,v2})
 * @param fixed      {@code -P key=value} settings applied to every configuration, as typed
 * @param seeds      with N ≥ 1, every grid point runs with seeds base, base+1, ..., base+N−1 (base: the
 *                   experiment's {@code seed}); 0 = no seed dimension
 * @param metric     the final metric to rank by, or null for the first numeric final metric of the first finished run
 * @param goal       whether a larger or a smaller metric is better, or null to infer it from the metric's name
 */
public record SweepSpec(String experiment, Map<String, List<String>> grid, List<String> fixed, int seeds, String metric,
                        Goal goal) {

    /** Which end of the metric is best. */
    public enum Goal {
        /** larger is better (accuracy, R², ...) */
        MAX,
        /** smaller is better (loss, error, seconds, ...) */
        MIN;

        /** {@link #MIN} for names that say loss, error, mse, perplexity, seconds or time; otherwise {@link #MAX}. */
        public static Goal infer(String metric) {
            String m = metric.toLowerCase(Locale.ROOT);
            for (String low : List.of("loss", "error", "mse", "rmse", "mae", "perplexity", "seconds", "time", "nll")) {
                if (m.contains(low)) {
                    return MIN;
                }
            }
            return MAX;
        }
    }

    public SweepSpec {
        grid = new LinkedHashMap<>(grid);
        fixed = List.copyOf(fixed);
    }

    /**
     * Parses {@code --grid} texts ({@code key=v1,v2,...}) into key → values. A key given twice, an
     * empty key or value, or a value repeated within one key is an {@link IllegalArgumentException}
     * naming the text. Values are split on {@code ,}, or on {@code ;} when {@code listKey} says the
     * key's setting is itself a comma-separated list.
     */
    public static Map<String, List<String>> parseGrid(List<String> texts, java.util.function.Predicate<String> listKey) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String text : texts) {
            int eq = text.indexOf('=');
            if (eq <= 0 || eq == text.length() - 1) {
                throw new IllegalArgumentException("--grid " + text + ": expected KEY=V1,V2,... (e.g. --grid lr=0.01,0.1)");
            }
            String key = text.substring(0, eq).strip();
            String sep = listKey.test(key) ? ";" : ",";
            List<String> values = new ArrayList<>();
            for (String v : text.substring(eq + 1).split(sep, -1)) {
                String value = v.strip();
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("--grid " + text + ": an empty value; expected KEY=V1" + sep + "V2" + sep + "..."
                            + (sep.equals(";") ? " (" + key + " is a list setting: its grid values are separated by ';')" : ""));
                }
                if (values.contains(value)) {
                    throw new IllegalArgumentException("--grid " + text + ": value '" + value + "' is given twice");
                }
                values.add(value);
            }
            if (out.put(key, values) != null) {
                throw new IllegalArgumentException("--grid " + text + ": '" + key + "' is swept twice; give all its values in one --grid");
            }
        }
        return out;
    }
}
