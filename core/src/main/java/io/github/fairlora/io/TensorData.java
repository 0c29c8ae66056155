package io.github.fairlora.io;

import java.util.Arrays;

/**
 * One tensor as float32 values: its source dtype, its shape and its elements in row-major order.
 *
 * <p>{@code dtype} names the type the values were stored as (a {@link Safetensors.DataType} name, e.g. {@code "F16"});
 * the values themselves are always float32. The shape is copied on the way in and out; the values array is taken over
 * without a copy (tensors can be hundreds of megabytes), so neither the creator nor a reader may change it afterwards.
 * {@link #equals} compares contents.
 *
 * @param dtype the stored dtype's name, one of {@link Safetensors.DataType}
 * @param shape the size of each dimension (row-major; an empty shape is a scalar with one element)
 * @param values the elements, {@code product(shape)} of them
 */
public record TensorData(String dtype, long[] shape, float[] values) {

  /**
   * Checks that the dtype is known, the dimensions are non-negative, their product fits in an int (a Java array) and
   * equals the number of values.
   *
   * @throws IllegalArgumentException otherwise, naming the offending value
   */
  public TensorData {
    if (dtype == null || shape == null || values == null) {
      throw new IllegalArgumentException("dtype, shape and values must not be null");
    }
    Safetensors.DataType.parse(dtype); // throws for an unknown name
    shape = shape.clone();
    long count = elementCount(shape);
    if (count != values.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has " + count + " elements but "
          + values.length + " values were given");
    }
  }

  /** A float32 tensor of {@code values} in row-major order with {@code shape}. */
  public static TensorData of(long[] shape, float[] values) {
    return new TensorData("F32", shape, values);
  }

  /** A float32 tensor of {@code values} with int dimensions, for convenience. */
  public static TensorData of(int[] shape, float[] values) {
    return of(Arrays.stream(shape).asLongStream().toArray(), values);
  }

  /**
   * The number of elements of {@code shape}: the product of its dimensions (1 for a scalar).
   *
   * @throws IllegalArgumentException when a dimension is negative or the product exceeds Integer.MAX_VALUE (the
   *     largest Java array)
   */
  public static long elementCount(long[] shape) {
    long count = 1;
    for (int axis = 0; axis < shape.length; axis++) {
      if (shape[axis] < 0) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has negative dimension "
            + shape[axis] + " at axis " + axis);
      }
    }
    for (long dimension : shape) {
      if (dimension == 0) {
        return 0;
      }
      if (count > Integer.MAX_VALUE / dimension) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than Integer.MAX_VALUE ("
            + Integer.MAX_VALUE + ") elements, more than a Java array holds");
      }
      count *= dimension;
    }
    return count;
  }

  /** A copy of the shape. */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The shape as ints (every dimension fits, since the element count does). */
  public int[] intShape() {
    return Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
  }

  /** The number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** The number of elements, {@code values().length}. */
  public int elementCount() {
    return values.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TensorData that
        && dtype.equals(that.dtype)
        && Arrays.equals(shape, that.shape)
        && Arrays.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "TensorData[dtype=" + dtype + ", shape=" + Arrays.toString(shape) + ", " + values.length + " values]";
  }
}
