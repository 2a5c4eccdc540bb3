package io.github.mlplatform.layers.dl4j;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Dropout;
import io.github.mlplatform.core.nn.Flatten;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import io.github.mlplatform.layers.Conv1d;
import io.github.mlplatform.layers.LambdaModule;
import io.github.mlplatform.layers.LayerNorm;
import io.github.mlplatform.layers.Parallel;
import io.github.mlplatform.layers.PixelEmbedding;
import io.github.mlplatform.layers.RandomSample;
import io.github.mlplatform.layers.Residual;
import io.github.mlplatform.layers.SelfAttention;
import io.github.mlplatform.layers.Softfloor;
import io.github.mlplatform.layers.SoftmaxGrouped;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named factories that turn a {@link ModuleRecipe} into a {@link Module}; {@link ModuleLayer}
 * uses them to re-create its module when DL4J reads a configuration back from JSON. Built in (arguments
 * with defaults in brackets):
 *
 * <ul>
 *   <li>{@code Identity}, {@code ReLU}, {@code GELU}, {@code Sigmoid}, {@code Tanh}, {@code LogSigmoid},
 *       {@code Softmax}, {@code LeCunTanh}, {@code Flatten}; {@code LeakyReLU {slope [0.01]}};
 *       {@code Dropout {p}}</li>
 *   <li>{@code Linear {in, out, bias [true]}}</li>
 *   <li>{@code SoftmaxGrouped {groupSize, permuteSize [0], seed [0]}}</li>
 *   <li>{@code Conv1d {kernel, permuteSize [0], seed [0], mode ["BLOCKS"|"SAME"]}}</li>
 *   <li>{@code AllActivations {inputSize, seed [0]}} — {@link Parallel#allActivations(int, long)}</li>
 *   <li>{@code RandomSample {inputSize, k, seed [0]}}</li>
 *   <li>{@code Softfloor {epsilon [1e-4]}}</li>
 *   <li>{@code LayerNorm {shape (number or array), eps [1e-5], elementwiseAffine [true]}}</li>
 *   <li>{@code PixelEmbedding {tokens, width}}, {@code SelfAttention {width, heads}},
 *       {@code PixelSelfAttention {tokens [784], width [8], heads [2]}}</li>
 *   <li>composition: {@code Sequential {modules: [recipe…]}}, {@code Parallel {branches: [recipe…]}},
 *       {@code Residual {module: recipe}} where a recipe is {@code {"factory": …, "args": {…}}}</li>
 *   <li>{@code Class {name}}: any Module class with a public no-argument constructor</li>
 * </ul>
 *
 * Register your own with {@link #register}; it must be registered (e.g. in a static initialiser
 * that runs before loading) in every JVM that reads the configuration. Unknown argument names are
 * rejected, so a typo does not silently fall back to a default.
 */
public final class ModuleRegistry {

    /** Builds a module from its arguments. */
    @FunctionalInterface
    public interface Factory {
        Module create(Args args);
    }

    private static final Map<String, Factory> FACTORIES = new ConcurrentHashMap<>();

    static {
        simple("Identity", LambdaModule::identity);
        simple("ReLU", Activation::relu);
        simple("GELU", Activation::gelu);
        simple("Sigmoid", Activation::sigmoid);
        simple("Tanh", Activation::tanh);
        simple("LogSigmoid", Activation::logSigmoid);
        simple("Softmax", Activation::softmax);
        simple("LeCunTanh", LambdaModule::lecunTanh);
        simple("Flatten", Flatten::new);
        FACTORIES.put("LeakyReLU", a -> Activation.leakyRelu(a.dbl("slope", 0.01)));
        FACTORIES.put("Dropout", a -> new Dropout(a.dbl("p")));
        FACTORIES.put("Linear", a -> new Linear(a.lng("in"), a.lng("out"), a.bool("bias", true)));
        FACTORIES.put("SoftmaxGrouped", a -> new SoftmaxGrouped(a.integer("groupSize"), a.integer("permuteSize", 0), a.lng("seed", 0)));
        FACTORIES.put("Conv1d", a -> new Conv1d(a.integer("kernel"), a.integer("permuteSize", 0), a.lng("seed", 0),
                a.enumValue("mode", Conv1d.Mode.class, Conv1d.Mode.BLOCKS)));
        FACTORIES.put("AllActivations", a -> Parallel.allActivations(a.integer("inputSize"), a.lng("seed", 0)));
        FACTORIES.put("RandomSample", a -> new RandomSample(a.integer("inputSize"), a.integer("k"), a.lng("seed", 0)));
        FACTORIES.put("Softfloor", a -> Softfloor.ofEpsilon(a.dbl("epsilon", Softfloor.DEFAULT_EPSILON)));
        FACTORIES.put("LayerNorm", a -> new LayerNorm(a.longs("shape"), a.dbl("eps", LayerNorm.DEFAULT_EPS), a.bool("elementwiseAffine", true)));
        FACTORIES.put("PixelEmbedding", a -> new PixelEmbedding(a.integer("tokens"), a.integer("width")));
        FACTORIES.put("SelfAttention", a -> new SelfAttention(a.integer("width"), a.integer("heads")));
        FACTORIES.put("PixelSelfAttention", a -> SelfAttention.pixelLevel(new SelfAttention.Config(
                a.integer("tokens", 28 * 28), a.integer("width", 8), a.integer("heads", 2))));
        FACTORIES.put("Sequential", a -> new Sequential(a.modules("modules")));
        FACTORIES.put("Parallel", a -> new Parallel(a.modules("branches")));
        FACTORIES.put("Residual", a -> new Residual(a.module("module")));
        FACTORIES.put("Class", ModuleRegistry::byClassName);
    }

    private ModuleRegistry() {
    }

    private static void simple(String name, java.util.function.Supplier<? extends Module> s) {
        FACTORIES.put(name, a -> s.get());
    }

    /** Adds a factory; fails if the name is taken. */
    public static void register(String name, Factory factory) {
        if (name == null || name.isBlank() || factory == null) {
            throw new IllegalArgumentException("ModuleRegistry.register: name and factory are required");
        }
        if (FACTORIES.putIfAbsent(name, factory) != null) {
            throw new IllegalArgumentException("ModuleRegistry: a factory named '" + name + "' is already registered");
        }
    }

    /** The registered names, sorted. */
    public static Set<String> names() {
        return new TreeSet<>(FACTORIES.keySet());
    }

    /** Builds the module a recipe describes. */
    public static Module create(ModuleRecipe recipe) {
        Factory f = FACTORIES.get(recipe.factory());
        if (f == null) {
            throw new IllegalArgumentException("module recipe: no factory named '" + recipe.factory() + "' is registered; known: " + names()
                    + " (register custom ones with ModuleRegistry.register before reading the configuration)");
        }
        Args args = new Args(recipe.factory(), recipe.argumentsJson());
        Module m = f.create(args);
        args.checkAllUsed();
        return m;
    }

    private static Module byClassName(Args a) {
        String name = a.string("name");
        try {
            Class<?> c = Class.forName(name);
            if (!Module.class.isAssignableFrom(c)) {
                throw new IllegalArgumentException("module recipe 'Class': " + name + " is not a " + Module.class.getName());
            }
            return (Module) c.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("module recipe 'Class': class " + name + " is not on the class path", e);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("module recipe 'Class': " + name + " has no public no-argument constructor", e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("module recipe 'Class': could not construct " + name + ": " + e, e);
        }
    }

    /** The arguments of one recipe, with typed getters whose errors name the factory and argument. */
    public static final class Args {
        private final String factory;
        private final JsonNode node;
        private final Set<String> used = new HashSet<>();

        Args(String factory, JsonNode node) {
            this.factory = factory;
            this.node = node;
        }

        private JsonNode get(String name, boolean required, String expected) {
            used.add(name);
            JsonNode v = node.get(name);
            if ((v == null || v.isNull()) && required) {
                throw error(name, "is required (" + expected + ")");
            }
            return v == null || v.isNull() ? null : v;
        }

        private IllegalArgumentException error(String name, String what) {
            return new IllegalArgumentException("module recipe '" + factory + "': argument '" + name + "' " + what);
        }

        public int integer(String name) {
            JsonNode v = get(name, true, "an integer");
            if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                throw error(name, "must be an integer, got " + v);
            }
            return v.intValue();
        }

        public int integer(String name, int dflt) {
            return node.hasNonNull(name) ? integer(name) : mark(name, dflt);
        }

        public long lng(String name) {
            JsonNode v = get(name, true, "an integer");
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw error(name, "must be an integer, got " + v);
            }
            return v.longValue();
        }

        public long lng(String name, long dflt) {
            return node.hasNonNull(name) ? lng(name) : mark(name, dflt);
        }

        public double dbl(String name) {
            JsonNode v = get(name, true, "a number");
            if (!v.isNumber()) {
                throw error(name, "must be a number, got " + v);
            }
            return v.doubleValue();
        }

        public double dbl(String name, double dflt) {
            return node.hasNonNull(name) ? dbl(name) : mark(name, dflt);
        }

        public boolean bool(String name, boolean dflt) {
            JsonNode v = get(name, false, "true or false");
            if (v == null) {
                return dflt;
            }
            if (!v.isBoolean()) {
                throw error(name, "must be true or false, got " + v);
            }
            return v.booleanValue();
        }

        public String string(String name) {
            JsonNode v = get(name, true, "a string");
            if (!v.isTextual()) {
                throw error(name, "must be a string, got " + v);
            }
            return v.asText();
        }

        public <E extends Enum<E>> E enumValue(String name, Class<E> type, E dflt) {
            JsonNode v = get(name, false, "a string");
            if (v == null) {
                return dflt;
            }
            try {
                return Enum.valueOf(type, v.asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw error(name, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()) + ", got " + v);
            }
        }

        /** A number or an array of numbers. */
        public long[] longs(String name) {
            JsonNode v = get(name, true, "an integer or an array of integers");
            if (v.isIntegralNumber()) {
                return new long[]{v.longValue()};
            }
            if (!v.isArray()) {
                throw error(name, "must be an integer or an array of integers, got " + v);
            }
            long[] out = new long[v.size()];
            for (int i = 0; i < out.length; i++) {
                if (!v.get(i).isIntegralNumber()) {
                    throw error(name, "must be an array of integers, got " + v);
                }
                out[i] = v.get(i).longValue();
            }
            return out;
        }

        /** A nested recipe, built. */
        public Module module(String name) {
            JsonNode v = get(name, true, "a module recipe");
            return ModuleRecipe.fromJson(v, "module recipe '" + factory + "', argument '" + name + "'").create();
        }

        /** An array of nested recipes, built. */
        public List<Module> modules(String name) {
            JsonNode v = get(name, true, "an array of module recipes");
            if (!v.isArray() || v.isEmpty()) {
                throw error(name, "must be a non-empty array of module recipes, got " + v);
            }
            List<Module> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                out.add(ModuleRecipe.fromJson(v.get(i), "module recipe '" + factory + "', argument '" + name + "[" + i + "]'").create());
            }
            return out;
        }

        private <T> T mark(String name, T value) {
            used.add(name);
            return value;
        }

        void checkAllUsed() {
            List<String> unknown = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String n = it.next();
                if (!used.contains(n)) {
                    unknown.add(n);
                }
            }
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("module recipe '" + factory + "': unknown argument(s) " + unknown
                        + "; this factory reads " + new TreeSet<>(used));
            }
        }
    }
}
