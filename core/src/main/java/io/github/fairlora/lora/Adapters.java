package io.github.fairlora.lora;

import io.github.fairlora.model.Block;
import io.github.fairlora.model.Decoder;
import io.github.fairlora.model.Projection;
import io.github.fairlora.nn.Linear;
import io.github.fairlora.nn.LinearLayer;
import io.github.fairlora.nn.LoraLinear;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Attaches adapters to a decoder's projections. */
public final class Adapters {
  private Adapters() {}

  /**
   * Freezes every parameter of {@code model}, wraps each targeted projection of each covered block in a
   * {@link LoraLinear} (A Kaiming-uniform from {@code seed}, B zero), and makes A and B trainable.
   *
   * @throws IllegalArgumentException for a layer index outside the model, a target the family lacks, a rank larger
   *     than a targeted layer, or a projection that already has an adapter
   */
  public static Adapter attach(Decoder model, LoraConfig config, long seed) {
    int layers = model.config().numberOfLayers();
    for (int index : config.layers()) {
      if (index < 0 || index >= layers) {
        throw new IllegalArgumentException("layer " + index + " does not exist; the model has layers 0.." + (layers - 1));
      }
    }
    Set<Projection> projections = EnumSet.noneOf(Projection.class);
    for (Target target : config.targets()) {
      projections.addAll(target.resolve(model.config().family()));
    }
    // Check every targeted layer before changing anything, so a bad rank cannot leave the model half-wrapped.
    for (Block block : model.blocks()) {
      if (!config.coversLayer(block.index())) {
        continue;
      }
      for (Projection projection : block.projections().keySet()) {
        if (!projections.contains(projection)) {
          continue;
        }
        LinearLayer layer = block.projection(projection);
        String name = "layers." + block.index() + "." + projection.shortName();
        if (layer instanceof LoraLinear) {
          throw new IllegalArgumentException(name + " already has an adapter");
        }
        int limit = Math.min(layer.inputSize(), layer.outputSize());
        if (config.rank() > limit) {
          throw new IllegalArgumentException("rank (" + config.rank() + ") must be in [1, " + limit + "] for " + name
              + " (" + layer.inputSize() + " -> " + layer.outputSize() + ")");
        }
      }
    }
    model.setAllTrainable(false);
    Map<String, LoraLinear> modules = new LinkedHashMap<>();
    long moduleSeed = seed;
    for (Block block : model.blocks()) {
      if (!config.coversLayer(block.index())) {
        continue;
      }
      for (Projection projection : block.projections().keySet()) {
        if (!projections.contains(projection)) {
          continue;
        }
        LinearLayer layer = block.projection(projection);
        String name = "layers." + block.index() + "." + projection.shortName();
        LoraLinear lora = new LoraLinear(name, (Linear) layer, config.rank(), config.alpha(), config.rankStabilized(),
            config.dropout(), moduleSeed++ * 0x9E3779B97F4A7C15L + 17);
        lora.loraA().setTrainable(true);
        lora.loraB().setTrainable(true);
        block.replaceProjection(projection, lora);
        modules.put(name, lora);
      }
    }
    return new Adapter(config, model.config(), modules);
  }
}
