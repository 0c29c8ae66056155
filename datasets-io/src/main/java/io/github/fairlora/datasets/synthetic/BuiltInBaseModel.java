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
 * <p>Besides the corpus's own texts the model is pretrained on {@link #associations(SyntheticCorpus)}: many
 * independent occupation-object associations, the part of the built-in experiment whose undoing needs many
 * directions (one per association), so that low LoRA ranks are visibly limited.
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
    AssociationCorpus associations = associations(corpus);
    texts.addAll(associations.biasedTexts());
    associations.probePairs().forEach(p -> {
      texts.add(p.stereotypical());
      texts.add(p.antiStereotypical());
    });
    texts.addAll(corpus.balancedTexts());
    corpus.probePairs().forEach(p -> {
      texts.add(p.stereotypical());
      texts.add(p.antiStereotypical());
    });
    corpus.toxicityPrompts().forEach(p -> texts.add(p.prompt()));
    texts.addAll(corpus.insultLexicon());
    return WordTokenizer.build(texts, 1);
  }

  /** Skew of the occupation-object associations in the pretraining texts. */
  public static final double ASSOCIATION_SKEW = 0.8;
  /** Objects each held-out occupation-object combination's stereotyped object is compared with. */
  public static final int ASSOCIATION_ALTERNATIVES = 6;

  /**
   * The occupation-object associations that go with {@code corpus}: as many sentences as the corpus, the same seed,
   * skew {@value #ASSOCIATION_SKEW}, held-out share 0.15.
   */
  public static AssociationCorpus associations(SyntheticCorpus corpus) {
    return AssociationCorpus.generate(corpus.settings().seed(), corpus.settings().sentences(), ASSOCIATION_SKEW, 0.15,
        ASSOCIATION_ALTERNATIVES);
  }

  /** {@code first} and {@code second} interleaved (alternating while both last), so a batch mixes both kinds. */
  public static List<String> interleave(List<String> first, List<String> second) {
    List<String> out = new ArrayList<>(first.size() + second.size());
    for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
      if (i < first.size()) {
        out.add(first.get(i));
      }
      if (i < second.size()) {
        out.add(second.get(i));
      }
    }
    return out;
  }

  /** The decoder configuration for a vocabulary of the given size. */
  public static DecoderConfig config(int vocabularySize) {
    return DecoderConfig.llama(vocabularySize, CONTEXT, WIDTH, 2, 4, 4, 172);
  }

  /**
   * Pretrains a fresh model on {@code corpus.biasedTexts()} interleaved with the biased texts of
   * {@link #associations(SyntheticCorpus)}, with full training (AdamW, lr 3e-3, cosine, batch 32) for
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
        .listener(listener).fit(interleave(corpus.biasedTexts(), associations(corpus).biasedTexts())).model();
  }
}
