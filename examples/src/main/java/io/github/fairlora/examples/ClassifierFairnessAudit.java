package io.github.fairlora.examples;

import io.github.fairlora.AdaptedModel;
import io.github.fairlora.FineTune;
import io.github.fairlora.LoRA;
import io.github.fairlora.datasets.ClassificationExample;
import io.github.fairlora.datasets.ReadMode;
import io.github.fairlora.datasets.corpus.ClassificationCorpus;
import io.github.fairlora.datasets.corpus.CsvCorpusLoader;
import io.github.fairlora.io.AtomicFiles;
import io.github.fairlora.lora.Target;
import io.github.fairlora.metrics.fairness.ClassificationMetric;
import io.github.fairlora.metrics.fairness.DisparityMethod;
import io.github.fairlora.metrics.fairness.DisparityResult;
import io.github.fairlora.metrics.fairness.FairnessOptions;
import io.github.fairlora.metrics.fairness.Group;
import io.github.fairlora.metrics.fairness.GroupFairness;
import io.github.fairlora.metrics.fairness.MetricFrame;
import io.github.fairlora.metrics.fairness.MetricFrameResult;
import io.github.fairlora.metrics.fairness.Predictions;
import io.github.fairlora.metrics.fairness.SensitiveFeatures;
import io.github.fairlora.metrics.stats.Bootstrap;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.DecoderConfig;
import io.github.fairlora.text.WordTokenizer;
import io.github.fairlora.train.LabeledText;
import io.github.fairlora.train.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A group-fairness audit of a LoRA-trained classifier: read a labeled CSV with a protected attribute, train the
 * classification head (and LoRA adapters) on one split, predict the held-out split, and report Fairlearn-style
 * metrics per group with bootstrap intervals: accuracy, selection rate, true and false positive rates by group, and
 * the demographic parity and equalized odds differences.
 *
 * <p>Without a CSV the example writes one from a seeded recipe: job applications from two made-up districts, "north"
 * and "south", whose qualification is stated by the last word ("strong" or "solid" experience qualifies, "weak" or
 * "limited" does not); but the labels are those of a biased screener who turned down 30% of the qualified applicants
 * from the south. The audit shows that bias whichever way the classifier goes: if it learns the screener's habit,
 * the selection rates of the two groups differ (demographic parity); if it follows the stated qualification instead,
 * the turned-down southerners it accepts show up as a higher false positive rate for the south (equalized odds).
 *
 * <p>Usage: {@code ClassifierFairnessAudit [--tiny] [--csv FILE] [--out DIR]}: {@code --csv} reads a file with the
 * columns text, label (0/1) and group instead; {@code --out} is where the generated CSV goes (default
 * fairlora-out/classifier-audit); {@code --tiny} uses fewer rows, epochs and bootstrap resamples (for tests).
 */
public final class ClassifierFairnessAudit {
  private ClassifierFairnessAudit() {}

  /** Share of qualified southern applicants the biased screener labeled 0. */
  static final double SCREENER_BIAS = 0.3;

  /** Runs the example; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    ExampleArguments arguments = ExampleArguments.parse(args, List.of("--tiny"), List.of("--csv", "--out"));
    boolean tiny = arguments.flag("--tiny");
    Path csv = arguments.path("--csv");
    if (csv == null) {
      csv = arguments.path("--out", Path.of("fairlora-out", "classifier-audit")).resolve("applications.csv");
      writeRecipe(csv, tiny ? 800 : 3000, 7);
      System.out.println("wrote a seeded example data set to " + csv);
    }

    // Read text, label and the protected attribute; split 70/30 with a seeded shuffle.
    ClassificationCorpus corpus = CsvCorpusLoader.builder().textColumn("text").labelColumn("label")
        .groupColumns("group").build().loadCorpus(csv, ReadMode.STRICT);
    List<ClassificationExample> rows = new ArrayList<>(corpus.examples());
    shuffle(rows, new SplittableRandom(11));
    int trainSize = (int) Math.round(rows.size() * 0.7);
    List<ClassificationExample> train = rows.subList(0, trainSize);
    List<ClassificationExample> test = rows.subList(trainSize, rows.size());

    // A tiny decoder that first learns the language of the texts, then LoRA with a classification head.
    WordTokenizer tokenizer = WordTokenizer.build(train.stream().map(ClassificationExample::text).toList(), 1);
    DecoderConfig config = DecoderConfig.llama(tokenizer.vocabularySize(), 32, 32, 2, 4, 4, 88);
    Decoder base = new Decoder(config, 3).setTokenizer(tokenizer);
    FineTune.full(base).inPlace().learningRate(3e-3).epochs(tiny ? 1 : 3).batchSize(32).seed(3)
        .fit(train.stream().map(ClassificationExample::text).toList());
    List<LabeledText> labeled = train.stream().map(ClassificationExample::toLabeledText).toList();
    AdaptedModel classifier = LoRA.adapt(base).rank(4).targets(Target.ALL_LINEAR).learningRate(3e-3)
        .epochs(tiny ? 4 : 8).batchSize(32).seed(3).fit(TrainingData.labeled(labeled));

    // Predict the held-out split: the probability of class 1, thresholded at 0.5.
    List<int[]> sequences = test.stream().map(e -> tokenizer.encode(e.text(), true, false)).toList();
    float[][] probabilities = classifier.model().classProbabilities(sequences);
    int[] truth = new int[test.size()];
    int[] predicted = new int[test.size()];
    double[] scores = new double[test.size()];
    String[] groups = new String[test.size()];
    for (int i = 0; i < test.size(); i++) {
      truth[i] = test.get(i).label();
      scores[i] = probabilities[i][1];
      predicted[i] = scores[i] >= 0.5 ? 1 : 0;
      groups[i] = test.get(i).group("group");
    }
    Predictions predictions = Predictions.of(truth, predicted, scores);
    SensitiveFeatures features = SensitiveFeatures.of("group", groups);
    FairnessOptions options = FairnessOptions.bootstrap(5).withResamples(tiny ? 200 : 1000);

    System.out.printf("held-out rows: %d (classifier trained on %d)%n", test.size(), train.size());
    System.out.printf("%-20s %-8s %7s  %s%n", "metric", "group", "value", "95% interval");
    for (ClassificationMetric metric : List.of(ClassificationMetric.accuracy(), ClassificationMetric.selectionRate(),
        ClassificationMetric.truePositiveRate(), ClassificationMetric.falsePositiveRate())) {
      MetricFrameResult frame = MetricFrame.of(metric, predictions, features, options);
      print(metric.name(), "overall", frame.overall());
      for (Map.Entry<Group, Bootstrap.Interval> entry : frame.byGroup().entrySet()) {
        print(metric.name(), entry.getKey().toString(), entry.getValue());
      }
    }
    for (DisparityResult disparity : List.of(
        GroupFairness.demographicParityDifference(predictions, features, DisparityMethod.BETWEEN_GROUPS, options),
        GroupFairness.equalizedOddsDifference(predictions, features, DisparityMethod.BETWEEN_GROUPS, options))) {
      print(disparity.name(), "", disparity.value());
    }
  }

  private static void print(String metric, String group, Bootstrap.Interval value) {
    System.out.printf("%-20s %-8s %7.3f  [%.3f, %.3f]%n", metric, group, value.estimate(), value.lower(),
        value.upper());
  }

  /**
   * Writes the seeded recipe: {@code rows} applications (text, label, group) with the screener's biased labels.
   * Texts look like "applicant from the south district , referred by a colleague , experience solid".
   */
  static void writeRecipe(Path csv, int rows, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> groups = List.of("north", "south");
    List<String> fillers = List.of("applied in spring", "applied in autumn", "referred by a colleague",
        "found the posting online", "moved here last year", "works part time now");
    List<String> qualified = List.of("strong", "solid");
    List<String> unqualified = List.of("weak", "limited");
    StringBuilder content = new StringBuilder("text,label,group\n");
    for (int i = 0; i < rows; i++) {
      String group = groups.get(random.nextInt(groups.size()));
      boolean isQualified = random.nextBoolean();
      List<String> levels = isQualified ? qualified : unqualified;
      String text = "applicant from the " + group + " district , " + fillers.get(random.nextInt(fillers.size()))
          + " , experience " + levels.get(random.nextInt(levels.size()));
      // The screener's label: qualified, except that some qualified southern applicants were turned down.
      boolean turnedDown = group.equals("south") && random.nextDouble() < SCREENER_BIAS;
      int label = isQualified && !turnedDown ? 1 : 0;
      content.append('"').append(text).append("\",").append(label).append(',').append(group).append('\n');
    }
    AtomicFiles.writeString(csv, content.toString());
  }

  /** Fisher-Yates with a seeded stream. */
  private static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T swapped = list.get(i);
      list.set(i, list.get(j));
      list.set(j, swapped);
    }
  }
}
