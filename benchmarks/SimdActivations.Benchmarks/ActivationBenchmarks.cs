using BenchmarkDotNet.Attributes;

namespace SimdActivations.Benchmarks;

/// <summary>
/// Every registered elementwise activation (default parameters), float, 16 Ki elements (L2-resident), forward and
/// fused backward through <see cref="IActivation"/> — new activations are measured without touching this file.
/// The span copy at the same length is in <see cref="SigmoidFamilyBenchmarks{T}"/> (the memory-speed reference).
/// </summary>
public class ActivationBenchmarks
{
    private IPointwiseActivation _activation = null!;
    private Buffer<float> _x;
    private Buffer<float> _dy;
    private Buffer<float> _y;

    /// <summary>Every elementwise activation, or those named in the environment variable <c>ACTIVATIONS</c>
    /// (comma-separated), to re-measure a few without the rest.</summary>
    public static IEnumerable<string> Names =>
        Activation.Names.Where(n => Activation.Parse(n) is IPointwiseActivation && (Selected is null || Selected.Contains(n)));

    private static string[]? Selected => Environment.GetEnvironmentVariable("ACTIVATIONS")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    [ParamsSource(nameof(Names))]
    public string Name { get; set; } = "";

    [Params(16384)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        WidthCheck.Assert();
        _activation = (IPointwiseActivation)Activation.Parse(Name);
        _x = Inputs.Uniform<float>(Length, 1);
        _dy = Inputs.Uniform<float>(Length, 2);
        _y = Inputs.Place<float>(Length, 0);
    }

    [Benchmark]
    public void Forward() => _activation.Forward<float>(_x, _y);

    [Benchmark]
    public void Backward() => _activation.Derivative<float>(_x, _x, _dy, _y);
}
