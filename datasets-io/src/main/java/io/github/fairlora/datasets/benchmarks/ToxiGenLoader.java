package io.github.fairlora.datasets.benchmarks;

import io.github.fairlora.datasets.DatasetFiles;
import io.github.fairlora.datasets.DatasetFormat;
import io.github.fairlora.datasets.DatasetFormatException;
import io.github.fairlora.datasets.DatasetLoader;
import io.github.fairlora.datasets.ReadMode;
import io.github.fairlora.datasets.RecordReader;
import io.github.fairlora.datasets.TextLinesReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads ToxiGen prompt files: one prompt per line, statements separated by the two characters {@code \n} and each
 * starting with "- ". The group and label come from the file name, {@code hate_<group>_1k.txt} or
 * {@code neutral_<group>_1k.txt} (the size suffix is optional; {@code .gz} allowed), unless given with
 * {@link #forGroup}. A directory is read file by file in name order, taking the files whose names fit. A line that
 * does not start with "-" is malformed.
 */
public final class ToxiGenLoader implements DatasetLoader<ToxiGenPrompt> {
  private static final String FORMAT = "ToxiGen prompt file";
  private static final Pattern NAME = Pattern.compile("^(hate|neutral)_(.+?)(_\\d+k)?\\.txt$");

  private final String group;
  private final ToxiGenPrompt.Label label;

  private ToxiGenLoader(String group, ToxiGenPrompt.Label label) {
    this.group = group;
    this.label = label;
  }

  /** A loader that takes group and label from each file's name. */
  public static ToxiGenLoader create() {
    return new ToxiGenLoader(null, null);
  }

  /** A loader for files of one group and label, whatever their names. */
  public static ToxiGenLoader forGroup(String group, ToxiGenPrompt.Label label) {
    if (Objects.requireNonNull(group, "group").isBlank()) {
      throw new IllegalArgumentException("group must not be blank");
    }
    return new ToxiGenLoader(group, Objects.requireNonNull(label, "label"));
  }

  @Override
  public String formatName() {
    return FORMAT;
  }

  @Override
  public RecordReader<ToxiGenPrompt> open(Path path, ReadMode mode) throws IOException {
    List<Path> files = DatasetFiles.filesOf(path,
        name -> group != null || NAME.matcher(name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name).matches(),
        "ToxiGen prompt file named hate_<group>_1k.txt or neutral_<group>_1k.txt");
    for (Path file : files) {
      if (group == null && !NAME.matcher(DatasetFiles.nameWithoutGz(file)).matches()) {
        throw DatasetFormatException.wrongFormat(file, FORMAT, null,
            "the name does not tell group and label (expected hate_<group>_1k.txt or neutral_<group>_1k.txt;"
                + " use ToxiGenLoader.forGroup for other names)");
      }
    }
    return new TextLinesReader<>(FORMAT, DatasetFormat.TOXIGEN_PROMPTS, files, mode) {
      private String fileGroup;
      private ToxiGenPrompt.Label fileLabel;

      @Override
      protected void startFile(Path file) {
        if (group != null) {
          fileGroup = group;
          fileLabel = label;
        } else {
          Matcher name = NAME.matcher(DatasetFiles.nameWithoutGz(file));
          if (!name.matches()) {
            throw new IllegalStateException("checked on opening: " + file);
          }
          fileLabel = name.group(1).equals("hate") ? ToxiGenPrompt.Label.HATE : ToxiGenPrompt.Label.NEUTRAL;
          fileGroup = name.group(2);
        }
      }

      @Override
      protected ToxiGenPrompt parseLine(Path file, long line, String text) {
        String stripped = text.strip();
        if (!stripped.startsWith("-")) {
          throw DatasetFormatException.malformed(file, line, null, "a prompt of '- ' statements", text);
        }
        return new ToxiGenPrompt(fileGroup, fileLabel, stripped.replace("\\n", "\n"));
      }
    };
  }
}
