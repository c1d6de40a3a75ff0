// The first thing to run: a few activations and their derivatives on a handful of inputs, through both APIs.
using System.Runtime.Intrinsics;
using SimdActivations;

string width = Vector512.IsHardwareAccelerated ? "512-bit" : Vector256.IsHardwareAccelerated ? "256-bit" : Vector128.IsHardwareAccelerated ? "128-bit" : "scalar";
Console.WriteLine($"SimdActivations quickstart — vector width in use: {width}");
Console.WriteLine();

float[] x = [-100f, -6f, -3f, -1f, -0.5f, 0f, 0.5f, 1f, 3f, 6f, float.NegativeInfinity, float.NaN];
var y = new float[x.Length];
var dydx = new float[x.Length];

// Static span helpers: Activations.X(x, destination) and Activations.XDerivative(x, destination).
Console.WriteLine($"{"x",10} | {"sigmoid",12} {"sigmoid'",12} | {"silu",12} {"silu'",12}");
Activations.Sigmoid<float>(x, y);
Activations.SigmoidDerivative<float>(x, dydx);
var silu = new float[x.Length];
var siluPrime = new float[x.Length];
Activations.Silu<float>(x, silu);
Activations.SiluDerivative<float>(x, siluPrime);
for (int i = 0; i < x.Length; i++)
{
    Console.WriteLine($"{x[i],10:G6} | {y[i],12:G6} {dydx[i],12:G6} | {silu[i],12:G6} {siluPrime[i],12:G6}");
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

    activation.Forward<float>(sample, output);
    AccuracyBound bound = Activation.Describe(specification.Split('(')[0]).Accuracy;
    Console.WriteLine($"{activation.Name,-36} {bound.SingleForward,10} {bound.SingleDerivative,10}   {string.Join("  ", output.Select(v => v.ToString("F4").PadLeft(8)))}");
}

// Backprop through one layer: dx = f'(x)·dy, fused in one pass; in place over dy is allowed.
float[] dy = [1f, 1f, 1f, 1f, 1f];
IActivation siluActivation = Activation.Parse("silu");
siluActivation.Forward<float>(sample, output);
siluActivation.Derivative<float>(sample, output, dy, dy);
Console.WriteLine();
Console.WriteLine($"silu backward with dy = 1: {string.Join(", ", dy.Select(v => v.ToString("F4")))}");

// Activations along an axis: softmax over rows (here 2 rows of 3), GLU halves each row, maxout pools k inputs.
float[] logits = [1000f, 1001f, 1002f, -1f, 0f, 1f];
var probabilities = new float[logits.Length];
Activations.Softmax<float>(logits, probabilities, rowLength: 3);
Console.WriteLine($"softmax of [1000, 1001, 1002] and [-1, 0, 1]: {string.Join(", ", probabilities.Select(v => v.ToString("F4")))}");
IActivation glu = Activation.Parse("glu");
var gated = new float[glu.OutputLength(4)];
glu.Forward<float>([1f, 2f, 0f, 10f], gated);
Console.WriteLine($"glu of [1, 2 | 0, 10]: {string.Join(", ", gated.Select(v => v.ToString("F4")))}");
