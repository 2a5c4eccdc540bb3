package io.github.mlplatform.experiments.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Binds {@code key=value} settings to an immutable config record, generically: every component
 * of the record is one setting, annotated with {@link Param}, whose key is the component's name in
 * kebab case ({@code lrStep} → {@code lr-step}). Supported component types: {@code int},
 * {@code long}, {@code double}, {@code boolean}, enums (written in lower case, {@code _} as
 * {@code -}), {@code String}, and {@code List} of any of these (comma-separated). The record checks
 * its own values in its compact constructor with {@link Check}.
 *
 * <p>Every error is one line that names what the user typed ({@code -P optimiser=adam},
 * {@code --epochs 0}), not an internal field name: unknown keys (with the closest known key by edit
 * distance), values of the wrong type, and values the record rejects.
 *
 * <pre>{@code
 * ConfigBinder<LenetConfig> b = ConfigBinder.of(LenetConfig.class);
 * LenetConfig c = b.bind(LenetConfig.defaults(), List.of(Setting.param("lr", "0.1")), "ml run lenet");
 * Map<String, Object> json = b.toMap(c);       // {"epochs": 12, ..., "lr": 0.1, ...}: config.json
 * String help = b.help(LenetConfig.defaults()); // the table of 'ml run lenet --help'
 * }</pre>
 *
 * @param <C> the config record
 */
public final class ConfigBinder<C extends Record> {

    /**
     * One setting of the record.
     *
     * @param key       kebab-case key
     * @param component the record component
     * @param param     its annotation
     */
    public record Key(String key, RecordComponent component, Param param) {

        /** The type as shown in help, e.g. {@code integer}, {@code sgd|adam}, {@code list of integer}. */
        public String typeName() {
            return ConfigBinder.typeName(component.getGenericType());
        }
    }

    private static final Map<Class<?>, ConfigBinder<?>> CACHE = new ConcurrentHashMap<>();

    private final Class<C> type;
    private final List<Key> keys;
    private final Map<String, Key> byKey;
    private final Constructor<C> constructor;

    private ConfigBinder(Class<C> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        this.type = type;
        RecordComponent[] components = type.getRecordComponents();
        List<Key> list = new ArrayList<>();
        Map<String, Key> map = new LinkedHashMap<>();
        for (RecordComponent c : components) {
            Param p = c.getAnnotation(Param.class);
            if (p == null) {
                throw new IllegalArgumentException(type.getName() + "." + c.getName() + ": every component of a config record needs @Param");
            }
            typeName(c.getGenericType()); // fails early on unsupported types
            Key k = new Key(kebab(c.getName()), c, p);
            if (map.put(k.key(), k) != null) {
                throw new IllegalArgumentException(type.getName() + ": two components have the key '" + k.key() + "'");
            }
            list.add(k);
        }
        this.keys = List.copyOf(list);
        this.byKey = map;
        try {
            this.constructor = type.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            this.constructor.setAccessible(true);
            for (RecordComponent c : components) {
                c.getAccessor().setAccessible(true); // records that are not public (tests, package-private configs)
            }
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + ": no canonical constructor", e);
        }
    }

    /** The binder of a config record (cached). */
    @SuppressWarnings("unchecked")
    public static <C extends Record> ConfigBinder<C> of(Class<C> type) {
        return (ConfigBinder<C>) CACHE.computeIfAbsent(type, t -> new ConfigBinder<>(type));
    }

    public Class<C> type() {
        return type;
    }

    /** The settings, in the record's order. */
    public List<Key> keys() {
        return keys;
    }

    /** True when the record has a setting called {@code key}. */
    public boolean has(String key) {
        return byKey.containsKey(key);
    }

    /**
     * {@code base} with the given settings applied, checked by the record's constructor. A key given
     * twice, an unknown key, a value that does not parse and a value the record rejects are each an
     * {@link IllegalArgumentException} whose message names what was typed.
     *
     * @param subject the command the settings belong to, for messages (e.g. {@code ml run lenet})
     */
    public C bind(C base, List<Setting> given, String subject) {
        Object[] values = values(base);
        Map<String, Setting> seen = new HashMap<>();
        for (Setting s : given) {
            Key k = byKey.get(s.key());
            if (k == null) {
                throw new IllegalArgumentException(s.typed() + ": '" + subject + "' has no setting '" + s.key() + "'; "
                        + suggestion(s.key(), byKey.keySet()) + " (see '" + subject + " --help')");
            }
            Setting before = seen.put(s.key(), s);
            if (before != null && !before.value().equals(s.value())) {
                throw new IllegalArgumentException(before.typed() + " and " + s.typed() + " set the same setting '" + s.key() + "'");
            }
            values[keys.indexOf(k)] = parse(k, s.value(), s.typed());
        }
        return construct(values, seen, subject);
    }

    /** The values of a config as written to {@code config.json}: key → number, boolean, text or list, in the record's order. */
    public Map<String, Object> toMap(C config) {
        Map<String, Object> out = new LinkedHashMap<>();
        Object[] values = values(config);
        for (int i = 0; i < keys.size(); i++) {
            out.put(keys.get(i).key(), jsonValue(values[i]));
        }
        return out;
    }

    /**
     * Reads a config written by {@link #toMap}; keys it lacks keep their value in {@code base}.
     *
     * @param where names the file for messages
     */
    public C fromJson(JsonNode node, C base, String where) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + ": expected a JSON object of settings");
        }
        Object[] values = values(base);
        Map<String, Setting> seen = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Key k = byKey.get(e.getKey());
            if (k == null) {
                throw new IllegalArgumentException(where + ": unknown setting '" + e.getKey() + "' (written by another version?)");
            }
            JsonNode v = e.getValue();
            String text = v.isArray()
                    ? java.util.stream.StreamSupport.stream(v.spliterator(), false).map(JsonNode::asText).collect(Collectors.joining(","))
                    : v.asText();
            Setting s = new Setting(k.key(), text, where + ": \"" + k.key() + "\": " + v);
            values[keys.indexOf(k)] = parse(k, text, s.typed());
            seen.put(k.key(), s);
        }
        for (Key k : keys) {
            String old = k.param().absentMeans();
            if (!old.isEmpty() && !seen.containsKey(k.key())) {
                // written before the key existed: it ran with the old behaviour, not today's default
                Setting s = new Setting(k.key(), old, where + ": no \"" + k.key() + "\" (written before it existed): " + old);
                values[keys.indexOf(k)] = parse(k, old, s.typed());
                seen.put(k.key(), s);
            }
        }
        return construct(values, seen, where);
    }

    /**
     * The settings whose values differ, as {@code key=old → key=new} texts, in the record's order;
     * settings marked {@link Param#resumable()} only when {@code includeResumable}.
     */
    public List<String> differences(C from, C to, boolean includeResumable) {
        List<String> out = new ArrayList<>();
        Object[] a = values(from);
        Object[] b = values(to);
        for (int i = 0; i < keys.size(); i++) {
            Key k = keys.get(i);
            if ((includeResumable || !k.param().resumable()) && !Objects.equals(a[i], b[i])) {
                out.add(k.key() + "=" + text(a[i]) + " → " + k.key() + "=" + text(b[i]));
            }
        }
        return out;
    }

    /** The value of one setting as text (as {@code -P} would take it). */
    public String valueText(C config, String key) {
        Key k = byKey.get(key);
        if (k == null) {
            throw new IllegalArgumentException("no setting '" + key + "'");
        }
        return text(values(config)[keys.indexOf(k)]);
    }

    /** The settings as a plain-text table: key, type, default (with unit), meaning. */
    public String help(C defaults) {
        Object[] values = values(defaults);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"KEY", "TYPE", "DEFAULT", "MEANING"});
        for (int i = 0; i < keys.size(); i++) {
            Key k = keys.get(i);
            rows.add(new String[] {k.key(), k.typeName(), defaultText(k, values[i]), meaning(k)});
        }
        int[] width = new int[3];
        for (String[] r : rows) {
            for (int c = 0; c < 3; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            b.append(String.format(Locale.ROOT, "  %-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %s", (Object[]) r)
                    .stripTrailing()).append('\n');
        }
        return b.toString();
    }

    /** Marker lines around the generated table in a config record's Javadoc. */
    public static final String JAVADOC_BEGIN = "<!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->";
    public static final String JAVADOC_END = "<!-- /settings -->";

    /**
     * The Javadoc table of the settings (lines without the leading {@code " * "}), between
     * {@link #JAVADOC_BEGIN} and {@link #JAVADOC_END}; {@code ConfigDocsTest} checks that each config
     * record's Javadoc holds exactly this.
     */
    public String javadoc(C defaults) {
        Object[] values = values(defaults);
        StringBuilder b = new StringBuilder();
        b.append(JAVADOC_BEGIN).append('\n');
        b.append("<table>\n");
        b.append("<caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>\n");
        b.append("<tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>\n");
        for (int i = 0; i < keys.size(); i++) {
            Key k = keys.get(i);
            b.append("<tr><td>{@code ").append(k.key()).append("}</td><td>").append(html(k.typeName())).append("</td><td>")
                    .append(html(defaultText(k, values[i]))).append("</td><td>").append(html(meaning(k))).append("</td></tr>\n");
        }
        b.append("</table>\n");
        b.append(JAVADOC_END).append('\n');
        return b.toString();
    }

    // ------------------------------------------------------------------ helpers

    private C construct(Object[] values, Map<String, Setting> given, String subject) {
        try {
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidSettingException ise) {
                Setting s = given.get(ise.key());
                Key k = byKey.get(ise.key());
                String what = s != null ? s.typed()
                        : k != null ? ise.key() + "=" + text(values[keys.indexOf(k)]) + " (" + subject + " default)" : ise.key();
                throw new IllegalArgumentException(what + ": " + ise.requirement(), ise);
            }
            if (cause instanceof IllegalArgumentException iae) {
                throw new IllegalArgumentException(subject + ": " + iae.getMessage(), iae);
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    private Object[] values(C config) {
        Object[] values = new Object[keys.size()];
        for (int i = 0; i < values.length; i++) {
            try {
                values[i] = keys.get(i).component().getAccessor().invoke(config);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + keys.get(i).component(), e);
            }
        }
        return values;
    }

    private static Object parse(Key k, String text, String typed) {
        try {
            return parse(text, k.component().getGenericType());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(typed + ": expected " + e.getMessage());
        }
    }

    /** Parses {@code text} as a value of {@code t}; failures have a message "what was expected". */
    static Object parse(String text, Type t) {
        String s = text.strip();
        if (t instanceof ParameterizedType pt && pt.getRawType() == List.class) {
            Type element = pt.getActualTypeArguments()[0];
            List<Object> out = new ArrayList<>();
            if (s.isEmpty()) {
                return List.of();
            }
            for (String part : s.split(",", -1)) {
                try {
                    out.add(parse(part, element));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("a comma-separated list of " + typeName(element) + " ('" + part.strip() + "': "
                            + e.getMessage() + ")");
                }
            }
            return List.copyOf(out);
        }
        Class<?> c = (Class<?>) t;
        if (c == int.class || c == Integer.class) {
            try {
                return Integer.parseInt(s.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a whole number");
            }
        }
        if (c == long.class || c == Long.class) {
            try {
                return Long.parseLong(s.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a whole number");
            }
        }
        if (c == double.class || c == Double.class) {
            try {
                double d = Double.parseDouble(s);
                if (!Double.isFinite(d) || s.endsWith("d") || s.endsWith("D") || s.endsWith("f") || s.endsWith("F")) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a number (e.g. 0.05 or 1e-4)");
            }
        }
        if (c == boolean.class || c == Boolean.class) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("true or false");
            };
        }
        if (c.isEnum()) {
            for (Object e : c.getEnumConstants()) {
                if (enumText((Enum<?>) e).equalsIgnoreCase(s.replace('_', '-'))) {
                    return e;
                }
            }
            List<String> names = Arrays.stream(c.getEnumConstants()).map(e -> enumText((Enum<?>) e)).toList();
            String near = s.isEmpty() ? null : closeTo(s.toLowerCase(Locale.ROOT), names);
            throw new IllegalArgumentException("one of " + String.join(", ", names) + (near == null ? "" : "; did you mean '" + near + "'?"));
        }
        if (c == String.class) {
            return s;
        }
        throw new IllegalArgumentException("a value of an unsupported type " + c.getName());
    }

    static String typeName(Type t) {
        if (t instanceof ParameterizedType pt && pt.getRawType() == List.class) {
            return "list of " + typeName(pt.getActualTypeArguments()[0]);
        }
        if (!(t instanceof Class<?> c)) {
            throw new IllegalArgumentException("unsupported setting type " + t);
        }
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
            return "integer";
        }
        if (c == double.class || c == Double.class) {
            return "number";
        }
        if (c == boolean.class || c == Boolean.class) {
            return "true|false";
        }
        if (c.isEnum()) {
            return Arrays.stream(c.getEnumConstants()).map(e -> enumText((Enum<?>) e)).collect(Collectors.joining("|"));
        }
        if (c == String.class) {
            return "text";
        }
        throw new IllegalArgumentException("unsupported setting type " + c.getName());
    }

    /** How an enum constant is typed and written: lower case, {@code -} for {@code _}. */
    public static String enumText(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Object jsonValue(Object v) {
        if (v instanceof Enum<?> e) {
            return enumText(e);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(ConfigBinder::jsonValue).toList();
        }
        return v;
    }

    /** A value as it would be typed: enums in lower case, lists comma-separated, numbers short (0.05, 1e-4, 12). */
    public static String text(Object v) {
        if (v instanceof Enum<?> e) {
            return enumText(e);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(ConfigBinder::text).collect(Collectors.joining(","));
        }
        if (v instanceof Double d) {
            double x = d;
            if (x == Math.rint(x) && Math.abs(x) < 1e15) {
                return Long.toString((long) x);
            }
            if (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e7) {
                return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
            }
            return Double.toString(x).replace(".0E", "E").replace('E', 'e');
        }
        return String.valueOf(v);
    }

    private static String defaultText(Key k, Object value) {
        String shown = k.param().defaultText().isEmpty() ? text(value) : k.param().defaultText();
        if (shown.isEmpty()) {
            shown = "(empty)";
        }
        return k.param().unit().isEmpty() ? shown : shown + " " + k.param().unit();
    }

    private static String meaning(Key k) {
        return k.param().doc() + (k.param().resumable() ? " (--resume may change it)" : "");
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** {@code weightDecay} → {@code weight-decay}. */
    public static String kebab(String camel) {
        StringBuilder b = new StringBuilder();
        for (char ch : camel.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                b.append('-').append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    /**
     * The known name closest to {@code typed} (read in kebab case, so {@code weightDecay} and
     * {@code weight_decay} are {@code weight-decay}): smallest edit distance (Levenshtein), where the
     * initials of a multi-part name ({@code learning-rate} → {@code lr}) and a name that is the last
     * {@code -}-separated part of the other ({@code mnist-lr} and {@code lr}) count as distance 1 and
     * any other whole part as distance 2; ties go to the smaller plain edit distance.
     */
    public static String closest(String typed, Collection<String> known) {
        String best = null;
        long bestScore = Long.MAX_VALUE;
        for (String k : known) {
            long score = (long) distance(typed, k) << 32 | levenshtein(typed.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (score < bestScore) {
                bestScore = score;
                best = k;
            }
        }
        return best;
    }

    private static int distance(String typed, String known) {
        String a = kebab(typed).replace('_', '-').toLowerCase(Locale.ROOT);
        String b = known.toLowerCase(Locale.ROOT);
        int d = levenshtein(a, b);
        if (a.contains("-") && initials(a).equals(b)) {
            d = Math.min(d, 1); // learningRate, learning-rate -> lr
        }
        if (a.endsWith("-" + b) || b.endsWith("-" + a)) {
            d = Math.min(d, 1);
        } else if (containsPart(a, b) || containsPart(b, a)) {
            d = Math.min(d, 2);
        }
        return d;
    }

    /**
     * "did you mean 'x'?" naming the closest known name when it is close (edit distance at most
     * max(2, a third of the typed length)), else "known: a, b, c".
     */
    public static String suggestion(String typed, Collection<String> known) {
        String near = closeTo(typed, known);
        return near != null ? "did you mean '" + near + "'?" : "known: " + String.join(", ", known);
    }

    /** The closest known name if it is close (see {@link #suggestion}), else null. */
    public static String closeTo(String typed, Collection<String> known) {
        String best = closest(typed, known);
        if (best == null) {
            return null;
        }
        return distance(typed, best) <= Math.max(2, typed.length() / 3) ? best : null;
    }

    private static String initials(String kebab) {
        StringBuilder b = new StringBuilder();
        for (String part : kebab.split("-")) {
            if (!part.isEmpty()) {
                b.append(part.charAt(0));
            }
        }
        return b.toString();
    }

    private static boolean containsPart(String whole, String part) {
        return ("-" + whole + "-").contains("-" + part + "-");
    }

    /** Edit distance (insertions, deletions, substitutions), Commons Text's implementation. */
    static int levenshtein(String a, String b) {
        return org.apache.commons.text.similarity.LevenshteinDistance.getDefaultInstance().apply(a, b);
    }
}
