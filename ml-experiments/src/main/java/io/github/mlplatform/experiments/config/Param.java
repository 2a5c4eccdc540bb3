package io.github.mlplatform.experiments.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One setting of an experiment, on a component of its config record. The component's name in
 * kebab case ({@code weightDecay} → {@code weight-decay}) is the key: of {@code -P key=value}, of
 * the field in the run's {@code config.json}, and of {@code ml run NAME --help}. {@link ConfigBinder}
 * reads these annotations; the record's Javadoc table is generated from them.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Param {

    /** What the setting means, one line. */
    String doc();

    /** The unit of the value (e.g. {@code epochs}, {@code images}), or empty when it has none. */
    String unit() default "";

    /**
     * The default as help shows it, when the value depends on the machine (e.g. {@code "cores, at most 2"});
     * empty to show the value of the defaults record.
     */
    String defaultText() default "";

    /**
     * True when {@code --resume} may continue a run with a different value (e.g. more epochs, or a
     * setting that only changes what is drawn); any other difference from the checkpoint's config
     * refuses the resume.
     */
    boolean resumable() default false;

    /**
     * The value that a run's {@code config.json} without this key was run with, when the key came
     * later and its default is not the old behaviour (e.g. a new default layout): {@code --resume}
     * then rebuilds what the checkpoint was trained with. Empty: such a run had today's default.
     */
    String absentMeans() default "";
}
