package io.github.mlplatform.layers.dl4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.util.Json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to build a {@link Module} again: the name of a factory in the {@link ModuleRegistry} and its
 * arguments as a JSON object. A Module is arbitrary Java code, so this recipe — not the module — is
 * what {@link ModuleLayer} writes into a DL4J configuration; seeds of fixed permutations or subsets
 * are ordinary arguments, so the same recipe rebuilds the same module.
 *
 * <pre>{@code
 * ModuleRecipe r = ModuleRecipe.of("SoftmaxGrouped", Map.of("groupSize", 4, "permuteSize", 16, "seed", 7));
 * ModuleRecipe block = ModuleRecipe.of("Sequential", Map.of("modules", List.of(
 *         ModuleRecipe.of("Linear", Map.of("in", 16, "out", 16)), ModuleRecipe.of("ReLU"))));
 * }</pre>
 *
 * @param factory   a name registered in {@link ModuleRegistry}
 * @param arguments the factory's arguments, a JSON object (compact text)
 */
public record ModuleRecipe(String factory, String arguments) {

    public ModuleRecipe {
        if (factory == null || factory.isBlank()) {
            throw new IllegalArgumentException("ModuleRecipe: factory name must be non-blank");
        }
        JsonNode args = parse(factory, arguments == null ? "{}" : arguments);
        arguments = args.toString();
    }

    /** A factory without arguments. */
    public static ModuleRecipe of(String factory) {
        return new ModuleRecipe(factory, "{}");
    }

    /**
     * A factory with arguments; values may be numbers, booleans, strings, arrays, other
     * {@link ModuleRecipe}s or lists of them.
     */
    public static ModuleRecipe of(String factory, Map<String, ?> arguments) {
        ObjectNode node = Json.mapper().createObjectNode();
        new LinkedHashMap<>(arguments).forEach((k, v) -> node.set(k, toNode(v)));
        return new ModuleRecipe(factory, node.toString());
    }

    private static JsonNode toNode(Object v) {
        if (v instanceof ModuleRecipe r) {
            return r.toJson();
        }
        if (v instanceof Collection<?> c) {
            ArrayNode a = Json.mapper().createArrayNode();
            c.forEach(e -> a.add(toNode(e)));
            return a;
        }
        return Json.mapper().valueToTree(v);
    }

    /** The arguments as a JSON object. */
    public JsonNode argumentsJson() {
        return parse(factory, arguments);
    }

    /** {@code {"factory": ..., "args": {...}}}, the form nested recipes take. */
    public ObjectNode toJson() {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("factory", factory);
        n.set("args", argumentsJson());
        return n;
    }

    /** Reads the {@link #toJson()} form; {@code where} names the place for error messages. */
    public static ModuleRecipe fromJson(JsonNode n, String where) {
        if (n == null || !n.isObject() || !n.path("factory").isTextual()) {
            throw new IllegalArgumentException(where + ": expected a module recipe {\"factory\": name, \"args\": {...}}, got " + n);
        }
        JsonNode args = n.get("args");
        return new ModuleRecipe(n.get("factory").asText(), args == null || args.isNull() ? "{}" : args.toString());
    }

    /**
     * Builds the module with the {@link ModuleRegistry}. When an argument name is misspelt, the
     * error names the unknown argument first, with the factory's name closest to it:
     * {@code module recipe 'SoftmaxGrouped': unknown argument 'groupsize': did you mean 'groupSize'?
     * (argument 'groupSize' is required)} rather than only that {@code groupSize} is missing.
     */
    public Module create() {
        try {
            return ModuleRegistry.create(this);
        } catch (IllegalArgumentException e) {
            IllegalArgumentException better = unknownArgumentFirst(e);
            if (better != null) {
                throw better;
            }
            throw e;
        }
    }

    /**
     * The registry reports a misspelt argument as a missing required one ("argument 'groupSize' is
     * required") when the factory stops at it, or lists it as unknown after building; either way
     * this names the argument the recipe has but the factory does not read, with a suggestion.
     * Null when the error is about something else (a nested recipe's error is already rewritten).
     */
    private IllegalArgumentException unknownArgumentFirst(IllegalArgumentException e) {
        String msg = e.getMessage();
        if (msg == null) {
            return null;
        }
        String prefix = "module recipe '" + factory + "': ";
        Matcher required = Pattern.compile(Pattern.quote(prefix)
                + "argument '([^']+)' is required.*").matcher(msg);
        if (required.matches()) {
            String missing = required.group(1);
            String typo = null;
            int best = Integer.MAX_VALUE;
            for (Iterator<String> it = argumentsJson().fieldNames(); it.hasNext(); ) {
                String given = it.next();
                int d = given.equalsIgnoreCase(missing) ? 0 : levenshtein(given, missing);
                if (!given.equals(missing) && d < best && d <= Math.min(2, (missing.length() - 1) / 2)) {
                    best = d;
                    typo = given;
                }
            }
            return typo == null ? null : new IllegalArgumentException(prefix + "unknown argument '" + typo + "': did you mean '"
                    + missing + "'? (" + msg.substring(prefix.length()) + ")", e);
        }
        Matcher unknown = Pattern.compile(Pattern.quote(prefix)
                + "unknown argument\\(s\\) \\[([^]]*)]; this factory reads \\[([^]]*)](.*)").matcher(msg);
        if (unknown.matches()) {
            List<String> reads = Arrays.stream(unknown.group(2).split(",")).map(String::strip)
                    .filter(x -> !x.isEmpty()).toList();
            List<String> hints = new ArrayList<>();
            for (String u : unknown.group(1).split(",")) {
                String typo = u.strip();
                String near = null;
                int best = Integer.MAX_VALUE;
                for (String r : reads) {
                    int d = r.equalsIgnoreCase(typo) ? 0 : levenshtein(typo, r);
                    if (d < best) {
                        best = d;
                        near = r;
                    }
                }
                hints.add("'" + typo + "'" + (near != null && best <= Math.max(2, typo.length() / 3) ? " (did you mean '" + near + "'?)" : ""));
            }
            return new IllegalArgumentException(prefix + "unknown argument(s) [" + unknown.group(1) + "]: " + String.join(", ", hints)
                    + "; this factory reads [" + unknown.group(2) + "]" + unknown.group(3), e);
        }
        return null;
    }

    /** Edit distance (insertions, deletions, substitutions), Commons Text's implementation. */
    private static int levenshtein(String a, String b) {
        return org.apache.commons.text.similarity.LevenshteinDistance.getDefaultInstance().apply(a, b);
    }

    private static JsonNode parse(String factory, String text) {
        try {
            JsonNode n = Json.mapper().readTree(text);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("ModuleRecipe '" + factory + "': arguments must be a JSON object, got " + text);
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("ModuleRecipe '" + factory + "': arguments are not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public String toString() {
        return factory + arguments;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModuleRecipe r && r.factory.equals(factory) && r.argumentsJson().equals(argumentsJson());
    }

    @Override
    public int hashCode() {
        return Objects.hash(factory, argumentsJson());
    }
}
