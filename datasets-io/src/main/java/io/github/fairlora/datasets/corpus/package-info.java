/**
 * Plain fine-tuning corpora: text files or directories, JSON Lines and CSV, unlabelled or with label and group
 * columns for classifier training and group-fairness audits.
 */
package io.github.fairlora.datasets.corpus;
