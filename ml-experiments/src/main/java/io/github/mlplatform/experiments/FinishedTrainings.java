package io.github.mlplatform.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The state file of an experiment that runs several trainings in one run (all-activations,
 * fashion-mlp): the trainings finished so far, one JSON object each under {@code field}, rewritten
 * atomically after each. Its presence makes the run resumable; a resumed run skips what it lists.
 *
 * @param file  the state file, e.g. {@code <run>/checkpoints/state.json}
 * @param field the JSON field that holds the list, e.g. {@code trainings}
 * @param type  the record of one finished training (read and written with {@link Json#mapper()})
 * @param <T>   that record
 */
public record FinishedTrainings<T>(Path file, String field, Class<T> type) {

    /**
     * What a killed run had finished when {@code ctx} resumes it, else nothing; writes the file
     * either way (creating its directory), so that the run can be resumed from now on.
     *
     * @throws IOException if the file cannot be read or written (a malformed entry: Jackson's message names the field)
     */
    public List<T> start(RunContext ctx) throws IOException {
        Files.createDirectories(file.getParent());
        List<T> done = new ArrayList<>();
        if (ctx.resumed() && Files.isRegularFile(file)) {
            for (JsonNode t : Json.read(file).path(field)) {
                done.add(Json.mapper().convertValue(t, type));
            }
        }
        write(done);
        return done;
    }

    /** Rewrites the file with {@code done}, atomically. */
    public void write(List<T> done) throws IOException {
        Json.write(file, Map.of(field, done));
    }
}
