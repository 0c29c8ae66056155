/**
 * Generation speed benchmarks, with and without the key/value cache, on randomly initialised models shaped like
 * real checkpoints.
 */
package io.github.fairlora.benchmarks.generation;
