package io.github.fairlora.io;

import io.github.fairlora.model.DecoderConfig;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;

/**
 * How much memory a decoder of a given config needs, computed from the config alone, so that a loader can refuse a
 * model this JVM cannot hold before it allocates anything. Weights live in ND4J's off-heap memory (limited by
 * javacpp's maxBytes, by default the -Xmx value); RoPE tables and one tensor at a time while reading live on the heap.
 */
final class CheckpointMemory {
  private CheckpointMemory() {}

  /** Float32 values of every parameter of a decoder with this config (no adapters, no gradients). */
  static long parameterFloats(DecoderConfig c) {
    long d = c.width();
    long kv = c.kvWidth();
    long hidden = c.hiddenSize();
    long perLayer;
    if (c.family() == DecoderConfig.Family.GPT2) {
      perLayer = 4 * d + (d * 3 * d + 3 * d) + (d * d + d) + (d * hidden + hidden) + (hidden * d + d);
    } else if (c.family() == DecoderConfig.Family.OPT) {
      perLayer = 4 * d + 4 * (d * d + d) + (d * hidden + hidden) + (hidden * d + d);
    } else {
      DecoderConfig.Variant v = c.variant();
      perLayer = 2 * d + d * d + 2 * d * kv + d * d + 3 * d * hidden;
      perLayer += v.qkvBias() ? d + 2 * kv : 0;
      perLayer += v.outputBias() ? d : 0;
      perLayer += v.mlpBias() ? 2 * hidden + d : 0;
    }
    long e = c.embeddingWidth();
    long total = c.vocabularySize() * e + perLayer * c.numberOfLayers();
    if (c.family() == DecoderConfig.Family.LLAMA) {
      total += d;
    } else {
      total += (long) c.positionTableRows() * d + (c.variant().finalNorm() ? 2 * d : 0);
    }
    total += c.projectsEmbedding() ? 2 * e * d : 0;
    total += c.tiedEmbeddings() ? 0 : c.vocabularySize() * d;
    total += (long) c.numberOfClasses() * (e + (c.variant().classifierBias() ? 1 : 0));
    return total;
  }

  /** Heap floats of the RoPE cos/sin tables (Llama family), [contextLength, headSize/2] each. */
  static long ropeFloats(DecoderConfig c) {
    return c.family() == DecoderConfig.Family.LLAMA ? (long) c.contextLength() * c.headSize() : 0;
  }

  /** {@link #require(Path, DecoderConfig, long)} with the largest tensor of a Hugging Face checkpoint's weights. */
  static void require(WeightFiles weights, DecoderConfig config) throws CheckpointFormatException {
    long largest = 0;
    for (String key : weights.names()) {
      largest = Math.max(largest, weights.info(key).elementCount());
    }
    require(weights.file(), config, largest);
  }

  /**
   * Refuses, before anything is allocated, a model whose weights do not fit the memory this JVM has left.
   *
   * @param largestTensorFloats the largest single tensor the loader will read into a heap array
   * @throws CheckpointFormatException naming the file, the estimate and what is available
   */
  static void require(Path file, DecoderConfig config, long largestTensorFloats) throws CheckpointFormatException {
    long offHeapBytes = 4 * parameterFloats(config);
    long heapBytes = 4 * (ropeFloats(config) + largestTensorFloats);
    long maxOffHeap = Pointer.maxBytes();
    long offHeapLeft = maxOffHeap > 0 ? maxOffHeap - Pointer.totalBytes() : Long.MAX_VALUE;
    Runtime runtime = Runtime.getRuntime();
    long heapLeft = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    if (offHeapBytes > offHeapLeft || heapBytes > heapLeft) {
      throw new CheckpointFormatException(String.format(Locale.ROOT,
          "%s: the model needs about %s for its weights (off-heap) and %s of heap while loading, but this JVM has"
              + " %s off-heap and %s of heap left; give the JVM more memory (-Xmx, -Dorg.bytedeco.javacpp.maxbytes)"
              + " or use a smaller model",
          file, mebibytes(offHeapBytes), mebibytes(heapBytes), maxOffHeap > 0 ? mebibytes(offHeapLeft) : "unlimited",
          mebibytes(heapLeft)));
    }
  }

  static String mebibytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
