package io.github.mlplatform.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.AvgPool2d;
import io.github.mlplatform.core.nn.Conv2d;
import io.github.mlplatform.core.nn.DataFormat;
import io.github.mlplatform.core.nn.Dropout;
import io.github.mlplatform.core.nn.Embedding;
import io.github.mlplatform.core.nn.Flatten;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.MaxPool2d;
import io.github.mlplatform.core.nn.Permute;
import io.github.mlplatform.core.nn.Sequential;
import io.github.mlplatform.core.util.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Recipes of module trees made only of ml-core's built-in modules ({@link Sequential},
 * {@link Linear}, {@link Embedding}, {@link Conv2d}, {@link MaxPool2d}, {@link AvgPool2d}, {@link Flatten},
 * {@link Permute}, {@link Dropout} and the factory {@link Activation}s), so that a saved model can be loaded with its
 * module tree. Each node is {@code {"type": ..., constructor arguments..., "frozen": bool}};
 * {@code Sequential} lists its children. A tree with any other module has no recipe (null): a
 * module is arbitrary Java code.
 */
final class ModuleTrees {

    private ModuleTrees() {
    }

    /** The built-in activations by name, as their factories create them. */
    private static final Map<String, Supplier<Activation>> ACTIVATIONS = new LinkedHashMap<>();

    static {
        List<Supplier<Activation>> factories = List.of(Activation::identity, Activation::relu, Activation::tanh, Activation::sigmoid,
                Activation::gelu, Activation::logSigmoid, Activation::softplus, Activation::softmax, Activation::logSoftmax, Activation::lecunTanh);
        for (Supplier<Activation> f : factories) {
            ACTIVATIONS.put(f.get().name(), f);
        }
    }

    /** The recipe of {@code m}, or null if any module in it is not a built-in one. */
    static ObjectNode recipe(Module m) {
        ObjectNode n = Json.mapper().createObjectNode();
        Class<?> c = m.getClass();
        if (c == Sequential.class) {
            n.put("type", "Sequential");
            ArrayNode children = n.putArray("modules");
            for (Module child : ((Sequential) m).modules()) {
                ObjectNode r = recipe(child);
                if (r == null) {
                    return null;
                }
                children.add(r);
            }
        } else if (c == Linear.class) {
            Linear l = (Linear) m;
            n.put("type", "Linear").put("in", l.inFeatures()).put("out", l.outFeatures()).put("bias", l.bias() != null);
        } else if (c == Conv2d.class) {
            Conv2d v = (Conv2d) m;
            n.put("type", "Conv2d").put("in", v.inChannels()).put("out", v.outChannels()).put("kernel", v.kernelSize())
                    .put("stride", v.stride()).put("padding", v.padding()).put("format", v.format().name());
        } else if (c == MaxPool2d.class) {
            MaxPool2d p = (MaxPool2d) m;
            n.put("type", "MaxPool2d").put("kernel", p.kernelSize()).put("stride", p.stride()).put("format", p.format().name());
        } else if (c == AvgPool2d.class) {
            AvgPool2d p = (AvgPool2d) m;
            n.put("type", "AvgPool2d").put("kernel", p.kernelSize()).put("stride", p.stride()).put("format", p.format().name());
        } else if (c == Permute.class) {
            ArrayNode dims = n.put("type", "Permute").putArray("dims");
            for (int d : ((Permute) m).dims()) {
                dims.add(d);
            }
        } else if (c == Flatten.class) {
            n.put("type", "Flatten");
        } else if (c == Embedding.class) {
            n.put("type", "Embedding").put("num", ((Embedding) m).numEmbeddings()).put("dim", ((Embedding) m).embeddingDim());
        } else if (c == Dropout.class) {
            n.put("type", "Dropout").put("p", ((Dropout) m).probability());
        } else if (c == Activation.class && activation(((Activation) m).name()) != null) {
            n.put("type", "Activation").put("name", ((Activation) m).name());
        } else {
            return null;
        }
        n.put("frozen", m.isFrozen());
        return n;
    }

    /** Builds the tree of a recipe (with its frozen flags); null if the recipe names something unknown. */
    static Module build(JsonNode n) {
        DataFormat format = format(n);
        if (format == null) {
            return null;
        }
        Module m = switch (n.path("type").asText()) {
            case "Sequential" -> {
                List<Module> children = new ArrayList<>();
                for (JsonNode c : n.path("modules")) {
                    Module child = build(c);
                    if (child == null) {
                        yield null;
                    }
                    children.add(child);
                }
                yield new Sequential(children);
            }
            case "Linear" -> new Linear(n.path("in").asLong(), n.path("out").asLong(), n.path("bias").asBoolean(true));
            case "Conv2d" -> new Conv2d(n.path("in").asLong(), n.path("out").asLong(), n.path("kernel").asInt(), n.path("stride").asInt(),
                    n.path("padding").asInt(), format);
            case "MaxPool2d" -> new MaxPool2d(n.path("kernel").asInt(), n.path("stride").asInt(), format);
            case "AvgPool2d" -> new AvgPool2d(n.path("kernel").asInt(), n.path("stride").asInt(), format);
            case "Permute" -> permute(n.path("dims"));
            case "Flatten" -> new Flatten();
            case "Embedding" -> new Embedding(n.path("num").asLong(), n.path("dim").asLong());
            case "Dropout" -> new Dropout(n.path("p").asDouble());
            case "Activation" -> activation(n.path("name").asText());
            default -> null;
        };
        if (m != null && n.path("frozen").asBoolean(false)) {
            m.freeze();
        }
        return m;
    }

    /** A recipe's data format: NCHW when it names none (files written before NHWC existed), null if unknown. */
    private static DataFormat format(JsonNode n) {
        String f = n.path("format").asText("NCHW");
        for (DataFormat d : DataFormat.values()) {
            if (d.name().equals(f)) {
                return d;
            }
        }
        return null;
    }

    /** A {@link Permute} from its axes, or null if they are not a permutation. */
    private static Module permute(JsonNode dims) {
        int[] d = new int[dims.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = dims.get(i).asInt(-1);
        }
        try {
            return new Permute(d);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A built-in activation by its name ({@code LeakyReLU(slope)} with any slope), or null. */
    private static Activation activation(String name) {
        Supplier<Activation> f = ACTIVATIONS.get(name);
        if (f != null) {
            return f.get();
        }
        if (name.startsWith("LeakyReLU(") && name.endsWith(")")) {
            try {
                double slope = Double.parseDouble(name.substring("LeakyReLU(".length(), name.length() - 1));
                Activation a = Activation.leakyRelu(slope);
                return a.name().equals(name) ? a : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
