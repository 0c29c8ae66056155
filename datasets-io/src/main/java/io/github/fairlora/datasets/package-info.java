/**
 * The reading machinery every loader shares: {@link io.github.fairlora.datasets.DatasetLoader} and
 * {@link io.github.fairlora.datasets.RecordReader} for streaming reads, gzip and format detection, strict or lenient
 * {@link io.github.fairlora.datasets.ReadMode} with a {@link io.github.fairlora.datasets.ReadReport} of skipped records,
 * and {@link io.github.fairlora.datasets.DatasetFormatException}, which names the file and line.
 */
package io.github.fairlora.datasets;
