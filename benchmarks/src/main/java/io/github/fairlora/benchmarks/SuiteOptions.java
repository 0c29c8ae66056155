package io.github.fairlora.benchmarks;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The suite's command line.
 *
 * @param plan          quick or long
 * @param parts         which parts run
 * @param output        where REPORT.md and REPORT.json go
 * @param avx2Jar       the benchmark jar built with ND4J's AVX2 classifier, or null to look beside this jar
 * @param pytorchJar    the PyTorch peer's jar, or null to look in the usual place
 * @param maxLoad       wait (up to an hour) until the 1-minute load average is below this; 0 = do not wait
 * @param childJson     internal: run only the ND4J-build part and write its measurements here
 * @param rejudge       a REPORT.json to read back, judge against the targets again and write anew (no measuring)
 */
public record SuiteOptions(RunPlan plan, Set<Part> parts, Path output, Path avx2Jar, Path pytorchJar, double maxLoad,
    Path childJson, Path rejudge) {

  /** The parts of a run. */
  public enum Part {
    /** Gemm ceiling and adapter kernels. */
    KERNELS,
    /** Training steps with memory. */
    TRAINING,
    /** In-process breakdown of selected steps. */
    BREAKDOWN,
    /** Uncached generation. */
    GENERATION,
    /** ND4J default versus AVX2 build. */
    ND4J,
    /** The PyTorch peer. */
    PYTORCH
  }

  /** The usage text. */
  public static final String USAGE = """
      java -jar benchmarks/target/benchmarks.jar [--quick | --long] [options]
        --quick              short run of everything, a few minutes (default)
        --long               careful run: the full kernel sweep and more iterations (about an hour)
        --out DIR            where REPORT.md and REPORT.json go (default benchmarks/results when run from the
                             repository root, else ./benchmark-results)
        --only PARTS         comma list of kernels,training,breakdown,generation,nd4j,pytorch (default: all)
        --skip PARTS         the same, to leave out
        --avx2-jar PATH      the jar built with -P avx2 (default: benchmarks-avx2.jar beside this jar)
        --pytorch-jar PATH   the PyTorch peer (default: benchmarks-pytorch/target/benchmarks-pytorch.jar)
        --max-load L         first wait until the 1-minute load average is below L (at most an hour)
        --rejudge FILE       read a REPORT.json back, judge its targets again, write REPORT.md/.json to --out
      java -jar benchmarks/target/benchmarks.jar jmh [JMH options]
                             plain JMH over the same benchmarks (e.g. jmh -l, or jmh LoraKernel -p rank=16)""";

  /**
   * Parses the arguments.
   *
   * @throws IllegalArgumentException naming the bad option or value, with the usage text
   */
  public static SuiteOptions parse(String[] args) {
    RunPlan plan = RunPlan.quick();
    Set<Part> parts = EnumSet.allOf(Part.class);
    Path output = null;
    Path avx2 = null;
    Path pytorch = null;
    double maxLoad = 0;
    Path child = null;
    Path rejudge = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--quick" -> plan = RunPlan.quick();
        case "--long" -> plan = RunPlan.careful();
        case "--out" -> output = Path.of(value(args, ++i, arg));
        case "--only" -> parts = partsOf(value(args, ++i, arg));
        case "--skip" -> parts.removeAll(partsOf(value(args, ++i, arg)));
        case "--avx2-jar" -> avx2 = Path.of(value(args, ++i, arg));
        case "--pytorch-jar" -> pytorch = Path.of(value(args, ++i, arg));
        case "--max-load" -> {
          String text = value(args, ++i, arg);
          try {
            maxLoad = Double.parseDouble(text);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--max-load expects a number, got '" + text + "'\n" + USAGE);
          }
        }
        case "--nd4j-build-child" -> child = Path.of(value(args, ++i, arg));
        case "--rejudge" -> rejudge = Path.of(value(args, ++i, arg));
        default -> throw new IllegalArgumentException("unknown option '" + arg + "'\n" + USAGE);
      }
    }
    if (output == null) {
      output = java.nio.file.Files.isDirectory(Path.of("benchmarks")) ? Path.of("benchmarks", "results")
          : Path.of("benchmark-results");
    }
    return new SuiteOptions(plan, parts, output, avx2, pytorch, maxLoad, child, rejudge);
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
    }
    return args[index];
  }

  private static Set<Part> partsOf(String list) {
    Set<Part> parts = EnumSet.noneOf(Part.class);
    for (String name : list.split(",")) {
      try {
        parts.add(Part.valueOf(name.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown part '" + name.trim() + "'; parts are "
            + "kernels, training, breakdown, generation, nd4j, pytorch");
      }
    }
    return parts;
  }
}
