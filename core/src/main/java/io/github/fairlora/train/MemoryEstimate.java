package io.github.fairlora.train;

import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;

/**
 * What one training step needs in native (ND4J) memory, estimated from the shapes alone before anything is
 * allocated: the activations kept for the backward pass (which grow with batch size × sequence length), the
 * gradients and the two AdamW moments of the trainable parameters. The model's own weights are already allocated
 * and counted in what is in use.
 *
 * <p>The activation count per token and layer is an upper bound of what the layers keep: norm inputs and outputs,
 * q/k/v and the attention output, the attention scores and probabilities (heads × sequence length), the MLP's hidden
 * activations and the residual stream, plus the logits and their gradient at the head. It errs on the high side so
 * that a refused run would really not have fitted, and a run that is let through does not die half-way.
 *
 * @param activationBytes  activations of one step at this batch size and sequence length
 * @param parameterStateBytes gradients and optimizer moments of the trainable parameters
 * @param batchSize        sequences per step (already capped by the number of training sequences)
 * @param sequenceLength   the longest sequence's length in tokens
 */
public record MemoryEstimate(long activationBytes, long parameterStateBytes, int batchSize, int sequenceLength) {
  private static final long FLOAT_BYTES = Float.BYTES;

  /** The estimate for training {@code model}'s trainable parameters on batches of this size and length. */
  public static MemoryEstimate of(Decoder model, int batchSize, int sequenceLength) {
    long trainable = model.trainableParameters().stream().mapToLong(p -> p.size()).sum();
    return of(model.config(), trainable, batchSize, sequenceLength);
  }

  /** The estimate from a configuration and a count of trainable parameters. */
  public static MemoryEstimate of(DecoderConfig config, long trainableParameters, int batchSize, int sequenceLength) {
    if (batchSize < 1 || sequenceLength < 1) {
      throw new IllegalArgumentException("batchSize (" + batchSize + ") and sequenceLength (" + sequenceLength
          + ") must be positive");
    }
    long tokens = (long) batchSize * sequenceLength;
    double perToken = activationFloatsPerToken(config, sequenceLength);
    double activations = perToken * tokens * FLOAT_BYTES;
    long activationBytes = activations >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE / 2 : (long) activations;
    // Gradient + first and second moments.
    long stateBytes = Math.multiplyHigh(trainableParameters, 3 * FLOAT_BYTES) != 0 ? Long.MAX_VALUE / 2
        : trainableParameters * 3 * FLOAT_BYTES;
    return new MemoryEstimate(activationBytes, stateBytes, batchSize, sequenceLength);
  }

  /**
   * Activation floats kept per token of a batch, all layers and the head together. Calibrated against the resident
   * memory a training step of stories260K adds (batch × length 8×512, 32×256, 64×128, 128×64): the estimate is 7-14%
   * above what was measured.
   */
  static double activationFloatsPerToken(DecoderConfig config, int sequenceLength) {
    double width = config.width();
    // Norms, q/k/v, attention output, residuals; the MLP's hidden activations; one attention row per head.
    double perLayer = 12 * width + 2.0 * config.kvWidth() + 4.0 * config.hiddenSize()
        + (double) config.numberOfHeads() * sequenceLength;
    // Logits, their softmax and gradient at the head; the embedding output and the final norm.
    return config.numberOfLayers() * perLayer + 3.0 * config.vocabularySize() + 2 * width;
  }

  /** Everything this estimate adds to what is already allocated. */
  public long totalBytes() {
    long total = activationBytes + parameterStateBytes;
    return total < 0 ? Long.MAX_VALUE : total;
  }

  /**
   * The largest batch size (at least 0) whose estimate fits in {@code availableBytes} at this sequence length.
   */
  public int largestFittingBatchSize(long availableBytes) {
    long perSequence = Math.max(1, activationBytes / batchSize);
    long room = availableBytes - parameterStateBytes;
    return room <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, room / perSequence);
  }

  /**
   * The memory still free for new native allocations: JavaCPP's physical-memory limit
   * ({@code -Dorg.bytedeco.javacpp.maxPhysicalBytes}, by default a multiple of -Xmx; past it allocations fail with
   * OutOfMemoryError) less what the process uses now, and at most what the operating system reports available.
   * (ND4J's buffers are not counted in JavaCPP's {@code maxBytes}, so that limit is not the one that bites.)
   */
  public static long availableBytes() {
    long available = Long.MAX_VALUE;
    if (Pointer.maxPhysicalBytes() > 0) {
      available = Pointer.maxPhysicalBytes() - Pointer.physicalBytes();
    }
    long system = Pointer.availablePhysicalBytes();
    if (system > 0) {
      available = Math.min(available, system);
    }
    return Math.max(0, available);
  }

  /**
   * Refuses when the estimate does not fit in {@code availableBytes}.
   *
   * @throws InsufficientMemoryException with the figures and the settings to change
   */
  public void requireFits(long availableBytes) {
    if (totalBytes() <= availableBytes) {
      return;
    }
    int fitting = largestFittingBatchSize(availableBytes);
    String advice = fitting >= 1
        ? "lower the batch size to at most " + fitting + " or shorten the sequences (maximum length)"
        : "even one sequence of " + sequenceLength + " tokens does not fit: shorten the sequences (maximum length),"
            + " train fewer parameters, or allow more memory (-Xmx or -Dorg.bytedeco.javacpp.maxPhysicalBytes)";
    String message = String.format(Locale.ROOT, "training needs about %s of native memory (activations %s for a "
        + "batch of %d sequences of %d tokens, gradients and optimizer state %s) but only %s is available; %s",
        bytes(totalBytes()), bytes(activationBytes), batchSize, sequenceLength, bytes(parameterStateBytes),
        bytes(availableBytes), advice);
    throw new InsufficientMemoryException(message, this, availableBytes, fitting);
  }

  /** A byte count in binary units, e.g. "14.2 GiB". */
  static String bytes(long count) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = count;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? count + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  /** Training was refused before it started because its estimated memory does not fit. */
  public static final class InsufficientMemoryException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final transient MemoryEstimate estimate;
    private final long availableBytes;
    private final int largestFittingBatchSize;

    InsufficientMemoryException(String message, MemoryEstimate estimate, long availableBytes,
        int largestFittingBatchSize) {
      super(message);
      this.estimate = estimate;
      this.availableBytes = availableBytes;
      this.largestFittingBatchSize = largestFittingBatchSize;
    }

    /** The estimate that did not fit. */
    public MemoryEstimate estimate() {
      return estimate;
    }

    /** The memory that was available. */
    public long availableBytes() {
      return availableBytes;
    }

    /** The largest batch size that would fit at the same sequence length (0 when not even one). */
    public int largestFittingBatchSize() {
      return largestFittingBatchSize;
    }
  }
}
