package workshop.bench;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What every figure gets: the workload sizes, how to measure, the Python reference, the CSV the
 * sweeps add to, the solution sources the grading figure grades, and a progress log.
 */
public record Context(Sizes sizes, Measure measure, Python python, ScalingCsv csv, Path solutionSources,
        Consumer<String> log) {}
