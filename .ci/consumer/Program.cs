// The package as a user consumes it. .ci/run packs SimdActivations into a local folder feed, creates a new console
// project outside the repository (`dotnet new console`), adds the package from that feed by version
// (`dotnet add package`), copies this file in and runs it. Any value off by more than 1e-6 relative → exit code 1.
using System.Reflection;
using SimdActivations;

float[] x = [-3f, -1f, 0f, 1f, 3f];
int failures = 0;

// Expected GELU values: x·Φ(x) from mpmath at 50 digits.
Span<float> span = (float[])x.Clone();
Activations.Gelu(span);
Check("Activations.Gelu(span)", span, [-0.0040496940948902836, -0.15865525393145705, 0.0, 0.84134474606854295, 2.9959503059051097]);

IActivation parsed = Activation.Parse("leaky_relu(negative_slope=0.2)");
var y = new float[x.Length];
parsed.Forward<float>(x, y);
Check($"Activation.Parse(\"leaky_relu(negative_slope=0.2)\").Forward → {parsed.Name}", y, x.Select(v => v >= 0 ? v : 0.2 * v).ToArray());

string version = typeof(Activation).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
Console.WriteLine(failures == 0
    ? $"consumer: SimdActivations {version} from the local feed: all checks passed"
    : $"consumer: SimdActivations {version}: {failures} check(s) failed");
return failures == 0 ? 0 : 1;

void Check(string what, ReadOnlySpan<float> actual, double[] expected)
{
    bool ok = actual.Length == expected.Length;
    for (int i = 0; ok && i < actual.Length; i++)
    {
        ok = Math.Abs(actual[i] - expected[i]) <= 1e-6 * Math.Abs(expected[i]);
    }

    Console.WriteLine($"  {(ok ? "ok  " : "FAIL")} {what}: [{string.Join(", ", actual.ToArray())}] expected [{string.Join(", ", expected.Select(e => (float)e))}]");
    failures += ok ? 0 : 1;
}
