// Which activation should I choose? The arena answers on data: the same small MLP, written with nothing but the
// library's Forward/Derivative, trained with every activation in turn on the two-spirals problem and on Fisher's
// Iris measurements, from the same starting weights and mini-batch order (same seed), then compared.
//
//   dotnet run -c Release --project samples/ActivationArena [-- --seed N] [--all] [--only a,b] [--quick] [--out DIR]
//
// --all trains every registered elementwise activation (default: the seed article's candidates that are registered);
// --quick is a smoke run (few epochs) for CI; --out chooses where the results go (default docs/arena when run from
// the repository root, else ./arena): results.md (the tables), loss-curves.png, and decision-boundary-two-spirals.png
// (each network's P(class) over the plane).
using System.Globalization;
using System.Runtime.Intrinsics;
using System.Text;
using ActivationArena;
using SimdActivations;

int seed = 1;
bool all = false;
bool quick = false;
string[]? only = null;
string? output = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--all": all = true; break;
        case "--quick": quick = true; break;
        case "--only": only = args[++i].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries); break;
        case "--out": output = args[++i]; break;
        default:
            Console.Error.WriteLine($"Unknown option '{args[i]}'. Options: --seed N, --all, --only a,b, --quick, --out DIR.");
            return 2;
    }
}

output ??= File.Exists("Activations.sln") ? Path.Combine("docs", "arena") : "arena";

// The seed article's candidates, in its order. Names the registry does not (yet) know are skipped, not fatal: the
// arena grows with the library. Learnable activations (Swish's β, PReLU's α) train their parameters too.
ArenaEntry[] candidates =
[
    new("sigmoid", "sigmoid", false),
    new("tanh", "tanh", false),
    new("relu", "relu", false),
    new("leaky_relu", "leaky_relu", false),
    new("prelu (α learned)", "prelu", true),
    new("elu", "elu", false),
    new("selu", "selu", false),
    new("gelu", "gelu", false),
    new("silu", "silu", false),
    new("swish (β learned)", "swish", true),
    new("mish", "mish", false),
    new("softplus", "softplus", false),
    new("hardsigmoid", "hardsigmoid", false),
    new("hardswish", "hardswish", false),
];

var entries = new List<ArenaEntry>();
var skipped = new List<string>();
if (all || only is not null)
{
    IEnumerable<string> names = only ?? Activation.Names;
    foreach (string name in names)
    {
        if (!TryCreate(name, out IActivation? activation) || activation is not IPointwiseActivation)
        {
            skipped.Add(name);
            continue;
        }

        entries.Add(new ArenaEntry(name, name, false));
        if (activation is ILearnableActivation)
        {
            entries.Add(new ArenaEntry($"{name} (learned)", name, true));
        }
    }
}
else
{
    foreach (ArenaEntry candidate in candidates)
    {
        if (TryCreate(candidate.Specification, out IActivation? activation) && activation is IPointwiseActivation)
        {
            entries.Add(candidate);
        }
        else
        {
            skipped.Add(candidate.Specification);
        }
    }
}

if (entries.Count == 0)
{
    Console.Error.WriteLine("No registered elementwise activation to train.");
    return 1;
}

Dataset spirals = Datasets.TwoSpirals(pointsPerClass: 200, turns: 3, noise: 0.02, seed: seed);
Dataset iris = Datasets.Iris(Path.Combine(AppContext.BaseDirectory, "Data", "iris.csv"), testPerClass: 15, seed: seed);
(Dataset Data, TrainingPlan Plan)[] problems =
[
    (spirals, new TrainingPlan([32, 32], Epochs: quick ? 5 : 600, BatchSize: 32, LearningRate: 0.01f)),
    (iris, new TrainingPlan([16, 16], Epochs: quick ? 5 : 150, BatchSize: 16, LearningRate: 0.01f)),
];

string width = Vector512.IsHardwareAccelerated ? "512-bit" : Vector256.IsHardwareAccelerated ? "256-bit" : Vector128.IsHardwareAccelerated ? "128-bit" : "scalar";
Console.WriteLine($"Activation arena — seed {seed}, {entries.Count} activations, vector width {width}, {Environment.ProcessorCount} cores");
if (skipped.Count > 0)
{
    Console.WriteLine($"Skipped (not registered, or not elementwise): {string.Join(", ", skipped)}");
}

var progress = new ProgressBar(entries.Count * problems.Sum(p => (long)p.Plan.Epochs));
var report = new StringBuilder();
var panels = new List<(Dataset Data, TrainingPlan Plan, IReadOnlyList<RunResult> Runs)>();
foreach (var (data, plan) in problems)
{
    var runs = new List<RunResult>();
    for (int i = 0; i < entries.Count; i++)
    {
        ArenaEntry entry = entries[i];
        runs.Add(Trainer.Train(entry, data, plan, seed, (epoch, loss) =>
            progress.Advance($"{data.Name} · {entry.Label} ({i + 1}/{entries.Count}) · epoch {epoch}/{plan.Epochs} · loss {loss:F4}")));
    }

    panels.Add((data, plan, runs));
    report.AppendLine(FormatTable(data, plan, runs));
}

progress.Finish();
report.Insert(0, FormatSummary(panels) + "\n");
Console.WriteLine();
Console.Write(report);

Directory.CreateDirectory(output);
string png = Path.Combine(output, "loss-curves.png");
LossCurvePlot.Save(png, panels);
var boundaries = new List<string>();
foreach (var (data, _, runs) in panels)
{
    if (runs.All(r => r.ProbabilityMap is not null))
    {
        string file = Path.Combine(output, $"decision-boundary-{data.Name}.png");
        DecisionBoundaryPlot.Save(file, data, runs);
        boundaries.Add(Path.GetFileName(file));
    }
}

string markdown = Path.Combine(output, "results.md");
File.WriteAllText(markdown,
    $"# Activation arena results\n\nProduced by `dotnet run -c Release --project samples/ActivationArena{(seed != 1 ? $" -- --seed {seed}" : "")}` " +
    $"(seed {seed}, vector width {width}, {Environment.ProcessorCount} cores; times vary from run to run, everything else is " +
    $"deterministic for the seed).\n\n{report}![training loss per epoch](loss-curves.png)\n" +
    string.Concat(boundaries.Select(b => $"\n![learned decision boundary, test points on top]({b})\n")));
Console.WriteLine($"Wrote {markdown}, {png}{string.Concat(boundaries.Select(b => $", {Path.Combine(output, b)}"))}.");
return 0;

static bool TryCreate(string specification, out IActivation? activation)
{
    try
    {
        activation = Activation.Parse(specification);
        return true;
    }
    catch (ArgumentException)
    {
        activation = null;
        return false;
    }
}

// One row per activation across every data set: what the README quotes.
static string FormatSummary(IReadOnlyList<(Dataset Data, TrainingPlan Plan, IReadOnlyList<RunResult> Runs)> panels)
{
    var table = new StringBuilder();
    table.AppendLine("### Summary (final training loss, held-out test accuracy, dead hidden units, ms per epoch)");
    table.AppendLine();
    table.AppendLine("| activation |" + string.Concat(panels.Select(p => $" {p.Data.Name} loss | test accuracy | dead | ms / epoch |")));
    table.AppendLine("|---|" + string.Concat(panels.Select(_ => "---:|---:|---:|---:|")));
    for (int i = 0; i < panels[0].Runs.Count; i++)
    {
        table.AppendLine($"| {panels[0].Runs[i].Entry.Label} |" + string.Concat(panels.Select(p => p.Runs[i]).Select(run =>
            $" {run.FinalLoss:F4} | {100 * run.TestAccuracy:F1}% | {run.DeadUnits}/{run.HiddenUnits} | {run.MillisecondsPerEpoch:F2} |")));
    }

    return table.ToString();
}

static string FormatTable(Dataset data, TrainingPlan plan, IReadOnlyList<RunResult> runs)
{
    var table = new StringBuilder();
    table.AppendLine($"### {data.Name}: {data.Description}; {plan.Describe(data)}");
    table.AppendLine();
    table.AppendLine("| activation | final loss | train accuracy | test accuracy | dead units | ms / epoch | learned parameters |");
    table.AppendLine("|---|---:|---:|---:|---:|---:|---|");
    foreach (RunResult run in runs)
    {
        table.AppendLine($"| {run.Entry.Label} | {run.FinalLoss:F4} | {100 * run.TrainAccuracy:F1}% | {100 * run.TestAccuracy:F1}% | " +
            $"{run.DeadUnits}/{run.HiddenUnits} | {run.MillisecondsPerEpoch:F2} | {(run.LearnedParameters.Length == 0 ? "—" : run.LearnedParameters)} |");
    }

    return table.ToString();
}
