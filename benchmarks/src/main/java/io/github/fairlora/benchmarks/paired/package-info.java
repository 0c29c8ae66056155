/**
 * Time ratios of two operations measured interleaved, so that machine noise affects both alike.
 */
package io.github.fairlora.benchmarks.paired;
