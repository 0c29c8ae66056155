package io.github.fairlora.tensor;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A float32, row-major buffer in ND4J's off-heap memory, seen three ways: as an {@link INDArray} (what users hold),
 * as a {@link FloatBuffer} (what Java loops read and write without copying), and as a pointer (what BLAS receives).
 *
 * <p>Why not INDArray ops everywhere: every ND4J op costs 25-30 µs of dispatch (../shared/docs/performance.md), which
 * dominates the small tensors of this library. Elementwise work is fused into plain loops here; matrix products go to
 * BLAS through {@link Gemm}. A Tensor is never a view: offsets are explicit arguments instead.
 */
public final class Tensor {
  private final INDArray array;
  private final FloatBuffer data;
  private final FloatPointer pointer;
  private final int[] shape;
  private final int length;

  private Tensor(INDArray array) {
    this.array = array;
    this.shape = Arrays.stream(array.shape()).mapToInt(Math::toIntExact).toArray();
    this.length = Math.toIntExact(array.length());
    FloatPointer base = (FloatPointer) array.data().addressPointer();
    this.pointer = new FloatPointer(base).capacity(length).limit(length);
    this.data = pointer.asBuffer();
  }

  /** A new tensor of zeros with the given shape (every dimension at least 1). */
  public static Tensor zeros(int... shape) {
    if (shape.length == 0) {
      throw new IllegalArgumentException("a tensor needs at least one dimension");
    }
    long size = 1;
    for (int dimension : shape) {
      if (dimension < 1) {
        throw new IllegalArgumentException("tensor dimensions must be >= 1, got " + Arrays.toString(shape));
      }
      size = Math.multiplyExact(size, dimension);
    }
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
    }
    long[] longShape = Arrays.stream(shape).asLongStream().toArray();
    return new Tensor(Nd4j.zeros(DataType.FLOAT, longShape));
  }

  /** A tensor holding a copy of {@code values}, with the given shape. */
  public static Tensor of(float[] values, int... shape) {
    Tensor tensor = zeros(shape);
    if (values.length != tensor.length) {
      throw new IllegalArgumentException(
          values.length + " values do not fill shape " + Arrays.toString(shape) + " (" + tensor.length + " elements)");
    }
    tensor.data.put(0, values);
    return tensor;
  }

  /**
   * Wraps an existing INDArray without copying. It must be float32, 'c' ordered and not a view, so that its memory
   * is one contiguous row-major block.
   */
  public static Tensor wrap(INDArray array) {
    if (array.dataType() != DataType.FLOAT) {
      throw new IllegalArgumentException("expected a FLOAT INDArray, got " + array.dataType());
    }
    if (array.isView() || array.ordering() != 'c' || array.offset() != 0) {
      throw new IllegalArgumentException("expected a contiguous 'c'-ordered INDArray that is not a view; use dup('c')");
    }
    return new Tensor(array);
  }

  /** The same memory as an INDArray (changes are shared). */
  public INDArray array() {
    return array;
  }

  /** The same memory as a FloatBuffer (absolute get/put; changes are shared). */
  public FloatBuffer buffer() {
    return data;
  }

  /** A BLAS pointer to element {@code offset}. */
  public FloatPointer pointerAt(int offset) {
    if (offset < 0 || offset > length) {
      throw new IndexOutOfBoundsException("offset " + offset + " outside tensor of " + length + " elements");
    }
    return new FloatPointer(pointer).position(offset);
  }

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  /** Size of dimension {@code d}. */
  public int dim(int d) {
    return shape[d];
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** Number of elements. */
  public int length() {
    return length;
  }

  public float get(int index) {
    return data.get(index);
  }

  public void set(int index, float value) {
    data.put(index, value);
  }

  public void add(int index, float value) {
    data.put(index, data.get(index) + value);
  }

  /** Sets every element to zero. */
  public void zero() {
    fill(0f);
  }

  /** Sets every element to {@code value}. */
  public void fill(float value) {
    int chunk = Math.min(length, 1 << 14);
    float[] block = Scratch.array(3, chunk);
    java.util.Arrays.fill(block, 0, chunk, value);
    for (int offset = 0; offset < length; offset += chunk) {
      data.put(offset, block, 0, Math.min(chunk, length - offset));
    }
  }

  /** Copies all of {@code source} (same length) into this tensor. */
  public void copyFrom(Tensor source) {
    if (source.length != length) {
      throw new IllegalArgumentException("cannot copy " + source.length + " elements into " + length);
    }
    FloatBuffer from = source.data.duplicate();
    FloatBuffer to = data.duplicate();
    to.put(from);
  }

  /** A new tensor with the same shape and a copy of the values. */
  public Tensor copy() {
    Tensor copy = zeros(shape);
    copy.copyFrom(this);
    return copy;
  }

  /** The values as a new Java array. */
  public float[] toArray() {
    float[] out = new float[length];
    data.get(0, out);
    return out;
  }

  /** Copies {@code values} into elements [offset, offset + values.length). */
  public void put(int offset, float[] values) {
    data.put(offset, values);
  }

  /** Copies elements [offset, offset + out.length) into {@code out}. */
  public void get(int offset, float[] out) {
    data.get(offset, out);
  }

  /** True when every element is finite. */
  public boolean allFinite() {
    for (int i = 0; i < length; i++) {
      if (!Float.isFinite(data.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Sum of squares, in double. */
  public double sumOfSquares() {
    double sum = 0;
    for (int i = 0; i < length; i++) {
      double v = data.get(i);
      sum += v * v;
    }
    return sum;
  }

  @Override
  public String toString() {
    return "Tensor" + Arrays.toString(shape);
  }
}
