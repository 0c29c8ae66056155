/**
 * The benchmark suite's entry point and run plans: runs the JMH benchmarks of the packages below and writes the
 * report that compares them with the performance targets.
 */
package io.github.fairlora.benchmarks;
