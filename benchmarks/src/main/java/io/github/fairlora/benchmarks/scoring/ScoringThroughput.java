package io.github.fairlora.benchmarks.scoring;

import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.text.SentencePieceBpeTokenizer;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Scoring time of every CrowS-Pairs sentence at the stories260K and TinyStories-656K shapes (random weights), the
 * inference path ({@code tokenLogProbabilities}) interleaved with the former padded training-forward path, so the
 * speed-up of the rewrite is read as a ratio on a noisy machine. Usage: {@code ScoringThroughput [shared] [rounds]}.
 */
public final class ScoringThroughput {
  private ScoringThroughput() {}

  public static void main(String[] args) throws Exception {
    Path shared = Path.of(args.length > 0 ? args[0] : "../shared");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path csv = shared.resolve("data/crows-pairs/crows_pairs_anonymized.csv");
    SentencePieceBpeTokenizer tokenizer = SentencePieceBpeTokenizer.load(
        shared.resolve("models/stories260K/tok512.bin"), 512);
    List<int[]> sequences = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      for (CSVRecord record : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
          .setAllowMissingColumnNames(true).build().parse(reader)) {
        for (String column : new String[] {"sent_more", "sent_less"}) {
          int[] ids = tokenizer.encode(record.get(column));
          int[] sequence = new int[ids.length + 1];
          sequence[0] = SentencePieceBpeTokenizer.BOS_ID;
          System.arraycopy(ids, 0, sequence, 1, ids.length);
          sequences.add(sequence);
        }
      }
    }
    String[] names = {"stories260k", "tinystories656k"};
    DecoderConfig[] configs = {DecoderConfig.llama(512, 512, 64, 5, 8, 4, 172),
        DecoderConfig.llama(2048, 512, 128, 2, 8, 4, 384)};
    Method old = Decoder.class.getDeclaredMethod("tokenLogProbabilitiesByTrainingForward", List.class);
    old.setAccessible(true);
    for (int m = 0; m < names.length; m++) {
      Decoder model = new Decoder(configs[m], 7);
      model.tokenLogProbabilities(sequences);
      old.invoke(model, sequences);
      for (int r = 0; r < rounds; r++) {
        long start = System.nanoTime();
        model.tokenLogProbabilities(sequences);
        double fresh = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        old.invoke(model, sequences);
        double former = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s round %d: inference path %.3f s, training-forward path %.3f s, "
            + "speed-up %.2fx%n", names[m], r + 1, fresh, former, former / fresh);
      }
    }
  }
}
