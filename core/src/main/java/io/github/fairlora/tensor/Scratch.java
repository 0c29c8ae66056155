package io.github.fairlora.tensor;

/**
 * Per-thread reusable heap arrays for elementwise kernels. Reading a direct buffer element by element pays a bounds and
 * memory-scope check per access and defeats vectorisation; copying a block into a heap array (a memcpy), looping over
 * the array, and copying back is several times faster. The arrays grow to the largest block seen and are then reused,
 * so training steps do not allocate.
 */
public final class Scratch {
  private Scratch() {}

  private static final int SLOTS = 4;
  private static final ThreadLocal<float[][]> ARRAYS = ThreadLocal.withInitial(() -> new float[SLOTS][0]);

  /** A heap array of at least {@code length} floats for slot {@code slot} (0-3); contents are unspecified. */
  public static float[] array(int slot, int length) {
    float[][] arrays = ARRAYS.get();
    if (arrays[slot].length < length) {
      arrays[slot] = new float[Math.max(length, arrays[slot].length * 3 / 2)];
    }
    return arrays[slot];
  }

  /** Copies {@code count} floats of {@code tensor} from {@code offset} into scratch slot {@code slot}. */
  public static float[] read(int slot, Tensor tensor, int offset, int count) {
    float[] array = array(slot, count);
    tensor.buffer().get(offset, array, 0, count);
    return array;
  }

  /** Writes {@code count} floats of {@code array} into {@code tensor} at {@code offset}. */
  public static void write(float[] array, Tensor tensor, int offset, int count) {
    tensor.buffer().put(offset, array, 0, count);
  }
}
