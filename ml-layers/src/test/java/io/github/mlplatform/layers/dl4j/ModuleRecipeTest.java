package io.github.mlplatform.layers.dl4j;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A misspelt argument is named first, with the factory's closest argument. */
class ModuleRecipeTest {

    @Test
    void aMisspeltRequiredArgumentIsNamedFirst() {
        assertThatThrownBy(() -> ModuleRecipe.of("SoftmaxGrouped", Map.of("groupsize", 4)).create())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("module recipe 'SoftmaxGrouped': unknown argument 'groupsize': did you mean 'groupSize'?"
                        + " (argument 'groupSize' is required (an integer))");
        assertThatThrownBy(() -> ModuleRecipe.of("Conv1d", Map.of("kernal", 4)).create())
                .hasMessageStartingWith("module recipe 'Conv1d': unknown argument 'kernal': did you mean 'kernel'?");
    }

    @Test
    void anUnknownOptionalArgumentGetsASuggestion() {
        assertThatThrownBy(() -> ModuleRecipe.of("SoftmaxGrouped", Map.of("groupSize", 4, "seeed", 1)).create())
                .hasMessage("module recipe 'SoftmaxGrouped': unknown argument(s) [seeed]: 'seeed' (did you mean 'seed'?);"
                        + " this factory reads [groupSize, permuteSize, seed]");
    }

    @Test
    void nestedRecipesNameTheirOwnFactory() {
        ModuleRecipe block = ModuleRecipe.of("Sequential", Map.of("modules", List.of(
                ModuleRecipe.of("Linear", Map.of("in", 4, "out", 4)), ModuleRecipe.of("LayerNorm", Map.of("shap", 4)))));
        assertThatThrownBy(block::create).hasMessageStartingWith("module recipe 'LayerNorm': unknown argument 'shap': did you mean 'shape'?");
    }

    @Test
    void otherErrorsAreUnchanged() {
        assertThatThrownBy(() -> ModuleRecipe.of("Linear", Map.of("out", 2)).create())
                .hasMessage("module recipe 'Linear': argument 'in' is required (an integer)");
        assertThatThrownBy(() -> ModuleRecipe.of("Linear", Map.of("in", "four", "out", 2)).create())
                .hasMessageContaining("'in' must be an integer");
        assertThatThrownBy(() -> ModuleRecipe.of("NoSuchLayer").create()).hasMessageContaining("no factory named 'NoSuchLayer'");
        assertThat(ModuleRecipe.of("Linear", Map.of("in", 4, "out", 2)).create().describe()).contains("Linear");
    }
}
