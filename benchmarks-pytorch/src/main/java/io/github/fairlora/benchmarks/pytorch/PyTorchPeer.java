package io.github.fairlora.benchmarks.pytorch;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * The PyTorch side of the fairlora benchmark report: one LoRA linear layer (dense forward, unmerged LoRA forward,
 * LoRA forward + backward with W frozen, full forward + backward) and the GPT-2-family training step
 * ({@link TorchGpt2Step}), written as a PyTorch user would with autograd, run on libtorch's CPU build through DJL.
 * Results go to a JSON file that the suite merges into its report; timings are medians over iterations, like the
 * suite's.
 *
 * <p>On failure (libtorch not loadable, say) the JSON holds {@code "error"} with the exception chain, and the exit
 * status is 2, so the report can say exactly why the PyTorch side is missing.
 */
public final class PyTorchPeer {
  private PyTorchPeer() {}

  /** Entry point; see {@link PeerOptions#USAGE}. */
  public static void main(String[] args) throws IOException {
    PeerOptions options;
    try {
      options = PeerOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(64);
      return;
    }
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("offline", Boolean.getBoolean("ai.djl.offline"));
    int status = 0;
    try {
      Engine engine = Engine.getEngine("PyTorch");
      root.put("engine", engine.getEngineName());
      root.put("version", engine.getVersion());
      try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
        root.set("linear", linear(manager, options, mapper));
        root.set("training", training(manager, options, mapper));
      }
    } catch (Throwable e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      root.put("error", describe(e));
      root.put("trace", trace.toString());
      System.err.println("PyTorch peer failed: " + describe(e));
      status = 2;
    }
    Path json = options.json();
    Path temp = Files.createTempFile(json.toAbsolutePath().getParent(), json.getFileName().toString(), ".tmp");
    mapper.writeValue(temp.toFile(), root);
    Files.move(temp, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    System.exit(status);
  }

  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (text.length() > 0) {
        text.append(" <- caused by ");
      }
      text.append(t.getClass().getName()).append(": ").append(t.getMessage());
    }
    return text.toString();
  }

  private static ObjectNode linear(NDManager parent, PeerOptions o, ObjectMapper mapper) {
    ObjectNode node = mapper.createObjectNode();
    node.put("tokens", o.tokens());
    node.put("size", o.size());
    node.put("rank", o.rank());
    node.put("scale", o.scale());
    try (NDManager manager = parent.newSubManager()) {
      int n = o.tokens();
      int size = o.size();
      float std = (float) (1.0 / Math.sqrt(size));
      NDArray x = manager.randomNormal(0f, 1f, new Shape(n, size), DataType.FLOAT32);
      NDArray g = manager.randomNormal(0f, 1f, new Shape(n, size), DataType.FLOAT32);
      NDArray w = manager.randomNormal(0f, std, new Shape(size, size), DataType.FLOAT32);
      NDArray a = manager.randomNormal(0f, std, new Shape(o.rank(), size), DataType.FLOAT32);
      NDArray b = manager.randomNormal(0f, std, new Shape(size, o.rank()), DataType.FLOAT32);
      float s = o.scale();
      // Forward only: no array requires a gradient, and no collector is open, so autograd records nothing.
      node.set("denseForward", time(mapper, o, () -> {
        try (NDScope scope = new NDScope()) {
          scope.suppressNotUsedWarning();
          x.matMul(w.transpose());
        }
      }));
      node.set("loraForward", time(mapper, o, () -> {
        try (NDScope scope = new NDScope()) {
          scope.suppressNotUsedWarning();
          x.matMul(w.transpose()).add(x.matMul(a.transpose()).matMul(b.transpose()).mul(s));
        }
      }));
      // Backward with upstream gradient G, as (y ⊙ G).sum() → backward, the usual way to feed G through autograd.
      NDArray xTrained = x.duplicate();
      xTrained.setRequiresGradient(true);
      NDArray aTrained = a.duplicate();
      aTrained.setRequiresGradient(true);
      NDArray bTrained = b.duplicate();
      bTrained.setRequiresGradient(true);
      node.set("loraForwardBackward", time(mapper, o, () -> {
        try (NDScope scope = new NDScope(); GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          scope.suppressNotUsedWarning();
          NDArray y = xTrained.matMul(w.transpose())
              .add(xTrained.matMul(aTrained.transpose()).matMul(bTrained.transpose()).mul(s));
          collector.backward(y.mul(g).sum());
        }
      }));
      NDArray wTrained = w.duplicate();
      wTrained.setRequiresGradient(true);
      node.set("fullForwardBackward", time(mapper, o, () -> {
        try (NDScope scope = new NDScope(); GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          scope.suppressNotUsedWarning();
          NDArray y = xTrained.matMul(wTrained.transpose());
          collector.backward(y.mul(g).sum());
        }
      }));
    }
    return node;
  }

  /** Iterations of at least iterationMillis; the score of each is its mean time per call; median reported. */
  private static ObjectNode time(ObjectMapper mapper, PeerOptions o, Runnable operation) {
    double[] scores = new double[o.repeats()];
    for (int i = -o.warmup(); i < o.repeats(); i++) {
      long start = System.nanoTime();
      long deadline = start + o.iterationMillis() * 1_000_000L;
      int calls = 0;
      long now;
      do {
        operation.run();
        calls++;
        now = System.nanoTime();
      } while (now < deadline);
      if (i >= 0) {
        scores[i] = (now - start) / 1e6 / calls;
      }
    }
    return summary(mapper, scores);
  }

  private static ObjectNode summary(ObjectMapper mapper, double[] millis) {
    ObjectNode node = mapper.createObjectNode();
    node.put("medianMillis", median(millis));
    node.put("meanMillis", Arrays.stream(millis).average().orElse(Double.NaN));
    ArrayNode all = node.putArray("iterationsMillis");
    for (double value : millis) {
      all.add(value);
    }
    return node;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static ArrayNode training(NDManager manager, PeerOptions o, ObjectMapper mapper) {
    ArrayNode list = mapper.createArrayNode();
    java.util.List<Integer> ranks = new java.util.ArrayList<>();
    ranks.add(0);
    ranks.addAll(o.trainingRanks());
    for (int rank : ranks) {
      System.out.println("  PyTorch training step, " + (rank == 0 ? "full" : "lora r=" + rank) + " ...");
      try (TorchGpt2Step step = new TorchGpt2Step(manager, o.vocabulary(), o.context(), o.width(), o.layers(),
          o.heads(), o.batch(), o.time(), rank, 1234)) {
        ObjectNode node = mapper.createObjectNode();
        node.put("rank", rank);
        node.put("mode", rank == 0 ? "full" : "lora r=" + rank);
        node.put("trainableParameters", step.trainableCount());
        double firstLoss = Double.NaN;
        for (int i = 0; i < o.warmup(); i++) {
          double loss = step.step();
          if (i == 0) {
            firstLoss = loss;
          }
        }
        double[] millis = new double[o.repeats()];
        for (int i = 0; i < o.repeats(); i++) {
          long start = System.nanoTime();
          double loss = step.step();
          millis[i] = (System.nanoTime() - start) / 1e6;
          if (Double.isNaN(firstLoss)) {
            firstLoss = loss;
          }
        }
        node.put("firstLoss", firstLoss);
        node.setAll(summary(mapper, millis));
        list.add(node);
      }
    }
    return list;
  }
}
