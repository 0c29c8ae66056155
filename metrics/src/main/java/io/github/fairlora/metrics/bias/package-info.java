/**
 * Bias probes for causal language models: sentence scoring, CrowS-Pairs, StereoSet, BBQ, WinoBias, HolisticBias
 * and generic counterfactual pairs, each with its result type and bootstrap intervals.
 */
package io.github.fairlora.metrics.bias;
