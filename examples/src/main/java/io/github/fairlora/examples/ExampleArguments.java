package io.github.fairlora.examples;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The few arguments the example programs take: flags such as {@code --tiny} and options with a value such as
 * {@code --out DIR}. Anything else is refused with a message listing what the program accepts, so a typo does not
 * silently run the long version.
 */
final class ExampleArguments {
  private final Set<String> flags = new HashSet<>();
  private final Map<String, String> values = new HashMap<>();

  private ExampleArguments() {}

  /**
   * Parses {@code args}.
   *
   * @param knownFlags the flags the program accepts (e.g. "--tiny")
   * @param knownOptions the options with a value it accepts (e.g. "--out")
   * @throws IllegalArgumentException for an unknown argument or an option without its value
   */
  static ExampleArguments parse(String[] args, List<String> knownFlags, List<String> knownOptions) {
    ExampleArguments parsed = new ExampleArguments();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (knownFlags.contains(arg)) {
        parsed.flags.add(arg);
      } else if (knownOptions.contains(arg)) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(arg + " needs a value");
        }
        parsed.values.put(arg, args[++i]);
      } else {
        throw new IllegalArgumentException("unknown argument '" + arg + "'; this program accepts " + knownFlags
            + " and " + knownOptions + " (each followed by a value)");
      }
    }
    return parsed;
  }

  /** Whether the flag was given. */
  boolean flag(String name) {
    return flags.contains(name);
  }

  /** The path given for {@code option}, or {@code fallback}. */
  Path path(String option, Path fallback) {
    return values.containsKey(option) ? Path.of(values.get(option)) : fallback;
  }

  /** The path given for {@code option}, or null. */
  Path path(String option) {
    return values.containsKey(option) ? Path.of(values.get(option)) : null;
  }
}
