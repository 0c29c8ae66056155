/**
 * Checkpoint and adapter files: llama2.c {@code .bin} checkpoints, Hugging Face GPT-2 directories, the safetensors
 * format and PEFT LoRA adapter directories, each with a format exception that names the file and what was wrong.
 */
package io.github.fairlora.io;
