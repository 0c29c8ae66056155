/**
 * The benchmark report: measurements, derived ratios and GFLOP/s, machine information, written as Markdown and
 * JSON.
 */
package io.github.fairlora.benchmarks.report;
