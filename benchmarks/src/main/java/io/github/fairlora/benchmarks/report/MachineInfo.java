package io.github.fairlora.benchmarks.report;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Reads what the report says about the machine and the native libraries this JVM loaded. */
public final class MachineInfo {
  private MachineInfo() {}

  /** The current 1-minute load average (NaN where the OS does not tell). */
  public static double loadAverage() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0 ? Double.NaN : load;
  }

  /** Loads ND4J (if not yet) and returns the path of its native CPU library, or a note when it cannot be found. */
  public static String nd4jLibrary() {
    Nd4j.zeros(DataType.FLOAT, 1);
    for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
      if (e.getKey().contains("nd4jcpu") || (e.getValue() != null && e.getValue().contains("nd4jcpu"))) {
        return e.getValue();
      }
    }
    return "not found among " + Loader.getLoadedLibraries().keySet();
  }

  /** Collects the machine description; {@code loadBefore} is the load average when the run started. */
  public static BenchmarkReport.Machine collect(double loadBefore) {
    String library = nd4jLibrary();
    String classifier = library.contains("linux-x86_64-avx2") ? "linux-x86_64-avx2"
        : library.contains("linux-x86_64-avx512") ? "linux-x86_64-avx512"
        : library.contains("linux-x86_64") ? "linux-x86_64" : "unknown classifier";
    String blas = Nd4j.factory().blas().getBlasVendor() + ": " + openblas_nolapack.OPENBLAS_VERSION.trim() + ", "
        + openblas_nolapack.blas_get_num_threads() + " threads";
    long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize();
    return new BenchmarkReport.Machine(cpuModel(), Runtime.getRuntime().availableProcessors(),
        memory / (1024.0 * 1024 * 1024), System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"), System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        "nd4j-native " + artifactVersion("org.nd4j", "nd4j-api") + " " + classifier, library, blas, loadBefore,
        loadAverage());
  }

  /** The "model name" line of /proc/cpuinfo, or the architecture. */
  static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: fall through to the architecture.
    }
    return System.getProperty("os.arch");
  }

  private static String artifactVersion(String group, String artifact) {
    String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = MachineInfo.class.getResourceAsStream(resource)) {
      if (in == null) {
        return "(version unknown)";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "(version unknown)");
    } catch (IOException e) {
      return "(version unknown)";
    }
  }
}
