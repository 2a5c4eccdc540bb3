package io.github.mlplatform.spark;

/** One line for any throwable, as the CLI prints errors. */
final class Errors {

    private static final int MAX = 600;

    private Errors() {
    }

    /** The message of bad input as it is; anything else prefixed with its type; whitespace collapsed, at most 600 characters. */
    static String oneLine(Throwable t) {
        Throwable c = t;
        while ((c.getMessage() == null || c.getMessage().isBlank()) && c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String msg = c.getMessage() == null || c.getMessage().isBlank() ? "" : c.getMessage();
        String text = c instanceof IllegalArgumentException && !msg.isEmpty() ? msg
                : c.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg);
        text = text.replaceAll("\\s+", " ").strip();
        return text.length() <= MAX ? text : text.substring(0, MAX) + " …";
    }
}
