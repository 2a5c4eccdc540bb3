package io.github.mlplatform.viz.image;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ColormapTest {

    @Test
    void greysRunsFromWhiteToBlackThroughTheColorBrewerGreys() {
        // ColorBrewer "Greys" 9-class (matplotlib's _Greys_data): ffffff f0f0f0 d9d9d9 bdbdbd 969696 737373 525252 252525 000000
        int[] brewer = {0xFFFFFF, 0xF0F0F0, 0xD9D9D9, 0xBDBDBD, 0x969696, 0x737373, 0x525252, 0x252525, 0x000000};
        for (int i = 0; i < brewer.length; i++) {
            assertThat(Colormap.GREYS.rgb(i / 8.0)).as("Greys(%d/8)", i).isEqualTo(brewer[i]);
        }
        // halfway between the first two controls: (255 + 240) / 2 = 247.5 -> 248
        assertThat(Colormap.GREYS.rgb(1 / 16.0)).isEqualTo(0xF8F8F8);
    }

    @Test
    void grayRampsAndReversal() {
        assertThat(Colormap.GRAY.rgb(0)).isEqualTo(0x000000);
        assertThat(Colormap.GRAY.rgb(1)).isEqualTo(0xFFFFFF);
        assertThat(Colormap.GRAY.rgb(0.2)).isEqualTo(0x333333); // 51 = 0.2 * 255
        assertThat(Colormap.GRAY_R.rgb(0.2)).isEqualTo(0xCCCCCC); // 204 = 255 - 51
        assertThat(Colormap.GRAY.reversed().rgb(0.2)).isEqualTo(Colormap.GRAY_R.rgb(0.2));
        assertThat(Colormap.GRAY.reversed().name()).isEqualTo("gray_r");
    }

    @Test
    void bwrIsBlueWhiteRedAndClampsAndMarksNaN() {
        assertThat(Colormap.BWR.rgb(0)).isEqualTo(0x0000FF);
        assertThat(Colormap.BWR.rgb(0.5)).isEqualTo(0xFFFFFF);
        assertThat(Colormap.BWR.rgb(1)).isEqualTo(0xFF0000);
        assertThat(Colormap.BWR.rgb(-3)).isEqualTo(0x0000FF);
        assertThat(Colormap.BWR.rgb(7)).isEqualTo(0xFF0000);
        assertThat(Colormap.BWR.rgb(Double.NaN)).isEqualTo(Colormap.BAD_RGB);
    }

    @Test
    void normaliseDoesNotOverflowForRangesNearTheDoubleLimit() {
        // vmax - vmin = 2e308 is infinite in double: every value came out 0 (or NaN at the top)
        assertThat(Colormap.normalise(1e308, -1e308, 1e308)).isEqualTo(1.0);
        assertThat(Colormap.normalise(0, -1e308, 1e308)).isEqualTo(0.5);
        assertThat(Colormap.normalise(-1e308, -1e308, 1e308)).isEqualTo(0.0);
        assertThat(Colormap.normalise(Double.MIN_VALUE, 0, 2 * Double.MIN_VALUE)).isEqualTo(0.5);
    }

    @Test
    void normaliseMapsAnEmptyRangeToZeroLikeMatplotlib() {
        assertThat(Colormap.normalise(3, 1, 5)).isEqualTo(0.5);
        assertThat(Colormap.normalise(3, 3, 3)).isEqualTo(0.0);
    }

    @Test
    void namedMapsAndErrors() {
        assertThat(Colormap.named("Greys")).isSameAs(Colormap.GREYS);
        assertThat(Colormap.named("GRAY_R")).isSameAs(Colormap.GRAY_R);
        assertThatThrownBy(() -> Colormap.named("viridis")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("viridis").hasMessageContaining("expected");
    }
}
