package io.github.fairlora.datasets.corpus;

import io.github.fairlora.datasets.ClassificationExample;
import io.github.fairlora.datasets.ReadReport;
import io.github.fairlora.train.LabeledText;
import java.util.List;
import java.util.Objects;

/**
 * A labelled corpus held in memory.
 *
 * @param examples the examples, in file order
 * @param classNames the label value each class index stands for
 * @param report what was read and skipped
 */
public record ClassificationCorpus(List<ClassificationExample> examples, List<String> classNames, ReadReport report) {
  public ClassificationCorpus {
    examples = List.copyOf(examples);
    classNames = List.copyOf(classNames);
    Objects.requireNonNull(report, "report");
  }

  /** Number of classes. */
  public int numberOfClasses() {
    return classNames.size();
  }

  /** The examples as the trainer's (text, label) pairs. */
  public List<LabeledText> labeledTexts() {
    return examples.stream().map(ClassificationExample::toLabeledText).toList();
  }
}
