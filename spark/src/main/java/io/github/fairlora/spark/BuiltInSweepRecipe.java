package io.github.fairlora.spark;

import io.github.fairlora.datasets.synthetic.BuiltInBaseModel;
import io.github.fairlora.datasets.synthetic.SyntheticBiasCorpus;
import io.github.fairlora.datasets.synthetic.SyntheticCorpus;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.sweep.BuiltInExperiment;
import io.github.fairlora.sweep.RankSweep;
import io.github.fairlora.sweep.SweepRecipe;
import io.github.fairlora.text.Tokenizer;
import java.util.Objects;

/**
 * The built-in experiment as a {@link SweepRecipe}: the corpus is regenerated from its seed and size (cheap and
 * deterministic) and the pretrained base model travels as a {@link ModelSnapshot} (about 0.5 MB), so a task never
 * pretrains again and every task measures bit-identical base weights.
 */
public final class BuiltInSweepRecipe implements SweepRecipe {
  private static final long serialVersionUID = 1L;

  private final long corpusSeed;
  private final int sentences;
  private final ModelSnapshot base;
  private final SweepSettings settings;

  private BuiltInSweepRecipe(long corpusSeed, int sentences, ModelSnapshot base, SweepSettings settings) {
    this.corpusSeed = corpusSeed;
    this.sentences = sentences;
    this.base = base;
    this.settings = settings;
  }

  /** The sweep {@code BuiltInExperiment.sweep(prepared)} with {@code settings} applied. */
  public static BuiltInSweepRecipe of(BuiltInExperiment.Prepared prepared, SweepSettings settings) {
    Objects.requireNonNull(prepared, "prepared");
    Objects.requireNonNull(settings, "settings");
    return new BuiltInSweepRecipe(prepared.corpus().settings().seed(), prepared.corpus().settings().sentences(),
        ModelSnapshot.of(prepared.base()), settings);
  }

  @Override
  public RankSweep.Builder builder() {
    SyntheticCorpus corpus = SyntheticBiasCorpus.builder().seed(corpusSeed).sentences(sentences).build();
    Tokenizer tokenizer = BuiltInBaseModel.tokenizer(corpus);
    if (tokenizer.vocabularySize() != base.config().vocabularySize()) {
      throw new IllegalStateException("the regenerated corpus (seed " + corpusSeed + ", " + sentences + " sentences) "
          + "has a vocabulary of " + tokenizer.vocabularySize() + " words but the base model has "
          + base.config().vocabularySize() + ": the corpus generator changed between driver and executor");
    }
    Decoder model = base.restore().setTokenizer(tokenizer);
    RankSweep.Builder builder = BuiltInExperiment.sweep(BuiltInExperiment.prepare(corpus, model));
    settings.applyTo(builder);
    return builder;
  }
}
