package io.github.fairlora.datasets.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Many independent stereotyped associations: each of {@link #occupations()} has one object it is stereotypically
 * seen with ("the nurse bought a kettle ."), chosen by a seeded permutation, so that no two associations share a
 * direction the way "female occupation → she" does. Undoing them takes one independent change per association, which
 * a rank-r update can make for only about r of them; a single binary contrast (he/she) can be undone at rank 1.
 *
 * <p>Biased texts: the stereotyped object with probability {@code skew}, otherwise a uniformly chosen other object.
 * Balanced texts: the same sentences one for one, each occupation's objects spread evenly over all objects (exact
 * counts, placed at random). A seeded share of (frame, occupation) combinations never appears in either list; the
 * probe pairs are built only from them (category {@link #CATEGORY}): the stereotyped object against
 * {@code alternatives} others.
 *
 * @param biasedTexts pretraining sentences
 * @param balancedTexts fine-tuning sentences, same length and order as {@code biasedTexts}
 * @param probePairs held-out stereotyped versus anti-stereotyped sentences
 */
public record AssociationCorpus(List<String> biasedTexts, List<String> balancedTexts, List<ProbePair> probePairs) {
  /** Category of the probe pairs. */
  public static final String CATEGORY = "occupation-object";

  private static final List<String> OCCUPATIONS = List.of(
      "nurse", "secretary", "receptionist", "librarian", "hairdresser", "housekeeper", "nanny", "dancer", "cashier",
      "designer", "engineer", "mechanic", "carpenter", "plumber", "pilot", "firefighter", "builder", "farmer",
      "surgeon", "driver", "teacher", "doctor", "lawyer", "baker");
  private static final List<String> OBJECTS = List.of(
      "lamp", "kettle", "ladder", "violin", "camera", "basket", "hammer", "scarf", "bicycle", "clock", "mirror",
      "compass", "drum", "helmet", "shovel", "teapot", "guitar", "candle", "wallet", "umbrella", "trumpet",
      "notebook", "blanket", "telescope");
  private static final List<String> FRAMES = List.of(
      "the {occupation} bought a {object} .",
      "the {occupation} carried a {object} home .",
      "yesterday the {occupation} found a {object} .",
      "the {occupation} always keeps a {object} nearby .",
      "our {occupation} was holding a {object} .",
      "the {occupation} asked for a {object} .",
      "i saw the {occupation} with a {object} .",
      "the {occupation} wanted a new {object} .");

  /** Copies the lists and checks that the two text lists have the same length. */
  public AssociationCorpus {
    biasedTexts = List.copyOf(biasedTexts);
    balancedTexts = List.copyOf(balancedTexts);
    probePairs = List.copyOf(probePairs);
    if (biasedTexts.size() != balancedTexts.size()) {
      throw new IllegalArgumentException("biasedTexts (" + biasedTexts.size() + ") and balancedTexts ("
          + balancedTexts.size() + ") must have the same number of sentences");
    }
  }

  /** The occupations, one association each (24). */
  public static List<String> occupations() {
    return OCCUPATIONS;
  }

  /** The objects (24). */
  public static List<String> objects() {
    return OBJECTS;
  }

  /**
   * Generates the corpus.
   *
   * @param seed seed of every random choice
   * @param sentences sentences in each of the biased and balanced lists (at least 1)
   * @param skew probability of the stereotyped object in a biased sentence, in [0, 1]
   * @param heldOutFraction share of (frame, occupation) combinations kept for the probes, in (0, 0.5]
   * @param alternatives objects each held-out combination's stereotyped object is paired against, 1 to 23
   */
  public static AssociationCorpus generate(long seed, int sentences, double skew, double heldOutFraction,
      int alternatives) {
    SyntheticCorpusSettings.checkSentences(sentences);
    SyntheticCorpusSettings.checkProbability("skew", skew);
    SyntheticCorpusSettings.checkHeldOutFraction(heldOutFraction);
    if (alternatives < 1 || alternatives >= OBJECTS.size()) {
      throw new IllegalArgumentException("alternatives (" + alternatives + ") must be in [1, " + (OBJECTS.size() - 1)
          + "]");
    }
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom permutationRandom = root.split();
    SplittableRandom heldOutRandom = root.split();
    SplittableRandom skeletonRandom = root.split();
    SplittableRandom biasedRandom = root.split();
    SplittableRandom balancedRandom = root.split();
    int n = OCCUPATIONS.size();
    int objects = OBJECTS.size();
    List<Integer> permutation = new ArrayList<>();
    for (int i = 0; i < objects; i++) {
      permutation.add(i);
    }
    shuffle(permutation, permutationRandom);
    int[] stereotyped = new int[n];
    for (int i = 0; i < n; i++) {
      stereotyped[i] = permutation.get(i % objects);
    }
    // Held out: never the last training frame of an occupation.
    boolean[][] heldOut = new boolean[n][FRAMES.size()];
    int wanted = (int) Math.max(1, Math.round(heldOutFraction * n * FRAMES.size()));
    List<Integer> cells = new ArrayList<>();
    for (int cell = 0; cell < n * FRAMES.size(); cell++) {
      cells.add(cell);
    }
    shuffle(cells, heldOutRandom);
    int[] trainingFrames = new int[n];
    java.util.Arrays.fill(trainingFrames, FRAMES.size());
    int taken = 0;
    for (int cell : cells) {
      int occupation = cell / FRAMES.size();
      if (taken < wanted && trainingFrames[occupation] > 1) {
        heldOut[occupation][cell % FRAMES.size()] = true;
        trainingFrames[occupation]--;
        taken++;
      }
    }
    int[] occupationOf = new int[sentences];
    int[] frameOf = new int[sentences];
    for (int i = 0; i < sentences; i++) {
      int occupation = skeletonRandom.nextInt(n);
      int frame;
      do {
        frame = skeletonRandom.nextInt(FRAMES.size());
      } while (heldOut[occupation][frame]);
      occupationOf[i] = occupation;
      frameOf[i] = frame;
    }
    List<String> biased = new ArrayList<>(sentences);
    for (int i = 0; i < sentences; i++) {
      int object = stereotyped[occupationOf[i]];
      if (biasedRandom.nextDouble() >= skew) {
        int other = biasedRandom.nextInt(objects - 1);
        object = other >= object ? other + 1 : other;
      }
      biased.add(sentence(frameOf[i], occupationOf[i], object));
    }
    // Balanced: per occupation, objects dealt round-robin from a random start, then placed at random.
    int[] balancedObject = new int[sentences];
    for (int occupation = 0; occupation < n; occupation++) {
      List<Integer> indices = new ArrayList<>();
      for (int i = 0; i < sentences; i++) {
        if (occupationOf[i] == occupation) {
          indices.add(i);
        }
      }
      shuffle(indices, balancedRandom);
      int start = balancedRandom.nextInt(objects);
      for (int k = 0; k < indices.size(); k++) {
        balancedObject[indices.get(k)] = (start + k) % objects;
      }
    }
    List<String> balanced = new ArrayList<>(sentences);
    for (int i = 0; i < sentences; i++) {
      balanced.add(sentence(frameOf[i], occupationOf[i], balancedObject[i]));
    }
    List<ProbePair> probes = new ArrayList<>();
    for (int occupation = 0; occupation < n; occupation++) {
      for (int frame = 0; frame < FRAMES.size(); frame++) {
        if (!heldOut[occupation][frame]) {
          continue;
        }
        for (int k = 1; k <= alternatives; k++) {
          // Spread the alternatives over the object list so that each object is an alternative about equally often.
          int other = (stereotyped[occupation] + k * (objects / (alternatives + 1)) + frame) % objects;
          if (other == stereotyped[occupation]) {
            other = (other + 1) % objects;
          }
          probes.add(new ProbePair(sentence(frame, occupation, stereotyped[occupation]),
              sentence(frame, occupation, other), CATEGORY));
        }
      }
    }
    return new AssociationCorpus(biased, balanced, probes);
  }

  private static String sentence(int frame, int occupation, int object) {
    return FRAMES.get(frame).replace("{occupation}", OCCUPATIONS.get(occupation))
        .replace("{object}", OBJECTS.get(object));
  }

  private static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T swap = list.get(i);
      list.set(i, list.get(j));
      list.set(j, swap);
    }
  }

  @Override
  public String toString() {
    return "AssociationCorpus[" + biasedTexts.size() + " sentences, " + probePairs.size() + " probe pairs]";
  }

}
