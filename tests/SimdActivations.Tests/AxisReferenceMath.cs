namespace SimdActivations.Tests;

/// <summary>
/// The axis activations computed plainly in double, row by row: accurate to about 1e−15 relative, enough to check
/// float results to a few ULPs and double results to a tolerance; the ULP-level checks are the mpmath tables'.
/// </summary>
internal static class AxisReferenceMath
{
    /// <summary>The activation name without parameters, and k for maxout.</summary>
    public static (string Function, int K) Parse(string specification)
    {
        int open = specification.IndexOf('(');
        string function = open < 0 ? specification : specification[..open];
        int k = 2;
        if (open >= 0 && specification.Contains("k=", StringComparison.Ordinal))
        {
            string rest = specification[(specification.IndexOf("k=", StringComparison.Ordinal) + 2)..];
            k = int.Parse(new string(rest.TakeWhile(char.IsDigit).ToArray()), System.Globalization.CultureInfo.InvariantCulture);
        }

        return (function, k);
    }

    public static int OutputLength(string specification, int rowLength)
    {
        (string function, int k) = Parse(specification);
        return function switch
        {
            "glu" => rowLength / 2,
            "maxout" => rowLength / k,
            _ => rowLength,
        };
    }

    /// <summary>Whether rows of this length are allowed.</summary>
    public static bool Accepts(string specification, int rowLength)
    {
        (string function, int k) = Parse(specification);
        return rowLength > 0 && function switch
        {
            "glu" => rowLength % 2 == 0,
            "maxout" => rowLength % k == 0,
            _ => true,
        };
    }

    public static double[] Forward(string specification, double[] x)
    {
        (string function, int k) = Parse(specification);
        switch (function)
        {
            case "softmax":
                return Softmax(x);
            case "softmin":
                return Softmax([.. x.Select(v => -v)]);
            case "log_softmax":
            {
                double max = x.Max();
                int top = Array.IndexOf(x, max);
                double rest = x.Where((_, i) => i != top).Sum(v => Math.Exp(v - max));
                double log = Log1p(rest);
                return [.. x.Select(v => v - max - log)];
            }
            case "sparsemax":
            {
                double tau = SparsemaxThreshold(x);
                return [.. x.Select(v => Math.Max(v - tau, 0))];
            }
            case "glu":
            {
                int h = x.Length / 2;
                return [.. Enumerable.Range(0, h).Select(j => x[j] / (1 + Math.Exp(-x[h + j])))];
            }
            case "maxout":
                return [.. Enumerable.Range(0, x.Length / k).Select(j => x.Skip(j * k).Take(k).Max())];
            default:
                throw new ArgumentException(specification);
        }
    }

    /// <summary>J(x)ᵀ·dy and, per element, the largest term summed into it (the scale of its error).</summary>
    public static (double[] Dx, double[] Scale) Backward(string specification, double[] x, double[] dy)
    {
        (string function, int k) = Parse(specification);
        double[] y = Forward(specification, x);
        int n = x.Length;
        double[] dx = new double[n], scale = new double[n];
        switch (function)
        {
            case "softmax":
            case "softmin":
            {
                double sign = function == "softmin" ? -1 : 1;
                double dot = y.Zip(dy, (a, b) => a * b).Sum();
                double magnitude = y.Zip(dy, (a, b) => a * Math.Abs(b)).Sum();
                for (int i = 0; i < n; i++)
                {
                    dx[i] = sign * y[i] * (dy[i] - dot);
                    scale[i] = y[i] * (Math.Abs(dy[i]) + magnitude);
                }

                break;
            }

            case "log_softmax":
            {
                double[] p = Softmax(x);
                double total = dy.Sum(), magnitude = dy.Sum(Math.Abs);
                for (int i = 0; i < n; i++)
                {
                    dx[i] = dy[i] - p[i] * total;
                    scale[i] = Math.Abs(dy[i]) + p[i] * magnitude;
                }

                break;
            }

            case "sparsemax":
            {
                int[] support = [.. Enumerable.Range(0, n).Where(i => y[i] > 0)];
                double mean = support.Average(i => dy[i]), meanAbs = support.Average(i => Math.Abs(dy[i]));
                foreach (int i in support)
                {
                    dx[i] = dy[i] - mean;
                    scale[i] = Math.Abs(dy[i]) + meanAbs;
                }

                break;
            }

            case "glu":
            {
                int h = n / 2;
                for (int j = 0; j < h; j++)
                {
                    double s = 1 / (1 + Math.Exp(-x[h + j])), c = 1 / (1 + Math.Exp(x[h + j]));
                    dx[j] = s * dy[j];
                    dx[h + j] = x[j] * s * c * dy[j];
                    scale[j] = Math.Abs(dx[j]);
                    scale[h + j] = Math.Abs(dx[h + j]);
                }

                break;
            }

            case "maxout":
                for (int j = 0; j < n / k; j++)
                {
                    int best = j * k;
                    for (int t = j * k + 1; t < (j + 1) * k; t++)
                    {
                        if (x[t] > x[best])
                        {
                            best = t;
                        }
                    }

                    dx[best] = dy[j];
                    scale[best] = Math.Abs(dy[j]);
                }

                break;
        }

        return (dx, scale);
    }

    /// <summary>log(1 + x) to about an ULP (.NET's LogP1 is log(1 + x) rounded twice): log u − ((u − 1) − x)/u for
    /// u = 1 + x rounded (Goldberg's correction).</summary>
    private static double Log1p(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) - ((u - 1) - x) / u;
    }

    private static double[] Softmax(double[] x)
    {
        double max = x.Max();
        double[] e = [.. x.Select(v => Math.Exp(v - max))];
        double sum = e.Sum();
        return [.. e.Select(v => v / sum)];
    }

    private static double SparsemaxThreshold(double[] x)
    {
        double[] sorted = [.. x.OrderByDescending(v => v)];
        double cumulative = 0, tau = double.NaN;
        for (int k = 1; k <= sorted.Length; k++)
        {
            cumulative += sorted[k - 1];
            double t = (cumulative - 1) / k;
            if (!(sorted[k - 1] > t))
            {
                break;
            }

            tau = t;
        }

        return tau;
    }
}
