package io.github.mlplatform.viz.anim;

/**
 * Timing of an animated GIF.
 *
 * @param delayMillis       time each frame is shown; GIF stores it in 1/100 s, so it is rounded
 *                          to the nearest 10 ms (the seed's animations: 100 ms for raw frames,
 *                          200 ms for the "input | activity | reconstruction" frames)
 * @param repeatDelayMillis extra time the last frame stays before the animation restarts
 *                          (matplotlib's {@code repeat_delay}; the seed uses 500 ms)
 * @param loopCount         0 = loop forever; n &gt; 0 = the NETSCAPE2.0 repetition count n (most
 *                          viewers then play the animation n + 1 times); -1 = no loop extension
 *                          (played once)
 */
public record AnimationConfig(int delayMillis, int repeatDelayMillis, int loopCount) {

    public AnimationConfig {
        if (delayMillis < 0 || delayMillis > 655_350) {
            throw new IllegalArgumentException("AnimationConfig.delayMillis: expected 0..655350, got " + delayMillis);
        }
        if (repeatDelayMillis < 0 || delayMillis + repeatDelayMillis > 655_350) {
            throw new IllegalArgumentException("AnimationConfig.repeatDelayMillis: expected 0..(655350 - delay), got "
                    + repeatDelayMillis);
        }
        if (loopCount < -1 || loopCount > 65_535) {
            throw new IllegalArgumentException("AnimationConfig.loopCount: expected -1..65535, got " + loopCount);
        }
    }

    /** The seed's triptych animation: 200 ms per frame, 500 ms repeat delay, loop forever. */
    public static AnimationConfig defaults() {
        return new AnimationConfig(200, 500, 0);
    }

    /** {@code delayMillis} per frame, no repeat delay, loop forever. */
    public static AnimationConfig ofDelay(int delayMillis) {
        return new AnimationConfig(delayMillis, 0, 0);
    }

    public AnimationConfig withLoopCount(int n) {
        return new AnimationConfig(delayMillis, repeatDelayMillis, n);
    }

    public AnimationConfig withRepeatDelay(int millis) {
        return new AnimationConfig(delayMillis, millis, loopCount);
    }

    /** Delay of an ordinary frame in GIF units (1/100 s). */
    public int delayCentis() {
        return Math.round(delayMillis / 10f);
    }

    /** Delay of the last frame in GIF units (1/100 s). */
    public int lastDelayCentis() {
        return Math.round((delayMillis + repeatDelayMillis) / 10f);
    }
}
