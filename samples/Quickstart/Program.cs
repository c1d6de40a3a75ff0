// The first thing to run: several activations and their derivatives on a handful of inputs, through both APIs, and
// the vector width in use. It takes its activations from the registry, so new ones show up by themselves.
using System.Runtime.Intrinsics;
using SimdActivations;

string width = Vector512.IsHardwareAccelerated ? "512-bit" : Vector256.IsHardwareAccelerated ? "256-bit" : Vector128.IsHardwareAccelerated ? "128-bit" : "scalar";
Console.WriteLine($"SimdActivations quickstart — vector width in use: {width} ({Activation.Names.Count} activations registered)");
Console.WriteLine();

// f and f′ of a few well-known activations (the first four of these that are registered), through IActivation.
string[] favourites = ["relu", "gelu", "tanh", "sigmoid", "silu", "hardswish", "hardsigmoid"];
IPointwiseActivation[] shown = favourites
    .Where(name => Activation.Names.Contains(name))
    .Select(name => Activation.Parse(name))
    .OfType<IPointwiseActivation>()
    .Take(4)
    .ToArray();

float[] x = [float.NegativeInfinity, -6f, -3f, -1f, -0.5f, 0f, 0.5f, 1f, 3f, 6f, float.NaN];
var values = shown.Select(_ => new float[x.Length]).ToArray();
var slopes = shown.Select(_ => new float[x.Length]).ToArray();
for (int a = 0; a < shown.Length; a++)
{
    shown[a].Forward<float>(x, values[a]);
    shown[a].Derivative<float>(x, slopes[a]);
}

Console.WriteLine($"{"x",9} |" + string.Concat(shown.Select(a => $" {a.Name,11} {a.Name + "′",11} |")));
for (int i = 0; i < x.Length; i++)
{
    Console.WriteLine($"{x[i],9:G6} |" + string.Concat(shown.Select((_, a) => $" {values[a][i],11:G6} {slopes[a][i],11:G6} |")));
}

// The registry: every activation by its PyTorch name, with parameters, behind IActivation.
Console.WriteLine();
Console.WriteLine($"{"activation",-36} {"max ULP (float f, f')",22}  f(x) for x = -3 .. 3");
float[] sample = [-3f, -1.5f, 0f, 1.5f, 3f];
var output = new float[sample.Length];
foreach (string specification in Activation.Names.Concat(["hardsigmoid(slope=0.2, offset=0.5)", "swish(beta=1.5)"]))
{
    IActivation activation = Activation.Parse(specification);
    if (activation is not IPointwiseActivation)
    {
        continue;
    }

    AccuracyBound bound = Activation.Describe(specification.Split('(')[0]).Accuracy;
    if (activation.OutputLength(sample.Length) != sample.Length)
    {
        Console.WriteLine($"{activation.Name,-36} {bound.SingleForward,10} {bound.SingleDerivative,10}   (changes the length: see its docs)");
        continue;
    }

    activation.Forward<float>(sample, output);
    Console.WriteLine($"{activation.Name,-36} {bound.SingleForward,10} {bound.SingleDerivative,10}   {string.Join("  ", output.Select(v => v.ToString("F4").PadLeft(8)))}");
}

// The static helpers, and backprop through one layer: dx = f'(x)·dy in one fused pass; in place over dy is allowed.
float[] dy = [1f, 1f, 1f, 1f, 1f];
Activations.Sigmoid<float>(sample, output);
Activations.SigmoidBackward<float>(sample, dy, dy);
Console.WriteLine();
Console.WriteLine($"Activations.Sigmoid:                 {string.Join(", ", output.Select(v => v.ToString("F4")))}");
Console.WriteLine($"Activations.SigmoidBackward, dy = 1: {string.Join(", ", dy.Select(v => v.ToString("F4")))}");

// Activations along an axis: softmax over rows (here 2 rows of 3), GLU halves each row, maxout pools k inputs.
float[] logits = [1000f, 1001f, 1002f, -1f, 0f, 1f];
var probabilities = new float[logits.Length];
Activations.Softmax<float>(logits, probabilities, rowLength: 3);
Console.WriteLine($"softmax of [1000, 1001, 1002] and [-1, 0, 1]: {string.Join(", ", probabilities.Select(v => v.ToString("F4")))}");
IActivation glu = Activation.Parse("glu");
var gated = new float[glu.OutputLength(4)];
glu.Forward<float>([1f, 2f, 0f, 10f], gated);
Console.WriteLine($"glu of [1, 2 | 0, 10]: {string.Join(", ", gated.Select(v => v.ToString("F4")))}");
