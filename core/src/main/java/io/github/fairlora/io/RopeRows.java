package io.github.fairlora.io;

/**
 * Reorders the output rows of a q or k projection between RoPE's two layouts. Within each head of size hs, pair p is
 * rows (2p, 2p+1) in llama2.c's interleaved layout and rows (p, p + hs/2) in Hugging Face's rotate-half layout. This
 * is the permutation Hugging Face's convert_llama_weights_to_hf applies; it maps a weight, a bias or a LoRA B matrix
 * of one layout to the other exactly.
 */
final class RopeRows {
  private RopeRows() {}

  /** Rows in rotate-half order [heads·hs, columns] → the same rows in interleaved order. */
  static float[] toInterleaved(float[] values, int heads, int headSize, int columns) {
    return permute(values, heads, headSize, columns, true);
  }

  /** Rows in interleaved order [heads·hs, columns] → the same rows in rotate-half order. */
  static float[] toRotateHalf(float[] values, int heads, int headSize, int columns) {
    return permute(values, heads, headSize, columns, false);
  }

  private static float[] permute(float[] values, int heads, int headSize, int columns, boolean toInterleaved) {
    if (values.length != heads * headSize * columns) {
      throw new IllegalArgumentException(values.length + " values are not [" + heads * headSize + ", " + columns + "]");
    }
    float[] out = new float[values.length];
    int half = headSize / 2;
    for (int h = 0; h < heads; h++) {
      for (int p = 0; p < half; p++) {
        for (int c = 0; c < 2; c++) {
          int interleaved = h * headSize + 2 * p + c;
          int rotateHalf = h * headSize + c * half + p;
          int from = toInterleaved ? rotateHalf : interleaved;
          int to = toInterleaved ? interleaved : rotateHalf;
          System.arraycopy(values, from * columns, out, to * columns, columns);
        }
      }
    }
    return out;
  }
}
