package io.github.mlplatform.core.module;

/**
 * A module cannot take input of the shape it is given. Thrown by {@link Module#outputShape} and, with
 * the module's hierarchical name and the model's input shape added, by the model builder, e.g.
 * <pre>
 * module '1' Linear(in=700, out=128): expected input [batch, 700], got [batch, 784]
 *     (mat1 and mat2 shapes cannot be multiplied: batch×784 and 700×128); model input [batch, 1, 28, 28]
 * </pre>
 * (one line). {@link Shape#outputOf} turns a plain {@link IllegalArgumentException} from a module's
 * {@code outputShape} into this exception, naming that module.
 */
public class ShapeMismatchException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient Module module;
    private final String detail;
    private final String path;

    /**
     * @param module the module that rejects its input
     * @param detail what was expected and what was given, e.g. {@code expected input [batch, 700], got [batch, 784]}
     */
    public ShapeMismatchException(Module module, String detail) {
        this(module, detail, null, null);
    }

    private ShapeMismatchException(Module module, String detail, String path, String context) {
        super(message(module, detail, path, context));
        this.module = module;
        this.detail = detail;
        this.path = path;
    }

    private static String message(Module module, String detail, String path, String context) {
        String who = module == null ? "module" : module.describe();
        String where = path == null ? "" : path.isEmpty() ? "root module " : "module '" + path + "' ";
        return where + who + ": " + detail + (context == null ? "" : "; " + context);
    }

    /** The same mismatch, naming the module by its hierarchical name ({@code ""} for the root) and adding context. */
    public ShapeMismatchException at(String path, String context) {
        ShapeMismatchException e = new ShapeMismatchException(module, detail, path, context);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** The module that rejects its input (null after deserialisation). */
    public Module module() {
        return module;
    }

    /** What was expected and what was given, without the module's name. */
    public String detail() {
        return detail;
    }

    /** The module's hierarchical name in the model ({@code ""} for the root), or null when not known. */
    public String path() {
        return path;
    }
}
