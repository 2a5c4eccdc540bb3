package io.github.mlplatform.layers.dl4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.util.Json;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

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

    /** Builds the module with the {@link ModuleRegistry}. */
    public Module create() {
        return ModuleRegistry.create(this);
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
