/**
 * Measurements of what differs between ND4J's CPU builds (the default and the AVX2 one).
 */
package io.github.fairlora.benchmarks.nd4j;
