/**
 * Tokenizers: the {@link io.github.fairlora.text.Tokenizer} contract and its implementations (llama2.c
 * SentencePiece BPE, GPT-2 byte-level BPE, word-level and byte-level).
 */
package io.github.fairlora.text;
