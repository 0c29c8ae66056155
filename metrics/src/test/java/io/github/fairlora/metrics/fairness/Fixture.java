package io.github.fairlora.metrics.fairness;

/**
 * The small fixture the fairness tests work out by hand: 11 rows, sex f (rows 0-4) and m (rows 5-10), and an age
 * feature for intersections.
 *
 * <pre>
 * row  sex age  y  ŷ
 *  0    f   y   1  1   TP
 *  1    f   y   1  0   FN
 *  2    f   o   0  1   FP
 *  3    f   o   0  0   TN
 *  4    f   o   1  1   TP
 *  5    m   y   1  1   TP
 *  6    m   o   1  0   FN
 *  7    m   o   1  0   FN
 *  8    m   o   1  0   FN
 *  9    m   o   0  0   TN
 * 10    m   o   0  1   FP
 * </pre>
 *
 * f: 3 positives, 2 TP -> TPR 2/3; 2 negatives, 1 FP -> FPR 1/2; 3 of 5 selected -> SR 3/5; precision 2/3;
 * accuracy 3/5. m: 4 positives, 1 TP -> TPR 1/4; 2 negatives, 1 FP -> FPR 1/2; 2 of 6 selected -> SR 1/3;
 * precision 1/2; accuracy 2/6 = 1/3. Overall: TPR 3/7, FPR 2/4 = 1/2, SR 5/11, precision 3/5, accuracy 5/11.
 */
final class Fixture {
  private Fixture() {}

  static final int[] TRUE = {1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0};
  static final int[] PREDICTED = {1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 1};
  static final String[] SEX = {"f", "f", "f", "f", "f", "m", "m", "m", "m", "m", "m"};
  static final String[] AGE = {"y", "y", "o", "o", "o", "y", "o", "o", "o", "o", "o"};

  static Predictions predictions() {
    return Predictions.of(TRUE, PREDICTED);
  }

  static SensitiveFeatures sex() {
    return SensitiveFeatures.of("sex", SEX);
  }

  static SensitiveFeatures sexAndAge() {
    return SensitiveFeatures.of("sex", SEX).and("age", AGE);
  }
}
