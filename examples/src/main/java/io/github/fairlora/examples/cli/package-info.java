/**
 * The {@code fairlora} command line ({@link io.github.fairlora.examples.cli.FairloraCli}): the {@code sweep},
 * {@code fit}, {@code eval} and {@code generate} commands, their options and the exit codes scripts can rely on.
 */
package io.github.fairlora.examples.cli;
