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
import io.github.fairlora.benchmarks.kernels.AdapterKernels;
import io.github.fairlora.benchmarks.paired.PairedRatio;
import io.github.fairlora.benchmarks.report.ReportBuilder;
import io.github.fairlora.benchmarks.training.TrainingFixture;
import io.github.fairlora.benchmarks.training.TrainingMode;
import io.github.fairlora.benchmarks.training.TrainingShape;
import io.github.fairlora.model.DecoderConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The PyTorch side of the fairlora benchmark report: one LoRA linear layer (dense forward, unmerged LoRA forward,
 * LoRA forward + backward with W frozen, full forward + backward) and the GPT-2-family training step
 * ({@link TorchGpt2Step}), written as a PyTorch user would with autograd, on libtorch's CPU build through DJL.
 *
 * <p>Every figure is measured interleaved with fairlora's own implementation of the same thing in this same JVM
 * ({@link PairedRatio}: one fairlora call, one PyTorch call, alternating which goes first), so that the two sides
 * always see the same machine load; the ratio is the median over rounds of PyTorch time / fairlora time. Results go
 * to a JSON file that the suite merges into its report.
 *
 * <p>On failure (libtorch not loadable, say) the JSON holds {@code "error"} with the exception chain and the exit
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
    Path json = options.json().toAbsolutePath();
    Path temp = Files.createTempFile(json.getParent(), json.getFileName().toString(), ".tmp");
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
    int n = ReportBuilder.TARGET_TOKENS;
    int size = ReportBuilder.TARGET_SIZE;
    int rank = ReportBuilder.TARGET_RANK;
    float s = AdapterKernels.SCALE;
    ObjectNode node = mapper.createObjectNode();
    node.put("tokens", n);
    node.put("size", size);
    node.put("rank", rank);
    node.put("scale", s);
    ArrayNode pairs = node.putArray("pairs");
    AdapterKernels fairlora = new AdapterKernels(n, size, rank, 42);
    try (NDManager manager = parent.newSubManager()) {
      float std = (float) (1.0 / Math.sqrt(size));
      NDArray x = manager.randomNormal(0f, 1f, new Shape(n, size), DataType.FLOAT32);
      NDArray g = manager.randomNormal(0f, 1f, new Shape(n, size), DataType.FLOAT32);
      NDArray w = manager.randomNormal(0f, std, new Shape(size, size), DataType.FLOAT32);
      NDArray a = manager.randomNormal(0f, std, new Shape(rank, size), DataType.FLOAT32);
      NDArray b = manager.randomNormal(0f, std, new Shape(size, rank), DataType.FLOAT32);
      // Forward only: nothing requires a gradient and no collector is open, so autograd records nothing.
      Runnable dense = () -> {
        try (NDScope scope = new NDScope()) {
          scope.suppressNotUsedWarning();
          x.matMul(w.transpose());
        }
      };
      Runnable lora = () -> {
        try (NDScope scope = new NDScope()) {
          scope.suppressNotUsedWarning();
          x.matMul(w.transpose()).add(x.matMul(a.transpose()).matMul(b.transpose()).mul(s));
        }
      };
      // Backward with upstream gradient G through (y ⊙ G).sum(), the usual way to feed G to autograd.
      NDArray xTrained = x.duplicate();
      xTrained.setRequiresGradient(true);
      NDArray aTrained = a.duplicate();
      aTrained.setRequiresGradient(true);
      NDArray bTrained = b.duplicate();
      bTrained.setRequiresGradient(true);
      NDArray wTrained = w.duplicate();
      wTrained.setRequiresGradient(true);
      Runnable loraTraining = () -> {
        try (NDScope scope = new NDScope(); GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          scope.suppressNotUsedWarning();
          NDArray y = xTrained.matMul(w.transpose())
              .add(xTrained.matMul(aTrained.transpose()).matMul(bTrained.transpose()).mul(s));
          collector.backward(y.mul(g).sum());
        }
      };
      Runnable fullTraining = () -> {
        try (NDScope scope = new NDScope(); GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          scope.suppressNotUsedWarning();
          NDArray y = xTrained.matMul(wTrained.transpose());
          collector.backward(y.mul(g).sum());
        }
      };
      int warmup = Math.max(3, o.warmup());
      pairs.add(pair(mapper, "dense forward", fairlora::denseForward, dense, warmup, o.pairedRounds()));
      pairs.add(pair(mapper, "LoRA forward, unmerged", fairlora::loraForward, lora, warmup, o.pairedRounds()));
      pairs.add(pair(mapper, "LoRA forward+backward", fairlora::loraForwardBackward, loraTraining, warmup,
          o.pairedRounds()));
      pairs.add(pair(mapper, "full fine-tuning forward+backward", fairlora::fullForwardBackward, fullTraining, warmup,
          o.pairedRounds()));
    }
    return node;
  }

  /** fairlora is the baseline, PyTorch the candidate: the ratio is PyTorch time / fairlora time. */
  private static ObjectNode pair(ObjectMapper mapper, String what, Runnable fairlora, Runnable pytorch, int warmup,
      int rounds) {
    System.out.println("  interleaved: " + what + " ...");
    PairedRatio ratio = PairedRatio.measure(what, "fairlora", fairlora, "PyTorch", pytorch, warmup, rounds);
    return mapper.valueToTree(ratio);
  }

  private static ArrayNode training(NDManager manager, PeerOptions o, ObjectMapper mapper) {
    ArrayNode list = mapper.createArrayNode();
    List<TrainingMode> modes = new ArrayList<>();
    modes.add(TrainingMode.FULL);
    modes.addAll(o.trainingModes());
    TrainingShape shape = o.shape();
    DecoderConfig c = shape.config();
    for (TrainingMode mode : modes) {
      TrainingFixture fairlora = new TrainingFixture(shape, mode, 1234);
      try (TorchGpt2Step torch = new TorchGpt2Step(manager, c.vocabularySize(), c.contextLength(), c.width(),
          c.numberOfLayers(), c.numberOfHeads(), shape.batchSize(), shape.timeSteps(), mode.rank(), 1234)) {
        double firstLoss = torch.step();
        ObjectNode node = pair(mapper, "training step " + shape.name() + ", " + mode.label(), fairlora::step,
            torch::step, Math.max(1, o.warmup()), o.repeats());
        node.put("mode", mode.label());
        node.put("rank", mode.rank());
        node.put("pytorchTrainableParameters", torch.trainableCount());
        node.put("fairloraTrainableParameters", fairlora.trainableParameterCount());
        node.put("pytorchFirstLoss", firstLoss);
        list.add(node);
      }
    }
    return list;
  }
}
