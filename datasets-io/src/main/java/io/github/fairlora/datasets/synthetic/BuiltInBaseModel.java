package io.github.fairlora.datasets.synthetic;

import io.github.fairlora.FineTune;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.text.WordTokenizer;
import io.github.fairlora.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The tiny base model of the built-in experiment: a Llama-style word-level decoder pretrained on the biased synthetic
 * corpus, so that it learns the corpus's stereotyped associations. Everything is seeded; nothing is downloaded.
 *
 * <p>Shape: width 64, 2 blocks, 4 heads (no grouped-query sharing, so every projection is at least 64×64 and LoRA
 * ranks up to 64 fit every target), MLP hidden 172, context 24 tokens (the corpus's sentences are 5-15 words).
 */
public final class BuiltInBaseModel {
  private BuiltInBaseModel() {}

  /** Model width. */
  public static final int WIDTH = 64;
  /** Context length in tokens. */
  public static final int CONTEXT = 24;
  /**
   * Pretraining epochs that make the model learn the corpus's associations reliably: the pronoun-occupation link
   * (five tokens apart) is picked up by attention only after about 8 epochs of the default 4,000-sentence corpus.
   */
  public static final int DEFAULT_PRETRAINING_EPOCHS = 10;

  /**
   * A word tokenizer over every word the corpus uses (biased and balanced texts, probes, prompts), so no probe or
   * fine-tuning word is unknown.
   */
  public static WordTokenizer tokenizer(SyntheticCorpus corpus) {
    List<String> texts = new ArrayList<>(corpus.biasedTexts());
    texts.addAll(corpus.balancedTexts());
    corpus.probePairs().forEach(p -> {
      texts.add(p.stereotypical());
      texts.add(p.antiStereotypical());
    });
    corpus.toxicityPrompts().forEach(p -> texts.add(p.prompt()));
    texts.addAll(corpus.insultLexicon());
    return WordTokenizer.build(texts, 1);
  }

  /** The decoder configuration for a vocabulary of the given size. */
  public static DecoderConfig config(int vocabularySize) {
    return DecoderConfig.llama(vocabularySize, CONTEXT, WIDTH, 2, 4, 4, 172);
  }

  /**
   * Pretrains a fresh model on {@code corpus.biasedTexts()} with full training (AdamW, lr 3e-3, cosine, batch 32) for
   * {@code epochs} epochs, and attaches the tokenizer.
   */
  public static Decoder pretrain(SyntheticCorpus corpus, int epochs, long seed, TrainingListener listener) {
    Objects.requireNonNull(corpus, "corpus");
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs (" + epochs + ") must be >= 1");
    }
    WordTokenizer tokenizer = tokenizer(corpus);
    Decoder model = new Decoder(config(tokenizer.vocabularySize()), seed).setTokenizer(tokenizer);
    return FineTune.full(model).inPlace().learningRate(3e-3).epochs(epochs).batchSize(32).seed(seed)
        .listener(listener).fit(corpus.biasedTexts()).model();
  }
}
