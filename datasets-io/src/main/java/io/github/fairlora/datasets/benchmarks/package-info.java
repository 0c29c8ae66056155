/**
 * Loaders and record types for the public bias and toxicity benchmarks, read in the formats their publishers
 * distribute: CrowS-Pairs, StereoSet, BBQ, HONEST, BOLD, WinoBias, HolisticBias, RealToxicityPrompts, ToxiGen and
 * Civil Comments / Jigsaw.
 */
package io.github.fairlora.datasets.benchmarks;
