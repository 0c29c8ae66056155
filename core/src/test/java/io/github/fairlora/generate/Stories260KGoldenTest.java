package io.github.fairlora.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fairlora.io.Llama2c;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.TokenBatch;
import io.github.fairlora.testing.SharedFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real reference for the whole engine: llama2.c's own greedy output for stories260K
 * ({@code run stories260K.bin -z tok512.bin -t 0.0 -n 200}, in ../shared/models/stories260K/stories260K_reference.json)
 * and the top-5 logits of an independent transcription of run.c at the first positions.
 */
class Stories260KGoldenTest {
  private static final int BOS = 1;
  private static Decoder model;
  private static JsonNode reference;

  @BeforeAll
  static void load() throws IOException {
    model = Llama2c.load(SharedFiles.require("models/stories260K/stories260K.bin"));
    reference = new ObjectMapper()
        .readTree(SharedFiles.require("models/stories260K/stories260K_reference.json").toFile());
  }

  static int[] expectedIds() {
    JsonNode ids = reference.get("generated_ids_after_bos");
    int[] out = new int[ids.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids.get(i).asInt();
    }
    return out;
  }

  @Test
  void greedyDecodingAfterBosReproducesLlama2c() {
    int[] expected = expectedIds();
    assertThat(expected).hasSize(200);
    // llama2.c stops early only at BOS, which it treats as the start of a new story.
    int[] generated = Generator.generate(model, new int[] {BOS}, GenerationOptions.greedy(200).withStopTokens(BOS));
    assertThat(generated).containsExactly(expected);
  }

  /** The same run, end to end as text: the model's own tokenizer decodes it to llama2.c's printed story. */
  @Test
  void greedyTextEqualsLlama2cOutput() throws IOException {
    var tokenizer = io.github.fairlora.text.SentencePieceBpeTokenizer.load(
        SharedFiles.require("models/stories260K/tok512.bin"), model.config().vocabularySize());
    int[] generated = Generator.generate(model, new int[] {BOS}, GenerationOptions.greedy(200).withStopTokens(BOS));
    int[] withBos = new int[generated.length + 1];
    withBos[0] = BOS;
    System.arraycopy(generated, 0, withBos, 1, generated.length);
    assertThat(tokenizer.decode(withBos)).isEqualTo(reference.get("expected_text").textValue());
  }

  /** Without the cache: one forward over BOS + the 200 reference ids; the argmax at each position is the next id. */
  @Test
  void uncachedForwardPredictsEveryReferenceToken() {
    int[] expected = expectedIds();
    int[] sequence = new int[expected.length];
    sequence[0] = BOS;
    System.arraycopy(expected, 0, sequence, 1, expected.length - 1);
    model.forward(TokenBatch.inputsOnly(List.of(sequence), 0), false);
    float[] all = model.lastLogits().toArray();
    int vocabulary = model.vocabularySize();
    for (int t = 0; t < sequence.length; t++) {
      float[] row = Arrays.copyOfRange(all, t * vocabulary, (t + 1) * vocabulary);
      assertThat(Sampler.argmax(row)).as("position %d", t).isEqualTo(expected[t]);
    }
  }

  @Test
  void logitsAtTheFirstPositionsMatchTheReferenceTopFive() {
    JsonNode positions = reference.get("first_positions");
    assertThat(positions.size()).isEqualTo(3);
    int[] inputs = new int[positions.size()];
    for (int p = 0; p < inputs.length; p++) {
      assertThat(positions.get(p).get("pos").asInt()).isEqualTo(p);
      inputs[p] = positions.get(p).get("input_token").asInt();
    }
    // Uncached: one forward over the inputs.
    model.forward(TokenBatch.inputsOnly(List.of(inputs), 0), false);
    float[] all = model.lastLogits().toArray();
    int vocabulary = model.vocabularySize();
    // Cached: one token at a time.
    CachedDecoder cached = new CachedDecoder(model, 1, 8);
    for (int p = 0; p < inputs.length; p++) {
      JsonNode expected = positions.get(p);
      float[] uncachedRow = Arrays.copyOfRange(all, p * vocabulary, (p + 1) * vocabulary);
      float[] cachedRow = cached.append(0, inputs[p]);
      for (float[] row : List.of(uncachedRow, cachedRow)) {
        int[] top = topFive(row);
        for (int i = 0; i < 5; i++) {
          int id = expected.get("top5_ids").get(i).asInt();
          double logit = expected.get("top5_logits").get(i).asDouble();
          assertThat(top[i]).as("position %d, rank %d", p, i).isEqualTo(id);
          assertThat((double) row[id]).as("position %d, logit of %d", p, id)
              .isCloseTo(logit, org.assertj.core.data.Offset.offset(1e-4 * Math.abs(logit)));
        }
      }
    }
  }

  private static int[] topFive(float[] row) {
    List<Integer> ids = new ArrayList<>(IntStream.range(0, row.length).boxed().toList());
    ids.sort(Comparator.comparingDouble((Integer i) -> -row[i]));
    return ids.subList(0, 5).stream().mapToInt(Integer::intValue).toArray();
  }
}
