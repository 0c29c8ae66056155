package io.github.fairlora;

import io.github.fairlora.model.Decoder;
import io.github.fairlora.text.Tokenizer;
import io.github.fairlora.train.FitHistory;
import io.github.fairlora.train.LabeledText;
import io.github.fairlora.train.LearningRateSchedule;
import io.github.fairlora.train.Trainer;
import io.github.fairlora.train.TrainingData;
import io.github.fairlora.train.TrainingListener;
import io.github.fairlora.train.TrainingOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings LoRA and full fine-tuning share, so a rank sweep can treat "full" as one more setting. Every method
 * refuses an invalid value with a message naming the value and the rule, and refuses a second assignment.
 *
 * @param <B> the concrete builder, for chaining
 */
// Its constructor and hooks are package-private: LoRA and FineTune are the only builders; users chain, not extend.
public abstract class FitBuilder<B extends FitBuilder<B>> {
  final Decoder model;
  private final Map<String, Object> assigned = new HashMap<>();
  private TrainingOptions defaults = TrainingOptions.defaults();
  private Tokenizer tokenizer;
  private boolean inPlace;

  FitBuilder(Decoder model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  @SuppressWarnings("unchecked")
  final B self() {
    return (B) this;
  }

  /** Records an assignment; a second one of the same setting is an error. */
  final void assign(String setting, Object value) {
    if (assigned.containsKey(setting)) {
      throw new IllegalStateException(setting + " was already set to " + assigned.get(setting));
    }
    assigned.put(setting, value);
  }

  final Object setting(String name, Object fallback) {
    return assigned.getOrDefault(name, fallback);
  }

  /** Peak learning rate (> 0). Default {@link FitDefaults#LEARNING_RATE}. */
  public B learningRate(double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException("learningRate (" + value + ") must be positive and finite");
    }
    assign("learningRate", value);
    return self();
  }

  /** Passes over the data (≥ 1). Default {@link FitDefaults#EPOCHS}. */
  public B epochs(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("epochs (" + value + ") must be >= 1");
    }
    assign("epochs", value);
    return self();
  }

  /** Stop after this many steps even if epochs remain (≥ 1). */
  public B maxSteps(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("maxSteps (" + value + ") must be >= 1");
    }
    assign("maxSteps", value);
    return self();
  }

  /** Sequences per step (≥ 1). Default {@link FitDefaults#BATCH_SIZE}. */
  public B batchSize(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("batchSize (" + value + ") must be >= 1");
    }
    assign("batchSize", value);
    return self();
  }

  /** Seed for shuffling, the evaluation split, adapter initialisation and dropout. Default 0. */
  public B seed(long value) {
    assign("seed", value);
    return self();
  }

  /** Learning-rate decay after warmup. Default {@link FitDefaults#SCHEDULE}. */
  public B schedule(LearningRateSchedule.Shape value) {
    assign("schedule", Objects.requireNonNull(value, "schedule"));
    return self();
  }

  /** Share of steps spent warming up, in [0, 1). Default 0.05. */
  public B warmupFraction(double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException("warmupFraction (" + value + ") must be in [0, 1)");
    }
    assign("warmupFraction", value);
    return self();
  }

  /** Global gradient-norm clipping threshold (0 = off). Default 1.0. */
  public B maxGradientNorm(double value) {
    if (!(value >= 0)) {
      throw new IllegalArgumentException("maxGradientNorm (" + value + ") must be >= 0");
    }
    assign("maxGradientNorm", value);
    return self();
  }

  /** AdamW decoupled weight decay (≥ 0). Default 0. */
  public B weightDecay(double value) {
    if (!(value >= 0)) {
      throw new IllegalArgumentException("weightDecay (" + value + ") must be >= 0");
    }
    assign("weightDecay", value);
    return self();
  }

  /** Share of the data held out to evaluate after each epoch, in (0, 0.5]. Default none. */
  public B evaluationFraction(double value) {
    if (!(value > 0 && value <= 0.5)) {
      throw new IllegalArgumentException("evaluationFraction (" + value + ") must be in (0, 0.5]");
    }
    assign("evaluationFraction", value);
    return self();
  }

  /** Stop when the held-out loss has not improved for this many epochs (needs an evaluation fraction). */
  public B earlyStopping(int patienceEpochs) {
    if (patienceEpochs < 1) {
      throw new IllegalArgumentException("early stopping patience (" + patienceEpochs + ") must be >= 1 epoch");
    }
    assign("earlyStopping", patienceEpochs);
    return self();
  }

  /** Receives progress. Default: silent. */
  public B listener(TrainingListener value) {
    assign("listener", Objects.requireNonNull(value, "listener"));
    return self();
  }

  /** Tokenizer for text data, when the model has none attached or another is wanted. */
  public B tokenizer(Tokenizer value) {
    assign("tokenizer", Objects.requireNonNull(value, "tokenizer"));
    this.tokenizer = value;
    return self();
  }

  /** Trains the caller's model object itself instead of a copy (fit otherwise never mutates the given model). */
  public B inPlace() {
    assign("inPlace", true);
    this.inPlace = true;
    return self();
  }

  /** Trains on texts. */
  public AdaptedModel fit(List<String> texts) {
    return fit(TrainingData.texts(texts));
  }

  /** Trains on any kind of data. */
  public AdaptedModel fit(TrainingData data) {
    Objects.requireNonNull(data, "data");
    if (data.size() == 0) {
      throw new IllegalArgumentException("training data is empty");
    }
    if (setting("earlyStopping", null) != null && setting("evaluationFraction", null) == null) {
      throw new IllegalStateException("earlyStopping needs an evaluationFraction to measure held-out loss");
    }
    TrainingOptions options = options();
    Decoder working;
    int[] labels = null;
    List<int[]> sequences;
    if (data instanceof TrainingData.Labeled labeled) {
      labels = labeled.examples().stream().mapToInt(LabeledText::label).toArray();
      int classes = java.util.Arrays.stream(labels).max().orElse(0) + 1;
      classes = Math.max(classes, 2);
      if (model.classifier() == null) {
        if (inPlace) {
          throw new IllegalStateException("in-place fitting needs a model built with a classification head "
              + "(config.withClasses(n))");
        }
        working = model.copyWithClassifier(classes, options.seed());
      } else {
        int have = model.config().numberOfClasses();
        if (classes > have) {
          throw new IllegalArgumentException("labels go up to " + (classes - 1) + " but the classification head has "
              + have + " classes");
        }
        working = inPlace ? model : model.copy();
      }
      Tokenizer tok = requireTokenizer();
      sequences = new ArrayList<>();
      for (int i = 0; i < labeled.examples().size(); i++) {
        sequences.add(encode(tok, labeled.examples().get(i).text(), i, false));
      }
    } else {
      working = inPlace ? model : model.copy();
      if (data instanceof TrainingData.Texts texts) {
        Tokenizer tok = requireTokenizer();
        sequences = new ArrayList<>();
        for (int i = 0; i < texts.texts().size(); i++) {
          sequences.add(encode(tok, texts.texts().get(i), i, true));
        }
      } else {
        sequences = ((TrainingData.Tokens) data).sequences();
        for (int i = 0; i < sequences.size(); i++) {
          checkSequence(sequences.get(i), i, true);
        }
      }
    }
    if (tokenizer != null && working.tokenizer().isEmpty()) {
      working.setTokenizer(tokenizer);
    }
    prepare(working, labels != null, options.seed());
    FitHistory history = labels == null ? Trainer.trainLanguageModel(working, sequences, options)
        : Trainer.trainClassifier(working, sequences, labels, options);
    return result(working, history);
  }

  /** Sets up trainable parameters (and adapters) on the working copy. */
  abstract void prepare(Decoder working, boolean classification, long seed);

  /** Wraps the trained model. */
  abstract AdaptedModel result(Decoder working, FitHistory history);

  private Tokenizer requireTokenizer() {
    if (tokenizer != null) {
      return tokenizer;
    }
    return model.tokenizer().orElseThrow(() -> new IllegalStateException(
        "text data needs a tokenizer: the model has none attached; call .tokenizer(...) or pass token sequences"));
  }

  private int[] encode(Tokenizer tok, String text, int index, boolean languageModeling) {
    if (text == null) {
      throw new IllegalArgumentException("text " + index + " is null");
    }
    int[] ids = tok.encode(text, true, languageModeling);
    checkSequence(ids, index, languageModeling);
    return ids;
  }

  private void checkSequence(int[] ids, int index, boolean languageModeling) {
    int limit = model.config().contextLength() + (languageModeling ? 1 : 0);
    if (languageModeling && ids.length < 2) {
      throw new IllegalArgumentException("example " + index + " has " + ids.length
          + " tokens; language modeling needs at least 2");
    }
    if (ids.length == 0) {
      throw new IllegalArgumentException("example " + index + " is empty");
    }
    if (ids.length > limit) {
      throw new IllegalArgumentException("example " + index + " has " + ids.length + " tokens, longer than the context ("
          + model.config().contextLength() + (languageModeling ? " + 1 for the shifted target" : "") + ")");
    }
    for (int id : ids) {
      if (id < 0 || id >= model.config().vocabularySize()) {
        throw new IllegalArgumentException("example " + index + " holds token id " + id + " outside the vocabulary [0, "
            + model.config().vocabularySize() + ")");
      }
    }
  }

  /** The training options these settings describe. */
  public TrainingOptions options() {
    return new TrainingOptions(
        (double) setting("learningRate", defaults.learningRate()),
        (int) setting("epochs", defaults.epochs()),
        (int) setting("maxSteps", defaults.maxSteps()),
        (int) setting("batchSize", defaults.batchSize()),
        (LearningRateSchedule.Shape) setting("schedule", defaults.schedule()),
        (double) setting("warmupFraction", defaults.warmupFraction()),
        defaults.minimumLearningRateRatio(),
        (double) setting("maxGradientNorm", defaults.maxGradientNorm()),
        (double) setting("weightDecay", defaults.weightDecay()),
        (long) setting("seed", defaults.seed()),
        (double) setting("evaluationFraction", defaults.evaluationFraction()),
        (int) setting("earlyStopping", defaults.earlyStoppingPatience()),
        (TrainingListener) setting("listener", defaults.listener()));
  }
}
