package io.github.fairlora.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Step counts that overflowed an int, and the memory estimate that refuses a run before it allocates. */
class TrainingLimitsTest {
  private static final DecoderConfig CONFIG = DecoderConfig.llama(40, 16, 16, 2, 2, 1, 32);

  private static List<int[]> sequences(int count, int length) {
    List<int[]> sequences = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int[] ids = new int[length];
      for (int t = 0; t < length; t++) {
        ids[t] = (i * 7 + t * 3) % 40;
      }
      sequences.add(ids);
    }
    return sequences;
  }

  private static TrainingOptions options(int epochs, int maxSteps, int batchSize) {
    TrainingOptions d = TrainingOptions.defaults();
    return new TrainingOptions(d.learningRate(), epochs, maxSteps, batchSize, d.schedule(), d.warmupFraction(),
        d.minimumLearningRateRatio(), d.maxGradientNorm(), d.weightDecay(), 0L, 0.0, 0, d.listener());
  }

  @Test
  void stepCountsAreComputedWithoutWrappingAround() {
    // 536870917 epochs × 8 batches wrapped to 40 in int arithmetic (and --max-steps 1000 then "trained" 1000 steps).
    assertThatThrownBy(() -> Trainer.plannedSteps(8, 536_870_917, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4294967336 steps")
        .hasMessageContaining("lower epochs or set maxSteps");
    assertThat(Trainer.plannedSteps(8, 536_870_917, 1000)).isEqualTo(1000);
    assertThat(Trainer.plannedSteps(3, 2, 0)).isEqualTo(6);
    // A batch size of Integer.MAX_VALUE made (n + batch - 1) / batch negative, i.e. "total steps (0)".
    assertThat(Trainer.batchesPerEpoch(5, Integer.MAX_VALUE)).isEqualTo(1);
    assertThat(Trainer.batchesPerEpoch(Integer.MAX_VALUE, Integer.MAX_VALUE)).isEqualTo(1);
    assertThat(Trainer.batchesPerEpoch(17, 8)).isEqualTo(3);
  }

  @Test
  void aBatchSizeOfIntegerMaxValueTrainsOneFullBatchPerEpoch() {
    Decoder model = new Decoder(CONFIG, 1);
    model.setAllTrainable(true);
    FitHistory history = Trainer.trainLanguageModel(model, sequences(5, 8), options(2, 0, Integer.MAX_VALUE));
    assertThat(history.steps()).isEqualTo(2);
  }

  @Test
  void anImpossibleTotalIsRefusedBeforeTraining() {
    Decoder model = new Decoder(CONFIG, 1);
    model.setAllTrainable(true);
    assertThatThrownBy(() -> Trainer.trainLanguageModel(model, sequences(9, 4), options(536_870_917, 0, 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than a run can count");
  }

  @Test
  void theEstimateGrowsWithBatchAndLengthAndRefusesWithTheFigureAndTheSettingToChange() {
    DecoderConfig stories = DecoderConfig.llama(512, 512, 64, 5, 8, 4, 172); // stories260K's shape
    MemoryEstimate small = MemoryEstimate.of(stories, 17_920, 8, 512);
    MemoryEstimate large = MemoryEstimate.of(stories, 17_920, 300, 512);
    // Per token: 5 × (12·64 + 2·32 + 4·172 + 8·512) + 3·512 + 2·64 = 29,744 floats.
    assertThat(small.activationBytes()).isEqualTo(29_744L * 8 * 512 * 4);
    assertThat(small.parameterStateBytes()).isEqualTo(17_920L * 12);
    assertThat(large.totalBytes()).isGreaterThan(30 * small.totalBytes());

    long limit = 2L << 30; // a 2 GiB budget: the reported `fit --batch-size 300` on 512-token texts needs ~17 GiB
    small.requireFits(limit);
    assertThatThrownBy(() -> large.requireFits(limit))
        .isInstanceOf(MemoryEstimate.InsufficientMemoryException.class)
        .hasMessageContaining("training needs about 17.0 GiB")
        .hasMessageContaining("batch of 300 sequences of 512 tokens")
        .hasMessageContaining("only 2.0 GiB is available")
        .hasMessageContaining("lower the batch size to at most 35")
        .satisfies(e -> assertThat(((MemoryEstimate.InsufficientMemoryException) e).largestFittingBatchSize())
            .isEqualTo(35));
    MemoryEstimate fitting = MemoryEstimate.of(stories, 17_920, 35, 512);
    fitting.requireFits(limit);
    assertThatThrownBy(() -> MemoryEstimate.of(stories, 17_920, 1, 512).requireFits(1 << 20))
        .hasMessageContaining("even one sequence of 512 tokens does not fit");
  }

  @Test
  void theTrainerRefusesARunThatCannotFitBeforeAllocatingIt() {
    // A context of 2^20 positions and a batch that long would need terabytes; the check comes before any batch.
    DecoderConfig huge = DecoderConfig.llama(40, 1 << 20, 16, 2, 2, 1, 32);
    Decoder model = new Decoder(huge, 1);
    model.setAllTrainable(true);
    List<int[]> sequences = List.of(new int[1 << 20], new int[1 << 20], new int[1 << 20]);
    assertThatThrownBy(() -> Trainer.trainLanguageModel(model, sequences, options(1, 0, 3)))
        .isInstanceOf(MemoryEstimate.InsufficientMemoryException.class)
        .hasMessageContaining("batch of 3 sequences of 1048576 tokens");
  }
}
