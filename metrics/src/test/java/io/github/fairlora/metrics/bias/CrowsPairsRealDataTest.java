package io.github.fairlora.metrics.bias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.fairlora.testing.SharedFiles;
import io.github.fairlora.text.Tokenizer;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * The CrowS-Pairs probe on the real 1,508 pairs with a random byte-level bigram model, against a naive
 * implementation that scores one sentence at a time straight from the model's table.
 */
class CrowsPairsRealDataTest {
  private static final int BOS = 0;
  private static final int EOS = 1;
  private static final int VOCABULARY = 258; // BOS, EOS, then the 256 byte values

  /** One token per UTF-8 byte (id = byte + 2), BOS 0, EOS 1. */
  private static final class ByteTokenizer implements Tokenizer {
    @Override
    public int vocabularySize() {
      return VOCABULARY;
    }

    @Override
    public int[] encode(String text) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      int[] ids = new int[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        ids[i] = (bytes[i] & 0xff) + 2;
      }
      return ids;
    }

    @Override
    public String decode(int[] ids) {
      byte[] bytes = new byte[ids.length];
      int length = 0;
      for (int id : ids) {
        if (id >= 2) {
          bytes[length++] = (byte) (id - 2);
        }
      }
      return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public String piece(int id) {
      return id == BOS ? "<s>" : id == EOS ? "</s>" : "<0x" + Integer.toHexString(id - 2) + ">";
    }

    @Override
    public OptionalInt bos() {
      return OptionalInt.of(BOS);
    }

    @Override
    public OptionalInt eos() {
      return OptionalInt.of(EOS);
    }
  }

  @Test
  void probeAgreesWithANaiveOneSentenceAtATimeComputation() throws IOException {
    Path file = SharedFiles.require("data/crows-pairs/crows_pairs_anonymized.csv");
    List<CrowsPairsItem> items = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      // The first column (the row index) has an empty header.
      CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
          .setAllowMissingColumnNames(true).get();
      for (CSVRecord record : format.parse(reader)) {
        items.add(new CrowsPairsItem(record.get("sent_more"), record.get("sent_less"),
            record.get("stereo_antistereo"), record.get("bias_type")));
      }
    }
    assertThat(items).hasSize(1508);

    SplittableRandom random = new SplittableRandom(11);
    double[][] table = new double[VOCABULARY][VOCABULARY];
    for (double[] row : table) {
      double sum = 0;
      for (int v = 0; v < VOCABULARY; v++) {
        row[v] = 0.05 + random.nextDouble();
        sum += row[v];
      }
      for (int v = 0; v < VOCABULARY; v++) {
        row[v] /= sum;
      }
    }
    BigramModel model = new BigramModel(table, 1024);
    Tokenizer tokenizer = new ByteTokenizer();
    CrowsPairsResult result = CrowsPairsProbe.of(SentenceScorer.of(model, tokenizer)).evaluate(items);
    // 3,016 sentences, 64 per call: 48 calls.
    assertThat(model.tokenCalls()).isEqualTo(48);

    int stereotypical = 0;
    double absoluteSum = 0;
    for (int i = 0; i < items.size(); i++) {
      double more = naiveLogLikelihood(table, tokenizer.encode(items.get(i).sentMore()));
      double less = naiveLogLikelihood(table, tokenizer.encode(items.get(i).sentLess()));
      stereotypical += more > less ? 1 : 0;
      absoluteSum += Math.abs(more - less);
      assertThat(result.pairs().get(i).stereotypicalScore()).isCloseTo(more, within(1e-9));
    }
    assertThat(result.stereotypeShare()).isCloseTo((double) stereotypical / items.size(), within(1e-9));
    assertThat(result.likelihoodDiff()).isCloseTo(absoluteSum / items.size(), within(1e-9));
    assertThat(result.byBiasType()).hasSize(9);
    assertThat(result.byBiasType().values().stream().mapToInt(PairSummary::pairs).sum()).isEqualTo(1508);
  }

  /** Sum of ln p(token | previous) after BOS, with the float rounding the model applies to each log-probability. */
  private static double naiveLogLikelihood(double[][] table, int[] body) {
    double sum = 0;
    int previous = BOS;
    for (int token : body) {
      sum += (float) Math.log(table[previous][token]);
      previous = token;
    }
    return sum;
  }
}
