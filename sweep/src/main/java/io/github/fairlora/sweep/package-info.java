/**
 * The rank-sweep audit: {@link io.github.fairlora.sweep.RankSweep} fine-tunes one base model with LoRA at several
 * ranks and with full fine-tuning, runs the same probes on every variant, resumes an interrupted run, and
 * {@link io.github.fairlora.sweep.SweepReport} writes the results as HTML with plots, JSON and CSV; also the
 * built-in experiment that needs no download.
 */
package io.github.fairlora.sweep;
