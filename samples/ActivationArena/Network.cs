using System.Numerics;
using System.Runtime.InteropServices;
using SimdActivations;

namespace ActivationArena;

/// <summary>
/// A multilayer perceptron written with nothing but spans: dense layers, and between them the library's activations
/// through <see cref="IActivation.Forward{T}"/> and <see cref="IActivation.Derivative{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>.
/// The output layer gives logits for <see cref="SoftmaxCrossEntropy"/>.
/// </summary>
internal sealed class Mlp
{
    private readonly DenseLayer[] _layers;
    private readonly HiddenActivation[] _activations;
    private readonly float[][] _z;        // pre-activations of each hidden layer, rows × width
    private readonly float[][] _a;        // their activations
    private readonly float[][] _gradient; // dL/da, then dL/dz in place, of each hidden layer
    private readonly float[] _logits;
    private readonly int _capacity;

    /// <param name="widths">Input width, hidden widths, output width.</param>
    /// <param name="activation">The hidden layers' activation (each hidden layer gets its own copy of learnable parameters).</param>
    /// <param name="learnParameters">Train the activation's own parameters (Swish's β, PReLU's α) along with the weights.</param>
    /// <param name="capacity">The largest number of rows passed at once.</param>
    /// <param name="seed">Seeds the weight initialisation: the same seed gives every activation the same starting weights.</param>
    public Mlp(int[] widths, IActivation activation, bool learnParameters, int capacity, int seed)
    {
        var random = new Random(seed);
        _capacity = capacity;
        _layers = new DenseLayer[widths.Length - 1];
        for (int i = 0; i < _layers.Length; i++)
        {
            _layers[i] = new DenseLayer(widths[i], widths[i + 1], random);
        }

        int hidden = widths.Length - 2;
        _activations = new HiddenActivation[hidden];
        _z = new float[hidden][];
        _a = new float[hidden][];
        _gradient = new float[hidden][];
        for (int i = 0; i < hidden; i++)
        {
            _activations[i] = new HiddenActivation(activation, learnParameters);
            _z[i] = new float[capacity * widths[i + 1]];
            _a[i] = new float[capacity * widths[i + 1]];
            _gradient[i] = new float[capacity * widths[i + 1]];
        }

        _logits = new float[capacity * widths[^1]];
    }

    public IReadOnlyList<HiddenActivation> Activations => _activations;

    /// <summary>Runs the network on <paramref name="rows"/> rows of <paramref name="x"/>; keeps what backprop needs.</summary>
    public Span<float> Forward(ReadOnlySpan<float> x, int rows)
    {
        if (rows > _capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), $"At most {_capacity} rows at once.");
        }

        ReadOnlySpan<float> input = x[..(rows * _layers[0].Inputs)];
        for (int i = 0; i < _activations.Length; i++)
        {
            int size = rows * _layers[i].Outputs;
            _layers[i].Forward(input, _z[i].AsSpan(0, size), rows);
            _activations[i].Current.Forward<float>(_z[i].AsSpan(0, size), _a[i].AsSpan(0, size));
            input = _a[i].AsSpan(0, size);
        }

        Span<float> logits = _logits.AsSpan(0, rows * _layers[^1].Outputs);
        _layers[^1].Forward(input, logits, rows);
        return logits;
    }

    /// <summary>Backpropagates dL/dlogits through the last <see cref="Forward"/> and accumulates every gradient.</summary>
    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> logitGradient, int rows)
    {
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            ReadOnlySpan<float> input = i == 0 ? x[..(rows * _layers[0].Inputs)] : _a[i - 1].AsSpan(0, rows * _layers[i].Inputs);
            ReadOnlySpan<float> outputGradient = i == _layers.Length - 1 ? logitGradient : _gradient[i].AsSpan(0, rows * _layers[i].Outputs);
            Span<float> inputGradient = i == 0 ? [] : _gradient[i - 1].AsSpan(0, rows * _layers[i].Inputs);
            _layers[i].Backward(input, outputGradient, inputGradient, rows);
            if (i > 0)
            {
                // dL/da of hidden layer i−1 → dL/dz through the activation's backward pass (in place over dL/da).
                int size = rows * _layers[i].Inputs;
                HiddenActivation activation = _activations[i - 1];
                activation.AccumulateParameterGradient(_z[i - 1].AsSpan(0, size), inputGradient);
                activation.Current.Derivative<float>(_z[i - 1].AsSpan(0, size), _a[i - 1].AsSpan(0, size), inputGradient, inputGradient);
            }
        }
    }

    /// <summary>Counts hidden units whose derivative is exactly zero on every one of the rows last passed forward:
    /// units that no longer learn (a "dead" ReLU, a saturated hard sigmoid).</summary>
    public (int Dead, int Total) CountDeadUnits(int rows)
    {
        int dead = 0;
        int total = 0;
        for (int i = 0; i < _activations.Length; i++)
        {
            int width = _layers[i].Outputs;
            float[] slope = new float[rows * width];
            ((IPointwiseActivation)_activations[i].Current).Derivative<float>(_z[i].AsSpan(0, rows * width), slope);
            for (int unit = 0; unit < width; unit++)
            {
                bool alive = false;
                for (int r = 0; r < rows && !alive; r++)
                {
                    alive = slope[r * width + unit] != 0f;
                }

                dead += alive ? 0 : 1;
            }

            total += width;
        }

        return (dead, total);
    }

    /// <summary>One Adam step on every weight (and on the activations' parameters when they are learned).</summary>
    public void Step(Adam adam)
    {
        adam.BeginStep();
        foreach (DenseLayer layer in _layers)
        {
            layer.Step(adam);
        }

        foreach (HiddenActivation activation in _activations)
        {
            activation.Step(adam);
        }
    }
}

/// <summary>A fully connected layer <c>z = x·W + b</c>, W stored row-major (inputs × outputs) with its transpose.</summary>
internal sealed class DenseLayer
{
    private readonly float[] _weights;
    private readonly float[] _transposed;
    private readonly float[] _bias;
    private readonly float[] _weightGradient;
    private readonly float[] _biasGradient;
    private readonly Adam.Moments _weightMoments;
    private readonly Adam.Moments _biasMoments;

    public DenseLayer(int inputs, int outputs, Random random)
    {
        Inputs = inputs;
        Outputs = outputs;
        _weights = new float[inputs * outputs];
        _transposed = new float[inputs * outputs];
        _bias = new float[outputs];
        _weightGradient = new float[inputs * outputs];
        _biasGradient = new float[outputs];
        _weightMoments = new Adam.Moments(inputs * outputs);
        _biasMoments = new Adam.Moments(outputs);

        // Glorot/Xavier uniform (Glorot and Bengio, 2010), the same for every activation so that only the activation
        // differs between runs.
        double limit = Math.Sqrt(6.0 / (inputs + outputs));
        for (int i = 0; i < _weights.Length; i++)
        {
            _weights[i] = (float)((2 * random.NextDouble() - 1) * limit);
        }

        Transpose();
    }

    public int Inputs { get; }

    public int Outputs { get; }

    public void Forward(ReadOnlySpan<float> x, Span<float> z, int rows)
    {
        for (int r = 0; r < rows; r++)
        {
            Span<float> zRow = z.Slice(r * Outputs, Outputs);
            _bias.CopyTo(zRow);
            ReadOnlySpan<float> xRow = x.Slice(r * Inputs, Inputs);
            for (int k = 0; k < Inputs; k++)
            {
                Blas.Axpy(xRow[k], _weights.AsSpan(k * Outputs, Outputs), zRow);
            }
        }
    }

    /// <summary>Accumulates dL/dW and dL/db over the batch and writes dL/dx (skipped when <paramref name="dx"/> is empty).</summary>
    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dz, Span<float> dx, int rows)
    {
        Array.Clear(_weightGradient);
        Array.Clear(_biasGradient);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> xRow = x.Slice(r * Inputs, Inputs);
            ReadOnlySpan<float> dzRow = dz.Slice(r * Outputs, Outputs);
            for (int k = 0; k < Inputs; k++)
            {
                Blas.Axpy(xRow[k], dzRow, _weightGradient.AsSpan(k * Outputs, Outputs));
            }

            Blas.Axpy(1f, dzRow, _biasGradient);
            if (!dx.IsEmpty)
            {
                Span<float> dxRow = dx.Slice(r * Inputs, Inputs);
                dxRow.Clear();
                for (int j = 0; j < Outputs; j++)
                {
                    Blas.Axpy(dzRow[j], _transposed.AsSpan(j * Inputs, Inputs), dxRow);
                }
            }
        }
    }

    public void Step(Adam adam)
    {
        adam.Update(_weights, _weightGradient, _weightMoments);
        adam.Update(_bias, _biasGradient, _biasMoments);
        Transpose();
    }

    private void Transpose()
    {
        for (int k = 0; k < Inputs; k++)
        {
            for (int j = 0; j < Outputs; j++)
            {
                _transposed[j * Inputs + k] = _weights[k * Outputs + j];
            }
        }
    }
}

/// <summary>A hidden layer's activation; with learning on, its own copy of the activation's parameters, trained by Adam.</summary>
internal sealed class HiddenActivation
{
    private readonly bool _learn;
    private readonly float[] _gradient;
    private readonly Adam.Moments _moments;
    private readonly float[] _values;

    public HiddenActivation(IActivation activation, bool learn)
    {
        Current = activation;
        _learn = learn && activation is ILearnableActivation;
        int count = activation is ILearnableActivation learnable ? learnable.Parameters.Count : 0;
        _gradient = new float[count];
        _values = new float[count];
        _moments = new Adam.Moments(count);
    }

    /// <summary>The activation with the current parameter values.</summary>
    public IActivation Current { get; private set; }

    public bool Learns => _learn;

    public void AccumulateParameterGradient(ReadOnlySpan<float> z, ReadOnlySpan<float> outputGradient)
    {
        if (_learn)
        {
            ((ILearnableActivation)Current).AccumulateParameterGradient(z, outputGradient, _gradient);
        }
    }

    public void Step(Adam adam)
    {
        if (!_learn)
        {
            return;
        }

        var learnable = (ILearnableActivation)Current;
        for (int i = 0; i < _values.Length; i++)
        {
            _values[i] = (float)learnable.Parameters[i];
        }

        adam.Update(_values, _gradient, _moments);
        Array.Clear(_gradient);
        try
        {
            Current = learnable.WithParameters(_values.Select(v => (double)v).ToArray());
        }
        catch (ArgumentOutOfRangeException)
        {
            // The step left the parameter's domain (e.g. |β| > 10⁴): keep the last valid value.
        }
    }
}

/// <summary>Adam (Kingma and Ba, 2015) with bias correction, in float.</summary>
internal sealed class Adam(float learningRate, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
{
    private int _step;
    private float _correction1;
    private float _correction2;

    public void BeginStep()
    {
        _step++;
        _correction1 = 1f - MathF.Pow(beta1, _step);
        _correction2 = 1f - MathF.Pow(beta2, _step);
    }

    public void Update(Span<float> parameters, ReadOnlySpan<float> gradient, Moments moments)
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            float g = gradient[i];
            float m = moments.First[i] = beta1 * moments.First[i] + (1f - beta1) * g;
            float v = moments.Second[i] = beta2 * moments.Second[i] + (1f - beta2) * g * g;
            parameters[i] -= learningRate * (m / _correction1) / (MathF.Sqrt(v / _correction2) + epsilon);
        }
    }

    internal sealed class Moments(int count)
    {
        public float[] First { get; } = new float[count];

        public float[] Second { get; } = new float[count];
    }
}

/// <summary>The one linear-algebra kernel the network needs.</summary>
internal static class Blas
{
    /// <summary><c>y += a·x</c>. Elementwise, so the result does not depend on the vector width: the same seed gives
    /// the same numbers with or without AVX-512.</summary>
    public static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var scale = new Vector<float>(a);
            ReadOnlySpan<Vector<float>> xs = MemoryMarshal.Cast<float, Vector<float>>(x);
            Span<Vector<float>> ys = MemoryMarshal.Cast<float, Vector<float>>(y[..x.Length]);
            for (int v = 0; v < xs.Length; v++)
            {
                ys[v] += scale * xs[v];
            }

            i = xs.Length * Vector<float>.Count;
        }

        for (; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }
}
