/**
 * Running JMH programmatically and a profiler that records each iteration's memory use.
 */
package io.github.fairlora.benchmarks.jmh;
